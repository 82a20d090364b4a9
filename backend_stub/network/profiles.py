"""Who holds what about a resident: insurer, pension, tax municipality, welfare office.

Derived from the resident's municipality, age, household and situations, with a few
per-demo-resident facts (a recent move, an employer's insurer) so that the demo shows
queries between municipalities. Everything here is fictional.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import Any, Protocol

from backend_stub.network import agencies, util
from backend_stub.network.beppyo2 import DATA_DIR


class Member(Protocol):
    relation: str
    birth_date: dt.date


class Resident(Protocol):
    """What the network needs of ``backend_stub.server.residents.ResidentRow``."""

    id: str
    name: str
    birth_date: dt.date
    municipality_code: str
    household: tuple[Any, ...]
    situations: tuple[str, ...]


@dataclass(frozen=True)
class Profile:
    residence: str  # municipality code
    tax_municipality: str  # residence on 1 January (holds this year's 地方税関係情報)
    moved_from: str | None
    moved_on: dt.date | None
    insurer: str  # agency code of the health insurer
    employed: bool  # 被用者 (厚生年金) or not (国民年金)
    children: tuple[dt.date, ...]


# Demo residents' facts the residents file does not carry.
_DEMO: dict[str, dict[str, Any]] = {
    "r01": {"moved_from": "085421", "moved_on": "2026-02-14", "insurer": "kyokai-kenpo", "employed": True},
    "r02": {"insurer": "hayate-kenpo", "employed": True},
    "r03": {"employed": False},
    "r04": {"employed": False},
    "r05": {"insurer": "kyokai-kenpo", "employed": True},
    "r06": {"moved_from": "112305", "moved_on": "2024-03-20", "insurer": "hayate-kenpo", "employed": True},
    "r07": {"employed": False},
    # 転入 on 2026-09-01 with a card issued before it: the move lapsed his 署名用 certificate
    # (src:fuchu-move-sign-lapse; backend_stub.server.residents.ISSUED_BEFORE_MOVE).
    "r12": {"moved_from": "131016", "moved_on": "2026-09-01", "insurer": "kyokai-kenpo", "employed": True},
}


def demo_move(resident_id: str) -> dt.date | None:
    """The day a demo resident moved in (転入), if the demo has them move."""
    moved_on = _DEMO.get(resident_id, {}).get("moved_on")
    return dt.date.fromisoformat(moved_on) if moved_on else None


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def profile(r: Resident, today: dt.date | None = None) -> Profile:
    today = today or util.today()
    extra = _DEMO.get(r.id, {})
    moved_from = extra.get("moved_from")
    moved_on = dt.date.fromisoformat(extra["moved_on"]) if "moved_on" in extra else None
    residence = r.municipality_code
    if moved_from and moved_on and today < moved_on:
        residence, moved_from, moved_on = moved_from, None, None  # before the move
    jan1 = dt.date(today.year, 1, 1)
    tax_municipality = moved_from if moved_from and moved_on and moved_on > jan1 else residence
    welfare = "welfare" in r.situations
    employed = extra.get("employed", not welfare and age_on(r.birth_date, today) < 65)
    if "insurer" in extra:
        insurer = extra["insurer"]
    elif employed:
        insurer = "kyokai-kenpo"
    else:
        insurer = residence  # 国民健康保険 (生活保護 recipients leave it, see holdings)
    children = tuple(
        sorted(m.birth_date for m in r.household if m.relation == "child" and m.birth_date <= today and age_on(m.birth_date, today) < 19)
    )
    return Profile(residence, tax_municipality, moved_from, moved_on, insurer, employed, children)


def welfare_office(municipality_code: str) -> str:
    """A city (or 特別区) runs its own 福祉事務所, and so does a town a source names
    (agencies.runs_welfare_office); for any other town or village the prefecture does."""
    a = agencies.require(municipality_code)
    if any(k.kind == "都道府県知事等" for k in a.kinds):
        return municipality_code
    return agencies.prefecture_code(municipality_code)


@functools.cache
def categories() -> tuple[dict[str, str], ...]:
    raw = json.loads((DATA_DIR / "self_info.json").read_text("utf-8"))
    return tuple(raw["categories"])


def category(category_id: str) -> dict[str, str] | None:
    return next((c for c in categories() if c["id"] == category_id), None)


def provider_for(r: Resident, p: Profile, rule: str) -> str:
    if rule == "residence":
        return p.residence
    if rule == "tax_municipality":
        return p.tax_municipality
    if rule == "welfare_office":
        return welfare_office(p.residence)
    if rule == "prefecture":
        return agencies.prefecture_code(p.residence)
    if rule == "insurer":
        return p.insurer
    return rule
