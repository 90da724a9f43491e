"""Answers to the isolation assessment, read from stories as well as from "oui" and "non".

"Parlez-vous au moins une fois par mois avec de la famille ?" answered "mon frère habite
Bordeaux, on se voit à Noël" is a no; "ma sœur me téléphone chaque semaine" a yes; "mon fils
venait avant" a no (a past habit). "Votre santé vous empêche-t-elle de sortir ?" answered "mes
jambes ne me portent plus" is a yes. Each function returns None when a careful listener could
not tell either: the assistant then rephrases, it never guesses.
"""

from __future__ import annotations

from relais.answers.yes_no import DONT_KNOW, YesNo, from_words
from relais.assessment.answers import Frequency, RuptureEvent, Wish
from relais.language.clauses import Clause, Tense, clauses
from relais.language.phrases import has_any, longest_match, words

_DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
# How often people say they are in touch: at least monthly, or less.
AT_LEAST_MONTHLY = (
    "tous les jours",
    "tout les jours",
    "chaque jour",
    "tous les soirs",
    "tous les matins",
    "chaque matin",
    "chaque soir",
    "matin et soir",
    "quotidien*",
    "au quotidien",
    "toute la journee",
    "toutes les semaines",
    "chaque semaine",
    "par semaine",
    "la semaine",
    "le week end",
    "les week ends",
    "le weekend",
    "chaque week end",
    "hebdomadaire*",
    "tous les quinze jours",
    "tous les 15 jours",
    "toutes les deux semaines",
    "une fois par mois",
    "fois par mois",
    "par mois",
    "chaque mois",
    "tous les mois",
    "mensuel*",
    "souvent",
    "tres souvent",
    "regulierement",
    "frequemment",
    "tout le temps",
    "sans arret",
    "de temps en temps",
    "de temps a autre",
    "parfois",
    "quelquefois",
    "des fois",
    *(f"le {day}" for day in _DAYS),
    *(f"les {day}s" for day in _DAYS),
    *(f"tous les {day}s" for day in _DAYS),
    *(f"chaque {day}" for day in _DAYS),
)
LESS_THAN_MONTHLY = (
    "a noel",
    "pour noel",
    "pour les fetes",
    "aux fetes",
    "les fetes de fin d annee",
    "une fois par an",
    "par an",
    "une fois l an",
    "tous les ans",
    "chaque annee",
    "l ete",
    "aux vacances",
    "pendant les vacances",
    "pour les vacances",
    "vacances d ete",
    "anniversaire",
    "anniversaires",
    "rarement",
    "presque jamais",
    "quasiment jamais",
    "pratiquement jamais",
    "de loin en loin",
    "quelques fois par an",
    "fete du village",
    "a peine",
    "pas souvent",
    "pas tous les mois",
    "jamais",
    "plus jamais",
    "une ou deux fois par an",
    "une fois de temps en temps",
    "au mariage",
    "aux mariages",
    "enterrement*",
    "deces",
    "fetes de famille",
    "une carte",
    "la toussaint",
    "a paques",
    "pour paques",
)
_NONE_LEFT = (
    "pas de famille",
    "plus de famille",
    "pas d amis",
    "plus d amis",
    "pas d ami",
    "pas de voisins",
    "plus de voisins",
    "tous morts",
    "tous mortes",
    "tous decedes",
    "tous partis",
    "toutes parties",
    "sont partis",
    "est morte",
    "est mort",
    "fache*",
    "brouille*",
    "isole",
    "isolee",
    "plus maintenant",
    "c est fini",
    "ont leur vie",
    "maison est vide",
    "maisons secondaires",
    "rien dans mon village",
    "rien au village",
    "rien ici",
    "rien de tout ca",
    "rien de tout cela",
    "pas de voiture",
    "jamais ete",
    "plus depuis",
    "personne",
    "oublie*",
    "abandonne*",
    "laisse tomber",
    "perdu de vue",
    "perdu contact",
    "a vendre",
    "residence secondaire",
    "residences secondaires",
    "inhabite*",
    "a ferme",
    "est ferme",
    "n existe plus",
)
# Being in touch: these verbs, said in the present and not negated, tell a contact.
_CONTACT_VERBS = frozenset(
    {
        "venir",
        "passer",
        "appeler",
        "téléphoner",
        "telephoner",
        "voir",
        "parler",
        "écrire",
        "bavarder",
        "discuter",
        "croiser",
        "monter",
        "descendre",
        "aller",
        "jouer",
        "retrouver",
        "réunir",
        "manger",
        "prendre",
        "dire",
        "faire",
        "rendre",
        "occuper",
        "marcher",
        "chanter",
        "rencontrer",
        "participer",
        "fréquenter",
        "être",
        "visiter",
    }
)
_PEOPLE_OR_PLACES = (
    "fille",
    "fils",
    "enfant*",
    "frere",
    "soeur",
    "neveu",
    "niece",
    "cousin*",
    "famille",
    "petit*",
    "ami*",
    "copain*",
    "copine*",
    "collegue",
    "voisin*",
    "dame",
    "monsieur",
    "couple",
    "on",
    "nous",
    "club",
    "association",
    "chorale",
    "gym",
    "messe",
    "atelier",
    "loto",
    "repas",
    "groupe",
    "benevole",
    "partie",
    "belote",
    "cartes",
    "elle",
    "il",
    "ils",
    "elles",
)


