"""The phone simulator exists only on the embedded default (console telephony, not production):
anywhere else its pages are 404."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from relais.config import Environment, Settings, TelephonyBackend
from relais.seed.demo import DemoSeed

SIMULATOR_PATHS = [
    ("GET", "/dev/phone"),
    ("GET", "/dev/phone/envois"),
    ("POST", "/dev/phone/sms"),
    ("POST", "/dev/phone/appel"),
]


def _client(settings: Settings, **changes: object) -> TestClient:
    return TestClient(create_app(settings.model_copy(update=changes)))


@pytest.mark.parametrize(
    "changes",
    [
        {"phone_simulator": False},
        {"telephony": TelephonyBackend.TWILIO, "twilio_account_sid": "AC" + "1" * 32},
        {"environment": Environment.PRODUCTION},
    ],
    ids=["switched-off", "twilio", "production"],
)
def test_the_simulator_is_not_found_outside_the_embedded_default(
    settings: Settings, demo: DemoSeed, changes: dict[str, object]
) -> None:
    with _client(settings, **changes) as client:
        for method, path in SIMULATOR_PATHS:
            response = client.request(method, path, data={"numero": "+33612345678"})
            assert response.status_code == 404, (method, path)


def test_the_simulator_page_offers_to_text_and_call_from_the_number_typed(
    settings: Settings, demo: DemoSeed
) -> None:
    with _client(settings) as client:
        page = client.get("/dev/phone", params={"numero": "0696 12 34 56"})
    assert page.status_code == 200
    assert "Simulateur de téléphone" in page.text
    assert "+596696123456" in page.text  # Martinique, as Twilio would send it
    assert "Envoyer le SMS" in page.text
    assert "Appeler Relais" in page.text
    assert "Relais n'a encore envoyé aucun SMS" in page.text
