"""The inbox never loses a message and answers each conversation in order, exactly once.

The assistant here is a scripted stand-in for Rasa (an outside system); the real Rasa server
is exercised in tests/integration.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Case, CaseStatus, Channel, IsolationLevel
from relais.conversation import service
from relais.conversation.answering import Answerer
from relais.conversation.assistant import AssistantUnavailable, Reply
from relais.conversation.models import InboxMessage, InboxStatus
from relais.safety.screen import SafetyScreener
from relais.seed.demo import DemoSeed


class ScriptedAssistant:
    def __init__(self) -> None:
        self.up = True
        self.seen: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def send(self, conversation_id: str, text: str, metadata: Mapping[str, Any]) -> list[Reply]:
        if not self.up:
            raise AssistantUnavailable("down for the test")
        with self.lock:
            self.seen.append((conversation_id, text, str(metadata["relais_message_key"])))
        return [Reply(text=f"reçu : {text}")]

    def trigger(
        self, conversation_id: str, intent: str, entities: Mapping[str, Any]
    ) -> list[Reply]:
        if not self.up:
            raise AssistantUnavailable("down for the test")
        with self.lock:
            self.seen.append((conversation_id, intent, str(dict(entities))))
        return [Reply(text=f"suite après {intent}")]

    def replies_already_given(self, conversation_id: str, message_key: str) -> list[Reply] | None:
        if not self.up:
            raise AssistantUnavailable("down for the test")
        return None

    def health(self) -> dict[str, bool]:
        return {"rasa": self.up, "action_server": self.up}


@pytest.fixture
def conversation_id(session: Session, demo: DemoSeed) -> str:
    conversation = service.start_conversation(session, demo.territory.id, Channel.WEB)
    session.commit()
    return conversation.id


def _accept(session: Session, conversation_id: str, text: str, key: str) -> service.Accepted:
    conversation = service.get_conversation(session, conversation_id)
    return service.accept_message(session, conversation, text, key)


def test_a_repeated_key_is_stored_once(session: Session, conversation_id: str) -> None:
    first = _accept(session, conversation_id, "bonjour", "k1")
    again = _accept(session, conversation_id, "bonjour", "k1")
    assert first.created
    assert not again.created
    assert again.message.id == first.message.id
    assert len(session.scalars(select(InboxMessage)).all()) == 1


@pytest.mark.parametrize("text", ["", "   ", "x" * 2001])
def test_empty_or_too_long_text_is_refused_in_french(text: str) -> None:
    with pytest.raises(service.InvalidMessage, match="message"):
        service.clean_text(text, 2000)


def test_messages_wait_while_the_assistant_is_down_then_go_in_order(
    session: Session, sessions: sessionmaker[Session], conversation_id: str
) -> None:
    assistant = ScriptedAssistant()
    assistant.up = False
    for n in range(3):
        _accept(session, conversation_id, f"message {n}", f"k{n}")
        processed = service.process_conversation(sessions, assistant, conversation_id)
        assert processed.unavailable
        assert processed.replies == []

    statuses = session.scalars(select(InboxMessage.status)).all()
    assert statuses == [InboxStatus.QUEUED] * 3

    assistant.up = True
    delivered: list[str] = []
    answerer = Answerer(
        sessions,
        assistant,
        None,
        stale_after=timedelta(minutes=5),
        late={
            Channel.WEB: lambda _s, _cid, processed: delivered.extend(
                r.text for r in processed.replies
            )
        },
    )
    answered = answerer.retry_waiting(timedelta(0))
    answerer.close()
    assert answered == 3
    assert [text for _, text, _ in assistant.seen] == ["message 0", "message 1", "message 2"]
    assert delivered == ["reçu : message 0", "reçu : message 1", "reçu : message 2"]
    session.expire_all()
    assert set(session.scalars(select(InboxMessage.status))) == {InboxStatus.PROCESSED}


def test_concurrent_workers_process_each_message_exactly_once(
    session: Session, sessions: sessionmaker[Session], demo: DemoSeed
) -> None:
    assistant = ScriptedAssistant()
    ids = []
    for c in range(4):
        conversation = service.start_conversation(session, demo.territory.id, Channel.SMS)
        session.commit()
        ids.append(conversation.id)
        for n in range(10):
            _accept(session, conversation.id, f"{c}-{n}", f"{c}-{n}")

    def work() -> None:
        for conversation_id in ids:
            service.process_conversation(sessions, assistant, conversation_id)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    keys = [key for _, _, key in assistant.seen]
    assert len(keys) == len(set(keys)) == 40
    for c, conversation_id in enumerate(ids):
        texts = [t for cid, t, _ in assistant.seen if cid == conversation_id]
        assert texts == [f"{c}-{n}" for n in range(10)]


def test_a_message_left_processing_by_a_dead_worker_is_requeued(
    session: Session, sessions: sessionmaker[Session], conversation_id: str
) -> None:
    accepted = _accept(session, conversation_id, "bonjour", "k1")
    accepted.message.status = InboxStatus.PROCESSING
    accepted.message.claimed_at = accepted.message.received_at - timedelta(minutes=10)
    session.commit()

    assert service.requeue_stale(sessions, timedelta(minutes=5)) == 1
    session.refresh(accepted.message)
    assert accepted.message.status is InboxStatus.QUEUED


def test_the_transcript_holds_both_directions_in_order(
    session: Session, sessions: sessionmaker[Session], conversation_id: str
) -> None:
    _accept(session, conversation_id, "bonjour", "k1")
    service.process_conversation(sessions, ScriptedAssistant(), conversation_id)
    rows = service.transcript(session, conversation_id)
    assert [(r["direction"], r["text"]) for r in rows] == [
        ("in", "bonjour"),
        ("out", "reçu : bonjour"),
    ]


def test_a_danger_is_answered_at_once_even_when_the_assistant_is_down(
    session: Session, sessions: sessionmaker[Session], conversation_id: str
) -> None:
    assistant = ScriptedAssistant()
    assistant.up = False
    _accept(session, conversation_id, "ma voisine est tombée elle ne se relève pas", "k1")

    first = service.process_conversation(sessions, assistant, conversation_id, SafetyScreener())
    assert first.unavailable
    said = " ".join(r.text for r in first.replies)
    assert "15" in said
    assert "112" in said
    [case] = session.scalars(select(Case)).all()
    assert case.isolation_level is IsolationLevel.URGENT
    assert case.status is CaseStatus.NEW

    assistant.up = True
    second = service.process_conversation(sessions, assistant, conversation_id, SafetyScreener())
    # The emergency numbers are not said twice; the assistant hears of the danger, not the text.
    assert [r.text for r in second.replies] == ["suite après EXTERNAL_danger"]
    assert assistant.seen == [(conversation_id, "EXTERNAL_danger", "{'danger_kind': 'fall'}")]
    assert len(session.scalars(select(Case)).all()) == 1


def test_a_repeated_danger_adds_to_the_open_urgent_case(
    session: Session, sessions: sessionmaker[Session], conversation_id: str
) -> None:
    assistant = ScriptedAssistant()
    for n, text in enumerate(["il est tombé", "il est toujours par terre il saigne"]):
        _accept(session, conversation_id, text, f"k{n}")
        service.process_conversation(sessions, assistant, conversation_id, SafetyScreener())
    [case] = session.scalars(select(Case)).all()
    session.refresh(case)
    assert [e.kind for e in case.events] == ["created", "danger_repeated"]


def test_ordinary_messages_pass_the_screen_untouched(
    session: Session, sessions: sessionmaker[Session], conversation_id: str
) -> None:
    _accept(session, conversation_id, "ma voisine ne sort plus", "k1")
    processed = service.process_conversation(
        sessions, ScriptedAssistant(), conversation_id, SafetyScreener()
    )
    assert [r.text for r in processed.replies] == ["reçu : ma voisine ne sort plus"]
    assert session.scalars(select(Case)).all() == []
