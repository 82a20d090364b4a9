"""Form schemas as data, conditional sections, attachments replaced by linkage, prefill, payload."""

import copy
import datetime as dt
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import jsonschema_rs
import pytest
from hypothesis import given

from app.forms import (
    FORM_IDS,
    AttachedFile,
    AttachmentDigest,
    FieldType,
    FormSchemaError,
    FormState,
    PathError,
    PayloadError,
    UnknownFormError,
    canonical_payload,
    load_form,
    prefill,
    self_info_from_api,
)
from app.forms.schema import parse_form, read_form_json, read_form_json_schema
from app.portal.models import Me
from app.validators import my_number_check_digit

TODAY = dt.date(2025, 6, 10)
PDF = b"%PDF-1.7\n..."


def my_number(base11: str) -> str:
    return base11 + str(my_number_check_digit(base11))


CLAIMANT_MN = my_number("12345678901")
CHILD_MN = my_number("98765432101")


def nintei_values(**overrides):
    values = {
        "eligibility": {"public_servant": "no"},
        "claimant": {
            "name": "山田 太郎", "name_kana": "ヤマダ　タロウ", "birth_date": "1990-04-01",
            "my_number": CLAIMANT_MN, "postal_code": "352-0011", "address": "埼玉県新座市野火止1-1-1",
            "phone": "048-477-1111", "occupation": "会社員", "pension": "kokumin", "marital_status": "single",
        },
        "jan1": {"same_as_now": "yes"},
        "children": {"children": [{
            "name": "山田 花子", "name_kana": "ヤマダ　ハナコ", "birth_date": "2020-05-05",
            "relationship": "child", "my_number": CHILD_MN, "lives_with": "together",
        }]},
        "older_children": {"has_older": "no"},
        "payment": {"account": {"use_public_account": True}},
        "declaration": {"truthful": True},
    }
    for path, value in overrides.items():
        section, field = path.split(".", 1)
        values[section][field] = value
    return values


def state(form_id="jidou-teate-nintei", values=None):
    return FormState(load_form(form_id), values if values is not None else nintei_values(), today=TODAY)


# --- schema validity -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema_validator():
    return jsonschema_rs.validator_for(read_form_json_schema())


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_form_is_valid_against_the_json_schema(schema_validator, form_id):
    errors = [e.message for e in schema_validator.iter_errors(read_form_json(form_id))]
    assert errors == []


@pytest.mark.parametrize("breakage", [
    lambda d: d["title"].pop("en"),
    lambda d: d["sections"][0]["fields"][0].update(type="signature"),
    lambda d: d["sections"][0]["fields"].append({"id": "x", "type": "select", "label": {"ja": "x", "en": "x"}}),
    lambda d: d["attachments"].append({"id": "a", "label": {"ja": "a", "en": "a"}, "mime_types": ["text/html"], "max_bytes": 1}),
    lambda d: d["sections"][0].update(visible_if={"field": "a.b", "equals": "x", "in": ["y"]}),
    lambda d: d.update(municipality_scope={"kind": "listed", "codes": ["12345"]}),
])
def test_the_json_schema_catches_malformed_forms(schema_validator, breakage):
    doc = read_form_json("jidou-teate-nintei")
    breakage(doc)
    assert not schema_validator.is_valid(doc)


def test_form_ids_are_the_service_catalogs():
    assert set(FORM_IDS) >= {"jidou-teate-nintei", "jidou-teate-gakukaitei", "hoiku-riyou", "ninshin-todoke", "jifu-genkyo"}
    catalog = Path(__file__).resolve().parents[2] / "backend_stub" / "data" / "catalog.json"
    if catalog.exists():  # the bundled backend's catalog: every online service must have its form
        catalog_ids = set(re.findall(r'"form_id":\s*"([a-z0-9-]+)"', catalog.read_text(encoding="utf-8")))
        assert catalog_ids <= set(FORM_IDS), catalog_ids - set(FORM_IDS)
    names = {p.name for p in resources.files("resources.forms").iterdir() if p.name.endswith(".json")}
    assert {f"{f}.json" for f in FORM_IDS} <= names


