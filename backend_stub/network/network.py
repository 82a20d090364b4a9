"""The information provision network: rule-checked queries between agencies, and their records.

``query`` is what an agency calls: it names itself, its own 符号 for the person, the 別表第二
row it acts under, the provider and the information. The network checks the row, translates
符号, reads the provider's holdings and writes an 情報提供等記録 whatever the outcome
(provided, not_held or refused). ``self_info`` is the portal's path to a resident's own data.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from backend_stub.network import agencies, beppyo2, codes, history
from backend_stub.network.util import iso, new_id, now

# Article numbers are those of 番号法 (平成二十五年法律第二十七号) as amended up to 平成27年法律第65号,
# the text the repo's 別表第二 comes from: there, 別表第二 queries are 第十九条第七号 (later
# amendments renumbered it 第八号), src:bangouho-h27.
LAW_BEPPYO2 = "番号法第19条第7号"
# A resident's own lookup (自己情報表示) is no 別表第二 query. The same text defines the
# 情報提供等記録開示システム in 附則第6条第5項 (disclosure of 情報提供等記録) and, in 附則第6条第6項
# 第1号, its use for other disclosure of personal information under a law or ordinance, which is
# what showing a resident their own data is (src:bangouho-h27).
LAW_SELF_INFO = "番号法附則第6条第6項第1号（情報提供等記録開示システムによる自己情報の開示）"


class NotOnNetworkError(KeyError):
    """The requester or the provider had not yet joined the network at the time of the query
    (agencies.joined): there was no connection, so nothing is answered and nothing recorded."""


@dataclass(frozen=True)
class Trigger:
    kind: str  # application | periodic | self_info
    ref: str | None = None


@dataclass(frozen=True)
class QueryResult:
    outcome: str  # provided | not_held | refused
    history_id: str
    records: tuple[dict[str, Any], ...]  # [{"category", "information", "items", "updated_at"}]
    row: beppyo2.Row | None


def explain(
    outcome: str,
    requester: agencies.Agency,
    provider: agencies.Agency,
    information: str,
    row: beppyo2.Row | None,
    item: str,
) -> str:
    """The plain-language sentence a resident reads for one record."""
    req, prov = requester.title, provider.title
    if outcome == "refused":
        purpose = f"{row.purpose}のため、" if row else ""
        return (
            f"{req}が{purpose}{prov}にあなたの{information}を照会しようとしましたが、"
            f"別表第二にこの照会を認める項がないため、情報提供ネットワークシステムが拒否しました。"
            f"情報は提供されていません。"
        )
    assert row is not None
    if outcome == "provided":
        return (
            f"{req}が{row.purpose}のため、{prov}にあなたの{information}を照会し、提供されました。"
            f"別表第二の{item}の項で認められています。"
        )
    return (
        f"{req}が{row.purpose}のため、{prov}にあなたの{information}を照会しましたが、"
        f"{prov}は該当する情報を保有していなかったため、提供されませんでした。"
        f"別表第二の{item}の項に基づく照会です。"
    )


def record(
    conn: sqlite3.Connection,
    *,
    resident_id: str,
    requester: agencies.Agency,
    provider: agencies.Agency,
    function: str,
    information: str,
    law: str,
    item: str | None,
    outcome: str,
    trigger: Trigger | None,
    explanation: str,
    at: dt.datetime,
    history_id: str | None = None,
    undisclosed: bool = False,
) -> str:
    """Write one 情報提供等記録. ``undisclosed``: an agency judged the record 不開示 (番号法第23条第2項,
    src:bangouho-h27); it is kept, but the resident's list, totals and facets leave it out."""
    hid = history_id or new_id()
    conn.execute(
        "INSERT INTO history (id, resident_id, requested_at, provided_at, requester_code, requester_name,"
        " provider_code, provider_name, function, information, law, beppyo2_item, outcome, trigger_kind,"
        " trigger_ref, explanation, undisclosed, search)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            hid,
            resident_id,
            iso(at),
            iso(at) if outcome == "provided" else None,
            requester.code,
            requester.title,
            provider.code,
            provider.title,
            function,
            information,
            law,
            item,
            outcome,
            trigger.kind if trigger else None,
            trigger.ref if trigger else None,
            explanation,
            1 if undisclosed else 0,
            history.search_text(explanation, function, information, requester.title, provider.title),
        ),
    )
    if undisclosed:
        return hid  # counted nowhere the resident can see
    conn.executemany(
        history.FACETS_SQL,
        history.facet_rows(resident_id, (requester.code, requester.title), (provider.code, provider.title),
                           information, outcome),
    )
    return hid


