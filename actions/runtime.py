"""The action server's access to the relais core: one session factory per process."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from sqlalchemy.orm import Session, sessionmaker

from relais.config import get_settings
from relais.db import make_engine, make_session_factory, session_scope
from relais.territory.models import Territory
from relais.territory.service import get_territory


@cache
def _factory() -> sessionmaker[Session]:
    return make_session_factory(make_engine(get_settings().database_url))


@contextmanager
def unit_of_work() -> Iterator[Session]:
    """A session committed when the action succeeds, rolled back entirely when it fails."""
    with session_scope(_factory()) as session:
        yield session


def territory(session: Session) -> Territory:
    return get_territory(session, get_settings().territory_code)
