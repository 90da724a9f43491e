"""The simulated phone: SMS threads and calls per number, played against Relais's webhooks.

State lives in memory (the simulator is a development tool, one API process): what was said
on each number's thread and call, and the messages "left" on voicemail recordings.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

from api.devphone import twiml
from api.devphone.relay import API_VERSION, Relay, RelayError, account_sid, sid
from relais.phone import routes

SMS_PATH = routes.SMS
VOICE_PATH = routes.VOICE
VOICE_STATUS_PATH = routes.VOICE_STATUS
RECORDINGS_PATH = "/dev/phone/enregistrements"
MAX_REDIRECTS = 20  # Redirects in a row without the caller doing anything
WORDS_PER_SECOND = 2.5


@dataclass(frozen=True)
class Line:
    who: str  # you, relais, step, error
    text: str


@dataclass(frozen=True)
class Fetch:
    url: str
    method: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class Waiting:
    """What the call waits for: keys or speech (Gather), a message (Record), a transfer (Dial);
    `rest` are the verbs after it, played when the wait ends without a callback."""

    verb: twiml.Gather | twiml.Record | twiml.Dial
    document_url: str
    rest: list[twiml.Verb]

    @property
    def kind(self) -> str:
        return type(self.verb).__name__.lower()


@dataclass
class Call:
    sid: str
    caller: str
    callee: str
    direction: str = "inbound"  # or outbound-api: a call Relais placed, answered here
    status_callback: str | None = None
    started: float = field(default_factory=time.monotonic)
    lines: list[Line] = field(default_factory=list)
    waiting: Waiting | None = None
    ended: bool = False
    status_sent: bool = False
    answered_by: str | None = None  # "machine_end_beep": a voicemail took the call

    def duration(self) -> str:
        return str(max(1, round(time.monotonic() - self.started)))


@dataclass
class SmsThread:
    lines: list[Line] = field(default_factory=list)
    last_webhook: dict[str, str] | None = None


@dataclass
class Simulator:
    threads: dict[str, SmsThread] = field(default_factory=dict)
    calls: dict[str, Call] = field(default_factory=dict)  # the latest call of each number
    recordings: dict[str, str] = field(default_factory=dict)  # RecordingSid → message typed

    def thread(self, number: str) -> SmsThread:
        return self.threads.setdefault(number, SmsThread())


# --- SMS ---------------------------------------------------------------------------------


def _sms_params(relay: Relay, sender: str, body: str) -> dict[str, str]:
    message_sid = sid("SM")
    return {
        "MessageSid": message_sid,
        "SmsSid": message_sid,
        "SmsMessageSid": message_sid,
        "AccountSid": account_sid(relay.settings),
        "From": sender,
        "To": relay.settings.telephony_from_number,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": API_VERSION,
    }


async def _post_sms(relay: Relay, thread: SmsThread, params: dict[str, str]) -> None:
    try:
        answer = twiml.parse(await relay.send(relay.public(SMS_PATH), params))
    except (RelayError, twiml.TwimlError) as error:
        thread.lines.append(Line("error", str(error)))
        return
    replies = [verb.text for verb in answer.verbs if isinstance(verb, twiml.Message)]
    thread.lines.extend(Line("relais", text) for text in replies)
    if not replies:
        thread.lines.append(
            Line(
                "step",
                "Pas de réponse immédiate : un SMS envoyé plus tard apparaîtra "
                "dans les envois de Relais.",
            )
        )


async def send_sms(sim: Simulator, relay: Relay, sender: str, body: str) -> None:
    thread = sim.thread(sender)
    thread.lines.append(Line("you", body))
    thread.last_webhook = _sms_params(relay, sender, body)
    await _post_sms(relay, thread, thread.last_webhook)


async def resend_last_sms(sim: Simulator, relay: Relay, sender: str) -> None:
    """Twilio retries a webhook with the same MessageSid: Relais must not answer it twice."""
    thread = sim.thread(sender)
    if thread.last_webhook is None:
        thread.lines.append(Line("error", "Aucun SMS à renvoyer."))
        return
    thread.lines.append(
        Line("step", "Même webhook renvoyé (même MessageSid), comme un nouvel essai de Twilio.")
    )
    await _post_sms(relay, thread, thread.last_webhook)


# --- calls -------------------------------------------------------------------------------


def _call_params(relay: Relay, call: Call, status: str) -> dict[str, str]:
    return {
        "CallSid": call.sid,
        "AccountSid": account_sid(relay.settings),
        "From": call.caller,
        "To": call.callee,
        "Caller": call.caller,
        "Called": call.callee,
        "CallStatus": status,
        "Direction": call.direction,
        "ApiVersion": API_VERSION,
    } | ({"AnsweredBy": call.answered_by} if call.answered_by else {})


def _say(call: Call, verb: twiml.Say | twiml.Play | twiml.Pause) -> None:
    match verb:
        case twiml.Say(text=text):
            call.lines.append(Line("relais", text))
        case twiml.Play(url=sound):
            call.lines.append(Line("step", f"Son joué : {sound}"))
        case twiml.Pause(seconds=seconds):
            call.lines.append(Line("step", f"Pause de {seconds} s"))


def _play(call: Call, url: str, verbs: list[twiml.Verb]) -> Fetch | None:
    """Plays verbs until the call waits, is redirected or ends (Twilio hangs up at the end)."""
    for index, verb in enumerate(verbs):
        match verb:
            case twiml.Say() | twiml.Play() | twiml.Pause():
                _say(call, verb)
            case twiml.Gather() | twiml.Record() | twiml.Dial():
                _wait(call, verb, url, verbs[index + 1 :])
                return None
            case twiml.Redirect(url=target, method=method):
                return Fetch(call_url(url, target), method)
            case twiml.Hangup():
                break
            case twiml.Message(text=text):
                call.lines.append(Line("step", f"SMS envoyé pendant l'appel : {text}"))
            case twiml.Unknown(name=name):
                call.lines.append(Line("error", f"Verbe TwiML inconnu du simulateur : <{name}>"))
    call.ended = True
    call.waiting = None
    return None


def call_url(current: str, target: str | None) -> str:
    """A TwiML URL (absolute or relative) against the document that held it."""
    return urljoin(current, target) if target else current


def _wait(
    call: Call, verb: twiml.Gather | twiml.Record | twiml.Dial, url: str, rest: list[twiml.Verb]
) -> None:
    if isinstance(verb, twiml.Gather):
        for prompt in verb.prompts:
            _say(call, prompt)
    elif isinstance(verb, twiml.Record):
        call.lines.append(Line("step", "Enregistrement d'un message après le bip"))
    else:
        call.lines.append(Line("step", f"Transfert de l'appel vers {verb.number}"))
    call.waiting = Waiting(verb, url, rest)


async def _run(relay: Relay, call: Call, fetch: Fetch | None) -> None:
    """Fetches TwiML and plays it, following Redirects, until the call waits or ends."""
    hops = 0
    while fetch is not None and not call.ended:
        hops += 1
        if hops > MAX_REDIRECTS:
            call.lines.append(Line("error", f"Plus de {MAX_REDIRECTS} redirections de suite."))
            break
        params = _call_params(relay, call, "in-progress") | fetch.params
        if hops == 1 and fetch.url == relay.public(VOICE_PATH):
            params["CallStatus"] = "ringing"
        try:
            document = twiml.parse(await relay.send(fetch.url, params, fetch.method))
        except (RelayError, twiml.TwimlError) as error:
            call.lines.append(Line("error", str(error)))
            break
        fetch = _play(call, fetch.url, document.verbs)
    if call.ended or call.waiting is None:
        await _finish(relay, call)


async def _finish(relay: Relay, call: Call) -> None:
    """The call is over: Twilio posts the final status to the number's status callback."""
    if call.status_sent:
        return
    call.status_sent = True
    call.ended = True
    call.waiting = None
    call.lines.append(Line("step", "Appel terminé"))
    params = _call_params(relay, call, "completed") | {"CallDuration": call.duration()}
    try:
        await relay.send(call.status_callback or relay.public(VOICE_STATUS_PATH), params)
    except RelayError as error:
        call.lines.append(Line("error", f"Statut de fin d'appel : {error}"))


