"""The one answering path: within the budget (ready), past it (pending, then delivered late
exactly once), the assistant down (unavailable, the safety net's words said anyway), and one
answer however many requests wait for the same message. Real database; the assistant is a
scripted stand-in for Rasa, which tests/integration exercises."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from relais.cases.models import Channel
from relais.conversation import service
from relais.conversation.answering import Answerer, AnswerState
from relais.conversation.assistant import AssistantUnavailable, Reply
from relais.conversation.service import Processed
from relais.safety.screen import SafetyScreener
from relais.seed.demo import DemoSeed


class SlowAssistant:
    """Answers when `go` is set (at once if it is already), or is down."""

    def __init__(self) -> None:
        self.go = threading.Event()
        self.go.set()
        self.up = True
        self.asked = 0

    def send(self, conversation_id: str, text: str, metadata: Mapping[str, Any]) -> list[Reply]:
        self.asked += 1
        if not self.up:
            raise AssistantUnavailable("down for the test")
        self.go.wait(10)
        return [Reply(text=f"reçu : {text}")]

    def trigger(self, conversation_id: str, intent: str, entities: Any) -> list[Reply]:
        if not self.up:
            raise AssistantUnavailable("down for the test")
        return [Reply(text="suite")]

    def replies_already_given(self, conversation_id: str, message_key: str) -> None:
        return None

    def health(self) -> dict[str, bool]:
        return {"rasa": self.up}


class Late:
    """A channel's late delivery that records what it was handed."""

    def __init__(self) -> None:
        self.delivered: list[str] = []
        self.done = threading.Event()

    def __call__(self, session: Session, conversation_id: str, processed: Processed) -> None:
        self.delivered += [r.text for r in processed.replies]
        self.done.set()


@pytest.fixture
def assistant() -> SlowAssistant:
    return SlowAssistant()


@pytest.fixture
def late() -> Late:
    return Late()


@pytest.fixture
def answerer(
    sessions: sessionmaker[Session], assistant: SlowAssistant, late: Late
) -> Iterator[Answerer]:
    answering = Answerer(
        sessions,
        assistant,
        SafetyScreener(),
        stale_after=timedelta(minutes=5),
        late={Channel.SMS: late},
    )
    yield answering
    answering.close()


def message(session: Session, demo: DemoSeed, text: str, key: str = "k1") -> tuple[str, int]:
    conversation = service.start_conversation(
        session, demo.territory.id, Channel.SMS, "+33612345678"
    )
    session.commit()
    accepted = service.accept_message(session, conversation, text, key)
    return conversation.id, accepted.message.id


def test_an_answer_within_the_budget_is_ready(
    session: Session, demo: DemoSeed, answerer: Answerer, late: Late
) -> None:
    conversation_id, message_id = message(session, demo, "bonjour")
    answer = answerer.answer(conversation_id, message_id, 5)
    assert answer.state is AnswerState.READY
    assert [r.text for r in answer.replies] == ["reçu : bonjour"]
    assert [r.text for r in answer.message_replies] == ["reçu : bonjour"]
    assert late.delivered == []


def test_an_answer_past_the_budget_is_pending_then_delivered_late_once(
    session: Session, demo: DemoSeed, answerer: Answerer, assistant: SlowAssistant, late: Late
) -> None:
    assistant.go.clear()
    conversation_id, message_id = message(session, demo, "bonjour")
    assert answerer.answer(conversation_id, message_id, 0.2).state is AnswerState.PENDING
    assistant.go.set()
    assert late.done.wait(5)
    assert late.delivered == ["reçu : bonjour"]
    # A later wait (the voice's redirect, the widget) finds it in the database.
    again = answerer.answer(conversation_id, message_id, 1)
    assert again.state is AnswerState.READY
    assert [r.text for r in again.message_replies] == ["reçu : bonjour"]
    assert assistant.asked == 1


def test_two_requests_for_one_message_get_one_answer(
    session: Session, demo: DemoSeed, answerer: Answerer, assistant: SlowAssistant
) -> None:
    assistant.go.clear()
    conversation_id, message_id = message(session, demo, "bonjour")
    answers = []
    waiters = [
        threading.Thread(
            target=lambda: answers.append(answerer.answer(conversation_id, message_id, 5))
        )
        for _ in range(2)
    ]
    for waiter in waiters:
        waiter.start()
    assistant.go.set()
    for waiter in waiters:
        waiter.join()
    assert [a.state for a in answers] == [AnswerState.READY, AnswerState.READY]
    assert assistant.asked == 1


def test_the_assistant_down_keeps_the_message_and_says_what_the_safety_net_said(
    session: Session, demo: DemoSeed, answerer: Answerer, assistant: SlowAssistant, late: Late
) -> None:
    assistant.up = False
    conversation_id, message_id = message(
        session, demo, "ma voisine est tombée, elle est par terre"
    )
    answer = answerer.answer(conversation_id, message_id, 5)
    assert answer.state is AnswerState.UNAVAILABLE
    assert any("15" in r.text for r in answer.replies)
    assert service.is_waiting(session, message_id)
    assistant.up = True
    assert answerer.retry_waiting(timedelta(0)) == 1
    assert late.delivered == ["suite"]  # the danger goes to the assistant as EXTERNAL_danger
