"""The assistant's time per turn along whole conversations, through the real path: web chat API
→ inbox → safety net → Rasa → action server → database.

Starts its own stack (Rasa on 5105, action server on 5155, API on 8100, SQLite files under
var/bench-conversations/), plays scripted conversations (a report, a self-referral with the full
assessment, and a long conversation of one self-referral and three reports), then prints the
latency of each turn by position in the conversation, and the throughput with several
conversations at once. Needs a trained model (`make model`).

    .venv/bin/python bench/conversation_turns.py [--rounds 3] [--concurrency 1 4]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "bench-conversations"
RASA_PORT, ACTIONS_PORT, API_PORT = 5105, 5155, 8100
TOKEN = "bench-token-" + "x" * 20

SELF_REFERRAL = [
    "depuis la mort de mon mari je ne vois plus personne",
    "mes enfants habitent loin",
    "oui",
    "non",
    "oui",
    "non",
    "souvent",
    "parfois",
    "souvent",
    "la perte de mon mari",
    "non",
    "oui",
    "des visites",
    "oui",
    "oui",
    "par téléphone",
    "le matin",
    "05 55 52 12 34",
    "Colette",
    "Aubusson",
]
LONG = [*SELF_REFERRAL, "merci", *REPORT, *REPORT, *REPORT]
CONVERSATIONS = {"report": REPORT, "self_referral": SELF_REFERRAL, "long": LONG}
BUCKETS = ((1, 10), (11, 20), (21, 40), (41, 80))


def start_stack() -> list[subprocess.Popen[bytes]]:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    model = model_path()
    endpoints = WORK / "endpoints.yml"
    endpoints.write_text(
        f'action_endpoint:\n  url: "http://127.0.0.1:{ACTIONS_PORT}/webhook"\n'
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {WORK / 'tracker.db'}\n"
    )
    env = os.environ | {
        "RELAIS_DATABASE_URL": f"sqlite:///{WORK / 'relais.db'}",
        "RELAIS_RASA_URL": f"http://127.0.0.1:{RASA_PORT}",
        "RELAIS_ACTION_SERVER_URL": f"http://127.0.0.1:{ACTIONS_PORT}",
        "RELAIS_RASA_TOKEN": TOKEN,
        "RASA_TELEMETRY_ENABLED": "false",
        "SANIC_HOST": "127.0.0.1",
    }
    migrate_and_seed(env)
    log = (WORK / "stack.log").open("ab")
    credentials = ROOT / "bot" / "credentials.yml"
    commands = [
        actions_command(ACTIONS_PORT),
        rasa_command(model, endpoints, credentials, TOKEN, "127.0.0.1", RASA_PORT),
        api_command("127.0.0.1", API_PORT),
    ]
    processes = [
        subprocess.Popen(c, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        for c in commands
    ]
    wait_until_up(f"http://127.0.0.1:{ACTIONS_PORT}/health")
    wait_until_up(f"http://127.0.0.1:{RASA_PORT}/status?token={TOKEN}")
    wait_until_up(f"http://127.0.0.1:{API_PORT}/healthz")
    return processes


def play(client: httpx.Client, turns: list[str]) -> list[float]:
    """Seconds per turn, in order."""
    session_id = client.post("/api/chat/sessions").json()["session_id"]
    timings = []
    for text in turns:
        start = time.perf_counter()
        response = client.post(f"/api/chat/sessions/{session_id}/messages", json={"text": text})
        timings.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"turn {text!r} answered HTTP {response.status_code}")
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure(rounds: int, concurrency: int) -> None:
    base = f"http://127.0.0.1:{API_PORT}"
    by_position: dict[tuple[int, int], list[float]] = defaultdict(list)
    all_turns: list[float] = []
    lock = threading.Lock()

    def one(turns: list[str]) -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            timings = play(client, turns)
        with lock:
            all_turns.extend(timings)
            for index, seconds in enumerate(timings, start=1):
                bucket = next(b for b in BUCKETS if b[0] <= index <= b[1])
                by_position[bucket].append(seconds)

    jobs = [turns for _ in range(rounds) for turns in CONVERSATIONS.values()]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(one, jobs))
    elapsed = time.perf_counter() - started
    print(
        f"\nconcurrency {concurrency}: {len(all_turns)} turns in {elapsed:.1f} s, "
        f"{len(all_turns) / elapsed:.1f} turns/s"
    )
    print("| turns of the conversation | turns | p50 | p95 | max |")
    print("|---|---|---|---|---|")
    for bucket in BUCKETS:
        values = by_position.get(bucket)
        if values:
            print(
                f"| {bucket[0]}–{bucket[1]} | {len(values)} | "
                f"{statistics.median(values) * 1000:.0f} ms | "
                f"{percentile(values, 0.95) * 1000:.0f} ms | {max(values) * 1000:.0f} ms |"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    args = parser.parse_args()
    processes = start_stack()
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{API_PORT}", timeout=60) as client:
            play(client, REPORT)  # warm-up: models loaded, caches filled
        print(f"load average before: {os.getloadavg()[0]:.1f}")
        for concurrency in args.concurrency:
            measure(args.rounds, concurrency)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
