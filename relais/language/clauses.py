"""A message cut into clauses, each with what the readers need to know: its words, its verb,
whether it is negated, and its tense.

"mon fils venait avant mais il a déménagé" is two clauses: "mon fils venait avant" (imperfect:
a past habit) and "il a déménagé" (past). "elle ne vient que le dimanche" is not negated
("ne … que" restricts), "je vois plus personne" is (spoken French drops the "ne").
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


def _own_tokens(head: Token, heads: set[int]) -> list[Token]:
    """The head's subtree without the clauses nested in it."""
    tokens: list[Token] = []
    stack = [head]
    while stack:
        token = stack.pop()
        tokens.append(token)
        stack.extend(c for c in token.children if c.i not in heads)
    return sorted(tokens, key=lambda t: t.i)


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


def _clause(doc: Doc, head: Token, tokens: list[Token]) -> Clause:
    text = doc[tokens[0].i : tokens[-1].i + 1].text if tokens else ""
    own = " ".join(t.text for t in tokens)
    tense, imperfect = _tense(head, tokens)
    verb = head.lemma_.lower() if head.pos_ in {"VERB", "AUX"} else None
    return Clause(
        text=text,
        words=normalize(own),
        lemmas=frozenset(t.lemma_.lower() for t in tokens),
        verb=verb,
        negated=_negated(tokens, doc),
        tense=tense,
        imperfect=imperfect,
        person=_person(tokens),
    )


@lru_cache(maxsize=2048)
def clauses(text: str) -> tuple[Clause, ...]:
    """The clauses of the message, in order. A message without a verb is one clause."""
    doc = parse(text)
    heads = {t.i for t in doc if _is_clause_head(t)}
    found = []
    for index in sorted(heads):
        tokens = _own_tokens(doc[index], heads)
        if any(not t.is_punct for t in tokens):
            found.append(_clause(doc, doc[index], tokens))
    return tuple(found)


@dataclass(frozen=True)
class Span:
    """A contiguous part of the message: one clause, cut at punctuation and conjunctions."""

    words: str
    tense: Tense
    negated: bool = False


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
def spans(text: str) -> tuple[Span, ...]:
    """The message cut into contiguous clauses, each with the tense of its first verb."""
    doc = parse(text)
    heads = {t.i for t in doc if _is_clause_head(t)}
    bounds = sorted(_cuts(doc, heads))
    found = []
    for start, end in pairwise(bounds):
        tokens = [t for t in doc[start:end] if not t.is_punct]
        if not tokens:
            continue
        verbs = [t for t in tokens if t.pos_ in {"VERB", "AUX"} and not t.dep_.startswith("aux")]
        head = verbs[0] if verbs else tokens[0]
        tense, _ = _tense(head, tokens)
        words = normalize(" ".join(t.text for t in tokens))
        found.append(Span(words, tense, _negated(tokens, doc)))
    return tuple(found)
