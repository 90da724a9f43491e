"""A follow-up rig: the scheduler's round on a fixed clock, console telephony, and the API
over ASGI receiving Twilio's signed status callbacks, as a person's phone would produce them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relais.config import Settings
from relais.followups.models import CheckinAttempt
from relais.followups.placing import Placing
from relais.followups.ticks import Pacer, Round, Scheduler
from relais.telephony.console import ConsoleTelephony, recorded
from relais.telephony.models import ConsoleRecord
from tests.phone.voice_client import Caller, Twiml


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def set(self, at: datetime) -> None:
        self.now = at

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class RoundClock:
    """The scheduler's monotonic time in the tests: pacing sleeps move it, and each round
    starts one round length after the previous one, as APScheduler starts them."""

    now: float = 1000.0
    last_round: float = 0.0

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds

    def next_round(self, length: float) -> None:
        self.now = max(self.now, self.last_round + length)
        self.last_round = self.now


@dataclass
class Rig:
    sessions: sessionmaker[Session]
    settings: Settings
    client: TestClient
    clock: Clock
    telephony: ConsoleTelephony
    rounds: dict[str, RoundClock] = field(default_factory=dict)  # each scheduler's own
    scheduler: Scheduler = field(init=False)

    def __post_init__(self) -> None:
        self.scheduler = self.make_scheduler("scheduler-a")

    def make_scheduler(self, holder: str, telephony: object | None = None) -> Scheduler:
        placing = Placing(
            telephony=telephony or self.telephony,  # type: ignore[arg-type]
            assistant=self.client.app.state.runtime.assistant,  # type: ignore[attr-defined]
            settings=self.settings,
            holder=holder,
        )
        rounds = self.rounds.setdefault(holder, RoundClock())
        pacer = Pacer(
            self.settings.calls_per_second, monotonic=rounds.monotonic, sleep=rounds.sleep
        )
        return Scheduler(self.sessions, placing, clock=self.clock, pacer=pacer)

    def tick(self, at: datetime | None = None, scheduler: Scheduler | None = None) -> Round:
        """One round of the scheduler (the rig's by default), a round length after the last."""
        if at is not None:
            self.clock.set(at)
        chosen = scheduler or self.scheduler
        self.rounds[chosen.placing.holder].next_round(self.settings.scheduler_tick_seconds)
        return chosen.tick()

    def calls(self) -> list[ConsoleRecord]:
        with self.sessions() as session:
            return recorded(session, kind="call")

    def sms(self) -> list[ConsoleRecord]:
        with self.sessions() as session:
            return recorded(session, kind="sms")

    def phone_of(self, call: ConsoleRecord) -> Caller:
        caller = Caller(self.client, self.settings, number=call.to)
        caller.call_sid = call.sid
        return caller

    def status(self, call: ConsoleRecord, status: str, **extra: str) -> None:
        """Twilio's final (or intermediate) status callback for a placed call."""
        assert call.status_callback
        fields = {"CallStatus": status, "Direction": "outbound-api"} | extra
        response = self.phone_of(call).post(call.status_callback, fields)
        assert response.status_code == 200, response.text

    def pick_up(self, call: ConsoleRecord, **extra: str) -> Twiml:
        """The person (or a machine: AnsweredBy) picks up: Twilio fetches the call's URL."""
        assert call.url
        caller = self.phone_of(call)
        return caller.dial_in(call.url, direction="outbound-api", **extra)

    def attempts(self, session: Session) -> list[CheckinAttempt]:
        session.expire_all()
        return list(session.scalars(select(CheckinAttempt).order_by(CheckinAttempt.id)))
