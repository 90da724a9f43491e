"""The web chat takes the same answering path as SMS and voice: within its budget the answer
comes with the request; past it the request says `pending` and the transcript holds the
answer once it comes. (Lives with the phone tests for their scripted assistant and client.)"""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from relais.config import Settings
from tests.phone.conftest import ScriptedAssistant


def _chat(client: TestClient) -> str:
    return str(client.post("/api/chat/sessions").json()["session_id"])


def test_an_answer_within_the_budget_comes_with_the_request(client: TestClient) -> None:
    session_id = _chat(client)
    response = client.post(f"/api/chat/sessions/{session_id}/messages", json={"text": "bonjour"})
    assert response.status_code == 200
    body = response.json()
    assert body["pending"] is False
    assert "signaler" in " ".join(m["text"] for m in body["messages"])


def test_a_slow_answer_is_pending_then_found_in_the_transcript(
    client: TestClient, assistant: ScriptedAssistant, voice_settings: Settings
) -> None:
    client.app.state.runtime.settings = voice_settings.model_copy(  # type: ignore[attr-defined]
        update={"chat_answer_budget_seconds": 0.2}
    )
    assistant.delay = 1.0
    session_id = _chat(client)
    response = client.post(f"/api/chat/sessions/{session_id}/messages", json={"text": "bonjour"})
    assert response.status_code == 200
    assert response.json() == {"messages": [], "pending": True}
    deadline = time.monotonic() + 10
    said: list[str] = []
    while time.monotonic() < deadline and not said:
        time.sleep(0.2)
        transcript = client.get(f"/api/chat/sessions/{session_id}/messages").json()["messages"]
        said = [m["text"] for m in transcript if m["direction"] == "out"]
    assert any("signaler" in text for text in said)