def _condition_paths(cond, item_fields, out):
    if cond is None:
        return
    if cond.path:
        out.append((cond.path, item_fields))
    inner = None
    if cond.op == "any_item":
        inner = cond.path
    for child in cond.children:
        _condition_paths(child, inner or item_fields, out)


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_every_condition_and_reference_names_an_existing_field(form_id):
    spec = load_form(form_id)
    st = FormState(spec, today=TODAY)
    refs = []  # (path, context): context is a repeat path for '@x' inside it
    for section in spec.sections:
        _condition_paths(section.visible_if, None, refs)
        for f in section.fields:
            _condition_paths(f.visible_if, None, refs)
            if f.constraints.holder_matches:
                refs.append((f.constraints.holder_matches, None))
            for sub in f.fields:
                _condition_paths(sub.visible_if, f"{section.id}.{f.id}", refs)
    for a in spec.attachments:
        _condition_paths(a.required_if, None, refs)
        if a.replaced_by_linkage:
            _condition_paths(a.replaced_by_linkage.requires, None, refs)
    for n in spec.notes:
        _condition_paths(n.visible_if, None, refs)
    assert refs
    for path, context in refs:
        if path.startswith("@"):
            assert context is not None, path
            repeat = st.field_spec(context)
            assert path[1:] in {f.id for f in repeat.fields}, path
        else:
            st.field_spec(path)  # raises PathError


@pytest.mark.parametrize("form_id", FORM_IDS)
def test_ids_and_option_values_are_unique(form_id):
    spec = load_form(form_id)
    assert len({s.id for s in spec.sections}) == len(spec.sections)
    assert len({a.id for a in spec.attachments}) == len(spec.attachments)
    for s in spec.sections:
        assert len({f.id for f in s.fields}) == len(s.fields)
        for f in s.fields:
            assert len({o.value for o in f.options}) == len(f.options)
            if f.type in (FieldType.SELECT, FieldType.RADIO):
                assert f.options


def test_domain_fields_are_present():
    nintei = load_form("jidou-teate-nintei")
    assert nintei.section("claimant").field("pension").required
    assert nintei.section("claimant").field("my_number").prefill == "card.my_number"
    hoiku = load_form("hoiku-riyou")
    reasons = {o.value for o in hoiku.section("guardian1").field("reason").options}
    assert {"employment", "pregnancy", "illness", "care", "disaster", "job_seeking", "study", "abuse_dv",
            "childcare_leave", "other"} == reasons
    ninshin = load_form("ninshin-todoke")
    assert {"std_test", "tb_test", "diagnosed_by", "weeks"} <= {f.id for f in ninshin.section("pregnancy").fields}
    assert {o.value for o in load_form("jifu-genkyo").section("mode").field("mode").options} == {"advance", "reservation"}


def test_unknown_and_malformed_forms_fail_with_typed_errors():
    with pytest.raises(UnknownFormError):
        load_form("../etc/passwd")
    doc = read_form_json("ninshin-todoke")
    with pytest.raises(FormSchemaError):
        parse_form({**doc, "schema_version": 2})
    broken = copy.deepcopy(doc)
    del broken["sections"][0]["fields"][0]["label"]
    with pytest.raises(FormSchemaError):
        parse_form(broken)


# --- conditional sections and fields -------------------------------------------------------


def test_spouse_section_only_when_married():
    st = state()
    assert not st.section_visible("spouse")
    st.set("claimant.marital_status", "married")
    assert st.section_visible("spouse")
    assert "spouse.name" in st.validate().errors()


def test_spouse_address_only_when_living_apart():
    st = state(values=nintei_values(**{"claimant.marital_status": "married"}))
    st.set("spouse.lives_with", "together")
    assert not st.field_visible("spouse.address")
    st.set("spouse.lives_with", "apart")
    assert st.field_visible("spouse.address")
    assert [i.code for i in st.validate().errors()["spouse.address"]] == ["required"]


