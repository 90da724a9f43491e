"""A caller as Twilio plays it: signed webhooks to the voice endpoints, TwiML read back.

Works over any HTTP client (the ASGI TestClient or httpx against the running stack): it posts
to the URLs found in the TwiML, signed over the public URL exactly as Twilio signs.
"""

from __future__ import annotations

import secrets
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from relais.config import Settings
from relais.phone.signature import public_url, sign

ACCOUNT = "AC" + "0" * 32


class Poster(Protocol):
    def post(self, url: str, **kwargs: Any) -> Any: ...


@dataclass
class Twiml:
    xml: str
    root: ET.Element = field(init=False)

    def __post_init__(self) -> None:
        self.root = ET.fromstring(self.xml)  # noqa: S314 - our own TwiML

    @property
    def said(self) -> str:
        return " ".join(el.text or "" for el in self.root.iter("Say"))

    @property
    def voices(self) -> set[str]:
        return {el.get("voice", "") for el in self.root.iter("Say")}

    def one(self, verb: str) -> ET.Element | None:
        return next(self.root.iter(verb), None)

    @property
    def gather(self) -> ET.Element | None:
        return self.one("Gather")

    @property
    def hints(self) -> list[str]:
        gather = self.gather
        assert gather is not None
        return [h.strip() for h in gather.get("hints", "").split(",") if h.strip()]

    @property
    def dialled(self) -> str | None:
        number = self.one("Number")
        return None if number is None else (number.text or "").strip()

    @property
    def records(self) -> bool:
        return self.one("Record") is not None

    @property
    def hangs_up(self) -> bool:
        return self.one("Hangup") is not None

    @property
    def redirect(self) -> str | None:
        redirect = self.one("Redirect")
        return None if redirect is None else (redirect.text or "").strip()

    @property
    def action(self) -> str:
        for verb in ("Gather", "Dial", "Record"):
            element = self.one(verb)
            if element is not None:
                return element.get("action", "")
        raise AssertionError(f"no action in {self.xml}")


MAX_WAITS = 6


class Caller:
    def __init__(self, client: Poster, settings: Settings, number: str = "+33555123456") -> None:
        self.client = client
        self.settings = settings
        self.number = number
        self.call_sid = "CA" + secrets.token_hex(16)
        self.last: Twiml | None = None

    def post(self, url: str, fields: dict[str, str], *, forged: bool = False) -> Any:
        """POSTs the signed form to an absolute public URL (or a path)."""
        if url.startswith("/"):
            url = public_url(self.settings, url)
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        form = {"CallSid": self.call_sid, "AccountSid": ACCOUNT} | fields
        signature = sign(self.settings, url, form)
        if forged:
            signature = signature[::-1]
        return self.client.post(path, data=form, headers={"X-Twilio-Signature": signature})

    def _twiml(self, url: str, fields: dict[str, str]) -> Twiml:
        response = self.post(url, fields)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/xml")
        self.last = Twiml(response.text)
        return self.last

    def dial_in(
        self, url: str = "/twilio/voice", direction: str = "inbound", **extra: str
    ) -> Twiml:
        fields = {
            "From": self.number,
            "To": self.settings.telephony_from_number,
            "CallStatus": "ringing",
            "Direction": direction,
        }
        if direction != "inbound":
            fields["From"], fields["To"] = fields["To"], self.number
        return self._twiml(url, fields | extra)

    def say(self, text: str, confidence: str = "0.9", follow: bool = True) -> Twiml:
        fields = {"SpeechResult": text, "Confidence": confidence}
        return self._answered(self._twiml(self._gather_action(), fields), follow)

    def press(self, digits: str) -> Twiml:
        return self._answered(self._twiml(self._gather_action(), {"Digits": digits}), True)

    def stay_silent(self) -> Twiml:
        return self._answered(self._twiml(self._gather_action(), {}), True)

    def _answered(self, twiml: Twiml, follow: bool) -> Twiml:
        """Past the answer budget Relais says a holding phrase and asks Twilio to come back
        (`wait=`): like Twilio, the caller follows until the answer (a busy test machine may
        take longer than the tests' short budget). `follow=False` keeps the holding phrase."""
        for _ in range(MAX_WAITS):
            if not follow or twiml.gather is not None or "wait=" not in (twiml.redirect or ""):
                break
            twiml = self.follow_redirect()
        return twiml

    def follow_redirect(self) -> Twiml:
        assert self.last is not None
        assert self.last.redirect, "no redirect to follow"
        return self._twiml(self.last.redirect, {})

    def dial_ends(self, status: str) -> Twiml:
        assert self.last is not None
        return self._twiml(self.last.action, {"DialCallStatus": status})

    def records_message(self, url: str, seconds: int) -> Twiml:
        assert self.last is not None
        assert self.last.records
        fields = {"RecordingUrl": url, "RecordingDuration": str(seconds), "RecordingSid": "RE1"}
        return self._twiml(self.last.action, fields)

    def hang_up(self, status: str = "completed", duration: int = 42, url: str = "") -> Any:
        fields = {"CallStatus": status, "CallDuration": str(duration)}
        return self.post(url or "/twilio/voice/status", fields)

    def _gather_action(self) -> str:
        assert self.last is not None
        assert self.last.gather is not None, "not listening"
        return self.last.action
