"""SQL statements and commits the API spends on one inbound SMS: deterministic, no Rasa.

Runs the real app (`api.main.create_app`) in-process against a fresh database, with a
scripted assistant that answers every message at once (two replies, one with buttons), and
sends the report conversation of `bench/phone_sms.py` as signed webhooks through FastAPI's
TestClient. SQLAlchemy engine events count every statement and every commit, in every
thread (the request's and the processing pool's). The first conversation warms up.

    .venv/bin/python bench/sms_sql.py [--database postgresql|sqlite] [--conversations 5] [-v]

`-v` prints each statement of one SMS, grouped, to see what a change saves.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shared import REPORT  # noqa: E402

from api.main import create_app  # noqa: E402
from relais.config import Settings  # noqa: E402
from relais.conversation.assistant import Button, Reply  # noqa: E402
from relais.phone import signature  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
DATABASE = "relais_bench_sms_sql"
RELAIS_NUMBER = "+33555000099"


class ScriptedAssistant:
    """Answers at once, like Rasa would: a sentence and a question with buttons."""

    def send(self, conversation_id: str, text: str, metadata: Mapping[str, Any]) -> list[Reply]:
        buttons = (Button("Oui", "/affirm"), Button("Non", "/deny"))
        return [Reply("Merci, c'est noté."), Reply("Pouvez-vous préciser ?", buttons)]

    def trigger(
        self, conversation_id: str, intent: str, entities: Mapping[str, Any]
    ) -> list[Reply]:
        return [Reply("Nous prévenons l'équipe tout de suite.")]

    def replies_already_given(self, conversation_id: str, message_key: str) -> list[Reply] | None:
        return None

    def health(self) -> dict[str, bool]:
        return {"rasa": True, "action_server": True}


def _fresh_database(kind: str) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='sms-sql-')}/relais.db"
    admin = create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    return f"{POSTGRES}/{DATABASE}"


def _drop(kind: str) -> None:
    if kind == "postgresql":
        admin = create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        admin.dispose()


def _prepare(url: str) -> None:
    env = os.environ | {"RELAIS_DATABASE_URL": url}
    relais = str(ROOT / ".venv/bin/relais")
    for command in ([relais, "db", "upgrade"], [relais, "seed", "demo"]):
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def _kind(statement: str) -> str:
    words = statement.split()
    head = words[0].upper() if words else "?"
    if head in {"INSERT", "DELETE"} and len(words) > 2:
        return f"{head} {words[2]}"
    if head == "UPDATE" and len(words) > 1:
        return f"UPDATE {words[1]}"
    if head == "SELECT" and "FROM" in statement:
        return "SELECT " + statement.split("FROM", 1)[1].split()[0]
    return head


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--conversations", type=int, default=5)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    url = _fresh_database(args.database)
    try:
        _prepare(url)
        run(url, args.conversations, args.verbose)
    finally:
        _drop(args.database)


def run(url: str, conversations: int, verbose: bool) -> None:
    settings = Settings(
        database_url=url,
        secret_key="sms-sql-" + "x" * 24,
        public_base_url="http://relais.test",
        telephony_from_number=RELAIS_NUMBER,
        _env_file=None,  # type: ignore[call-arg]
    )
    app = create_app(settings, assistant=ScriptedAssistant())
    engine = app.state.runtime.engine
    statements: list[str] = []
    commits = [0]
    event.listen(engine, "before_cursor_execute", lambda *a, **k: statements.append(a[2]))
    event.listen(engine, "commit", lambda *a, **k: commits.__setitem__(0, commits[0] + 1))
    sms_url = signature.public_url(settings, "/twilio/sms")
    turns = 0
    first_turn: list[str] = []
    with TestClient(app) as client:
        for index in range(conversations + 1):
            sender = f"+3361{index:07d}"
            for body in REPORT:
                sid = "SM" + secrets.token_hex(16)
                form = {"MessageSid": sid, "From": sender, "To": RELAIS_NUMBER, "Body": body}
                form |= {"AccountSid": "AC" + "b" * 32, "NumMedia": "0"}
                headers = {"X-Twilio-Signature": signature.sign(settings, sms_url, form)}
                before = len(statements)
                response = client.post(sms_url, data=form, headers=headers)
                if response.status_code != 200 or "<Message" not in response.text:
                    raise SystemExit(f"unexpected answer: {response.text}")
                if index == 0:
                    statements.clear()
                    commits[0] = 0
                    continue
                if turns == 1:  # a mid-conversation turn (not the first of its sender)
                    first_turn = statements[before:]
                turns += 1
    print(
        f"SQL per inbound SMS ({turns} SMS, {url.split(':')[0]}): "
        f"{len(statements) / turns:.1f} statements, {commits[0] / turns:.1f} commits"
    )
    if verbose:
        print("one SMS, in order:")
        for statement in first_turn:
            print("  ", " ".join(statement.split())[:160])
        print("by kind, all SMS:")
        for kind, count in Counter(_kind(s) for s in statements).most_common():
            print(f"  {count / turns:5.1f}  {kind}")


if __name__ == "__main__":
    main()
