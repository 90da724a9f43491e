"""The simulator's side of Twilio: webhooks built like Twilio's, signed, posted over real HTTP.

The simulator never calls Relais's code directly: it posts to the API's own `/twilio/...`
endpoints, signed with `relais.phone.signature`, so the same checks run as for Twilio.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode

import httpx
import phonenumbers

from relais.config import Settings
from relais.phone import signature
from relais.phone.numbers import is_french, normalise

API_VERSION = "2010-04-01"
TIMEOUT_SECONDS = 30.0


class RelayError(Exception):
    """Relais answered a webhook with an error (the message is shown on the page)."""


def sid(prefix: str) -> str:
    """A Twilio-like identifier: two letters and 32 hexadecimal digits."""
    return prefix + secrets.token_hex(16)


def account_sid(settings: Settings) -> str:
    if settings.twilio_account_sid:
        return settings.twilio_account_sid
    digest = hashlib.sha256(settings.secret_key.get_secret_value().encode()).hexdigest()
    return "AC" + digest[:32]


def to_e164(typed: str) -> str:
    """The number as Twilio would send it (E.164); what cannot be read is sent as typed, so
    the simulator can also exercise invalid or withheld senders."""
    return normalise(typed) or typed.strip()


def readable(number: str) -> str:
    """A number for the page: national format for France and overseas, international otherwise."""
    e164 = normalise(number)
    if e164 is None:
        return number
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if is_french(e164)
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(phonenumbers.parse(e164), style)


class Relay:
    """Posts signed webhooks to the API that serves the simulator."""

    def __init__(self, settings: Settings, internal_base: str) -> None:
        self.settings = settings
        self._public_base = settings.public_base_url.rstrip("/")
        self._internal_base = internal_base.rstrip("/")

    def public(self, path: str) -> str:
        return signature.public_url(self.settings, path)

    def _internal(self, url: str) -> str:
        if not url.startswith(self._public_base + "/"):
            raise RelayError(f"Adresse hors de Relais, non appelée par le simulateur : {url}")
        return self._internal_base + url[len(self._public_base) :]

    async def send(self, url: str, params: Mapping[str, str], method: str = "POST") -> str:
        """Posts the webhook as Twilio would; returns the TwiML answered."""
        signed_params: Mapping[str, str] = params
        if method == "GET":
            url = f"{url}{'&' if '?' in url else '?'}{urlencode(dict(params))}"
            signed_params = {}
        headers = {"X-Twilio-Signature": signature.sign(self.settings, url, signed_params)}
        body = dict(params) if method != "GET" else None
        try:
            async with httpx.AsyncClient(timeout=TIMEOUT_SECONDS) as client:
                response = await client.request(
                    method, self._internal(url), data=body, headers=headers
                )
        except httpx.HTTPError as error:
            raise RelayError(f"Relais n'a pas répondu ({type(error).__name__}).") from error
        if response.status_code >= 400:
            raise RelayError(f"Relais a répondu HTTP {response.status_code} : {_detail(response)}")
        return response.text


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return str(detail or response.text[:200] or response.reason_phrase)
