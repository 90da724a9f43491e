"""Twilio's webhook signatures: who may post to the phone endpoints.

Twilio signs each webhook with the account's auth token over the public URL it called and the
form fields. With the console adapter (the embedded default) there is no Twilio account: the
phone simulator and the tests sign with a token derived from the secret key instead, so the
same check runs whichever adapter is in use.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping

from twilio.request_validator import RequestValidator

from relais.config import Settings, TelephonyBackend


def signing_token(settings: Settings) -> str:
    if settings.telephony is TelephonyBackend.TWILIO:
        return settings.twilio_auth_token.get_secret_value()
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, b"relais-console-webhooks", hashlib.sha256).hexdigest()


def public_url(settings: Settings, path: str, query: str = "") -> str:
    """The URL Twilio called, as Twilio saw it (behind a reverse proxy, not as we received it)."""
    url = settings.public_base_url.rstrip("/") + path
    return f"{url}?{query}" if query else url


def sign(settings: Settings, url: str, params: Mapping[str, str]) -> str:
    return str(RequestValidator(signing_token(settings)).compute_signature(url, dict(params)))


def is_valid(settings: Settings, url: str, params: Mapping[str, str], signature: str) -> bool:
    if not signature:
        return False
    return bool(RequestValidator(signing_token(settings)).validate(url, dict(params), signature))
