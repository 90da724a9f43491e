"""One turn of a form: read the answer to the question asked (and what else it says), or step
aside for a request, or confirm a wish to stop; then choose the next question.

No question loops. An answer that cannot be read gets the question once more, rephrased with
its choices spelled out (`rephrase`); a second one is kept as said, the item is recorded as not
determined, and the conversation moves on. No question is asked more than MAX_ASKS times in a
flow, whatever happens in between (requests answered by rules, greetings).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from relais.answers.interrupt import Interruption, interruption
from relais.flows.anywhere import callback_number_given
from relais.flows.common import CALLBACK_QUESTION, REQUESTED, STOP_QUESTION, next_question
from relais.flows.commune import read_commune
from relais.flows.forms import Form
from relais.flows.readers import QUESTIONS, Message, Reading
from relais.flows.turn import Turn, Where, responses
from relais.safety.context import told_as_over
from relais.territory.models import Territory

MAX_ASKS = 3
MAX_MISSES = 2  # the second answer that cannot be read is kept as said
ASKED = "asked_times"  # how many times each question was asked in this flow
SAID = "answers_said"  # the words of each answer, kept beside the reading
REPHRASE = "rephrase"  # the next question is asked again, rephrased
MISSES = "misunderstood"


def form_turn(
    session: Session,
    territory: Territory,
    form: Form,
    slots: Mapping[str, Any],
    message: Message,
    where: Where,
    *,
    answering: bool,
) -> Turn:
    """The turn of `form` after `message`. `answering`: the message answers the question asked
    (False when the form resumes after a rule answered something in between)."""
    asked = slots.get(REQUESTED)
    if asked is None:
        # A story told before the flow was chosen ("elle est tombée l'an dernier…", then "pour
        # une autre personne") opens it, rather than the button's payload.
        text = message.text if message.typed else str(slots.get("pending_story") or "")
        turn = Turn(form.opening(territory, text) if text else {})
    elif answering:
        turn = _answer(session, territory, form, dict(slots), str(asked), message, where)
        if turn.step_aside:
            return turn
    else:
        turn = Turn()
    return turn.then(_ask_next(form, {**slots, **turn.slots}, asked, where))


def _ask_next(form: Form, slots: dict[str, Any], asked: Any, where: Where) -> Turn:
    """The next question, counted; a question asked MAX_ASKS times already is set aside as not
    determined."""
    times: dict[str, int] = dict(slots.get(ASKED) or {})
    updates: dict[str, Any] = {}
    while True:
        following = next_question({**slots, **updates}, form.questions({**slots, **updates}, where))
        if following is None or times.get(following, 0) < MAX_ASKS:
            break
        updates |= undetermined(following, "")
    if following is not None:
        times[following] = times.get(following, 0) + 1
    again = following is not None and following == asked and int(slots.get(MISSES) or 0) > 0
    return Turn(updates | {REQUESTED: following, ASKED: times, REPHRASE: again})


def _answer(
    session: Session,
    territory: Territory,
    form: Form,
    slots: dict[str, Any],
    asked: str,
    message: Message,
    where: Where,
) -> Turn:
    reading = _read(territory, asked, message, slots)
    decision = _decision(form, asked, message, reading)
    if decision is Interruption.ANSWER_ELSEWHERE:
        return Turn({asked: None}, step_aside=True)
    if decision is Interruption.CONFIRM_STOP:
        return Turn({asked: None, "pending_stop": message.intent, STOP_QUESTION: None})
    if decision is Interruption.GREETING:
        return Turn({asked: None}, responses("utter_greet_again"))
    spoken = responses(*reading.say)
    if not reading.understood:
        turn = Turn(reading.extra, spoken).then(_not_understood(asked, message, slots))
        if turn.slots.get(asked) is None:
            return turn  # asked again, rephrased
        return turn.then(_after(session, territory, form, asked, {**slots, **turn.slots}, where))
    updates = {asked: reading.value, MISSES: 0} | reading.extra | _said(slots, asked, message)
    if message.typed:
        extracted = form.extract(territory, message.text)
        updates |= {k: v for k, v in extracted.items() if slots.get(k) is None}
    turn = Turn(updates, spoken)
    return turn.then(_after(session, territory, form, asked, {**slots, **updates}, where))


def _read(territory: Territory, asked: str, message: Message, slots: Mapping[str, Any]) -> Reading:
    if asked == STOP_QUESTION and message.intent == slots.get("pending_stop"):
        return Reading(True)  # "STOP" again: that is a yes
    if asked == "commune":
        candidates = list(slots.get("commune_candidates") or [])
        return read_commune(territory, message, candidates)
    return QUESTIONS[asked].read(message)


def _decision(form: Form, asked: str, message: Message, reading: Reading) -> Interruption:
    free_text = asked in QUESTIONS and QUESTIONS[asked].free_text
    decision = interruption(
        message.intent,
        message.confidence,
        message.text,
        understood=reading.understood and reading.recognised and not free_text,
        free_text=free_text,
        past_event=message.intent == "emergency" and told_as_over(message.text),
    )
    if asked == STOP_QUESTION and decision is Interruption.CONFIRM_STOP:
        return Interruption.NONE
    if asked in form.danger_asked_next and message.intent == "emergency":
        return Interruption.NONE
    return decision


def _not_understood(asked: str, message: Message, slots: Mapping[str, Any]) -> Turn:
    """Rephrase once; the second time, keep the words as said and move on."""
    misses = int(slots.get(MISSES) or 0) + 1
    times = int((slots.get(ASKED) or {}).get(asked, 0))
    if misses < MAX_MISSES and times < MAX_ASKS:
        return Turn({asked: None, MISSES: misses})
    kept = undetermined(asked, message.text if message.typed else "")
    return Turn(kept | {MISSES: 0} | _said(slots, asked, message), responses("utter_kept_as_said"))


def undetermined(question: str, text: str) -> dict[str, Any]:
    """The slots set when the answer to `question` cannot be read: its value for "not
    determined" (or the words themselves, for a commune)."""
    if question == "commune":
        extra: dict[str, Any] = {
            "commune_insee": None,
            "commune_candidates": [],
            "commune_problem": None,
        }
        return {"commune": text.strip(), **extra}
    return {question: QUESTIONS[question].undetermined}


def _said(slots: Mapping[str, Any], asked: str, message: Message) -> dict[str, Any]:
    if not message.typed:
        return {}
    return {SAID: dict(slots.get(SAID) or {}) | {asked: message.text.strip()}}


def _after(
    session: Session,
    territory: Territory,
    form: Form,
    asked: str,
    slots: dict[str, Any],
    where: Where,
) -> Turn:
    if asked == STOP_QUESTION and slots[STOP_QUESTION] is False:
        return Turn({STOP_QUESTION: None, "pending_stop": None}, responses("utter_lets_continue"))
    if asked == CALLBACK_QUESTION:
        return callback_number_given(session, territory, slots, where)
    return form.after_answer(session, territory, asked, slots, where)
