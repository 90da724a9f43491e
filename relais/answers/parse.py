"""Free-text answers to the assistant's questions, read into values.

Each function returns None when it cannot tell (the assistant then asks again), never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import phonenumbers

from relais.answers.text import first_match, has_any, words
from relais.assessment.answers import Frequency, RuptureEvent, Wish
from relais.cases.models import ReporterRelation
from relais.people.models import AgeBand
from relais.people.service import age_band


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"  # "je ne sais pas"


class PreferredChannel(StrEnum):
    CALL = "call"
    SMS = "sms"


class TimeOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    ANY = "any"


# --- yes / no --------------------------------------------------------------------------------

INTENT_ANSWERS = {"affirm": YesNo.YES, "deny": YesNo.NO, "consent_unknown": YesNo.UNKNOWN}
INTENT_CONFIDENCE = 0.5

_DONT_KNOW = (
    "sais pas",
    "sait pas",
    "chais pas",
    "aucune idee",
    "pas sur",
    "pas sure",
    "peut etre",
    "je ne sais",
    "ne sais plus",
    "aucune id",
    "j en sais rien",
    "sais rien",
    "ne le sait pas",
)
_NO = (
    "non",
    "nan",
    "nn",
    "no",
    "pas du tout",
    "absolument pas",
    "surtout pas",
    "certainement pas",
    "pas vraiment",
    "pas d accord",
    "refuse*",
    "veut pas",
    "veux pas",
    "voudrait pas",
    "souhaite pas",
    "jamais",
    "pas question",
    "negatif",
    "aucun",
    "aucune",
)
_YES = (
    "oui",
    "ouais",
    "ouai",
    "oue",
    "ui",
    "ok",
    "okay",
    "oki",
    "d accord",
    "dac",
    "bien sur",
    "volontiers",
    "tout a fait",
    "evidemment",
    "exactement",
    "exact",
    "absolument",
    "si",
    "yes",
    "ca marche",
    "je veux bien",
    "avec plaisir",
    "bien entendu",
    "carrement",
    "effectivement",
    "affirmatif",
    "c est ca",
    "entendu",
    "pourquoi pas",
    "d acc",
    "accepte",
)


def _earliest(normalised: str, phrases: tuple[str, ...]) -> int | None:
    positions = []
    for phrase in phrases:
        body = re.escape(phrase[:-1]) + r"\w*" if phrase.endswith("*") else re.escape(phrase)
        found = re.search(rf" {body} ", normalised)
        if found:
            positions.append(found.start())
    return min(positions) if positions else None


def yes_no(text: str, intent: str | None = None, confidence: float = 0.0) -> YesNo | None:
    """Yes, no or "I don't know", from the words first, then from the NLU's intent."""
    normalised = words(text)
    if has_any(normalised, _DONT_KNOW):
        return YesNo.UNKNOWN
    no_at, yes_at = _earliest(normalised, _NO), _earliest(normalised, _YES)
    if no_at is not None and (yes_at is None or no_at <= yes_at):
        return YesNo.NO
    if yes_at is not None:
        return YesNo.YES
    if intent in INTENT_ANSWERS and confidence >= INTENT_CONFIDENCE:
        return INTENT_ANSWERS[intent]
    return None


# --- who the reporter is ---------------------------------------------------------------------

