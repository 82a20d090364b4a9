"""What a resident reads in the service catalog, in decisions and in わたしの情報 agrees with the
law and with the resident's own situation (issue 15: offices, rows, decisions, seed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from backend_stub.network import applications, catalog, insurers, processing
from tests.unit.test_network_http import API, _submit, auth, get

FORMS = Path(__file__).resolve().parents[2] / "resources" / "forms"


@pytest.fixture(autouse=True)
def _no_auto_advance(monkeypatch):
    monkeypatch.setenv("MYNASTUB_AUTO_ADVANCE_SECONDS", "0")


def services(stub, municipality: str, **params) -> dict[str, dict]:
    answer = stub.client.get(f"{API}/services", params={"municipality": municipality, **params})
    assert answer.status_code == 200, answer.text
    return {s["id"]: s for s in answer.json()}


# -- offices -----------------------------------------------------------------------------------


def test_a_town_resident_files_child_support_at_the_town_and_the_prefecture_decides(stub_app):
    jifu = services(stub_app, "085421")["jifu-genkyo"]
    assert jifu["where"].startswith("五霞町")
    assert jifu["filing_office"] == {"kind": "municipality", "code": "085421", "name": "五霞町"}
    assert jifu["decided_by"] == {"code": "080004", "name": "茨城県知事"}
    assert any("五霞町の窓口で受け付け" in n and "茨城県知事" in n for n in jifu["notes"])
    city = services(stub_app, "112305")["jifu-genkyo"]
    assert city["decided_by"]["name"] == "新座市長"
    assert not city["notes"]


def test_a_town_that_runs_its_own_welfare_office_decides_itself(stub_app):
    # 周防大島町 set up its own 福祉事務所 on 2012-04-01 and took 児童扶養手当 over from 山口県
    # (src:suo-oshima-fukushijimusho): residents file there and the town decides.
    for service_id in ("jifu-genkyo", "jifu-nintei"):
        s = services(stub_app, "353051")[service_id]
        assert s["filing_office"]["code"] == "353051"
        assert s["decided_by"] == {"code": "353051", "name": "周防大島町長"}
        assert not any("山口県知事" in n for n in s["notes"])
    # Its 福祉事務所 is the 都道府県知事等 that asks under row 57, not 山口県知事.
    from backend_stub.network import agencies, beppyo2, profiles

    assert profiles.welfare_office("353051") == "353051"
    assert agencies.can_request(agencies.require("353051"), beppyo2.row("57"))
    # ... so its own office processes the application and sends the decision notice
    assert catalog.office_of(catalog.service("jifu-genkyo"), "353051") == "353051"
    assert catalog.office_of(catalog.service("jifu-genkyo"), "085421") == "080004"
    # A town not on the sourced list still forwards to its prefecture.
    assert profiles.welfare_office("085421") == "080004"
    assert not agencies.can_request(agencies.require("085421"), beppyo2.row("57"))


def test_one_function_says_where_a_resident_files():
    town = SimpleNamespace(municipality_code="085421", situations=("single_parent",))
    assert catalog.filing_office("jifu-genkyo", town).code == "085421"
    servant = SimpleNamespace(municipality_code="112305", situations=("public_servant",))
    office = catalog.filing_office("jidou-teate-nintei", servant)
    assert (office.kind, office.code) == ("employer", None)
    assert catalog.filing_office("hoiku-riyou", servant).code == "112305"


def test_the_nursery_status_report_is_not_offered_online(stub_app):
    genkyo = services(stub_app, "112305")["hoiku-genkyo"]
    assert genkyo["online"] is False
    assert all(s["form_id"] for s in services(stub_app, "112305").values() if s["online"])


def test_sections_are_named_only_where_a_municipal_source_names_them(stub_app):
    niiza = services(stub_app, "112305")
    assert niiza["hoiku-riyou"]["department"] == "保育課"
    assert niiza["hoiku-riyou"]["department_sources"] == ["src:niiza-hoiku-korekara"]
    chiyoda = services(stub_app, "131016")
    assert chiyoda["hoiku-riyou"]["where"] == "千代田区 子ども支援課"
    assert chiyoda["hoiku-genkyo"]["department"] is None  # no page names it
    # 新座市's page names 保育課 for the application only (src:niiza-hoiku-korekara), not the 現況届
    assert niiza["hoiku-genkyo"]["department"] is None
    assert niiza["hoiku-genkyo"]["where"] == "新座市"
    goka = services(stub_app, "085421")
    assert goka["hoiku-riyou"]["department"] is None
    assert goka["hoiku-riyou"]["where"] == "五霞町"
    assert "保育課" not in json.dumps(goka, ensure_ascii=False)
    for entry in [*niiza.values(), *goka.values()]:
        assert entry["sample"] is True
        assert bool(entry["department"]) == bool(entry["department_sources"])


def test_new_child_care_services_are_searchable_with_their_rows(stub_app):
    shouman = services(stub_app, "112305", q="小児慢性")
    assert set(shouman) == {"shouman-iryouhi"}
    assert {d["beppyo2_item"] for d in shouman["shouman-iryouhi"]["documents"] if d["replaced_by_linkage"]} == {"9"}
    assert "ninpu-kenshin" in services(stub_app, "112305", situation="pregnancy")
    assert "yobou-sesshu" in services(stub_app, "112305", q="予防接種")
    single = services(stub_app, "085421", situation="single_parent")
    assert {"jifu-nintei", "jifu-genkyo", "hitorioya-nichijo", "kafu-kashitsuke"} <= set(single)
    assert set(services(stub_app, "112305", q="別表第二 63項")) == {"kafu-kashitsuke"}


# -- rows declared and queried ------------------------------------------------------------------


@pytest.mark.parametrize("form_path", sorted(p for p in FORMS.glob("*.json") if p.stem not in ("form.schema", "messages")),
                         ids=lambda p: p.stem)
def test_a_form_declares_exactly_the_rows_its_processing_queries(form_path):
    form = json.loads(form_path.read_text("utf-8"))
    declared = tuple(sorted(form["procedure"].get("beppyo2_items", [])))
    assert declared == processing.declared_rows(form["form_id"])
    replaced = {a["replaced_by_linkage"]["beppyo2_item"] for a in form["attachments"]
                if a.get("replaced_by_linkage") and a["replaced_by_linkage"].get("beppyo2_item")}
    assert replaced <= set(declared)
    service = catalog.service_for_form(form["form_id"])
    assert {int(d["beppyo2_item"]) for d in service["documents"] if d["beppyo2_item"]} <= set(declared)


@pytest.mark.parametrize(("rid", "form_id"), [("r01", "jidou-teate-genkyo"), ("r01", "jidou-teate-gakukaitei")])
def test_the_records_an_application_leaves_are_the_rows_its_form_declares(stub_app, rid, form_id):
    app = _submit(stub_app, rid, form_id, f"rows-{form_id}").json()
    applications.advance_all(stub_app.app.state.stub.db)
    h = auth(stub_app, rid)
    records = get(stub_app, "/history", h, trigger_ref=app["id"], limit=200).json()["items"]
    form = json.loads((FORMS / f"{form_id}.json").read_text("utf-8"))
    assert {int(r["legal_basis"]["beppyo2_item"]) for r in records} == set(form["procedure"]["beppyo2_items"])


# -- decisions ----------------------------------------------------------------------------------


def test_an_approval_names_the_records_it_relied_on(stub_app):
    app = _submit(stub_app, "r01", "jidou-teate-nintei", "approve").json()
    applications.advance_all(stub_app.app.state.stub.db)
    h = auth(stub_app, "r01")
    done = get(stub_app, f"/applications/{app['id']}", h).json()
    assert done["status"] == "approved"
    notice = get(stub_app, f"/notices/{done['notice_id']}", h).json()
    records = get(stub_app, "/history", h, trigger_ref=app["id"], limit=200).json()["items"]
    assert len(records) == 2
    for r in records:
        assert r["outcome"] == "provided"
        assert r["id"] in notice["body"]
    assert "書類の提出は不要" in notice["body"]


def test_a_query_that_was_not_held_leads_to_a_request_for_the_document(stub_app):
    db = stub_app.app.state.stub.db
    with db.transaction() as conn:  # the tax municipality holds nothing for r01 this year
        for table in ("agency_records", "agency_records_dated"):  # current and dated holdings
            conn.execute(f"DELETE FROM {table} WHERE agency_code = '085421' AND category = 'tax' AND fugo ="
                         " (SELECT fugo FROM link_codes WHERE resident_id = 'r01' AND agency_code = '085421')")
    app = _submit(stub_app, "r01", "jidou-teate-nintei", "not-held").json()
    applications.advance_all(db)
    h = auth(stub_app, "r01")
    done = get(stub_app, f"/applications/{app['id']}", h).json()
    assert done["status"] == "documents_requested"
    assert "approved" not in [e["status"] for e in done["events"]]
    notice = get(stub_app, f"/notices/{done['notice_id']}", h).json()
    assert "課税（所得）証明書" in notice["body"]
    assert "提出は不要" not in notice["body"]
    (held_not,) = [r for r in get(stub_app, "/history", h, trigger_ref=app["id"], limit=200).json()["items"]
                   if r["outcome"] == "not_held"]
    assert held_not["id"] in notice["body"]


def test_a_child_support_visit_gets_a_date_and_time(stub_app, monkeypatch):
    from tests.unit.test_jifu_genkyo_period import _data_on, _move_to, _next, _post

    at = _next(8, 3)  # within the filing period (src:hiji-jifu-genkyo)
    _move_to(stub_app, at)
    today = at.date()
    saturday = today + dt.timedelta(days=2 + (5 - (today + dt.timedelta(days=2)).weekday()) % 7)
    monday = saturday + dt.timedelta(days=2)
    data = _data_on(today, saturday, slot="afternoon")
    answer = _post(stub_app, at, "visit", data)
    assert answer.status_code == 201, answer.text
    app = answer.json()
    monkeypatch.setattr(processing, "now", lambda: at)
    applications.advance_all(stub_app.app.state.stub.db)
    h = auth(stub_app, "r03")
    done = get(stub_app, f"/applications/{app['id']}", h).json()
    assert done["status"] == "visit_booked"  # decided after the visit, not before
    notice = get(stub_app, f"/notices/{done['notice_id']}", h).json()
    # A Saturday is moved to the next weekday, in the afternoon, at the town's counter.
    assert f"来庁日時を令和{monday.year - 2018}年{monday.month}月{monday.day}日（月） 1" in notice["body"]
    assert "五霞町の窓口にお越しください" in notice["body"]
    assert notice["sender"] == "茨城県"  # the prefecture decides (row 57 queries are its own)
    records = get(stub_app, "/history", h, trigger_ref=app["id"], limit=200).json()["items"]
    assert {r["requester"]["name"] for r in records} == {"茨城県知事"}
    visit = processing.visit_time(app["id"], data, today)
    assert visit is not None
    assert visit.date() == monday
    assert 13 <= visit.hour <= 16


def test_a_sickness_allowance_claim_checks_other_benefits_through_the_network(stub_app):
    db = stub_app.app.state.stub.db
    result = insurers.claim(db, "r02")
    assert (result["insurer"], result["beppyo2_item"]) == ("hayate-kenpo", "3")
    record = get(stub_app, f"/history/{result['history_id']}", auth(stub_app, "r02")).json()
    assert record["provider"]["code"] == "nenkin-kikou"
    assert record["information"] == "年金給付関係情報"
    assert record["outcome"] == "provided"


def test_a_service_no_row_covers_says_so(stub_app):
    # 妊婦健康診査 (母子保健法第13条) has no 別表第二 row in the 2015 text (src:bangouho-h27): its
    # entry says so instead of listing no linkage at all; services with a row list it.
    kenshin = services(stub_app, "085421", situation="pregnancy")["ninpu-kenshin"]
    assert not [d for d in kenshin["documents"] if d["replaced_by_linkage"]]
    assert any("別表第二" in n and "項はありません" in n for n in kenshin["notes"])
    assert "src:bangouho-h27" in kenshin["sources"]
    for s in services(stub_app, "085421").values():
        rows = {d["beppyo2_item"] for d in s["documents"] if d["replaced_by_linkage"] and d["beppyo2_item"]}
        assert rows or s["id"] == "kodomo-iryouhi" or any("別表第二" in n for n in s["notes"]), s["id"]
