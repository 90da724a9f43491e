"""Web chat through real HTTP, the real Rasa server and the real action server."""

from __future__ import annotations

import time

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case, CaseStatus, Channel, Origin
from relais.consent.models import ConsentDecision
from relais.consent.service import consent_records_for_case
from relais.conversation.models import InboxMessage, InboxStatus
from tests.integration.conftest import Stack

pytestmark = pytest.mark.integration


def new_session(api: httpx.Client) -> str:
    response = api.post("/api/chat/sessions")
    assert response.status_code == 201
    session_id: str = response.json()["session_id"]
    return session_id


def say(api: httpx.Client, session_id: str, text: str) -> list[dict[str, object]]:
    response = api.post(f"/api/chat/sessions/{session_id}/messages", json={"text": text})
    assert response.status_code == 200, response.text
    messages: list[dict[str, object]] = response.json()["messages"]
    assert messages, f"no answer to {text!r}"
    return messages


def texts(messages: list[dict[str, object]]) -> str:
    return " ".join(str(m["text"]) for m in messages)


def test_a_neighbour_reports_someone_and_a_case_is_created(
    api: httpx.Client, session: Session
) -> None:
    chat = new_session(api)
    assert "Relais" in texts(say(api, chat, "bonjour"))
    assert "commune" in texts(say(api, chat, "ma voisine de 88 ans ne sort plus"))
    assert "adresse" in texts(say(api, chat, "gueret"))
    assert "remarqué" in texts(say(api, chat, "non"))
    assert "danger" in texts(say(api, chat, "elle ne sort plus de chez elle depuis l'hiver"))
    consent_question = say(api, chat, "non")
    buttons = [b["payload"] for m in consent_question for b in m["buttons"]]  # type: ignore[attr-defined]
    assert buttons == ["/affirm", "/deny", "/consent_unknown"]
    assert "numéro" in texts(say(api, chat, "/affirm"))
    done = texts(say(api, chat, "/deny"))

    case = session.scalars(select(Case)).one()
    assert case.reference in done
    assert case.status is CaseStatus.NEW
    assert case.channel is Channel.WEB
    assert case.origin is Origin.THIRD_PARTY
    assert case.commune_insee == "23096"
    assert case.conversation_id == chat
    assert "hiver" in (case.observation or "")
    [consent, _reporter] = consent_records_for_case(session, case.id)
    assert consent.decision is ConsentDecision.GIVEN


def test_a_report_without_consent_becomes_aller_vers(api: httpx.Client, session: Session) -> None:
    chat = new_session(api)
    say(api, chat, "je voudrais signaler une personne âgée isolée")
    say(api, chat, "je suis sa voisine")
    assert "Plusieurs communes" in texts(say(api, chat, "23200"))
    say(api, chat, "aubusson")
    say(api, chat, "je ne sais pas")
    say(api, chat, "85 ans ou plus")
    say(api, chat, "il ne voit plus personne")
    say(api, chat, "non")
    say(api, chat, "non elle ne veut pas")
    assert "délicatesse" in texts(say(api, chat, "je préfère ne pas le donner"))

    case = session.scalars(select(Case)).one()
    assert case.status is CaseStatus.AWAITING_CONTACT
    assert case.commune_insee == "23008"


def test_an_unknown_commune_is_asked_again(api: httpx.Client, session: Session) -> None:
    chat = new_session(api)
    say(api, chat, "je voudrais signaler une personne âgée isolée")
    say(api, chat, "voisin")
    assert "ne trouve pas" in texts(say(api, chat, "zzzz qwxv"))
    assert "adresse" in texts(say(api, chat, "Aubusson"))
    assert session.scalars(select(Case)).all() == []


@pytest.mark.parametrize(
    ("body", "status", "detail"),
    [
        ({"text": ""}, 422, "vide"),
        ({"text": "   "}, 422, "vide"),
        ({"text": "a" * 2001}, 422, "trop long"),
        ({}, 422, "manquant"),
        ({"text": 12}, 422, "texte"),
        ([], 422, "objet JSON"),
    ],
)
def test_bad_messages_get_a_clear_french_error_and_nothing_is_stored(
    api: httpx.Client, session: Session, body: object, status: int, detail: str
) -> None:
    chat = new_session(api)
    response = api.post(f"/api/chat/sessions/{chat}/messages", json=body)
    assert response.status_code == status
    assert detail in response.json()["detail"]
    assert session.scalars(select(InboxMessage)).all() == []


def test_invalid_json_and_unknown_sessions_are_refused(api: httpx.Client, session: Session) -> None:
    chat = new_session(api)
    broken = api.post(
        f"/api/chat/sessions/{chat}/messages",
        content=b'{"text": "bonj',
        headers={"content-type": "application/json"},
    )
    assert broken.status_code == 400
    assert "JSON" in broken.json()["detail"]
    unknown = api.post("/api/chat/sessions/nope/messages", json={"text": "bonjour"})
    assert unknown.status_code == 404
    assert "n'existe pas" in unknown.json()["detail"]
    assert session.scalars(select(InboxMessage)).all() == []


def test_a_resent_message_is_answered_once(api: httpx.Client, session: Session) -> None:
    chat = new_session(api)
    headers = {"Idempotency-Key": "same-message"}
    url = f"/api/chat/sessions/{chat}/messages"
    first = api.post(url, json={"text": "bonjour"}, headers=headers)
    again = api.post(url, json={"text": "bonjour"}, headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.json()["messages"] == again.json()["messages"]
    assert len(session.scalars(select(InboxMessage)).all()) == 1


def wait_for_processed(session: Session, timeout: float = 30) -> InboxMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        session.expire_all()
        message = session.scalars(select(InboxMessage)).one()
        if message.status is InboxStatus.PROCESSED:
            return message
        time.sleep(0.3)
    raise AssertionError("the queued message was not processed after the assistant came back")


@pytest.mark.parametrize("part", ["actions", "rasa"])
def test_while_the_assistant_is_down_messages_are_kept_and_answered_later(
    api: httpx.Client, session: Session, stack: Stack, part: str
) -> None:
    chat = new_session(api)
    service = stack.actions if part == "actions" else stack.rasa
    service.stop()
    try:
        assert api.get("/healthz").json()[{"actions": "action_server", "rasa": "rasa"}[part]] == (
            "down"
        )
        response = api.post(f"/api/chat/sessions/{chat}/messages", json={"text": "bonjour"})
        assert response.status_code == 503
        assert "bien enregistré" in response.json()["detail"]
        message = session.scalars(select(InboxMessage)).one()
        assert message.status is InboxStatus.QUEUED
    finally:
        service.start()

    wait_for_processed(session)
    transcript = api.get(f"/api/chat/sessions/{chat}/messages").json()["messages"]
    assert [row["direction"] for row in transcript][:2] == ["in", "out"]
    assert "Relais" in transcript[1]["text"]
