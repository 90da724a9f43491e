"""The conversational assistant as seen by Relais: a port, and its adapter for Rasa's HTTP API.

The adapter speaks Rasa's REST channel and HTTP API over HTTP; it imports nothing of Rasa.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import httpx

if TYPE_CHECKING:
    from relais.config import Settings


@dataclass(frozen=True, slots=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = ()
    # Instructions for the channel, from the assistant's custom payload, e.g.
    # {"relais_action": "handoff_to_human"} (the voice channel then dials the on-call number).
    custom: dict[str, Any] | None = None


class AssistantUnavailable(Exception):
    """The assistant (or its action server) cannot answer now; the message must wait."""


class Assistant(Protocol):
    def send(self, conversation_id: str, text: str, metadata: Mapping[str, Any]) -> list[Reply]:
        """The assistant's answer to one message. Raises AssistantUnavailable."""

    def trigger(
        self, conversation_id: str, intent: str, entities: Mapping[str, Any]
    ) -> list[Reply]:
        """Tells the assistant something happened outside the conversation (an external
        intent: a danger caught by the safety net, a check-in call...). Raises
        AssistantUnavailable."""

    def replies_already_given(self, conversation_id: str, message_key: str) -> list[Reply] | None:
        """The answer to a message the assistant already processed, or None if it never saw it.

        Lets a retry after a lost response deliver the answer instead of sending the message
        twice. Raises AssistantUnavailable.
        """

    def health(self) -> dict[str, bool]:
        """Whether each part of the assistant answers: {"rasa": ..., "action_server": ...}."""


MESSAGE_KEY = "relais_message_key"


def _reply_from(text: str | None, buttons: Any, custom: Any = None) -> Reply | None:
    instructions = custom if isinstance(custom, dict) else None
    if not text and instructions is None:
        return None
    parsed = tuple(
        Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
        for b in (buttons or [])
        if isinstance(b, dict)
    )
    return Reply(text=text or "", buttons=parsed, custom=instructions)


class RasaAssistant:
    """Rasa 3.6 through its REST channel; the HTTP API (with a token) for tracker reads."""

    def __init__(
        self,
        rasa_url: str,
        action_server_url: str,
        token: str,
        timeout_seconds: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._rasa_url = rasa_url.rstrip("/")
        self._action_server_url = action_server_url.rstrip("/")
        self._token = token
        limits = httpx.Limits(max_connections=100, max_keepalive_connections=50)
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout_seconds, connect=2.0), limits=limits, transport=transport
        )

    def close(self) -> None:
        self._client.close()

    def _action_server_up(self) -> bool:
        try:
            response = self._client.get(f"{self._action_server_url}/health", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def _rasa_up(self) -> bool:
        try:
            response = self._client.get(f"{self._rasa_url}/", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    def health(self) -> dict[str, bool]:
        return {"rasa": self._rasa_up(), "action_server": self._action_server_up()}

    def send(self, conversation_id: str, text: str, metadata: Mapping[str, Any]) -> list[Reply]:
        # Rasa answers even when its action server is down (it logs the failed action and
        # carries on), so a message sent then would be half-processed: check first.
        if not self._action_server_up():
            raise AssistantUnavailable("action server unreachable")
        body = {"sender": conversation_id, "message": text, "metadata": dict(metadata)}
        try:
            response = self._client.post(f"{self._rasa_url}/webhooks/rest/webhook", json=body)
        except httpx.HTTPError as error:
            raise AssistantUnavailable(f"rasa unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise AssistantUnavailable(f"rasa answered HTTP {response.status_code}")
        replies = (
            _reply_from(m.get("text"), m.get("buttons"), m.get("custom")) for m in response.json()
        )
        return [r for r in replies if r is not None]

    def trigger(
        self, conversation_id: str, intent: str, entities: Mapping[str, Any]
    ) -> list[Reply]:
        if not self._action_server_up():
            raise AssistantUnavailable("action server unreachable")
        url = f"{self._rasa_url}/conversations/{conversation_id}/trigger_intent"
        body = {"name": intent, "entities": dict(entities)}
        try:
            response = self._client.post(url, params={"token": self._token}, json=body)
        except httpx.HTTPError as error:
            raise AssistantUnavailable(f"rasa unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise AssistantUnavailable(f"rasa trigger answered HTTP {response.status_code}")
        messages = response.json().get("messages", [])
        replies = (_reply_from(m.get("text"), m.get("buttons"), m.get("custom")) for m in messages)
        return [r for r in replies if r is not None]

    def replies_already_given(self, conversation_id: str, message_key: str) -> list[Reply] | None:
        url = f"{self._rasa_url}/conversations/{conversation_id}/tracker"
        params = {"include_events": "AFTER_RESTART", "token": self._token}
        try:
            response = self._client.get(url, params=params)
        except httpx.HTTPError as error:
            raise AssistantUnavailable(f"rasa unreachable: {type(error).__name__}") from error
        if response.status_code != 200:
            raise AssistantUnavailable(f"rasa tracker read answered HTTP {response.status_code}")
        return replies_after_message(response.json().get("events", []), message_key)


def replies_after_message(events: list[dict[str, Any]], message_key: str) -> list[Reply] | None:
    """The bot utterances that followed the user message carrying `message_key`."""
    replies: list[Reply] | None = None
    for event in events:
        kind = event.get("event")
        if kind == "user":
            if replies is not None:
                break
            if (event.get("metadata") or {}).get(MESSAGE_KEY) == message_key:
                replies = []
        elif kind == "bot" and replies is not None:
            data = event.get("data") or {}
            reply = _reply_from(event.get("text"), data.get("buttons"), data.get("custom"))
            if reply is not None:
                replies.append(reply)
    return replies


def rasa_assistant(settings: Settings) -> RasaAssistant:
    """The assistant the settings name (Rasa's URL, token and timeout)."""
    return RasaAssistant(
        settings.rasa_url,
        settings.action_server_url,
        settings.rasa_token.get_secret_value(),
        timeout_seconds=settings.rasa_timeout_seconds,
    )
