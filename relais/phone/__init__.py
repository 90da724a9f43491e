"""The phone channels (SMS and voice) as plain functions: numbers, SMS text rules, opt-out,
rate limits, the voice dialogue. `api/channels/twilio/` adapts Twilio's webhooks to them."""
