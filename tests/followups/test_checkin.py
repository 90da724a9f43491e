"""Check-ins are never opened to a number that opted out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from sqlalchemy.orm import Session

from relais.cases.models import Channel
from relais.consent.service import record_opt_out
from relais.conversation.assistant import Reply
from relais.conversation.service import start_conversation
from relais.followups.service import CheckinRefused, start_checkin
from relais.seed.demo import DemoSeed

PHONE = "+33555521234"


class NeverAsked:
    """An assistant that must not be reached."""

    def trigger(
        self, conversation_id: str, intent: str, entities: Mapping[str, Any]
    ) -> list[Reply]:
        raise AssertionError("the assistant was asked to call a person who opted out")


def test_a_number_that_opted_out_gets_no_checkin(session: Session, demo: DemoSeed) -> None:
    record_opt_out(session, phone=PHONE, channel="sms")
    call = start_conversation(session, demo.territory.id, Channel.VOICE, PHONE)
    with pytest.raises(CheckinRefused):
        start_checkin(session, NeverAsked(), call, "Jeanne")  # type: ignore[arg-type]
