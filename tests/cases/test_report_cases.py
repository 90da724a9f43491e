from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.intake import PersonConsent, ReportInput, create_report_case
from relais.cases.models import Case, CaseStatus, Channel, IsolationLevel, Origin
from relais.cases.service import list_cases
from relais.consent.models import ConsentDecision, ConsentSource, ConsentSubject
from relais.consent.service import consent_records_for_case
from relais.people.models import AgeBand
from relais.seed.demo import DemoSeed
from relais.territory.service import UnknownCommune

GUERET = "23096"


def _report(**overrides: object) -> ReportInput:
    values: dict[str, object] = {
        "channel": Channel.WEB,
        "commune_insee": GUERET,
        "observation": "Elle ne sort plus depuis l'hiver.",
        "person_consent": PersonConsent.YES,
        "approximate_age": 88,
        "first_name": "Jeanne",
    }
    values.update(overrides)
    return ReportInput(**values)  # type: ignore[arg-type]


def test_a_report_with_consent_is_a_new_case(session: Session, demo: DemoSeed) -> None:
    case = create_report_case(session, demo.territory, _report())
    session.commit()

    assert case.status is CaseStatus.NEW
    assert case.origin is Origin.THIRD_PARTY
    assert case.person is not None
    assert case.person.first_name == "Jeanne"
    assert case.person.age_band is AgeBand.FROM_85
    assert case.reference.startswith(f"RL-{case.created_at.year}-")
    assert [e.kind for e in case.events] == ["created"]
    [consent] = consent_records_for_case(session, case.id)
    assert consent.subject is ConsentSubject.PERSON
    assert consent.source is ConsentSource.THIRD_PARTY  # the reporter's word, not the person's
    assert consent.decision is ConsentDecision.GIVEN


@pytest.mark.parametrize(
    ("said", "decision"),
    [(PersonConsent.NO, ConsentDecision.REFUSED), (PersonConsent.UNKNOWN, ConsentDecision.UNKNOWN)],
)
def test_without_consent_the_case_is_aller_vers_with_minimal_data(
    session: Session, demo: DemoSeed, said: PersonConsent, decision: ConsentDecision
) -> None:
    case = create_report_case(session, demo.territory, _report(person_consent=said))
    session.commit()

    assert case.status is CaseStatus.AWAITING_CONTACT
    assert case.person is not None
    assert case.person.first_name is None  # no file on a person who has not agreed
    assert [c.decision for c in consent_records_for_case(session, case.id)] == [decision]


def test_danger_makes_the_case_urgent_and_due_in_four_hours(
    session: Session, demo: DemoSeed
) -> None:
    case = create_report_case(session, demo.territory, _report(danger_now=True))
    assert case.isolation_level is IsolationLevel.URGENT
    assert case.due_at is not None
    assert case.due_at - case.created_at == timedelta(hours=4)


def test_unknown_commune_is_refused_and_nothing_is_written(
    session: Session, demo: DemoSeed
) -> None:
    with pytest.raises(UnknownCommune):
        create_report_case(session, demo.territory, _report(commune_insee="99999"))
    session.rollback()
    assert session.scalars(select(Case)).all() == []


def test_a_commune_outside_the_territory_is_stored_on_demand(
    session: Session, demo: DemoSeed
) -> None:
    case = create_report_case(session, demo.territory, _report(commune_insee="75056"))
    session.commit()
    assert case.commune_insee == "75056"


def test_queue_puts_urgent_first_then_nearest_due_date(session: Session, demo: DemoSeed) -> None:
    calm = create_report_case(session, demo.territory, _report())
    urgent = create_report_case(session, demo.territory, _report(danger_now=True))
    later = create_report_case(session, demo.territory, _report())
    session.commit()

    queue = list_cases(session, territory_id=demo.territory.id)
    assert [c.id for c in queue] == [urgent.id, calm.id, later.id]
    only_new = list_cases(session, statuses=[CaseStatus.AWAITING_CONTACT])
    assert only_new == []