def monthly_contact(text: str) -> bool | None:
    """Whether the person is in touch at least once a month (a sociability network)."""
    normalised = words(text)
    sayings = clauses(text)
    positive = [c for c in sayings if not c.negated and not c.imperfect]
    if any(c.has(*AT_LEAST_MONTHLY) and not c.has(*LESS_THAN_MONTHLY) for c in positive):
        return True
    if has_any(normalised, LESS_THAN_MONTHLY):
        return False
    if any(_lost_contact(c) for c in sayings) or has_any(normalised, _NONE_LEFT):
        return False
    if any(_in_touch(c) for c in positive):
        return True
    answer = from_words(normalised)
    if answer is YesNo.UNKNOWN:
        return None
    return None if answer is None else answer is YesNo.YES


def _lost_contact(clause: Clause) -> bool:
    """ "ils ne viennent jamais", "je les vois plus", "mon fils venait avant"."""
    verbs = clause.lemmas & _CONTACT_VERBS
    if clause.negated and (verbs or clause.verb in {"avoir", "connaître", "pouvoir"}):
        return True
    return clause.imperfect and clause.verb in _CONTACT_VERBS


def _in_touch(clause: Clause) -> bool:
    """ "ma fille vient me voir", "je vais au club des aînés", "on bavarde"."""
    if clause.tense not in {Tense.PRESENT, Tense.NONE}:
        return False
    if clause.verb not in _CONTACT_VERBS and not clause.has("atelier", "chorale", "club"):
        return False
    return clause.has(*_PEOPLE_OR_PLACES) or clause.person == 1


# --- the three UCLA questions ----------------------------------------------------------------

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
            "bien entoure*",
            "du monde autour",
            "j ai du monde",
            "ne manque de rien",
            "manque de rien",
            "ca va",
            "non ca va",
            "pas seul*",
            "ne me sens pas",
            "pas tellement",
            "pas trop",
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
            "ca depend",
            "depend des jours",
            "certains jours",
            "surtout le soir",
            "le soir",
            "le dimanche",
            "les dimanches",
            "le week end",
            "les week ends",
            "l hiver",
            "pas tout le temps",
            "de temps en temps oui",
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
            "chaque jour",
            "en permanence",
            "sans arret",
            "frequemment",
            "terriblement",
            "enormement",
            "quotidien*",
            "sans cesse",
            "continuellement",
            "de plus en plus",
            "constamment",
            "tout le temp",
            "jour et nuit",
            "a longueur de journee",
            "oui",
            "ouais",
            "bien sur",
            "evidemment",
            "tellement",
            "trop",
        ),
    ),
)


