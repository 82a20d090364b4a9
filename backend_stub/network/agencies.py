"""Agencies of the stub network: municipalities, prefectures, national bodies and insurers.

An agency is identified by a code: a municipality or prefecture by its 全国地方公共団体コード
(6 digits, JIS X 0402), a national body or insurer by a short name ("nenkin-kikou").
Each agency acts as one or more of the law's office kinds ("市町村長", "都道府県知事等" ...),
which is what 別表第二 rows name; see ``can_request`` and ``can_provide``.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import unicodedata
from dataclasses import dataclass

from backend_stub.network import beppyo2
from backend_stub.network.beppyo2 import DATA_DIR, Provision, Row

PORTAL = "myna-portal"

# When linkage began: local governments from 2017-07-18 (src:myna-faq-2397). An agency listed in
# agencies.json with a later "joined" takes part from then (日本年金機構: src:nenkin-mynumber-2018,
# src:mhlw-nenpatsu-0611-2019).
NETWORK_START = dt.date(2017, 7, 18)


def joined(code: str, day: dt.date) -> bool:
    """Whether the agency took part in the network on ``day``."""
    for raw in _config()["agencies"]:
        if raw["code"] == code and "joined" in raw:
            return day >= dt.date.fromisoformat(raw["joined"])
    return day >= NETWORK_START


@dataclass(frozen=True)
class Kind:
    kind: str
    scope: tuple[str, ...] = ()

    def applies_to(self, text: str) -> bool:
        return not self.scope or any(word in text for word in self.scope)


@dataclass(frozen=True)
class Agency:
    code: str
    name: str  # the organisation: 新座市
    title: str  # the office the law names: 新座市長
    category: str  # municipality | prefecture | national | insurer | portal
    kinds: tuple[Kind, ...]
    prefecture: str = ""
    # The official English names where one is sourced (agencies.json "sources_en"), else None:
    # clients show the Japanese name marked as having no English yet.
    name_en: str | None = None
    title_en: str | None = None

    def as_json(self) -> dict[str, str | None]:
        return {"code": self.code, "name": self.title, "name_en": self.title_en}


def title_en(code: str) -> str | None:
    """The official English of the office an agency code stands for, where one is known."""
    a = agency(code)
    return a.title_en if a is not None else None


@dataclass(frozen=True)
class Municipality:
    code: str
    name: str  # 新座市 (empty for a prefecture's own row)
    prefecture: str
    kana: str


def lg_check_digit(first5: str) -> str:
    """Check digit of a 全国地方公共団体コード (weights 6..2, mod 11)."""
    r = sum(int(d) * w for d, w in zip(first5, (6, 5, 4, 3, 2), strict=True)) % 11
    return str((11 - r) % 10)


def prefecture_code(municipality_code: str) -> str:
    first5 = municipality_code[:2] + "000"
    return first5 + lg_check_digit(first5)


@functools.cache
def municipalities() -> dict[str, Municipality]:
    """Every municipality and prefecture by code (source: see data/README.md)."""
    out: dict[str, Municipality] = {}
    with (DATA_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            kana = unicodedata.normalize("NFKC", rec["city_kana"] or rec["prefecture_kana"])
            out[rec["code"]] = Municipality(rec["code"], rec["city"], rec["prefecture"], kana)
    return out


@functools.cache
def _config() -> dict:
    return json.loads((DATA_DIR / "agencies.json").read_text("utf-8"))


def runs_welfare_office(code: str) -> bool:
    """A town or village that a source names as running a 福祉事務所 of its own."""
    return code in _config().get("town_welfare_offices", {})


def _kinds(raw: list[dict]) -> tuple[Kind, ...]:
    return tuple(Kind(k["kind"], tuple(k.get("scope", ()))) for k in raw)


@functools.cache
def agency(code: str) -> Agency | None:
    """The agency with this code, or None."""
    for raw in _config()["agencies"]:
        if raw["code"] == code:
            return Agency(raw["code"], raw["name"], raw["title"], raw["category"], _kinds(raw["kinds"]),
                          name_en=raw.get("name_en"), title_en=raw.get("title_en"))
    m = municipalities().get(code)
    if m is None:
        return None
    if not m.name:
        title = m.prefecture + "知事"
        return Agency(
            code, m.prefecture, title, "prefecture", _kinds(_config()["kinds"]["prefecture"]), m.prefecture
        )
    # 市 and 特別区 run their own 福祉事務所; 町村 mostly leave that to the prefecture, except the
    # towns a source names as running one (town_welfare_offices; e.g. src:suo-oshima-fukushijimusho).
    city_like = m.name.endswith(("市", "区")) or runs_welfare_office(code)
    kinds = _kinds(_config()["kinds"]["city" if city_like else "town"])
    return Agency(code, m.name, m.name + "長", "municipality", kinds, m.prefecture)


def require(code: str) -> Agency:
    a = agency(code)
    if a is None:
        raise KeyError(f"unknown agency {code}")
    return a


def can_request(a: Agency, r: Row) -> bool:
    return any(
        k.applies_to(r.function) and any(beppyo2.kind_matches(t, k.kind) for t in r.requester_kinds)
        for k in a.kinds
    )


def can_provide(a: Agency, p: Provision) -> bool:
    return any(
        k.applies_to(p.information) and any(beppyo2.kind_matches(t, k.kind) for t in p.provider_kinds)
        for k in a.kinds
    )


@functools.cache
def _row_map() -> dict:
    """data/beppyo2-map.json: the rows in use as structured fields (src:bangouho-h27)."""
    return json.loads((DATA_DIR / "beppyo2-map.json").read_text("utf-8"))


def mapped_items() -> frozenset[str]:
    return frozenset(_row_map()["rows"])


def held_as(information: str) -> str | None:
    """The category of an agency's holdings that answers a query for ``information``."""
    held: dict[str, str] = _row_map()["held_as"]
    return held.get(information)


