"""Reading TwiML as Twilio would: the verbs of a `<Response>`, in order.

Simulator logic only (what a phone would say and wait for); Relais itself never reads TwiML.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

MAX_PAUSE_SECONDS = 3


class TwimlError(ValueError):
    """The answer is not TwiML the simulator can read."""


@dataclass(frozen=True)
class Say:
    text: str


@dataclass(frozen=True)
class Play:
    url: str


@dataclass(frozen=True)
class Pause:
    seconds: int


@dataclass(frozen=True)
class Message:
    text: str


@dataclass(frozen=True)
class Gather:
    action: str | None
    method: str
    inputs: frozenset[str]  # "dtmf", "speech"
    num_digits: int | None
    finish_on_key: str
    action_on_empty_result: bool
    prompts: tuple[Say | Play | Pause, ...] = ()
    hints: str = ""


@dataclass(frozen=True)
class Redirect:
    url: str
    method: str


@dataclass(frozen=True)
class Dial:
    number: str
    action: str | None
    method: str
    timeout_seconds: int


@dataclass(frozen=True)
class Record:
    action: str | None
    method: str
    max_length_seconds: int
    finish_on_key: str


@dataclass(frozen=True)
class Hangup:
    pass


@dataclass(frozen=True)
class Unknown:
    name: str


Verb = Say | Play | Pause | Message | Gather | Redirect | Dial | Record | Hangup | Unknown


@dataclass
class Document:
    verbs: list[Verb] = field(default_factory=list)


def _method(element: ET.Element) -> str:
    return (element.get("method") or "POST").upper()


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _text(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def _say_like(element: ET.Element) -> Say | Play | Pause | None:
    if element.tag == "Say":
        return Say(_text(element))
    if element.tag == "Play":
        return Play(_text(element))
    if element.tag == "Pause":
        return Pause(_int(element.get("length"), 1))
    return None


def _gather(element: ET.Element) -> Gather:
    prompts = tuple(p for child in element if (p := _say_like(child)) is not None)
    inputs = frozenset((element.get("input") or "dtmf").split())
    digits = element.get("numDigits")
    return Gather(
        action=element.get("action"),
        method=_method(element),
        inputs=inputs,
        num_digits=_int(digits, 0) or None,
        finish_on_key=element.get("finishOnKey", "#"),
        action_on_empty_result=element.get("actionOnEmptyResult", "false").lower() == "true",
        prompts=prompts,
        hints=element.get("hints", ""),
    )


def _dial(element: ET.Element) -> Dial:
    number = next((_text(c) for c in element if c.tag in ("Number", "Sip", "Client")), None)
    return Dial(
        number=number or _text(element),
        action=element.get("action"),
        method=_method(element),
        timeout_seconds=_int(element.get("timeout"), 30),
    )


def _message(element: ET.Element) -> Message:
    body = element.find("Body")
    return Message(_text(body if body is not None else element))


def _verb(element: ET.Element) -> Verb:
    simple = _say_like(element)
    if simple is not None:
        return simple
    if element.tag == "Gather":
        return _gather(element)
    if element.tag == "Redirect":
        return Redirect(_text(element), _method(element))
    if element.tag == "Dial":
        return _dial(element)
    if element.tag == "Record":
        return Record(
            action=element.get("action"),
            method=_method(element),
            max_length_seconds=_int(element.get("maxLength"), 3600),
            finish_on_key=element.get("finishOnKey", "1234567890*#"),
        )
    if element.tag in ("Hangup", "Reject"):
        return Hangup()
    if element.tag == "Message":
        return _message(element)
    return Unknown(element.tag)


def parse(xml: str) -> Document:
    """The verbs of a TwiML document; an empty body or `<Response/>` has none."""
    if not xml.strip():
        return Document()
    try:
        root = ET.fromstring(xml)  # noqa: S314 - TwiML from our own API
    except ET.ParseError as error:
        raise TwimlError(f"TwiML illisible : {error}") from error
    if root.tag != "Response":
        raise TwimlError(f"TwiML inattendu : <{root.tag}> au lieu de <Response>")
    return Document([_verb(child) for child in root])
