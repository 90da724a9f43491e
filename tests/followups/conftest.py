"""Helpers of the follow-up tests: a fixed clock, a territory, a person's consent."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.consent.service import record_consent
from relais.followups.enrolment import FollowUpRequest
from relais.followups.models import FollowUpChannel
from relais.seed.demo import DemoSeed
from relais.territory.models import Territory

PARIS = ZoneInfo("Europe/Paris")
PHONE = "+33555521234"
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def paris(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)  # type: ignore[misc]


# Monday 7 December 2026, 08:00 in the Creuse: no public holiday that week.
MONDAY_MORNING = paris(2026, 12, 7, 8)


@pytest.fixture
def territory(session: Session, demo: DemoSeed) -> Territory:
    return session.get_one(Territory, demo.territory.id)


def consent_to_calls(
    session: Session,
    phone: str = PHONE,
    *scopes: ConsentScope,
    decision: ConsentDecision = ConsentDecision.GIVEN,
) -> None:
    """The person said yes to check-in calls (and SMS), as the self-referral records it."""
    for scope in scopes or (ConsentScope.CHECKIN_CALLS,):
        record_consent(
            session,
            subject=ConsentSubject.PERSON,
            source=ConsentSource.SELF,
            scope=scope,
            decision=decision,
            channel="voice",
            wording_version="test",
            phone=phone,
        )
    session.flush()


def request(**changes: object) -> FollowUpRequest:
    values: dict[str, object] = {
        "phone": "05 55 52 12 34",
        "days": frozenset({TUE, FRI}),
        "at": time(10),
        "channel": FollowUpChannel.CALL,
        "first_name": "Jeanne",
    }
    return FollowUpRequest(**(values | changes))  # type: ignore[arg-type]


def rows(session: Session, *models: type) -> dict[str, int]:
    """How many rows each table holds (nothing half-written after an error)."""
    return {m.__name__: session.scalar(select(func.count()).select_from(m)) or 0 for m in models}
