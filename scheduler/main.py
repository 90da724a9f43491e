"""`relais scheduler run`: APScheduler running the follow-up round (relais.followups.ticks)
every `scheduler_tick_seconds`. Nothing is kept in APScheduler's job store: the database is
the source of truth, so a restart loses nothing and a second process only stands by."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
from types import FrameType

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.interval import IntervalTrigger

from relais.config import Settings
from relais.conversation.assistant import rasa_assistant
from relais.db import make_engine, make_session_factory
from relais.followups.placing import Placing
from relais.followups.ticks import Scheduler
from relais.telephony.factory import make_telephony

log = logging.getLogger("relais.scheduler")


def holder_name() -> str:
    """Who holds the lease: the host, the process and a random part (a restarted process with
    the same pid is another holder)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{secrets.token_hex(4)}"


def build(settings: Settings) -> Scheduler:
    sessions = make_session_factory(make_engine(settings.database_url))
    placing = Placing(
        telephony=make_telephony(settings, sessions),
        assistant=rasa_assistant(settings),
        settings=settings,
        holder=holder_name(),
    )
    return Scheduler(sessions, placing)


def _round(scheduler: Scheduler) -> None:
    try:
        done = scheduler.tick()
    except Exception:
        log.exception("scheduler round failed; the next one carries on")
        return
    if done.placed or done.recovered:
        log.info(
            "round: placed=%d recovered=%d seconds=%.2f", done.placed, done.recovered, done.seconds
        )


def run(settings: Settings) -> None:
    # APScheduler logs each run of the one-second round at INFO: only its warnings are kept.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    scheduler = build(settings)
    blocking = BlockingScheduler(timezone="UTC")
    blocking.add_job(
        _round,
        IntervalTrigger(seconds=settings.scheduler_tick_seconds),
        args=[scheduler],
        id="followups",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        log.info("scheduler stopping (signal %d)", signum)
        blocking.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("scheduler %s started", scheduler.placing.holder)
    try:
        blocking.start()
    finally:
        scheduler.stop()
        log.info("scheduler %s stopped", scheduler.placing.holder)
