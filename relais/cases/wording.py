"""French words for what the assistant collected: the readable `Case.collected` that staff read,
and the short sentences read back to the person (by voice, SMS or chat)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from relais.answers.contact import PreferredChannel, TimeOfDay
from relais.answers.yes_no import YesNo
from relais.assessment.answers import Frequency, Network, RuptureEvent, UclaItem, Wish
from relais.cases.models import ReporterRelation
from relais.people.models import AgeBand

RELATION = {
    ReporterRelation.NEIGHBOUR: "voisin ou voisine",
    ReporterRelation.FAMILY: "de la famille",
    ReporterRelation.SHOPKEEPER: "commerçant",
    ReporterRelation.CARETAKER: "gardien d'immeuble",
    ReporterRelation.POSTMAN: "facteur",
    ReporterRelation.HEALTH_PROFESSIONAL: "professionnel de santé",
    ReporterRelation.SOCIAL_WORKER: "professionnel du social",
    ReporterRelation.HOME_HELP: "aide à domicile",
    ReporterRelation.ELECTED_OFFICIAL: "élu",
    ReporterRelation.OTHER: "autre",
}
AGE_BAND = {
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
EVENT = {
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
CHANNEL = {PreferredChannel.CALL: "Par téléphone", PreferredChannel.SMS: "Par SMS"}
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
