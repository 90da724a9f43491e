"""Back-office fixtures: the real app over HTTP (httpx through ASGI), the demo staff, cases
made by the real intake code."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from api.main import create_app
from relais.cases.intake import PersonConsent, ReportInput, create_report_case
from relais.cases.models import Case, Channel, ReporterRelation
from relais.config import Settings
from relais.db import session_scope
from relais.directory.models import Structure
from relais.seed.demo import DemoSeed
from relais.staff.models import StaffUser
from relais.territory.models import Territory

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(scope="session")
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@dataclass
class Browser:
    """A staff member's browser: cookies kept between requests, forms posted with their token."""

    client: TestClient
    password: str

    def login(self, email: str, password: str | None = None) -> object:
        page = self.client.get("/backoffice/login")
        token = CSRF_INPUT.search(page.text)
        assert token is not None
        return self.client.post(
            "/backoffice/login",
            data={
                "email": email,
                "password": self.password if password is None else password,
                "csrf_token": token.group(1),
                "next": "/backoffice/",
            },
            follow_redirects=False,
        )

    def csrf(self, path: str = "/backoffice/password") -> str:
        page = self.client.get(path)
        token = CSRF_INPUT.search(page.text)
        assert token is not None, page.text[:500]
        return token.group(1)

    def post(self, path: str, data: dict[str, str] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        form = {"csrf_token": self.csrf()} | (data or {})
        return self.client.post(path, data=form, follow_redirects=False, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def browser(app: FastAPI, demo: DemoSeed) -> Iterator[Browser]:
    assert demo.admin_password is not None
    with TestClient(app, base_url="http://testserver") as client:
        yield Browser(client, demo.admin_password)


@pytest.fixture
def other_browser(app: FastAPI, demo: DemoSeed) -> Iterator[Browser]:
    assert demo.admin_password is not None
    with TestClient(app, base_url="http://testserver") as client:
        yield Browser(client, demo.admin_password)


def structure(session: Session, name: str) -> Structure:
    found = session.scalar(select(Structure).where(Structure.name == name))
    assert found is not None
    return found


def staff(session: Session, email: str) -> StaffUser:
    found = session.scalar(select(StaffUser).where(StaffUser.email == email))
    assert found is not None
    return found


def report(
    sessions: sessionmaker[Session],
    *,
    commune: str = "23008",
    consent: PersonConsent = PersonConsent.YES,
    reporter_phone: str | None = "+33612345678",
    wants_feedback: bool = True,
    observation: str = "Elle ne sort plus depuis l'hiver",
    territory_code: str = "creuse",
) -> int:
    """A neighbour's report, created by the same code as the assistant's."""
    with session_scope(sessions) as session:
        territory = session.scalar(select(Territory).where(Territory.code == territory_code))
        assert territory is not None
        case = create_report_case(
            session,
            territory,
            ReportInput(
                channel=Channel.SMS,
                commune_insee=commune,
                observation=observation,
                person_consent=consent,
                reporter_relation=ReporterRelation.NEIGHBOUR,
                reporter_phone=reporter_phone,
                reporter_wants_feedback=wants_feedback,
                first_name="Jeanne",
                approximate_age=88,
            ),
        )
        session.flush()
        return case.id


def case(session: Session, case_id: int) -> Case:
    session.flush()
    session.expire_all()
    found = session.get(Case, case_id)
    assert found is not None
    return found
