"""SMS through `POST /twilio/sms`, signed as Twilio does, with the real Rasa and action server."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Channel, Origin
from relais.consent.models import ConsentDecision, ConsentScope
from relais.consent.service import latest_decision
from relais.conversation.models import Conversation, InboxMessage, InboxStatus
from relais.phone import gsm, sms
from relais.phone.models import SmsDelivery
from relais.telephony.console import recorded
from tests.integration.conftest import Stack
from tests.integration.conftest import serve_api as serve
from tests.integration.flows import only_case
from tests.integration.sms import Phone, messages, new_sid, signed_post

pytestmark = pytest.mark.integration

RATE_LIMIT = 4


@pytest.fixture(scope="module")
def limited_url(stack: Stack) -> Iterator[str]:
    """Another API with a small SMS rate limit, on the stack's database and Rasa."""
    with serve(stack.settings.model_copy(update={"sms_rate_limit_messages": RATE_LIMIT})) as url:
        yield url


@pytest.fixture(scope="module")
def impatient_url(stack: Stack) -> Iterator[str]:
    """Another API whose webhook cannot wait for the assistant: replies go by REST."""
    with serve(stack.settings.model_copy(update={"sms_answer_budget_seconds": 0.001})) as url:
        yield url


@pytest.fixture
def client(stack: Stack, demo: object) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.api_url, timeout=30) as client:
        yield client


@pytest.fixture
def phone(client: httpx.Client, stack: Stack) -> Phone:
    return Phone(client, stack.settings, "+33612345678")


def _inbox(session: Session) -> list[InboxMessage]:
    session.expire_all()
    return list(session.scalars(select(InboxMessage).order_by(InboxMessage.id)))


def test_a_neighbours_report_by_sms_ends_in_a_case(phone: Phone, session: Session) -> None:
    # Relation and age are in the first message; SMS asks whether we may call back instead
    # of asking for a number, and the person types the choices as words.
    assert "commune" in phone.say("bonjour, ma voisine de 88 ans ne sort plus de chez elle")
    assert "adresse" in phone.say("Guéret")
    assert "remarqué" in phone.say("12 rue des Lilas")
    danger = phone.say("elle ne fait plus ses courses et ne voit plus personne")
    assert "danger" in danger
    assert "(Oui / Non / Je ne sais pas)" in danger  # the buttons, as text choices
    assert "d'accord pour que nous la contactions" in phone.say("non")
    assert "rappeler à ce numéro" in phone.say("oui")  # à and é are GSM-7
    assert "message" in phone.say("oui")
    done = phone.say("oui")

    case = only_case(session)
    assert case.reference in done
    assert (case.channel, case.origin) == (Channel.SMS, Origin.THIRD_PARTY)
    assert case.reporter_phone == "+33612345678"
    assert case.commune_insee == "23096"
    assert case.danger_now is False
    deliveries = list(session.scalars(select(SmsDelivery)))
    sent = [(d.in_reply_to_id, d.via, d.encoding, d.segments, d.outbound_ids) for d in deliveries]
    assert [d.in_reply_to_id for d in deliveries] == [m.id for m in _inbox(session)], sent
    assert all(d.via == "twiml" and d.encoding == "GSM-7" and d.segments >= 1 for d in deliveries)


def test_a_forged_or_unsigned_webhook_is_refused(
    client: httpx.Client, phone: Phone, session: Session
) -> None:
    form = phone.form("bonjour")
    assert client.post("/twilio/sms", data=form).status_code == 403
    forged = {"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"}
    assert client.post("/twilio/sms", data=form, headers=forged).status_code == 403
    response = signed_post(client, phone.settings, "/twilio/sms", form)
    tampered = form | {"Body": "autre chose"}
    replay = {"X-Twilio-Signature": response.request.headers["X-Twilio-Signature"]}
    assert client.post("/twilio/sms", data=tampered, headers=replay).status_code == 403
    assert "Signature Twilio" in client.post("/twilio/sms", data=form).json()["detail"]
    assert len(_inbox(session)) == 1  # only the signed one was stored


def test_a_retried_webhook_is_stored_once_and_gets_the_same_answer(
    phone: Phone, session: Session
) -> None:
    sid = new_sid()
    first = phone.text("bonjour, mon voisin de 90 ans est tout seul", sid=sid)
    again = phone.text("bonjour, mon voisin de 90 ans est tout seul", sid=sid)
    assert messages(first.text)
    assert messages(again.text) == messages(first.text)
    inbox = _inbox(session)
    assert len(inbox) == 1
    assert inbox[0].status is InboxStatus.PROCESSED
    assert len(list(session.scalars(select(SmsDelivery)))) == 1


@pytest.mark.parametrize("word", ["STOP", "stop", " Arrêt ", "ARRETE", "arrêté.", "Arrett !"])
def test_stop_opts_out_with_one_confirmation(word: str, phone: Phone, session: Session) -> None:
    assert "commune" in phone.say("ma voisine de 85 ans ne sort plus")
    confirmation = phone.say(word)
    assert confirmation == sms.OPT_OUT_CONFIRMATION
    for scope in (ConsentScope.SMS, ConsentScope.CHECKIN_CALLS):
        assert (
            latest_decision(session, phone=phone.number, scope=scope) is ConsentDecision.WITHDRAWN
        )
    inbox = _inbox(session)
    assert [m.status for m in inbox] == [InboxStatus.PROCESSED, InboxStatus.PROCESSED]
    assert inbox[1].text == word  # stored, never lost, but not given to the assistant
    # Writing again lifts the block for the conversation's replies; the consent stays withdrawn.
    assert phone.say("Guéret")
    assert latest_decision(session, phone=phone.number, scope=ConsentScope.SMS) is (
        ConsentDecision.WITHDRAWN
    )


