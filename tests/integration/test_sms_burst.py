"""No message lost: 200 SMS from 20 numbers, Rasa stopped in the middle of the burst.

Every message is processed exactly once once Rasa is back (each appears once in Rasa's
tracker), the replies go out in order per sender, and each sender got the holding reply once.
Rasa is the session's own process (`stack.rasa`), stopped and started again here; other tests
are unaffected since it is always started again before this test ends.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relais.conversation.assistant import MESSAGE_KEY
from relais.conversation.models import Conversation, InboxMessage, InboxStatus
from relais.phone import gsm, sms
from relais.phone.models import SmsDelivery
from relais.telephony.console import recorded
from tests.integration.conftest import Stack
from tests.integration.conftest import serve_api as serve
from tests.integration.sms import Phone, messages

pytestmark = pytest.mark.integration

SENDERS = 20
TEXTS = [
    "bonjour",
    "ma voisine de 85 ans ne sort plus de chez elle",
    "Guéret",
    "non",
    "elle ne voit plus personne",
    "non",
    "oui",
    "oui",
    "non",
    "merci",
]
RECOVERY_SECONDS = 180
HOLDING = gsm.encode(
    sms.HOLDING
).text  # as sent: "reçu" becomes "recu"  # under load Rasa needs a while after a restart


@pytest.fixture
def client(stack: Stack, demo: object) -> Iterator[httpx.Client]:
    # Under this load a busy Rasa may take more than the default 10 s to answer, which counts
    # as an outage (and rightly gets a holding reply): give it 60 s, so that the only outage
    # is the one this test makes.
    patient = stack.settings.model_copy(update={"rasa_timeout_seconds": 60.0})
    with serve(patient) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield client


def _send_all(phones: list[Phone], texts: list[str]) -> dict[str, list[str]]:
    """Each sender texts in turn (waiting for each answer), all senders at once."""

    def run(phone: Phone) -> list[str]:
        return [body for text in texts for body in messages(phone.text(text).text)]

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        answers = list(pool.map(run, phones))
    return {phone.number: answer for phone, answer in zip(phones, answers, strict=True)}


def _count(session: Session, status: InboxStatus) -> int:
    session.expire_all()
    query = select(func.count(InboxMessage.id)).where(InboxMessage.status == status)
    return int(session.scalar(query) or 0)


def _wait_processed(session: Session, expected: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while _count(session, InboxStatus.PROCESSED) < expected and time.monotonic() < deadline:
        time.sleep(1)
    assert _count(session, InboxStatus.PROCESSED) == expected


def _keys_in_tracker(stack: Stack, conversation_id: str) -> list[str]:
    token = stack.settings.rasa_token.get_secret_value()
    response = httpx.get(
        f"{stack.settings.rasa_url}/conversations/{conversation_id}/tracker",
        params={"token": token, "include_events": "ALL"},
        timeout=30,
    )
    response.raise_for_status()
    return [
        str((event.get("metadata") or {}).get(MESSAGE_KEY))
        for event in response.json()["events"]
        if event.get("event") == "user"
    ]


def test_a_burst_survives_rasa_stopping(
    client: httpx.Client, stack: Stack, session: Session
) -> None:
    phones = [Phone(client, stack.settings, f"+336120000{n:02d}") for n in range(SENDERS)]
    half = len(TEXTS) // 2
    before = _send_all(phones, TEXTS[:half])
    _wait_processed(session, SENDERS * half, 120)
    assert all(HOLDING not in answer for answer in before.values())

    stack.rasa.stop()
    try:
        during = _send_all(phones, TEXTS[half:])
        assert _count(session, InboxStatus.QUEUED) == SENDERS * half  # kept, waiting
        # The safety net answers a danger at once, Rasa or not.
        danger = Phone(client, stack.settings, "+33699999999")
        said = messages(danger.text("mon voisin est tombé, il est par terre dans sa cuisine").text)
    finally:
        stack.rasa.start()
    assert any("15" in text or "112" in text for text in said), said
    assert said[-1].endswith(HOLDING)  # the same SMS: one answer per message
    # One holding reply per sender for the whole outage, not one per message.
    assert {number: answer.count(HOLDING) for number, answer in during.items()} == {
        phone.number: 1 for phone in phones
    }
    _wait_processed(session, SENDERS * len(TEXTS) + 1, RECOVERY_SECONDS)

    conversations = list(
        session.scalars(select(Conversation).where(Conversation.address != danger.number))
    )
    assert len(conversations) == SENDERS
    for conversation in conversations:
        ids = session.scalars(
            select(InboxMessage.id).where(InboxMessage.conversation_id == conversation.id)
        ).all()
        keys = Counter(_keys_in_tracker(stack, conversation.id))
        assert keys == Counter({str(i): 1 for i in ids}), conversation.id  # exactly once

    # Replies leave in the order of the messages they answer, per sender.
    order: dict[str, list[int]] = defaultdict(list)
    for delivery in session.scalars(select(SmsDelivery).order_by(SmsDelivery.id)):
        if delivery.status != "blocked" and delivery.in_reply_to_id is not None:
            order[delivery.conversation_id].append(delivery.in_reply_to_id)
    assert len(order) == SENDERS + 1
    assert all(sent == sorted(sent) for sent in order.values())
    # The answers to the queued messages went by the REST API once Rasa was back.
    for phone in phones:
        sent = [r.body or "" for r in recorded(session, to=phone.number, kind="sms")]
        assert sent, phone.number
        assert HOLDING not in "\n".join(sent)
