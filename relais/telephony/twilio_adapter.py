"""Twilio through its official SDK. Credentials come from the settings (the environment)."""

from __future__ import annotations

import logging
from datetime import datetime

from twilio.base import values
from twilio.base.exceptions import TwilioException
from twilio.http import HttpClient
from twilio.rest import Client

from relais.telephony.port import CallInfo, PlacedCall, SentSms, TelephonyError

# The SDK logs request parameters (numbers, message bodies) at INFO: never let them through.
logging.getLogger("twilio.http_client").setLevel(logging.WARNING)


FIND_LIMIT = 20


class TwilioTelephony:
    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        http_client: HttpClient | None = None,
    ) -> None:
        self._client = Client(account_sid, auth_token, http_client=http_client)
        self._from = from_number

    def send_sms(self, to: str, body: str, status_callback: str | None = None) -> SentSms:
        try:
            message = self._client.messages.create(
                to=to, from_=self._from, body=body, status_callback=status_callback
            )
        except TwilioException as error:
            raise TelephonyError(f"Twilio refused the SMS: {type(error).__name__}") from error
        return SentSms(sid=str(message.sid), to=to)

    def place_call(
        self,
        to: str,
        url: str,
        status_callback: str | None = None,
        detect_machine: bool = False,
    ) -> PlacedCall:
        try:
            call = self._client.calls.create(
                to=to,
                from_=self._from,
                url=url,
                machine_detection="Enable" if detect_machine else values.unset,
                status_callback=status_callback,
                status_callback_event=["initiated", "ringing", "answered", "completed"]
                if status_callback
                else None,
            )
        except TwilioException as error:
            raise TelephonyError(f"Twilio refused the call: {type(error).__name__}") from error
        return PlacedCall(sid=str(call.sid), to=to)

    def hang_up(self, call_sid: str) -> None:
        try:
            self._client.calls(call_sid).update(status="completed")
        except TwilioException as error:
            raise TelephonyError(f"Twilio could not hang up: {type(error).__name__}") from error

    def get_call(self, call_sid: str) -> CallInfo:
        try:
            call = self._client.calls(call_sid).fetch()
        except TwilioException as error:
            raise TelephonyError(f"Twilio call lookup failed: {type(error).__name__}") from error
        duration = int(call.duration) if call.duration else None
        return CallInfo(sid=call_sid, status=str(call.status), duration_seconds=duration)

    def find_call(self, to: str, since: datetime) -> CallInfo | None:
        # Twilio filters by day (UTC) and lists the newest first; the time is checked here.
        try:
            calls = self._client.calls.list(to=to, start_time_after=since, limit=FIND_LIMIT)
        except TwilioException as error:
            raise TelephonyError(f"Twilio call search failed: {type(error).__name__}") from error
        call = next((c for c in calls if c.date_created and c.date_created >= since), None)
        if call is None:
            return None
        duration = int(call.duration) if call.duration else None
        return CallInfo(sid=str(call.sid), status=str(call.status), duration_seconds=duration)
