"""Whether a danger the patterns found is a situation now, or something over.

The patterns (patterns.py) find danger words with high recall. This reads the message around
them, clause by clause (relais.language.clauses): a fall "l'an dernier", a stroke "il y a deux
ans", a malaise after which "ça va mieux maintenant" are over; a silence that someone has
checked ("la voisine passe le voir, il va bien") is not a missing person. A clause that places
the danger now ("ce matin", "de nouveau", "toujours par terre") always stands, and thoughts of
suicide are only set aside when they are both long past and said to be over.

When in doubt the danger stands: a false alarm costs an apology, a missed one far more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from relais.language.clauses import Clause, Tense, clauses
from relais.language.normalize import normalize
from relais.language.phrases import has_any
from relais.language.time import just_now, long_ago
from relais.safety.patterns import DangerKind

# Said of an event that is over; they hold their own negation, so they count even in a
# negated clause.
OVER_IDIOMS = (
    "plus de peur que de mal",
    "rien de grave",
    "rien de serieux",
    "sans gravite",
    "sans consequence*",
    "sans sequelle*",
    "plus de sequelle*",
    "pas de sequelle*",
    "pas grave",
)
# Said in the present of an event that is over (not in a negated clause: "elle ne va pas
# mieux" says the opposite).
RESOLVED = (
    "s en est remis*",
    "s en est bien remis*",
    "s est remis*",
    "s est bien remis*",
    "remis* sur pied",
    "gueri*",
    "retabli*",
    "ca va mieux",
    "va mieux",
    "va bien maintenant",
    "ca va maintenant",
    "ca va bien maintenant",
    "je vais bien",
    "il va bien",
    "elle va bien",
    "tout va bien",
    "c est passe",
    "c est fini",
    "c est du passe",
    "remarche",
    "suivi par",
    "suivie par",
    "est suivi",
    "est suivie",
    "suis suivi",
    "suis suivie",
    "mais ca va",
    "ca va aujourd hui",
    # taken care of: in hospital, back home after it
    "hospitalise",
    "hospitalisee",
    "a ete hospitalise*",
    "sorti de l hopital",
    "sortie de l hopital",
    "sortie d hospitalisation",
    "retour a domicile",
    "rentre chez elle",
    "rentre chez lui",
    "en reeducation",
    "en convalescence",
    "a ete soigne*",
    "a ete opere*",
    "a ete pris en charge",
    "a ete prise en charge",
)
# Someone knows the person is well, or the silence has its reason.
CHECKED = (
    "passe le voir",
    "passe la voir",
    "passent le voir",
    "passent la voir",
    "le voit",
    "la voit",
    "les voit",
    "l ai vu",
    "l ai vue",
    "l a vu",
    "l a vue",
    "l avons vu*",
    "me dit qu",
    "me donne des nouvelles",
    "a des nouvelles",
    "j ai des nouvelles",
    "va bien",
    "parle avec",
    "fache*",
    "brouille*",
    "en vacances",
    "a l hopital",
    "chez sa fille",
    "chez son fils",
)


FindKind = Callable[[str], DangerKind | None]


def standing(text: str, find: FindKind) -> list[str]:
    """The parts of `text` (normalised words) where a danger stands, for `find` to name it.

    Each clause where `find` sees a danger is read on its own; what remains of the message once
    the clauses that are over are taken out is read again, so that a danger said across two
    clauses is never lost.
    """
    message = normalize(text)
    parts = clauses(text)
    said = _Said(
        resolved=has_any(message, OVER_IDIOMS)
        or any(not p.negated and has_any(p.words, RESOLVED) for p in parts),
        checked=any(not p.negated and has_any(p.words, CHECKED) for p in parts),
    )
    over_parts = set()
    for index, part in enumerate(parts):
        kind = find(part.words)
        if kind is not None and _over(part, kind, said):
            over_parts.add(index)
    if not over_parts:
        return [message]
    rest = " ".join(p.words.strip() for i, p in enumerate(parts) if i not in over_parts)
    remainder = f" {rest} "
    return [remainder] if find(remainder) is not None else []


@dataclass(frozen=True)
class _Said:
    resolved: bool  # "ça va mieux", "elle s'en est remise" (not negated)
    checked: bool  # "la voisine passe le voir", "je l'ai vue ce matin" (not negated)


def _over(part: Clause, kind: DangerKind, said: _Said) -> bool:
    if just_now(part.words):
        return False
    if kind is DangerKind.NO_SIGN_OF_LIFE:
        return said.checked
    if kind is DangerKind.SUICIDAL:
        return long_ago(part.words) and said.resolved
    if long_ago(part.words):
        return True
    return said.resolved and part.tense in {Tense.PAST, Tense.NONE}


def told_as_over(text: str) -> bool:
    """Whether the message tells of something past and over ("elle est tombée l'an dernier",
    "il a eu un malaise, ça va mieux maintenant") and of nothing now. For danger the NLU alone
    saw, where no pattern gives the clause to read."""
    message = normalize(text)
    if just_now(message):
        return False
    return long_ago(message) or any(
        not p.negated and has_any(p.words, RESOLVED) for p in clauses(text)
    )
