"""Whether a message said inside a form is an answer or something else: a request that works
from anywhere (a human, the activities near me, "merci"), a wish to stop (opt-out, erasure,
goodbye: confirmed first, so that nothing said so far is lost by a misunderstanding), or a
danger the safety net did not catch.
"""

from __future__ import annotations

from enum import StrEnum

from relais.answers.text import word_count

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


class Interruption(StrEnum):
    NONE = "none"  # an answer to the question
    ANSWER_ELSEWHERE = "answer_elsewhere"  # the form steps aside; a rule answers
    CONFIRM_STOP = "confirm_stop"  # ask "do you really want to stop?" before anything
    GREETING = "greeting"  # "bonjour" in the middle: say hello and ask again


def interruption(
    intent: str | None, confidence: float, text: str, *, understood: bool, free_text: bool
) -> Interruption:
    """How a form treats a message. `understood`: the message reads as a valid answer to the
    question (always False for free text, where anything is an answer)."""
    if intent is None:
        return Interruption.NONE
    if intent.startswith(EXTERNAL_PREFIX):
        return Interruption.ANSWER_ELSEWHERE
    if understood:
        return Interruption.NONE
    if intent == "emergency" and confidence >= MIN_CONFIDENCE:
        return Interruption.ANSWER_ELSEWHERE  # safety first, even inside a description
    if intent == "greet" and word_count(text) <= GREETING_MAX_WORDS:
        return Interruption.GREETING
    if intent not in ANSWERED_ANYWHERE | STOPPING:
        return Interruption.NONE
    if free_text and (
        confidence < FREE_TEXT_MIN_CONFIDENCE or word_count(text) > FREE_TEXT_MAX_WORDS
    ):
        return Interruption.NONE
    if confidence < MIN_CONFIDENCE:
        return Interruption.NONE
    return Interruption.CONFIRM_STOP if intent in STOPPING else Interruption.ANSWER_ELSEWHERE
