"""GET /healthz: the database, Rasa and the action server, each "ok" or "down"."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.deps import RuntimeDep

router = APIRouter(tags=["health"])


def _database_ok(runtime: RuntimeDep) -> bool:
    try:
        with runtime.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


@router.get("/healthz")
def healthz(runtime: RuntimeDep) -> JSONResponse:
    parts = {"database": _database_ok(runtime), **runtime.assistant.health()}
    healthy = all(parts.values())
    body = {"status": "ok" if healthy else "degraded"}
    body |= {name: "ok" if up else "down" for name, up in parts.items()}
    return JSONResponse(body, status_code=200 if healthy else 503)
