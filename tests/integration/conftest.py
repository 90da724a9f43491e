"""The real stack, started once per test session: Rasa (bot env), the action server and the
API (uvicorn on a free port), all on the test database. Needs a trained model: `make test`
trains it first and passes its path in RELAIS_RASA_MODEL.
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.main import create_app
from relais.config import ROOT, Settings

STARTUP_SECONDS = 240


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes] | None, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{url} exited early; see {log}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {STARTUP_SECONDS}s; see {log}")


@dataclass
class Service:
    """A process of the stack that a test may stop and start again."""

    name: str
    command: list[str]
    env: dict[str, str]
    health_url: str
    log: Path
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT
            )
        wait_until_up(self.health_url, self.process, self.log)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


@dataclass
class Stack:
    settings: Settings
    rasa: Service
    actions: Service
    api_url: str


def _model() -> Path:
    model = os.environ.get("RELAIS_RASA_MODEL")
    if not model:
        model = subprocess.run(
            [str(ROOT / "scripts" / "model-path")], capture_output=True, text=True, check=True
        ).stdout.strip()
    path = ROOT / model
    if not path.is_file():
        pytest.fail(f"No trained Rasa model at {path}: run `make model` (make test does).")
    return path


def _endpoints(directory: Path, action_port: int) -> Path:
    path = directory / "endpoints.yml"
    path.write_text(
        f"""action_endpoint:
  url: "http://127.0.0.1:{action_port}/webhook"
tracker_store:
  type: SQL
  dialect: sqlite
  db: {directory / "tracker.db"}
"""
    )
    return path


@contextmanager
def serve_api(settings: Settings, ready_path: str = "/healthz") -> Iterator[str]:
    """The API in a thread on a free port; stopped (with its retry thread) on exit, so nothing
    touches the database once the test session drops it. Up once `ready_path` answers 200
    (the health check needs Rasa: pages without the assistant use another path)."""
    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="test-api", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}{ready_path}", None, Path("test-api"))
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=15)


@pytest.fixture(scope="package")
def stack(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """Rasa, the action server and the API, started once for the integration tests and stopped
    after them (the API's retry thread must not work on the tests that follow)."""
    workdir = tmp_path_factory.mktemp("stack")
    rasa_port, action_port = free_port(), free_port()
    token = settings.rasa_token.get_secret_value()
    app_env = os.environ | {
        "RELAIS_DATABASE_URL": settings.database_url,
        "RELAIS_ENVIRONMENT": "test",
        "RELAIS_SECRET_KEY": settings.secret_key.get_secret_value(),
        "RELAIS_RASA_TOKEN": token,
        "SANIC_HOST": "127.0.0.1",
    }
    actions = Service(
        "actions",
        [
            str(ROOT / ".venv/bin/python"),
            "-m",
            "rasa_sdk",
            "--actions",
            "actions",
            "--port",
            str(action_port),
        ],
        app_env,
        f"http://127.0.0.1:{action_port}/health",
        workdir / "actions.log",
    )
    rasa = Service(
        "rasa",
        [
            str(ROOT / ".venv-bot/bin/rasa"),
            "run",
            "--model",
            str(_model()),
            "--endpoints",
            str(_endpoints(workdir, action_port)),
            "--credentials",
            str(ROOT / "bot/credentials.yml"),
            "--enable-api",
            "--auth-token",
            token,
            "--interface",
            "127.0.0.1",
            "--port",
            str(rasa_port),
        ],
        os.environ | {"RASA_TELEMETRY_ENABLED": "false"},
        f"http://127.0.0.1:{rasa_port}/status?token={token}",
        workdir / "rasa.log",
    )
    stack_settings = settings.model_copy(
        update={
            "rasa_url": f"http://127.0.0.1:{rasa_port}",
            "action_server_url": f"http://127.0.0.1:{action_port}",
            "inbox_retry_interval_seconds": 0.5,
        }
    )
    try:
        actions.start()
        rasa.start()
        with serve_api(stack_settings) as api_url:
            yield Stack(stack_settings, rasa, actions, api_url)
    finally:
        rasa.stop()
        actions.stop()


@pytest.fixture
def api(stack: Stack, demo: object) -> Iterator[httpx.Client]:
    """An HTTP client of the running API, on a freshly seeded database."""
    with httpx.Client(base_url=stack.api_url, timeout=30) as client:
        yield client