def test_child_address_only_for_a_child_living_apart():
    st = state()
    assert not st.field_visible("children.children[0].address")
    st.set("children.children[0].lives_with", "apart")
    assert st.field_visible("children.children[0].address")
    errors = st.validate().errors()
    assert "children.children[0].address" in errors
    assert "children.children[0].postal_code" in errors


def test_hidden_values_are_kept_but_neither_validated_nor_submitted():
    st = state(values=nintei_values(**{"claimant.marital_status": "married"}))
    st.set("spouse.name", "x" * 100)  # too long, but hidden once single
    st.set("claimant.marital_status", "single")
    assert st.validate().ok
    assert "spouse" not in st.submission_data()
    assert st.values["spouse"]["name"] == "x" * 100
    st.set("claimant.marital_status", "married")
    assert "spouse.name" in st.validate().errors()


def test_a_complete_form_is_valid_and_notes_do_not_block():
    st = state(values=nintei_values(**{"children.children": [{
        **nintei_values()["children"]["children"][0], "birth_date": "2025-06-01"}]}))
    result = st.validate()
    assert result.ok, result.errors()
    assert [i.code for i in result.issues["children.children[0].birth_date"]] == ["rule15.within"]


def test_repeat_needs_at_least_one_child_and_items_can_be_added_and_removed():
    st = state()
    st.remove_item("children.children", 0)
    assert [i.code for i in st.validate().errors()["children.children"]] == ["repeat.too_few"]
    index = st.add_item("children.children")
    st.set(f"children.children[{index}].name", "山田 次郎")
    assert st.get("children.children[0].name") == "山田 次郎"
    assert "children.children[0].birth_date" in st.validate().errors()


def test_over_age_child_is_an_error():
    child = {**nintei_values()["children"]["children"][0], "birth_date": "2007-04-01"}
    st = state(values=nintei_values(**{"children.children": [child]}))
    assert [i.code for i in st.validate_field("children.children[0].birth_date")] == ["child.over_age"]


def test_unknown_paths_are_rejected():
    st = state()
    with pytest.raises(PathError):
        st.set("claimant.nickname", "x")
    with pytest.raises(PathError):
        st.set("children.children[5].name", "x")


def test_wrong_value_types_do_not_crash_validation():
    st = state(values=nintei_values(**{"claimant.name": 42, "claimant.pension": ["kokumin"]}))
    errors = st.validate().errors()
    assert [i.code for i in errors["claimant.name"]] == ["value.type"]
    assert [i.code for i in errors["claimant.pension"]] == ["value.type"]


def test_bank_holder_must_match_the_claimant():
    account = {"use_public_account": False, "bank_code": "0001", "branch_code": "001", "account_type": "ordinary",
               "account_number": "1234567", "holder_kana": "ヤマダ　ハナコ"}
    st = state(values=nintei_values(**{"payment.account": account}))
    assert [i.code for i in st.validate().errors()["payment.account.holder_kana"]] == ["bank.holder_not_claimant"]
    st.set("payment.account.holder_kana", "ﾔﾏﾀﾞ ﾀﾛｳ")
    assert st.validate().ok


def test_consent_checkbox_must_be_ticked():
    st = state(values=nintei_values(**{"declaration.truthful": False}))
    assert [i.code for i in st.validate().errors()["declaration.truthful"]] == ["consent.required"]


def test_jifu_reservation_only_hides_the_status_report():
    st = FormState(load_form("jifu-genkyo"), {"mode": {"mode": "reservation"}}, today=TODAY)
    assert not st.section_visible("status")
    assert st.section_visible("visit")
    assert st.attachment_statuses() == ()
    st.set("mode.mode", "advance")
    assert st.section_visible("status")
    assert {a.spec.id for a in st.attachment_statuses()} == {"tax_certificate", "resident_record"}


