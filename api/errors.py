"""Every error a client sees is a clear French sentence under "detail"."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

FIELD_NAMES = {"text": "le texte du message"}


def _describe(error: dict[str, Any]) -> str:
    location = [str(part) for part in error.get("loc", ()) if part != "body"]
    field = FIELD_NAMES.get(location[-1], location[-1]) if location else "la requête"
    kind = str(error.get("type", ""))
    if kind == "missing":
        return f"Champ manquant : {field}."
    if kind.startswith("string"):
        return f"Valeur invalide pour {field} : un texte est attendu."
    if kind == "extra_forbidden":
        return f"Champ inconnu : {field}."
    return f"Valeur invalide pour {field}."


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse({"detail": "Le corps de la requête n'est pas un JSON valide."}, 400)
    if any(e.get("type") == "model_attributes_type" for e in errors) or not errors:
        return JSONResponse({"detail": "Le corps de la requête doit être un objet JSON."}, 422)
    return JSONResponse({"detail": " ".join(_describe(e) for e in errors)}, 422)


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
