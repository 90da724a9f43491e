"""The FastAPI application: channels, back-office and health, over the relais core."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from functools import partial

from fastapi import FastAPI

from api import backoffice, devphone, errors, health, theme
from api.channels import webchat, webchat_page
from api.channels.twilio import sms as twilio_sms
from api.channels.twilio import voice
from api.runtime import Runtime
from relais.cases.models import Channel
from relais.config import Settings, get_settings
from relais.conversation.answering import Answerer
from relais.conversation.assistant import Assistant, rasa_assistant
from relais.db import make_engine, make_session_factory, utcnow
from relais.language.nlp import warm_up
from relais.phone import sms_replies
from relais.safety.screen import SafetyScreener
from relais.telephony.factory import make_telephony
from relais.telephony.port import Telephony


def create_app(
    settings: Settings | None = None,
    assistant: Assistant | None = None,
    telephony: Telephony | None = None,
    clock: Callable[[], datetime] | None = None,
) -> FastAPI:
    settings = settings or get_settings()
    engine = make_engine(settings.database_url)
    sessions = make_session_factory(engine)
    telephony = telephony or make_telephony(settings, sessions)
    assistant = assistant or rasa_assistant(settings)
    answerer = Answerer(
        sessions,
        assistant,
        SafetyScreener(),
        stale_after=timedelta(seconds=settings.inbox_stale_processing_seconds),
        late={
            Channel.SMS: partial(sms_replies.deliver_late, telephony=telephony, settings=settings)
        },
    )
    runtime = Runtime(settings, engine, sessions, telephony, assistant, answerer)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The safety net parses messages with spaCy: loaded before the first one arrives.
        await asyncio.to_thread(warm_up)
        runtime.start()
        yield
        runtime.stop()
        engine.dispose()

    app = FastAPI(title="Relais", version="0.1.0", lifespan=lifespan)
    app.state.runtime = runtime
    app.state.clock = clock or utcnow  # when it is (opening hours); tests fix it
    app.state.theme = settings.theme
    errors.install(app)
    app.include_router(health.router)
    app.include_router(theme.router)
    app.include_router(webchat.router)
    app.include_router(webchat_page.router)
    app.include_router(twilio_sms.router)
    app.include_router(voice.router)
    backoffice.install(app)
    devphone.install(app, settings)
    return app


def app() -> FastAPI:
    """Factory for `uvicorn --factory api.main:app`."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    return create_app()
