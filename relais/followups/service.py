"""Recording a check-in answer, and starting a check-in on a conversation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.intake import open_checkin_case
from relais.cases.models import Case
from relais.consent.models import ConsentDecision, ConsentScope
from relais.consent.requests import withdraw_consent
from relais.consent.service import latest_decision
from relais.conversation.assistant import Assistant
from relais.conversation.models import Conversation, OutboundMessage
from relais.conversation.service import store_replies
from relais.followups.models import CheckinAnswer, CheckinOutcome
from relais.people.models import Person
from relais.territory.models import Territory

CHECKIN_INTENT = "EXTERNAL_checkin"

# Answers that a professional must follow up (a case for the person's referent).
NEEDS_STAFF = frozenset({CheckinOutcome.NOT_OK, CheckinOutcome.UNCLEAR})


def person_for_phone(session: Session, territory_id: int, phone: str | None) -> Person | None:
    """The followed person reached at this number (the most recently known)."""
    if phone is None:
        return None
    return session.scalar(
        select(Person)
        .where(Person.territory_id == territory_id, Person.phone == phone)
        .where(Person.anonymised_at.is_(None))
        .order_by(Person.id.desc())
        .limit(1)
    )


def record_checkin_answer(
    session: Session,
    territory: Territory,
    conversation: Conversation,
    outcome: CheckinOutcome,
    detail: str | None = None,
) -> CheckinAnswer:
    """Stores the answer; "not ok" (or an answer nobody could read) opens a case, an opt-out
    withdraws consent to calls and SMS and opens a task for staff to stop the person's
    follow-up."""
    person = person_for_phone(session, territory.id, conversation.address)
    case: Case | None = None
    if outcome in NEEDS_STAFF:
        case = open_checkin_case(
            session,
            territory,
            channel=conversation.channel,
            conversation_id=conversation.id,
            person_id=person.id if person else None,
            phone=conversation.address,
            answer=outcome.value,
            detail=detail,
        )
    if outcome is CheckinOutcome.OPT_OUT:
        withdraw_consent(
            session,
            territory,
            channel=conversation.channel,
            conversation_id=conversation.id,
            phone=conversation.address,
            person_id=person.id if person else None,
            during="checkin",
        )
    answer = CheckinAnswer(
        territory_id=territory.id,
        conversation_id=conversation.id,
        person_id=person.id if person else None,
        phone=conversation.address,
        outcome=outcome,
        detail=detail,
        case_id=case.id if case else None,
    )
    session.add(answer)
    session.flush()
    return answer


def latest_answer(session: Session, conversation_id: str) -> CheckinAnswer | None:
    return session.scalar(
        select(CheckinAnswer)
        .where(CheckinAnswer.conversation_id == conversation_id)
        .order_by(CheckinAnswer.id.desc())
        .limit(1)
    )


class CheckinRefused(Exception):
    """The person withdrew their consent to check-in calls and SMS: no check-in."""


def start_checkin(
    session: Session, assistant: Assistant, conversation: Conversation, first_name: str | None
) -> list[OutboundMessage]:
    """Opens a check-in on a conversation (created by the caller for the person's number and
    channel): the assistant greets the person by first name and asks how they are. Returns the
    replies to say or send, stored with the conversation. Raises CheckinRefused for a number
    that opted out, AssistantUnavailable when the assistant cannot answer."""
    if conversation.address and latest_decision(
        session, phone=conversation.address, scope=ConsentScope.CHECKIN_CALLS
    ) in (ConsentDecision.WITHDRAWN, ConsentDecision.REFUSED):
        raise CheckinRefused(conversation.id)
    entities = {"first_name": first_name} if first_name else {}
    replies = assistant.trigger(conversation.id, CHECKIN_INTENT, entities)
    return store_replies(session, conversation.id, replies)
