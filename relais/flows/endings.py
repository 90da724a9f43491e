"""How each flow ends: finished, stopped by the person (opt-out, erasure, goodbye), cut by a
danger, or left silent until the session expired. What becomes a case, and what is said."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from relais.assessment.level import assess
from relais.cases.intake import (
    add_to_danger_case,
    create_report_case,
    create_self_referral_case,
    open_danger_case,
    referral_record,
    report_record,
)
from relais.cases.models import CaseDanger
from relais.consent.requests import request_erasure, withdraw_consent
from relais.conversation.service import find_conversation
from relais.db import utcnow
from relais.flows import anywhere, report, self_referral
from relais.flows.common import stopped
from relais.flows.turn import Say, Turn, Where, responses, said
from relais.followups.enrolment import propose
from relais.followups.models import CheckinOutcome
from relais.followups.service import record_checkin_answer
from relais.safety.context import told_as_over
from relais.safety.replies import nlu_emergency_reply
from relais.territory.models import Territory

_DURING = {"report_form": "report", "self_form": "self_referral", "checkin_form": "checkin"}


@dataclass(frozen=True)
class Ending:
    """What a flow leaves once its form is done."""

    say: list[Say]
    goodbye: bool = False


def stop_effects(
    session: Session, territory: Territory, reason: str | None, where: Where, during: str | None
) -> list[Say]:
    """An opt-out or an erasure request confirmed inside a form."""
    common: dict[str, Any] = {
        "channel": where.channel,
        "conversation_id": where.conversation_id,
        "phone": where.address,
        "during": during,
    }
    if reason == "opt_out":
        withdraw_consent(session, territory, **common)
        return opted_out(where)
    if reason == "erase_data":
        request_erasure(session, territory, **common)
        return responses("utter_erasure_requested")
    return []


def opted_out(where: Where) -> list[Say]:
    first = "utter_opted_out" if where.address else "utter_opted_out_web"
    return responses(first, "utter_come_back_anytime")


def finish(
    session: Session, territory: Territory, form: str, slots: Mapping[str, Any], where: Where
) -> Ending:
    """A big form ended, finished or stopped: the stop's effects, and the case when the flow
    keeps one (the check-in's answer for a check-in); the caller commits (all of it, or
    nothing)."""
    if form == "checkin_form":
        return finish_checkin(session, territory, slots, where)
    reason = stopped(slots)
    say = stop_effects(session, territory, reason, where, _DURING[form])
    if form == "report_form" and report.kept(reason, slots):
        say += _keep_report(session, territory, slots, where, reason)
    elif form == "self_form" and self_referral.kept(reason, slots):
        say += _keep_referral(session, territory, slots, where, reason)
    return Ending(say, goodbye=reason == "goodbye")


def _told(where: Where, reason: str | None) -> dict[str, Any]:
    """Where a flow was told, and whether it finished (or why it stopped)."""
    return {
        "channel": where.channel,
        "conversation_id": where.conversation_id,
        "address": where.address,
        "complete": reason is None,
        "stop_reason": reason,
    }


def _keep_report(
    session: Session,
    territory: Territory,
    slots: Mapping[str, Any],
    where: Where,
    reason: str | None,
) -> list[Say]:
    told = report.report_input(slots, **_told(where, reason))
    case = create_report_case(session, territory, told)
    if reason is not None:
        return responses("utter_report_kept")
    commune = slots.get("commune") if slots.get("commune_insee") else None
    lines = said(*report.summary(told, commune, case.reference))
    return lines + anywhere.activities_if_requested(session, territory, slots)


def _keep_referral(
    session: Session,
    territory: Territory,
    slots: Mapping[str, Any],
    where: Where,
    reason: str | None,
) -> list[Say]:
    """The case. An opt-out keeps nothing: the person asked not to be contacted."""
    referral = self_referral.referral_input(slots, **_told(where, reason))
    case = create_self_referral_case(session, territory, referral)
    if referral.contact_consent and referral.checkin_consent:
        session.flush()
        propose(
            session,
            territory,
            case,
            preferred_channel=slots.get("preferred_channel"),
            preferred_time=slots.get("preferred_time"),
            now=utcnow(),
        )
    if reason is not None:
        return []
    level = assess(referral.answers).level
    lines = said(
        *self_referral.next_steps(referral, level, case.due_at, case.reference, territory.timezone)
    )
    insee = slots.get("commune_insee")
    if insee and self_referral.wants_activities(referral, level):
        lines += said(
            *anywhere.activities_here(session, territory, str(insee), str(slots.get("commune")))
        )
    return lines


def finish_checkin(
    session: Session, territory: Territory, slots: Mapping[str, Any], where: Where
) -> Ending:
    """The answer to a check-in is recorded ("not ok" opens a case for staff) and answered."""
    reason = stopped(slots)
    outcome = CheckinOutcome.OPT_OUT if reason == "opt_out" else None
    if reason is None and slots.get("checkin_status"):
        outcome = CheckinOutcome(slots["checkin_status"])
    conversation = find_conversation(session, where.conversation_id)
    if reason == "erase_data":
        stop_effects(session, territory, reason, where, "checkin")
    if outcome is not None and conversation is not None:
        detail = slots.get("checkin_detail") or slots.get("checkin_said")
        record_checkin_answer(session, territory, conversation, outcome, detail)
    return Ending(checkin_replies(outcome, where) if outcome else _checkin_stop(reason, where))


def _checkin_stop(reason: str | None, where: Where) -> list[Say]:
    if reason == "erase_data":
        return responses("utter_erasure_requested")
    return responses("utter_goodbye") if reason == "goodbye" else []


_CHECKIN_REPLIES: dict[CheckinOutcome, list[Say]] = {
    CheckinOutcome.OK: responses("utter_checkin_ok"),
    CheckinOutcome.NOT_OK: responses("utter_checkin_not_ok", "utter_checkin_emergency_reminder"),
    CheckinOutcome.CALLBACK: responses("utter_checkin_callback"),
    CheckinOutcome.UNCLEAR: responses("utter_checkin_unclear", "utter_checkin_emergency_reminder"),
}


def checkin_replies(outcome: CheckinOutcome | None, where: Where) -> list[Say]:
    if outcome is CheckinOutcome.OPT_OUT:
        return opted_out(where)
    return _CHECKIN_REPLIES.get(outcome, []) if outcome else []


def keep_unfinished(
    session: Session, territory: Territory, form: str, slots: Mapping[str, Any], where: Where
) -> None:
    """A report or a self-referral left silent until the session expired: what it had
    gathered becomes an incomplete case, when it says enough."""
    common = _told(where, "session_expired")
    if form == "report_form" and report.worth_keeping(slots):
        create_report_case(session, territory, report.report_input(slots, **common))
    elif form == "self_form" and self_referral.worth_keeping(slots):
        create_self_referral_case(session, territory, self_referral.referral_input(slots, **common))


def gathered(
    session: Session, form: str | None, slots: Mapping[str, Any], where: Where
) -> tuple[dict[str, Any], str | None]:
    """What a form cut by a danger had gathered (its record), and its commune."""
    common = _told(where, None) | {"complete": False}
    if form == "report_form" and report.worth_keeping(slots):
        told = report.report_input(slots, **common)
        return report_record(session, told), told.commune_insee
    if form == "self_form" and self_referral.worth_keeping(slots):
        referral = self_referral.referral_input(slots, **common)
        return referral_record(session, referral), referral.commune_insee
    return {}, None


def danger_followup(
    session: Session, form: str | None, slots: Mapping[str, Any], where: Where
) -> list[Say]:
    """After the safety net answered and opened the urgent case: what the form had gathered
    joins the case (the commune matters most to the team on its way)."""
    collected, commune = gathered(session, form, slots, where)
    if where.conversation_id is not None:
        add_to_danger_case(session, where.conversation_id, collected, commune)
    return responses("utter_danger_followup")


def nlu_emergency(
    session: Session,
    territory: Territory,
    form: str | None,
    slots: Mapping[str, Any],
    where: Where,
    text: str,
) -> Turn:
    """An emergency the NLU recognised and the safety net did not: the same answer, at once,
    and an urgent case with what the form had gathered. A story of something past and over
    ("elle est tombée l'an dernier, elle s'en est remise") is no emergency: the person is asked
    whom it is about, and the story opens the flow chosen (`pending_story`)."""
    if told_as_over(text):
        return Turn({"pending_story": text}, responses("utter_ask_whom_about"))
    open_danger_case(
        session,
        territory,
        channel=where.channel,
        conversation_id=where.conversation_id,
        danger=CaseDanger.NLU_EMERGENCY,
        observation=text,
    )
    collected, commune = gathered(session, form, slots, where)
    if where.conversation_id is not None:
        add_to_danger_case(session, where.conversation_id, collected, commune)
    return Turn(say=said(*nlu_emergency_reply()), step_aside=True)
