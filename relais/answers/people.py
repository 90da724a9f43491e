"""Who the reporter is, how old the person is, a first name: read from what people say."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from relais.answers.yes_no import DONT_KNOW
from relais.cases.models import ReporterRelation
from relais.language.numbers import number_in_words, words_to_digits
from relais.language.phrases import has_any, longest_match, words
from relais.people.models import AgeBand
from relais.people.service import age_band

# In this order: the first group with a phrase in the answer wins ("assistante sociale de
# l'hôpital" is a social worker, not a health professional).
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
            "livre ses repas",
            "livre les repas",
            "livre son repas",
            "aide a la personne",
            "assistante de vie",
            "saad",
            "aidant a domicile",
        ),
    ),
    (
        ReporterRelation.SOCIAL_WORKER,
        (
            "assistante sociale",
            "assistant social",
            "assistantes sociales",
            "service social",
            "services sociaux",
            "travailleur social",
            "travailleuse sociale",
            "travailleurs sociaux",
            "ccas",
            "clic",
            "economie sociale",
            "cesf",
            "educateur",
            "educatrice",
            "mandataire",
            "tuteur",
            "tutrice",
            "curateur",
            "curatrice",
            "mjpm",
            "conseil departemental",
            "maison des solidarites",
            "centre social",
            "coordinatrice",
            "coordinateur",
            "gestionnaire de cas",
            "maia",
            "action sociale",
            "pole social",
            "referente sociale",
            "referent social",
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
            "pharmacie",
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
            "hopital",
            "centre hospitalier",
            "chu",
            "clinique",
            "cabinet medical",
            "ergotherapeute",
            "psychologue",
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
            "en face de chez",
            "meme immeuble",
            "a cote de chez",
            "habite a cote",
            "habite en face",
            "meme rue",
            "du dessus",
            "du dessous",
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
            "collegue",
            "paroisse",
            "ami de la famille",
            "amie de la famille",
            "amis de la famille",
        ),
    ),
)


def relation(text: str) -> ReporterRelation | None:
    """Who the reporter is for the person: "je suis sa voisine", "son infirmière", "facteur",
    "assistante sociale au CCAS"."""
    return longest_match(words(text), _RELATIONS)


_POSSESSIVE = re.compile(r" (?:ma|mon|notre|nos|mes) ((?:grand |petit |petite |belle |beau )?\w+) ")
_I_AM = re.compile(
    r" (?:je suis|suis|je travaille|travaille) (?:son|sa|ses|le|la|l|leur|un|une|au|a la|a l|"
    r"dans|pour) ((?:\w+ ){1,3})"
)


def relation_in_opening(text: str) -> ReporterRelation | None:
    """The relation said in passing in a first message ("pour ma voisine", "je suis son
    infirmière", "assistante sociale au CCAS, je vous signale…"), only when one relation is
    named; None when unsure."""
    normalised = words(text)
    found: set[ReporterRelation] = set()
    for noun in _POSSESSIVE.findall(normalised) + _I_AM.findall(normalised):
        candidate = relation(noun)
        if candidate is not None and candidate is not ReporterRelation.OTHER:
            found.add(candidate)
    if not found and has_any(normalised, _NEXT_DOOR):
        found.add(ReporterRelation.NEIGHBOUR)
    professional = relation(" ".join(normalised.split()[:25]))
    if not found and professional in _PROFESSIONALS and has_any(normalised, _SPEAKING_AS):
        found.add(professional)
    return found.pop() if len(found) == 1 else None


# "une dame qui habite à côté de chez moi": a neighbour, said without the word.
_NEXT_DOOR = (
    "a cote de chez moi",
    "en face de chez moi",
    "sur mon palier",
    "meme palier",
    "au dessus de chez moi",
    "en dessous de chez moi",
    "dans mon immeuble",
    "dans ma rue",
    "pres de chez moi",
)
_PROFESSIONALS = frozenset({ReporterRelation.SOCIAL_WORKER, ReporterRelation.HEALTH_PROFESSIONAL})
# A professional who introduces themself: "je suis assistante sociale", "service social du CH".
_SPEAKING_AS = (
    "je suis",
    "je travaille",
    "je vous contacte",
    "je vous ecris",
    "je me permets",
    "je vous signale",
    "nous vous signalons",
    "je vous sollicite",
    "notre service",
    "notre patiente",
    "notre patient",
)


# --- age -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgeAnswer:
    age: int | None  # the approximate age said, when a number was said
    band: AgeBand


_APPROXIMATE = {
    "cinquantaine": 50 + 3,
    "soixantaine": 60 + 3,
    "septantaine": 70 + 3,
    "quatre vingtaine": 80 + 3,
    "huitantaine": 80 + 3,
    "octantaine": 80 + 3,
    "nonantaine": 90 + 3,
    "centaine": 100,
    "septuagenaire": 73,
    "octogenaire": 83,
    "nonagenaire": 93,
    "centenaire": 100,
}
MIN_PLAUSIBLE_AGE = 40
MAX_PLAUSIBLE_AGE = 115
_DECADE_MIDDLE = 3  # "dans les 80" is read as about 83
_AGE_UNKNOWN = (*DONT_KNOW, "connais pas", "ne connais pas", "aucune idee", "sais plus")


def _said_age(normalised: str, today: date) -> int | None:
    for word, value in _APPROXIMATE.items():
        if f" {word} " in normalised:
            return value
    year = re.search(r" (19[0-9]{2}) ", normalised)
    if year:
        return today.year - int(year.group(1))
    short_year = re.search(r" nee? en ([1-4][0-9]) ", normalised)
    if short_year:
        return today.year - 1900 - int(short_year.group(1))
    number = re.search(r" (\d{2,3}) ", normalised)
    said = int(number.group(1)) if number else number_in_words(normalised)
    if said is None:
        return None
    value = said
    if value % 10 == 0 and re.search(r" (?:dans|vers|sur) les ", normalised):
        value += _DECADE_MIDDLE
    if " moins de " in normalised:
        value -= 1
    elif " plus de " in normalised or " passes " in normalised:
        value += 1
    return value


def age(text: str, today: date | None = None) -> AgeAnswer | None:
    """An approximate age: "88", "elle a 88 ans", "dans les 80", "quatre vingt cinq", "née en
    1938", "nonagénaire", "je ne sais pas" (band unknown). None when no age can be read."""
    normalised = words(text)
    said = _said_age(normalised, today or date.today())
    if said is not None and MIN_PLAUSIBLE_AGE <= said <= MAX_PLAUSIBLE_AGE:
        return AgeAnswer(said, age_band(said))
    if has_any(normalised, _AGE_UNKNOWN) or normalised.strip() in {"non", "aucune idee"}:
        return AgeAnswer(None, AgeBand.UNKNOWN)
    return None


_AGE_IN_SENTENCE = re.compile(r" (\d{2,3}) (?:ans|an|a) ")


def age_in_opening(text: str) -> int | None:
    """An age said in passing ("ma voisine de 88 ans", "elle a quatre-vingt-dix ans"); None
    unless plausible for an elder."""
    found = _AGE_IN_SENTENCE.search(f" {words_to_digits(text)} ")
    if found is None:
        return None
    value = int(found.group(1))
    return value if 50 <= value <= MAX_PLAUSIBLE_AGE else None


# --- first name ------------------------------------------------------------------------------

_NAME_LEAD_INS = re.compile(
    r"^\s*(?:(?:bonjour|euh|alors|oui|ben|bah)[\s,]+)*(?:je m'?\s?appelle|je me nomme|"
    r"mon pr[ée]nom(?: c'?\s?est| est)?|moi c'?\s?est|c'?\s?est|je suis)?\s*"
    r"(?:madame|monsieur|mme|m\.)?\s*",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'\-]{0,30}$")
_NOT_NAMES = frozenset(
    [
        "oui",
        "non",
        "merci",
        "quoi",
        "comment",
        "pardon",
        "hein",
        "euh",
        "bof",
        "bla",
        "rien",
        "personne",
        "ok",
        "pourquoi",
        "allo",
        "bonjour",
        "salut",
        "bah",
        "ben",
        "hmm",
        "ah",
        "oh",
        "quand",
        "qui",
        "moi",
        "vous",
        "elle",
        "lui",
        "madame",
        "monsieur",
    ]
)
_DECLINE = ("prefere pas", "prefere ne pas", "pas le dire", "non", "pas envie", "anonyme")


def first_name(text: str) -> str | None:
    """A first name ("Colette", "je m'appelle Colette", "Lucien, mais on m'appelle Lulu");
    "" when the person prefers not to say; None when the answer does not look like a name.
    Only the first name is kept, never a surname said with it."""
    normalised = words(text)
    if has_any(normalised, _DECLINE):
        return ""
    said = re.split(r"[,;.!?]| mais | et ", text.strip())[0]
    name = _NAME_LEAD_INS.sub("", said).strip(" .!,")
    parts = name.split()
    if not parts or len(parts) > 3 or not all(_NAME.match(p) for p in parts):
        return None
    if len(parts) > 1 and not all(p[:1].isupper() for p in parts):
        return None  # "bla bla bla", "je sais plus": not a first and last name
    first = parts[0]
    if words(first).strip() in _NOT_NAMES:
        return None
    return "-".join(p[:1].upper() + p[1:].lower() for p in first.split("-"))