def test_ninshin_fetus_count_only_for_multiple_pregnancy():
    st = FormState(load_form("ninshin-todoke"), {"pregnancy": {"multiple": "single"}}, today=TODAY)
    assert not st.field_visible("pregnancy.fetus_count")
    st.set("pregnancy.multiple", "multiple")
    assert st.field_visible("pregnancy.fetus_count")


# --- attachments and linkage ---------------------------------------------------------------


def ids(specs):
    return {s.id for s in specs}


def test_public_account_needs_no_account_proof():
    assert "bank_proof" not in ids(state().required_attachments())
    account = {"use_public_account": False}
    assert "bank_proof" in ids(state(values=nintei_values(**{"payment.account": account})).required_attachments())


def test_employee_proof_is_replaced_by_pension_linkage():
    st = state(values=nintei_values(**{"claimant.pension": "kosei"}))
    (replaced,) = st.replaced_attachments()
    assert replaced.spec.id == "insurance_proof"
    assert replaced.required
    assert not replaced.needed
    assert replaced.spec.replaced_by_linkage.beppyo2_item == 75
    assert "insurance_proof" not in ids(st.required_attachments())


def test_child_living_apart_needs_custody_statement_but_not_resident_record():
    st = state()
    st.set("children.children[0].lives_with", "apart")
    assert "separate_custody" in ids(st.required_attachments())
    assert "resident_record" in {s.spec.id for s in st.replaced_attachments()}


def test_moving_in_needs_the_tax_certificate_only_without_consent_to_linkage():
    base = {"household": {"moved_in": "yes", "reductions": ["welfare"]}, "guardian1": {"reason": "employment"},
            "certification": {"category": "2"}}
    st = FormState(load_form("hoiku-riyou"), base, today=TODAY)
    assert {"tax_certificate", "welfare_certificate", "employment_certificate", "child_health_sheet"} <= ids(
        st.required_attachments())
    st.set("consent.tax_check", True)
    needed = ids(st.required_attachments())
    assert "tax_certificate" not in needed
    assert "welfare_certificate" not in needed
    assert {"employment_certificate", "child_health_sheet"} <= needed
    assert {s.spec.replaced_by_linkage.beppyo2_item for s in st.replaced_attachments()} == {116}


def test_attachment_validation():
    st = state(values=nintei_values(**{"payment.account": {"use_public_account": False}}))
    assert [i.code for i in st.validate_attachments([])["bank_proof"]] == ["attachment.missing"]
    ok = AttachedFile("bank_proof", "passbook.pdf", "application/pdf", PDF)
    assert st.validate_attachments([ok]) == {}
    fake = AttachedFile("bank_proof", "passbook.png", "image/png", PDF)
    assert [i.code for i in st.validate_attachments([fake])["bank_proof"]] == ["attachment.content_mismatch"]
    assert [i.code for i in st.validate_attachments([ok, ok])["bank_proof"]] == ["attachment.too_many"]
    stray = AttachedFile("passport", "p.pdf", "application/pdf", PDF)
    assert [i.code for i in st.validate_attachments([ok, stray])["passport"]] == ["attachment.not_applicable"]


OLDER = {"has_older": "yes", "children": [{"name": "山田 一郎", "birth_date": "2004-06-01", "relationship": "child",
                                          "supported": True}]}


def test_a_document_the_municipality_takes_at_its_counter_may_be_declared_instead_of_attached():
    st = state(values={**nintei_values(), "older_children": OLDER})
    assert [i.code for i in st.validate_attachments([])["older_child_confirmation"]] == ["attachment.missing"]
    # src:okazaki-kango-kakuninsho: the 確認書 is also taken at the counter, so declaring it there files.
    assert st.validate_attachments([], at_counter=["older_child_confirmation"]) == {}
    # ...but not both: a declared slot carries no file.
    pdf = AttachedFile("older_child_confirmation", "k.pdf", "application/pdf", PDF)
    codes = [i.code for i in st.validate_attachments([pdf], at_counter=["older_child_confirmation"])[
        "older_child_confirmation"]]
    assert codes == ["attachment.counter_with_file"]


