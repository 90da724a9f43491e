"""Scheduled jobs (APScheduler): check-in calls of follow-ups. See README.md."""
