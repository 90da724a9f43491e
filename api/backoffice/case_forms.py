"""The case page's action forms, parsed and checked before anything runs: a form that does not
hold what its action needs gets a clear French error, and nothing is written."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator

from relais.cases import queries
from relais.cases.models import CaseStatus, ClosedReason, IsolationLevel, Orientation
from relais.consent.models import ConsentDecision, ConsentScope

# What each field is, in the words of the error messages.
WHAT = {
    "level": "le niveau",
    "orientation": "l'orientation",
    "structure_id": "la structure",
    "status": "le nouveau statut",
    "reason_code": "le motif de clôture",
    "scope": "l'objet du consentement",
    "decision": "la réponse de la personne",
    "into": "la référence du dossier à conserver",
}


class FormError(ValueError):
    """The form's input cannot be used; the text is French. `fields` holds each problem by
    form field (field name → sentence), for the inline messages."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class ActionForm(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_is_missing(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if not (isinstance(v, str) and not v.strip())}
        return data


F = TypeVar("F", bound=ActionForm)


class NoInput(ActionForm):
    pass


class QualifyForm(ActionForm):
    level: IsolationLevel
    reason: str | None = None


class OrientForm(ActionForm):
    orientation: Orientation
    structure_id: int | None = None
    reason: str | None = None


class StatusForm(ActionForm):
    status: CaseStatus
    reason: str | None = None


class CloseForm(ActionForm):
    reason_code: ClosedReason
    note: str | None = None


class MergeForm(ActionForm):
    into: int

    @field_validator("into", mode="before")
    @classmethod
    def _reference(cls, value: Any) -> int:
        match = queries.REFERENCE.match(str(value))
        if not match:
            raise ValueError("reference")
        return int(match.group(1))


class ContactForm(ActionForm):
    outcome: str = ""
    note: str | None = None


class ConsentForm(ActionForm):
    scope: ConsentScope
    decision: ConsentDecision


class ReporterForm(ActionForm):
    phone: str = ""
    wants_feedback: bool = False


class NoteForm(ActionForm):
    text: str = ""


class AnonymiseForm(ActionForm):
    confirm: bool = False


def parse(model: type[F], form: Mapping[str, Any]) -> F:
    """The form as its model, or FormError with one French sentence per problem."""
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    try:
        return model.model_validate(fields)
    except ValidationError as error:
        problems = {_field(e): _message(e) for e in error.errors()}
        raise FormError(" ".join(problems.values()), problems) from error


def _field(error: Any) -> str:
    return str(error["loc"][0]) if error["loc"] else ""


def _message(error: Any) -> str:
    field = _field(error)
    what = WHAT.get(field, field)
    if field == "into":
        return "Indiquez la référence du dossier à conserver (par exemple RL-2026-000042)."
    if error["type"] == "missing":
        return f"Choisissez {what}."
    return f"Valeur invalide pour {what} : « {error.get('input')} »."
