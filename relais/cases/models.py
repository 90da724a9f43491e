"""Cases of the orientation queue and their timeline."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from relais.db import Base, str_enum, utcnow

if TYPE_CHECKING:
    from relais.people.models import Person


class Channel(StrEnum):
    WEB = "web"
    SMS = "sms"
    VOICE = "voice"
    STAFF = "staff"
    IMPORT = "import"


class Origin(StrEnum):
    SELF = "self"
    THIRD_PARTY = "third_party"
    CHECKIN = "checkin"
    REGISTRY_CAMPAIGN = "registry_campaign"


class CaseStatus(StrEnum):
    AWAITING_CONTACT = "awaiting_contact"  # aller-vers: the person has not consented yet
    NEW = "new"
    QUALIFIED = "qualified"
    ORIENTED = "oriented"
    FOLLOWED = "followed"
    CLOSED = "closed"


class ClosedReason(StrEnum):
    RESOLVED = "resolved"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    DUPLICATE = "duplicate"
    OUT_OF_SCOPE = "out_of_scope"


class IsolationLevel(StrEnum):
    URGENT = "urgent"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Orientation(StrEnum):
    EMERGENCY_SERVICES = "emergency_services"
    SOCIAL_EVALUATION = "social_evaluation"
    CITIZEN_VISITS = "citizen_visits"
    ACTIVITIES_INFORMATION = "activities_information"


class ReporterRelation(StrEnum):
    NEIGHBOUR = "neighbour"
    FAMILY = "family"
    SHOPKEEPER = "shopkeeper"
    CARETAKER = "caretaker"
    POSTMAN = "postman"
    HEALTH_PROFESSIONAL = "health_professional"
    SOCIAL_WORKER = "social_worker"  # a social service: CCAS, CLIC, hospital, département
    HOME_HELP = "home_help"
    ELECTED_OFFICIAL = "elected_official"
    OTHER = "other"


class IntakeKind(StrEnum):
    """What `Case.collected` records: which conversation opened the case (its key `kind`)."""

    REPORT = "report"
    SELF_REFERRAL = "self_referral"
    CHECKIN = "checkin"
    DANGER = "danger"
    CALLBACK = "callback"
    FOLLOWUP = "followup"  # a follow-up set up by staff for a person without a case
    UNREACHED = "unreached"  # a followed person the check-in calls did not reach


class CaseDanger(StrEnum):
    """What an urgent case was opened for: a kind the safety net recognised, the reporter
    saying the person is in danger now, or an emergency only the NLU saw."""

    FALL = "fall"
    NO_SIGN_OF_LIFE = "no_sign_of_life"
    SUICIDAL = "suicidal"
    MEDICAL = "medical"
    OTHER = "other"
    REPORTED_IN_FORM = "reported_in_form"
    NLU_EMERGENCY = "nlu_emergency"


class CallbackReason(StrEnum):
    """Why someone is to be called back."""

    OUTSIDE_OPENING_HOURS = "outside_opening_hours"  # asked for a person, nobody there
    CALLBACK_REQUESTED = "callback_requested"  # "rappelez-moi"
    VOICE_MESSAGE = "voice_message"  # left a recorded message on the phone
    VOICE_NO_MESSAGE = "voice_no_message"  # reached the recorder and said nothing


class EventKind(StrEnum):
    """What a line of a case's timeline records. Each has a French label (wording.EVENT)."""

    CREATED = "created"
    REPORT_ADDED = "report_added"  # a report completed the urgent case of the conversation
    SELF_REFERRAL_ADDED = "self_referral_added"
    DETAILS_ADDED = "details_added"  # what a flow cut by a danger had gathered
    CALLBACK_REQUESTED = "callback_requested"
    CALLBACK_REQUESTED_AGAIN = "callback_requested_again"
    DANGER_REPEATED = "danger_repeated"
    CALL_ENDED = "call_ended"
    TAKEN = "taken"
    RELEASED = "released"
    QUALIFIED = "qualified"
    ORIENTED = "oriented"
    STATUS_CHANGED = "status_changed"
    CLOSED = "closed"
    REOPENED = "reopened"
    MERGED_INTO = "merged_into"
    MERGED_FROM = "merged_from"
    CONTACT_ATTEMPT = "contact_attempt"
    CONSENT_BY_PHONE = "consent_by_phone"
    NOTE = "note"
    REPORTER_CONTACT = "reporter_contact"
    REPORTER_FEEDBACK_SENT = "reporter_feedback_sent"
    ANONYMISED = "anonymised"
    FOLLOWUP_PROPOSED = "followup_proposed"  # the person accepted check-in calls
    FOLLOWUP_STARTED = "followup_started"
    FOLLOWUP_PAUSED = "followup_paused"
    FOLLOWUP_RESUMED = "followup_resumed"
    FOLLOWUP_STOPPED = "followup_stopped"
    CHECKIN_CALL = "checkin_call"  # a check-in call ended (answered or not)
    CHECKIN_SMS = "checkin_sms"  # a check-in SMS was sent
    CHECKIN_ANSWERED = "checkin_answered"  # what the person answered
    CHECKIN_ESCALATED = "checkin_escalated"  # an alert case opened for the referent


