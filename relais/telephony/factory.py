"""Picks the telephony adapter named by the settings."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from relais.config import Settings, TelephonyBackend
from relais.telephony.console import ConsoleTelephony
from relais.telephony.port import Telephony


def make_telephony(settings: Settings, sessions: sessionmaker[Session]) -> Telephony:
    if settings.telephony is TelephonyBackend.CONSOLE:
        return ConsoleTelephony(sessions, settings.telephony_from_number)
    from relais.telephony.twilio_adapter import TwilioTelephony

    return TwilioTelephony(
        settings.twilio_account_sid,
        settings.twilio_auth_token.get_secret_value(),
        settings.telephony_from_number,
    )
