"""How to reach the person: a phone number (typed, or said in words by the voice channel), the
channel they prefer, the time of day."""

from __future__ import annotations

import re
from enum import StrEnum

from relais.language.clauses import clauses
from relais.language.numbers import NUMBER_WORDS, words_to_digits
from relais.language.phrases import has_any, longest_match, words
from relais.phone.numbers import find_in_text


class PreferredChannel(StrEnum):
    CALL = "call"
    SMS = "sms"


class TimeOfDay(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    ANY = "any"


# --- phone number ----------------------------------------------------------------------------

_NO_NUMBER = (
    "prefere pas",
    "prefere ne pas",
    "pas le donner",
    "pas envie",
    "pas de telephone",
    "pas de numero",
    "pas de portable",
    "n ai pas de",
    "non",
    "nan",
    "anonyme",
)


def phone(text: str) -> str | None:
    """The first valid phone number in the text, in E.164 ("+33612345678"): digits with spaces,
    dots or dashes, with or without +33, from overseas too, or said in words ("zéro six douze
    trente-quatre…")."""
    found = find_in_text(text)
    if found is None and any(w in NUMBER_WORDS for w in words(text).split()):
        found = find_in_text(words_to_digits(text))
    return found


def declines_phone(text: str) -> bool:
    """ "Je préfère ne pas le donner", "non", "pas de téléphone"."""
    return has_any(words(text), _NO_NUMBER)


def digits_said(text: str) -> int:
    """How many digits the answer holds, in figures or in words (an incomplete number)."""
    return sum(char.isdigit() for char in words_to_digits(text))


# --- channel ---------------------------------------------------------------------------------

_CHANNELS: tuple[tuple[PreferredChannel, tuple[str, ...]], ...] = (
    (
        PreferredChannel.SMS,
        (
            "sms",
            "texto",
            "textos",
            "message",
            "messages",
            "ecrit",
            "par ecrit",
            "ecrivez",
            "ecrire",
            "message ecrit",
            "n entends pas bien",
            "entends mal",
            "sourd",
            "sourde",
        ),
    ),
    (
        PreferredChannel.CALL,
        (
            "telephone",
            "appel",
            "appels",
            "appeler",
            "appelez",
            "appelle",
            "fixe",
            "tel",
            "oral",
            "voix",
            "vive voix",
            "coup de fil",
            "pas de portable",
            "en m appelant",
            "au bout du fil",
        ),
    ),
)
_CANNOT_READ = ("sais pas lire", "lis pas", "vois pas bien", "vois mal", "pas de portable")


def preferred_channel(text: str) -> PreferredChannel | None:
    """Call or SMS: "sur mon fixe", "écrivez-moi", "je n'ai pas de portable" (call), "je ne
    sais pas lire les SMS" (call), "je n'entends pas bien" (SMS)."""
    normalised = words(text)
    if has_any(normalised, _CANNOT_READ):
        return PreferredChannel.CALL
    found = longest_match(normalised, _CHANNELS)
    if found is not None and _negated_choice(text, found):
        return PreferredChannel.CALL if found is PreferredChannel.SMS else PreferredChannel.SMS
    return found


def _negated_choice(text: str, found: PreferredChannel) -> bool:
    """ "pas par SMS", "ne m'appelez pas": the other channel."""
    phrases = tuple(p for p in dict(_CHANNELS)[found] if " pas " not in f" {p} ")
    return any(c.negated and c.has(*phrases) and not c.has("pas de") for c in clauses(text))


# --- time of day -----------------------------------------------------------------------------

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
            "toujours la",
            "je suis toujours",
            "a tout moment",
            "n importe quand",
        ),
    ),
    (
        TimeOfDay.EVENING,
        ("soir", "soiree", "fin de journee", "fin d apres midi", "apres 17*", "apres 18*"),
    ),
    (
        TimeOfDay.AFTERNOON,
        (
            "apres midi",
            "aprem",
            "aprem*",
            "apres le repas",
            "apres manger",
            "apres la sieste",
            "sieste",
            "apres le dejeuner",
            "apres dejeuner",
            "debut d apres midi",
        ),
    ),
    (
        TimeOfDay.MORNING,
        ("matin", "matinee", "avant midi", "le matin", "de bonne heure", "tot", "avant le repas"),
    ),
)


def _by_hour(hour: int) -> TimeOfDay:
    if hour < 12:
        return TimeOfDay.MORNING
    return TimeOfDay.AFTERNOON if hour < 17 else TimeOfDay.EVENING


def time_of_day(text: str) -> TimeOfDay | None:
    """Morning, afternoon, evening or any time: "après la sieste", "vers dix heures", "pas le
    matin" (the afternoon), "le soir après 18h"."""
    normalised = words(text)
    found = longest_match(normalised, _TIMES)
    if found is not None:
        if found is TimeOfDay.MORNING and re.search(
            r" pas (?:le |du |trop )?(?:matin|tot) ", normalised
        ):
            return TimeOfDay.AFTERNOON
        return found
    hour = re.search(r" (\d{1,2}) ?(?:heures?|h)(?=\d| )", f" {words_to_digits(text)} ")
    if hour:
        return _by_hour(int(hour.group(1)))
    return None