class ActorKind(StrEnum):
    SYSTEM = "system"
    ASSISTANT = "assistant"
    STAFF = "staff"


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_queue", "territory_id", "status", "isolation_level", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territories.id"))
    channel: Mapped[Channel] = mapped_column(str_enum(Channel))
    origin: Mapped[Origin] = mapped_column(str_enum(Origin))
    status: Mapped[CaseStatus] = mapped_column(str_enum(CaseStatus))
    closed_reason: Mapped[ClosedReason | None] = mapped_column(str_enum(ClosedReason))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    # Kept on anonymisation so that statistics per commune survive erasure.
    commune_insee: Mapped[str | None] = mapped_column(ForeignKey("communes.insee"), index=True)
    conversation_id: Mapped[str | None] = mapped_column(ForeignKey("conversations.id"), index=True)
    reporter_relation: Mapped[ReporterRelation | None] = mapped_column(str_enum(ReporterRelation))
    reporter_phone: Mapped[str | None] = mapped_column(String(32))
    reporter_wants_feedback: Mapped[bool] = mapped_column(default=False)
    observation: Mapped[str | None] = mapped_column(Text)
    danger_now: Mapped[bool | None] = mapped_column()
    collected: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    assessment: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    isolation_level: Mapped[IsolationLevel | None] = mapped_column(str_enum(IsolationLevel))
    proposed_orientation: Mapped[Orientation | None] = mapped_column(str_enum(Orientation))
    chosen_orientation: Mapped[Orientation | None] = mapped_column(str_enum(Orientation))
    orientation_override_reason: Mapped[str | None] = mapped_column(Text)
    structure_id: Mapped[int | None] = mapped_column(ForeignKey("structures.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"), index=True)
    due_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    oriented_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    anonymised_at: Mapped[datetime | None] = mapped_column()

    person: Mapped[Person | None] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="case", order_by="CaseEvent.id", cascade="all, delete-orphan"
    )

    @property
    def reference(self) -> str:
        """What a caller is told and a coordinator searches for: RL-2026-000042."""
        return f"RL-{self.created_at.year}-{self.id:06d}"


class CaseEvent(Base):
    """One line of a case's timeline: what happened, who did it, when."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_kind: Mapped[ActorKind] = mapped_column(str_enum(ActorKind))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_users.id"))
    kind: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    case: Mapped[Case] = relationship(back_populates="events")


# The orientation queue reads open cases by level and due date, and counts cases per status:
# both are index-only scans with these (see bench/queue_pages.py).
Index(
    "ix_cases_open_queue",
    Case.territory_id,
    Case.isolation_level,
    Case.due_at,
    Case.id,
    postgresql_where=Case.status != "closed",
    sqlite_where=Case.status != "closed",
)
Index("ix_cases_territory_status", Case.territory_id, Case.status)
