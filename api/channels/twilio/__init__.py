"""Twilio's webhooks (SMS and voice): one module per channel type, a shared signature check."""
