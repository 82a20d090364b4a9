"""Service search over every municipality's catalog vs the 20 ms budget (DESIGN.md §9).

Builds the client's CatalogIndex (app/catalog_search.py) from the stub's catalog as the backend
serves it for each of Japan's municipalities (with each service's situations), then times
queries a resident types: keywords (kanji, hiragana, half-width kana), situations, online only,
one municipality and all of them.

    .venv/bin/python -m bench.search [--rounds N] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time

BUDGET_MS = 20.0

QUERIES: tuple[tuple[str, str | None, bool], ...] = (
    ("", None, False),
    ("児童手当", None, False),
    ("じどうてあて", None, False),
    ("ﾎｲｸ", None, False),
    ("保育 申込", None, True),
    ("妊娠", "pregnancy", False),
    ("", "single_parent", False),
    ("課税証明書", None, False),
    ("存在しない言葉", None, False),
    ("手当 現況届", "annual", False),
)


def build_index() -> tuple[object, int]:
    from app.catalog_search import CatalogIndex
    from app.portal.models import parse_services
    from backend_stub.network import agencies, catalog

    index = CatalogIndex()
    munis = [m for m in agencies.municipalities().values() if m.name]
    raw_services = {s["id"]: s for s in catalog.services_raw()}
    for m in munis:
        raw = catalog.search(m.code)
        situations = {s["id"]: raw_services[s["id"]]["situations"] for s in raw}
        index.put(m.code, m.name, parse_services(raw), situations)
    return index, len(munis)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    index, municipalities = build_index()
    build_ms = (time.perf_counter() - started) * 1000
    from app.catalog_search import CatalogIndex

    assert isinstance(index, CatalogIndex)
    rows = []
    worst = 0.0
    for query, situation, online in QUERIES:
        for scope in (None, "112305"):
            times = []
            count = 0
            for _ in range(args.rounds):
                t0 = time.perf_counter()
                count = len(index.search(query, municipality=scope, situation=situation, online_only=online))
                times.append((time.perf_counter() - t0) * 1000)
            times.sort()
            p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
            worst = max(worst, times[-1])
            rows.append({"query": query, "situation": situation, "online_only": online,
                         "scope": scope or "all", "results": count,
                         "median_ms": round(statistics.median(times), 3), "p99_ms": round(p99, 3),
                         "max_ms": round(times[-1], 3)})
    ok = worst <= BUDGET_MS
    report = {"municipalities": municipalities, "entries": len(index), "build_ms": round(build_ms, 1),
              "budget_ms": BUDGET_MS, "worst_ms": round(worst, 3), "within_budget": ok, "queries": rows}
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"index: {municipalities} municipalities, {len(index)} services, built in {build_ms:.0f} ms")
        print(f"{'query':<16} {'situation':<14} {'online':<6} {'scope':<7} {'hits':>6} {'median':>8} {'p99':>8} {'max':>8}")
        for r in rows:
            print(f"{r['query'] or '(none)':<16} {r['situation'] or '-':<14} {r['online_only']!s:<6} {r['scope']:<7} "
                  f"{r['results']:>6} {r['median_ms']:>8.3f} {r['p99_ms']:>8.3f} {r['max_ms']:>8.3f}")
        print(f"worst query: {worst:.2f} ms (budget {BUDGET_MS:.0f} ms): {'OK' if ok else 'OVER BUDGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
