"""Queue and case page latency with 50,000 cases and 200,000 timeline events (PostgreSQL).

    .venv/bin/python bench/queue_pages.py seed      # creates the database relais_bench_queue
    .venv/bin/python bench/queue_pages.py measure   # starts the API on 127.0.0.1:8300, measures
    .venv/bin/python bench/queue_pages.py drop

Measures wall time of complete HTTP requests (uvicorn, one worker, signed-in coordinator):
the default queue page, a filtered queue page, the last page of the queue, and case pages.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, select, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relais import dbadmin  # noqa: E402
from relais.cases.models import Case, CaseEvent  # noqa: E402
from relais.consent.models import ConsentRecord  # noqa: E402
from relais.db import make_engine, make_session_factory, session_scope, utcnow  # noqa: E402
from relais.directory.models import Structure  # noqa: E402
from relais.people.models import Person  # noqa: E402
from relais.seed.demo import seed_demo  # noqa: E402
from relais.territory.models import CommuneRecord  # noqa: E402

SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
NAME = "relais_bench_queue"
URL = f"{SERVER}/{NAME}"
CASES = 50_000
EVENTS_PER_CASE = 4
PORT = 8300
REQUESTS = 200
CHUNK = 5_000
STATUSES = (
    ["closed"] * 70
    + ["oriented"] * 10
    + ["followed"] * 8
    + ["new"] * 5
    + ["qualified"] * 4
    + ["awaiting_contact"] * 3
)
LEVELS = [None, "urgent", "high", "high", "medium", "medium", "medium", "low", "low"]
EVENT_KINDS = ["taken", "qualified", "contact_attempt", "note", "oriented", "status_changed"]


def _admin_execute(sql: str) -> None:
    engine = create_engine(f"{SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def _admin_execute_in(url: str, sql: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(sql))
    engine.dispose()


def seed() -> None:
    _admin_execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
    _admin_execute(f'CREATE DATABASE "{NAME}"')
    dbadmin.upgrade(URL)
    engine = make_engine(URL)
    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        demo = seed_demo(session)
        territory_id = demo.territory.id
        password = demo.admin_password
        communes = list(
            session.scalars(
                select(CommuneRecord.insee).where(CommuneRecord.territory_id == territory_id)
            )
        )
        structures = list(session.scalars(select(Structure.id)))
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-password").write_text(f"{password}\n")
    rng = random.Random(42)
    now = utcnow()
    started = time.monotonic()
    with engine.begin() as connection:
        for start in range(0, CASES, CHUNK):
            people, cases = [], []
            for i in range(start + 1, min(start + CHUNK, CASES) + 1):
                created = now - timedelta(minutes=rng.randint(0, 3 * 365 * 24 * 60))
                status = rng.choice(STATUSES)
                level = rng.choice(LEVELS)
                commune = rng.choice(communes)
                oriented = status in ("oriented", "followed", "closed") and rng.random() < 0.8
                people.append(
                    {
                        "id": i,
                        "territory_id": territory_id,
                        "commune_insee": commune,
                        "first_name": "Prénom",
                        "age_band": "85_plus",
                        "created_at": created,
                    }
                )
                cases.append(
                    {
                        "id": i,
                        "territory_id": territory_id,
                        "channel": rng.choice(["web", "sms", "voice"]),
                        "origin": rng.choice(["self", "third_party"]),
                        "status": status,
                        "closed_reason": "resolved" if status == "closed" else None,
                        "person_id": i,
                        "commune_insee": commune,
                        "reporter_relation": "neighbour",
                        "reporter_phone": "+33612345678",
                        "reporter_wants_feedback": rng.random() < 0.3,
                        "observation": "Ne sort plus depuis plusieurs semaines.",
                        "collected": {"relation": "voisine"},
                        "isolation_level": level,
                        "proposed_orientation": "social_evaluation" if level else None,
                        "chosen_orientation": "social_evaluation" if oriented else None,
                        "structure_id": rng.choice(structures) if oriented else None,
                        "due_at": created + timedelta(days=rng.randint(0, 14)),
                        "created_at": created,
                        "updated_at": created,
                        "oriented_at": created + timedelta(hours=rng.randint(1, 200))
                        if oriented
                        else None,
                    }
                )
            connection.execute(insert(Person), people)
            connection.execute(insert(Case), cases)
            connection.execute(
                insert(ConsentRecord),
                [
                    {
                        "subject": "person",
                        "source": "third_party",
                        "scope": "contact",
                        "decision": rng.choice(["given", "refused", "unknown"]),
                        "channel": "web",
                        "wording_version": "bench",
                        "person_id": c["id"],
                        "case_id": c["id"],
                        "recorded_at": c["created_at"],
                    }
                    for c in cases
                ],
            )
            events = []
            for c in cases:
                for k in range(EVENTS_PER_CASE):
                    kind = "created" if k == 0 else rng.choice(EVENT_KINDS)
                    events.append(
                        {
                            "case_id": c["id"],
                            "actor_kind": "staff" if k else "assistant",
                            "kind": kind,
                            "detail": {"note": "Appel passé"} if kind == "note" else {},
                            "at": c["created_at"] + timedelta(hours=k),
                        }
                    )
            connection.execute(insert(CaseEvent), events)
        for table in ("people", "cases", "case_events", "consent_records"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608 - fixed names
                    f"(SELECT max(id) FROM {table}))"
                )
            )
    # A live database is vacuumed by autovacuum; a fresh bulk load is not yet.
    _admin_execute_in(URL, "VACUUM ANALYZE")
    elapsed = time.monotonic() - started
    print(f"seeded {CASES} cases, {CASES * EVENTS_PER_CASE} events in {elapsed:.0f} s")


def _login(client: httpx.Client, password: str) -> None:
    page = client.get("/backoffice/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    response = client.post(
        "/backoffice/login",
        data={
            "email": "coordination@relais.example",
            "password": password,
            "csrf_token": token.group(1),
            "next": "/backoffice/",
        },
    )
    if "File d'orientation" not in response.text:
        sys.exit(f"login failed: {re.findall(r'<p>(.*?)</p>', response.text)[:3]}")


def _time(client: httpx.Client, paths: list[str]) -> list[float]:
    timings = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return timings


def _report(name: str, timings: list[float]) -> None:
    timings = sorted(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(
        f"{name:<32} n={len(timings):<4} p50={statistics.median(timings):6.1f} ms  "
        f"p95={p95:6.1f} ms  max={timings[-1]:6.1f} ms"
    )


def measure() -> None:
    password = (ROOT / "var" / "bench-password").read_text().strip()
    env = {"RELAIS_DATABASE_URL": URL, "RELAIS_API_PORT": str(PORT), "PATH": "/usr/bin:/bin"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/uvicorn"),
            "--factory",
            "api.main:app",
            "--port",
            str(PORT),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        with httpx.Client(base_url=base, follow_redirects=True, timeout=30) as client:
            _login(client, password)
            engine = create_engine(URL)
            with engine.connect() as connection:
                open_ids = [
                    row[0]
                    for row in connection.execute(
                        text(
                            "SELECT id FROM cases WHERE status <> 'closed' "
                            "ORDER BY random() LIMIT 400"
                        )
                    )
                ]
                any_ids = [
                    row[0]
                    for row in connection.execute(
                        text("SELECT id FROM cases ORDER BY random() LIMIT 400")
                    )
                ]
            engine.dispose()
            _time(client, ["/backoffice/"] * 10 + [f"/backoffice/cases/{i}" for i in open_ids[:10]])
            _report("queue, default", _time(client, ["/backoffice/"] * REQUESTS))
            _report(
                "queue, filtered (level, commune)",
                _time(client, ["/backoffice/?level=high&commune=23096"] * REQUESTS),
            )
            _report("queue, page 50", _time(client, ["/backoffice/?page=50"] * REQUESTS))
            _report(
                "case page, open cases",
                _time(client, [f"/backoffice/cases/{i}" for i in open_ids[:REQUESTS]]),
            )
            _report(
                "case page, any case",
                _time(client, [f"/backoffice/cases/{i}" for i in any_ids[:REQUESTS]]),
            )
    finally:
        server.terminate()
        server.wait(timeout=20)


def drop() -> None:
    _admin_execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["seed", "measure", "drop"])
    {"seed": seed, "measure": measure, "drop": drop}[parser.parse_args().command]()
