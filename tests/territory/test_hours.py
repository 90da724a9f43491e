from datetime import UTC, datetime

import pytest

from relais.territory.hours import is_open
from relais.territory.models import Territory

TERRITORY = Territory(
    departements=["23"],
    timezone="Europe/Paris",
    opening_hours={"mon": [["09:00", "12:00"], ["14:00", "17:00"]], "sat": [["10:00", "12:00"]]},
)


@pytest.mark.parametrize(
    ("at", "open_"),
    [
        (datetime(2026, 11, 23, 8, 30, tzinfo=UTC), True),  # Monday 09:30 Paris
        (datetime(2026, 11, 23, 7, 59, tzinfo=UTC), False),  # Monday 08:59 Paris
        (datetime(2026, 11, 23, 11, 30, tzinfo=UTC), False),  # lunch break
        (datetime(2026, 11, 23, 15, 59, tzinfo=UTC), True),  # 16:59
        (datetime(2026, 11, 23, 16, 0, tzinfo=UTC), False),  # 17:00 closes
        (datetime(2026, 11, 24, 8, 30, tzinfo=UTC), False),  # Tuesday: no hours
        (datetime(2026, 11, 28, 9, 30, tzinfo=UTC), True),  # Saturday 10:30
        (datetime(2026, 4, 6, 8, 30, tzinfo=UTC), False),  # Easter Monday 2026, 10:30 CEST
        (datetime(2026, 6, 29, 7, 30, tzinfo=UTC), True),  # Monday 09:30 CEST
    ],
)
def test_opening_hours_in_local_time_without_holidays(at: datetime, open_: bool) -> None:
    assert is_open(TERRITORY, at) is open_