def holdings(
    conn: sqlite3.Connection, agency_code: str, agency_fugo: str, information: str, at: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """What an agency holds under its own 符号 for this information (or category id).

    The label a query names is read as the holdings category data/beppyo2-map.json gives it
    (「公的年金給付の支給に関する情報」 is answered from the pension records). With ``at``, a
    category the agency keeps by date (agency_records_dated) is answered as it stood then.
    """
    category = agencies.held_as(information) or information
    rows = conn.execute(
        "SELECT category, information, items, updated_at FROM agency_records"
        " WHERE agency_code = ? AND fugo = ? AND (information = ? OR category = ?) ORDER BY category",
        (agency_code, agency_fugo, information, category),
    ).fetchall()
    out = {r[0]: {"category": r[0], "information": r[1], "items": json.loads(r[2]), "updated_at": r[3]} for r in rows}
    if at is not None:
        dated = conn.execute(
            "SELECT category, information, items, valid_from FROM agency_records_dated"
            " WHERE agency_code = ? AND fugo = ? AND (information = ? OR category = ?) ORDER BY category, valid_from",
            (agency_code, agency_fugo, information, category),
        ).fetchall()
        for cat in {r[0] for r in dated}:
            then = [r for r in dated if r[0] == cat and r[3] <= iso(at)]
            if then:
                r = then[-1]
                out[cat] = {"category": r[0], "information": r[1], "items": json.loads(r[2]), "updated_at": r[3]}
            elif cat in out and out[cat]["updated_at"] > iso(at):
                del out[cat]  # nothing held yet at that time
    needed = agencies.held_only_with(information)
    if needed is not None:  # a benefit's payment: held only where the record shows it paid
        out = {c: h for c, h in out.items() if any(i.get("label") in needed for i in h["items"])}
    return [out[c] for c in sorted(out)]


def query(
    conn: sqlite3.Connection,
    requester_code: str,
    requester_fugo: str,
    function_item: str | int,
    provider_code: str,
    information: str,
    *,
    trigger: Trigger | None = None,
    at: dt.datetime | None = None,
    undisclosed: bool = False,
) -> QueryResult:
    """One query through the network; always leaves an 情報提供等記録 in the person's history.

    Raises ``KeyError`` only when the requester or its 符号 is unknown to the network (then
    there is no person to record against), ``NotOnNetworkError`` when either agency had not yet
    joined the network at ``at`` (src:myna-faq-2397, src:mhlw-nenpatsu-0611-2019).
    """
    at = at or now()
    requester = agencies.require(requester_code)
    provider = agencies.require(provider_code)
    for party in (requester, provider):
        if not agencies.joined(party.code, at.date()):
            raise NotOnNetworkError(f"{party.code} had not joined the network on {at.date().isoformat()}")
    resident_id = codes.resident_of(conn, requester_code, requester_fugo)
    if resident_id is None:
        raise KeyError("unknown 符号")
    item = str(function_item)
    allowed_row = agencies.authorize(requester, item, provider, information)
    if allowed_row is None:
        named_row = beppyo2.row(item)
        hid = record(
            conn,
            resident_id=resident_id,
            requester=requester,
            provider=provider,
            function=named_row.function if named_row else "（別表第二に該当する事務なし）",
            information=information,
            law=LAW_BEPPYO2,
            item=item if named_row else None,
            outcome="refused",
            trigger=trigger,
            explanation=explain("refused", requester, provider, information, named_row, item),
            at=at,
            undisclosed=undisclosed,
        )
        return QueryResult("refused", hid, (), named_row)
    provider_fugo = codes.translate(conn, requester_code, requester_fugo, provider_code)
    assert provider_fugo is not None
    found = holdings(conn, provider_code, provider_fugo, information, at)
    outcome = "provided" if found else "not_held"
    hid = record(
        conn,
        resident_id=resident_id,
        requester=requester,
        provider=provider,
        function=allowed_row.function,
        information=information,
        law=LAW_BEPPYO2,
        item=allowed_row.item,
        outcome=outcome,
        trigger=trigger,
        explanation=explain(outcome, requester, provider, information, allowed_row, allowed_row.item),
        at=at,
        undisclosed=undisclosed,
    )
    return QueryResult(outcome, hid, tuple(found), allowed_row)


def query_for(
    conn: sqlite3.Connection,
    resident_id: str,
    requester_code: str,
    function_item: str | int,
    provider_code: str,
    information: str,
    *,
    trigger: Trigger | None = None,
    at: dt.datetime | None = None,
    undisclosed: bool = False,
) -> QueryResult:
    """``query`` on behalf of an agency that knows the person (it looks up its own 符号 first)."""
    own = codes.fugo(conn, resident_id, requester_code)
    return query(conn, requester_code, own, function_item, provider_code, information, trigger=trigger, at=at,
                 undisclosed=undisclosed)


def self_info(
    conn: sqlite3.Connection,
    resident_id: str,
    provider_code: str,
    category: str,
    category_name: str,
    information: str,
    *,
    at: dt.datetime | None = None,
) -> QueryResult:
    """The portal fetches a resident's own data from a provider (自己情報表示); recorded too."""
    at = at or now()
    portal = agencies.require(agencies.PORTAL)
    provider = agencies.require(provider_code)
    provider_fugo = codes.fugo(conn, resident_id, provider_code)
    found = [h for h in holdings(conn, provider_code, provider_fugo, category) if h["category"] == category]
    outcome = "provided" if found else "not_held"
    if found:
        text = (
            f"あなたがマイナポータルで「{category_name}」を表示したため、"
            f"{provider.title}が保有するあなたの{information}を表示しました。"
        )
    else:
        text = (
            f"あなたがマイナポータルで「{category_name}」を表示しようとしましたが、"
            f"{provider.title}はあなたの{information}を保有していませんでした。"
        )
    hid = record(
        conn,
        resident_id=resident_id,
        requester=portal,
        provider=provider,
        function="自己情報の表示",
        information=information,
        law=LAW_SELF_INFO,
        item=None,
        outcome=outcome,
        trigger=Trigger("self_info", category),
        explanation=text,
        at=at,
    )
    return QueryResult(outcome, hid, tuple(found), None)


def store(
    conn: sqlite3.Connection,
    resident_id: str,
    agency_code: str,
    category: str,
    information: str,
    items: list[dict[str, str]],
    updated_at: dt.datetime | None = None,
) -> None:
    """An agency stores what it holds about a person now, under its own 符号."""
    own = codes.fugo(conn, resident_id, agency_code)
    conn.execute(
        "INSERT INTO agency_records (agency_code, fugo, information, category, items, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (agency_code, fugo, category) DO UPDATE SET"
        " information = excluded.information, items = excluded.items, updated_at = excluded.updated_at",
        (
            agency_code,
            own,
            information,
            category,
            json.dumps(items, ensure_ascii=False),
            iso(updated_at or now()),
        ),
    )


def store_dated(
    conn: sqlite3.Connection,
    resident_id: str,
    agency_code: str,
    category: str,
    information: str,
    items: list[dict[str, str]],
    valid_from: dt.datetime,
) -> None:
    """An agency's holding as of a date (e.g. one fiscal year's tax assessment): a query made at
    or after ``valid_from`` (and before a later dated holding of the category) is answered with it."""
    own = codes.fugo(conn, resident_id, agency_code)
    conn.execute(
        "INSERT OR REPLACE INTO agency_records_dated (agency_code, fugo, information, category, items, valid_from)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (agency_code, own, information, category, json.dumps(items, ensure_ascii=False), iso(valid_from)),
    )
