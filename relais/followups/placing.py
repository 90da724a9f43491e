"""Placing the planned check-in calls and SMS that are due: claimed atomically, placed once,
recovered when a scheduler died in the middle.

- `claim_due` moves due attempts from planned to placing in one transaction
  (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so that two claimers never take the same row).
- `place` re-checks the follow-up (stopped, paused, consent withdrawn: cancelled), keeps the
  calling hours (a call due while the scheduler was down and now outside them moves to the
  next allowed time), commits the attempt's conversation, then asks the provider and records
  the call's id.
- `recover` handles what a dead scheduler left: an attempt claimed and never placed goes back
  to planned; one whose call the provider knows (its id recorded, or found by number and
  time) is never placed again; a call with no news for too long is asked for its status; an
  SMS unanswered in time is not reached.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from relais.cases.models import Channel, EventKind
from relais.config import Settings
from relais.consent.models import ConsentScope
from relais.conversation.assistant import Assistant, AssistantUnavailable
from relais.conversation.models import Conversation
from relais.conversation.service import start_conversation
from relais.followups import planning
from relais.followups.calls import progress
from relais.followups.enrolment import consent_holds
from relais.followups.ladder import Ladder, not_reached, timeline
from relais.followups.models import (
    IN_FLIGHT,
    AttemptKind,
    AttemptReason,
    AttemptState,
    CheckinAttempt,
    FollowUp,
    FollowUpStatus,
)
from relais.followups.service import CheckinRefused, start_checkin
from relais.people.models import Person
from relais.phone import outbound, senders
from relais.phone.models import SmsDelivery
from relais.phone.voice_outcome import place_checkin_call
from relais.telephony.port import Telephony, TelephonyError
from relais.territory.models import Territory

log = logging.getLogger(__name__)

ASSISTANT_RETRY = timedelta(minutes=1)
# A phone rings for a minute before the provider gives up (Twilio's default timeout is 60 s):
# a call still ringing after this long lost its status callback.
RINGS_AT_MOST = timedelta(minutes=2, seconds=30)


@dataclass(frozen=True)
class Placing:
    """What placing needs besides the database."""

    telephony: Telephony
    assistant: Assistant  # for SMS only: a call's check-in starts when it is picked up
    settings: Settings
    holder: str  # who claims (the scheduler's id)

    @property
    def ladder(self) -> Ladder:
        return Ladder.from_settings(self.settings)


def in_flight(session: Session) -> int:
    count = session.scalar(
        select(func.count(CheckinAttempt.id)).where(CheckinAttempt.state.in_(IN_FLIGHT))
    )
    return int(count or 0)


def claim_due(session: Session, holder: str, now: datetime, limit: int) -> list[int]:
    """Up to `limit` due attempts claimed for `holder`, oldest due first (committed)."""
    if limit <= 0:
        return []
    due = (
        select(CheckinAttempt.id)
        .where(CheckinAttempt.state == AttemptState.PLANNED, CheckinAttempt.due_at <= now)
        .order_by(CheckinAttempt.due_at, CheckinAttempt.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    ids = list(session.scalars(due))
    if not ids:
        session.rollback()
        return []
    session.execute(
        update(CheckinAttempt)
        .where(CheckinAttempt.id.in_(ids), CheckinAttempt.state == AttemptState.PLANNED)
        .values(state=AttemptState.PLACING, claimed_by=holder, claimed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    mine = select(CheckinAttempt.id).where(
        CheckinAttempt.id.in_(ids), CheckinAttempt.claimed_by == holder
    )
    return list(session.scalars(mine.where(CheckinAttempt.state == AttemptState.PLACING)))


def release(session: Session, ids: list[int], holder: str) -> None:
    """Claimed attempts given back unplaced (the scheduler lost its lease, or stops)."""
    if ids:
        session.execute(
            update(CheckinAttempt)
            .where(CheckinAttempt.id.in_(ids), CheckinAttempt.claimed_by == holder)
            .where(CheckinAttempt.state == AttemptState.PLACING)
            .where(CheckinAttempt.provider_sid.is_(None))
            .values(state=AttemptState.PLANNED, claimed_by=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        session.commit()


def _why_not(
    session: Session, territory: Territory, followup: FollowUp, attempt: CheckinAttempt
) -> str | None:
    if followup.status is not FollowUpStatus.ACTIVE:
        return "stopped"
    if followup.phone is None:
        return "no number"
    if (
        consent_holds(session, followup.person_id, followup.phone, ConsentScope.CHECKIN_CALLS)
        is None
    ):
        return "no consent"
    slot_day = planning.local_date(territory, attempt.slot_at)
    if followup.paused_from is not None and planning.schedule_of(followup).paused_on(slot_day):
        return "paused"
    return None


def place(session: Session, placing: Placing, attempt_id: int, now: datetime) -> AttemptState:
    """Places one claimed attempt; returns its state afterwards."""
    attempt = session.get_one(CheckinAttempt, attempt_id)
    if attempt.state is not AttemptState.PLACING or attempt.claimed_by != placing.holder:
        return attempt.state
    followup = session.get_one(FollowUp, attempt.followup_id)
    territory = session.get_one(Territory, followup.territory_id)
    reason = _why_not(session, territory, followup, attempt)
    if reason is not None:
        attempt.state, attempt.detail = AttemptState.CANCELLED, {"cancelled": reason}
        session.commit()
        return attempt.state
    hours = planning.calling_hours(session, territory, followup)
    if not hours.allows(now):
        _back_to_planned(attempt, hours.next_allowed(now))
        session.commit()
        return attempt.state
    if attempt.kind is AttemptKind.CALL:
        _call(session, placing, territory, followup, attempt, now)
    else:
        _sms(session, placing, territory, followup, attempt, now)
    return attempt.state


def _back_to_planned(attempt: CheckinAttempt, due_at: datetime) -> None:
    attempt.state, attempt.due_at = AttemptState.PLANNED, due_at
    attempt.claimed_by = attempt.claimed_at = None


def _conversation(
    session: Session, territory: Territory, attempt: CheckinAttempt, channel: Channel, phone: str
) -> Conversation:
    if attempt.conversation_id is not None:
        return session.get_one(Conversation, attempt.conversation_id)
    conversation = start_conversation(session, territory.id, channel, phone)
    attempt.conversation_id = conversation.id
    return conversation


def _call(
    session: Session,
    placing: Placing,
    territory: Territory,
    followup: FollowUp,
    attempt: CheckinAttempt,
    now: datetime,
) -> None:
    assert followup.phone is not None
    conversation = _conversation(session, territory, attempt, Channel.VOICE, followup.phone)
    session.commit()  # the call's webhooks must find its conversation and its attempt
    try:
        call = place_checkin_call(
            session, placing.telephony, placing.settings, conversation, attempt_id=attempt.id
        )
    except TelephonyError as error:
        log.warning("check-in attempt %s: the provider refused the call: %s", attempt.id, error)
        not_reached(session, territory, placing.ladder, attempt, AttemptState.FAILED, now)
        session.commit()
        return
    session.refresh(attempt)  # a status callback may have moved it meanwhile
    attempt.provider_sid = attempt.provider_sid or call.call_sid
    attempt.placed_at = attempt.updated_at = now
    if attempt.state is AttemptState.PLACING:
        attempt.state = AttemptState.RINGING
    session.commit()
    log.info("check-in attempt %s placed (call %s)", attempt.id, call.id)


def _sms(
    session: Session,
    placing: Placing,
    territory: Territory,
    followup: FollowUp,
    attempt: CheckinAttempt,
    now: datetime,
) -> None:
    """The SMS of a check-in: the assistant's check-in question (numbered for the fallback
    after calls), sent to the person, whose answer comes back to the same conversation."""
    assert followup.phone is not None
    if consent_holds(session, followup.person_id, followup.phone, ConsentScope.SMS) is None:
        attempt.detail = {"failed": "no sms consent"}
        not_reached(session, territory, placing.ladder, attempt, AttemptState.FAILED, now)
        session.commit()
        return
    conversation = _conversation(session, territory, attempt, Channel.SMS, followup.phone)
    first_name = session.scalar(select(Person.first_name).where(Person.id == followup.person_id))
    numbered = attempt.reason is AttemptReason.SMS_FALLBACK
    try:
        replies = start_checkin(
            session, placing.assistant, conversation, first_name, numbered=numbered
        )
    except AssistantUnavailable:
        session.rollback()
        _back_to_planned(session.get_one(CheckinAttempt, attempt.id), now + ASSISTANT_RETRY)
        session.commit()
        log.warning("check-in attempt %s: assistant unavailable, tried again later", attempt.id)
        return
    except CheckinRefused:
        attempt.state, attempt.detail = AttemptState.CANCELLED, {"cancelled": "opted out"}
        session.commit()
        return
    session.commit()
    senders.use_conversation(session, followup.phone, conversation.id)
    sent = outbound.send_by_rest(
        session, placing.telephony, placing.settings, conversation.id, replies
    )
    attempt.placed_at = now
    if sent == 0:
        not_reached(session, territory, placing.ladder, attempt, AttemptState.FAILED, now)
    else:
        attempt.state = AttemptState.SENT
        timeline(session, followup, EventKind.CHECKIN_SMS, attempt, result=AttemptState.SENT.value)
    session.commit()


# --- recovery -----------------------------------------------------------------------------------


def recover_claimed(session: Session, placing: Placing, now: datetime) -> int:
    """Attempts claimed by another scheduler (it died: this one holds the lease now) or left
    placing for too long: placed ones are kept (never placed twice), the others planned again.
    Returns how many were recovered."""
    stale = now - timedelta(seconds=placing.settings.scheduler_stale_seconds)
    query = select(CheckinAttempt).where(CheckinAttempt.state == AttemptState.PLACING)
    query = query.where(
        (CheckinAttempt.claimed_by != placing.holder) | (CheckinAttempt.claimed_at < stale)
    )
    recovered = 0
    for attempt in session.scalars(query.order_by(CheckinAttempt.id)).all():
        _recover(session, placing, attempt, now)
        recovered += 1
    session.commit()
    return recovered


def _recover(session: Session, placing: Placing, attempt: CheckinAttempt, now: datetime) -> None:
    if attempt.provider_sid is not None:
        attempt.state = AttemptState.RINGING  # placed: its status callbacks follow
        return
    if attempt.kind is AttemptKind.SMS:
        if _sms_recorded(session, attempt):
            attempt.state, attempt.placed_at = AttemptState.SENT, attempt.claimed_at
            return
    elif attempt.conversation_id is not None and attempt.claimed_at is not None:
        followup = session.get_one(FollowUp, attempt.followup_id)
        found = _find_call(placing, followup.phone, attempt.claimed_at)
        if found is not None:
            attempt.provider_sid, attempt.state = found, AttemptState.RINGING
            attempt.placed_at = attempt.claimed_at
            return
    _back_to_planned(attempt, attempt.due_at)
    log.info("check-in attempt %s recovered: planned again", attempt.id)


def _sms_recorded(session: Session, attempt: CheckinAttempt) -> bool:
    if attempt.conversation_id is None:
        return False
    found = session.scalar(
        select(SmsDelivery.id).where(SmsDelivery.conversation_id == attempt.conversation_id)
    )
    return found is not None


def _find_call(placing: Placing, phone: str | None, since: datetime) -> str | None:
    if phone is None:
        return None
    try:
        found = placing.telephony.find_call(phone, since - timedelta(seconds=5))
    except TelephonyError as error:
        # Unknown whether it was placed: keep it claimed rather than risk a second call.
        raise RecoveryPostponed(str(error)) from error
    return found.sid if found else None


class RecoveryPostponed(Exception):
    """The provider could not say whether a call was placed; recovery is tried again later."""


def check_quiet_calls(session: Session, placing: Placing, now: datetime) -> int:
    """Calls with no status for too long (a lost callback): their state asked to the provider."""
    talking = now - timedelta(seconds=placing.settings.scheduler_stale_seconds)
    query = (
        select(CheckinAttempt)
        .where(
            (
                (CheckinAttempt.state == AttemptState.RINGING)
                & (CheckinAttempt.updated_at < now - RINGS_AT_MOST)
            )
            | (
                (CheckinAttempt.state == AttemptState.ANSWERED)
                & (CheckinAttempt.updated_at < talking)
            )
        )
        .where(CheckinAttempt.kind == AttemptKind.CALL)
        .where(CheckinAttempt.provider_sid.is_not(None))
    )
    checked = 0
    for attempt in session.scalars(query.order_by(CheckinAttempt.id)).all():
        assert attempt.provider_sid is not None
        try:
            info = placing.telephony.get_call(attempt.provider_sid)
        except TelephonyError as error:
            log.warning("check-in attempt %s: status unknown: %s", attempt.id, error)
            continue
        followup = session.get_one(FollowUp, attempt.followup_id)
        territory = session.get_one(Territory, followup.territory_id)
        progress(session, territory, placing.ladder, attempt, info.sid, info.status, False, now)
        attempt.updated_at = now
        checked += 1
    session.commit()
    return checked


def expire_sms(session: Session, placing: Placing, now: datetime) -> int:
    """SMS with no answer in time: not reached (the ladder's last rung: the alert)."""
    wait = timedelta(minutes=placing.settings.checkin_sms_reply_minutes)
    query = select(CheckinAttempt).where(
        CheckinAttempt.state == AttemptState.SENT, CheckinAttempt.placed_at < now - wait
    )
    expired = 0
    for attempt in session.scalars(query.order_by(CheckinAttempt.id)).all():
        followup = session.get_one(FollowUp, attempt.followup_id)
        territory = session.get_one(Territory, followup.territory_id)
        not_reached(session, territory, placing.ladder, attempt, AttemptState.NO_ANSWER, now)
        expired += 1
    session.commit()
    return expired
