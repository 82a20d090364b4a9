"""The health insurer's side of the network: a 傷病手当金 claim checks the claimant's other
benefits through the network instead of asking for the pension certificate.

This is the slides' other linkage example (他給付→傷病手当金; src:slides-2016-linkage): 健康保険法
による保険給付の支給に関する事務 asks the pension side for 年金給付関係情報, under 別表第二 row 2
(全国健康保険協会) or row 3 (健康保険組合) of the 2015 text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from backend_stub.network import network, profiles
from backend_stub.network.util import now

SICKNESS_ALLOWANCE = "傷病手当金"
# The requester's 別表第二 row by the kind of insurer (2015 numbering).
_ROW = {"kyokai-kenpo": "2", "hayate-kenpo": "3"}


def sickness_allowance_check(conn: Any, resident_id: str, at: dt.datetime | None = None) -> dict[str, Any]:
    """The resident's insurer checks other benefits for a 傷病手当金 claim; returns the outcome and
    the history record the query left (the resident sees it in やりとり履歴)."""
    from backend_stub.network.processing import _resident

    at = at or now()
    r = _resident(conn, resident_id)
    p = profiles.profile(r, at.date())
    item = _ROW.get(p.insurer)
    if item is None:
        raise LookupError("the resident's insurer pays no 傷病手当金 in this stub")  # 国保 has none
    result = network.query_for(conn, resident_id, p.insurer, item, "nenkin-kikou", "年金給付関係情報",
                               trigger=network.Trigger("application"), at=at)
    return {"insurer": p.insurer, "beppyo2_item": item, "outcome": result.outcome, "history_id": result.history_id}


def claim(db: Any, resident_id: str) -> dict[str, Any]:
    """``mynastub sickness-claim --resident ID``: run the check in one transaction."""
    with db.transaction() as conn:
        if conn.execute("SELECT 1 FROM residents WHERE id = ?", (resident_id,)).fetchone() is None:
            raise KeyError("unknown resident")
        return sickness_allowance_check(conn, resident_id)
