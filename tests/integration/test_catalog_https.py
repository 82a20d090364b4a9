"""Issue 15, points 1-4 and 15, as a resident's client sees them: the real stub over HTTPS.

Where a 町村 resident files 児童扶養手当 and who decides (src:jifu-kisoku-s36-51-art14,
src:suo-oshima-fukushijimusho); no online promise without a form; sections only where a municipal
page names them; the 公務員 guidance with the act's 法令番号 (src:egov-jidouteate-17); and the
server taking the 保育 and 児童手当 forms by the same rules as the app.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.forms import FormState, load_form
from app.jst import today_jst
from tests.fixtures.stub import StubServer, login, signed_application_body, stub_client
from tests.unit.test_forms import CHILD_MN, CLAIMANT_MN, nintei_values


@pytest.fixture(scope="module")
def anonymous(stub_server: StubServer) -> Iterator[httpx.Client]:
    with stub_client(stub_server) as c:
        yield c


def services(client: httpx.Client, municipality: str) -> dict[str, dict[str, Any]]:
    answer = client.get("/services", params={"municipality": municipality})
    assert answer.status_code == 200, answer.text
    return {s["id"]: s for s in answer.json()}


def test_a_town_takes_child_support_and_the_prefecture_decides_unless_the_town_runs_a_welfare_office(anonymous):
    goka = services(anonymous, "085421")["jifu-genkyo"]
    assert goka["filing_office"] == {"kind": "municipality", "code": "085421", "name": "五霞町"}
    assert goka["decided_by"] == {"code": "080004", "name": "茨城県知事"}
    assert any("五霞町の窓口で受け付け" in n for n in goka["notes"])
    suo = services(anonymous, "353051")["jifu-genkyo"]
    assert suo["filing_office"]["code"] == "353051"
    assert suo["decided_by"] == {"code": "353051", "name": "周防大島町長"}


@pytest.mark.parametrize("municipality", ["085421", "112305", "131016", "353051"])
def test_no_service_is_offered_online_without_a_form(anonymous, municipality):
    entries = services(anonymous, municipality)
    assert entries["hoiku-genkyo"]["online"] is False
    for s in entries.values():
        assert not s["online"] or s["form_id"], s["id"]
        assert s["sample"] is True
        assert bool(s["department"]) == bool(s["department_sources"]), s["id"]


def test_a_town_with_no_sourced_section_names_none(anonymous):
    for s in services(anonymous, "085421").values():
        assert s["department"] is None, s["id"]
        assert s["where"] in ("五霞町", "お住まいの地域を管轄する保健所"), s["id"]


def test_the_civil_servant_note_cites_the_act_with_its_number(anonymous):
    nintei = services(anonymous, "112305")["jidou-teate-nintei"]
    assert any("児童手当法（昭和四十六年法律第七十三号）第17条" in n for n in nintei["notes"])


def _post(stub: StubServer, rid: str, form_id: str, data: dict[str, Any], attachments: Any = ()) -> httpx.Response:
    key = str(uuid.uuid4())
    body = signed_application_body(stub.data_dir, rid, data, idempotency_key=key, form_id=form_id,
                                   attachments=attachments)
    with stub_client(stub, login(stub, rid)) as client:
        return client.post("/applications", json=body, headers={"Idempotency-Key": key})


def test_the_server_takes_type_1_childcare_with_no_reason_for_care(stub_server):
    today = today_jst()
    values = {
        "child": {"name": "山田 花子", "name_kana": "ヤマダ ハナコ", "birth_date": f"{today.year - 5}-05-01",
                  "sex": "female", "my_number": CHILD_MN},
        "certification": {"category": "1"},
        "guardian1": {"name": "山田 太郎", "name_kana": "ヤマダ タロウ", "birth_date": "1990-04-01",
                      "my_number": CLAIMANT_MN, "phone": "048-477-1111"},
        "household": {"two_guardians": "no", "moved_in": "no"},
        "preferences": {"facilities": [{"facility": "区立幼稚園"}], "start_date": today.isoformat()},
        "consent": {"truthful": True},
    }
    data = FormState(load_form("hoiku-riyou"), values, today=today).submission_data()
    assert "reason" not in data["guardian1"]
    answer = _post(stub_server, "r06", "hoiku-riyou", data,
                   attachments=[("child_health_sheet", "sheet.pdf", "application/pdf", b"%PDF-1.4\n%%EOF\n")])
    assert answer.status_code == 201, answer.text


def test_the_server_refuses_a_child_allowance_claim_from_a_civil_servant(stub_server):
    data = FormState(load_form("jidou-teate-nintei"), nintei_values(**{"eligibility.public_servant": "yes"}),
                     today=today_jst()).submission_data()
    answer = _post(stub_server, "r01", "jidou-teate-nintei", data)
    assert answer.status_code == 400, answer.text
    assert answer.json()["fields"]["eligibility.public_servant"] == "stop.public_servant"


def test_over_https_the_prefecture_decides_the_loan_the_disability_allowance_and_the_chronic_disease_grant(anonymous):
    # 母子及び父子並びに寡婦福祉法第13条 (src:boshifushi-s39-129-art13), 特別児童扶養手当等の支給に関する法律
    # 第5条 (src:tokubetsu-jifu-kisoku-s39-38-art1), 児童福祉法第19条の3 (src:jidoufukushi-s22-164).
    goka = services(anonymous, "085421")
    for service_id in ("kafu-kashitsuke", "tokubetsu-jifu", "shouman-iryouhi"):
        assert goka[service_id]["decided_by"] == {"code": "080004", "name": "茨城県知事"}, service_id
    assert goka["kafu-kashitsuke"]["filing_office"]["code"] == "085421"
    assert goka["tokubetsu-jifu"]["filing_office"]["code"] == "085421"
    niiza = services(anonymous, "112305")
    assert niiza["tokubetsu-jifu"]["decided_by"] == {"code": None, "name": "埼玉県知事（指定都市では市長）"}
