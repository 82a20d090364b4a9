"""Reading a resident's やりとり履歴: keyset-paged lists, filters, facets, one record.

Pages use the index on (resident_id, undisclosed, requested_at, id): the cursor carries the last
row's (requested_at, id), so a page costs the same at row 10 and at row 100,000. A trigger filter
has indexes of its own, (…, trigger_kind, requested_at, id) and (…, trigger_ref, requested_at,
id) for the rows that have a ref, so one application's records are a short index range however
many other records the resident has. Totals are cached per (resident, filters) and invalidated
by the table's highest rowid (records are added) and cleared when expired records are purged.
Records an agency marked 不開示 (番号法第23条第2項) are kept but never listed, counted or faceted:
answering even whether one exists could disclose what the law withholds (行政機関個人情報保護法
第17条), src:bangouho-h27, src:gyoseikojinjoho-h15.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal, get_args

from backend_stub.network import agencies
from backend_stub.network.cursors import BadCursorError, CursorSigner
from backend_stub.network.util import iso, parse_time

OUTCOMES = ("provided", "not_held", "refused")
# Provisions a record rests on, as codes clients word (article numbers of the 2015 text, src:bangouho-h27).
PROVISION_BEPPYO2 = "art19_7"  # 番号法第19条第7号 and a 別表第二 row
PROVISION_SELF_INFO = "suppl6_6_1"  # 番号法附則第6条第6項第1号: the resident's own lookup
PROVISION_NONE = "none"  # a refused query: no provision allowed it (law/row are what the requester cited)


def provision_of(trigger_kind: str | None, outcome: str) -> str:
    if outcome == "refused":
        return PROVISION_NONE
    return PROVISION_SELF_INFO if trigger_kind == "self_info" else PROVISION_BEPPYO2
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
        "legal_basis": {
            "law": row["law"],
            "beppyo2_item": row["beppyo2_item"],
            "provision": provision_of(row["trigger_kind"], row["outcome"]),
        },
        "outcome": row["outcome"],
        "trigger": {"kind": row["trigger_kind"], "ref": row["trigger_ref"]} if row["trigger_kind"] else None,
        "explanation": row["explanation"],
    }


# The texts a history search looks in, in this order (joined by a line feed, which none holds).
SEARCHED = ("explanation", "function", "information", "requester_name", "provider_name")
_SEARCHED_SQL = " || char(10) || ".join(SEARCHED)


def search_text(*texts: str) -> str:
    """The ``search`` column of a record: its SEARCHED texts, NFKC, as the query is."""
    return unicodedata.normalize("NFKC", "\n".join(texts))


def fill_search(conn: sqlite3.Connection, batch: int = 5000) -> int:
    """Write ``search`` for the records that lack it (made before the column); returns how many."""
    filled = 0
    while True:
        rows = conn.execute(f"SELECT rowid, {', '.join(SEARCHED)} FROM history WHERE search IS NULL LIMIT ?",
                            (batch,)).fetchall()
        if not rows:
            return filled
        conn.executemany("UPDATE history SET search = ? WHERE rowid = ?",
                         [(search_text(*row[1:]), row[0]) for row in rows])
        filled += len(rows)


def _bound(text: str, end: bool) -> str:
    """A from/to filter as a stored timestamp; a bare date covers that whole day."""
    try:
        t = parse_time(text)
        if len(text) == 10:
            return dt.date.fromisoformat(text).isoformat() + ("T23:59:59+09:00" if end else "T00:00:00+09:00")
        return iso(t)
    except ValueError:
        raise BadQueryError("from/to must be RFC 3339 dates or date-times") from None


def _where(resident_id: str, f: Filters) -> tuple[str, list[Any]]:
    clauses = ["resident_id = ?", "undisclosed = 0"]
    params: list[Any] = [resident_id]
    if f.date_from is not None:
        clauses.append("requested_at >= ?")
        params.append(_bound(f.date_from, end=False))
    if f.date_to is not None:
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
        # NFKC on both sides, as the municipality and catalog searches do: a query typed or
        # pasted decomposed (NFD), in full-width Latin or half-width kana, or with an ASCII
        # bracket where the record has a full-width one, finds the records. ``search`` holds
        # the record's texts in NFKC; a row written without it (by hand) is searched as stored.
        q = unicodedata.normalize("NFKC", f.q)
        clauses.append(f"COALESCE(search, {_SEARCHED_SQL}) LIKE ? ESCAPE '\\'")
        params.append("%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    return " AND ".join(clauses), params


def _cursor_scope(resident_id: str, f: Filters, oldest_first: bool) -> str:
    """What a cursor is good for: this resident's list, in this order, under these filters. A
    position read under one sort or filter means nothing under another (it would skip or repeat
    records), so a cursor issued for one view is refused by every other."""
    return json.dumps([resident_id, "asc" if oldest_first else "desc", list(dataclasses.astuple(f))],
                      ensure_ascii=True, separators=(",", ":"))


def encode_cursor(cursors: CursorSigner, scope: str, requested_at: str, hid: str) -> str:
    return cursors.encode("history", scope, requested_at, hid)


def decode_cursor(cursors: CursorSigner, scope: str, cursor: str) -> tuple[str, str]:
    try:
        at, hid = cursors.decode("history", scope, cursor, 2)
    except BadCursorError as exc:
        raise BadQueryError(str(exc)) from None
    return at, hid


_total_cache: dict[tuple[Any, ...], tuple[int, int]] = {}
_cache_lock = threading.Lock()


def total(conn: sqlite3.Connection, resident_id: str, f: Filters) -> int:
    top = top_rowid(conn)
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
    cursors: CursorSigner,
) -> dict[str, Any]:
    where, params = _where(resident_id, f)
    scope = _cursor_scope(resident_id, f, oldest_first)
    if cursor:
        at, hid = decode_cursor(cursors, scope, cursor)
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
        "next_cursor": encode_cursor(cursors, scope, rows[-1]["requested_at"], rows[-1]["id"]) if more and rows else None,
        "total": total(conn, resident_id, f),
    }


_monthly_cache: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = {}


def monthly(conn: sqlite3.Connection, resident_id: str, f: Filters) -> dict[str, Any]:
    """Counts of the records matching ``f`` per month (JST, the stored offset) and requesting
    agency. Counted through :func:`_where`, the predicate the list uses, so a record the
    resident may not see in the list is not counted either. Only months with records are
    listed; ``first``/``last`` bound them, so a client can draw every month in between.
    Cached per (resident, filters) like :func:`total`, invalidated by the highest rowid."""
    top = top_rowid(conn)
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


# Facets count the visible records that name them; a facet whose count falls to 0 is not shown.
FACETS_SQL = (
    "INSERT INTO history_facets (resident_id, kind, code, name, n) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (resident_id, kind, code) DO UPDATE SET n = n + excluded.n"
)


def facet_rows(resident_id: str, requester: tuple[str, str], provider: tuple[str, str], information: str,
               outcome: str, n: int = 1) -> list[tuple[str, str, str, str, int]]:
    """The history_facets rows one visible record contributes (``n`` = -1 when it is purged)."""
    return [
        (resident_id, "agency", requester[0], requester[1], n),
        (resident_id, "agency", provider[0], provider[1], n),
        (resident_id, "information", information, information, n),
        (resident_id, "outcome", outcome, outcome, n),
    ]


# 番号法第23条第1項 keeps 情報提供等記録 for the period a cabinet order sets: 7 years
# (src:bangouho-h27, src:myna-faq-2397). Older records are purged.
RETENTION_YEARS = 7


def retention_cutoff(today: dt.datetime) -> str:
    """The oldest requested_at still kept on ``today`` (the same day 7 years earlier)."""
    try:
        start = today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - RETENTION_YEARS, day=28)
    return iso(start)


def purge_expired(conn: sqlite3.Connection, today: dt.datetime, resident_id: str | None = None) -> int:
    """Delete records older than the retention period, and their share of the facet counts."""
    cutoff = retention_cutoff(today)
    where = "requested_at < ?" + (" AND resident_id = ?" if resident_id else "")
    params: list[Any] = [cutoff, *([resident_id] if resident_id else [])]
    rows = conn.execute(
        f"SELECT resident_id, requester_code, requester_name, provider_code, provider_name, information, outcome,"
        f" undisclosed FROM history WHERE {where}", params
    ).fetchall()
    if not rows:
        return 0
    counts: dict[tuple[str, str, str, str], int] = {}
    for r in rows:
        if r[7]:
            continue  # undisclosed records never counted
        for rid, kind, code, name, _n in facet_rows(r[0], (r[1], r[2]), (r[3], r[4]), r[5], r[6]):
            counts[(rid, kind, code, name)] = counts.get((rid, kind, code, name), 0) - 1
    conn.execute(f"DELETE FROM history WHERE {where}", params)
    conn.executemany(FACETS_SQL, [(*k, n) for k, n in counts.items()])
    with _cache_lock:
        # Keyed by the highest rowid, which a delete may leave unchanged.
        _total_cache.clear()
        _monthly_cache.clear()
    return len(rows)


def top_rowid(conn: sqlite3.Connection) -> int:
    """The highest rowid of the history: it changes whenever a record is added."""
    return int(conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM history").fetchone()[0])


def facets(conn: sqlite3.Connection, resident_id: str) -> dict[str, Any]:
    rows = conn.execute(
        "SELECT kind, code, name FROM history_facets WHERE resident_id = ? AND n > 0 ORDER BY kind, name",
        (resident_id,),
    ).fetchall()
    present = {r[1] for r in rows if r[0] == "outcome"}
    return {
        "agencies": [_agency_json(r[1], r[2]) for r in rows if r[0] == "agency"],
        "information": sorted(r[1] for r in rows if r[0] == "information"),
        "outcomes": [o for o in OUTCOMES if o in present],
    }
