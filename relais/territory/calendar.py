"""French public holidays and working days, for due dates and for when Relais may call."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

# Good Friday and St Stephen's day are public holidays in Alsace-Moselle only.
ALSACE_MOSELLE = frozenset({"57", "67", "68"})


def easter_sunday(year: int) -> date:
    """Anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month = (h + leap - 7 * m + 114) // 31
    day = (h + leap - 7 * m + 114) % 31 + 1
    return date(year, month, day)


@cache
def public_holidays(year: int, departement: str | None = None) -> frozenset[date]:
    easter = easter_sunday(year)
    days = {
        date(year, 1, 1),
        easter + timedelta(days=1),
        date(year, 5, 1),
        date(year, 5, 8),
        easter + timedelta(days=39),
        easter + timedelta(days=50),
        date(year, 7, 14),
        date(year, 8, 15),
        date(year, 11, 1),
        date(year, 11, 11),
        date(year, 12, 25),
    }
    if departement in ALSACE_MOSELLE:
        days |= {easter - timedelta(days=2), date(year, 12, 26)}
    return frozenset(days)


def is_working_day(day: date, departement: str | None = None) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year, departement)


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
