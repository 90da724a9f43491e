"""Commune resolution speed: load time of the index and time per `resolve`.

Run: .venv/bin/python bench/communes_speed.py  (figures go to docs/benchmarks.md)
"""

from __future__ import annotations

import statistics
import time

from relais.territory.communes import CommuneIndex, read_communes, read_former_names

CREUSE = ["23"]
TYPICAL = [
    "elle habite a gueret",
    "c'est à St Vaury pres de gueret",
    "je suis de la souterraine 23300",
    "euh a bourganeuf",
    "bonjour, je vous appelle pour ma voisine qui vit seule à Guéret, elle ne sort plus",
    "23000",
    "saint martin",
    "gueré",
    "il y a eu un problème",
]


def main() -> None:
    loads = []
    for _ in range(5):
        started = time.perf_counter()
        index = CommuneIndex(read_communes(), read_former_names())
        loads.append(time.perf_counter() - started)
    print(f"load: median {statistics.median(loads) * 1000:.0f} ms over {len(loads)} runs")
    for text in TYPICAL:  # warm the per-territory caches
        index.resolve(text, CREUSE)
    for departements in (CREUSE, None):
        times = []
        for _ in range(100):
            for text in TYPICAL:
                started = time.perf_counter()
                index.resolve(text, departements)
                times.append(time.perf_counter() - started)
        times.sort()
        p50, p95 = times[len(times) // 2], times[int(len(times) * 0.95)]
        scope = "Creuse" if departements else "national"
        print(f"resolve ({scope}): p50 {p50 * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms")


if __name__ == "__main__":
    main()
