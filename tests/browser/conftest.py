"""The back-office served over real HTTP on the test database, filled once per module with
cases of every origin made by the real intake code, and a Chromium to look at it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import time
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from relais.assessment.answers import AssessmentAnswers, Frequency, Network, UclaItem, Wish
from relais.cases import workflow
from relais.cases.intake import (
    PersonConsent,
    ReportInput,
    create_report_case,
    open_callback_case,
    open_checkin_case,
    open_danger_case,
)
from relais.cases.intake.self_referral import SelfReferralInput, create_self_referral_case
from relais.cases.models import CallbackReason, CaseDanger, Channel, Orientation, ReporterRelation
from relais.cases.scope import scope_for
from relais.config import Settings
from relais.db import session_scope, utcnow
from relais.directory.models import Structure
from relais.followups import enrolment
from relais.followups.models import FollowUpChannel
from relais.seed.demo import DEMO_ADMIN_EMAIL
from relais.staff.models import StaffUser
from relais.tasks.models import TaskKind
from relais.tasks.service import open_task
from tests.conftest import fresh_demo
from tests.integration.conftest import serve_api

AUBUSSON = "23008"


@dataclass(frozen=True)
class Site:
    url: str
    password: str
    cases: dict[str, int]  # by what they are: "report", "self", "danger"…


def _report(session: Session, territory: Any) -> int:
    case = create_report_case(
        session,
        territory,
        ReportInput(
            channel=Channel.SMS,
            commune_insee=AUBUSSON,
            observation="Ma voisine ne sort plus depuis l'hiver, ses volets restent fermés",
            person_consent=PersonConsent.YES,
            reporter_relation=ReporterRelation.NEIGHBOUR,
            reporter_phone="+33612345678",
            reporter_wants_feedback=True,
            first_name="Jeanne",
            approximate_age=88,
        ),
    )
    session.flush()
    return case.id


def _self_referral(session: Session, territory: Any) -> int:
    answers = AssessmentAnswers(
        networks=frozenset({Network.NEIGHBOURS}),
        ucla=dict.fromkeys(UclaItem, Frequency.OFTEN),
        wishes=frozenset({Wish.VISITS}),
        health_or_mobility_limits=True,
    )
    case = create_self_referral_case(
        session,
        territory,
        SelfReferralInput(
            channel=Channel.WEB,
            answers=answers,
            contact_consent=True,
            share_consent=True,
            phone="+33555521234",
            first_name="Colette",
            commune_insee=AUBUSSON,
            story="Depuis la mort de mon mari je ne vois plus personne",
        ),
    )
    session.flush()
    return case.id


def _seed(engine: Engine, session: Session) -> tuple[str, dict[str, int]]:
    demo = fresh_demo(engine, session)
    territory = demo.territory
    admin = session.scalar(select(StaffUser).where(StaffUser.email == DEMO_ADMIN_EMAIL))
    assert admin is not None
    cases = {"report": _report(session, territory), "self": _self_referral(session, territory)}
    danger = open_danger_case(
        session,
        territory,
        channel=Channel.VOICE,
        conversation_id=None,
        danger=CaseDanger.FALL,
        observation="je suis tombée dans la cuisine je n'arrive pas à me relever",
    )
    session.flush()
    cases["danger"] = danger.id
    cases["callback"] = open_callback_case(
        session,
        territory,
        channel=Channel.VOICE,
        conversation_id=None,
        phone="+33555000111",
        reason=CallbackReason.OUTSIDE_OPENING_HOURS,
        said="je voudrais parler à quelqu'un",
    ).id
    cases["checkin"] = open_checkin_case(
        session,
        territory,
        channel=Channel.VOICE,
        conversation_id=None,
        person_id=None,
        phone="+33555000222",
        answer="not_ok",
        detail="ça ne va pas fort aujourd'hui",
    ).id
    ccas = session.scalar(select(Structure).where(Structure.name == "CCAS d'Aubusson"))
    assert ccas is not None
    oriented = _report(session, territory)
    workflow.orient(
        session, scope_for(admin), oriented, Orientation.SOCIAL_EVALUATION, ccas.id, "test"
    )
    cases["oriented"] = oriented
    enrolment.enrol(
        session,
        territory,
        scope_for(admin),
        enrolment.FollowUpRequest(
            phone="05 55 52 12 34",
            days=frozenset({1, 4}),
            at=time(10),
            channel=FollowUpChannel.CALL,
            consent_by_phone=True,
            case_id=cases["self"],
        ),
        utcnow(),
    )
    open_task(
        session,
        territory_id=territory.id,
        kind=TaskKind.ERASURE_REQUEST,
        channel="sms",
        phone="+33612345679",
    )
    assert demo.admin_password is not None
    return demo.admin_password, cases


@pytest.fixture(scope="module")
def site(settings: Settings, engine: Engine, sessions: sessionmaker[Session]) -> Iterator[Site]:
    with session_scope(sessions) as session:
        password, cases = _seed(engine, session)
    with serve_api(settings, "/backoffice/login") as url:
        yield Site(url, password, cases)
