"""Filing for a child as 代理人 (issue 16 §1): only a form whose subject is the child is filed while
acting, signed by the parent (the child under 15 has no 署名用 certificate), filed on the child's
side and recorded in the child's 代理人の操作記録; the parent's own 子育て forms stay theirs, and a
child's form is not filed by the parent for themselves."""

from __future__ import annotations

import uuid

from app.forms.schema import load_form
from app.forms.state import FormState
from app.jst import today_jst
from tests.fixtures.stub import (
    API,
    card_credentials,
    login_body,
    signed_application_body,
    valid_application_data,
)
from tests.unit.test_network_http import auth

PARENT, CHILD = "r02", "r08"
CHILD_FORM = "kodomo-iryouhi"


def _child_form_data() -> dict[str, object]:
    values = {
        "child": {"name": "佐藤 美羽", "name_kana": "サトウ ミウ", "birth_date": "2014-09-18"},
        "applicant": {"name": "佐藤 健一", "birth_date": "1982-11-03", "address": "埼玉県新座市野火止一丁目1番1号",
                      "phone": "048-000-0000", "relation": "father"},
        "insurance": {"kind": "employee", "insured_name": "佐藤 健一"},
        "declaration": {"truthful": True},
    }
    state = FormState(load_form(CHILD_FORM), values, today=today_jst())
    assert state.validate().ok, state.validate().errors()
    return state.submission_data()


def _register(stub, parent_headers: dict[str, str]) -> str:
    challenge = stub.client.post(f"{API}/auth/challenge").json()
    cert, key = card_credentials(stub.data_dir, CHILD)
    card = login_body(challenge, "https://testserver", cert, key)
    r = stub.client.post(f"{API}/proxies", headers=parent_headers, json={"kind": "legal", "principal_card": card})
    assert r.status_code == 201, r.text
    grant_id: str = r.json()["id"]
    return grant_id


def _file(stub, headers: dict[str, str], form_id: str, data: dict[str, object], signer: str = PARENT):
    key = str(uuid.uuid4())
    body = signed_application_body(stub.data_dir, CHILD, data, idempotency_key=key, form_id=form_id,
                                   municipality_code="112305", signed_by=signer)
    return stub.client.post(f"{API}/applications", headers={**headers, "Idempotency-Key": key}, json=body)


def test_a_parent_files_the_childs_form_for_the_child_and_only_that(stub_app) -> None:
    parent = auth(stub_app, PARENT)
    _register(stub_app, parent)
    acting = {**parent, "X-Acting-For": CHILD}

    own_form = _file(stub_app, acting, "jidou-teate-nintei", valid_application_data("jidou-teate-nintei"))
    assert (own_form.status_code, own_form.json()["error"]) == (422, "form_not_for_proxy")

    filed = _file(stub_app, acting, CHILD_FORM, _child_form_data())
    assert filed.status_code == 201, filed.text
    assert filed.json()["receipt_number"].startswith("112305-")

    child = auth(stub_app, CHILD)
    theirs = stub_app.client.get(f"{API}/applications", headers=child).json()["items"]
    assert [a["id"] for a in theirs] == [filed.json()["id"]]  # on the child's side
    mine = stub_app.client.get(f"{API}/applications", headers=parent).json()["items"]
    assert filed.json()["id"] not in {a["id"] for a in mine}
    actions = stub_app.client.get(f"{API}/proxies/actions", headers=child).json()["items"]
    assert "申請の提出" in {a["label"] for a in actions}


def test_the_childs_form_is_not_filed_by_the_parent_as_themselves(stub_app) -> None:
    parent = auth(stub_app, PARENT)
    r = _file(stub_app, parent, CHILD_FORM, _child_form_data())
    assert (r.status_code, r.json()["error"]) == (422, "form_for_child")


def test_the_childs_form_is_offered_where_its_source_is(stub_app) -> None:
    niiza = stub_app.client.get(f"{API}/services", headers=auth(stub_app, PARENT), params={"municipality": "112305"})
    chiyoda = stub_app.client.get(f"{API}/services", headers=auth(stub_app, PARENT), params={"municipality": "131016"})
    assert CHILD_FORM in {s["id"] for s in niiza.json()}
    assert CHILD_FORM not in {s["id"] for s in chiyoda.json()}