_RELATIONS: tuple[tuple[ReporterRelation, tuple[str, ...]], ...] = (
    (
        ReporterRelation.HOME_HELP,
        (
            "aide a domicile",
            "aide menagere",
            "auxiliaire de vie",
            "aide de vie",
            "avs",
            "femme de menage",
            "aide soignante a domicile",
            "portage de repas",
            "livreur de repas",
            "aide a la personne",
            "assistante de vie",
            "l aide a domicile",
        ),
    ),
    (
        ReporterRelation.HEALTH_PROFESSIONAL,
        (
            "infirmier",
            "infirmiere",
            "infirmieres",
            "infirmiers",
            "medecin",
            "docteur",
            "kine",
            "kinesitherapeute",
            "kinesi*",
            "pharmacien",
            "pharmacienne",
            "aide soignant*",
            "ssiad",
            "orthophoniste",
            "podologue",
            "professionnel de sante",
            "ambulancier*",
            "generaliste",
            "soignant",
            "soignante",
            "sante",
            "had",
        ),
    ),
    (
        ReporterRelation.NEIGHBOUR,
        (
            "voisin",
            "voisine",
            "voisins",
            "voisines",
            "voisinage",
            "palier",
            "d en face",
            "meme immeuble",
            "a cote de chez",
            "habite a cote",
            "meme rue",
        ),
    ),
    (
        ReporterRelation.FAMILY,
        (
            "fils",
            "fille",
            "pere",
            "mere",
            "papa",
            "maman",
            "grand mere",
            "grand pere",
            "grands parents",
            "petit fils",
            "petite fille",
            "oncle",
            "tante",
            "neveu",
            "niece",
            "frere",
            "soeur",
            "cousin",
            "cousine",
            "famille",
            "beau pere",
            "belle mere",
            "gendre",
            "belle fille",
            "belle soeur",
            "beau frere",
            "mamie",
            "mamy",
            "papi",
            "papy",
            "parent",
            "parents",
            "mari",
            "epoux",
            "epouse",
            "marraine",
            "parrain",
            "filleul*",
            "petits enfants",
            "petit enfant",
            "arriere*",
        ),
    ),
    (
        ReporterRelation.SHOPKEEPER,
        (
            "commercant",
            "commercante",
            "commerce",
            "boulanger",
            "boulangere",
            "boulangerie",
            "epicier",
            "epiciere",
            "epicerie",
            "boucher",
            "bouchere",
            "boucherie",
            "coiffeur",
            "coiffeuse",
            "buraliste",
            "tabac",
            "magasin",
            "superette",
            "cafe",
            "bar",
            "primeur",
            "marchand",
            "marchande",
            "restaurateur",
            "commercants",
            "caissiere",
            "caissier",
        ),
    ),
    (
        ReporterRelation.CARETAKER,
        ("gardien", "gardienne", "concierge", "gardiens", "bailleur", "syndic", "loge"),
    ),
    (
        ReporterRelation.POSTMAN,
        ("facteur", "factrice", "postier", "postiere", "la poste", "courrier"),
    ),
    (
        ReporterRelation.ELECTED_OFFICIAL,
        (
            "maire",
            "adjoint",
            "adjointe",
            "elu",
            "elue",
            "elus",
            "conseiller municipal",
            "conseillere municipale",
            "mairie",
            "secretaire de mairie",
            "conseil municipal",
        ),
    ),
    (
        ReporterRelation.OTHER,
        (
            "autre",
            "ami",
            "amie",
            "amis",
            "une connaissance",
            "connaissance",
            "benevole",
            "simple citoyen",
            "citoyenne",
            "citoyen",
            "passant",
            "passante",
            "personne",
        ),
    ),
)


def relation(text: str) -> ReporterRelation | None:
    """Who the reporter is for the person: "je suis sa voisine", "son infirmière", "facteur"."""
    normalised = words(text)
    index = first_match(normalised, [phrases for _, phrases in _RELATIONS])
    return None if index is None else _RELATIONS[index][0]


_POSSESSIVE = re.compile(r" (?:ma|mon|notre|nos|mes) ((?:grand |petit |petite |belle |beau )?\w+) ")
_I_AM = re.compile(r" (?:je suis|suis) (?:son|sa|ses|le|la|l|leur|un|une) ((?:\w+ ){1,3})")


def relation_in_opening(text: str) -> ReporterRelation | None:
    """The relation said in passing in a first message ("pour ma voisine", "je suis son
    infirmière"), only when one relation is named; None when unsure."""
    normalised = words(text)
    found: set[ReporterRelation] = set()
    for noun in _POSSESSIVE.findall(normalised) + _I_AM.findall(normalised):
        candidate = relation(noun)
        if candidate is not None and candidate is not ReporterRelation.OTHER:
            found.add(candidate)
    return found.pop() if len(found) == 1 else None


