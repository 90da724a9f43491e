"""Cases from what people tell the assistant, one module per kind of intake: reports,
self-referrals, check-in answers, emergencies and callback requests. Each keeps typed values
in `Case.collected` (its key `kind` says which intake); relais.cases.describe renders them in
French for staff.

One conversation is one situation: within the hour, a report or a self-referral that follows
a danger caught in the same conversation completes the urgent case instead of opening another,
and a second callback request adds to the first.
"""

from relais.cases.intake.callback import open_callback_case
from relais.cases.intake.checkin import open_checkin_case
from relais.cases.intake.danger import add_to_danger_case, open_danger_case
from relais.cases.intake.followup import open_unreached_case
from relais.cases.intake.report import (
    PersonConsent,
    ReportInput,
    create_report_case,
    report_record,
)
from relais.cases.intake.self_referral import (
    SelfReferralInput,
    create_self_referral_case,
    referral_record,
)

__all__ = [
    "PersonConsent",
    "ReportInput",
    "SelfReferralInput",
    "add_to_danger_case",
    "create_report_case",
    "create_self_referral_case",
    "open_callback_case",
    "open_checkin_case",
    "open_danger_case",
    "open_unreached_case",
    "referral_record",
    "report_record",
]
