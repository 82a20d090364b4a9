"""Every seeded record of every demo resident, read through the portal API, is one the law would
produce: a 別表第二 query names a row of the 2015 text (src:bangouho-h27) whose structured fields in
data/beppyo2-map.json allow exactly that requester, provider and information (or, when refused, none
does), and no agency appears before it took part in the network (src:myna-faq-2397,
src:mhlw-nenpatsu-0611-2019). The table itself is checked against the law text it was taken from."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from backend_stub.network import agencies, beppyo2, network, processing
from backend_stub.network.history import PROVISION_BEPPYO2, PROVISION_NONE, PROVISION_SELF_INFO
from tests.fixtures.stub import API, InProcessStub

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "backend_stub" / "data"
FORMS = ROOT / "resources" / "forms"


def _residents() -> list[str]:
    return [r["id"] for r in json.loads((DATA / "residents.json").read_text("utf-8"))["residents"]]


def _history(stub: InProcessStub, resident_id: str) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {stub.login(resident_id)}"}
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        query: dict[str, Any] = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        body = stub.client.get(f"{API}/history", params=query, headers=headers).json()
        out += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return out


@pytest.fixture
def seeded(stub_app: InProcessStub) -> dict[str, list[dict[str, Any]]]:
    return {rid: _history(stub_app, rid) for rid in _residents()}


def test_every_seeded_record_is_one_the_table_allows(seeded) -> None:
    rows_seen: set[str] = set()
    wrong: list[tuple[str, str, str, str, str | None, str, str]] = []
    for rid, records in seeded.items():
        for r in records:
            item, provision = r["legal_basis"]["beppyo2_item"], r["legal_basis"]["provision"]
            if provision == PROVISION_SELF_INFO:
                assert item is None, r
                assert r["requester"]["code"] == agencies.PORTAL, r
                assert r["legal_basis"]["law"] == network.LAW_SELF_INFO, r
                continue
            # A refused query rests on no provision; its law and row are what the requester cited.
            assert provision == (PROVISION_NONE if r["outcome"] == "refused" else PROVISION_BEPPYO2), r
            assert r["legal_basis"]["law"] == network.LAW_BEPPYO2 == "番号法第19条第7号"
            assert item in agencies.mapped_items(), (rid, item)  # matched on structured fields
            rows_seen.add(item)
            requester = agencies.require(r["requester"]["code"])
            provider = agencies.require(r["provider"]["code"])
            assert (r["requester"]["name"], r["provider"]["name"]) == (requester.title, provider.title)
            row = beppyo2.row(item)
            assert row is not None
            assert r["function"] == row.function, r
            allowed = agencies.authorize(requester, item, provider, r["information"]) is not None
            if allowed != (r["outcome"] != "refused"):
                wrong.append((rid, r["requested_at"][:10], requester.title, provider.title, item,
                              r["information"], r["outcome"]))
    assert not wrong, wrong
    assert rows_seen  # the seed does make 別表第二 queries


def test_no_seeded_record_predates_its_agencies_joining_the_network(seeded) -> None:
    early = []
    for rid, records in seeded.items():
        for r in records:
            day = dt.date.fromisoformat(r["requested_at"][:10])
            for side in ("requester", "provider"):
                code = r[side]["code"]
                if code != agencies.PORTAL and not agencies.joined(code, day):
                    early.append((rid, day.isoformat(), code))
    assert not early, early
    assert not agencies.joined("112305", dt.date(2017, 7, 17))  # src:myna-faq-2397
    assert agencies.joined("112305", dt.date(2017, 7, 18))
    assert not agencies.joined("nenkin-kikou", dt.date(2019, 6, 30))  # src:mhlw-nenpatsu-0611-2019
    assert agencies.joined("nenkin-kikou", dt.date(2019, 7, 1))


def test_a_query_from_an_agency_not_yet_joined_is_not_answered(stub_app: InProcessStub) -> None:
    # The network itself, not only the seed, keeps an agency out before it took part: no answer
    # and no record (there was no connection to record).
    db = stub_app.app.state.stub.db
    before = network.now().replace(year=2019, month=6, day=1)
    count = db.query_one("SELECT COUNT(*) FROM history WHERE resident_id = 'r02'")[0]
    with db.transaction() as conn, pytest.raises(network.NotOnNetworkError):
        network.query_for(conn, "r02", "112305", 75, "nenkin-kikou", "年金給付関係情報", at=before)
    with db.transaction() as conn, pytest.raises(network.NotOnNetworkError):
        network.query_for(conn, "r02", "112305", 74, "085421", "地方税関係情報", at=before.replace(year=2017))
    assert db.query_one("SELECT COUNT(*) FROM history WHERE resident_id = 'r02'")[0] == count
    with db.transaction() as conn:  # from the day it joined, it answers
        joined = before.replace(month=7, day=1)
        assert network.query_for(conn, "r02", "112305", 75, "nenkin-kikou", "年金給付関係情報", at=joined).outcome


def _rows_in_use() -> set[str]:
    forms = set()
    for path in FORMS.glob("*.json"):
        if path.stem in ("form.schema", "messages"):
            continue
        form = json.loads(path.read_text("utf-8"))
        forms |= {str(i) for i in form.get("procedure", {}).get("beppyo2_items", [])}
        forms |= {str(i) for i in processing.declared_rows(form["form_id"])}
    catalog = json.loads((DATA / "catalog.json").read_text("utf-8"))
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in ("beppyo2_item", "beppyo2_items"):
                    found.update(str(i) for i in (v if isinstance(v, list) else [v]) if i)
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(catalog)
    return forms | found


def test_every_row_the_forms_the_catalog_and_processing_use_is_in_the_structured_table(seeded) -> None:
    seed = {r["legal_basis"]["beppyo2_item"] for records in seeded.values() for r in records
            if r["legal_basis"]["beppyo2_item"]}
    in_use = _rows_in_use() | seed
    assert in_use - agencies.mapped_items() == set()
    # The data README lists the rows in use (the list the issue asked for).
    readme = (DATA / "README.md").read_text("utf-8")
    listed = readme.split("the catalog use (", 1)[1].split(")", 1)[0]
    assert {s.strip() for s in listed.replace("\n", " ").split(",")} == set(agencies.mapped_items())


def test_the_structured_table_says_what_the_2015_text_says() -> None:
    law = {r["no"]: r for r in json.loads((DATA / "beppyo2-2015.json").read_text("utf-8"))}
    table = json.loads((DATA / "beppyo2-map.json").read_text("utf-8"))
    assert table["sources"] == ["src:bangouho-h27"]
    for item, mapped in table["rows"].items():
        text = law[mapped["no"]]
        assert beppyo2.item_id(mapped["no"]) == item
        assert text["jimu"].startswith(mapped["function"]), item
        cells = [(p, i.removesuffix("であって主務省令で定めるもの")) for p, i in text["prov"]]
        for p in mapped["provisions"]:
            assert tuple(p["cell"]) in cells, (item, p["cell"])
            for label in p["information"]:
                assert label in p["cell"][1], (item, label)  # a label is the law's own words
            for kind in p["provider"]:
                assert kind in p["cell"][0], (item, kind)
        for kind in mapped["requester"]:
            assert kind in text["req"], (item, kind)


def test_the_seeds_only_refusals_are_its_one_deliberate_example(seeded) -> None:
    # A refusal the seed did not mean (row 108's 「五霞町長→茨城県知事 障害者関係情報」 was one) would
    # pass the table check above; the seed means exactly one kind: an employees' health insurer
    # asking for 生活保護関係情報 under its own row, which names none (別表第二 2 and 3).
    from backend_stub.network.seed import REFUSED_DEMO_INFORMATION, REFUSED_DEMO_ROWS

    refused = {(r["requester"]["code"], r["legal_basis"]["beppyo2_item"], r["information"])
               for records in seeded.values() for r in records if r["outcome"] == "refused"}
    assert refused
    assert refused <= {(code, item, REFUSED_DEMO_INFORMATION) for code, item in REFUSED_DEMO_ROWS.items()}