# --- age -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeAnswer:
    age: int | None  # the approximate age said, when a number was said
    band: AgeBand


_NUMBER_WORDS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "vingt": 20,
    "vingts": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "septante": 70,
    "huitante": 80,
    "octante": 80,
    "nonante": 90,
    "cent": 100,
}
_APPROXIMATE_DECADES = {
    "cinquantaine": 50,
    "soixantaine": 60,
    "septantaine": 70,
    "quatre vingtaine": 80,
    "huitantaine": 80,
    "octantaine": 80,
    "nonantaine": 90,
    "centaine": 100,
}
MIN_PLAUSIBLE_AGE = 40
MAX_PLAUSIBLE_AGE = 115
_DECADE_MIDDLE = 3  # "dans les 80" is read as about 83


def _number_from_words(said: list[str]) -> int | None:
    """French number words to an integer: "quatre vingt cinq" -> 85, "soixante dix huit" -> 78."""
    total, previous, seen = 0, None, False
    for word in said:
        if word == "et":
            continue
        value = _NUMBER_WORDS.get(word)
        if value is None:
            if seen:
                break
            continue
        if word.startswith("vingt") and previous == "quatre":
            total += 80 - 4
        elif word == "cent" and previous in _NUMBER_WORDS and previous != "cent":
            total = total * 100 if total else 100
        else:
            total += value
        previous, seen = word, True
    return total if seen else None


def _said_age(normalised: str, today: date) -> int | None:
    for decade_word, decade in _APPROXIMATE_DECADES.items():
        if f" {decade_word} " in normalised:
            return decade + _DECADE_MIDDLE
    if " centenaire " in normalised:
        return 100
    year = re.search(r" (19[0-9]{2}) ", normalised)
    if year:
        return today.year - int(year.group(1))
    number = re.search(r" (\d{2,3}) ", normalised)
    value = int(number.group(1)) if number else _number_from_words(normalised.split())
    if value is None:
        return None
    if value % 10 == 0 and re.search(r" (?:dans|vers|sur) les ", normalised):
        value += _DECADE_MIDDLE
    if " moins de " in normalised:
        value -= 1
    elif " plus de " in normalised:
        value += 1
    return value


def age(text: str, today: date | None = None) -> AgeAnswer | None:
    """An approximate age: "88", "elle a 88 ans", "dans les 80", "quatre vingt cinq", "née en
    1938", "je ne sais pas" (band unknown). None when no age can be read."""
    normalised = words(text)
    if has_any(normalised, _DONT_KNOW) or normalised.strip() in {"non", "aucune idee"}:
        return AgeAnswer(None, AgeBand.UNKNOWN)
    said = _said_age(normalised, today or date.today())
    if said is None or not MIN_PLAUSIBLE_AGE <= said <= MAX_PLAUSIBLE_AGE:
        return None
    return AgeAnswer(said, age_band(said))


_AGE_IN_SENTENCE = re.compile(r" (\d{2,3}) (?:ans|an|a) ")


def age_in_opening(text: str) -> int | None:
    """An age said in passing ("ma voisine de 88 ans"); None unless plausible for an elder."""
    found = _AGE_IN_SENTENCE.search(words(text))
    if found is None:
        return None
    value = int(found.group(1))
    return value if 50 <= value <= MAX_PLAUSIBLE_AGE else None


# --- the assessment --------------------------------------------------------------------------

