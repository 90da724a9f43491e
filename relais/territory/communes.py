"""The official list of French communes, and a resolver from free text or a postcode.

The list is `data/communes.tsv` (derived by `scripts/derive_communes.py` from the INSEE and
La Poste data packaged by Etalab), with `data/former_communes.tsv`: names of former communes
(merged into a current one) that people still give, resolved to the current commune.

`CommuneIndex.resolve` reads what a neighbour types on a phone or what a voice transcript
gives: a bare postcode, a name with or without its postcode, or a sentence mentioning the
commune. It never guesses between homonyms: it answers FOUND (one commune), AMBIGUOUS
(several fit: ask for the postcode), SUGGESTED (close spellings, or a match it is not sure
of: ask to confirm) or NOT_FOUND.

The territory's départements, when given, are a preference: a commune of the territory wins
over a namesake elsewhere, and a territory commune whose name merely starts with the words
given ("Saint-Martin" for Saint-Martin-Château) is offered next to the exact namesakes.

Words of everyday French that are also communes ("Y", "Eu", "Pas", "Marie", "Le Bourg",
"Vienne": `data/common_words.txt`) are only taken from a whole-message answer, next to a
postcode, or right after "habite (à)" (then only SUGGESTED).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
COMMUNES_FILE = DATA_DIR / "communes.tsv"
FORMER_COMMUNES_FILE = DATA_DIR / "former_communes.tsv"
COMMON_WORDS_FILE = DATA_DIR / "common_words.txt"

MAX_CANDIDATES = 10
MAX_WORDS_OF_AN_ANSWER = 5  # longer messages are sentences: no fuzzy match of the whole
SHORT_ANSWER = 6  # "je suis de aubuson": words after "de" looked for nationally too
MAX_QUERIES = 24  # misspelt names tried in one message, at most
TERRITORY_CUTOFF = 0.8  # difflib ratio for a close spelling among the territory's communes
NATIONAL_CUTOFF = 0.85  # stricter nationally: 35,000 names hold many near-namesakes
NATIONAL_SHORTLIST = 60  # names compared with difflib after the trigram prefilter
COMMON_TRIGRAM_SHARE = 0.02  # trigrams in more names than this share do not prefilter

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_SPLIT_POSTCODE = re.compile(r"\b(\d{2}) (\d{3})\b")  # "23 000", as voice transcripts write it
_GLUED_NUMBER = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")  # "gueret23000"

_ARTICLES = frozenset({"le", "la", "les", "l"})
_SAINTS = frozenset({"saint", "sainte", "saints", "saintes"})
# Words around a commune in an answer that do not make it a sentence.
_FILLERS = frozenset(
    {"euh", "heu", "hum", "hmm", "ben", "bah", "alors", "donc", "voila", "c", "est", "ca"}
    | {"a", "au", "aux", "en", "de", "d", "du", "sur", "commune", "ville", "village"}
)
# "elle habite (à) X": enough to accept a common word as a commune (to be confirmed).
_RESIDENCE = frozenset(
    {"habite", "habites", "habitent", "habitait", "vit", "vivent", "reside", "residant"}
    | {"residente", "demeure", "demeurant", "domicilie", "domiciliee"}
)
# Words introducing the place where someone is: "à X", "de X", "elle habite X".
_LOCATIVE = frozenset({"a", "au", "aux", "de", "d", "du", "sur", "en", "dans"}) | _RESIDENCE
# "près de X", "vers X": X is a landmark, not where the person is.
_NEAR = frozenset({"pres", "cote", "loin", "vers", "environs", "proche", "autour"})
_OF = frozenset({"de", "d", "du", "des"})
# "rue de la Souterraine à Guéret": a street named after a commune is no place of residence.
_STREET = frozenset({"rue", "route", "avenue", "av", "boulevard", "bd", "chemin", "place"})
_STREET |= frozenset({"impasse", "allee", "quai", "cours", "faubourg", "lotissement"})
# Words after "à", "de"... that do not begin a (misspelt) commune name.
_NOT_A_PLACE = frozenset(
    {"chez", "cote", "face", "part", "cause", "peu", "pres", "seul", "seule", "seuls"}
    | {"elle", "il", "lui", "moi", "nous", "vous", "eux", "sa", "son", "ses", "ma", "mon"}
    | {"mes", "ta", "ton", "tes", "leur", "leurs", "un", "une", "ce", "cette", "ces", "tout"}
    | {"toute", "plus", "pas", "bien", "tres", "rien", "personne", "depuis", "nouveau"}
)


@dataclass(frozen=True, slots=True)
class Commune:
    insee: str  # "23096"
    name: str  # official name with accents, "Guéret"
    departement: str  # "23", "2A", "971"
    postcodes: tuple[str, ...]


class ResolutionStatus(StrEnum):
    FOUND = "found"
    AMBIGUOUS = "ambiguous"  # several communes fit: ask for the postcode
    SUGGESTED = "suggested"  # no exact match, close spellings (typos): ask to confirm
    NOT_FOUND = "not_found"


@dataclass(frozen=True, slots=True)
class Resolution:
    status: ResolutionStatus
    # FOUND: exactly one; AMBIGUOUS/SUGGESTED: up to 10 (all the communes of a bare
    # postcode), best first; NOT_FOUND: ()
    candidates: tuple[Commune, ...]

    @property
    def commune(self) -> Commune | None:
        """The one commune when FOUND, else None."""
        return self.candidates[0] if self.status is ResolutionStatus.FOUND else None


NOT_FOUND = Resolution(ResolutionStatus.NOT_FOUND, ())


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# Latin letters with accents (U+00C0 to U+024F) and ligatures, mapped in one translate call.
_UNACCENT = str.maketrans(
    {chr(code): _strip_accents(chr(code)) for code in range(0xC0, 0x250)} | _LIGATURES
)


def normalise(text: str) -> str:
    """The matching key: lower case, no accents, words separated by one space.

    Hyphens, apostrophes and punctuation separate words; "St"/"Ste" become "saint"/"sainte".
    """
    bare = text.translate(_UNACCENT)
    if not bare.isascii():
        bare = _strip_accents(bare)
    words = _NON_ALNUM.sub(" ", bare.casefold()).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


def _strip_article(key: str) -> str:
    """The key without its leading article: "la souterraine" -> "souterraine"."""
    first, _, rest = key.partition(" ")
    return rest if first in _ARTICLES and rest else key


def _name_keys(name: str) -> list[str]:
    """The keys a name is known by: itself, and without a "(Canton de ...)" precision."""
    keys = [normalise(name)]
    if "(" in name:
        without_precision = normalise(re.sub(r"\(.*?\)", " ", name))
        if without_precision and without_precision not in keys:
            keys.append(without_precision)
    return keys


@cache
def _common_words() -> frozenset[str]:
    """Normalised words that are commune names but too common to be one inside a sentence."""
    lines = COMMON_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _is_weak(words: Sequence[str]) -> bool:
    """Whether these words, found inside a sentence, are too common to name a commune."""
    if len(words) == 1 and (len(words[0]) <= 2 or words[0] in _SAINTS):
        return True
    common = _common_words()
    return all(word in common for word in words)


def _trigrams_of(key: str) -> set[str]:
    padded = f" {key.replace(' ', '')} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _add(index: dict[str, list[Commune]], key: str, commune: Commune) -> None:
    bucket = index.setdefault(key, [])
    if all(other.insee != commune.insee for other in bucket):
        bucket.append(commune)


def _unique(communes: Iterable[Commune]) -> list[Commune]:
    seen: set[str] = set()
    result = []
    for commune in communes:
        if commune.insee not in seen:
            seen.add(commune.insee)
            result.append(commune)
    return result


def _in(communes: Iterable[Commune], departements: frozenset[str]) -> list[Commune]:
    return [commune for commune in communes if commune.departement in departements]


def _result(status: ResolutionStatus, communes: Iterable[Commune], limit: int) -> Resolution:
    candidates = tuple(_unique(communes))[:limit]
    if not candidates:
        return NOT_FOUND
    if status is ResolutionStatus.FOUND and len(candidates) > 1:
        status = ResolutionStatus.AMBIGUOUS
    return Resolution(status, candidates)


@dataclass(frozen=True, slots=True)
class _Message:
    """A message split into normalised words, with the known postcodes it holds."""

    words: tuple[str, ...]
    postcodes: tuple[str, ...]  # known postcodes, in order of appearance
    name_words: tuple[str, ...]  # the words that are not numbers, fillers trimmed at both ends

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class _Span:
    """Words of a message that name one or more communes."""

    start: int
    end: int
    exact: tuple[Commune, ...]  # communes with exactly this name, preferred ones only if any
    prefixed: tuple[Commune, ...]  # preferred communes whose name starts with these words
    preferred: bool  # exact holds communes of the preferred départements
    weak: bool  # common words (see _is_weak)
    whole: bool  # the whole message but fillers and numbers
    residence: bool  # right after "habite (à)"
    residence_au: bool  # right after "habite au/aux": "elle habite au Grand-Bourg"
    locative: bool  # right after "à", "de", "habite"...
    near: bool  # after "près de", "vers"...

    @property
    def rank(self) -> int:
        return 2 if self.preferred else 1 if self.prefixed else 0

    @property
    def confident(self) -> bool:
        return self.whole or not self.weak


class CommuneIndex:
    """Communes indexed by insee code, normalised name and postcode."""

    def __init__(
        self, communes: Iterable[Commune], former_names: Iterable[tuple[str, str]] = ()
    ) -> None:
        """Index `communes`; `former_names` are (name, insee) aliases of current communes."""
        self._communes = sorted(_unique(communes), key=lambda commune: commune.insee)
        self._by_insee = {commune.insee: commune for commune in self._communes}
        self._by_key: dict[str, list[Commune]] = {}
        self._by_bare_key: dict[str, list[Commune]] = {}  # keys of names with an article
        self._by_compact_key: dict[str, list[Commune]] = {}
        self._by_postcode: dict[str, list[Commune]] = {}
        self._by_departement: dict[str, list[Commune]] = {}
        self._keys_of: dict[str, list[str]] = {}
        for commune in self._communes:
            self._index_name(commune.name, commune)
            self._by_departement.setdefault(commune.departement, []).append(commune)
            for postcode in commune.postcodes:
                self._by_postcode.setdefault(postcode, []).append(commune)
        for name, insee in former_names:
            if insee in self._by_insee:
                self._index_name(name, self._by_insee[insee])
        self._max_words = max((key.count(" ") + 1 for key in self._by_key), default=1)
        self._prefix_cache: dict[frozenset[str], dict[str, list[Commune]]] = {}
        self._all_keys: list[str] = sorted(self._by_key)
        self._trigram_index = self._trigrams()

    def _index_name(self, name: str, commune: Commune) -> None:
        for key in _name_keys(name):
            _add(self._by_key, key, commune)
            _add(self._by_compact_key, key.replace(" ", ""), commune)
            keys = self._keys_of.setdefault(commune.insee, [])
            keys.append(key)
            bare = _strip_article(key)
            if bare != key:
                _add(self._by_bare_key, bare, commune)
                keys.append(bare)

    def __len__(self) -> int:
        return len(self._communes)

    def by_insee(self, insee: str) -> Commune | None:
        return self._by_insee.get(insee.strip().upper())

    def by_postcode(self, postcode: str) -> list[Commune]:
        return list(self._by_postcode.get(postcode.strip(), []))

    def in_departements(self, departements: Sequence[str]) -> list[Commune]:
        wanted = {departement.strip().upper() for departement in departements}
        return [commune for commune in self._communes if commune.departement in wanted]

    # Resolution ---------------------------------------------------------------------------

    def resolve(self, text: str, departements: Sequence[str] | None = None) -> Resolution:
        """Turn free text or a postcode into a commune (see the module docstring)."""
        message = self._parse(text)
        if not message.words:
            return NOT_FOUND
        preferred = frozenset(d.strip().upper() for d in departements or ())
        if message.postcodes:
            return self._resolve_with_postcodes(message, preferred)
        return self._resolve_name(message, preferred)

    def _parse(self, text: str) -> _Message:
        key = _GLUED_NUMBER.sub(" ", normalise(text))
        words = tuple(_SPLIT_POSTCODE.sub(r"\1\2", key).split())
        postcodes = tuple(_unique_words(w for w in words if len(w) == 5 and w in self._by_postcode))
        names = [word for word in words if not word.isdigit()]
        while names and names[0] in _FILLERS:
            names.pop(0)
        while names and names[-1] in _FILLERS:
            names.pop()
        return _Message(words, postcodes, tuple(names))

    def _resolve_with_postcodes(self, message: _Message, preferred: frozenset[str]) -> Resolution:
        pool = _unique(c for code in message.postcodes for c in self._by_postcode[code])
        pool.sort(key=lambda commune: (normalise(commune.name), commune.insee))
        if not message.name_words:
            return _result(ResolutionStatus.FOUND, pool, len(pool))
        named = self._named_in(pool, message)
        if named:
            return _result(ResolutionStatus.FOUND, named, MAX_CANDIDATES)
        close = self._close_in(pool, self._fuzzy_queries(message)[0])
        if close:
            return _result(ResolutionStatus.SUGGESTED, close, MAX_CANDIDATES)
        by_name = self._resolve_name(message, preferred)
        if by_name.candidates:  # the name contradicts the postcode: have it confirmed
            return _result(ResolutionStatus.SUGGESTED, by_name.candidates, MAX_CANDIDATES)
        return _result(ResolutionStatus.FOUND, pool, len(pool))

    def _named_in(self, pool: list[Commune], message: _Message) -> list[Commune]:
        """Communes of the pool named in the message, fully or by the first words of the name.

        A name of common words counts only as the whole answer: "Y 80190", not "il y a".
        """
        padded = f" {message.text} "
        answer = " ".join(message.name_words)
        scores: dict[str, tuple[int, Commune]] = {}
        for commune in pool:
            for key in self._keys_of.get(commune.insee, []):
                words = key.split()
                for length in range(len(words), 0, -1):
                    part = words[:length]
                    if _is_weak(part) and (length < len(words) or key != answer):
                        break
                    if f" {' '.join(part)} " in padded:
                        score = len(" ".join(part)) * 2 + (length == len(words))
                        if score > scores.get(commune.insee, (0, commune))[0]:
                            scores[commune.insee] = (score, commune)
                        break
        if not scores:
            return []
        best = max(score for score, _ in scores.values())
        return [commune for score, commune in scores.values() if score == best]

    def _resolve_name(self, message: _Message, preferred: frozenset[str]) -> Resolution:
        spans = [
            span
            for span in self._spans(message, preferred)
            if span.confident
            or (span.residence and (span.preferred or not preferred))
            or (span.residence_au and span.preferred)
        ]
        if spans:
            return self._decide(spans, preferred)
        compact = "".join(message.name_words)
        if compact in self._by_compact_key:
            found = self._by_compact_key[compact]
            return _result(ResolutionStatus.FOUND, _in(found, preferred) or found, MAX_CANDIDATES)
        return self._resolve_typo(message, preferred)

    def _decide(self, spans: list[_Span], preferred: frozenset[str]) -> Resolution:
        spans = _prefer(spans, [span for span in spans if not span.near])
        spans = _prefer(spans, [span for span in spans if span.confident])
        best_rank = max(span.rank for span in spans)
        spans = [span for span in spans if span.rank == best_rank]
        spans = _prefer(spans, [span for span in spans if span.locative])
        exact = [commune for span in spans for commune in span.exact]
        prefixed = [commune for span in spans for commune in span.prefixed]
        candidates = _unique([*exact, *prefixed])
        if preferred:  # the territory's communes first
            candidates.sort(key=lambda commune: commune.departement not in preferred)
        if not all(span.confident for span in spans):
            status = ResolutionStatus.SUGGESTED  # a common word after "habite": confirm
        elif all(span.near for span in spans):
            status = ResolutionStatus.SUGGESTED  # "près de Guéret": in Guéret itself?
        elif all(span.weak for span in spans) and preferred and not _in(candidates, preferred):
            status = ResolutionStatus.SUGGESTED  # "le bourg" answered in the Creuse
        elif len(candidates) == 1 and not exact:
            status = ResolutionStatus.SUGGESTED  # "Évaux" for Évaux-les-Bains: confirm
        else:
            status = ResolutionStatus.FOUND
        return _result(status, candidates, MAX_CANDIDATES)

    def _spans(self, message: _Message, preferred: frozenset[str]) -> list[_Span]:
        """Word runs naming communes, longest first, each word in one run at most."""
        words = message.words
        used = [word.isdigit() for word in words]
        spans: list[_Span] = []
        for length in range(min(self._max_words, len(words)), 0, -1):
            for start in range(len(words) - length + 1):
                end = start + length
                if any(used[start:end]):
                    continue
                span = self._span(message, start, end, preferred)
                if span is not None:
                    spans.append(span)
                    used[start:end] = [True] * length
        return sorted(spans, key=lambda span: span.start)

    def _span(
        self, message: _Message, start: int, end: int, preferred: frozenset[str]
    ) -> _Span | None:
        words = message.words
        part = words[start:end]
        key = " ".join(part)
        stated = self._adjacent_departements(words, start, end)
        if not self._may_name(key, stated, preferred):
            return None
        weak = _is_weak(part)
        before = words[:start]
        whole = all(word in _FILLERS or word.isdigit() for word in (*before, *words[end:]))
        # "Saint-Martin" may mean Saint-Martin-Château; "Le Bourg" may, as a whole answer.
        by_start = not weak or (whole and len(key) > 2 and key not in _SAINTS)
        exact, in_territory, prefixed = self._named(key, stated or preferred, by_start)
        if stated and prefixed and not in_territory:  # "Saint-Martin (23)": only the 23's
            exact = []
        elif stated and not in_territory:  # the number was not a département
            exact, in_territory, prefixed = self._named(key, preferred, by_start)
        if not exact and not prefixed:
            return None
        return _Span(
            start=start,
            end=end,
            exact=tuple(exact),
            prefixed=tuple(prefixed),
            preferred=in_territory,
            weak=weak,
            whole=whole,
            residence=_after_residence(before),
            residence_au=len(before) >= 2
            and before[-1] in {"au", "aux"}
            and _after_residence(before[:-1]),
            locative=bool(before) and before[-1] in _LOCATIVE,
            near=_after_near(before),
        )

    def _adjacent_departements(
        self, words: tuple[str, ...], start: int, end: int
    ) -> frozenset[str]:
        """A département code right before or after the words: "Saint-Martin (23)"."""
        around = [words[index] for index in (start - 1, end) if 0 <= index < len(words)]
        if end + 1 < len(words) and words[end + 1] == "ans":  # "Saint-Martin, 85 ans"
            around = around[:1]
        return frozenset(
            code for code in (word.upper() for word in around) if code in self._by_departement
        )

    def _named(
        self, key: str, departements: frozenset[str], by_start: bool
    ) -> tuple[list[Commune], bool, list[Commune]]:
        """Communes named `key`, whether they are in the départements, and (if `by_start`) the
        communes of the départements whose name starts with `key` when none is named so."""
        exact, in_territory = self._exact(key, departements)
        if not departements or in_territory or not by_start:
            return exact, in_territory, []
        return exact, False, [c for c in self._prefixed(key, departements) if c not in exact]

    def _exact(self, key: str, preferred: frozenset[str]) -> tuple[list[Commune], bool]:
        """Communes with this name (article optional), preferred ones only if any."""
        named = self._by_key.get(key, [])
        bare = self._by_bare_key.get(_strip_article(key), [])
        in_territory = _in(_unique([*named, *bare]), preferred)
        if in_territory:
            return in_territory, True
        return list(named or bare), False

    def _may_name(self, key: str, *departements: frozenset[str]) -> bool:
        """A quick test before the full one: some commune name is, or starts with, `key`."""
        return (
            key in self._by_key
            or _strip_article(key) in self._by_bare_key
            or any(key in self._prefix_index(each) for each in departements if each)
        )

    def _prefixed(self, key: str, departements: frozenset[str]) -> list[Commune]:
        """Communes of these départements whose name starts with the words of `key`."""
        return self._prefix_index(departements).get(key, [])

    def _prefix_index(self, departements: frozenset[str]) -> dict[str, list[Commune]]:
        """First words of the names of these départements' communes -> the communes."""
        index = self._prefix_cache.get(departements)
        if index is None:
            index = {}
            for departement in departements:
                for commune in self._by_departement.get(departement, []):
                    for name_key in self._keys_of.get(commune.insee, []):
                        words = name_key.split()
                        for length in range(1, len(words)):
                            _add(index, " ".join(words[:length]), commune)
            self._prefix_cache[departements] = index
        return index

    # Typos ---------------------------------------------------------------------------------

    def _resolve_typo(self, message: _Message, preferred: frozenset[str]) -> Resolution:
        local, national = self._fuzzy_queries(message)
        territory = [c for d in sorted(preferred) for c in self._by_departement.get(d, [])]
        close = self._close_in(territory, local) or self._close_nationally(national)
        return _result(ResolutionStatus.SUGGESTED, close, MAX_CANDIDATES)

    def _fuzzy_queries(self, message: _Message) -> tuple[list[str], list[str]]:
        """What may be a misspelt commune, to look for in the territory, and nationally.

        A short answer is looked for everywhere; inside a sentence, the words after "à",
        "de"... are looked for in the territory only, or everywhere after "habite (à)".
        """
        local: list[str] = []
        national: list[str] = []
        if 0 < len(message.name_words) <= MAX_WORDS_OF_AN_ANSWER:
            local.append(" ".join(message.name_words))
            national.append(local[-1])
        words = message.words
        for start in range(1, len(words)):
            if words[start - 1] not in _LOCATIVE or words[start] in _NOT_A_PLACE:
                continue
            everywhere = len(words) <= SHORT_ANSWER or _after_residence(words[:start])
            for end in range(start + 1, min(start + 4, len(words)) + 1):
                part = words[start:end]
                if _is_weak(part) or any(word.isdigit() for word in part):
                    continue
                local.append(" ".join(part))
                if everywhere:
                    national.append(local[-1])
        return _long_enough(local)[:MAX_QUERIES], _long_enough(national)[:MAX_QUERIES]

    def _close_in(self, communes: list[Commune], queries: list[str]) -> list[Commune]:
        """Communes among these whose name is spelt close to a query, best first."""
        keyed: dict[str, list[Commune]] = {}
        for commune in communes:
            for key in self._keys_of.get(commune.insee, []):
                keyed.setdefault(key, []).append(commune)
        best: dict[str, tuple[float, Commune]] = {}
        for query in queries:
            for key in difflib.get_close_matches(query, keyed, MAX_CANDIDATES, TERRITORY_CUTOFF):
                ratio = difflib.SequenceMatcher(None, query, key).ratio()
                for commune in keyed[key]:
                    if ratio > best.get(commune.insee, (0.0, commune))[0]:
                        best[commune.insee] = (ratio, commune)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1].insee))
        return [commune for _, commune in ranked]

    def _close_nationally(self, queries: list[str]) -> list[Commune]:
        """Close spellings among all communes, prefiltered by shared trigrams."""
        index = self._trigram_index
        too_common = COMMON_TRIGRAM_SHARE * len(self._all_keys)
        scored: dict[str, float] = {}
        for query in queries:
            counts: Counter[int] = Counter()
            for trigram in _trigrams_of(query):
                postings = index.get(trigram, [])
                if len(postings) <= too_common:
                    counts.update(postings)
            for position, _ in counts.most_common(NATIONAL_SHORTLIST):
                key = self._all_keys[position]
                matcher = difflib.SequenceMatcher(None, query, key)
                if matcher.quick_ratio() >= NATIONAL_CUTOFF:
                    scored[key] = max(scored.get(key, 0.0), matcher.ratio())
        ranked = sorted(
            ((ratio, key) for key, ratio in scored.items() if ratio >= NATIONAL_CUTOFF),
            key=lambda item: (-item[0], item[1]),
        )
        return _unique(commune for _, key in ranked for commune in self._by_key[key])

    def _trigrams(self) -> dict[str, list[int]]:
        """Trigram -> positions of the keys having it in the sorted keys."""
        index: dict[str, list[int]] = {}
        for position, key in enumerate(self._all_keys):
            for trigram in _trigrams_of(key):
                index.setdefault(trigram, []).append(position)
        return index


