"""Imports every domain's models so that the metadata (and Alembic) sees all tables."""

from relais.audit.models import AuditEntry
from relais.cases.models import Case, CaseEvent
from relais.consent.models import ConsentRecord
from relais.conversation.models import Conversation, InboxMessage, OutboundMessage
from relais.db import Base
from relais.directory.models import Structure
from relais.followups.models import CheckinAnswer, CheckinAttempt, FollowUp
from relais.leases.models import Lease
from relais.people.models import Person
from relais.phone.models import SmsDelivery, SmsSender
from relais.phone.voice_models import VoiceCall
from relais.ratelimits.models import RateHit
from relais.staff.models import StaffSession, StaffUser
from relais.tasks.models import StaffTask
from relais.telephony.models import ConsoleRecord
from relais.territory.models import CommuneRecord, Territory

__all__ = [
    "AuditEntry",
    "Base",
    "Case",
    "CaseEvent",
    "CheckinAnswer",
    "CheckinAttempt",
    "CommuneRecord",
    "ConsentRecord",
    "ConsoleRecord",
    "Conversation",
    "FollowUp",
    "InboxMessage",
    "Lease",
    "OutboundMessage",
    "Person",
    "RateHit",
    "SmsDelivery",
    "SmsSender",
    "StaffSession",
    "StaffTask",
    "StaffUser",
    "Structure",
    "Territory",
    "VoiceCall",
]
