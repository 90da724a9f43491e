from __future__ import annotations

import pytest
from sqlalchemy.orm import Session, sessionmaker

from relais.telephony.console import ConsoleTelephony, recorded
from relais.telephony.port import TelephonyError
from relais.telephony.twilio_adapter import TwilioTelephony
from tests.telephony.recording_http import RecordingHttpClient

ACCOUNT = "AC" + "1" * 32
FROM = "+33555000099"


def twilio(http: RecordingHttpClient) -> TwilioTelephony:
    return TwilioTelephony(ACCOUNT, "secret-token", FROM, http_client=http)


def test_twilio_sms_is_the_exact_rest_request() -> None:
    http = RecordingHttpClient()
    sent = twilio(http).send_sms(
        "+33612345678", "La situation a été prise en charge.", "https://relais.example/s"
    )
    [request] = http.requests
    assert request.method == "POST"
    assert request.url == f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert request.data == {
        "To": "+33612345678",
        "From": FROM,
        "Body": "La situation a été prise en charge.",
        "StatusCallback": "https://relais.example/s",
    }
    assert request.auth == (ACCOUNT, "secret-token")
    assert sent.sid.startswith("SM")


def test_twilio_call_hang_up_and_lookup() -> None:
    http = RecordingHttpClient()
    telephony = twilio(http)
    call = telephony.place_call("+33555123456", "https://relais.example/twilio/voice/checkin")
    telephony.hang_up(call.sid)
    info = telephony.get_call(call.sid)

    create, hang_up, fetch = http.requests
    assert create.url.endswith(f"/Accounts/{ACCOUNT}/Calls.json")
    assert create.data["Url"] == "https://relais.example/twilio/voice/checkin"
    assert create.data["From"] == FROM
    assert hang_up.url.endswith(f"/Calls/{call.sid}.json")
    assert hang_up.data == {"Status": "completed"}
    assert fetch.method == "GET"
    assert info.status == "in-progress"
    assert info.duration_seconds == 42


def test_a_twilio_refusal_is_a_telephony_error_without_the_number() -> None:
    http = RecordingHttpClient(status_code=400)
    with pytest.raises(TelephonyError) as raised:
        twilio(http).send_sms("+33612345678", "x")
    assert "+336" not in str(raised.value)


def test_console_records_instead_of_sending(
    sessions: sessionmaker[Session], session: Session
) -> None:
    telephony = ConsoleTelephony(sessions, FROM)
    telephony.send_sms("+33612345678", "Bonjour")
    call = telephony.place_call("+33555123456", "http://127.0.0.1:8000/twilio/voice")
    assert telephony.get_call(call.sid).status == "queued"
    telephony.hang_up(call.sid)
    assert telephony.get_call(call.sid).status == "completed"

    [sms] = recorded(session, kind="sms")
    assert (sms.to, sms.body, sms.from_number) == ("+33612345678", "Bonjour", FROM)
    assert [r.kind for r in recorded(session, to="+33555123456")] == ["call"]
    with pytest.raises(TelephonyError):
        telephony.hang_up("CAunknown")