def held_only_with(information: str) -> tuple[str, ...] | None:
    """The item labels of which a holding must have one to answer ``information`` (the payment of a
    benefit within a category: a pension record answers pension payments only for a recipient)."""
    held: dict[str, list[str]] = _row_map().get("held_only_with", {})
    labels = held.get(information)
    return tuple(labels) if labels is not None else None


def _kind_of(a: Agency, kinds: list[str], text: str) -> bool:
    return any(k.kind in kinds and k.applies_to(text) for k in a.kinds)


def authorize(requester: Agency, item: str | int, provider: Agency, information: str) -> Row | None:
    """The 別表第二 row that lets ``requester`` ask ``provider`` for ``information`` for row ``item``.

    Rows in data/beppyo2-map.json are matched on their structured fields: the requester's and
    provider's office kinds and the information label must each be one the row names, exactly.
    Other rows fall back to reading the law text of the row.
    """
    r = beppyo2.row(item)
    if r is None:
        return None
    mapped = _row_map()["rows"].get(r.item)
    if mapped is not None:
        if not _kind_of(requester, mapped["requester"], r.function):
            return None
        for p in mapped["provisions"]:
            if information in p["information"] and _kind_of(provider, p["provider"], p["cell"][1]):
                return r
        return None
    if not can_request(requester, r):
        return None
    for p in r.provisions:
        if can_provide(provider, p) and beppyo2.mentions(p.information, information):
            return r
    return None


def search_municipalities(q: str, limit: int = 50) -> list[dict[str, str]]:
    """Municipalities whose name, prefecture, kana or code contains ``q`` (no prefectures)."""
    q = unicodedata.normalize("NFKC", q.strip())
    q = "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in q)  # hiragana → katakana
    out = []
    for m in municipalities().values():
        if not m.name:
            continue
        if not q or q in m.name or q in m.prefecture + m.name or q in m.kana or m.code.startswith(q):
            out.append({"code": m.code, "name": m.name, "prefecture": m.prefecture})
            if len(out) >= limit:
                break
    return out
