"""SMS through Relais against Rasa's own channels: same machine, same trained model, one run.

Three paths, each playing the same report conversation (8 turns, one conversation per sender):

  relais-sms    signed Twilio SMS webhooks to Relais (`POST /twilio/sms`: signature, dedup on
                MessageSid, inbox, opt-out, safety net, then Rasa's REST channel); the latency
                is the webhook's round trip, the reply being the TwiML `<Message>`;
  rasa-rest     Rasa's REST channel directly (`POST /webhooks/rest/webhook`);
  rasa-twilio   Rasa 3.6's built-in Twilio channel (`POST /webhooks/twilio/webhook`), which
                sends each reply through the Twilio REST API before answering: the Rasa
                process gets a `sitecustomize.py` that points the twilio client at a fake
                Twilio REST server run by this script.

at 1, 10 and 50 conversations at once; prints turns per second, p50/p95/p99 latency and the
peak RSS of each process (Rasa, action server, API). Starts its own stack on 127.0.0.1 (Rasa
5107, action server 5157, API 8107, fake Twilio 8717). Needs a trained model (`make model`).

    .venv/bin/python bench/phone_sms.py [--database postgresql|sqlite] [--levels 1 10 50]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import platform
import pstats
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import httpx
from shared import (
    REPORT,
    actions_command,
    api_command,
    migrate_and_seed,
    model_path,
    rasa_command,
    wait_until_up,
)
from sqlalchemy import create_engine, event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relais.config import Settings  # noqa: E402
from relais.phone import signature  # noqa: E402

WORK = ROOT / "var" / "bench-phone"
RASA_PORT, ACTIONS_PORT, API_PORT, FAKE_TWILIO_PORT = 5107, 5157, 8107, 8717
HOST = "127.0.0.1"
SECRET = "bench-secret-" + "x" * 20
RELAIS_NUMBER = "+33555000099"
ACCOUNT_SID = "AC" + "b" * 32
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
DATABASES = ("relais_bench_phone", "relais_bench_phone_tracker")

CONVERSATIONS_PER_LEVEL = {1: 5, 10: 20, 50: 50}

SITECUSTOMIZE = '''"""Bench only: Rasa's Twilio channel sends to a local fake Twilio."""
import os

_port = os.environ.get("BENCH_FAKE_TWILIO_PORT")
if _port:
    from twilio.http import http_client as _http_client

    _request = _http_client.TwilioHttpClient.request

    def _local(self, method, url, *args, **kwargs):
        url = url.replace("https://api.twilio.com", "http://127.0.0.1:" + _port)
        return _request(self, method, url, *args, **kwargs)

    _http_client.TwilioHttpClient.request = _local
