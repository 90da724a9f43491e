"""What the bench scripts share: the report they play and waiting for a process to answer.

Imported as `shared` (the scripts run as `.venv/bin/python bench/<script>.py`, so `bench/` is
on the path).
"""

from __future__ import annotations

import time

import httpx

# The report of tests/integration (a neighbour, Guéret, no danger, the reporter's number).
REPORT = [
    "ma voisine de 88 ans ne sort plus",
    "Guéret",
    "non",
    "elle ne fait plus ses courses et ne voit plus personne",
    "non",
    "oui",
    "06 12 34 56 78",
    "oui",
]


def wait_until_up(url: str, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} did not come up")
