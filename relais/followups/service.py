"""Recording a check-in answer, and starting a check-in on a conversation."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from relais.cases.intake import open_checkin_case
from relais.cases.models import Case
from relais.config import get_settings
from relais.consent.models import ConsentDecision, ConsentScope
from relais.consent.requests import withdraw_consent
from relais.consent.service import latest_decision
from relais.conversation.assistant import Assistant
from relais.conversation.models import Conversation, OutboundMessage
from relais.conversation.service import store_replies
from relais.db import utcnow
from relais.followups import planning
from relais.followups.ladder import Ladder, answered
from relais.followups.models import CheckinAnswer, CheckinAttempt, CheckinOutcome, FollowUp
from relais.people.models import Person
from relais.territory.models import Territory

CHECKIN_INTENT = "EXTERNAL_checkin"
NUMBERED_PROMPT = "numbered"

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
    ladder: Ladder | None = None,
    now: datetime | None = None,
) -> CheckinAnswer:
    """Stores the answer; "not ok" (or an answer nobody could read) opens a case for the
    referent of the person's follow-up, due the same day; an opt-out withdraws consent to calls
    and SMS and stops the follow-up. The planned call the answer belongs to ends its ladder
    (relais.followups.ladder)."""
    now = now or utcnow()
    attempt = attempt_of(session, conversation.id)
    followup = session.get(FollowUp, attempt.followup_id) if attempt else None
    person = (
        session.get(Person, followup.person_id)
        if followup
        else person_for_phone(session, territory.id, conversation.address)
    )
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
            structure_id=followup.structure_id if followup else None,
            assignee_id=followup.referent_id if followup else None,
            due_at=same_day_deadline(session, territory, followup, now) if followup else None,
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
    if attempt is not None:
        rules = ladder or Ladder.from_settings(get_settings())
        answered(session, territory, rules, attempt, outcome, case, now)
    return answer


def attempt_of(session: Session, conversation_id: str) -> CheckinAttempt | None:
    """The planned check-in call or SMS a conversation was opened for, if any."""
    return session.scalar(
        select(CheckinAttempt).where(CheckinAttempt.conversation_id == conversation_id).limit(1)
    )


SAME_DAY_MARGIN = timedelta(hours=1)


def same_day_deadline(
    session: Session, territory: Territory, followup: FollowUp, now: datetime
) -> datetime:
    """The end of today's calling hours, or an hour from now when they are nearly over."""
    closing = planning.calling_hours(session, territory, followup).closing_on(now)
    return closing if closing - now >= SAME_DAY_MARGIN else now + SAME_DAY_MARGIN


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
    session: Session,
    assistant: Assistant,
    conversation: Conversation,
    first_name: str | None,
    *,
    numbered: bool = False,
) -> list[OutboundMessage]:
    """Opens a check-in on a conversation (created by the caller for the person's number and
    channel): the assistant greets the person by first name and asks how they are. Returns the
    replies to say or send, stored with the conversation. `numbered`: the SMS sent when the
    calls did not reach the person ("Répondez 1 si tout va bien, 2 si vous souhaitez être
    rappelé(e)"). Raises CheckinRefused for a number that opted out, AssistantUnavailable
    when the assistant cannot answer."""
    if conversation.address and latest_decision(
        session, phone=conversation.address, scope=ConsentScope.CHECKIN_CALLS
    ) in (ConsentDecision.WITHDRAWN, ConsentDecision.REFUSED):
        raise CheckinRefused(conversation.id)
    entities = {"first_name": first_name} if first_name else {}
    if numbered:
        entities["checkin_prompt"] = NUMBERED_PROMPT
    replies = assistant.trigger(conversation.id, CHECKIN_INTENT, entities)
    return store_replies(session, conversation.id, replies)
