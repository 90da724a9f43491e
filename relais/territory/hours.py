"""Opening hours of the territory's team (a human answers then), French public holidays off."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from relais.territory.calendar import public_holidays
from relais.territory.models import Territory

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _intervals(territory: Territory, weekday: int) -> list[tuple[time, time]]:
    raw = territory.opening_hours.get(WEEKDAY_KEYS[weekday], [])
    return [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in raw]


def is_open(territory: Territory, at: datetime) -> bool:
    """Whether a person can be reached at `at` (aware datetime), in the territory's time."""
    local = at.astimezone(ZoneInfo(territory.timezone))
    departement = territory.departements[0] if territory.departements else None
    if local.date() in public_holidays(local.year, departement):
        return False
    now = local.time()
    return any(start <= now < end for start, end in _intervals(territory, local.weekday()))


MAX_DAYS_AHEAD = 15


def next_opening(territory: Territory, after: datetime) -> datetime | None:
    """When a person can next be reached after `after` (aware), or None if the territory has no
    opening hours in the next two weeks. Used to tell a caller when someone will call back."""
    zone = ZoneInfo(territory.timezone)
    local = after.astimezone(zone)
    departement = territory.departements[0] if territory.departements else None
    for offset in range(MAX_DAYS_AHEAD):
        day = local.date() + timedelta(days=offset)
        if day in public_holidays(day.year, departement):
            continue
        for start, end in sorted(_intervals(territory, day.weekday())):
            opening = datetime.combine(day, start, zone)
            if offset == 0 and datetime.combine(day, end, zone) <= local:
                continue
            return max(opening, local).astimezone(after.tzinfo)
    return None