def frequency(text: str) -> Frequency | None:
    """Hardly ever / some of the time / often (the three answers of the UCLA questions)."""
    return longest_match(words(text), _FREQUENCIES)


# --- rupture events --------------------------------------------------------------------------

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
        "nous a quitte*",
        "m a quitte*",
        "disparition",
    ),
    RuptureEvent.RETIREMENT: ("retraite", "retraitee", "arrete de travailler"),
    RuptureEvent.MOVE: (
        "demenag*",
        "change de logement",
        "change de maison",
        "nouveau logement",
        "installe*",
        "arrive dans",
        "arrivee dans",
        "arrive ici",
        "arrivee ici",
        "quitte ma maison",
        "vendu ma maison",
        "vendu la maison",
        "emmenag*",
        "venue en ville",
        "venu en ville",
        "venue vivre",
        "residence",
        "maison de retraite",
        "ehpad",
        "fait venir",
        "venue vivre",
        "venu vivre",
        "venue habiter",
        "venu habiter",
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
    "pas que je sache",
    "tout est pareil",
    "comme d habitude",
)


def rupture_events(text: str) -> frozenset[RuptureEvent] | None:
    """The recent changes named (several may be); an empty set for "non, rien de cela". An
    event placed years back ("mon mari est mort il y a vingt ans") is not recent."""
    found: set[RuptureEvent] = set()
    for clause in clauses(text) or ():
        recent = not _years_back(clause.words)
        found |= {e for e, phrases in _EVENTS.items() if recent and clause.has(*phrases)}
    normalised = words(text)
    if not found and not _years_back(normalised):
        found = {e for e, phrases in _EVENTS.items() if has_any(normalised, phrases)}
    if found:
        return frozenset(found)
    if has_any(normalised, _NOTHING) or _years_back(normalised):
        return frozenset()
    return None


def _years_back(normalised: str) -> bool:
    return has_any(normalised, ("il y a longtemps", "des annees", "depuis longtemps")) or any(
        f" {n} ans " in normalised or f" {n} annees " in normalised
        for n in ("trois", "quatre", "cinq", "six", "dix", "vingt", "trente", "quarante")
    )


# --- caregiving ------------------------------------------------------------------------------

_CARE_VERBS = frozenset(
    {"occuper", "aider", "soigner", "garder", "veiller", "assister", "accompagner", "faire"}
)
_CARING = (
    "aidant",
    "aidante",
    "aidant familial",
    "je m occupe",
    "je l aide",
    "je les aide",
    "je passe chez",
    "c est moi qui",
    "a ma charge",
    "a charge",
    "vit avec moi",
    "vit chez moi",
    "habite avec moi",
    "est handicape*",
    "je veille sur",
    "je soigne",
    "je garde",
    "j aide",
    "je le soigne",
    "je la soigne",
    "je m en occupe",
    "grabataire",
)
_NOT_CARING = (
    "vis seul*",
    "suis seul*",
    "personne a charge",
    "en maison de retraite",
    "en ehpad",
    "les autres qui s occupent de moi",
    "s occupent de moi",
    "on s occupe de moi",
)


def caregiving(text: str) -> bool | None:
    """Whether the person looks after a sick or dependent relative, now."""
    normalised = words(text)
    sayings = clauses(text)
    if has_any(normalised, _NOT_CARING) and not has_any(normalised, ("je m occupe",)):
        return False
    now = [c for c in sayings if c.tense in {Tense.PRESENT, Tense.NONE}]
    if any(c.negated and c.verb in _CARE_VERBS for c in sayings):
        return False
    if any(c.tense is Tense.PAST and c.verb in _CARE_VERBS for c in sayings):
        return False  # "je me suis occupée de ma mère jusqu'à sa mort"
    if any(c.has(*_CARING) or c.lemmas & _CARE_VERBS for c in now):
        return True
    answer = from_words(normalised)
    return None if answer in {None, YesNo.UNKNOWN} else answer is YesNo.YES


