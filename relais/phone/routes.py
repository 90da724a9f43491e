"""Where Twilio reaches Relais: the webhook paths, declared once. The API mounts its routes
on them, the core builds the callback URLs it gives Twilio from them (a placed call, an SMS's
status callback), and the phone simulator posts to them."""

from __future__ import annotations

SMS = "/twilio/sms"
SMS_STATUS = f"{SMS}/status"
VOICE = "/twilio/voice"
VOICE_TURN = f"{VOICE}/turn"
VOICE_DIAL = f"{VOICE}/dial"
VOICE_RECORDING = f"{VOICE}/recording"
VOICE_STATUS = f"{VOICE}/status"
