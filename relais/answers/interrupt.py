"""Whether a message said inside a form is an answer or something else: a request that works
from anywhere (a human, the activities near me, "merci"), a wish to stop (opt-out, erasure,
goodbye: confirmed first, so that nothing said so far is lost by a misunderstanding), or a
danger the safety net did not catch.

A request for a person is only a request for a person: "je suis assistante sociale au service
social de l'hôpital" names a profession and a service, it answers "qui êtes-vous ?". The NLU's
intent is only taken for a request when the words ask for something.
"""

from __future__ import annotations

from enum import StrEnum

from relais.language.phrases import has_any, word_count, words

# Answered by the assistant's rules, then the form asks its question again.
ANSWERED_ANYWHERE = frozenset(
    {"request_human", "request_callback", "ask_activities", "thank", "emergency"}
)
# Would end the form: the form first asks whether the person really wants to stop.
STOPPING = frozenset({"opt_out", "erase_data", "goodbye"})
EXTERNAL_PREFIX = "EXTERNAL_"

MIN_CONFIDENCE = 0.6
# A free-text answer (what was observed, an address) is only taken for a request when it is
# short and the NLU is sure: "elle a besoin de voir quelqu'un" describes, it does not ask.
FREE_TEXT_MIN_CONFIDENCE = 0.85
FREE_TEXT_MAX_WORDS = 8
GREETING_MAX_WORDS = 3
SHORT_REQUEST_WORDS = 4  # "un humain svp", "quelqu'un de vrai"

# Words that ask: for a person, a callback, information.
_ASKING = (
    "je veux",
    "je voudrais",
    "je souhaite",
    "je souhaiterais",
    "j aimerais",
    "je peux",
    "puis je",
    "pourrais je",
    "est ce que",
    "pouvez vous",
    "vous pouvez",
    "pourriez vous",
    "passez moi",
    "passez",
    "rappelez",
    "rappeler",
    "appelez moi",
    "mettez moi",
    "donnez moi",
    "je demande",
    "je prefere parler",
    "parler a",
    "parler avec",
    "un humain",
    "une vraie personne",
    "quelqu un de vrai",
    "un vrai",
    "une vraie",
    "un conseiller",
    "une conseillere",
    "un operateur",
    "une operatrice",
    "un agent",
    "il y a",
    "y a t il",
    "existe",
    "svp",
    "s il vous plait",
    "besoin de parler",
)


class Interruption(StrEnum):
    NONE = "none"  # an answer to the question
    ANSWER_ELSEWHERE = "answer_elsewhere"  # the form steps aside; a rule answers
    CONFIRM_STOP = "confirm_stop"  # ask "do you really want to stop?" before anything
    GREETING = "greeting"  # "bonjour" in the middle: say hello and ask again


def asks(text: str) -> bool:
    """Whether the words ask for something ("je veux parler à quelqu'un", "rappelez-moi",
    "il y a un club ?"), or are so short that they can only be a request ("un humain")."""
    return has_any(words(text), _ASKING) or "?" in text or word_count(text) <= SHORT_REQUEST_WORDS


def interruption(
    intent: str | None,
    confidence: float,
    text: str,
    *,
    understood: bool,
    free_text: bool,
    past_event: bool = False,
) -> Interruption:
    """How a form treats a message. `understood`: the message reads as a valid answer to the
    question (always False for free text, where anything is an answer). `past_event`: the
    message tells of a danger that is over (relais.safety.context), which no longer
    interrupts."""
    if intent is None:
        return Interruption.NONE
    if intent.startswith(EXTERNAL_PREFIX):
        return Interruption.ANSWER_ELSEWHERE
    if understood:
        return Interruption.NONE
    if intent == "emergency" and confidence >= MIN_CONFIDENCE and not past_event:
        return Interruption.ANSWER_ELSEWHERE  # safety first, even inside a description
    if intent == "greet" and word_count(text) <= GREETING_MAX_WORDS:
        return Interruption.GREETING
    if intent not in (ANSWERED_ANYWHERE - {"emergency"}) | STOPPING:
        return Interruption.NONE
    if free_text and (
        confidence < FREE_TEXT_MIN_CONFIDENCE or word_count(text) > FREE_TEXT_MAX_WORDS
    ):
        return Interruption.NONE
    if confidence < MIN_CONFIDENCE:
        return Interruption.NONE
    if intent in STOPPING:
        return Interruption.CONFIRM_STOP
    if intent in {"request_human", "request_callback", "ask_activities"} and not asks(text):
        return Interruption.NONE
    return Interruption.ANSWER_ELSEWHERE
