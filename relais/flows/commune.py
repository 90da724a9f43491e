"""The commune question: free text or a postcode, read with the official list; the postcode is
asked when a name is ambiguous, close spellings are offered on a typo. Like every question it
is asked at most twice after a miss (relais.flows.dialogue): then the words are kept as said,
so that a report is never lost for want of a commune."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relais.flows.readers import Message, Reading
from relais.territory.communes import Commune, ResolutionStatus, load_communes, normalise
from relais.territory.models import Territory
from relais.territory.service import resolve_commune

MAX_CANDIDATES = 8  # read out on the phone, keypad 1 to 8, 9 for "none of these"
CHOICE_PREFIX = "insee:"


def _found(commune: Commune) -> Reading:
    return Reading(
        commune.name,
        extra={"commune_insee": commune.insee, "commune_candidates": [], "commune_problem": None},
    )


def _problem(problem: str | None, candidates: tuple[Commune, ...] = ()) -> Reading:
    return Reading(
        None,
        extra={
            "commune_insee": None,
            "commune_candidates": [c.insee for c in candidates[:MAX_CANDIDATES]],
            "commune_problem": problem,
        },
    )


def _among(candidates: list[Commune], text: str) -> Commune | None:
    """The candidate meant by a postcode or a name, when exactly one fits."""
    key = normalise(text)
    digits = "".join(char for char in text if char.isdigit())
    fits = [c for c in candidates if len(digits) == 5 and digits in c.postcodes]
    fits = fits or [c for c in candidates if normalise(c.name) == key]
    return fits[0] if len(fits) == 1 else None


def read_commune(territory: Territory, message: Message, candidates: list[str]) -> Reading:
    """`candidates`: the INSEE codes offered by the previous question."""
    index = load_communes()
    offered = [c for c in (index.by_insee(code) for code in candidates) if c is not None]
    if message.choice and message.choice.startswith(CHOICE_PREFIX):
        chosen = index.by_insee(message.choice.removeprefix(CHOICE_PREFIX))
        if chosen is not None:
            return _found(chosen)
    if offered and message.intent == "deny" and message.confidence >= 0.9:
        return _problem(None)  # none of these: ask again from scratch
    picked = _among(offered, message.text) if offered else None
    if picked is not None:
        return _found(picked)
    resolution = resolve_commune(territory, message.text)
    if resolution.commune is not None:
        return _found(resolution.commune)
    return _problem(resolution.status.value, resolution.candidates)


@dataclass(frozen=True)
class Question:
    text: str
    buttons: list[dict[str, str]]


_QUESTIONS = {
    "report_form": "Dans quelle commune vit cette personne ?",
    "self_form": "Dans quelle commune habitez-vous ?",
    "activities_form": "Pour quelle commune ?",
}
POSTCODE_HINT = "Vous pouvez aussi donner le code postal."
NONE_OF_THESE = {"title": "Aucune de celles-ci", "payload": "/deny"}


def _button(commune: Commune) -> dict[str, str]:
    postcode = commune.postcodes[0] if commune.postcodes else commune.departement
    payload = '/inform{"choice":"' + CHOICE_PREFIX + commune.insee + '"}'
    return {"title": f"{commune.name} ({postcode})", "payload": payload}


def commune_question(form: str | None, slots: dict[str, Any]) -> Question:
    """The question to ask now, with the communes to choose from after an ambiguous name or
    a typo (one button each, "none of these" last)."""
    index = load_communes()
    codes = slots.get("commune_candidates") or []
    offered = [c for c in (index.by_insee(code) for code in codes) if c is not None]
    problem = slots.get("commune_problem")
    if problem == ResolutionStatus.AMBIGUOUS.value and offered:
        return Question(
            f"Plusieurs communes portent ce nom. Laquelle est-ce ? {POSTCODE_HINT}",
            [_button(c) for c in offered] + [NONE_OF_THESE],
        )
    if problem == ResolutionStatus.SUGGESTED.value and len(offered) == 1:
        suggestion = _button(offered[0])
        return Question(
            f"Je ne trouve pas exactement cette commune. Vouliez-vous dire {suggestion['title']} ?",
            [suggestion | {"title": "Oui"}, {"title": "Non", "payload": "/deny"}],
        )
    if problem == ResolutionStatus.SUGGESTED.value and offered:
        return Question(
            "Je ne trouve pas exactement cette commune. Vouliez-vous dire l'une de celles-ci ?",
            [_button(c) for c in offered] + [NONE_OF_THESE],
        )
    if problem == ResolutionStatus.NOT_FOUND.value:
        return Question(
            "Je ne trouve pas cette commune. Pouvez-vous la dire autrement, ou donner le code "
            "postal ?",
            [],
        )
    return Question(f"{_QUESTIONS.get(form or '', _QUESTIONS['report_form'])} {POSTCODE_HINT}", [])