def test_a_flood_gets_one_polite_answer_then_silence(
    limited_url: str, phone: Phone, session: Session
) -> None:
    with httpx.Client(base_url=limited_url, timeout=30) as client:
        flooder = Phone(client, phone.settings, phone.number)
        for _ in range(RATE_LIMIT):
            assert flooder.say("bonjour")
        assert flooder.say("bonjour") == gsm.encode(sms.RATE_LIMITED).text
        assert flooder.say("bonjour") == ""
        assert flooder.say("bonjour") == ""
        # Another number is not limited.
        other = Phone(client, phone.settings, "+33698765432")
        assert "commune" in other.say("ma voisine de 85 ans ne sort plus")
    inbox = [m for m in _inbox(session) if m.conversation_id == _inbox(session)[0].conversation_id]
    assert len(inbox) == RATE_LIMIT + 3  # every message kept
    assert [m.status for m in inbox[RATE_LIMIT:]] == [InboxStatus.UNANSWERED] * 3


def test_a_message_too_long_gets_a_clear_answer(phone: Phone, session: Session) -> None:
    answer = phone.say("a" * 1601)
    assert "trop long (1601 caractères, 1600 au maximum)" in answer
    assert _inbox(session)[0].status is InboxStatus.UNANSWERED


@pytest.mark.parametrize("sender", ["anonymous", "+266696687", "", "12345"])
def test_a_withheld_or_invalid_sender_is_kept_and_never_answered(
    sender: str, client: httpx.Client, phone: Phone, session: Session
) -> None:
    withheld = Phone(client, phone.settings, sender)
    response = withheld.text("ma voisine de 88 ans ne sort plus de chez elle")
    assert messages(response.text) == []
    inbox = _inbox(session)
    assert len(inbox) == 1
    conversation = session.get_one(Conversation, inbox[0].conversation_id)
    assert (conversation.channel, conversation.address) == (Channel.SMS, None)
    assert recorded(session, kind="sms") == []


@pytest.mark.parametrize(
    ("sender", "e164"),
    [
        ("+590690123456", "+590690123456"),
        ("0692 12 34 56", "+262692123456"),
        ("+32470123456", "+32470123456"),
    ],
)
def test_overseas_and_foreign_senders_are_answered(
    sender: str, e164: str, client: httpx.Client, phone: Phone, session: Session
) -> None:
    assert "commune" in Phone(client, phone.settings, sender).say(
        "ma voisine de 85 ans ne sort plus"
    )
    conversation = session.scalars(select(Conversation)).one()
    assert conversation.address == e164


def test_the_status_callback_records_delivery(
    client: httpx.Client, phone: Phone, session: Session
) -> None:
    phone.say("bonjour")
    delivery = session.scalars(select(SmsDelivery)).one()
    query = f"delivery={delivery.id}"
    params = {"MessageSid": "SM" + "1" * 32, "MessageStatus": "undelivered", "ErrorCode": "30003"}
    assert client.post(f"/twilio/sms/status?{query}", data=params).status_code == 403
    assert (
        signed_post(client, phone.settings, "/twilio/sms/status", params, query).status_code == 200
    )
    session.expire_all()
    assert (delivery.status, delivery.error_code, delivery.provider_sid) == (
        "undelivered",
        "30003",
        "SM" + "1" * 32,
    )


def test_an_answer_past_the_budget_goes_by_the_rest_api(
    impatient_url: str, phone: Phone, session: Session
) -> None:
    with httpx.Client(base_url=impatient_url, timeout=30) as client:
        late = Phone(client, phone.settings, phone.number)
        assert messages(late.text("ma voisine de 85 ans ne sort plus").text) == []
    deadline = time.monotonic() + 30
    while not (sent := recorded(session, to=phone.number, kind="sms")):
        assert time.monotonic() < deadline, "no SMS sent by the REST API"
        time.sleep(0.2)
        session.expire_all()
    assert "commune" in (sent[0].body or "")
    # The provider took the SMS (the console's record) just before its id was noted.
    while (delivery := session.scalars(select(SmsDelivery)).one()).status == "sending":
        assert time.monotonic() < deadline, "the delivery was never marked queued"
        time.sleep(0.1)
        session.expire_all()
    assert (delivery.via, delivery.status, delivery.provider_sid) == ("rest", "queued", sent[0].sid)
    assert (
        sent[0].status_callback
        == f"{phone.settings.public_base_url}/twilio/sms/status?delivery={delivery.id}"
    )


def test_choices_are_sent_as_words_the_flows_read(phone: Phone) -> None:
    """No keypad on SMS: the person types a choice as written, and the flow goes on."""
    relation = phone.say("je voudrais signaler une personne âgée isolée")
    assert "Qui etes-vous" in relation  # ê is not GSM-7, é is
    assert "(Voisin ou voisine / Famille / Commercant / Gardien d'immeuble / Facteur" in relation
    assert "commune" in phone.say("Facteur")
    address = phone.say("la souterraine")
    assert "adresse" in address
    assert "(Je ne la connais pas)" in address
    age = phone.say("Je ne la connais pas")
    assert "(Moins de 60 ans / 60 à 74 ans / 75 à 84 ans / 85 ans ou plus / Je ne sais pas)" in age
    assert "remarqué" in phone.say("75 à 84 ans")
