"""The audit trail in the words of the people who read it: actions, objects and details in
French. The codes stay in the database (they are what filters and exports use)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relais.cases import wording

ACTIONS = {
    "login": "Connexion",
    "login.failed": "Échec de connexion",
    "login.locked": "Compte bloqué après trop d'essais",
    "staff.create": "Compte créé",
    "staff.activate": "Compte réactivé",
    "staff.deactivate": "Compte désactivé",
    "staff.password_change": "Mot de passe changé",
    "staff.unlock": "Compte débloqué",
    "structure.create": "Structure ajoutée à l'annuaire",
    "structure.update": "Structure modifiée",
    "structure.activate": "Structure réactivée",
    "structure.deactivate": "Structure désactivée",
    "structure.import": "Annuaire importé (CSV)",
    "task.erasure_applied": "Effacement appliqué",
    "task.opt_out_checked": "Opposition vérifiée",
    "territory.calling_hours": "Heures d'appel modifiées",
    "case.read": "Dossier consulté",
    "case.anonymise": "Dossier anonymisé",
}
# The families of actions, for the audit page's filter: prefix → what it covers.
FAMILIES = {
    "login": "Connexions",
    "case.read": "Consultations de dossiers",
    "case.": "Toutes les actions sur les dossiers",
    "followup.": "Suivis par appels",
    "staff.": "Comptes",
    "structure.": "Annuaire",
    "task.": "Effacements et oppositions",
    "territory.": "Territoire",
}
OBJECT_TYPES = {
    "case": "Dossier",
    "staff_user": "Compte",
    "structure": "Structure",
    "staff_task": "Demande",
    "territory": "Territoire",
    "followup": "Suivi",
}
# Detail keys whose values are codes, with the table that names them.
_VALUES: dict[str, Mapping[Any, str]] = {
    "role": wording.ROLE,
    "level": wording.LEVEL,
    "previous_level": wording.LEVEL,
    "orientation": wording.ORIENTATION,
    "status": wording.STATUS,
    "from": wording.STATUS,
    "to": wording.STATUS,
    "reason_code": wording.CLOSED_REASON,
    "channel": wording.CHANNEL,
    "calls_by": wording.FOLLOWUP_CHANNEL,
    "scope": wording.CONSENT_SCOPE,
    "decision": wording.CONSENT_DECISION,
    "outcome": wording.CONTACT_OUTCOME,
}
_KEYS = {
    "role": "Rôle",
    "level": "Niveau",
    "previous_level": "Niveau proposé",
    "orientation": "Orientation",
    "structure_id": "Structure n°",
    "structure_name": "Structure",
    "status": "Statut",
    "from": "Ancien statut",
    "to": "Nouveau statut",
    "reason_code": "Motif",
    "channel": "Canal",
    "calls_by": "Par",
    "scope": "Objet",
    "decision": "Réponse",
    "outcome": "Résultat",
    "created": "Créées",
    "updated": "Modifiées",
    "before": "Avant",
    "after": "Après",
    "followup_id": "Suivi n°",
    "case_id": "Dossier n°",
    "referent_id": "Référent n°",
    "days": "Jours",
    "at": "Heure",
    "starts_on": "Début",
    "ends_on": "Fin",
    "override": "Autre orientation que celle proposée",
    "kind": "Nature",
}


def action_label(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    family, _, kind = action.partition(".")
    event = wording.EVENT.get(kind)  # type: ignore[call-overload]
    if family == "case" and event:
        return f"Dossier : {event[:1].lower()}{event[1:]}"
    if family == "followup" and event:
        return f"Suivi : {event[:1].lower()}{event[1:]}"
    return action


def object_label(object_type: str, object_id: str | None) -> str:
    name = OBJECT_TYPES.get(object_type, object_type)
    return f"{name} n° {object_id}" if object_id else name


def actor_label(label: str, email: str | None) -> str:
    """Who acted, as the entry names them: an account's e-mail, or what acted without one."""
    if email:
        return email
    return {
        "anon": "Personne non connectée",
        "system": "Relais",
        "seed": "Installation (données de démonstration)",
        "cli": "Ligne de commande",
    }.get(label, label)


def detail_text(detail: Mapping[str, Any]) -> str:
    return " ; ".join(f"{_KEYS.get(k, k)} : {_value(k, v)}" for k, v in detail.items())


def _value(key: str, value: Any) -> str:
    if isinstance(value, list):
        shown = ", ".join(_value(key, v) for v in value)
        return shown or "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if value is None or value == "":
        return "—"
    if key == "days":
        return wording.WEEKDAY.get(str(value), str(value))
    table = _VALUES.get(key)
    return wording.label(table, value) if table else str(value)
