"""The 子育てワンストップ service catalog: every municipality offers the services in
``data/catalog.json``; ``search`` filters them by municipality, situation and words.

The list is sample data (the same services for every municipality). What it states beyond a
sample names a source: the section that handles a service (only where a municipal page names
it), where a resident files and who decides.

``filing_office(service, resident)`` is the one answer to "where does this resident file this
service": the municipality of residence, or, for 児童手当, a 公務員's employer.

Searches run over a precomputed lower-cased text per service, so a query over one
municipality's catalog costs microseconds.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from backend_stub.network import agencies, profiles
from backend_stub.network.beppyo2 import DATA_DIR

NO_DEPARTMENT = "担当窓口は市区町村にお問い合わせください"
# 児童扶養手当法施行規則（昭和三十六年厚生省令第五十一号）第14条: a request to the prefectural governor
# who runs the 福祉事務所 goes through the head of the town or village of residence (src:jifu-kisoku-s36-51-art14).
JIFU_FORWARDING = "児童扶養手当法施行規則第14条"
# 小児慢性特定疾病医療費: the resident applies to the 都道府県 (児童福祉法第19条の3; src:jidoufukushi-s22-164)
# at the 保健所 for where they live (src:ibaraki-kogaho-shouman, src:saitama-fukushi-guide-iryo); some
# cities run it themselves (src:kawagoe-shouman) and the stub has no list of them, so for a 市 the rule is
# named rather than an office (catalog.json ``decider``); for a 町村, the prefecture.
HEALTH_CENTER = "お住まいの地域を管轄する保健所"
HEALTH_CENTER_NOTE = ("この手続は市区町村ではなく都道府県（指定都市・中核市など、自ら行う市もあります）が担当します"
                      "（児童福祉法第19条の3）。申請先はお住まいの地域を管轄する保健所にお問い合わせください。")
PUBLIC_SERVANT = "public_servant"  # a resident situation: 公務員 (児童手当法第17条)
# 児童手当法 cited with its 法令番号 (src:egov-jidouteate-17).
CHILD_ALLOWANCE_ACT_17 = "児童手当法（昭和四十六年法律第七十三号）第17条"


class Resident(Protocol):
    municipality_code: str
    situations: Sequence[str]


@dataclass(frozen=True)
class FilingOffice:
    """Where a resident files a service: an agency (``code``), or a 公務員's employer (``code`` None)."""

    kind: str  # municipality | employer | health_center (the prefecture's 保健所, code None)
    code: str | None
    name: str

    def as_json(self) -> dict[str, str | None]:
        return {"kind": self.kind, "code": self.code, "name": self.name}


@functools.cache
def _catalog() -> dict[str, Any]:
    return json.loads((DATA_DIR / "catalog.json").read_text("utf-8"))


def situations() -> dict[str, str]:
    return dict(_catalog()["situations"])


def services_raw() -> tuple[dict[str, Any], ...]:
    return tuple(_catalog()["services"])


def service(service_id: str) -> dict[str, Any] | None:
    return next((s for s in services_raw() if s["id"] == service_id), None)


def form_ids() -> frozenset[str]:
    return frozenset(s["form_id"] for s in services_raw() if s["form_id"])


def service_for_form(form_id: str) -> dict[str, Any] | None:
    return next((s for s in services_raw() if s["form_id"] == form_id), None)


def _as_service(s: dict[str, Any] | str) -> dict[str, Any]:
    if isinstance(s, str):
        found = service(s) or service_for_form(s)
        if found is None:
            raise KeyError("unknown service")
        return found
    return s


