"""The web chat's abuse limits, counted in the database: new sessions per client address per
hour, messages per session per minute; clear French 429 answers; expired sessions refused."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from api.main import create_app
from relais.config import Settings
from relais.conversation.models import InboxMessage
from relais.db import utcnow
from relais.ratelimits.models import RateHit
from relais.seed.demo import DemoSeed


class Clock:
    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client(settings: Settings, demo: DemoSeed, clock: Clock) -> Iterator[TestClient]:
    limited = settings.model_copy(
        update={"webchat_sessions_per_hour": 3, "webchat_messages_per_minute": 4}
    )
    with TestClient(create_app(limited, clock=clock)) as client:
        yield client


def test_a_fourth_session_in_the_hour_is_refused_in_french(
    client: TestClient, clock: Clock
) -> None:
    for _ in range(3):
        assert client.post("/api/chat/sessions").status_code == 201
    refused = client.post("/api/chat/sessions")
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Trop de conversations ont été ouvertes")
    assert "15 ou le 112" in refused.json()["detail"]
    assert 0 < int(refused.headers["Retry-After"]) <= 3600
    clock.now += timedelta(hours=1, seconds=1)
    assert client.post("/api/chat/sessions").status_code == 201


def test_messages_beyond_the_minute_are_refused_and_not_kept(
    client: TestClient, clock: Clock, sessions: sessionmaker[Session]
) -> None:
    chat = client.post("/api/chat/sessions").json()["session_id"]
    path = f"/api/chat/sessions/{chat}/messages"
    for n in range(4):
        # Rasa is not running here: each message is kept and queued (503).
        assert client.post(path, json={"text": f"message {n}"}).status_code == 503
    refused = client.post(path, json={"text": "encore un"})
    assert refused.status_code == 429
    assert "attendez" in refused.json()["detail"]
    with sessions() as session:
        kept = session.scalar(select(func.count()).select_from(InboxMessage))
    assert kept == 4
    clock.now += timedelta(seconds=61)
    assert client.post(path, json={"text": "une minute plus tard"}).status_code == 503


def test_sending_the_same_message_again_is_not_counted_twice(client: TestClient) -> None:
    chat = client.post("/api/chat/sessions").json()["session_id"]
    path = f"/api/chat/sessions/{chat}/messages"
    for _ in range(6):  # the widget retrying one message through an outage
        response = client.post(path, json={"text": "bonjour", "client_message_id": "m1"})
        assert response.status_code == 503
    assert client.post(path, json={"text": "autre"}).status_code == 503


def test_the_limits_do_not_keep_the_address_and_do_not_grow(
    client: TestClient, clock: Clock, sessions: sessionmaker[Session]
) -> None:
    for _ in range(3):
        client.post("/api/chat/sessions")
    with sessions() as session:
        hits = session.scalars(select(RateHit)).all()
    assert len(hits) == 3
    assert all("testclient" not in h.key_hash and len(h.key_hash) == 64 for h in hits)
    clock.now += timedelta(hours=2)
    client.post("/api/chat/sessions")
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(RateHit)) == 1


def test_a_session_idle_for_over_an_hour_has_expired(client: TestClient, clock: Clock) -> None:
    chat = client.post("/api/chat/sessions").json()["session_id"]
    clock.now += timedelta(minutes=61)
    response = client.post(f"/api/chat/sessions/{chat}/messages", json={"text": "me revoilà"})
    assert response.status_code == 404
    assert "a expiré" in response.json()["detail"]
    assert client.get(f"/api/chat/sessions/{chat}/messages").status_code == 404
