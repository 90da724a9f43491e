"""The French words of Relais, in one place: the labels staff read for the case model's values
(pages, CSV exports), the words of what the assistant collected, and the short phrases read
back to the person (by voice, SMS or chat). Data is stored as typed values; French is only
rendered here, when displayed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.answers.yes_no import YesNo
from relais.assessment.answers import Frequency, Network, RuptureEvent, UclaItem, Wish
from relais.cases.models import (
    CallbackReason,
    CaseDanger,
    CaseStatus,
    Channel,
    ClosedReason,
    EventKind,
    IsolationLevel,
    Orientation,
    Origin,
    ReporterRelation,
)
from relais.consent.models import ConsentDecision, ConsentScope, ConsentSource, ConsentSubject
from relais.directory.models import Service, StructureKind
from relais.followups.models import (
    AttemptKind,
    AttemptOutcome,
    AttemptReason,
    AttemptState,
    CheckinOutcome,
    FollowUpChannel,
    FollowUpStatus,
    PauseReason,
    StopReason,
)
from relais.people.models import AgeBand
from relais.phone.voice_models import CallDirection, CallOutcome
from relais.staff.models import Role

STATUS = {
    CaseStatus.AWAITING_CONTACT: "Aller-vers (accord à recueillir)",
    CaseStatus.NEW: "Nouveau",
    CaseStatus.QUALIFIED: "Qualifié",
    CaseStatus.ORIENTED: "Orienté",
    CaseStatus.FOLLOWED: "Suivi",
    CaseStatus.CLOSED: "Clos",
}
CLOSED_REASON = {
    ClosedReason.RESOLVED: "Situation résolue",
    ClosedReason.REFUSED: "Refus de la personne",
    ClosedReason.UNREACHABLE: "Personne injoignable",
    ClosedReason.DUPLICATE: "Doublon",
    ClosedReason.OUT_OF_SCOPE: "Hors champ",
}
LEVEL = {
    IsolationLevel.URGENT: "Urgent",
    IsolationLevel.HIGH: "Élevé",
    IsolationLevel.MEDIUM: "Modéré",
    IsolationLevel.LOW: "Faible",
}
ORIENTATION = {
    Orientation.EMERGENCY_SERVICES: "Services d'urgence",
    Orientation.SOCIAL_EVALUATION: "Évaluation sociale (CLIC, CCAS)",
    Orientation.CITIZEN_VISITS: "Visites d'une équipe citoyenne et appels",
    Orientation.ACTIVITIES_INFORMATION: "Information sur les activités",
}
CHANNEL = {
    Channel.WEB: "Discussion en ligne",
    Channel.SMS: "SMS",
    Channel.VOICE: "Téléphone",
    Channel.STAFF: "Saisie par un professionnel",
    Channel.IMPORT: "Import",
}
ORIGIN = {
    Origin.SELF: "La personne elle-même",
    Origin.THIRD_PARTY: "Signalement d'un tiers",
    Origin.CHECKIN: "Appel de suivi",
    Origin.REGISTRY_CAMPAIGN: "Campagne (registre communal)",
}
RELATION = {
    ReporterRelation.NEIGHBOUR: "Voisin ou voisine",
    ReporterRelation.FAMILY: "Famille",
    ReporterRelation.SHOPKEEPER: "Commerçant",
    ReporterRelation.CARETAKER: "Gardien",
    ReporterRelation.POSTMAN: "Facteur",
    ReporterRelation.HEALTH_PROFESSIONAL: "Professionnel de santé",
    ReporterRelation.SOCIAL_WORKER: "Professionnel du social",
    ReporterRelation.HOME_HELP: "Aide à domicile",
    ReporterRelation.ELECTED_OFFICIAL: "Élu",
    ReporterRelation.OTHER: "Autre",
}
AGE_BAND = {
    AgeBand.UNDER_60: "Moins de 60 ans",
    AgeBand.FROM_60_TO_74: "60 à 74 ans",
    AgeBand.FROM_75_TO_84: "75 à 84 ans",
    AgeBand.FROM_85: "85 ans et plus",
    AgeBand.UNKNOWN: "Âge inconnu",
}
CONSENT_SUBJECT = {ConsentSubject.PERSON: "La personne", ConsentSubject.REPORTER: "Le signalant"}
CONSENT_SOURCE = {
    ConsentSource.SELF: "dit par la personne concernée",
    ConsentSource.THIRD_PARTY: "rapporté par un tiers (ce n'est pas un consentement)",
    ConsentSource.STAFF: "recueilli par un professionnel",
}
CONSENT_SCOPE = {
    ConsentScope.CONTACT: "Être contacté",
    ConsentScope.SHARE_WITH_PARTNER: "Partage avec une structure partenaire",
    ConsentScope.CHECKIN_CALLS: "Appels de suivi",
    ConsentScope.SMS: "SMS",
    ConsentScope.REPORTER_FEEDBACK: "Nouvelles au signalant",
}
CONSENT_DECISION = {
    ConsentDecision.GIVEN: "Accord",
    ConsentDecision.REFUSED: "Refus",
    ConsentDecision.WITHDRAWN: "Retrait",
    ConsentDecision.UNKNOWN: "Ne sait pas",
}
ROLE = {
    Role.ADMIN: "Administrateur",
    Role.COORDINATOR: "Coordinateur",
    Role.PARTNER: "Partenaire",
    Role.VIEWER: "Lecteur (statistiques)",
}
SERVICE = {
    Service.VISITS: "Visites",
    Service.CALLS: "Appels de convivialité",
    Service.ACTIVITIES: "Activités",
    Service.TRANSPORT: "Transport",
    Service.SOCIAL_EVALUATION: "Évaluation sociale",
    Service.CAREGIVER_SUPPORT: "Soutien aux aidants",
}
STRUCTURE_KIND = {
    StructureKind.CLIC: "CLIC",
    StructureKind.CCAS: "CCAS",
    StructureKind.CITIZEN_TEAM: "Équipe citoyenne",
    StructureKind.ASSOCIATION: "Association",
    StructureKind.DEPARTEMENT: "Département",
    StructureKind.HEALTH: "Santé",
    StructureKind.OTHER: "Autre",
}
CONTACT_OUTCOME = {
    "reached": "Personne jointe",
    "no_answer": "Pas de réponse",
    "message_left": "Message laissé",
    "wrong_number": "Mauvais numéro",
    "visit_done": "Visite effectuée",
    "visit_nobody": "Visite : personne au domicile",
}
EVENT = {
    EventKind.CREATED: "Dossier créé",
    EventKind.REPORT_ADDED: "Signalement ajouté au dossier urgent",
    EventKind.SELF_REFERRAL_ADDED: "Demande de la personne ajoutée au dossier urgent",
    EventKind.DETAILS_ADDED: "Informations recueillies avant l'urgence ajoutées",
    EventKind.CALLBACK_REQUESTED: "Rappel demandé",
    EventKind.CALLBACK_REQUESTED_AGAIN: "Rappel demandé de nouveau",
    EventKind.DANGER_REPEATED: "Danger signalé de nouveau",
    EventKind.CALL_ENDED: "Appel terminé",
    EventKind.TAKEN: "Pris en charge par",
    EventKind.RELEASED: "Dossier libéré",
    EventKind.QUALIFIED: "Qualifié",
    EventKind.ORIENTED: "Orienté",
    EventKind.STATUS_CHANGED: "Statut modifié",
    EventKind.CLOSED: "Clos",
    EventKind.REOPENED: "Rouvert",
    EventKind.MERGED_INTO: "Fusionné comme doublon dans",
    EventKind.MERGED_FROM: "Doublon fusionné",
    EventKind.CONTACT_ATTEMPT: "Tentative de contact",
    EventKind.CONSENT_BY_PHONE: "Consentement recueilli par téléphone",
    EventKind.NOTE: "Note",
    EventKind.REPORTER_FEEDBACK_SENT: "SMS de retour envoyé au signalant",
    EventKind.REPORTER_CONTACT: "Coordonnées du signalant enregistrées",
    EventKind.ANONYMISED: "Données personnelles effacées",
    EventKind.FOLLOWUP_PROPOSED: "Appels de suivi demandés par la personne (à confirmer)",
    EventKind.FOLLOWUP_STARTED: "Suivi par appels mis en place",
    EventKind.FOLLOWUP_PAUSED: "Suivi mis en pause",
    EventKind.FOLLOWUP_RESUMED: "Suivi repris",
    EventKind.FOLLOWUP_STOPPED: "Suivi arrêté",
    EventKind.CHECKIN_CALL: "Appel de suivi",
    EventKind.CHECKIN_SMS: "SMS de suivi",
    EventKind.CHECKIN_ANSWERED: "Réponse à l'appel de suivi",
    EventKind.CHECKIN_ESCALATED: "Alerte au référent : personne injoignable",
}


DANGER = {
    CaseDanger.FALL: "Chute",
    CaseDanger.NO_SIGN_OF_LIFE: "Absence de signe de vie",
    CaseDanger.SUICIDAL: "Idées suicidaires",
    CaseDanger.MEDICAL: "Urgence médicale",
    CaseDanger.OTHER: "Autre danger (feu, gaz, violence, appel à l'aide)",
    CaseDanger.REPORTED_IN_FORM: "Danger immédiat selon le signalant",
    CaseDanger.NLU_EMERGENCY: "Urgence comprise par l'assistant",
}
CALLBACK_REASON = {
    CallbackReason.OUTSIDE_OPENING_HOURS: "A demandé à parler à quelqu'un hors des horaires",
    CallbackReason.CALLBACK_REQUESTED: "A demandé à être rappelé",
    CallbackReason.VOICE_MESSAGE: "A laissé un message vocal",
    CallbackReason.VOICE_NO_MESSAGE: "A appelé sans laisser de message",
}
CHECKIN_ANSWER = {
    CheckinOutcome.OK: "Ça va",
    CheckinOutcome.NOT_OK: "Ça ne va pas",
    CheckinOutcome.CALLBACK: "Rappeler plus tard",
    CheckinOutcome.OPT_OUT: "Ne plus être appelé",
    CheckinOutcome.UNCLEAR: "Réponse non comprise",
}
FOLLOWUP_CHANNEL = {
    FollowUpChannel.CALL: "Appel",
    FollowUpChannel.SMS: "SMS",
    FollowUpChannel.CALL_SMS: "Appel, puis SMS si personne ne répond",
}
FOLLOWUP_STATUS = {
    FollowUpStatus.PROPOSED: "À confirmer",
    FollowUpStatus.ACTIVE: "En cours",
    FollowUpStatus.STOPPED: "Arrêté",
}
FOLLOWUP_STANDING = {
    "proposed": "À confirmer",
    "active": "En cours",
    "paused": "En pause",
    "stopped": "Arrêté",
}
PAUSE_REASON = {
    PauseReason.HOSPITAL: "Hospitalisation",
    PauseReason.AWAY: "Absence",
    PauseReason.OTHER: "Autre raison",
}
FOLLOWUP_STOP_REASON = {
    StopReason.OPT_OUT: "La personne ne souhaite plus être appelée",
    StopReason.ERASURE: "Effacement des données demandé",
    StopReason.ENDED: "Date de fin atteinte",
    StopReason.NO_LONGER_NEEDED: "Plus nécessaire",
    StopReason.MOVED: "Déménagement ou entrée en établissement",
    StopReason.DECEASED: "Décès",
    StopReason.OTHER: "Autre raison",
}
ATTEMPT_KIND = {AttemptKind.CALL: "Appel", AttemptKind.SMS: "SMS"}
ATTEMPT_REASON = {
    AttemptReason.SCHEDULED: "prévu",
    AttemptReason.RETRY: "nouvel essai",
    AttemptReason.CALLBACK: "rappel demandé",
    AttemptReason.SMS_FALLBACK: "SMS après les appels",
}
ATTEMPT_STATE = {
    AttemptState.PLANNED: "Prévu",
    AttemptState.PLACING: "En cours d'envoi",
    AttemptState.RINGING: "Sonne",
    AttemptState.ANSWERED: "Décroché",
    AttemptState.SENT: "SMS envoyé",
    AttemptState.NO_ANSWER: "Pas de réponse",
    AttemptState.BUSY: "Occupé",
    AttemptState.FAILED: "Échec",
    AttemptState.MACHINE: "Répondeur",
    AttemptState.DONE: "Terminé",
    AttemptState.CANCELLED: "Annulé",
}
ATTEMPT_OUTCOME = {
    AttemptOutcome.OK: "Ça va",
    AttemptOutcome.NOT_OK: "Ça ne va pas",
    AttemptOutcome.CALLBACK: "Rappeler plus tard",
    AttemptOutcome.OPT_OUT: "Ne plus être appelé",
    AttemptOutcome.UNCLEAR: "Réponse non comprise",
    AttemptOutcome.NOT_REACHED: "Pas joint",
}
WEEKDAY = {
    "mon": "lundi",
    "tue": "mardi",
    "wed": "mercredi",
    "thu": "jeudi",
    "fri": "vendredi",
    "sat": "samedi",
    "sun": "dimanche",
}
CALL_DIRECTION = {CallDirection.INBOUND: "Appel reçu", CallDirection.OUTBOUND: "Appel passé"}
CALL_OUTCOME = {
    CallOutcome.ANSWERED: "conversation avec l'assistant",
    CallOutcome.HANDED_OFF: "passé à un membre de l'équipe",
    CallOutcome.RECORDED: "message enregistré",
    CallOutcome.ANSWERING_MACHINE: "répondeur",
    CallOutcome.NO_ANSWER: "pas de réponse",
    CallOutcome.BUSY: "occupé",
    CallOutcome.FAILED: "échec de l'appel",
    CallOutcome.CANCELED: "annulé",
    CallOutcome.COMPLETED: "terminé",
}
# Why a conversation stopped before its last question.
STOP_REASON = {
    "opt_out": "La personne a demandé à ne plus être contactée avant la fin",
    "erase_data": "La personne a demandé l'effacement de ses données avant la fin",
    "goodbye": "La personne a arrêté la conversation avant la fin",
    "session_expired": "La conversation s'est arrêtée avant la fin",
}


def label(mapping: Mapping[Any, str], value: object) -> str:
    """The French label of a value; an unknown value is shown as it is, never hidden."""
    if value is None:
        return "—"
    return mapping.get(value, str(value))


# --- what the assistant collected, and phrases read back to the person -------------------

# The age band inside a sentence ("Une personne de 85 ans ou plus").
AGE_BAND_PHRASE = {
    AgeBand.UNDER_60: "moins de 60 ans",
    AgeBand.FROM_60_TO_74: "entre 60 et 74 ans",
    AgeBand.FROM_75_TO_84: "entre 75 et 84 ans",
    AgeBand.FROM_85: "85 ans ou plus",
    AgeBand.UNKNOWN: "âge inconnu",
}
YES_NO = {YesNo.YES: "Oui", YesNo.NO: "Non", YesNo.UNKNOWN: "Ne sait pas"}
NETWORK = {
    Network.FAMILY: "Contact au moins mensuel avec de la famille (hors du foyer)",
    Network.FRIENDS: "Contact au moins mensuel avec des amis",
    Network.NEIGHBOURS: "Contact au moins mensuel avec des voisins",
    Network.GROUPS: "Participe au moins une fois par mois à une association, un club, un groupe",
}
UCLA = {
    UclaItem.COMPANIONSHIP: "Manque de compagnie",
    UclaItem.LEFT_OUT: "Se sent laissé de côté",
    UclaItem.ISOLATED: "Se sent isolé des autres",
}
FREQUENCY = {
    Frequency.HARDLY_EVER: "Presque jamais",
    Frequency.SOME_OF_THE_TIME: "Parfois",
    Frequency.OFTEN: "Souvent",
}
RUPTURE_EVENT = {
    RuptureEvent.BEREAVEMENT: "la perte d'un proche",
    RuptureEvent.RETIREMENT: "le départ à la retraite",
    RuptureEvent.MOVE: "un déménagement",
    RuptureEvent.HOSPITAL_STAY: "un séjour à l'hôpital",
}
WISH = {
    Wish.VISITS: "des visites",
    Wish.CALLS: "des appels réguliers",
    Wish.ACTIVITIES: "des activités près de chez soi",
    Wish.OUTINGS: "des sorties",
    Wish.TRANSPORT: "de l'aide pour les transports",
}
PREFERRED_CHANNEL = {PreferredChannel.CALL: "Par téléphone", PreferredChannel.SMS: "Par SMS"}
TIME_OF_DAY = {
    TimeOfDay.MORNING: "le matin",
    TimeOfDay.AFTERNOON: "l'après-midi",
    TimeOfDay.EVENING: "en fin de journée",
    TimeOfDay.ANY: "à n'importe quel moment de la journée",
}

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


_SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juil.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


def date_time(
    value: datetime | None, with_time: bool = True, timezone: str = "Europe/Paris"
) -> str:
    """ "22 nov. 2026 à 10:05" (or the date alone), in the territory's time; "—" for none."""
    if value is None:
        return "—"
    local = value.astimezone(ZoneInfo(timezone))
    day = f"{local.day} {_SHORT_MONTHS[local.month - 1]} {local.year}"
    return f"{day} à {local:%H:%M}" if with_time else day


def yes_no(value: bool | None) -> str:
    return {True: "Oui", False: "Non", None: "Ne sait pas"}[value]


def listing(items: list[str]) -> str:
    """ "a", "a et b", "a, b et c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def day(moment: datetime, timezone: str = "Europe/Paris") -> str:
    """ "mardi 24 novembre", in the territory's time."""
    local = moment.astimezone(ZoneInfo(timezone))
    number = "1er" if local.day == 1 else str(local.day)
    return f"{_DAYS[local.weekday()]} {number} {_MONTHS[local.month - 1]}"


def hour(moment: datetime, timezone: str = "Europe/Paris") -> str:
    """ "9 h", "13 h 30"."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local.hour} h" if local.minute == 0 else f"{local.hour} h {local.minute:02d}"


def day_and_hour(moment: datetime, timezone: str = "Europe/Paris") -> str:
    """ "lundi 23 novembre à partir de 9 h"."""
    return f"{day(moment, timezone)} à partir de {hour(moment, timezone)}"
