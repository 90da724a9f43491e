"""When Relais calls a followed person: pure planning, no database.

The rule (docs/followups.md, "When Relais calls"):
- a follow-up is called on its days at its local time (10:00 stays 10:00 across
  daylight-saving changes), from its start date to its end date, not while paused;
- Relais calls only inside the territory's calling hours and never on a public holiday of the
  person's département (Alsace-Moselle and each overseas département have their own days);
- a planned call that falls before the calling hours moves to their opening the same day; one
  that falls after them moves to their opening the next allowed day; one on a public holiday
  moves to the next day that is not one, at the same time; a moved call that lands on a day
  already planned is dropped: at most one planned call a day.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from relais.territory.calendar import is_public_holiday

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
SHORT_NAMES = tuple(name[:3] for name in DAY_NAMES)  # "mer." as `date +%a` writes it in French
MAX_DAYS_SEARCHED = 400  # a year of days is enough to find the next allowed one


@dataclass(frozen=True)
class CallingHours:
    """Where and when calls are allowed: local hours, public holidays of a département."""

    timezone: str
    opens: time
    closes: time
    departement: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def allows_day(self, day: date) -> bool:
        return not is_public_holiday(day, self.departement)

    def allows(self, at: datetime) -> bool:
        local = at.astimezone(self.zone)
        return self.allows_day(local.date()) and self.opens <= local.time() < self.closes

    def next_allowed(self, at: datetime) -> datetime:
        """`at` itself when calls are allowed then, else the next opening of the hours."""
        local = at.astimezone(self.zone)
        day = local.date()
        for _ in range(MAX_DAYS_SEARCHED):
            if self.allows_day(day):
                opening = datetime.combine(day, self.opens, self.zone)
                closing = datetime.combine(day, self.closes, self.zone)
                if local < closing:
                    return max(local, opening).astimezone(at.tzinfo)
            day += timedelta(days=1)
            local = datetime.combine(day, time(0), self.zone)
        raise ValueError("no allowed calling time within a year")

    def moved(self, day: date, at: time) -> datetime:
        """The planned day and time, moved inside the hours (see the module's rule)."""
        if at >= self.closes:
            day, at = day + timedelta(days=1), self.opens
        for _ in range(MAX_DAYS_SEARCHED):
            if self.allows_day(day):
                return datetime.combine(day, max(at, self.opens), self.zone)
            day += timedelta(days=1)
        raise ValueError("no allowed calling day within a year")

    def closing_on(self, at: datetime) -> datetime:
        local = at.astimezone(self.zone)
        return datetime.combine(local.date(), self.closes, self.zone).astimezone(at.tzinfo)


@dataclass(frozen=True)
class Schedule:
    """A follow-up's days and time, its dates and its pause."""

    days: frozenset[int]  # 0 = Monday
    at: time
    starts_on: date
    ends_on: date | None = None
    paused_from: date | None = None
    paused_until: date | None = None

    def paused_on(self, day: date) -> bool:
        if self.paused_from is None:
            return False
        return self.paused_from <= day and (self.paused_until is None or day <= self.paused_until)

    def covers(self, day: date) -> bool:
        ended = self.ends_on is not None and day > self.ends_on
        return day >= self.starts_on and not ended and not self.paused_on(day)


@dataclass(frozen=True)
class Slot:
    planned: datetime  # the day and time of the schedule (aware, in the territory's zone)
    due: datetime  # when the call is placed (moved inside the hours)

    @property
    def moved(self) -> bool:
        return self.planned != self.due


def slots(schedule: Schedule, hours: CallingHours, after: datetime) -> Iterator[Slot]:
    """The planned calls due strictly after `after`, in order (endless unless it ends)."""
    zone = hours.zone
    day = max(schedule.starts_on, after.astimezone(zone).date() - timedelta(days=7))
    last_due: date | None = None
    for _ in range(MAX_DAYS_SEARCHED * 10):
        if schedule.ends_on is not None and day > schedule.ends_on:
            return
        if day.weekday() in schedule.days and schedule.covers(day):
            planned = datetime.combine(day, schedule.at, zone)
            due = hours.moved(day, schedule.at)
            due_day = due.date()
            if due > after and due_day != last_due and schedule.covers(due_day):
                last_due = due_day
                yield Slot(planned, due)
        day += timedelta(days=1)


def next_slots(schedule: Schedule, hours: CallingHours, after: datetime, count: int) -> list[Slot]:
    found: list[Slot] = []
    for slot in slots(schedule, hours, after):
        found.append(slot)
        if len(found) == count:
            break
    return found


def parse_days(text: str) -> frozenset[int]:
    """ "tue,fri", "mardi, vendredi" or "mar., ven." as weekdays; raises ValueError in French."""
    found: set[int] = set()
    for part in text.replace(";", ",").split(","):
        key = part.strip().lower().rstrip(".")
        if not key:
            continue
        if key in WEEKDAYS or key in DAY_NAMES:
            found.add(WEEKDAYS.index(key) if key in WEEKDAYS else DAY_NAMES.index(key))
        elif key in SHORT_NAMES:
            found.add(SHORT_NAMES.index(key))
        else:
            raise ValueError(f"Jour inconnu : « {part.strip()} » (lundi à dimanche, ou mon à sun).")
    return frozenset(found)


def parse_time(text: str) -> time:
    """ "10:00", "10h", "10h30" as a time; raises ValueError in French."""
    cleaned = text.strip().lower().replace("h", ":")
    if cleaned.endswith(":"):
        cleaned += "00"
    try:
        hour, minute = (int(p) for p in cleaned.split(":"))
        return time(hour, minute)
    except ValueError:
        raise ValueError(f"Heure invalide : « {text.strip()} » (par exemple 10:00).") from None
