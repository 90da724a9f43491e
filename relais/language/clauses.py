"""A message cut into clauses, each with what the readers and the safety net need to know: its
words, its verb, whether it is negated, and its tense.

Clauses are contiguous: the message is cut at punctuation, at conjunctions ("mais", "et") and
where a subordinate clause starts (spaCy's dependency parse), so that "pas du tout, je sors tous
les jours" is two clauses and the negation of the first does not reach the second. "mon fils
venait avant mais il a déménagé" is "mon fils venait avant" (imperfect: a past habit) and "mais
il a déménagé" (past). "elle ne vient que le dimanche" is not negated ("ne … que" restricts);
"je vois plus personne" is (spoken French drops the "ne"). A clause that only dates the one
before ("il y a longtemps") is joined to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import pairwise

from spacy.tokens import Doc, Token

from relais.language.nlp import parse
from relais.language.normalize import normalize
from relais.language.phrases import has_any


class Tense(StrEnum):
    PAST = "past"  # passé composé, plus-que-parfait, passé simple, imparfait
    PRESENT = "present"
    FUTURE = "future"
    CONDITIONAL = "conditional"
    NONE = "none"  # no conjugated verb: "pas de famille", "jamais"


# Dependencies that start a clause of their own under another one.
_CLAUSE_DEPS = frozenset({"conj", "advcl", "ccomp", "acl:relcl", "parataxis", "ROOT"})
_NEGATORS = frozenset({"pas", "jamais", "point", "guère", "guere", "ni"})
_NEGATIVE_PRONOUNS = frozenset({"rien", "personne", "aucun", "aucune", "nul", "nulle"})


@dataclass(frozen=True)
class Clause:
    """`words` is normalised (see relais.language.normalize) for phrase matching."""

    text: str
    words: str
    lemmas: frozenset[str]
    verb: str | None
    negated: bool
    tense: Tense
    imperfect: bool  # a past habit or state ("venait", "allait")
    person: int | None  # 1 for "je", 3 for "il/elle/ils", None when unknown

    def has(self, *phrases: str) -> bool:
        return has_any(self.words, phrases)


def _is_clause_head(token: Token) -> bool:
    if token.dep_ not in _CLAUSE_DEPS:
        return False
    if token.dep_ == "ROOT":
        return True
    return token.pos_ in {"VERB", "AUX"} or any(c.dep_ in {"cop", "nsubj"} for c in token.children)


def _negated(tokens: list[Token], doc: Doc) -> bool:
    lowers = [t.lower_ for t in tokens]
    has_ne = any(
        t.lower_ in {"ne", "n'", "n"} or t.morph.get("Polarity", []) == ["Neg"] for t in tokens
    )
    strong = any(word in _NEGATORS for word in lowers)
    nobody = any(
        t.lower_ in _NEGATIVE_PRONOUNS and t.dep_ in {"obj", "nsubj", "obl", "obl:arg", "ROOT"}
        for t in tokens
    )
    plus = any(
        t.lower_ == "plus" and t.dep_ == "advmod" and not _comparative(t, tokens) for t in tokens
    )
    if strong or nobody:
        return True
    if has_ne and plus:
        return True
    if has_ne and _restrictive(tokens, doc):
        return False  # "ne … que": only, not negation
    return has_ne or plus


def _restrictive(tokens: list[Token], doc: Doc) -> bool:
    """ "ne … que" / "ne … qu'": a "que" soon after the negated verb."""
    last = tokens[-1].i
    start = min(t.i for t in tokens if t.lower_ in {"ne", "n'", "n"})
    window = doc[start : min(last + 6, len(doc))]
    return any(t.lower_ in {"que", "qu'"} for t in window)


def _comparative(plus: Token, tokens: list[Token]) -> bool:
    """ "plus que", "plus souvent", "de plus en plus": "plus" means more."""
    following = [t for t in tokens if t.i > plus.i][:1]
    before = [t for t in tokens if t.i < plus.i][-1:]
    if following and following[0].lower_ in {"que", "qu'", "souvent", "en", "tard", "tôt", "tot"}:
        return True
    if following and following[0].pos_ in {"ADJ", "ADV"} and following[0].lower_ != "jamais":
        return True  # "plus simple", "plus loin"
    return bool(before and before[0].lower_ in {"de", "en", "le", "les", "la"})


def _tense(head: Token, tokens: list[Token]) -> tuple[Tense, bool]:
    verb = head
    if head.pos_ not in {"VERB", "AUX"}:
        cop = next((c for c in head.children if c.dep_ == "cop"), None)
        if cop is None:
            return Tense.NONE, False
        verb = cop
    auxiliaries = [c for c in verb.children if c.dep_.startswith("aux")]
    mood = verb.morph.get("Mood", [])
    tense = verb.morph.get("Tense", [])
    if auxiliaries and "Part" in verb.morph.get("VerbForm", []):
        aux_tense = auxiliaries[0].morph.get("Tense", [])
        if "Fut" in aux_tense:
            return Tense.FUTURE, False
        if "Cnd" in auxiliaries[0].morph.get("Mood", []):
            return Tense.CONDITIONAL, False
        return Tense.PAST, "Imp" in aux_tense
    if "Cnd" in mood:
        return Tense.CONDITIONAL, False
    if "Imp" in tense:
        return Tense.PAST, True
    if "Past" in tense:
        return Tense.PAST, False  # passé simple, or a past participle said alone
    if "Fut" in tense:
        return Tense.FUTURE, False
    if "Pres" in tense or verb.pos_ in {"VERB", "AUX"}:
        return Tense.PRESENT, False
    return Tense.NONE, False


def _person(tokens: list[Token]) -> int | None:
    for token in tokens:
        if token.dep_.startswith("nsubj") or token.dep_ == "expl:subj":
            person = token.morph.get("Person", [])
            if person:
                return int(person[0])
            return 3
    return None


_CUT_WORDS = frozenset({"mais", "et", "puis", "alors", "pourtant", "cependant", "sauf"})
_CUT_MARKS = frozenset({"quand", "lorsque", "parce", "car", "après", "apres"})


def _cuts(doc: Doc, heads: set[int]) -> set[int]:
    cuts = {0, len(doc)}
    for token in doc:
        punctuation = token.is_punct and token.text in {",", ";", ".", "!", "?", ":"}
        mark = token.lower_ in _CUT_MARKS and token.dep_ in {"mark", "case", "cc", "advmod"}
        if punctuation or mark or token.lower_ in _CUT_WORDS:
            cuts.add(token.i)
        elif token.i in heads and token.dep_ != "ROOT":
            cuts.add(token.left_edge.i)
    return cuts


@lru_cache(maxsize=2048)
def clauses(text: str) -> tuple[Clause, ...]:
    """The message cut into contiguous clauses (at punctuation, conjunctions and the start of
    subordinate clauses), each with its negation and the tense of its first verb."""
    doc = parse(text)
    heads = {t.i for t in doc if _is_clause_head(t)}
    bounds = sorted(_cuts(doc, heads))
    found: list[Clause] = []
    for start, end in pairwise(bounds):
        tokens = [t for t in doc[start:end] if not t.is_punct]
        if not tokens:
            continue
        clause = _clause(doc, tokens)
        if found and _time_only(clause.words):
            found.append(_merged(found.pop(), clause))  # "il y a longtemps" dates its clause
        else:
            found.append(clause)
    return tuple(found)


def _clause(doc: Doc, tokens: list[Token]) -> Clause:
    verbs = [t for t in tokens if t.pos_ in {"VERB", "AUX"} and not t.dep_.startswith("aux")]
    head = verbs[0] if verbs else tokens[0]
    tense, imperfect = _tense(head, tokens)
    return Clause(
        text=doc[tokens[0].i : tokens[-1].i + 1].text,
        words=normalize(" ".join(t.text for t in tokens)),
        lemmas=frozenset(t.lemma_.lower() for t in tokens),
        verb=head.lemma_.lower() if verbs else None,
        negated=_negated(tokens, doc),
        tense=tense,
        imperfect=imperfect,
        person=_person(tokens),
    )


def _merged(clause: Clause, time: Clause) -> Clause:
    return Clause(
        text=f"{clause.text} {time.text}",
        words=clause.words + time.words.lstrip(),
        lemmas=clause.lemmas | time.lemmas,
        verb=clause.verb,
        negated=clause.negated,
        tense=clause.tense,
        imperfect=clause.imperfect,
        person=clause.person,
    )


_TIME_STARTS = (" il y a ", " y a ", " ca fait ", " cela fait ", " depuis ", " l an ", " en ")
_TIME_WORDS = 6


def _time_only(words: str) -> bool:
    """A span that only says when ("il y a longtemps", "depuis deux ans", "en 2019")."""
    return len(words.split()) <= _TIME_WORDS and words.startswith(_TIME_STARTS)
