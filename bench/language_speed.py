"""What reading people's own words costs: the spaCy pipeline's load time and memory, the safety
net's time per message (the patterns alone, and with the clause reading when they find
something), and a reader's time per answer. Caches are cleared so that each message is parsed.

Run: .venv/bin/python bench/language_speed.py  (figures go to docs/benchmarks.md)
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relais.flows.readers import QUESTIONS, Message  # noqa: E402
from relais.language import clauses, nlp  # noqa: E402
from relais.safety import detect_danger  # noqa: E402


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def clear() -> None:
    nlp.parse.cache_clear()
    clauses.clauses.cache_clear()


def per_message(texts: list[str], run: object) -> tuple[float, float]:
    times = []
    for _ in range(3):
        for text in texts:
            clear()
            started = time.perf_counter()
            run(text)  # type: ignore[operator]
            times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def main() -> None:
    before = rss_mib()
    started = time.perf_counter()
    nlp.warm_up()
    print(
        f"pipeline load: {(time.perf_counter() - started) * 1000:.0f} ms, "
        f"peak RSS +{rss_mib() - before:.0f} MiB (to {rss_mib():.0f} MiB)"
    )
    danger = yaml.safe_load((ROOT / "eval/danger_dev.yml").read_text())
    answers = yaml.safe_load((ROOT / "eval/answers_dev.yml").read_text())
    calm = [t for t in danger["calm"] if detect_danger(t) is None]
    no_match = [t for t in calm if not any(w in t for w in ("tomb", "chut", "AVC", "malaise"))]
    dangers = [t for _, t in danger["danger"]]
    for name, texts in (
        ("danger phrasings", dangers),
        ("calm, words of danger", calm),
        ("calm, no danger word", no_match),
    ):
        p50, p95 = per_message(texts, detect_danger)
        print(f"safety net, {name} ({len(texts)}): p50 {p50:.2f} ms, p95 {p95:.2f} ms")
    for kind in ("network_family", "health_limits", "contact_consent", "preferred_time"):
        texts = [t for _, t in answers[kind]]
        p50, p95 = per_message(texts, lambda t, k=kind: QUESTIONS[k].read(Message(t)))
        print(f"reader {kind} ({len(texts)}): p50 {p50:.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