def filing_office(s: dict[str, Any] | str, resident: Resident) -> FilingOffice:
    """Where ``resident`` files service ``s`` (a catalog entry, a service id or a form id).

    Residents file at their own municipality, a 町村 included: for 児童扶養手当 the town takes the
    request and forwards it to the prefecture that decides (``decided_by``). A 公務員 claims
    児童手当 from the employer, not from the municipality (児童手当法第17条第1項;
    src:jidouteate-sekourei-s46-281, src:chiyoda-jidouteate-taisho).
    """
    s = _as_service(s)
    if s.get("public_servant_employer") and PUBLIC_SERVANT in resident.situations:
        return FilingOffice("employer", None, "勤務先（所属庁）")
    if s.get("filing") == "health_center":
        return FilingOffice("health_center", None, HEALTH_CENTER)
    a = agencies.require(resident.municipality_code)
    return FilingOffice("municipality", a.code, a.name)


def _is_town(municipality_code: str) -> bool:
    """A 町 or 村: never a 指定都市 (「政令で指定する人口五十万以上の市」, as quoted in
    src:tokubetsu-jifu-kisoku-s39-38-art1), 中核市 or other city that runs a prefecture's task itself."""
    return agencies.require(municipality_code).name.endswith(("町", "村"))


def decided_by(s: dict[str, Any] | str, municipality_code: str) -> str | None:
    """The agency that decides service ``s`` for residents of the municipality (None: not stated).

    ``prefecture_or_city``: the 都道府県 decides, or the city itself where it is one of the kinds of
    city the law gives the task (``decider.cities``: 指定都市, 中核市, …). A 町村 is none of them, so
    its residents' decider is the prefecture; for a 市 the stub holds no sourced list of those
    cities, so no agency is named (:func:`decider` says the rule instead)."""
    rule = _as_service(s).get("decided_by")
    if rule == "welfare_office":
        return profiles.welfare_office(municipality_code)
    if rule == "municipality":
        return municipality_code
    if rule == "prefecture_or_city" and _is_town(municipality_code):
        return agencies.prefecture_code(municipality_code)
    return None


def decider(s: dict[str, Any] | str, municipality_code: str) -> dict[str, str | None] | None:
    """``decided_by`` as the API gives it: the agency's code and title, or, where the law leaves it
    to the prefecture or certain cities and the stub cannot tell which the city is, the rule
    (code None; e.g. 「埼玉県知事（指定都市では市長）」). None where no source states it."""
    s = _as_service(s)
    code = decided_by(s, municipality_code)
    if code:
        return {"code": code, "name": agencies.require(code).title}
    if s.get("decided_by") == "prefecture_or_city":
        governor = agencies.require(agencies.prefecture_code(municipality_code)).title
        return {"code": None, "name": f"{governor}（{s['decider']['cities']}では市長）"}
    return None


def office_of(s: dict[str, Any], municipality_code: str) -> str:
    """The agency that processes the service (and queries the network): the deciding one."""
    return decided_by(s, municipality_code) or municipality_code


def department(s: dict[str, Any] | str, municipality_code: str) -> dict[str, Any] | None:
    """The section that handles ``s`` in the municipality, only where a municipal source names it."""
    found = _catalog().get("departments", {}).get(municipality_code, {}).get(_as_service(s)["id"])
    return dict(found) if found else None


def notes(s: dict[str, Any], municipality_code: str) -> list[str]:
    """What a resident should know about where to file and who decides."""
    out = []
    office = decided_by(s, municipality_code) if s.get("decided_by") == "welfare_office" else None
    if office and office != municipality_code:
        town = agencies.require(municipality_code).name
        title = agencies.require(office).title
        # Towns may run a 福祉事務所 of their own (47 did on 2024-04-01; src:mhlw-fukushijimusho) and
        # then decide themselves (decider == the town: no note). The stub lists only the towns a
        # source names (agencies.runs_welfare_office), so for any other town the note says so.
        out.append(f"{town}の窓口で受け付け、{title}に送付します。審査と決定は{title}が行います"
                   f"（{JIFU_FORWARDING}）。ただし、福祉事務所を置く町村では町村が審査・決定します。")
    if s.get("decided_by") == "prefecture_or_city":
        rule = s["decider"]
        who = decider(s, municipality_code)
        assert who is not None
        where = (HEALTH_CENTER if s.get("filing") == "health_center"
                 else f"{agencies.require(municipality_code).name}の窓口")
        out.append(f"{where}で受け付け、{who['name']}が{rule['does']}（{rule['law']}）。")
    if s.get("public_servant_employer"):
        out.append(f"公務員の方は、勤務先（所属庁）に請求してください（{CHILD_ALLOWANCE_ACT_17}）。")
    if s.get("filing") == "health_center":
        out.append(HEALTH_CENTER_NOTE)
    if s.get("beppyo2_note"):  # a service no 別表第二 row covers says so, rather than showing nothing
        out.append(s["beppyo2_note"])
    return out


