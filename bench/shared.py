"""What the bench scripts share: the report they play and waiting for a process to answer.

Imported as `shared` (the scripts run as `.venv/bin/python bench/<script>.py`, so `bench/` is
on the path).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Mapping
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

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


def model_path() -> str:
    """The trained model for the current bot/ and nlu_data/ (`make model` trains it)."""
    command = [str(ROOT / "scripts" / "model-path")]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def migrate_and_seed(env: Mapping[str, str]) -> None:
    relais = str(ROOT / ".venv/bin/relais")
    for command in ([relais, "db", "upgrade"], [relais, "seed", "demo"]):
        subprocess.run(command, cwd=ROOT, env=dict(env), check=True, capture_output=True)


def actions_command(port: int) -> list[str]:
    python = str(ROOT / ".venv/bin/python")
    return [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]


def rasa_command(
    model: str, endpoints: Path, credentials: Path, token: str, host: str, port: int
) -> list[str]:
    return [
        str(ROOT / ".venv-bot/bin/python"),
        str(ROOT / ".venv-bot/bin/rasa"),
        "run",
        "--model",
        model,
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--enable-api",
        "--auth-token",
        token,
        "--interface",
        host,
        "--port",
        str(port),
    ]


def api_command(host: str, port: int) -> list[str]:
    return [
        str(ROOT / ".venv/bin/python"),
        str(ROOT / ".venv/bin/uvicorn"),
        "--factory",
        "api.main:app",
        "--host",
        host,
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
