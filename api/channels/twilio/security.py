"""The signature check every Twilio webhook goes through: a forged request gets a 403."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from api.deps import SettingsDep
from relais.phone import signature

log = logging.getLogger(__name__)

FORGED = "Signature Twilio absente ou invalide."


async def signed_form(request: Request, settings: SettingsDep) -> dict[str, str]:
    """The webhook's form fields, once Twilio's signature over them has been checked."""
    form = await request.form()
    params = {key: str(value) for key, value in form.multi_items()}
    url = signature.public_url(settings, request.url.path, request.url.query)
    if not signature.is_valid(settings, url, params, request.headers.get("X-Twilio-Signature", "")):
        log.warning("twilio webhook refused: bad signature on %s", request.url.path)
        raise HTTPException(status.HTTP_403_FORBIDDEN, FORGED)
    return params


SignedForm = Annotated[dict[str, str], Depends(signed_form)]
