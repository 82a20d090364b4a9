"""Bulk history for benchmarks: ``generate_history(db, resident_id, n)`` adds n records fast.

Records are drawn from real 別表第二 rows between the resident's own agencies, spread over
the years since linkage started, with the same explanations the network writes. They are
inserted with ``executemany`` in one transaction (100,000 rows take a few seconds).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from backend_stub.network import agencies, beppyo2, history, network
from backend_stub.network.util import JST, iso, new_id

_PAIRS = (
    ("{muni}", "74", "085421", "地方税関係情報"),
    ("{muni}", "75", "nenkin-kikou", "年金給付関係情報"),
    ("nenkin-kikou", "48", "{muni}", "地方税関係情報"),
    ("kyokai-kenpo", "2", "{muni}", "住民票関係情報"),
    ("hayate-kenpo", "3", "{muni}", "地方税関係情報"),
    ("jasso", "106", "{muni}", "地方税関係情報"),
    ("{pref}", "57", "{muni}", "住民票関係情報"),
    ("{muni}", "116", "nenkin-kikou", "国民年金法による障害基礎年金の支給に関する情報"),
    ("hayate-kenpo", "3", "{muni}", "生活保護関係情報"),  # refused: no such provision
    ("{muni}", "74", "nenkin-kikou", "地方税関係情報"),  # refused
)


def generate_history(db: Any, resident_id: str, n: int, *, seed: int = 0) -> int:
    """Insert n synthetic history records for the resident; return n."""
    row = db.query_one("SELECT municipality_code FROM residents WHERE id = ?", (resident_id,))
    if row is None:
        raise KeyError("unknown resident")
    muni = row[0] if row[0] != "085421" else "112305"
    pref = agencies.prefecture_code(muni)
    prepared = []
    for req_t, item, prov_t, info in _PAIRS:
        req = agencies.require(req_t.format(muni=muni, pref=pref))
        prov = agencies.require(prov_t.format(muni=muni, pref=pref))
        allowed = agencies.authorize(req, item, prov, info)
        r = beppyo2.row(item)
        outcomes = ("provided", "not_held") if allowed else ("refused",)
        texts = {o: network.explain(o, req, prov, info, r, item) for o in outcomes}
        prepared.append((req, prov, r, item if r else None, info, outcomes, texts))
    rng = random.Random(seed)
    # Within the retention period (history.RETENTION_YEARS), so reads do not purge them.
    end = dt.datetime.now(JST)
    start = end - dt.timedelta(days=365 * history.RETENTION_YEARS - 2)
    span = int((end - start).total_seconds())
    rows = []
    for _ in range(n):
        req, prov, r, item, info, outcomes, texts = rng.choice(prepared)
        outcome = outcomes[0] if len(outcomes) == 1 or rng.random() < 0.85 else outcomes[1]
        at = iso(start + dt.timedelta(seconds=rng.randrange(span)))
        function = r.function if r else ""
        rows.append((
            new_id(), resident_id, at, at if outcome == "provided" else None, req.code, req.title, prov.code,
            prov.title, function, info, network.LAW_BEPPYO2, item, outcome, "periodic", None,
            texts[outcome], history.search_text(texts[outcome], function, info, req.title, prov.title),
        ))
    with db.transaction() as conn:
        conn.executemany(
            "INSERT INTO history (id, resident_id, requested_at, provided_at, requester_code, requester_name,"
            " provider_code, provider_name, function, information, law, beppyo2_item, outcome, trigger_kind,"
            " trigger_ref, explanation, search) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        counts: Counter[tuple[str, str, str, str]] = Counter()
        for r in rows:
            for rid, kind, code, name, _n in history.facet_rows(resident_id, (r[4], r[5]), (r[6], r[7]), r[9], r[12]):
                counts[(rid, kind, code, name)] += 1
        conn.executemany(history.FACETS_SQL, [(*k, n) for k, n in sorted(counts.items())])
    return n
