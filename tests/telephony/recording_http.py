"""A twilio HttpClient that records the exact REST requests and answers like Twilio would.

The SDK runs for real (URL building, parameters, auth, response parsing); only the network is
replaced, since Twilio is out of reach from tests.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from twilio.http import HttpClient
from twilio.http.response import Response


@dataclass
class RecordedRequest:
    method: str
    url: str
    params: dict[str, Any]
    data: dict[str, Any]
    auth: tuple[str, str] | None


@dataclass
class RecordingHttpClient(HttpClient):  # type: ignore[misc]
    requests: list[RecordedRequest] = field(default_factory=list)
    status_code: int = 201
    call_status: str = "in-progress"

    def __post_init__(self) -> None:
        super().__init__(logger=None, is_async=False)

    def request(
        self,
        method: str,
        url: str,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        self.requests.append(
            RecordedRequest(method, url, dict(params or {}), dict(data or {}), auth)
        )
        if self.status_code >= 400:
            body = {"code": 21211, "message": "Invalid 'To' Phone Number", "status": 400}
            return Response(self.status_code, json.dumps(body))
        sid = ("SM" if "/Messages" in url else "CA") + "0" * 32
        payload = {
            "sid": sid,
            "status": self.call_status if "/Calls" in url else "queued",
            "duration": "42" if "/Calls" in url else None,
            "to": (data or {}).get("To"),
        }
        return Response(self.status_code if method == "POST" else 200, json.dumps(payload))
