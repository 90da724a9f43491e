"""A phone that texts Relais as Twilio does: signed form posts to `POST /twilio/sms`."""

from __future__ import annotations

import itertools
import secrets
from xml.etree import ElementTree

import httpx

from relais.config import Settings
from relais.phone.signature import public_url, sign

RELAIS_NUMBER = "+33555000099"
_sids = itertools.count(1)


def new_sid() -> str:
    return f"SM{secrets.token_hex(12)}{next(_sids):08d}"


def messages(twiml: str) -> list[str]:
    """The SMS bodies of a TwiML answer."""
    root = ElementTree.fromstring(twiml)  # noqa: S314 - our own answer
    assert root.tag == "Response", twiml
    return [message.text or "" for message in root.iter("Message")]


def signed_post(
    client: httpx.Client, settings: Settings, path: str, params: dict[str, str], query: str = ""
) -> httpx.Response:
    signature = sign(settings, public_url(settings, path, query), params)
    url = f"{path}?{query}" if query else path
    return client.post(url, data=params, headers={"X-Twilio-Signature": signature})


class Phone:
    """One sender; `text` returns the webhook's response, `say` the SMS it answered with."""

    def __init__(self, client: httpx.Client, settings: Settings, number: str) -> None:
        self.client = client
        self.settings = settings
        self.number = number

    def form(self, body: str, sid: str | None = None) -> dict[str, str]:
        return {
            "MessageSid": sid or new_sid(),
            "AccountSid": "AC" + "0" * 32,
            "From": self.number,
            "To": RELAIS_NUMBER,
            "Body": body,
            "NumMedia": "0",
        }

    def text(self, body: str, sid: str | None = None) -> httpx.Response:
        response = signed_post(self.client, self.settings, "/twilio/sms", self.form(body, sid))
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/xml")
        return response

    def say(self, body: str) -> str:
        return "\n".join(messages(self.text(body).text))