'''


# --- the fake Twilio REST API -------------------------------------------------------------


class FakeTwilio(BaseHTTPRequestHandler):
    sent = 0
    lock = threading.Lock()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = parse_qs(self.rfile.read(length).decode())
        with FakeTwilio.lock:
            FakeTwilio.sent += 1
        sid = "SM" + secrets.token_hex(16)
        body = {
            "sid": sid,
            "account_sid": ACCOUNT_SID,
            "to": form.get("To", [""])[0],
            "from": form.get("From", [""])[0],
            "body": form.get("Body", [""])[0],
            "status": "queued",
            "num_segments": "1",
            "direction": "outbound-api",
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{sid}.json",
        }
        payload = json.dumps(body).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        pass


def start_fake_twilio() -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((HOST, FAKE_TWILIO_PORT), FakeTwilio)
    threading.Thread(target=server.serve_forever, name="fake-twilio", daemon=True).start()
    return server


# --- the stack ----------------------------------------------------------------------------


def _postgres(statement: str) -> None:
    engine = create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(statement))
    engine.dispose()


def _databases(kind: str) -> tuple[str, str]:
    """Relais's database URL and Rasa's tracker store section, fresh for this run."""
    if kind == "sqlite":
        tracker = f"  type: SQL\n  dialect: sqlite\n  db: {WORK / 'tracker.db'}\n"
        return f"sqlite:///{WORK / 'relais.db'}", tracker
    for name in DATABASES:
        _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres(f'CREATE DATABASE "{name}"')
    tracker = (
        "  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n  port: 5432\n"
        f"  username: postgres\n  db: {DATABASES[1]}\n"
    )
    return f"{POSTGRES}/{DATABASES[0]}", tracker


@dataclass
class Stack:
    database_url: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def start_stack(database: str) -> Stack:
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "site").mkdir(parents=True)
    (WORK / "site" / "sitecustomize.py").write_text(SITECUSTOMIZE)
    database_url, tracker = _databases(database)
    model = model_path()
    endpoints = WORK / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://{HOST}:{ACTIONS_PORT}/webhook"\n'
        f"tracker_store:\n{tracker}"
    )
    credentials = WORK / "credentials.yml"
    credentials.write_text(
        f'rest:\ntwilio:\n  account_sid: "{ACCOUNT_SID}"\n  auth_token: "bench-auth-token"\n'
        f'  twilio_number: "{RELAIS_NUMBER}"\n'
    )
    env = os.environ | {
        "RELAIS_DATABASE_URL": database_url,
        "RELAIS_RASA_URL": f"http://{HOST}:{RASA_PORT}",
        "RELAIS_ACTION_SERVER_URL": f"http://{HOST}:{ACTIONS_PORT}",
        "RELAIS_RASA_TOKEN": SECRET,
        "RELAIS_SECRET_KEY": SECRET,
        "RELAIS_PUBLIC_BASE_URL": f"http://{HOST}:{API_PORT}",
        "RELAIS_TELEPHONY": "console",
        "RELAIS_TELEPHONY_FROM_NUMBER": RELAIS_NUMBER,
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_HOST": HOST,
    }
    migrate_and_seed(env)
    rasa_env = env | {
        "PYTHONPATH": str(WORK / "site"),
        "BENCH_FAKE_TWILIO_PORT": str(FAKE_TWILIO_PORT),
    }
    commands = {
        "actions": (actions_command(ACTIONS_PORT), env),
        "rasa": (rasa_command(model, endpoints, credentials, SECRET, HOST, RASA_PORT), rasa_env),
        "api": (api_command(HOST, API_PORT), env),
    }
    stack = Stack(database_url)
    log = (WORK / "stack.log").open("ab")
    for name, (command, command_env) in commands.items():
        stack.processes[name] = subprocess.Popen(
            command, cwd=ROOT, env=command_env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(f"http://{HOST}:{ACTIONS_PORT}/health")
        wait_until_up(f"http://{HOST}:{RASA_PORT}/status?token={SECRET}")
        wait_until_up(f"http://{HOST}:{API_PORT}/healthz")
    except BaseException:
        stack.stop()
        raise
    return stack


# --- memory -------------------------------------------------------------------------------


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class PeakRss:
    """Samples the RSS of each process every 0.2 s while a measure runs."""

    def __init__(self, stack: Stack) -> None:
        self._pids = {name: p.pid for name, p in stack.processes.items()}
        self.peak = dict.fromkeys(self._pids, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for name, pid in self._pids.items():
                self.peak[name] = max(self.peak[name], rss_mib(pid))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


# --- the three paths ----------------------------------------------------------------------

Turn = Callable[[httpx.AsyncClient, str, str], Awaitable[bool]]
SETTINGS = Settings(
    secret_key=SECRET,
    public_base_url=f"http://{HOST}:{API_PORT}",
    telephony_from_number=RELAIS_NUMBER,
    _env_file=None,  # type: ignore[call-arg]
)
SMS_URL = signature.public_url(SETTINGS, "/twilio/sms")


async def relais_sms(client: httpx.AsyncClient, sender: str, body: str) -> bool:
    sid = "SM" + secrets.token_hex(16)
    params = {
        "MessageSid": sid,
        "SmsSid": sid,
        "SmsMessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": RELAIS_NUMBER,
        "Body": body,
        "NumMedia": "0",
        "NumSegments": "1",
        "SmsStatus": "received",
        "ApiVersion": "2010-04-01",
    }
    headers = {"X-Twilio-Signature": signature.sign(SETTINGS, SMS_URL, params)}
    response = await client.post(SMS_URL, data=params, headers=headers)
    return response.status_code == 200 and "<Message" in response.text


async def rasa_rest(client: httpx.AsyncClient, sender: str, body: str) -> bool:
    url = f"http://{HOST}:{RASA_PORT}/webhooks/rest/webhook"
    response = await client.post(url, json={"sender": sender, "message": body})
    return response.status_code == 200 and bool(response.json())


async def rasa_twilio(client: httpx.AsyncClient, sender: str, body: str) -> bool:
    before = FakeTwilio.sent
    form = {
        "MessageSid": "SM" + secrets.token_hex(16),
        "AccountSid": ACCOUNT_SID,
        "From": sender,
        "To": RELAIS_NUMBER,
        "Body": body,
        "NumMedia": "0",
    }
    response = await client.post(f"http://{HOST}:{RASA_PORT}/webhooks/twilio/webhook", data=form)
    return response.status_code < 300 and FakeTwilio.sent > before


PATHS: dict[str, Turn] = {
    "relais-sms": relais_sms,
    "rasa-rest": rasa_rest,
    "rasa-twilio": rasa_twilio,
}
SENDER_BASE = {"relais-sms": 10_000_000, "rasa-rest": 40_000_000, "rasa-twilio": 70_000_000}


@dataclass
class Result:
    path: str
    concurrency: int
    conversations: int
    latencies: list[float]
    failures: int
    seconds: float
    rss: dict[str, float]

    @property
    def turns_per_second(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


class Senders:
    def __init__(self, offset: int = 0) -> None:
        self._next = dict.fromkeys(PATHS, offset)

    def new(self, path: str) -> str:
        self._next[path] += 1
        number = SENDER_BASE[path] + self._next[path]
        return f"+336{number:08d}" if path != "rasa-rest" else f"bench-rest-{number}"


async def conversation(
    client: httpx.AsyncClient, turn: Turn, sender: str, latencies: list[float]
) -> int:
    failures = 0
    for body in REPORT:
        start = time.perf_counter()
        try:
            ok = await turn(client, sender, body)
        except httpx.HTTPError:
            ok = False
        latencies.append(time.perf_counter() - start)
        failures += not ok
    return failures


async def measure(stack: Stack, path: str, concurrency: int, senders: Senders) -> Result:
    conversations = CONVERSATIONS_PER_LEVEL.get(concurrency, concurrency)
    latencies: list[float] = []
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency + 5)

    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def one() -> int:
            async with gate:
                return await conversation(client, PATHS[path], senders.new(path), latencies)

        with PeakRss(stack) as rss:
            started = time.perf_counter()
            failures = sum(await asyncio.gather(*(one() for _ in range(conversations))))
            seconds = time.perf_counter() - started
    return Result(path, concurrency, conversations, latencies, failures, seconds, rss.peak)


def print_table(results: list[Result]) -> None:
    print(
        "\n| path | at once | turns | turns/s | p50 | p95 | p99 | not answered in the request "
        "| RSS Rasa | RSS actions | RSS API |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r.path} | {r.concurrency} | {len(r.latencies)} | {r.turns_per_second:.1f} | "
            f"{r.percentile(0.50):.0f} ms | {r.percentile(0.95):.0f} ms | "
            f"{r.percentile(0.99):.0f} ms | {r.failures} | {r.rss['rasa']:.0f} MiB | "
            f"{r.rss['actions']:.0f} MiB | {r.rss['api']:.0f} MiB |"
        )
    by_key = {(r.path, r.concurrency): r for r in results}
    print("\n| at once | Relais / Rasa-direct throughput | p95 added by Relais |")
    print("|---|---|---|")
    for level in sorted({r.concurrency for r in results}):
        relais, direct = by_key.get(("relais-sms", level)), by_key.get(("rasa-rest", level))
        if relais and direct:
            ratio = relais.turns_per_second / direct.turns_per_second
            added = relais.percentile(0.95) - direct.percentile(0.95)
            print(f"| {level} | {ratio:.2f} | {added:+.0f} ms |")


async def run(args: argparse.Namespace, stack: Stack) -> list[Result]:
    senders = Senders()
    async with httpx.AsyncClient(timeout=120) as client:  # warm-up: models loaded, caches
        for path, turn in PATHS.items():
            if path in args.paths:
                await conversation(client, turn, senders.new(path), [])
    results = []
    for level in args.levels:
        for path in args.paths:
            result = await measure(stack, path, level, senders)
            print(
                f"{path} at {level}: {result.turns_per_second:.1f} turns/s, "
                f"p95 {result.percentile(0.95):.0f} ms, "
                f"{result.failures} not answered in the request",
                flush=True,
            )
            results.append(result)
    return results


# --- where Relais's time goes -------------------------------------------------------------

PROFILED = {
    "whole turn (in-process, no HTTP server)": ("bench/phone_sms.py", "profile_turn"),
    "Rasa's REST channel (RasaAssistant.send)": ("relais/conversation/assistant.py", "send"),
    "safety screen": ("relais/safety/screen.py", "screen"),
    "sms.receive (inbox, opt-out, rate limit; commits)": ("relais/phone/sms.py", "receive"),
    "process_conversation (claim, screen, ask, store)": (
        "relais/conversation/service.py",
        "process_conversation",
    ),
    "sms_replies.webhook_answer (TwiML replies recorded)": (
        "relais/phone/sms_replies.py",
        "webhook_answer",
    ),
    "Session.commit, all calls": ("sqlalchemy/orm/session.py", "commit"),
    "Session.execute, all calls": ("sqlalchemy/orm/session.py", "execute"),
}


def profile_turn(runtime: object, settings: Settings, form: dict[str, str]) -> None:
    from relais.phone import numbers, sms, sms_replies

    inbound = sms.Inbound(form["MessageSid"], numbers.normalise(form["From"]), form["Body"])
    with runtime.sessions() as session:  # type: ignore[attr-defined]
        received = sms.receive(session, settings, inbound)
        answer = runtime.answerer.answer(  # type: ignore[attr-defined]
            received.conversation_id, received.message_id, 30.0, claimed=received.claimed
        )
        sms_replies.webhook_answer(session, settings, received, answer)
        session.commit()


def profile_relais(database_url: str, senders: Senders, conversations: int) -> None:
    """The SMS endpoint's work, called in this process's main thread under cProfile."""
    from api.main import create_app

    settings = SETTINGS.model_copy(
        update={
            "database_url": database_url,
            "rasa_url": f"http://{HOST}:{RASA_PORT}",
            "action_server_url": f"http://{HOST}:{ACTIONS_PORT}",
            "rasa_token": SETTINGS.secret_key,
        }
    )
    runtime = create_app(settings).state.runtime
    counts = {"statements": 0, "commits": 0}

    def count(kind: str) -> Callable[..., None]:
        return lambda *args, **kwargs: counts.__setitem__(kind, counts[kind] + 1)

    event.listen(runtime.engine, "before_cursor_execute", count("statements"))
    event.listen(runtime.engine, "commit", count("commits"))
    profiler = cProfile.Profile()
    turns = 0
    for index in range(conversations + 1):  # the first one warms up (regexes, caches)
        sender = senders.new("relais-sms")
        for body in REPORT:
            sid = "SM" + secrets.token_hex(16)
            form = {"MessageSid": sid, "From": sender, "To": RELAIS_NUMBER, "Body": body}
            form |= {"AccountSid": ACCOUNT_SID, "NumMedia": "0"}
            if index == 0:
                profile_turn(runtime, settings, form)
                counts.update(statements=0, commits=0)
                continue
            profiler.runcall(profile_turn, runtime, settings, form)
            turns += 1
    print(
        f"\nSQL per SMS turn in the API: {counts['statements'] / turns:.1f} statements, "
        f"{counts['commits'] / turns:.1f} commits"
    )
    stats = pstats.Stats(profiler, stream=io.StringIO())
    print(f"where the SMS path's time goes ({turns} turns, in-process, ms per turn):")
    for label, (suffix, name) in PROFILED.items():
        total = sum(
            row[3]  # cumulative time
            for (file, _line, function), row in stats.stats.items()  # type: ignore[attr-defined]
            if function == name and file.endswith(suffix)
        )
        print(f"  {label}: {total / turns * 1000:.1f} ms")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(15)
    (WORK / "profile.txt").write_text(out.getvalue())
    print(f"  top functions by own time: {WORK / 'profile.txt'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", choices=["postgresql", "sqlite"], default="postgresql")
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--paths", nargs="+", choices=list(PATHS), default=list(PATHS))
    parser.add_argument("--profile", type=int, default=3, help="conversations profiled, 0: none")
    args = parser.parse_args()
    server = start_fake_twilio()
    stack = start_stack(args.database)
    try:
        print(
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, "
            f"database {args.database}, load average before {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        results = asyncio.run(run(args, stack))
        print(f"load average after: {os.getloadavg()[0]:.1f}")
        print_table(results)
        raw = [r.__dict__ | {"latencies": sorted(r.latencies)} for r in results]
        (WORK / "results.json").write_text(json.dumps(raw))
        if args.profile:
            profile_relais(stack.database_url, Senders(offset=1_000_000), args.profile)
    finally:
        stack.stop()
        server.shutdown()
        if args.database == "postgresql":
            for name in DATABASES:
                _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
