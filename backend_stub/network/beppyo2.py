"""番号法 別表第二 (the 2015 text, src:bangouho-h27) as data, and the rule check the network applies.

Each row names a 情報照会者 (requester), its 事務 (function) and one or more pairs of
情報提供者 (provider) and 特定個人情報 (information). The network allows a query only when
one row names that requester, function, provider and information together.

Requesters and providers are written in the law as kinds of office ("市町村長",
"都道府県知事等", "厚生労働大臣若しくは日本年金機構又は共済組合等" ...); information is written
as defined terms ("地方税関係情報" ...) or as descriptive phrases. This module parses both
so that a concrete agency (see ``agencies``) can be matched against a row.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_SUFFIX = "であって主務省令で定めるもの"
_SPLIT = re.compile(r"又は|若しくは|、|及び|並びに")
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def kanji_to_int(text: str) -> int:
    """Parse a kanji numeral below 1000 ("百十六" → 116)."""
    total, current = 0, 0
    for ch in text:
        if ch in _DIGITS:
            current = _DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a kanji numeral: {text!r}")
    return total + current


def item_id(no: str) -> str:
    """The row number in Arabic digits: "七十四" → "74", "五十六の二" → "56の2"."""
    base, _, branch = no.partition("の")
    out = str(kanji_to_int(base))
    return f"{out}の{kanji_to_int(branch)}" if branch else out


def strip_parentheses(text: str) -> str:
    """Drop (nested) full-width parenthetical remarks, which hold definitions and provisos."""
    while True:
        shorter = re.sub(r"（[^（）]*）", "", text)
        if shorter == text:
            return text
        text = shorter


def party_tokens(text: str) -> tuple[str, ...]:
    """The kinds of office a requester or provider cell names ("A若しくはB又はC" → (A, B, C))."""
    return tuple(t for t in _SPLIT.split(strip_parentheses(text)) if t)


@dataclass(frozen=True)
class Provision:
    """One (provider, information) pair of a row."""

    provider: str
    information: str
    provider_kinds: tuple[str, ...]
    terms: tuple[str, ...]  # defined information terms the cell names


@dataclass(frozen=True)
class Row:
    item: str  # "74", "56の2"
    no: str  # as in the law text: "七十四"
    requester: str
    requester_kinds: tuple[str, ...]
    function: str  # the 事務 without the ministerial-order suffix
    provisions: tuple[Provision, ...]

    @property
    def purpose(self) -> str:
        """A short purpose for explanations ("児童手当の支給"), curated for common rows."""
        short = SHORT_PURPOSES.get(self.item)
        if short:
            return short
        return strip_parentheses(self.function).removesuffix("に関する事務")


# Plain-language purposes for the rows residents meet most; other rows fall back to the law text.
SHORT_PURPOSES = {
    "2": "健康保険の給付",
    "3": "健康保険の給付",
    "11": "障害児通所給付費の支給",
    "26": "生活保護の決定・実施",
    "31": "公営住宅の管理",
    "42": "国民健康保険の給付・保険料の徴収",
    "44": "国民健康保険料の徴収",
    "47": "国民年金の給付・保険料免除",
    "48": "国民年金の給付・保険料の徴収",
    "57": "児童扶養手当の支給",
    "64": "ひとり親家庭の日常生活支援",
    "66": "特別児童扶養手当の支給",
    "70": "養育医療の費用徴収",
    "74": "児童手当の支給",
    "75": "児童手当の支給",
    "77": "雇用保険の給付",
    "94": "介護保険の給付・保険料の徴収",
    "106": "奨学金の貸与",
    "108": "障害福祉サービスの支給",
    "113": "高等学校等就学支援金の支給",
    "116": "保育の利用（教育・保育給付）の認定",
}


def _shorten(text: str) -> str:
    return text.removesuffix(_SUFFIX).strip()


@functools.cache
def vocabulary() -> tuple[str, ...]:
    """Every defined information term (「…関係情報」という), longest first."""
    raw = (DATA_DIR / "beppyo2-2015.json").read_text("utf-8")
    terms: set[str] = set()
    for r in json.loads(raw):
        for _prov, info in r["prov"]:
            terms.update(re.findall(r"「([^」]+)」という", info))
    return tuple(sorted(terms, key=len, reverse=True))


def mentions(cell: str, information: str) -> bool:
    """Whether an information cell names ``information``.

    Longer defined terms that merely contain it ("特別児童扶養手当関係情報" contains
    "児童扶養手当関係情報") are taken out first, so they do not count as a mention.
    """
    if not information:
        return False
    text = cell
    for term in vocabulary():
        if term != information and information in term:
            text = text.replace(term, "")
    return information in text


def _terms_of(cell: str) -> tuple[str, ...]:
    found = []
    text = cell
    for term in vocabulary():
        if term in text:
            found.append(term)
            text = text.replace(term, "")
    return tuple(found)


@functools.cache
def rows() -> tuple[Row, ...]:
    """All rows of 別表第二 in item order (deleted rows are left out)."""
    raw = (DATA_DIR / "beppyo2-2015.json").read_text("utf-8")
    out = []
    for r in json.loads(raw):
        if r["req"] == "削除" or not r["prov"]:
            continue
        provisions = tuple(
            Provision(
                provider=p,
                information=_shorten(i),
                provider_kinds=party_tokens(p),
                terms=_terms_of(i),
            )
            for p, i in r["prov"]
        )
        out.append(
            Row(
                item=item_id(r["no"]),
                no=r["no"],
                requester=r["req"],
                requester_kinds=party_tokens(r["req"]),
                function=_shorten(r["jimu"]),
                provisions=provisions,
            )
        )
    out.sort(key=_sort_key)
    return tuple(out)


def _sort_key(row: Row) -> tuple[int, int]:
    base, _, branch = row.item.partition("の")
    return int(base), int(branch or 0)


@functools.cache
def by_item() -> dict[str, Row]:
    return {r.item: r for r in rows()}


def row(item: str | int) -> Row | None:
    return by_item().get(str(item))


def kind_matches(token: str, kind: str) -> bool:
    """A party token names ``kind`` exactly or as its tail ("…事業主体である都道府県知事")."""
    return token == kind or (token.endswith(kind) and not token.endswith(kind + "等"))


def allowed(requester_kind: str, function: str | int, provider_kind: str, information: str) -> Row | None:
    """The row that allows this query, or None.

    ``function`` is a row item ("74") or the row's 事務 text; kinds are the law's words
    for offices ("市町村長"); ``information`` is a defined term or a phrase of the cell.
    """
    candidates: tuple[Row, ...]
    r = row(function)
    candidates = (r,) if r is not None else tuple(x for x in rows() if x.function == _shorten(str(function)))
    for r in candidates:
        if not any(kind_matches(t, requester_kind) for t in r.requester_kinds):
            continue
        for p in r.provisions:
            if any(kind_matches(t, provider_kind) for t in p.provider_kinds) and mentions(
                p.information, information
            ):
                return r
    return None
