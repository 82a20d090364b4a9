"""Reading a resident's やりとり履歴: keyset-paged lists, filters, facets, one record.

Pages use the index on (resident_id, undisclosed, requested_at, id): the cursor carries the last
row's (requested_at, id), so a page costs the same at row 10 and at row 100,000. A trigger filter
has indexes of its own, (…, trigger_kind, requested_at, id) and (…, trigger_ref, requested_at,
id) for the rows that have a ref, so one application's records are a short index range however
many other records the resident has. Totals are cached per (resident, filters) and invalidated
by the table's highest rowid (records are only added).
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sqlite3
import threading
from dataclasses import dataclass
from typing import Any, Literal, get_args

from backend_stub.network import agencies
from backend_stub.network.util import iso, parse_time

OUTCOMES = ("provided", "not_held", "refused")
TriggerKind = Literal["application", "periodic", "self_info"]
TRIGGER_KINDS: tuple[str, ...] = get_args(TriggerKind)
TRIGGER_REF_MAX = 64  # application ids are 22 characters, self-info category ids shorter
_COLUMNS = (
    "id, requested_at, provided_at, requester_code, requester_name, provider_code, provider_name, function,"
    " information, law, beppyo2_item, outcome, trigger_kind, trigger_ref, explanation"
)


class BadQueryError(ValueError):
    """A filter or cursor the client sent is malformed (message safe to show)."""


@dataclass(frozen=True)
class Filters:
    date_from: str | None = None
    date_to: str | None = None
    agency: str | None = None
    information: str | None = None
    outcome: str | None = None
    q: str | None = None
    trigger_kind: str | None = None
    trigger_ref: str | None = None


def _agency_json(code: str, name: str) -> dict[str, Any]:
    return {"code": code, "name": name, "name_en": agencies.title_en(code)}


def to_json(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "requested_at": row["requested_at"],
        "provided_at": row["provided_at"],
        "requester": _agency_json(row["requester_code"], row["requester_name"]),
        "provider": _agency_json(row["provider_code"], row["provider_name"]),
        "function": row["function"],
        "information": row["information"],
        "legal_basis": {"law": row["law"], "beppyo2_item": row["beppyo2_item"]},
        "outcome": row["outcome"],
        "trigger": {"kind": row["trigger_kind"], "ref": row["trigger_ref"]} if row["trigger_kind"] else None,
        "explanation": row["explanation"],
    }


def _bound(text: str, end: bool) -> str:
    """A from/to filter as a stored timestamp; a bare date covers that whole day."""
    try:
        if len(text) == 10:
            day = dt.date.fromisoformat(text)
            return day.isoformat() + ("T23:59:59+09:00" if end else "T00:00:00+09:00")
        return iso(parse_time(text))
    except ValueError:
        raise BadQueryError("from/to must be ISO 8601 dates or datetimes") from None


def _where(resident_id: str, f: Filters) -> tuple[str, list[Any]]:
    clauses = ["resident_id = ?", "undisclosed = 0"]
    params: list[Any] = [resident_id]
    if f.date_from:
        clauses.append("requested_at >= ?")
        params.append(_bound(f.date_from, end=False))
    if f.date_to:
        clauses.append("requested_at <= ?")
        params.append(_bound(f.date_to, end=True))
    if f.agency:
        clauses.append("(requester_code = ? OR provider_code = ?)")
        params += [f.agency, f.agency]
    if f.information:
        clauses.append("information = ?")
        params.append(f.information)
    if f.outcome:
        if f.outcome not in OUTCOMES:
            raise BadQueryError("outcome must be provided, not_held or refused")
        clauses.append("outcome = ?")
        params.append(f.outcome)
    if f.trigger_kind:
        if f.trigger_kind not in TRIGGER_KINDS:
            raise BadQueryError("trigger_kind must be application, periodic or self_info")
        clauses.append("trigger_kind = ?")
        params.append(f.trigger_kind)
    if f.trigger_ref:
        if len(f.trigger_ref) > TRIGGER_REF_MAX:
            raise BadQueryError(f"trigger_ref must be at most {TRIGGER_REF_MAX} characters")
        clauses.append("trigger_ref = ?")
        params.append(f.trigger_ref)
    if f.q:
        like = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        clauses.append(
            "(explanation LIKE ? ESCAPE '\\' OR function LIKE ? ESCAPE '\\' OR information LIKE ? ESCAPE '\\'"
            " OR requester_name LIKE ? ESCAPE '\\' OR provider_name LIKE ? ESCAPE '\\')"
        )
        params += [like] * 5
    return " AND ".join(clauses), params


def encode_cursor(requested_at: str, hid: str) -> str:
    return base64.urlsafe_b64encode(json.dumps([requested_at, hid]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, hid = json.loads(raw)
        if not isinstance(at, str) or not isinstance(hid, str):
            raise TypeError
    except (ValueError, TypeError):
        raise BadQueryError("cursor is not one this server gave") from None
    return at, hid


_total_cache: dict[tuple[Any, ...], tuple[int, int]] = {}
_cache_lock = threading.Lock()


def total(conn: sqlite3.Connection, resident_id: str, f: Filters) -> int:
    top = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM history").fetchone()[0]
    key = (resident_id, f)
    with _cache_lock:
        hit = _total_cache.get(key)
    if hit and hit[0] == top:
        return hit[1]
    where, params = _where(resident_id, f)
    n = conn.execute(f"SELECT COUNT(*) FROM history WHERE {where}", params).fetchone()[0]
    with _cache_lock:
        if len(_total_cache) > 2048:
            _total_cache.clear()
        _total_cache[key] = (top, n)
    return n


def page(
    conn: sqlite3.Connection,
    resident_id: str,
    f: Filters,
    *,
    limit: int = 50,
    cursor: str | None = None,
    oldest_first: bool = False,
) -> dict[str, Any]:
    where, params = _where(resident_id, f)
    if cursor:
        at, hid = decode_cursor(cursor)
        op = ">" if oldest_first else "<"
        where += f" AND (requested_at {op} ? OR (requested_at = ? AND id {op} ?))"
        params += [at, at, hid]
    order = "ASC" if oldest_first else "DESC"
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM history WHERE {where} ORDER BY requested_at {order}, id {order} LIMIT ?",
        [*params, limit + 1],
    ).fetchall()
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [to_json(r) for r in rows],
        "next_cursor": encode_cursor(rows[-1]["requested_at"], rows[-1]["id"]) if more and rows else None,
        "total": total(conn, resident_id, f),
    }


_monthly_cache: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}


def monthly(conn: sqlite3.Connection, resident_id: str, f: Filters) -> dict[str, Any]:
    """Counts of the records matching ``f`` per month (JST, the stored offset) and requesting
    agency. Counted through :func:`_where`, the predicate the list uses, so a record the
    resident may not see in the list is not counted either. Only months with records are
    listed; ``first``/``last`` bound them, so a client can draw every month in between.
    Cached per (resident, filters) like :func:`total`, invalidated by the highest rowid."""
    top = conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM history").fetchone()[0]
    key = (resident_id, f)
    with _cache_lock:
        hit = _monthly_cache.get(key)
    if hit and hit[0] == top:
        return hit[1]
    where, params = _where(resident_id, f)
    # Unfiltered, this reads only the (resident, undisclosed, month, requester) index; the
    # agencies' names come from the facets kept beside the records.
    rows = conn.execute(
        f"SELECT substr(requested_at, 1, 7) AS month, requester_code, COUNT(*)"
        f" FROM history WHERE {where} GROUP BY month, requester_code ORDER BY month, requester_code",
        params,
    ).fetchall()
    months: dict[str, dict[str, int]] = {}
    for month, code, n in rows:
        months.setdefault(month, {})[code] = n
    codes = {r[1] for r in rows}
    names = {
        code: name
        for code, name in conn.execute(
            "SELECT code, name FROM history_facets WHERE resident_id = ? AND kind = 'agency'", (resident_id,)
        )
        if code in codes
    }
    out = {
        "months": [{"month": m, "counts": c} for m, c in months.items()],
        "agencies": [_agency_json(c, names.get(c, c)) for c in sorted(codes)],
        "total": sum(r[2] for r in rows),
        "first": rows[0][0] if rows else None,
        "last": rows[-1][0] if rows else None,
    }
    with _cache_lock:
        if len(_monthly_cache) > 512:
            _monthly_cache.clear()
        _monthly_cache[key] = (top, out)
    return out


def one(conn: sqlite3.Connection, resident_id: str, hid: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM history WHERE id = ? AND resident_id = ? AND undisclosed = 0", (hid, resident_id)
    ).fetchone()
    return to_json(row) if row else None


FACETS_SQL = "INSERT OR IGNORE INTO history_facets (resident_id, kind, code, name) VALUES (?, ?, ?, ?)"


def facet_rows(resident_id: str, requester: tuple[str, str], provider: tuple[str, str], information: str,
               outcome: str) -> list[tuple[str, str, str, str]]:
    """The history_facets rows one record contributes (written next to every history insert)."""
    return [
        (resident_id, "agency", requester[0], requester[1]),
        (resident_id, "agency", provider[0], provider[1]),
        (resident_id, "information", information, information),
        (resident_id, "outcome", outcome, outcome),
    ]


def facets(conn: sqlite3.Connection, resident_id: str) -> dict[str, Any]:
    rows = conn.execute(
        "SELECT kind, code, name FROM history_facets WHERE resident_id = ? ORDER BY kind, name", (resident_id,)
    ).fetchall()
    present = {r[1] for r in rows if r[0] == "outcome"}
    return {
        "agencies": [_agency_json(r[1], r[2]) for r in rows if r[0] == "agency"],
        "information": sorted(r[1] for r in rows if r[0] == "information"),
        "outcomes": [o for o in OUTCOMES if o in present],
    }
