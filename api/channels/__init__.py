"""Inbound channels, one module or folder per channel type (web chat, Twilio SMS, Twilio voice)."""
