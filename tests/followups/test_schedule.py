"""When Relais calls, with a fixed clock: the days and local time of a follow-up, the calling
hours, the public holidays of the person's own département (metropolitan France,
Alsace-Moselle, overseas), both daylight-saving changes, pauses and end dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from relais.followups.schedule import (
    CallingHours,
    Schedule,
    next_slots,
    parse_days,
    parse_time,
)

PARIS = ZoneInfo("Europe/Paris")
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def hours(departement: str | None = "23", zone: str = "Europe/Paris") -> CallingHours:
    return CallingHours(zone, time(9), time(19), departement)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


def due(schedule: Schedule, calling: CallingHours, after: datetime, count: int) -> list[datetime]:
    return [s.due for s in next_slots(schedule, calling, after, count)]


def test_tuesdays_and_fridays_at_ten() -> None:
    schedule = Schedule(frozenset({TUE, FRI}), time(10), date(2026, 12, 1))
    found = due(schedule, hours(), paris(2026, 12, 1, 8), 4)
    assert found == [paris(2026, 12, 1, 10), paris(2026, 12, 4, 10), paris(2026, 12, 8, 10),
                     paris(2026, 12, 11, 10)]  # fmt: skip


def test_a_slot_already_past_today_is_next_week() -> None:
    schedule = Schedule(frozenset({TUE}), time(10), date(2026, 12, 1))
    assert due(schedule, hours(), paris(2026, 12, 1, 10, 30), 1) == [paris(2026, 12, 8, 10)]


def test_ten_stays_ten_across_both_daylight_saving_changes() -> None:
    # Autumn: Sunday 25 October 2026, 03:00 CEST becomes 02:00 CET.
    autumn = Schedule(frozenset({SAT, TUE}), time(10), date(2026, 10, 1))
    saturday, tuesday = due(autumn, hours(), paris(2026, 10, 23, 12), 2)
    assert (saturday.hour, tuesday.hour) == (10, 10)
    assert saturday.astimezone(UTC).hour == 8  # UTC+2
    assert tuesday.astimezone(UTC).hour == 9  # UTC+1
    # Spring: Sunday 28 March 2027, 02:00 CET becomes 03:00 CEST.
    spring = Schedule(frozenset({SAT, WED}), time(10), date(2027, 3, 1))
    saturday, wednesday = due(spring, hours(), paris(2027, 3, 26, 12), 2)
    assert saturday.astimezone(UTC).hour == 9
    assert wednesday.astimezone(UTC).hour == 8
    assert (saturday.astimezone(PARIS).hour, wednesday.astimezone(PARIS).hour) == (10, 10)


def test_a_public_holiday_moves_the_call_to_the_next_day_at_the_same_time() -> None:
    schedule = Schedule(frozenset({TUE}), time(10, 30), date(2026, 7, 1))
    [slot] = next_slots(schedule, hours(), paris(2026, 7, 13, 12), 1)
    assert slot.planned == paris(2026, 7, 14, 10, 30)  # Fête nationale
    assert slot.due == paris(2026, 7, 15, 10, 30)
    assert slot.moved


def test_alsace_moselle_keeps_good_friday_and_st_stephens_day() -> None:
    fridays = Schedule(frozenset({FRI}), time(10), date(2027, 3, 1))
    after = paris(2027, 3, 22, 12)
    assert due(fridays, hours("67"), after, 1) == [paris(2027, 3, 27, 10)]  # Good Friday
    assert due(fridays, hours("57"), after, 1) == [paris(2027, 3, 27, 10)]
    assert due(fridays, hours("23"), after, 1) == [paris(2027, 3, 26, 10)]  # a working day
    saturdays = Schedule(frozenset({SAT}), time(10), date(2026, 12, 1))
    after = paris(2026, 12, 21, 12)
    assert due(saturdays, hours("68"), after, 1) == [paris(2026, 12, 27, 10)]  # 26 Dec
    assert due(saturdays, hours("23"), after, 1) == [paris(2026, 12, 26, 10)]


@pytest.mark.parametrize(
    ("departement", "zone", "abolition"),
    [
        ("971", "America/Guadeloupe", date(2027, 5, 27)),
        ("972", "America/Martinique", date(2027, 5, 22)),
        ("973", "America/Cayenne", date(2027, 6, 10)),
        ("974", "Indian/Reunion", date(2026, 12, 20)),
        ("976", "Indian/Mayotte", date(2027, 4, 27)),
    ],
)
def test_each_overseas_departement_keeps_its_own_abolition_day(
    departement: str, zone: str, abolition: date
) -> None:
    schedule = Schedule(frozenset({abolition.weekday()}), time(10), abolition - timedelta(7))
    local = ZoneInfo(zone)
    after = datetime.combine(abolition - timedelta(days=1), time(12), local)
    [slot] = next_slots(schedule, hours(departement, zone), after, 1)
    assert slot.planned.date() == abolition
    assert slot.due == datetime.combine(abolition + timedelta(days=1), time(10), local)
    # The same day is an ordinary one in the Creuse.
    [creuse] = next_slots(schedule, hours("23"), after.replace(tzinfo=PARIS), 1)
    assert creuse.due.date() == abolition


def test_calls_outside_the_calling_hours_move_inside_them() -> None:
    early = Schedule(frozenset({WED}), time(8), date(2026, 12, 1))
    [slot] = next_slots(early, hours(), paris(2026, 12, 1, 12), 1)
    assert (slot.planned, slot.due) == (paris(2026, 12, 2, 8), paris(2026, 12, 2, 9))
    late = Schedule(frozenset({WED}), time(20), date(2026, 12, 1))
    [slot] = next_slots(late, hours(), paris(2026, 12, 1, 12), 1)
    assert slot.due == paris(2026, 12, 3, 9)  # the next allowed day, at the opening


def test_a_moved_call_landing_on_a_planned_day_is_not_doubled() -> None:
    schedule = Schedule(frozenset({TUE, WED}), time(10), date(2026, 7, 1))
    found = due(schedule, hours(), paris(2026, 7, 13, 12), 3)
    assert found == [paris(2026, 7, 15, 10), paris(2026, 7, 21, 10), paris(2026, 7, 22, 10)]


def test_no_call_during_a_pause_or_after_the_end() -> None:
    schedule = Schedule(
        frozenset({MON, THU}),
        time(10),
        date(2026, 12, 1),
        ends_on=date(2026, 12, 21),
        paused_from=date(2026, 12, 7),
        paused_until=date(2026, 12, 13),
    )
    found = due(schedule, hours(), paris(2026, 12, 1, 12), 10)
    assert found == [paris(2026, 12, 3, 10), paris(2026, 12, 14, 10), paris(2026, 12, 17, 10),
                     paris(2026, 12, 21, 10)]  # fmt: skip


def test_the_next_allowed_time_of_a_retry() -> None:
    calling = hours()
    assert calling.next_allowed(paris(2026, 12, 4, 15)) == paris(2026, 12, 4, 15)
    assert calling.next_allowed(paris(2026, 12, 4, 7)) == paris(2026, 12, 4, 9)
    assert calling.next_allowed(paris(2026, 12, 4, 19, 15)) == paris(2026, 12, 5, 9)
    assert calling.next_allowed(paris(2026, 12, 24, 19, 30)) == paris(2026, 12, 26, 9)
    assert not calling.allows(paris(2026, 12, 25, 10))


def test_days_and_times_as_people_write_them() -> None:
    assert parse_days("tue,fri") == {TUE, FRI}
    assert parse_days("Mardi, vendredi") == {TUE, FRI}
    assert parse_days("mar., ven.") == {TUE, FRI}
    assert parse_days("wed") == {WED}
    assert parse_days("") == frozenset()
    assert parse_time("10h") == time(10)
    assert parse_time("9h30") == time(9, 30)
    assert parse_time("14:15") == time(14, 15)
    with pytest.raises(ValueError, match="Jour inconnu"):
        parse_days("mardi, vendredo")
    with pytest.raises(ValueError, match="Jour inconnu"):
        parse_days("tuesday")
    with pytest.raises(ValueError, match="Heure invalide"):
        parse_time("25:00")
