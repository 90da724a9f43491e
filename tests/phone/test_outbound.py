"""What goes out by SMS: one SMS per answered message, choices as words, STOP respected, the
REST request the Twilio SDK makes, delivery status (real database, no assistant needed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Channel
from relais.config import Settings
from relais.consent.models import ConsentDecision, ConsentScope
from relais.consent.service import latest_decision
from relais.conversation.assistant import Reply
from relais.conversation.models import Conversation, InboxMessage, InboxStatus, OutboundMessage
from relais.conversation.service import fresh_claim, process_conversation
from relais.db import utcnow
from relais.phone import outbound, sms
from relais.phone.models import SmsDelivery
from relais.tasks.models import StaffTask, TaskKind
from relais.telephony.twilio_adapter import TwilioTelephony
from tests.telephony.recording_http import RecordingHttpClient

NUMBER = "+33612345678"


def _text(
    session: Session, settings: Settings, body: str, sender: str | None = NUMBER
) -> sms.Received:
    return sms.receive(
        session, settings, sms.Inbound(sms.idempotency_key(body + str(sender))[4:], sender, body)
    )


def _reply(session: Session, received: sms.Received, text: str, **extra: object) -> OutboundMessage:
    reply = OutboundMessage(
        conversation_id=received.conversation_id,
        in_reply_to_id=received.message_id,
        text=text,
        buttons=extra.get("buttons", []),
        custom=extra.get("custom"),
    )
    session.add(reply)
    session.commit()
    return reply


def test_replies_to_one_message_go_in_one_sms_with_choices_as_words(
    session: Session, settings: Settings
) -> None:
    received = _text(session, settings, "bonjour")
    assert received.to_assistant
    buttons = [{"title": "Oui", "payload": "/affirm"}, {"title": "Non", "payload": "/deny"}]
    replies = [
        _reply(session, received, "Merci, c’est noté."),
        _reply(session, received, "Pensez-vous qu'elle est en danger ?", buttons=buttons),
        _reply(session, received, "", custom={"relais_action": "handoff_to_human"}),
    ]
    (planned,) = outbound.plan(session, received.conversation_id, replies)
    assert (
        planned.encoded.text
        == "Merci, c'est noté.\nPensez-vous qu'elle est en danger ?\n(Oui / Non)"
    )
    assert (planned.encoded.encoding, planned.encoded.segments, planned.blocked) == (
        "GSM-7",
        1,
        None,
    )


def test_a_reply_with_only_channel_instructions_sends_nothing(
    session: Session, settings: Settings
) -> None:
    received = _text(session, settings, "je veux parler à quelqu'un")
    reply = _reply(session, received, "", custom={"relais_action": "handoff_to_human"})
    assert outbound.plan(session, received.conversation_id, [reply]) == []


def test_after_stop_earlier_messages_are_never_answered_later_ones_are(
    session: Session, settings: Settings
) -> None:
    before = _text(session, settings, "bonjour")
    stop = _text(session, settings, "Stop")
    assert not stop.to_assistant
    assert stop.said
    # Like an opt-out on any channel: staff get a task to stop follow-ups and campaigns.
    tasks = list(session.scalars(select(StaffTask)))
    assert [(t.kind, t.channel, t.conversation_id) for t in tasks] == [
        (TaskKind.OPT_OUT, Channel.SMS, stop.conversation_id)
    ]
    after = _text(session, settings, "finalement je voudrais signaler ma voisine")
    assert after.to_assistant
    late = _reply(session, before, "Dans quelle commune ?")
    answer = _reply(session, after, "Dans quelle commune ?")
    blocked, allowed = outbound.plan(session, before.conversation_id, [late, answer])
    assert (blocked.in_reply_to_id, blocked.blocked) == (before.message_id, "opted out")
    assert (allowed.in_reply_to_id, allowed.blocked) == (after.message_id, None)


def test_a_withheld_sender_is_stored_and_its_replies_go_nowhere(
    session: Session, settings: Settings
) -> None:
    received = _text(session, settings, "ma voisine ne sort plus", sender=None)
    assert received.to_assistant  # the safety net and the assistant still read it
    reply = _reply(session, received, "Dans quelle commune ?")
    (planned,) = outbound.plan(session, received.conversation_id, [reply])
    assert planned.blocked == "no number"


def test_rest_delivery_is_the_exact_twilio_request_and_its_status_is_kept(
    session: Session, settings: Settings
) -> None:
    received = _text(session, settings, "bonjour")
    reply = _reply(session, received, "Êtes-vous sûr ? Répondez « oui » ou « non »…")
    http = RecordingHttpClient()
    twilio = TwilioTelephony("AC" + "1" * 32, "token", "+33555000099", http_client=http)
    assert outbound.send_by_rest(session, twilio, settings, received.conversation_id, [reply]) == 1
    (request,) = http.requests
    assert request.url.endswith("/Messages.json")
    assert request.data["To"] == NUMBER
    assert request.data["Body"] == 'Etes-vous sur ? Répondez " oui " ou " non "...'
    delivery = session.scalars(select(SmsDelivery)).one()
    assert (
        request.data["StatusCallback"]
        == f"{settings.public_base_url}/twilio/sms/status?delivery={delivery.id}"
    )
    assert (delivery.via, delivery.status, delivery.segments) == ("rest", "queued", 1)
    assert delivery.provider_sid == "SM" + "0" * 32
    outbound.update_status(
        session, delivery_id=None, provider_sid="SM" + "0" * 32, status="failed", error_code="30006"
    )
    session.commit()
    assert outbound.failed_deliveries(session) == [delivery]


def test_a_refused_sms_is_a_visible_failure(session: Session, settings: Settings) -> None:
    received = _text(session, settings, "bonjour")
    reply = _reply(session, received, "Dans quelle commune ?")
    twilio = TwilioTelephony(
        "AC" + "1" * 32, "t", "+33555000099", RecordingHttpClient(status_code=400)
    )
    assert outbound.send_by_rest(session, twilio, settings, received.conversation_id, [reply]) == 0
    (failed,) = outbound.failed_deliveries(session)
    assert (failed.status, failed.error_code) == ("failed", "send-error")


def test_rate_limit_counts_every_conversation_of_the_number(
    session: Session, settings: Settings
) -> None:
    limited = settings.model_copy(update={"sms_rate_limit_messages": 2})
    outcomes = [_text(session, limited, f"message {n}") for n in range(5)]
    assert [o.to_assistant for o in outcomes] == [True, True, False, False, False]
    assert [len(o.said) for o in outcomes] == [0, 0, 1, 0, 0]
    statuses = [session.get_one(InboxMessage, o.message_id).status for o in outcomes]
    assert statuses[2:] == [InboxStatus.UNANSWERED] * 3


def test_one_conversation_per_number_until_a_day_of_silence(
    session: Session, settings: Settings
) -> None:
    first = _text(session, settings, "un")
    second = _text(session, settings, "deux")
    assert first.conversation_id == second.conversation_id
    conversation = session.get_one(Conversation, first.conversation_id)
    conversation.last_activity_at -= timedelta(hours=24, minutes=1)
    session.commit()
    third = _text(session, settings, "trois")
    assert third.conversation_id != first.conversation_id


def test_a_stop_in_a_flood_is_recorded_without_confirmation(
    session: Session, settings: Settings
) -> None:
    limited = settings.model_copy(update={"sms_rate_limit_messages": 1})
    first = _text(session, limited, "bonjour")
    notice = _text(session, limited, "bonjour ?")
    stop = _text(session, limited, "STOP")
    assert first.to_assistant
    assert len(notice.said) == 1
    assert not stop.to_assistant
    assert stop.said == ()
    assert (
        latest_decision(session, phone=NUMBER, scope=ConsentScope.SMS) is ConsentDecision.WITHDRAWN
    )


def test_a_message_arriving_while_another_waits_is_answered_after_it_exactly_once(
    session: Session, settings: Settings, sessions: sessionmaker[Session]
) -> None:
    first = _text(session, settings, "un")
    second = _text(session, settings, "deux")
    # The first is stored claimed (nothing waited before it); the second queues behind it.
    assert first.claimed
    assert not second.claimed
    assert session.get_one(InboxMessage, second.message_id).status is InboxStatus.QUEUED
    assistant = EchoAssistant()
    # The second message's own processing finds the first still in progress: it leaves it.
    assert process_conversation(sessions, assistant, second.conversation_id).replies == []
    processed = process_conversation(
        sessions, assistant, first.conversation_id, claimed_id=first.message_id
    )
    assert assistant.seen == ["un", "deux"]
    assert [r.text for r in processed.replies] == ["reçu : un", "reçu : deux"]
    session.expire_all()
    for received in (first, second):
        message = session.get_one(InboxMessage, received.message_id)
        assert (message.status, message.attempts) == (InboxStatus.PROCESSED, 1)


def test_a_claim_older_than_half_the_stale_delay_is_not_taken_over(
    session: Session, settings: Settings
) -> None:
    received = _text(session, settings, "un")
    assert received.claimed
    claimed_at = session.get_one(InboxMessage, received.message_id).claimed_at
    stale = timedelta(seconds=settings.inbox_stale_processing_seconds)
    assert fresh_claim(claimed_at, stale)
    assert not fresh_claim(utcnow() - stale / 2 - timedelta(seconds=1), stale)


class EchoAssistant:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def send(self, conversation_id: str, text: str, metadata: Mapping[str, Any]) -> list[Reply]:
        self.seen.append(text)
        return [Reply(f"reçu : {text}")]

    def trigger(
        self, conversation_id: str, intent: str, entities: Mapping[str, Any]
    ) -> list[Reply]:
        return []

    def replies_already_given(self, conversation_id: str, message_key: str) -> list[Reply] | None:
        return None

    def health(self) -> dict[str, bool]:
        return {"rasa": True, "action_server": True}
