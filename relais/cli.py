"""The `relais` command: database, seeding, staff accounts and a look at the queue."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from relais import dbadmin
from relais.cases.models import Case, CaseStatus
from relais.cases.service import list_cases
from relais.cli_followups import followups_app, scheduler_app
from relais.config import ROOT, Environment, get_settings
from relais.db import make_engine, make_session_factory, session_scope
from relais.seed.demo import seed_demo
from relais.staff.models import Role
from relais.staff.service import InvalidStaffInput, create_staff
from relais.territory.communes import load_communes
from relais.territory.service import UnknownTerritory, get_territory

app = typer.Typer(help="Relais : repérage et orientation des personnes âgées isolées.")
db_app = typer.Typer(help="Database schema.")
seed_app = typer.Typer(help="Demo data.")
staff_app = typer.Typer(help="Staff accounts.")
cases_app = typer.Typer(help="The orientation queue.")
app.add_typer(db_app, name="db")
app.add_typer(seed_app, name="seed")
app.add_typer(staff_app, name="staff")
app.add_typer(cases_app, name="cases")
app.add_typer(followups_app, name="followups")
app.add_typer(scheduler_app, name="scheduler")

DEMO_PASSWORD_FILE = ROOT / "var" / "demo-admin-password"


def _session() -> Any:
    factory = make_session_factory(make_engine(get_settings().database_url))
    return session_scope(factory)


def _fail(message: str) -> typer.Exit:
    typer.secho(message, err=True, fg=typer.colors.RED)
    return typer.Exit(code=1)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Brings the database schema up to date (Alembic migrations)."""
    dbadmin.upgrade(get_settings().database_url)
    typer.echo("Database schema up to date.")


@seed_app.command("demo")
def seed_demo_command() -> None:
    """Creates the demo territory (Creuse), its communes, three structures and an admin."""
    session: Session
    with _session() as session:
        seeded = seed_demo(session)
    if seeded.admin_password is not None:
        _remember_demo_password(seeded.admin_password)
        typer.echo(f"Demo admin created: {seeded.admin_email}")
    typer.echo(f"Demo territory ready ({seeded.communes_added} communes added).")


def _remember_demo_password(password: str) -> None:
    # Development convenience only: `make run` prints it on every start.
    if get_settings().environment is not Environment.DEVELOPMENT:
        typer.echo(f"Demo admin password (shown once): {password}")
        return
    DEMO_PASSWORD_FILE.parent.mkdir(parents=True, exist_ok=True)
    DEMO_PASSWORD_FILE.write_text(password + "\n")
    os.chmod(DEMO_PASSWORD_FILE, 0o600)


@staff_app.command("create")
def staff_create(
    email: Annotated[str, typer.Option(help="Login e-mail address")],
    role: Annotated[Role, typer.Option(help="admin, coordinator, partner or viewer")],
    territory: Annotated[str, typer.Option(help="Territory code, e.g. creuse")],
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
    structure_id: Annotated[int | None, typer.Option(help="Required for partners")] = None,
    name: Annotated[str, typer.Option(help="Display name")] = "",
) -> None:
    """Creates a staff account."""
    from relais.directory.models import Structure

    session: Session
    try:
        with _session() as session:
            found = get_territory(session, territory)
            structure = session.get(Structure, structure_id) if structure_id else None
            if structure_id and structure is None:
                raise InvalidStaffInput(f"Aucune structure n°{structure_id}.")
            user = create_staff(
                session,
                email=email,
                role=role,
                territory=found,
                password=password,
                structure=structure,
                display_name=name,
                actor_label="cli",
            )
            typer.echo(f"Staff account {user.email} created ({user.role.value}).")
    except (InvalidStaffInput, UnknownTerritory) as error:
        raise _fail(str(error)) from error


def _case_row(case: Case) -> dict[str, Any]:
    commune = load_communes().by_insee(case.commune_insee) if case.commune_insee else None
    return {
        "id": case.id,
        "reference": case.reference,
        "status": case.status.value,
        "channel": case.channel.value,
        "origin": case.origin.value,
        "commune_insee": case.commune_insee,
        "commune": commune.name if commune else None,
        "isolation_level": case.isolation_level.value if case.isolation_level else None,
        "danger_now": case.danger_now,
        "reporter_relation": case.reporter_relation.value if case.reporter_relation else None,
        "due_at": case.due_at.isoformat() if case.due_at else None,
        "created_at": case.created_at.isoformat(),
    }


