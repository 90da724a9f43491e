"""When someone will call back, said the way a French person says it."""

from __future__ import annotations

from datetime import UTC, datetime

from relais.cases import wording
from relais.cases.models import Channel
from relais.flows.anywhere import opening_hours_words, request_callback, request_human
from relais.territory.hours import next_opening
from relais.territory.models import Territory

WEEKDAYS = {day: [["09:00", "17:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}


def creuse(hours: dict[str, list[list[str]]] | None = None) -> Territory:
    return Territory(
        code="t",
        name="T",
        departements=["23"],
        timezone="Europe/Paris",
        on_call_phone="+33555000000",
        opening_hours=WEEKDAYS if hours is None else hours,
    )


def paris(*args: int) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(*args, tzinfo=ZoneInfo("Europe/Paris"))  # type: ignore[misc]


def test_the_next_opening_skips_evenings_weekends_and_public_holidays() -> None:
    territory = creuse()
    assert next_opening(territory, paris(2026, 11, 23, 8, 0)) == paris(2026, 11, 23, 9, 0)  # Monday
    assert next_opening(territory, paris(2026, 11, 23, 10, 30)) == paris(2026, 11, 23, 10, 30)
    assert next_opening(territory, paris(2026, 11, 27, 18, 0)) == paris(
        2026, 11, 30, 9, 0
    )  # Friday evening
    assert next_opening(territory, paris(2026, 12, 24, 18, 0)) == paris(
        2026, 12, 28, 9, 0
    )  # Christmas
    assert next_opening(creuse({}), paris(2026, 11, 23, 8, 0)) is None


def test_days_and_hours_in_french() -> None:
    assert wording.day_and_hour(paris(2026, 12, 1, 9, 0)) == "mardi 1er décembre à partir de 9 h"
    assert wording.hour(paris(2026, 12, 1, 13, 30)) == "13 h 30"
    assert opening_hours_words(creuse()) == "du lundi au vendredi, de 9 h à 17 h"
    split = creuse({"mon": [["09:00", "12:00"], ["14:00", "17:00"]], "wed": [["09:00", "12:00"]]})
    assert (
        opening_hours_words(split)
        == "le lundi, de 9 h à 12 h et de 14 h à 17 h ; le mercredi, de 9 h à 12 h"
    )


def test_a_person_during_opening_hours_and_a_callback_outside() -> None:
    territory = creuse()
    monday_morning = paris(2026, 11, 23, 10, 0).astimezone(UTC)
    voice = request_human(territory, Channel.VOICE, "+33612345678", monday_morning)
    assert voice.handoff
    assert not voice.callback
    saturday = paris(2026, 11, 28, 10, 0).astimezone(UTC)
    closed = request_human(territory, Channel.SMS, "+33612345678", saturday)
    assert closed.callback
    assert not closed.handoff
    assert closed.lines[-1] == "Un professionnel vous rappellera lundi 30 novembre à partir de 9 h."
    unknown_number = request_callback(territory, None, saturday)
    assert unknown_number.needs_phone