async def place_call(sim: Simulator, relay: Relay, caller: str) -> Call:
    call = Call(sid=sid("CA"), caller=caller, callee=relay.settings.telephony_from_number)
    sim.calls[caller] = call
    call.lines.append(Line("step", "Appel vers Relais…"))
    await _run(relay, call, Fetch(relay.public(VOICE_PATH), "POST"))
    return call


def _placed(
    sim: Simulator, relay: Relay, sid: str, person: str, status_callback: str | None
) -> Call:
    call = Call(
        sid=sid,
        caller=relay.settings.telephony_from_number,
        callee=person,
        direction="outbound-api",
        status_callback=status_callback,
    )
    sim.calls[person] = call
    return call


async def answer_outbound(
    sim: Simulator, relay: Relay, sid: str, person: str, url: str, status_callback: str | None
) -> Call:
    """The person picks up a call that Relais placed (a check-in): Twilio fetches its URL."""
    call = _placed(sim, relay, sid, person, status_callback)
    call.lines.append(Line("step", "Relais vous appelle : vous décrochez."))
    await _run(relay, call, Fetch(url, "POST"))
    return call


async def voicemail(
    sim: Simulator, relay: Relay, sid: str, person: str, url: str, status_callback: str | None
) -> Call:
    """The person's answering machine takes the call: Twilio tells Relais (AnsweredBy), which
    leaves its short message."""
    call = _placed(sim, relay, sid, person, status_callback)
    call.answered_by = "machine_end_beep"
    call.lines.append(Line("step", "Relais vous appelle : votre répondeur décroche."))
    await _run(relay, call, Fetch(url, "POST"))
    return call