@cases_app.command("list")
def cases_list(
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output")] = False,
    status: Annotated[list[CaseStatus] | None, typer.Option(help="Filter by status")] = None,
    territory: Annotated[str | None, typer.Option(help="Territory code")] = None,
) -> None:
    """Lists the cases of the queue, most urgent first."""
    session: Session
    with _session() as session:
        territory_id = get_territory(session, territory).id if territory else None
        rows = [
            _case_row(c) for c in list_cases(session, territory_id=territory_id, statuses=status)
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        level = row["isolation_level"] or "-"
        typer.echo(f"{row['reference']}  {row['status']:<17} {level:<7} {row['commune'] or ''}")
    typer.echo(f"{len(rows)} case(s).")


@app.command("info")
def info() -> None:
    """Prints where everything listens and the demo admin's login."""
    settings = get_settings()
    typer.echo("")
    typer.echo("Relais is starting:")
    typer.echo(f"  API                {settings.public_base_url}")
    typer.echo(f"  web chat           {settings.public_base_url}/chat (without JavaScript)")
    typer.echo(f"  health             {settings.public_base_url}/healthz")
    typer.echo(f"  API documentation  {settings.public_base_url}/docs")
    typer.echo(f"  Rasa               {settings.rasa_url}")
    typer.echo(f"  action server      {settings.action_server_url}")
    typer.echo(f"  database           {_safe_url(settings.database_url)}")
    typer.echo(f"  Twilio webhooks    {settings.public_base_url}/twilio/sms, /twilio/voice")
    if settings.simulator_enabled:
        typer.echo(f"  phone simulator    {settings.public_base_url}/dev/phone")
        typer.echo(f"  demo site + widget {settings.public_base_url}/dev/site")
    if DEMO_PASSWORD_FILE.exists():
        typer.echo(f"  demo admin         admin@relais.example / {_demo_password()}")
        typer.echo(f"  back-office        {settings.public_base_url}/backoffice/")
        typer.echo("  demo staff (same password): coordination@relais.example (coordinator),")
        typer.echo("    clic@, ccas-aubusson@, equipe-souterraine@relais.example (partners),")
        typer.echo("    statistiques@relais.example (viewer)")
    typer.echo("Ctrl-C stops everything.")
    typer.echo("")


def _demo_password() -> str:
    return Path(DEMO_PASSWORD_FILE).read_text().strip()


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


checkin_app = typer.Typer(help="Check-in calls and SMS to followed people.")
app.add_typer(checkin_app, name="checkin")


@checkin_app.command("start")
def checkin_start(
    phone: Annotated[str, typer.Option(help="The person's number, e.g. 0555521234.")],
    first_name: Annotated[str | None, typer.Option(help="Said in the greeting.")] = None,
    channel: Annotated[str, typer.Option(help="voice or sms")] = "voice",
    call: Annotated[
        bool, typer.Option(help="Also place the call (voice): it says this check-in question.")
    ] = False,
) -> None:
    """Opens a check-in conversation now and prints what the assistant says. Answer it through
    the web chat API with the printed conversation id, or with --call place the phone call
    (console telephony: the phone simulator shows it)."""
    from relais.answers.contact import phone as read_phone
    from relais.cases.models import Channel
    from relais.conversation.assistant import AssistantUnavailable, RasaAssistant
    from relais.conversation.service import start_conversation
    from relais.followups.service import CheckinRefused, start_checkin

    settings = get_settings()
    number = read_phone(phone)
    if number is None or channel not in ("voice", "sms"):
        raise _fail("Numéro de téléphone ou canal invalide (voice ou sms).")
    assistant = RasaAssistant(
        settings.rasa_url, settings.action_server_url, settings.rasa_token.get_secret_value()
    )
    session: Session
    try:
        with _session() as session:
            territory = get_territory(session, settings.territory_code)
            conversation = start_conversation(session, territory.id, Channel(channel), number)
            replies = start_checkin(session, assistant, conversation, first_name)
            conversation_id = conversation.id
    except CheckinRefused as error:
        raise _fail("Cette personne ne souhaite plus être appelée.") from error
    except AssistantUnavailable as error:
        raise _fail("L'assistant ne répond pas : lancez `make run`.") from error
    finally:
        assistant.close()
    typer.echo(f"conversation {conversation_id}")
    for reply in replies:
        choices = " | ".join(f"{b['title']} ({b['payload']})" for b in reply.buttons)
        typer.echo(reply.text + (f"\n  [{choices}]" if choices else ""))
    if call and channel == "voice":
        typer.echo(f"call {_place_checkin_call(conversation_id)}")


def _place_checkin_call(conversation_id: str) -> str:
    from relais.conversation.models import Conversation
    from relais.phone.voice import place_checkin_call
    from relais.telephony.factory import make_telephony
    from relais.telephony.port import TelephonyError

    settings = get_settings()
    factory = make_session_factory(make_engine(settings.database_url))
    with factory() as session:
        conversation = session.get_one(Conversation, conversation_id)
        try:
            placed = place_checkin_call(
                session, make_telephony(settings, factory), settings, conversation
            )
        except TelephonyError as error:
            raise _fail(f"L'appel n'a pas pu être passé : {error}") from error
        return placed.call_sid


if __name__ == "__main__":
    app()
