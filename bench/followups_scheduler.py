"""The scheduler under load: 10,000 followed people due in the same hour, PostgreSQL, console
telephony. Not a timed test: the figures go to docs/benchmarks.md.

1. A fresh database, migrated and seeded; 10,000 people with their consent, their follow-up
   and their planned call, all due within the past hour (rows inserted in bulk: the set-up is
   not what is measured). Calls are allowed all day for the bench.
2. For each rate (calls per second): `relais scheduler run` as a real process for
   `--seconds`; the calls it placed are read from the console adapter's records: the rate
   achieved (first to last call), its gap to the configured one, and the process's peak
   memory (VmRSS, sampled every 0.2 s).
3. The round's own cost per call: the scheduler in-process with no pacing, on `--cost-calls`
   more calls: wall time and SQL statements per call placed.
4. Doubles: no number is ever called twice, and every placed attempt has exactly one call.

    .venv/bin/python bench/followups_scheduler.py [--people 10000] [--rates 1,10]
        [--seconds 120] [--cost-calls 1000]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.orm import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relais.cases.models import Case, CaseStatus, Channel, Origin  # noqa: E402
from relais.config import Environment, Settings  # noqa: E402
from relais.consent.models import (  # noqa: E402
    ConsentDecision,
    ConsentRecord,
    ConsentScope,
    ConsentSource,
    ConsentSubject,
)
from relais.conversation.assistant import rasa_assistant  # noqa: E402
from relais.db import make_engine, make_session_factory  # noqa: E402
from relais.followups.models import (  # noqa: E402
    AttemptKind,
    AttemptReason,
    AttemptState,
    CheckinAttempt,
    FollowUp,
    FollowUpChannel,
    FollowUpStatus,
)
from relais.followups.placing import Placing  # noqa: E402
from relais.followups.ticks import Pacer, Scheduler  # noqa: E402
from relais.people.models import Person  # noqa: E402
from relais.telephony.console import ConsoleTelephony  # noqa: E402
from relais.telephony.models import ConsoleRecord  # noqa: E402
from relais.territory.calendar import is_public_holiday  # noqa: E402
from relais.territory.models import Territory  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
DATABASE = "relais_bench_followups"
SECRET = "bench-secret-of-enough-length"  # noqa: S105 - a throwaway database
BATCH = 2000
PER_ROUND = 100
END_CALLS = "UPDATE checkin_attempts SET state = 'done' WHERE state IN ('ringing', 'placing')"


def fresh_database() -> str:
    admin = create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    url = f"{POSTGRES}/{DATABASE}"
    env = os.environ | {"RELAIS_DATABASE_URL": url}
    relais = str(ROOT / ".venv" / "bin" / "relais")
    for command in ([relais, "db", "upgrade"], [relais, "seed", "demo"]):
        subprocess.run(command, env=env, check=True, capture_output=True)
    return url


def workable_zone() -> str:
    """A time zone where today is not a public holiday (no call is placed on one)."""
    for zone in ("Europe/Paris", "Pacific/Kiritimati", "Pacific/Pago_Pago"):
        if not is_public_holiday(datetime.now(ZoneInfo(zone)).date(), "23"):
            return zone
    raise SystemExit("every candidate day is a public holiday")


def _rows(model: type, values: list[dict[str, Any]], session: Session) -> list[int]:
    ids: list[int] = []
    for start in range(0, len(values), BATCH):
        chunk = values[start : start + BATCH]
        ids += list(session.scalars(insert(model).returning(model.id), chunk))  # type: ignore[attr-defined]
    return ids


def people_due(url: str, count: int) -> None:
    """`count` followed people, each with a consent, a follow-up and a call due this hour."""
    engine = make_engine(url)
    sessions = make_session_factory(engine)
    now = datetime.now(UTC)
    with sessions() as session:
        territory = session.scalars(select(Territory)).one()
        territory.timezone = workable_zone()
        territory.calling_from, territory.calling_until = "00:00", "23:59"
        phones = [f"+3355{6000000 + i:07d}" for i in range(count)]
        person_ids = _rows(
            Person,
            [{"territory_id": territory.id, "phone": p, "first_name": "Jeanne"} for p in phones],
            session,
        )
        case_ids = _rows(
            Case,
            [
                {
                    "territory_id": territory.id,
                    "channel": Channel.STAFF,
                    "origin": Origin.SELF,
                    "status": CaseStatus.FOLLOWED,
                    "person_id": person_id,
                    "collected": {"kind": "followup"},
                    "created_at": now,
                    "updated_at": now,
                }
                for person_id in person_ids
            ],
            session,
        )
        _rows(
            ConsentRecord,
            [
                {
                    "subject": ConsentSubject.PERSON,
                    "source": ConsentSource.STAFF,
                    "scope": ConsentScope.CHECKIN_CALLS,
                    "decision": ConsentDecision.GIVEN,
                    "channel": "voice",
                    "wording_version": "bench",
                    "person_id": person_id,
                    "phone": phone,
                    "recorded_at": now,
                }
                for person_id, phone in zip(person_ids, phones, strict=True)
            ],
            session,
        )
        followup_ids = _rows(
            FollowUp,
            [
                {
                    "territory_id": territory.id,
                    "person_id": person_id,
                    "case_id": case_id,
                    "phone": phone,
                    "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                    "at_time": "00:00",
                    "channel": FollowUpChannel.CALL,
                    "starts_on": now.date(),
                    "status": FollowUpStatus.ACTIVE,
                    "unreached_streak": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for person_id, case_id, phone in zip(person_ids, case_ids, phones, strict=True)
            ],
            session,
        )
        _rows(
            CheckinAttempt,
            [
                {
                    "followup_id": followup_id,
                    "slot_at": now - timedelta(seconds=3600 * i / count),
                    "try_number": 1,
                    "kind": AttemptKind.CALL,
                    "reason": AttemptReason.SCHEDULED,
                    "due_at": now - timedelta(seconds=3600 * i / count),
                    "state": AttemptState.PLANNED,
                    "detail": {},
                    "created_at": now,
                    "updated_at": now,
                }
                for i, followup_id in enumerate(followup_ids)
            ],
            session,
        )
        session.commit()
    engine.dispose()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def run_process(url: str, rate: float, seconds: float) -> dict[str, Any]:
    """`relais scheduler run` at `rate` calls per second for `seconds`."""
    env = os.environ | {
        "RELAIS_DATABASE_URL": url,
        "RELAIS_ENVIRONMENT": "test",
        "RELAIS_SECRET_KEY": SECRET,
        "RELAIS_RASA_TOKEN": SECRET,
        "RELAIS_TELEPHONY": "console",
        "RELAIS_CALLS_PER_SECOND": str(rate),
        "RELAIS_MAX_CONCURRENT_CALLS": "10000",
    }
    engine = create_engine(url)
    with engine.connect() as connection:
        before = connection.scalar(select(func.max(ConsoleRecord.id))) or 0
    log = open(ROOT / "var" / f"bench-scheduler-{rate:g}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "relais"), "scheduler", "run"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    peak = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        peak = max(peak, rss_kib(process.pid))
        time.sleep(0.2)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    log.close()
    with engine.connect() as connection:
        times = list(
            connection.scalars(
                select(ConsoleRecord.created_at)
                .where(ConsoleRecord.id > before, ConsoleRecord.kind == "call")
                .order_by(ConsoleRecord.id)
            )
        )
        # The concurrent calls under way count: the bench's console calls never end by
        # themselves, so they are ended between runs.
        connection.execute(text(END_CALLS))
        connection.commit()
    engine.dispose()
    # The first call waits for the lease and the first round: the rate is measured between
    # the first and the last call.
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0.0
    achieved = (len(times) - 1) / span if span else 0.0
    return {
        "rate": rate,
        "calls": len(times),
        "span": span,
        "achieved": achieved,
        "gap": (achieved - rate) / rate * 100,
        "peak_mib": peak / 1024,
    }


def round_cost(url: str, calls: int) -> dict[str, float]:
    """The scheduler's own cost per call, in-process and unpaced (what bounds its rate): rounds
    of 100 calls, the calls under way ended between rounds (outside the measure); the first
    round (taking the lease, housekeeping) is left out."""
    settings = Settings(
        environment=Environment.TEST,
        database_url=url,
        secret_key=SECRET,  # type: ignore[arg-type]
        rasa_token=SECRET,  # type: ignore[arg-type]
        max_concurrent_calls=PER_ROUND,
        _env_file=None,  # type: ignore[call-arg]
    )
    engine = make_engine(url)
    statements = Counter[str]()
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.update(["sql"]))
    sessions = make_session_factory(engine)
    ender = create_engine(url)  # its statements are not counted
    placing = Placing(
        ConsoleTelephony(sessions, settings.telephony_from_number),
        rasa_assistant(settings),
        settings,
        holder="bench-in-process",
    )
    scheduler = Scheduler(sessions, placing, pacer=Pacer(1e9, sleep=lambda s: None))
    placed, seconds, first = 0, 0.0, True
    while placed < calls:
        statements_before = statements["sql"]
        started = time.perf_counter()
        done = scheduler.tick()
        elapsed = time.perf_counter() - started
        if done.claimed == 0:
            break
        if first:
            statements["sql"] = statements_before
            first = False
        else:
            seconds += elapsed
            placed += done.placed
        with ender.begin() as connection:
            connection.execute(text(END_CALLS))
    engine.dispose()
    ender.dispose()
    return {
        "calls": placed,
        "ms_per_call": seconds / max(placed, 1) * 1000,
        "statements_per_call": statements["sql"] / max(placed, 1),
    }


def doubles(url: str) -> tuple[int, int, int]:
    """(numbers called twice, placed attempts without exactly one call, calls placed)."""
    engine = create_engine(url)
    with engine.connect() as connection:
        per_number = Counter(
            connection.scalars(select(ConsoleRecord.to).where(ConsoleRecord.kind == "call"))
        )
        sids = Counter(
            connection.scalars(
                select(CheckinAttempt.provider_sid).where(CheckinAttempt.provider_sid.is_not(None))
            )
        )
        recorded = set(
            connection.scalars(select(ConsoleRecord.sid).where(ConsoleRecord.kind == "call"))
        )
    engine.dispose()
    twice = sum(1 for n in per_number.values() if n > 1)
    unmatched = sum(1 for sid, n in sids.items() if n != 1 or sid not in recorded)
    return twice, unmatched, sum(per_number.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--rates", default="1,10")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--cost-calls", type=int, default=1000)
    args = parser.parse_args()
    (ROOT / "var").mkdir(exist_ok=True)
    url = fresh_database()
    started = time.perf_counter()
    people_due(url, args.people)
    print(
        f"set-up: {args.people} people due within the hour ({time.perf_counter() - started:.0f} s)"
    )
    print("| calls/s set | calls placed | over (s) | calls/s achieved | gap | peak RSS |")
    print("|---|---|---|---|---|---|")
    for rate in (float(r) for r in args.rates.split(",")):
        r = run_process(url, rate, args.seconds)
        print(
            f"| {r['rate']:g} | {r['calls']} | {r['span']:.1f} | {r['achieved']:.3f} | "
            f"{r['gap']:+.2f} % | {r['peak_mib']:.0f} MiB |"
        )
    cost = round_cost(url, args.cost_calls)
    print(
        f"round cost, unpaced: {cost['calls']:.0f} calls, {cost['ms_per_call']:.1f} ms and "
        f"{cost['statements_per_call']:.1f} SQL statements per call"
    )
    twice, unmatched, total = doubles(url)
    print(
        f"doubles: {twice} number(s) called twice, {unmatched} attempt(s) without exactly one "
        f"call, over {total} calls"
    )


if __name__ == "__main__":
    main()
