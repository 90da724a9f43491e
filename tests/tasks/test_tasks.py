from sqlalchemy.orm import Session

from relais.cases.intake import open_callback_case
from relais.cases.models import CallbackReason, CaseStatus, Channel
from relais.seed.demo import DemoSeed
from relais.staff.service import find_by_email
from relais.tasks.models import TaskKind, TaskStatus
from relais.tasks.service import complete_task, open_task, open_tasks

PHONE = "+33612345678"


def test_asking_twice_for_erasure_makes_one_task(session: Session, demo: DemoSeed) -> None:
    first = open_task(
        session,
        territory_id=demo.territory.id,
        kind=TaskKind.ERASURE_REQUEST,
        channel="sms",
        phone=PHONE,
    )
    again = open_task(
        session,
        territory_id=demo.territory.id,
        kind=TaskKind.ERASURE_REQUEST,
        channel="voice",
        phone=PHONE,
    )
    session.commit()
    assert again.id == first.id
    assert open_tasks(session, demo.territory.id) == [first]

    admin = find_by_email(session, demo.admin_email)
    assert admin is not None
    complete_task(session, first, admin.id)
    session.commit()
    assert first.status is TaskStatus.DONE
    assert open_tasks(session, demo.territory.id) == []


def test_a_callback_case_keeps_the_recording(session: Session, demo: DemoSeed) -> None:
    case = open_callback_case(
        session,
        demo.territory,
        channel=Channel.VOICE,
        conversation_id=None,
        phone=PHONE,
        reason=CallbackReason.OUTSIDE_OPENING_HOURS,
        recording_url="https://api.twilio.com/recordings/RE1",
    )
    session.commit()
    assert case.status is CaseStatus.NEW
    assert case.collected["recording_url"] == "https://api.twilio.com/recordings/RE1"
    assert [e.kind for e in case.events] == ["callback_requested"]
