"""A territory's theme: a colour white text cannot be read on is refused at start-up, with the
setting to change and the contrast it has."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from relais.config import Environment, Settings
from relais.territory.theme import InvalidTheme, build, contrast_ratio

LOGO = Path(__file__).resolve().parents[2] / "relais" / "territory" / "data" / "logo-demo.svg"


def test_contrast_follows_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # the AA edge


@pytest.mark.parametrize("colour", ["#005f73", "#1d70b8", "#000091", "#6e2a8c"])
def test_a_dark_colour_is_accepted(colour: str) -> None:
    assert build("Département de la Creuse", colour, LOGO, "/donnees-personnelles").colour == colour


@pytest.mark.parametrize(
    ("colour", "said"),
    [
        ("#ee9b00", "2.25:1"),  # an orange
        ("#ffdd00", "1.3"),  # a yellow
        ("#7f7f7f", "4.0"),  # a grey just under the line
    ],
)
def test_a_light_colour_is_refused_with_its_contrast(colour: str, said: str) -> None:
    with pytest.raises(InvalidTheme) as refused:
        build("Département de la Creuse", colour, LOGO, "/donnees-personnelles")
    assert "RELAIS_THEME_COLOUR" in str(refused.value)
    assert said in str(refused.value)
    assert "4.5:1" in str(refused.value)


@pytest.mark.parametrize(
    ("changes", "setting"),
    [
        ({"theme_colour": "bleu"}, "RELAIS_THEME_COLOUR"),
        ({"theme_colour": "#fff"}, "RELAIS_THEME_COLOUR"),
        ({"theme_name": "  "}, "RELAIS_THEME_NAME"),
        ({"theme_logo": Path("/nulle/part/logo.svg")}, "RELAIS_THEME_LOGO"),
        ({"theme_logo": Path(__file__)}, "RELAIS_THEME_LOGO"),  # not an image
        ({"theme_privacy_url": "javascript:alert(1)"}, "RELAIS_THEME_PRIVACY_URL"),
    ],
)
def test_the_service_does_not_start_with_a_bad_theme(
    changes: dict[str, object], setting: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment=Environment.DEVELOPMENT, _env_file=None, **changes)  # type: ignore[call-arg]
    assert setting in str(refused.value)


def test_the_theme_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RELAIS_THEME_NAME", "CCAS de Guéret")
    monkeypatch.setenv("RELAIS_THEME_COLOUR", "#6E2A8C")
    theme = Settings(_env_file=None).theme  # type: ignore[call-arg]
    assert (theme.name, theme.colour) == ("CCAS de Guéret", "#6e2a8c")


def test_production_needs_the_territorys_own_name_and_privacy_page() -> None:
    secrets = {"secret_key": "s" * 20, "rasa_token": "t" * 20}
    with pytest.raises(ValidationError) as refused:
        Settings(environment=Environment.PRODUCTION, _env_file=None, **secrets)  # type: ignore[call-arg]
    assert "RELAIS_THEME_NAME" in str(refused.value)
    ready = Settings(
        environment=Environment.PRODUCTION,
        _env_file=None,  # type: ignore[call-arg]
        theme_name="Département de la Creuse",
        theme_privacy_url="https://www.creuse.fr/donnees-personnelles",
        **secrets,  # type: ignore[arg-type]
    )
    assert ready.theme.name == "Département de la Creuse"