def _prefer(spans: list[_Span], preferred: list[_Span]) -> list[_Span]:
    """The preferred spans if any, else all of them."""
    return preferred or spans


def _long_enough(queries: list[str]) -> list[str]:
    """Distinct queries of three letters or more."""
    return [query for query in _unique_words(queries) if len(query.replace(" ", "")) >= 3]


def _unique_words(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _after_residence(before: Sequence[str]) -> bool:
    """Whether the words end with "habite" or "habite à" (not "habite au bourg")."""
    if before and before[-1] in _RESIDENCE:
        return True
    return len(before) >= 2 and before[-1] == "a" and before[-2] in _RESIDENCE


def _after_near(before: Sequence[str]) -> bool:
    """Whether the words end with "près de", "vers", "pas loin de", "rue de"..."""
    words = list(before[-3:])
    while words and words[-1] in _OF | _ARTICLES:
        words.pop()
    return bool(words) and (words[-1] in _NEAR or words[-1] in _STREET)


def read_communes(path: Path = COMMUNES_FILE) -> list[Commune]:
    """The communes of a tsv written by scripts/derive_communes.py."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    communes = []
    for line in lines:
        insee, name, departement, postcodes = line.split("\t")
        communes.append(Commune(insee, name, departement, tuple(postcodes.split())))
    return communes


def read_former_names(path: Path = FORMER_COMMUNES_FILE) -> list[tuple[str, str]]:
    """(name, insee of the current commune) pairs of former_communes.tsv."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [(name, insee) for name, insee in (line.split("\t") for line in lines)]


@cache
def load_communes() -> CommuneIndex:
    """The index of the shipped communes, read once."""
    return CommuneIndex(read_communes(), read_former_names())
