"""Anonymising a case forgets the number of its SMS conversation in the SMS channel too."""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session, sessionmaker

from relais.cases.erasure import anonymise_case
from relais.cases.scope import scope_for
from relais.config import Settings
from relais.conversation.models import Conversation
from relais.phone import senders, sms
from tests.backoffice.conftest import case, report, staff

NUMBER = "+33612345678"


def test_anonymising_a_case_forgets_the_sms_senders_number(
    session: Session, sessions: sessionmaker[Session], settings: Settings
) -> None:
    received = sms.receive(
        session, settings, sms.Inbound(f"SM{uuid.uuid4().hex}", NUMBER, "bonjour")
    )
    assert senders.find_sender(session, NUMBER) is not None
    case_id = report(sessions)
    case(session, case_id).conversation_id = received.conversation_id
    session.commit()
    anonymise_case(session, scope_for(staff(session, "coordination@relais.example")), case_id)
    session.commit()
    session.expire_all()
    assert senders.find_sender(session, NUMBER) is None
    assert session.get_one(Conversation, received.conversation_id).address is None