_FREQUENCIES: tuple[tuple[Frequency, tuple[str, ...]], ...] = (
    (
        Frequency.HARDLY_EVER,
        (
            "presque jamais",
            "jamais",
            "rarement",
            "pas souvent",
            "pas vraiment",
            "tres peu",
            "pas du tout",
            "non",
            "nan",
            "quasiment jamais",
            "pratiquement jamais",
            "peu",
        ),
    ),
    (
        Frequency.SOME_OF_THE_TIME,
        (
            "parfois",
            "de temps en temps",
            "de temps a autre",
            "quelquefois",
            "quelques fois",
            "des fois",
            "un peu",
            "ca arrive",
            "ca m arrive",
            "occasionnellement",
            "moyen*",
        ),
    ),
    (
        Frequency.OFTEN,
        (
            "souvent",
            "tout le temps",
            "toujours",
            "tres souvent",
            "beaucoup",
            "tous les jours",
            "en permanence",
            "sans arret",
            "frequemment",
            "oui",
            "ouais",
            "tout le temp",
        ),
    ),
)


def frequency(text: str) -> Frequency | None:
    """Hardly ever / some of the time / often (the three answers of the UCLA questions)."""
    normalised = words(text)
    index = first_match(normalised, [phrases for _, phrases in _FREQUENCIES])
    return None if index is None else _FREQUENCIES[index][0]


_EVENTS: dict[RuptureEvent, tuple[str, ...]] = {
    RuptureEvent.BEREAVEMENT: (
        "deuil",
        "deces",
        "decede",
        "decedee",
        "mort",
        "morte",
        "veuf",
        "veuve",
        "perdu mon",
        "perdu ma",
        "perdu mes",
        "disparu",
        "disparue",
        "parti",
        "partie",
        "perte",
        "enterre*",
    ),
    RuptureEvent.RETIREMENT: ("retraite", "retraitee", "retraitee", "arrete de travailler"),
    RuptureEvent.MOVE: (
        "demenag*",
        "change de logement",
        "change de maison",
        "nouveau logement",
        "installe*",
        "arrive dans",
        "arrivee dans",
        "quitte ma maison",
        "vendu ma maison",
    ),
    RuptureEvent.HOSPITAL_STAY: (
        "hopital",
        "hospitalis*",
        "clinique",
        "operation",
        "opere",
        "operee",
        "urgences",
        "reeducation",
        "convalescence",
    ),
}
_NOTHING = (
    "non",
    "rien",
    "aucun",
    "aucune",
    "pas vraiment",
    "rien de cela",
    "rien de tout",
    "nan",
    "pas de changement",
    "ras",
    "non rien",
)


def rupture_events(text: str) -> frozenset[RuptureEvent] | None:
    """The recent changes named (several may be); an empty set for "non, rien de cela"."""
    normalised = words(text)
    found = frozenset(event for event, phrases in _EVENTS.items() if has_any(normalised, phrases))
    if found:
        return found
    return frozenset() if has_any(normalised, _NOTHING) else None


_WISHES: dict[Wish, tuple[str, ...]] = {
    Wish.VISITS: ("visite", "visites", "passe me voir", "venir me voir", "vienne me voir"),
    Wish.CALLS: (
        "appel",
        "appels",
        "appeler",
        "appelle",
        "telephone",
        "coup de fil",
        "parler",
        "discuter",
        "bavarder",
    ),
    Wish.ACTIVITIES: (
        "activite",
        "activites",
        "club",
        "atelier",
        "ateliers",
        "jeux",
        "cartes",
        "belote",
        "gym",
        "association",
        "chorale",
        "loto",
        "repas partage*",
        "sport",
    ),
    Wish.OUTINGS: (
        "sortie",
        "sorties",
        "sortir",
        "promenade",
        "promenades",
        "balade",
        "balades",
        "me promener",
        "marcher",
    ),
    Wish.TRANSPORT: (
        "transport",
        "transports",
        "me deplacer",
        "deplacement*",
        "voiture",
        "conduire",
        "emmener",
        "emmene",
        "courses",
        "navette",
    ),
}


def wishes(text: str) -> frozenset[Wish] | None:
    """What would help (several may be named); an empty set for "je ne sais pas" or "rien"."""
    normalised = words(text)
    found = frozenset(wish for wish, phrases in _WISHES.items() if has_any(normalised, phrases))
    if found:
        return found
    if has_any(normalised, _DONT_KNOW + _NOTHING):
        return frozenset()
    return None


