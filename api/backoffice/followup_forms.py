"""The follow-up forms of the back-office, parsed before anything runs (a French error per
problem, nothing written)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import field_validator
from starlette.datastructures import FormData

from api.backoffice.case_forms import ActionForm, FormError, parse
from relais.followups.enrolment import FollowUpRequest
from relais.followups.models import FollowUpChannel, PauseReason, StopReason
from relais.followups.schedule import parse_days, parse_time

WHAT = {
    "at": "l'heure d'appel",
    "channel": "le canal",
    "starts_on": "la date de début",
    "ends_on": "la date de fin",
    "from_day": "le début de la pause",
    "until_day": "la fin de la pause",
    "reason": "le motif",
    "structure_id": "la structure référente",
    "referent_id": "le professionnel référent",
}


class ScheduleForm(ActionForm):
    days: str = ""  # the checked days, joined by commas
    at: str
    channel: FollowUpChannel = FollowUpChannel.CALL
    starts_on: date | None = None
    ends_on: date | None = None
    structure_id: int | None = None
    referent_id: int | None = None
    phone: str = ""
    consent_by_phone: bool = False

    def request(self, case_id: int | None, default_phone: str | None) -> FollowUpRequest:
        try:
            days = parse_days(self.days)
        except ValueError as error:
            raise FormError(str(error), {"days": str(error)}) from error
        try:
            at = parse_time(self.at)
        except ValueError as error:
            raise FormError(str(error), {"at": str(error)}) from error
        return FollowUpRequest(
            phone=self.phone or default_phone or "",
            days=days,
            at=at,
            channel=self.channel,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            structure_id=self.structure_id,
            referent_id=self.referent_id,
            consent_by_phone=self.consent_by_phone,
            case_id=case_id,
        )


class PauseForm(ActionForm):
    from_day: date
    until_day: date | None = None
    reason: PauseReason = PauseReason.OTHER
    note: str | None = None


class StopForm(ActionForm):
    reason: StopReason
    note: str | None = None

    @field_validator("reason")
    @classmethod
    def _by_staff(cls, value: StopReason) -> StopReason:
        if value in (StopReason.OPT_OUT, StopReason.ERASURE, StopReason.ENDED):
            raise ValueError("not a staff reason")
        return value


def read(model: type[ActionForm], form: FormData) -> Any:
    """The form as its model; the days' checkboxes are read together."""
    fields: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    fields["days"] = ",".join(str(d) for d in form.getlist("days"))
    try:
        return parse(model, fields)
    except FormError as error:
        fields = {field: _reworded(field, text) for field, text in error.fields.items()}
        raise FormError(" ".join(fields.values()), fields) from None


def _reworded(field: str, text: str) -> str:
    what = WHAT.get(field)
    if what is None:
        return text
    return text.replace(f"pour {field} :", f"pour {what} :").replace(
        f"Choisissez {field}.", f"Indiquez {what}."
    )
