"""Scheduled jobs (APScheduler): check-in calls, campaigns, retention. See README.md."""