# --- contact ---------------------------------------------------------------------------------

_CHANNELS: tuple[tuple[PreferredChannel, tuple[str, ...]], ...] = (
    (PreferredChannel.SMS, ("sms", "texto", "textos", "message", "messages", "ecrit", "par ecrit")),
    (
        PreferredChannel.CALL,
        ("telephone", "appel", "appels", "appeler", "appelez", "fixe", "tel", "oral", "voix"),
    ),
)


def preferred_channel(text: str) -> PreferredChannel | None:
    normalised = words(text)
    index = first_match(normalised, [phrases for _, phrases in _CHANNELS])
    return None if index is None else _CHANNELS[index][0]


_TIMES: tuple[tuple[TimeOfDay, tuple[str, ...]], ...] = (
    (
        TimeOfDay.ANY,
        (
            "n importe",
            "quand vous voulez",
            "peu importe",
            "toute la journee",
            "indifferent",
            "comme vous voulez",
            "tout le temps",
            "quand vous pouvez",
            "pas d importance",
        ),
    ),
    (TimeOfDay.EVENING, ("soir", "soiree", "fin de journee", "fin d apres midi", "apres 17*")),
    (TimeOfDay.AFTERNOON, ("apres midi", "aprem", "aprem*", "apres le repas", "apres manger")),
    (TimeOfDay.MORNING, ("matin", "matinee", "avant midi", "le matin")),
)


def time_of_day(text: str) -> TimeOfDay | None:
    normalised = words(text)
    index = first_match(normalised, [phrases for _, phrases in _TIMES])
    if index is not None:
        return _TIMES[index][0]
    hour = re.search(r" (\d{1,2}) ?(?:h|heures?) ", normalised)
    if hour:
        value = int(hour.group(1))
        if value < 12:
            return TimeOfDay.MORNING
        return TimeOfDay.AFTERNOON if value < 17 else TimeOfDay.EVENING
    return None


# Metropolitan France first, then the overseas départements and collectivities, whose numbers
# are dialled the same way (0590..., 0696...) but belong to their own region.
FRENCH_REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF")


def phone(text: str) -> str | None:
    """The first valid phone number in the text, in E.164 ("+33612345678"); French numbers may
    be written with spaces, dots or dashes, with or without +33, from overseas too."""
    digits = re.sub(r"[^\d+]", "", text)
    for region in FRENCH_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region):
            if phonenumbers.is_valid_number(match.number):
                return _e164(match.number)
        if len(digits) >= 9:
            try:
                parsed = phonenumbers.parse(digits, region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return _e164(parsed)
    return None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def spoken_phone(e164: str) -> str:
    """How a number is written back to a French person: "06 12 34 56 78"."""
    try:
        parsed = phonenumbers.parse(e164, "FR")
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(parsed) == "FR":
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


_NAME_LEAD_INS = re.compile(
    r"^\s*(?:(?:bonjour|euh|alors|oui)[\s,]+)*(?:je m'?\s?appelle|je me nomme|mon pr[ée]nom"
    r"(?: c'?\s?est| est)?|moi c'?\s?est|c'?\s?est|je suis)?\s*(?:madame|monsieur|mme|m\.)?\s*",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'\- ]{0,40}$")
_DECLINE = ("prefere pas", "prefere ne pas", "pas le dire", "non", "pas envie", "anonyme")


def first_name(text: str) -> str | None:
    """A first name ("Colette", "je m'appelle Colette"); "" when the person prefers not to say;
    None when the answer does not look like a name."""
    normalised = words(text)
    if has_any(normalised, _DECLINE):
        return ""
    name = _NAME_LEAD_INS.sub("", text.strip()).strip(" .!,")
    if not name or not _NAME.match(name) or len(name.split()) > 3:
        return None
    return " ".join("-".join(p[:1].upper() + p[1:] for p in w.split("-")) for w in name.split())
