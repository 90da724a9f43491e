"""FastAPI dependencies, declared once as Annotated types."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from api.runtime import Runtime
from relais.config import Settings
from relais.conversation.assistant import Assistant


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    with runtime.sessions() as session:
        yield session


def get_settings(runtime: RuntimeDep) -> Settings:
    return runtime.settings


def get_assistant(runtime: RuntimeDep) -> Assistant:
    return runtime.assistant


SessionDep = Annotated[Session, Depends(get_session)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]


def get_now(request: Request) -> datetime:
    """When it is: the app's clock (the tests fix it)."""
    clock: Callable[[], datetime] = request.app.state.clock
    return clock()


NowDep = Annotated[datetime, Depends(get_now)]
