"""`relais followups …` and `relais scheduler run`: follow-ups for the département's IT team
and for scripts. Errors are French, on stderr, exit code 1; nothing is written then."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from enum import StrEnum
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from relais.config import get_settings
from relais.db import make_engine, make_session_factory, session_scope, utcnow
from relais.followups import enrolment, planning, views
from relais.followups.enrolment import FollowUpError, FollowUpNotFound, FollowUpRequest
from relais.followups.models import FollowUp, FollowUpChannel, PauseReason, StopReason
from relais.followups.schedule import CallingHours, parse_days, parse_time
from relais.phone import numbers
from relais.territory.models import Territory
from relais.territory.service import UnknownTerritory, get_territory

followups_app = typer.Typer(help="Follow-ups: scheduled check-in calls to followed people.")
scheduler_app = typer.Typer(help="The scheduler process that places the check-in calls.")


class ChannelChoice(StrEnum):
    CALL = "call"
    SMS = "sms"
    CALL_SMS = "call+sms"

    def stored(self) -> FollowUpChannel:
        return FollowUpChannel.CALL_SMS if self is ChannelChoice.CALL_SMS else FollowUpChannel(self)


def _fail(message: str) -> typer.Exit:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code=1)


@contextmanager
def _territory() -> Iterator[tuple[Session, Territory]]:
    settings = get_settings()
    factory = make_session_factory(make_engine(settings.database_url))
    try:
        with session_scope(factory) as session:
            yield session, get_territory(session, settings.territory_code)
    except (FollowUpError, FollowUpNotFound, UnknownTerritory, ValueError) as error:
        raise _fail(str(error)) from error


def _date(text: str | None, what: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise FollowUpError(f"Date {what} invalide : « {text} » (AAAA-MM-JJ).") from None


def _find(
    session: Session, territory: Territory, followup_id: int | None, phone: str | None
) -> FollowUp:
    if followup_id is not None:
        return enrolment.get_followup(session, None, territory.id, followup_id)
    number = numbers.normalise(phone or "")
    if number is None:
        raise FollowUpError("Indiquez le suivi : --id, ou --phone avec un numéro valide.")
    found = enrolment.open_followup_for_phone(session, territory.id, number)
    if found is None:
        raise FollowUpError("Aucun suivi en cours pour ce numéro.")
    return found


Phone = Annotated[str | None, typer.Option(help="The person's number, e.g. 0555521234.")]
Id = Annotated[int | None, typer.Option("--id", help="The follow-up's number.")]


@followups_app.command("enrol")
def enrol(
    phone: Annotated[str, typer.Option(help="The person's number, e.g. 0555521234.")],
    days: Annotated[str, typer.Option(help="Days of the week: mon,tue,… or lundi,mardi,…")],
    at: Annotated[str, typer.Option("--time", help="Local time of the call, e.g. 10:00.")],
    first_name: Annotated[str | None, typer.Option(help="Said in the greeting.")] = None,
    channel: Annotated[
        ChannelChoice, typer.Option(help="call, sms or call+sms")
    ] = ChannelChoice.CALL,
    structure: Annotated[int | None, typer.Option(help="The referent structure's number.")] = None,
    referent: Annotated[
        int | None, typer.Option(help="The referent staff member's number.")
    ] = None,
    start: Annotated[
        str | None, typer.Option(help="First day (YYYY-MM-DD); today by default.")
    ] = None,
    end: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD), if any.")] = None,
    case: Annotated[int | None, typer.Option(help="The person's case, if known.")] = None,
    commune: Annotated[str | None, typer.Option(help="INSEE code of the person's commune.")] = None,
    consent_by_phone: Annotated[
        bool, typer.Option(help="The person agreed to the calls by phone, with you.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """Sets up a follow-up and plans its first call (the person's consent is required)."""
    with _territory() as (session, territory):
        request = FollowUpRequest(
            phone=phone,
            days=parse_days(days),
            at=parse_time(at),
            channel=channel.stored(),
            first_name=first_name,
            starts_on=_date(start, "de début"),
            ends_on=_date(end, "de fin"),
            structure_id=structure,
            referent_id=referent,
            consent_by_phone=consent_by_phone,
            case_id=case,
            commune_insee=commune,
        )
        followup = enrolment.enrol(session, territory, None, request, utcnow())
        _show(session, territory, followup, as_json)


def _show(session: Session, territory: Territory, followup: FollowUp, as_json: bool) -> None:
    session.flush()
    [row] = [
        r for r in views.rows(session, territory, None, utcnow()) if r.followup.id == followup.id
    ]
    data = views.as_json(row, territory)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(
        f"Suivi n°{data['id']} ({data['status']}) : {','.join(data['days'])} à {data['time']}, "
        f"prochain appel {data['next_call'] or 'aucun'}."
    )


@followups_app.command("list")
def list_followups(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """The follow-ups, today's alerts first, each with its next call and its last attempt."""
    with _territory() as (session, territory):
        found = [
            views.as_json(r, territory) for r in views.rows(session, territory, None, utcnow())
        ]
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for row in found:
        last = row["last_attempt"]
        outcome = f"{last['state']}/{last['outcome'] or '-'}" if last else "-"
        typer.echo(
            f"{row['id']:>5}  {row['status']:<9} {','.join(row['days']):<16} {row['time']}  "
            f"prochain: {row['next_call'] or '-':<26} dernier: {outcome}"
        )
    typer.echo(f"{len(found)} follow-up(s).")


@followups_app.command("plan")
def plan(
    phone: Phone = None,
    followup_id: Id = None,
    from_day: Annotated[
        str | None, typer.Option("--from", help="YYYY-MM-DD; today by default.")
    ] = None,
    count: Annotated[int, typer.Option(min=1, max=366, help="How many calls.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
) -> None:
    """The next planned calls of a follow-up, without placing any (holidays and calling hours
    applied)."""
    with _territory() as (session, territory):
        followup = _find(session, territory, followup_id, phone)
        start = _date(from_day, "de départ") or planning.local_date(territory, utcnow())
        after = datetime.combine(start, time(0), planning.calling_zone(territory))
        slots = planning.upcoming(session, territory, followup, after, count)
        hours = planning.calling_hours(session, territory, followup)
    found = [_slot(s.planned, s.due, hours) for s in slots]
    if as_json:
        typer.echo(json.dumps(found, ensure_ascii=False, indent=2))
        return
    for slot in found:
        moved = f"  (prévu {slot['planned']})" if slot["moved"] else ""
        typer.echo(f"{slot['due']}{moved}")


def _slot(planned: datetime, due: datetime, hours: CallingHours) -> dict[str, Any]:
    return {
        "planned": planned.isoformat(),
        "due": due.isoformat(),
        "moved": planned != due,
        "departement": hours.departement,
    }


@followups_app.command("confirm")
def confirm(phone: Phone = None, followup_id: Id = None) -> None:
    """Confirms a follow-up the person asked for (self-referral): its calls start."""
    with _territory() as (session, territory):
        followup = _find(session, territory, followup_id, phone)
        enrolment.confirm(session, territory, None, followup.id, utcnow())
        _show(session, territory, followup, False)


@followups_app.command("pause")
def pause(
    phone: Phone = None,
    followup_id: Id = None,
    from_day: Annotated[
        str | None, typer.Option("--from", help="YYYY-MM-DD; today by default.")
    ] = None,
    until: Annotated[str | None, typer.Option(help="Last day of the pause (YYYY-MM-DD).")] = None,
    reason: Annotated[
        PauseReason, typer.Option(help="hospital, away or other")
    ] = PauseReason.OTHER,
    note: Annotated[str | None, typer.Option(help="A few words for colleagues.")] = None,
) -> None:
    """No calls from a day to another (hospital, away…)."""
    with _territory() as (session, territory):
        followup = _find(session, territory, followup_id, phone)
        now = utcnow()
        enrolment.pause(
            session,
            territory,
            None,
            followup.id,
            from_day=_date(from_day, "de début") or planning.local_date(territory, now),
            until_day=_date(until, "de fin"),
            reason=reason,
            note=note,
            now=now,
        )
        _show(session, territory, followup, False)


@followups_app.command("resume")
def resume(phone: Phone = None, followup_id: Id = None) -> None:
    """Ends a pause: the calls start again."""
    with _territory() as (session, territory):
        followup = _find(session, territory, followup_id, phone)
        enrolment.resume(session, territory, None, followup.id, utcnow())
        _show(session, territory, followup, False)


@followups_app.command("stop")
def stop(
    phone: Phone = None,
    followup_id: Id = None,
    reason: Annotated[
        StopReason, typer.Option(help="no_longer_needed, moved, deceased, other")
    ] = StopReason.OTHER,
    note: Annotated[str | None, typer.Option(help="A few words for colleagues.")] = None,
) -> None:
    """Stops a follow-up: no call is placed after it."""
    with _territory() as (session, territory):
        followup = _find(session, territory, followup_id, phone)
        enrolment.stop(session, territory, None, followup.id, reason=reason, note=note)
        _show(session, territory, followup, False)


@scheduler_app.command("run")
def run() -> None:
    """Runs the scheduler until stopped (Ctrl-C, SIGTERM). Start one; a second one stands by
    and takes over within 30 seconds if the first dies."""
    import logging

    from scheduler.main import run as run_scheduler

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    run_scheduler(get_settings())