# --- health and mobility ---------------------------------------------------------------------

_LIMITS = (
    "mal",
    "du mal",
    "douleur*",
    "souffr*",
    "difficile*",
    "difficult*",
    "peine a",
    "canne",
    "cannes",
    "deambulateur",
    "fauteuil",
    "rollator",
    "handicap*",
    "arthrose",
    "rhumatisme*",
    "parkinson",
    "alzheimer",
    "diabete",
    "oxygene",
    "dialyse",
    "essouffl*",
    "vertige*",
    "equilibre",
    "peur de tomber",
    "moins bien",
    "de moins en moins",
    "vue baisse",
    "malvoyant*",
    "aveugle",
    "sourd*",
    "fatigue*",
    "malade",
    "maladie",
    "avc",
    "operation",
    "opere*",
    "cancer",
    "chimio*",
    "coeur",
    "ne me portent plus",
    "me portent plus",
    "plus seul",
    "plus seule",
    "pas loin",
    "pas de bus",
    "genou*",
    "hanche",
    "jambes",
)
_ABLE = (
    "en forme",
    "pleine forme",
    "bonne sante",
    "sante est bonne",
    "sante va bien",
    "je sors tous les jours",
    "je sors beaucoup",
    "bon pied",
    "je marche bien",
    "marche tous les jours",
    "je sors quand je veux",
    "quand je veux",
    "ou je veux",
    "je me debrouille",
    "me debrouille tres bien",
    "pas de probleme",
    "aucun probleme",
    "pas de souci",
    "la sante ca va",
    "ca va de ce cote",
    "conduis encore",
    "je conduis",
    "je fais encore",
    "mes courses a pied",
)
_MOVING = frozenset(
    {"marcher", "sortir", "conduire", "bouger", "déplacer", "aller", "porter", "voir", "monter"}
)


def health_limits(text: str) -> bool | None:
    """Whether health or mobility keeps the person from going out as they would like."""
    normalised = words(text)
    sayings = clauses(text)
    if any(c.negated and c.verb in _MOVING | {"pouvoir", "oser"} for c in sayings):
        return True  # "je ne peux plus marcher", "je n'ose plus sortir", "ne me portent plus"
    able = has_any(normalised, _ABLE)
    limited = has_any(normalised, _LIMITS)
    if limited and not able:
        return True
    if able and not limited:
        return False
    answer = from_words(normalised)
    if answer in {None, YesNo.UNKNOWN}:
        return True if limited else None
    return answer is YesNo.YES


# --- what would help -------------------------------------------------------------------------

_WISHES: dict[Wish, tuple[str, ...]] = {
    Wish.VISITS: (
        "visite",
        "visites",
        "passe me voir",
        "venir me voir",
        "vienne me voir",
        "passe de temps en temps",
        "compagnie",
        "vienne",
        "viennent",
        "a la maison",
        "chez moi",
    ),
    Wish.CALLS: (
        "appel",
        "appels",
        "appeler",
        "appelle",
        "telephone",
        "coup de fil",
        "coups de fil",
        "parler",
        "discut*",
        "bavard*",
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
        "couture",
        "tricot",
        "rencontrer*",
        "gens de mon age",
        "avec d autres",
        "autres personnes",
        "de mon age",
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
        "promener",
        "marcher",
        "dehors",
        "aller au marche",
        "cinema",
        "aller au",
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
        "aller chez le medecin",
        "chez le medecin",
        "sans dependre",
    ),
}
_NOTHING_WANTED = (*DONT_KNOW, *_NOTHING, "je ne veux rien", "besoin de rien")


def wishes(text: str) -> frozenset[Wish] | None:
    """What would help (several may be named); an empty set for "je ne sais pas" or "rien"."""
    normalised = words(text)
    found = frozenset(wish for wish, phrases in _WISHES.items() if has_any(normalised, phrases))
    if found:
        return found
    if has_any(normalised, _NOTHING_WANTED):
        return frozenset()
    return None
