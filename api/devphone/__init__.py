"""The phone simulator at `/dev/phone`: text and call Relais as Twilio would, without Twilio;
and `/dev/site`, a mock département site with the web chat widget on it.

Mounted only when `settings.simulator_enabled` (console telephony, not in production); the
paths do not exist otherwise (404).
"""

from __future__ import annotations

from fastapi import FastAPI

from api.devphone import pages, site
from api.devphone.phone import Simulator
from relais.config import Settings


def install(app: FastAPI, settings: Settings) -> None:
    if not settings.simulator_enabled:
        return
    app.state.phone_simulator = Simulator()
    app.include_router(pages.router)
    app.include_router(site.router)
