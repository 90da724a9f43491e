"""French public holidays and working days, for due dates and for when Relais may call.

The holidays come from the `holidays` library (MIT): metropolitan France, Alsace-Moselle (Good
Friday, St Stephen's day) and each overseas département and collectivité with its own days
(the abolition of slavery, at a different date in each). A département is the first digits of
an INSEE commune code ("23", "67", "2A", "971").
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays

# The `holidays` library's subdivision of France for the départements that have their own days.
SUBDIVISION = {
    "57": "57",
    "67": "6AE",
    "68": "6AE",
    "971": "971",
    "972": "972",
    "973": "973",
    "974": "974",
    "976": "976",
    "975": "PM",
    "977": "BL",
    "978": "MF",
    "986": "WF",
    "987": "PF",
    "988": "NC",
}


def departement_of(insee: str | None) -> str | None:
    """The département of an INSEE commune code: "23096" -> "23", "97411" -> "974"."""
    if not insee:
        return None
    return insee[:3] if insee.startswith(("97", "98")) else insee[:2]


@cache
def public_holidays(year: int, departement: str | None = None) -> frozenset[date]:
    subdivision = SUBDIVISION.get(departement or "")
    return frozenset(holidays.country_holidays("FR", subdiv=subdivision, years=year))


def is_public_holiday(day: date, departement: str | None = None) -> bool:
    return day in public_holidays(day.year, departement)


def is_working_day(day: date, departement: str | None = None) -> bool:
    return day.weekday() < 5 and not is_public_holiday(day, departement)


def add_working_days(
    start: datetime, days: int, timezone: str = "Europe/Paris", departement: str | None = None
) -> datetime:
    """The same local time `days` working days later (weekends and public holidays skipped)."""
    local = start.astimezone(ZoneInfo(timezone))
    current = local.date()
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current, departement):
            remaining -= 1
    result = datetime.combine(current, time(local.hour, local.minute), ZoneInfo(timezone))
    return result.astimezone(start.tzinfo)
