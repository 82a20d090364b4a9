"""The demo residents' わたしの情報 and notices fit their scenarios (issue 15, point 13)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.jst import today_jst
from backend_stub.network import seed
from tests.unit.test_network_http import auth, get


def self_info(stub, rid: str, category: str) -> dict[str, str]:
    body = get(stub, f"/self-info/{category}", auth(stub, rid)).json()
    return {i["label"]: i["value"] for i in body["items"]}


def notice_titles(stub, rid: str) -> list[str]:
    h = auth(stub, rid)
    items = get(stub, "/notices", h, limit=200).json()
    items = items["items"] if isinstance(items, dict) else items
    return [n["title"] for n in items]


def test_the_newborns_mother_has_not_yet_been_granted_the_child_allowance(stub_app):
    assert self_info(stub_app, "r01", "child_allowance").get("受給資格") != "認定済み"


def test_before_the_pregnancy_is_notified_the_municipality_knows_nothing_of_it(stub_app):
    assert "妊娠の届出" not in self_info(stub_app, "r05", "maternal_child")


def test_premiums_of_a_welfare_recipient_with_a_disability_pension_are_waived_by_law(stub_app):
    pension = self_info(stub_app, "r04", "pension")
    assert pension["保険料納付状況"] == "法定免除（国民年金法第89条）"


def test_a_pensioners_long_term_care_premium_is_taken_from_the_pension(stub_app):
    care = self_info(stub_app, "r07", "long_term_care")
    assert care["保険料の徴収方法"].startswith("特別徴収")
    titles = notice_titles(stub_app, "r07")
    assert not any("介護保険料" in t and "普通徴収" in t for t in titles)


def test_only_taxable_residents_receive_a_tax_decision(stub_app):
    assert self_info(stub_app, "r04", "tax")["課税区分"] == "非課税"
    assert not any("住民税" in t for t in notice_titles(stub_app, "r04"))
    assert any("住民税（特別徴収税額）" in t for t in notice_titles(stub_app, "r02"))


def test_the_child_support_record_is_derived_from_the_household_and_the_clock(stub_app):
    record = self_info(stub_app, "r03", "single_parent")
    assert "46,690円" not in record.values()
    assert record["対象児童数"] == "1人"
    assert record["現況届"] == seed.genkyo_status(today_jst())


@pytest.mark.parametrize(("day", "text"), [
    (dt.date(2027, 3, 1), "令和8年8月 提出済み"),
    (dt.date(2027, 8, 10), "令和9年分 未提出（8月31日まで）"),
    (dt.date(2027, 9, 1), "令和9年8月 提出済み"),
])
def test_the_status_report_follows_the_clock(day, text):
    assert seed.genkyo_status(day) == text


def _submit_at(stub, rid: str, form_id: str, municipality: str, key: str, *, data=None):
    """File ``form_id`` with ``municipality``, signed as a client signs it; valid demo data by default."""
    from tests.fixtures.stub import signed_application_body, valid_application_data
    from tests.unit.test_network_http import API

    body = signed_application_body(stub.data_dir, rid, data if data is not None else valid_application_data(form_id),
                                   idempotency_key=key, form_id=form_id, municipality_code=municipality)
    answer = stub.client.post(f"{API}/applications", headers={**auth(stub, rid), "Idempotency-Key": key}, json=body)
    assert answer.status_code == 201, answer.text
    return answer.json()


@pytest.fixture
def _no_auto_advance(monkeypatch):
    monkeypatch.setenv("MYNASTUB_AUTO_ADVANCE_SECONDS", "0")


@pytest.mark.usefixtures("_no_auto_advance")
@pytest.mark.parametrize(("rid", "form_id", "municipality", "category", "label", "value"), [
    ("r01", "jidou-teate-nintei", "112305", "child_allowance", "受給資格", "認定済み"),
    ("r05", "ninshin-todoke", "131016", "maternal_child", "妊娠の届出", "届出済み"),
])
def test_an_approved_claim_shows_in_my_information(stub_app, rid, form_id, municipality, category, label, value):
    from backend_stub.network import applications

    assert self_info(stub_app, rid, category).get(label) != value
    _submit_at(stub_app, rid, form_id, municipality, f"decision-{form_id}")
    applications.advance_all(stub_app.app.state.stub.db)
    assert self_info(stub_app, rid, category)[label] == value


EMPLOYED = {"r01", "r02", "r05", "r06", "r12"}  # backend_stub/network/profiles.py: 被用者 (厚生年金)


@pytest.mark.parametrize("rid", [f"r{i:02d}" for i in range(1, 13)])
def test_a_tax_decision_comes_only_to_the_taxable_and_from_the_payroll_only_for_employees(stub_app, rid):
    body = get(stub_app, "/self-info/tax", auth(stub_app, rid)).json()
    taxable = any(i["label"] == "課税区分" and i["value"] == "課税" for i in body["items"])
    titles = [t for t in notice_titles(stub_app, rid) if "住民税" in t]
    if not taxable:
        assert titles == []
        return
    assert len(titles) == 1
    assert ("特別徴収税額" in titles[0]) == (rid in EMPLOYED)  # 給与からの特別徴収 is the employer's
