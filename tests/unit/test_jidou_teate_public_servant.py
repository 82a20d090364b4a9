"""児童手当 認定請求: a civil servant claims from their employer (児童手当法 第17条), so the form
asks first and stops with that guidance; a married claimant gives the spouse's 1 January address."""

from __future__ import annotations

import datetime as dt

from app.forms import FormState, load_form, message_catalog
from app.jst import today_jst
from tests.unit.test_forms import nintei_values

TODAY = dt.date(2026, 12, 6)
ACT = "児童手当法（昭和四十六年法律第七十三号）第17条"  # src:egov-jidouteate-17


def test_the_first_page_asks_whether_the_claimant_is_a_civil_servant() -> None:
    spec = load_form("jidou-teate-nintei")
    first = spec.sections[0]
    assert [f.id for f in first.fields] == ["public_servant"]
    st = FormState(spec, today=TODAY)
    assert [i.code for i in st.validate().issues["eligibility.public_servant"]] == ["required"]


def test_a_civil_servant_is_stopped_with_the_employer_guidance() -> None:
    st = FormState(load_form("jidou-teate-nintei"), nintei_values(**{"eligibility.public_servant": "yes"}),
                   today=TODAY)
    result = st.validate()
    assert not result.ok
    (issue,) = result.issues["eligibility.public_servant"]
    assert issue.blocking
    text = message_catalog()[issue.code].ja
    assert "勤務先" in text
    assert ACT in text
    assert "市区町村には送れません" in text
    # Nothing else is asked or would be sent: the rest of the form is not for this claimant.
    assert [s.id for s in st.visible_sections()] == ["eligibility"]
    assert set(st.submission_data()) == {"eligibility"}


def test_a_claimant_who_is_not_a_civil_servant_goes_on() -> None:
    st = FormState(load_form("jidou-teate-nintei"), nintei_values(), today=TODAY)
    assert st.validate().ok
    assert "claimant" in st.submission_data()


def test_a_married_claimant_gives_the_spouses_1_january_address() -> None:
    values = nintei_values(**{"claimant.marital_status": "married"})
    values["spouse"] = {"name": "山田 花子", "birth_date": "1991-01-01", "lives_with": "together"}
    st = FormState(load_form("jidou-teate-nintei"), values, today=TODAY)
    assert [i.code for i in st.validate().issues["jan1.spouse_same"]] == ["required"]
    st.set("jan1.spouse_same", "different")
    assert [i.code for i in st.validate().issues["jan1.spouse_address"]] == ["required"]
    st.set("jan1.spouse_address", "東京都千代田区千代田1-1")
    assert st.validate().ok
    assert st.submission_data()["jan1"]["spouse_address"] == "東京都千代田区千代田1-1"


def test_a_single_claimant_is_not_asked_about_a_spouse() -> None:
    st = FormState(load_form("jidou-teate-nintei"), nintei_values(), today=TODAY)
    assert not st.field_visible("jan1.spouse_same")


def test_every_stop_in_a_form_file_has_its_wording() -> None:
    from app.forms import available_forms

    def options(fields):  # type: ignore[no-untyped-def]
        for f in fields:
            yield from f.options
            yield from options(f.fields)

    stops = {o.stop for form in available_forms() for s in form.sections for o in options(s.fields) if o.stop}
    assert "stop.public_servant" in stops
    assert stops <= set(message_catalog())



def test_the_guidance_cites_the_act_with_its_number(stub_app) -> None:
    assert ACT in message_catalog()["stop.public_servant"].ja
    assert "Act No. 73 of 1971" in message_catalog()["stop.public_servant"].en
    from backend_stub.network import catalog

    entry = next(s for s in catalog.search("112305") if s["id"] == "jidou-teate-nintei")
    assert any(ACT in n for n in entry["notes"])


def test_the_stub_refuses_a_claim_from_a_civil_servant(stub_app) -> None:
    """The server checks the same form: a claim whose claimant answered 公務員 is refused and not
    filed with the municipality."""
    from tests.fixtures.stub import signed_application_body
    from tests.unit.test_network_http import API, auth

    data = FormState(load_form("jidou-teate-nintei"), nintei_values(**{"eligibility.public_servant": "yes"}),
                     today=today_jst()).submission_data()
    assert data == {"eligibility": {"public_servant": "yes"}}
    body = signed_application_body(stub_app.data_dir, "r01", data, idempotency_key="civil-servant",
                                   form_id="jidou-teate-nintei")
    before = stub_app.client.get(f"{API}/applications", headers=auth(stub_app, "r01")).json()
    answer = stub_app.client.post(f"{API}/applications", json=body,
                                  headers={**auth(stub_app, "r01"), "Idempotency-Key": "civil-servant"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["fields"].get("eligibility.public_servant") == "stop.public_servant"
    assert stub_app.client.get(f"{API}/applications", headers=auth(stub_app, "r01")).json() == before


def test_the_stub_takes_the_spouses_1_january_address(stub_app) -> None:
    from tests.fixtures.stub import signed_application_body
    from tests.unit.test_network_http import API, auth

    values = nintei_values(**{"claimant.marital_status": "married"})
    values["spouse"] = {"name": "山田 花子", "birth_date": "1991-01-01", "lives_with": "together"}
    values["jan1"] = {**values.get("jan1", {}), "spouse_same": "different", "spouse_address": "東京都千代田区千代田1-1"}
    st = FormState(load_form("jidou-teate-nintei"), values, today=today_jst())
    assert st.validate().ok, st.validate().errors()
    data = st.submission_data()
    body = signed_application_body(stub_app.data_dir, "r01", data, idempotency_key="spouse-jan1",
                                   form_id="jidou-teate-nintei")
    answer = stub_app.client.post(f"{API}/applications", json=body,
                                  headers={**auth(stub_app, "r01"), "Idempotency-Key": "spouse-jan1"})
    assert answer.status_code == 201, answer.text
    # Without it the stub refuses, as the form does.
    data["jan1"].pop("spouse_address")
    body = signed_application_body(stub_app.data_dir, "r01", data, idempotency_key="spouse-jan1-missing",
                                   form_id="jidou-teate-nintei")
    answer = stub_app.client.post(f"{API}/applications", json=body,
                                  headers={**auth(stub_app, "r01"), "Idempotency-Key": "spouse-jan1-missing"})
    assert answer.status_code == 400, answer.text
    assert answer.json()["fields"].get("jan1.spouse_address") == "required"
