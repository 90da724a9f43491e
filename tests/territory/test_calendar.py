from datetime import UTC, date, datetime

import pytest

from relais.territory.calendar import (
    add_working_days,
    departement_of,
    is_public_holiday,
    public_holidays,
)


def test_french_public_holidays_2026() -> None:
    holidays = public_holidays(2026)
    assert date(2026, 4, 6) in holidays  # lundi de Pâques
    assert date(2026, 5, 14) in holidays  # Ascension
    assert date(2026, 5, 25) in holidays  # lundi de Pentecôte
    assert date(2026, 11, 11) in holidays
    assert len(holidays) == 11
    assert date(2026, 4, 3) not in holidays  # Good Friday only in Alsace-Moselle
    assert date(2026, 4, 3) in public_holidays(2026, "67")
    assert date(2026, 12, 26) in public_holidays(2026, "57")  # St Stephen's day


@pytest.mark.parametrize(
    ("insee", "abolition"),
    [
        ("97101", date(2026, 5, 27)),  # Guadeloupe
        ("97209", date(2026, 5, 22)),  # Martinique
        ("97302", date(2026, 6, 10)),  # Guyane
        ("97411", date(2026, 12, 20)),  # La Réunion
        ("97611", date(2026, 4, 27)),  # Mayotte
    ],
)
def test_each_overseas_departement_has_its_own_abolition_day(insee: str, abolition: date) -> None:
    departement = departement_of(insee)
    assert is_public_holiday(abolition, departement)
    assert not is_public_holiday(abolition, "23")


def test_working_days_skip_weekends_and_holidays() -> None:
    # Friday 8 May 2026 is a holiday; from Thursday 7 May 10:00 (Paris), 2 working days
    # later is Tuesday 12 May 10:00 (Paris).
    start = datetime(2026, 5, 7, 8, 0, tzinfo=UTC)
    assert add_working_days(start, 2) == datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


def test_working_days_across_daylight_saving_keep_local_time() -> None:
    start = datetime(2026, 10, 23, 8, 0, tzinfo=UTC)  # Friday 10:00 in Paris (CEST)
    result = add_working_days(start, 1)  # Monday 26 October, 10:00 in Paris (CET)
    assert result == datetime(2026, 10, 26, 9, 0, tzinfo=UTC)