UNANSWERED = {
    "no-answer": "Relais vous appelle : vous laissez sonner, personne ne décroche.",
    "busy": "Relais vous appelle : la ligne est occupée.",
}


async def unanswered(
    sim: Simulator, relay: Relay, sid: str, person: str, status_callback: str | None, status: str
) -> Call:
    """A call Relais placed that nobody picks up (it rings out) or that finds the line busy:
    Twilio only posts the final status."""
    call = _placed(sim, relay, sid, person, status_callback)
    call.lines.append(Line("step", UNANSWERED[status]))
    call.status_sent = call.ended = True
    params = _call_params(relay, call, status) | {"CallDuration": "0"}
    try:
        await relay.send(status_callback or relay.public(VOICE_STATUS_PATH), params)
    except RelayError as error:
        call.lines.append(Line("error", f"Statut de l'appel : {error}"))
    return call


def _continue(call: Call, waiting: Waiting) -> Fetch | None:
    call.waiting = None
    return _play(call, waiting.document_url, waiting.rest)


async def answer(call: Call, relay: Relay, digits: str = "", speech: str = "") -> None:
    """The caller presses keys or speaks (or says nothing) while Relais gathers."""
    waiting = call.waiting
    if call.ended or waiting is None or not isinstance(waiting.verb, twiml.Gather):
        return
    gather = waiting.verb
    params: dict[str, str] = {}
    if digits:
        call.lines.append(Line("you", f"Touches : {digits}"))
        params = {"Digits": digits}
    elif speech:
        call.lines.append(Line("you", speech))
        params = {"SpeechResult": speech, "Confidence": "0.9"}
    else:
        call.lines.append(Line("you", "(silence)"))
        if not gather.action_on_empty_result:
            await _run(relay, call, _continue(call, waiting))
            return
    call.waiting = None
    await _run(
        relay, call, Fetch(call_url(waiting.document_url, gather.action), gather.method, params)
    )


async def leave_message(sim: Simulator, call: Call, relay: Relay, message: str) -> None:
    """The caller leaves a message after the beep: Relais gets the recording's URL."""
    waiting = call.waiting
    if call.ended or waiting is None or not isinstance(waiting.verb, twiml.Record):
        return
    recording = sid("RE")
    sim.recordings[recording] = message
    call.lines.append(Line("you", f"Message laissé : {message}"))
    seconds = max(1, round(len(message.split()) / WORDS_PER_SECOND))
    params = {
        "RecordingUrl": relay.public(f"{RECORDINGS_PATH}/{recording}"),
        "RecordingSid": recording,
        "RecordingDuration": str(min(seconds, waiting.verb.max_length_seconds)),
        "Digits": "hangup",
    }
    call.waiting = None
    target = call_url(waiting.document_url, waiting.verb.action)
    await _run(relay, call, Fetch(target, waiting.verb.method, params))


DIAL_OUTCOMES = {
    "completed": "Le correspondant a décroché puis raccroché",
    "no-answer": "Personne n'a répondu",
    "busy": "La ligne était occupée",
}


async def end_dial(call: Call, relay: Relay, outcome: str) -> None:
    """The transfer ends: answered, unanswered or busy (DialCallStatus)."""
    waiting = call.waiting
    if call.ended or waiting is None or not isinstance(waiting.verb, twiml.Dial):
        return
    if outcome not in DIAL_OUTCOMES:
        return
    call.lines.append(Line("step", DIAL_OUTCOMES[outcome]))
    dial = waiting.verb
    if dial.action is None:
        await _run(relay, call, _continue(call, waiting))
        return
    params = {"DialCallStatus": outcome, "DialCallSid": sid("CA")}
    params["DialCallDuration"] = "42" if outcome == "completed" else "0"
    call.waiting = None
    await _run(relay, call, Fetch(call_url(waiting.document_url, dial.action), dial.method, params))


async def hang_up(call: Call, relay: Relay) -> None:
    if not call.ended:
        call.lines.append(Line("you", "(vous raccrochez)"))
        await _finish(relay, call)
