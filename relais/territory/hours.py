"""Opening hours of the territory's team (a human answers then), French public holidays off."""

from __future__ import annotations

from datetime import datetime, time
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
