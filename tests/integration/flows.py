"""Helpers for the conversation tests: a chat through the real API, Rasa and action server."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.models import Case


def new_chat(api: httpx.Client) -> str:
    response = api.post("/api/chat/sessions")
    assert response.status_code == 201, response.text
    return str(response.json()["session_id"])


class Chat:
    """One web chat conversation; `say` returns the assistant's answer as one text."""

    def __init__(self, api: httpx.Client, session_id: str | None = None) -> None:
        self.api = api
        self.id = session_id or new_chat(api)
        self.last: list[dict[str, Any]] = []

    def say(self, text: str) -> str:
        response = self.api.post(f"/api/chat/sessions/{self.id}/messages", json={"text": text})
        assert response.status_code == 200, response.text
        self.last = response.json()["messages"]
        assert self.last, f"no answer to {text!r}"
        return " ".join(str(m["text"]) for m in self.last)

    @property
    def buttons(self) -> list[str]:
        return [str(b["payload"]) for m in self.last for b in m["buttons"]]

    def press(self, number: int) -> str:
        """Presses the Nth button, as the phone keypad does."""
        return self.say(self.buttons[number - 1])


def only_case(session: Session) -> Case:
    session.expire_all()
    return session.scalars(select(Case)).one()