def test_a_document_no_source_says_the_counter_takes_must_still_be_attached():
    st = state(values=nintei_values(**{"payment.account": {"use_public_account": False}}))
    found = st.validate_attachments([], at_counter=["bank_proof"])
    assert [i.code for i in found["bank_proof"]] == ["attachment.counter_not_allowed", "attachment.missing"]
    # A slot the answers do not call for cannot be declared either.
    assert [i.code for i in st.validate_attachments(
        [], at_counter=["older_child_confirmation"])["older_child_confirmation"]] == ["attachment.not_applicable"]


def test_only_slots_with_a_source_are_taken_at_the_counter():
    for form_id in ("jidou-teate-nintei", "jidou-teate-gakukaitei", "hoiku-riyou", "jidou-teate-genkyo",
                    "jifu-genkyo", "ninshin-todoke"):
        raw = read_form_json(form_id)
        for a in raw["attachments"]:
            if "at_counter" in a:
                assert a["at_counter"]["sources"], (form_id, a["id"])
        allowed = {a.id for a in load_form(form_id).attachments if a.at_counter}
        assert allowed == ({"older_child_confirmation"} if form_id.startswith("jidou-teate-n")
                           or form_id == "jidou-teate-gakukaitei" else set()), form_id


# --- review --------------------------------------------------------------------------------


def test_review_shows_visible_filled_fields_with_option_labels():
    st = state()
    sections = st.review()
    assert [s.section.id for s in sections][:3] == ["eligibility", "claimant", "jan1"]
    rows = {r.path: r for s in sections for r in s.rows}
    assert rows["claimant.pension"].option_label.ja == "国民年金"
    assert rows["claimant.my_number"].sensitive
    assert rows["children.children[0].name"].value == "山田 花子"
    assert not any(p.startswith("spouse.") for p in rows)


# --- prefill -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeTextData:
    my_number: str
    name: str
    address: str
    birth_date: object
    sex: str


CARD = FakeTextData(CLAIMANT_MN, "山田　太郎", "埼玉県新座市野火止一丁目1番1号", dt.date(1990, 4, 1), "1")


def test_prefill_from_the_card_and_self_info_without_overwriting():
    st = FormState(load_form("jidou-teate-nintei"), {"claimant": {"address": "typed by the resident"}}, today=TODAY)
    info = self_info_from_api([{"category": "pension", "items": [{"label": "加入制度", "value": "国民年金（第1号被保険者）"}]}])
    me = Me("山田 太郎", "ﾔﾏﾀﾞ ﾀﾛｳ", "112305", "新座市", dt.date(1990, 4, 1), ())
    filled = prefill(st, card=CARD, self_info=info, me=me)
    assert set(filled) == {"claimant.name", "claimant.birth_date", "claimant.my_number", "claimant.name_kana",
                           "claimant.pension"}
    assert st.get("claimant.pension") == "kokumin"
    assert st.get("claimant.birth_date") == "1990-04-01"
    assert st.get("claimant.name_kana") == "ヤマダ　タロウ"
    assert st.get("claimant.address") == "typed by the resident"
    assert st.get("spouse.name") is None


def test_prefill_without_sources_fills_nothing():
    st = FormState(load_form("ninshin-todoke"), today=TODAY)
    assert prefill(st) == ()
    assert st.get("person.name") is None


def test_prefill_accepts_text_birth_dates():
    st = FormState(load_form("ninshin-todoke"), today=TODAY)
    prefill(st, card=FakeTextData(CLAIMANT_MN, "山田 花子", "x", "1995/07/07", "2"))
    assert st.get("person.birth_date") == "1995-07-07"


# --- canonical payload ---------------------------------------------------------------------


