"""Test fixtures on a real database: SQLite or PostgreSQL, picked by RELAIS_TEST_DATABASE.

`make test` runs the whole suite once per database. Each run creates its own database
(a temporary SQLite file, or a fresh PostgreSQL database on 127.0.0.1) and drops it at the end.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from relais import dbadmin
from relais.config import Environment, Settings
from relais.db import make_engine, make_session_factory, session_scope
from relais.models import Base
from relais.seed.demo import DEMO_ON_CALL_PHONE, WEEKDAYS_9_TO_17, DemoSeed, seed_demo

POSTGRES_SERVER = os.environ.get(
    "RELAIS_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432"
)
KEPT_TABLES = {"communes", "territories", "alembic_version"}
TEST_SECRET = "test-secret-" + "x" * 20


def _create_postgres_database() -> tuple[str, str]:
    name = f"relais_test_{os.getpid()}_{secrets.token_hex(3)}"
    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, f"{POSTGRES_SERVER}/{name}"


def _drop_postgres_database(name: str) -> None:
    admin = create_engine(f"{POSTGRES_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    kind = os.environ.get("RELAIS_TEST_DATABASE", "sqlite")
    if kind == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "relais.db"
        url = f"sqlite:///{path}"
        dbadmin.upgrade(url)
        yield url
        return
    if kind != "postgresql":
        raise pytest.UsageError(f"RELAIS_TEST_DATABASE must be sqlite or postgresql, not {kind}")
    name, url = _create_postgres_database()
    try:
        dbadmin.upgrade(url)
        yield url
    finally:
        _drop_postgres_database(name)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(
        environment=Environment.TEST,
        database_url=database_url,
        secret_key=TEST_SECRET,
        rasa_token=TEST_SECRET,
        _env_file=None,  # type: ignore[call-arg]
    )


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sessions(engine: Engine) -> sessionmaker[Session]:
    return make_session_factory(engine)


def _empty_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEPT_TABLES:
                connection.execute(table.delete())


def fresh_demo(engine: Engine, session: Session) -> DemoSeed:
    """Empties the tables and seeds the demo territory, its structures and its admin."""
    _empty_tables(engine)
    demo = seed_demo(session)
    # The territory outlives each test's data: undo what an earlier test changed.
    demo.territory.on_call_phone = DEMO_ON_CALL_PHONE
    demo.territory.opening_hours = WEEKDAYS_9_TO_17
    demo.territory.calling_from, demo.territory.calling_until = "09:00", "19:00"
    demo.territory.timezone = "Europe/Paris"
    return demo


@pytest.fixture
def demo(engine: Engine, sessions: sessionmaker[Session]) -> DemoSeed:
    """A clean database holding only the demo territory, its structures and its admin."""
    with session_scope(sessions) as session:
        return fresh_demo(engine, session)


@pytest.fixture
def session(demo: DemoSeed, sessions: sessionmaker[Session]) -> Iterator[Session]:
    with sessions() as session:
        yield session


def shown(case: object) -> dict[str, str]:
    """What staff read of a case's collected data and assessment, label by label (the case
    page's lines, relais.cases.describe)."""
    from relais.cases.describe import assessment_lines, case_lines

    collected = getattr(case, "collected", None) or {}
    lines, said, undetermined = case_lines(collected)
    assessment = getattr(case, "assessment", None)
    if assessment:
        lines += assessment_lines(assessment, said, undetermined)
    return dict(lines)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, started once for every browser test of the session (Playwright's
    sync API runs one instance at a time)."""
    from tests.browser.support import chromium

    with chromium() as launched:
        yield launched