def filing_municipality(resident: profiles.Resident, form_id: str) -> str | None:
    """申請先 as a municipality code: where an application on this form goes for this resident
    (the route refuses any other code). None where no service uses the form, or where the
    resident does not file at a municipality at all (a 公務員 claims 児童手当 from the employer):
    :func:`filing_office` decides.
    """
    if service_for_form(form_id) is None:
        return None
    office = filing_office(form_id, resident)
    return office.code if office.kind == "municipality" else None


@functools.cache
def _haystack(service_id: str) -> str:
    s = next(x for x in services_raw() if x["id"] == service_id)
    words = [s["name"], s["summary"], s["eligibility"], *(situations()[k] for k in s["situations"])]
    words += [d["name"] for d in s["documents"]]
    words += [f"別表第二 {d['beppyo2_item']}項" for d in s["documents"] if d["beppyo2_item"]]
    return unicodedata.normalize("NFKC", " ".join(words)).lower()


@functools.cache
def _entry(service_id: str, municipality_code: str) -> dict[str, Any]:
    """One service as offered in one municipality (immutable parts; copied per answer)."""
    s = service(service_id)
    assert s is not None
    muni = agencies.require(municipality_code)
    dept = department(s, municipality_code)
    health_center = s.get("filing") == "health_center"
    return {
        "id": s["id"],
        "name": s["name"],
        "summary": s["summary"],
        "eligibility": s["eligibility"],
        "deadline": s["deadline"],
        "online": bool(s["online"] and s["form_id"]),
        "form_id": s["form_id"],
        "legal_basis": s["legal_basis"],
        "documents": [dict(d) for d in s["documents"]],
        "where": HEALTH_CENTER if health_center else f"{muni.name} {dept['name']}" if dept else muni.name,
        "filing_office": ({"kind": "health_center", "code": None, "name": HEALTH_CENTER} if health_center
                          else {"kind": "municipality", "code": muni.code, "name": muni.name}),
        "decided_by": decider(s, municipality_code),
        "department": dept["name"] if dept else None,
        "department_sources": list(dept["sources"]) if dept else [],
        "notes": notes(s, municipality_code),
        "sample": True,
        "sources": list(dict.fromkeys([*s.get("sources", ()), *s.get("legal_basis_sources", ())])),
        "situations": list(s["situations"]),
        "municipality_code": municipality_code,
    }


def _copy(entry: dict[str, Any]) -> dict[str, Any]:
    out = dict(entry)
    out["documents"] = [dict(d) for d in entry["documents"]]
    out["filing_office"] = dict(entry["filing_office"])
    if entry["decided_by"]:
        out["decided_by"] = dict(entry["decided_by"])
    for key in ("department_sources", "notes", "sources", "situations"):
        out[key] = list(entry[key])
    return out


def search(municipality_code: str, situation: str | None = None, q: str | None = None) -> list[dict[str, Any]]:
    muni = agencies.agency(municipality_code)
    if muni is None or muni.category != "municipality":
        raise KeyError("unknown municipality")
    needle = unicodedata.normalize("NFKC", q or "").lower().split()
    out = []
    for s in services_raw():
        if municipality_code not in s.get("municipalities", (municipality_code,)):
            continue  # a municipality's own service (a sourced form for that municipality only)
        if situation and situation not in s["situations"]:
            continue
        if needle and not all(w in _haystack(s["id"]) for w in needle):
            continue
        out.append(_copy(_entry(s["id"], municipality_code)))
    return out