SIGNED = {"municipality_code": "112305", "idempotency_key": "k-1", "signed_at": "2025-06-10T09:00:00+09:00"}


def test_canonical_payload_is_sorted_compact_utf8():
    payload = canonical_payload("ninshin-todoke", {"b": {"z": 1, "a": "山田"}, "a": [True, None]}, [], **SIGNED)
    assert payload == (
        '{"attachments":[],"attachments_at_counter":[],"data":{"a":[true,null],"b":{"a":"山田","z":1}},'
        '"form_id":"ninshin-todoke","format":"mynadesk-application:1","idempotency_key":"k-1",'
        '"municipality_code":"112305","signed_at":"2025-06-10T09:00:00+09:00"}'
    ).encode()


def test_the_counter_declaration_is_signed_sorted_and_once():
    payload = canonical_payload("jidou-teate-nintei", {}, [], attachments_at_counter=["b", "a", "b"], **SIGNED)
    assert b'"attachments_at_counter":["a","b"]' in payload


def test_canonical_payload_is_independent_of_order_and_normalisation_form():
    a1 = AttachmentDigest.of("bank_proof", "a.pdf", "application/pdf", PDF)
    a2 = AttachmentDigest.of("passport", "p.pdf", "application/pdf", b"%PDF-2")
    one = canonical_payload("f", {"x": "ガ", "y": {"p": 1, "q": 2}}, [a1, a2], **SIGNED)
    two = canonical_payload("f", {"y": {"q": 2, "p": 1}, "x": "カ\u3099"}, [a2, a1], **SIGNED)
    assert one == two
    assert json.loads(one)["attachments"][0]["sha256"] == a1.sha256


def test_canonical_payload_changes_with_content():
    base = canonical_payload("f", {"x": "1"}, [], **SIGNED)
    assert canonical_payload("f", {"x": "2"}, [], **SIGNED) != base
    assert canonical_payload("f", {"x": "1"}, [AttachmentDigest.of("s", "a.pdf", "application/pdf", PDF)],
                             **SIGNED) != base
    # A new Idempotency-Key or another moment of signing is another payload: it must be signed again.
    assert canonical_payload("f", {"x": "1"}, [], **{**SIGNED, "idempotency_key": "k-2"}) != base
    assert canonical_payload("f", {"x": "1"}, [], **{**SIGNED, "signed_at": "2025-06-11T09:00:00+09:00"}) != base


@pytest.mark.parametrize("bad", [{"x": 1.5}, {"x": float("nan")}, {1: "x"}, {"x": object()}])
def test_canonical_payload_rejects_non_json_values(bad):
    with pytest.raises(PayloadError):
        canonical_payload("f", bad, [], **SIGNED)


def test_submission_data_is_normalised():
    st = state(values=nintei_values(**{"claimant.postal_code": "３５２００１１", "claimant.name_kana": "ﾔﾏﾀﾞ ﾀﾛｳ",
                                       "claimant.my_number": CLAIMANT_MN[:4] + "-" + CLAIMANT_MN[4:]}))
    data = st.submission_data()
    assert data["claimant"]["postal_code"] == "352-0011"
    assert data["claimant"]["name_kana"] == "ヤマダ　タロウ"
    assert data["claimant"]["my_number"] == CLAIMANT_MN
    assert data["payment"] == {"account": {"use_public_account": True}}



def _json_values():
    from hypothesis import strategies as hs

    leaves = hs.none() | hs.booleans() | hs.integers(-(2**53), 2**53) | hs.text(max_size=8)
    return hs.recursive(leaves, lambda inner: hs.lists(inner, max_size=4) | hs.dictionaries(hs.text(max_size=5), inner, max_size=4),
                        max_leaves=20)


def _reverse_dicts(value):
    if isinstance(value, dict):
        return {k: _reverse_dicts(value[k]) for k in reversed(list(value))}
    if isinstance(value, list):
        return [_reverse_dicts(v) for v in value]
    return value


