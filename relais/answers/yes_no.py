"""Yes, no or "I don't know", as people say it: "ça ne me dérange pas" (yes), "pas la peine"
(no), "si ça peut aider, pourquoi pas" (yes), "je n'ai rien contre" (yes).

Idioms first, then the first yes or no word, then what each clause means once its negation
is taken into account (an agreement negated is a no, a refusal negated is a yes), then the
NLU's intent. None when nothing tells.
"""

from __future__ import annotations

import re
from enum import StrEnum

from relais.language.clauses import clauses
from relais.language.phrases import has_any, words


class YesNo(StrEnum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"  # "je ne sais pas"


INTENT_ANSWERS = {"affirm": YesNo.YES, "deny": YesNo.NO, "consent_unknown": YesNo.UNKNOWN}
INTENT_CONFIDENCE = 0.5

DONT_KNOW = (
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
    "difficile a dire",
    "peux pas vous dire",
    "peux pas dire",
    "je ne peux pas le dire",
    "je vois pas",
    "je me rends pas compte",
)
# Said as a whole, these mean yes although they hold a negative word, or no although they
# hold none.
YES_IDIOMS = (
    "rien contre",
    "me derange pas",
    "me gene pas",
    "m embete pas",
    "me genera pas",
    "derange pas",
    "pas de souci",
    "pas de soucis",
    "pas de probleme",
    "aucun probleme",
    "aucun souci",
    "sans probleme",
    "sans souci",
    "pas d objection",
    "aucune objection",
    "ca m est egal",
    "comme vous voulez",
    "comme vous voudrez",
    "faites comme vous voulez",
    "pourquoi pas",
    "si ca peut aider",
    "si ca peut m aider",
    "si c est pour m aider",
    "s ils peuvent m aider",
    "si vous voulez",
    "ca me ferait plaisir",
    "ca me ferait du bien",
    "ca me rassurerait",
    "ce serait gentil",
    "ce serait bien",
    "ca serait bien",
    "ce serait pas mal",
    "ca serait gentil",
    "avec plaisir",
    "grand plaisir",
    "avec joie",
    "volontiers",
    "je veux bien",
    "elle veut bien",
    "il veut bien",
    "ca marche",
    "allez y",
    "bien sur",
    "je ne dis pas non",
    "pas de refus",
    "tenez moi au courant",
    "j attends que ca",
    "attend que ca",
)
NO_IDIOMS = (
    "pas la peine",
    "pas besoin",
    "pas necessaire",
    "pas l utilite",
    "pas d utilite",
    "pas pour l instant",
    "pas pour le moment",
    "pas maintenant",
    "laissez moi tranquille",
    "laissez moi",
    "fichez moi la paix",
    "je me debrouille",
    "je me debrouillerai",
    "rester anonyme",
    "prefere pas",
    "prefere ne pas",
    "prefererais pas",
    "prefere rester",
    "pas envie",
    "pas question",
    "hors de question",
    "ca ira",
    "surtout pas",
    "que ca reste",
    "reste entre nous",
    "ca reste ici",
)
NO_WORDS = (
    "non",
    "nan",
    "nn",
    "no",
    "pas du tout",
    "absolument pas",
    "certainement pas",
    "pas vraiment",
    "pas d accord",
    "refuse*",
    "veut pas",
    "veux pas",
    "voudrait pas",
    "souhaite pas",
    "jamais",
    "negatif",
)
YES_WORDS = (
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
    "tout a fait",
    "evidemment",
    "exactement",
    "exact",
    "absolument",
    "si",
    "yes",
    "bien entendu",
    "carrement",
    "effectivement",
    "affirmatif",
    "c est ca",
    "entendu",
    "d acc",
    "accepte",
)
# Verbs (lemmas) and words whose clause means agreement, or refusal, when not negated.
AGREEING = frozenset(
    {
        "vouloir",
        "accepter",
        "aimer",
        "plaire",
        "convenir",
        "souhaiter",
        "rassurer",
        "pouvoir",
        "appeler",
        "rappeler",
        "transmettre",
        "contacter",
        "accord",
        "content",
        "contente",
        "ravi",
        "ravie",
        "gentil",
        "intéresser",
        "demander",
    }
)
REFUSING = frozenset(
    {
        "déranger",
        "gêner",
        "gêne",
        "embêter",
        "ennuyer",
        "refuser",
        "importuner",
        "opposer",
        "inquiéter",
        "déplaire",
    }
)


def _earliest(normalised: str, phrases: tuple[str, ...]) -> int | None:
    positions = []
    for phrase in phrases:
        body = re.escape(phrase[:-1]) + r"\w*" if phrase.endswith("*") else re.escape(phrase)
        found = re.search(rf" {body} ", normalised)
        if found:
            positions.append(found.start())
    return min(positions) if positions else None


def from_words(normalised: str) -> YesNo | None:
    """The answer given by a yes or no word or idiom, the earliest one said."""
    if has_any(normalised, DONT_KNOW):
        return YesNo.UNKNOWN
    yes_at = _earliest(normalised, YES_IDIOMS + YES_WORDS)
    no_at = _earliest(normalised, NO_IDIOMS + NO_WORDS)
    if normalised.split()[:1] == ["pas"] and not has_any(normalised, YES_IDIOMS):
        no_at = 0
    if no_at is not None and (yes_at is None or no_at <= yes_at):
        # "oui" said right after a short "non" ("non non oui") is rare; the first wins.
        return YesNo.NO
    return YesNo.YES if yes_at is not None else None


def from_clauses(text: str) -> YesNo | None:
    """Agreement or refusal said in a sentence, its negation taken into account."""
    for clause in clauses(text):
        agreeing = bool(clause.lemmas & AGREEING)
        refusing = bool(clause.lemmas & REFUSING)
        if agreeing == refusing:
            continue
        positive = agreeing != clause.negated
        return YesNo.YES if positive else YesNo.NO
    return None


def yes_no(text: str, intent: str | None = None, confidence: float = 0.0) -> YesNo | None:
    """Yes, no or "I don't know", from the words first, then from the NLU's intent."""
    if text.startswith("/"):
        answer = None
    else:
        normalised = words(text)
        if not normalised.strip():
            return None
        answer = from_words(normalised) or from_clauses(text)
    if answer is not None:
        return answer
    if intent in INTENT_ANSWERS and confidence >= INTENT_CONFIDENCE:
        return INTENT_ANSWERS[intent]
    return None
