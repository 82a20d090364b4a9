"""The 子育てワンストップ service catalog: every municipality offers the services in
``data/catalog.json``; ``search`` filters them by municipality, situation and words.

Searches run over a precomputed lower-cased text per service, so a query over one
municipality's catalog costs microseconds.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from typing import Any

from backend_stub.network import agencies, profiles
from backend_stub.network.beppyo2 import DATA_DIR


@functools.cache
def _catalog() -> dict[str, Any]:
    return json.loads((DATA_DIR / "catalog.json").read_text("utf-8"))


def situations() -> dict[str, str]:
    return dict(_catalog()["situations"])


def services_raw() -> tuple[dict[str, Any], ...]:
    return tuple(_catalog()["services"])


def form_ids() -> frozenset[str]:
    return frozenset(s["form_id"] for s in services_raw() if s["form_id"])


def service_for_form(form_id: str) -> dict[str, Any] | None:
    return next((s for s in services_raw() if s["form_id"] == form_id), None)


def office_of(service: dict[str, Any], municipality_code: str) -> str:
    """The agency that runs this service for residents of the municipality."""
    if service["office"] == "welfare_office":
        return profiles.welfare_office(municipality_code)
    return municipality_code


def filing_municipality(resident: profiles.Resident, form_id: str) -> str | None:
    """申請先: the municipality code an application on this form goes to for this resident.

    The one place the backend decides it (the route refuses any other code). Today: the
    resident's own municipality (住所地), where the catalog offers a service with this form;
    None where no service uses the form. Rules that send some residents elsewhere (公務員 to
    their employer, 児童扶養手当 in a town) belong here too.
    """
    if service_for_form(form_id) is None:
        return None
    muni = agencies.agency(resident.municipality_code)
    if muni is None or muni.category != "municipality":
        return None
    return resident.municipality_code


@functools.cache
def _haystack(service_id: str) -> str:
    s = next(x for x in services_raw() if x["id"] == service_id)
    words = [s["name"], s["summary"], s["eligibility"], *(situations()[k] for k in s["situations"])]
    words += [d["name"] for d in s["documents"]]
    return unicodedata.normalize("NFKC", " ".join(words)).lower()


def search(municipality_code: str, situation: str | None = None, q: str | None = None) -> list[dict[str, Any]]:
    muni = agencies.agency(municipality_code)
    if muni is None or muni.category != "municipality":
        raise KeyError("unknown municipality")
    needle = unicodedata.normalize("NFKC", q or "").lower().split()
    out = []
    for s in services_raw():
        if situation and situation not in s["situations"]:
            continue
        if needle and not all(w in _haystack(s["id"]) for w in needle):
            continue
        office = agencies.require(office_of(s, municipality_code))
        out.append({
            "id": s["id"],
            "name": s["name"],
            "summary": s["summary"],
            "eligibility": s["eligibility"],
            "deadline": s["deadline"],
            "online": s["online"],
            "form_id": s["form_id"],
            "legal_basis": s["legal_basis"],
            "documents": [dict(d) for d in s["documents"]],
            "where": f"{office.name} {s['section']}",
            "situations": list(s["situations"]),
            "municipality_code": municipality_code,
        })
    return out