@given(_json_values())
def test_canonical_json_round_trips_and_ignores_key_order(value):
    from app.forms import canonical_json

    encoded = canonical_json({"v": value})
    assert canonical_json({"v": _reverse_dicts(value)}) == encoded
    assert canonical_json(json.loads(encoded)) == encoded
    assert b"\n" not in encoded


# --- size limits shared with the backend -----------------------------------------------------


def test_application_size_limit_is_the_backends_and_counts_every_file():
    from app.forms.limits import MAX_APPLICATION_ATTACHMENT_BYTES, MAX_REQUEST_BYTES, application_size_issues

    assert MAX_APPLICATION_ATTACHMENT_BYTES == 20 * 1024 * 1024
    # base64 of the largest allowed attachments still fits in one request body
    assert MAX_APPLICATION_ATTACHMENT_BYTES * 4 // 3 + 1024 * 1024 < MAX_REQUEST_BYTES
    at_limit = [AttachedFile("a", "a.pdf", "application/pdf", bytes(10 * 1024 * 1024)),
                AttachedFile("b", "b.pdf", "application/pdf", bytes(10 * 1024 * 1024))]
    assert application_size_issues(at_limit) == {}
    over = [*at_limit, AttachedFile("b", "c.pdf", "application/pdf", b"1")]
    issues = application_size_issues(over)
    assert sorted(issues) == ["a", "b"]
    assert {i.code for found in issues.values() for i in found} == {"attachment.total_too_large"}
    assert issues["a"][0].params["max_bytes"] == MAX_APPLICATION_ATTACHMENT_BYTES


def test_the_residents_quota_counts_what_is_stored_and_every_file():
    from app.forms.limits import RESIDENT_ATTACHMENT_QUOTA_BYTES, resident_quota_issues

    assert RESIDENT_ATTACHMENT_QUOTA_BYTES == 200 * 1024 * 1024
    files = [AttachedFile("a", "a.pdf", "application/pdf", bytes(600)),
             AttachedFile("b", "b.pdf", "application/pdf", bytes(400))]
    assert resident_quota_issues(files, stored_bytes=RESIDENT_ATTACHMENT_QUOTA_BYTES - 1000) == {}  # exactly full
    issues = resident_quota_issues(files, stored_bytes=RESIDENT_ATTACHMENT_QUOTA_BYTES - 999)
    assert sorted(issues) == ["a", "b"]
    assert {i.code for found in issues.values() for i in found} == {"attachment.resident_quota"}
    assert issues["a"][0].params["max_bytes"] == RESIDENT_ATTACHMENT_QUOTA_BYTES
    assert resident_quota_issues([], stored_bytes=RESIDENT_ATTACHMENT_QUOTA_BYTES + 5) == {}  # nothing added
    assert resident_quota_issues(files, stored_bytes=0, quota_bytes=999) != {}  # the backend's figure decides


def test_the_api_document_spells_out_exactly_what_is_signed():
    """docs/api.md's "What is signed" table is what a third-party client builds from: its members
    are the client's payload's and the ones the backend requires, and `format` is the client's."""
    import re
    from pathlib import Path

    from app.forms.payload import PAYLOAD_FORMAT
    from backend_stub.network.applications import SIGNED_MEMBERS

    doc = Path(__file__).resolve().parents[2].joinpath("docs", "api.md").read_text(encoding="utf-8")
    table = doc[doc.index("**What is signed.**"):doc.index("Canonical JSON:")]
    rows = dict(re.findall(r"^\s*\| `([a-z_]+)` \| (.+) \|$", table, re.MULTILINE))
    client = json.loads(canonical_payload("f", {}, [], **SIGNED))
    assert set(rows) == set(SIGNED_MEMBERS) == set(client)
    assert rows["format"] == f'`"{PAYLOAD_FORMAT}"`'
    assert client["format"] == PAYLOAD_FORMAT
