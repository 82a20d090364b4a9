"""Prefill from the real sources: the card's text data as the card layer reads it (a YYYYMMDD
birth date), the portal's /me record and わたしの情報 as the stub serves them. Every source a
form names must exist in the stub's categories and items, or the field would silently stay empty."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from app.card.jpki import MyNumberCard, TextData
from app.card.transport import CallableTransport
from app.forms import (
    FORM_IDS,
    FormState,
    card_date,
    load_form,
    prefill,
    prefill_household,
    self_info_from_api,
)
from app.portal.models import Me, parse_me, parse_self_info
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS
from tests.fixtures.stub import InProcessStub
from tests.unit.test_forms import CLAIMANT_MN, TODAY

API = "/api/v1"


# --- the card's birth date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("19900401", dt.date(1990, 4, 1)), (" 20000229 ", dt.date(2000, 2, 29)), ("19900231", None),
     ("1990041", None), ("１９９００４０１", None), ("1990-04-01", None)],
)
def test_card_date_reads_only_the_cards_compact_form(raw: str, expected: dt.date | None) -> None:
    assert card_date(raw) == expected


def test_the_cards_yyyymmdd_birth_date_fills_the_date_field() -> None:
    st = FormState(load_form("ninshin-todoke"), today=TODAY)
    card = TextData(my_number=CLAIMANT_MN, name="山田 花子", address="埼玉県新座市", birth_date="19950707", sex="2")
    filled = prefill(st, card=card)
    assert "person.birth_date" in filled
    assert st.get("person.birth_date") == "1995-07-07"


def test_an_unreadable_card_date_is_left_for_the_resident_to_correct() -> None:
    st = FormState(load_form("ninshin-todoke"), today=TODAY)
    prefill(st, card=TextData(my_number=CLAIMANT_MN, name="x", address="x", birth_date="1995????", sex="2"))
    assert st.get("person.birth_date") == "1995????"
    assert st.validate_field("person.birth_date")  # the resident sees a date-format message


# --- the stub's real sources ---------------------------------------------------------------------


def fetch(stub: InProcessStub, token: str, path: str) -> Any:
    response = stub.client.get(API + path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


def real_sources(stub: InProcessStub, resident: str) -> tuple[Me, dict[str, dict[str, str]]]:
    """/me and every わたしの情報 category the stub holds for ``resident``, parsed by the client's parsers."""
    token = stub.login(resident)
    me = parse_me(fetch(stub, token, "/me"))
    listing = fetch(stub, token, "/self-info")
    ids = [c["id"] for c in (listing["categories"] if isinstance(listing, dict) else listing)]
    infos = []
    for c in ids:
        response = stub.client.get(f"{API}/self-info/{c}", headers={"Authorization": f"Bearer {token}"})
        if response.status_code != 404:  # a category no agency holds for this resident
            assert response.status_code == 200, response.text
            infos.append(parse_self_info(response.json()))
    payloads = [{"category": i.category, "items": [{"label": x.label, "value": x.value} for x in i.items]}
                for i in infos]
    return me, self_info_from_api(payloads)


def card_text(stub: InProcessStub, resident: str) -> TextData:
    profile = JLIS(stub.data_dir).load_card(resident)
    vc = VirtualCard(profile)
    return MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual")).read_text_data(profile.kenhojo_pin)


def test_prefill_from_the_real_card_me_and_self_info(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory()
    me, info = real_sources(stub, "r02")
    st = FormState(load_form("jidou-teate-nintei"), today=TODAY)
    filled = prefill(st, card=card_text(stub, "r02"), self_info=info, me=me)
    assert set(filled) >= {"claimant.name", "claimant.name_kana", "claimant.birth_date", "claimant.my_number",
                           "claimant.address", "claimant.pension", "claimant.postal_code"}
    assert st.get("claimant.birth_date") == me.birth_date.isoformat()
    # Neither the card's text data nor わたしの情報 has the postal code: /me does (住民基本台帳's).
    assert me.postal_code == "352-0001"  # r02's, as 住民基本台帳 holds it in the demo data
    assert st.get("claimant.postal_code") == "352-0001"
    assert st.get("claimant.name_kana") == me.display_name_kana.replace(" ", "　")
    # 「厚生年金保険」 or 「国民年金（第1号被保険者）」 from the pension category chooses the option
    assert st.get("claimant.pension") == ("kosei" if info["pension"]["加入制度"].startswith("厚生") else "kokumin")
    for path in ("claimant.name", "claimant.name_kana", "claimant.birth_date", "claimant.my_number",
                 "claimant.pension", "claimant.postal_code"):
        assert st.validate_field(path) == [], path


def test_the_single_parent_certificate_number_comes_from_self_info(
    stub_app_factory: Callable[..., InProcessStub],
) -> None:
    stub = stub_app_factory()
    me, info = real_sources(stub, "r03")  # a single parent: 児童扶養手当 is in わたしの情報
    st = FormState(load_form("jifu-genkyo"), today=TODAY)
    filled = prefill(st, self_info=info, me=me) + prefill_household(st, me.household)
    assert "recipient.certificate_number" in filled
    assert st.get("recipient.certificate_number") == info["single_parent"]["証書番号"]
    assert st.get("recipient.name_kana")


def test_every_prefill_source_exists_in_the_stub(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory()
    residents = [r["id"] for r in json.loads(
        resources.files("backend_stub").joinpath("data/residents.json").read_text("utf-8"))["residents"]]
    held: dict[str, set[str]] = {}
    for resident in residents:
        _me, info = real_sources(stub, resident)
        for category, items in info.items():
            held.setdefault(category, set()).update(items)
    sources = {f.prefill for fid in FORM_IDS for s in load_form(fid).sections for f in s.fields if f.prefill}
    assert sources, "no form prefills anything"
    for source in sorted(sources):
        kind, _, rest = source.partition(".")
        assert kind in ("card", "me", "self_info", "household"), source
        if kind == "self_info":
            category, _, label = rest.partition(".")
            assert category in held, f"{source}: the stub has no category {category!r}"
            assert label in held[category], f"{source}: no item {label!r} in {category} ({sorted(held[category])})"


# --- the household (住民票), as the form definition asks -------------------------------------


def _member(relation: str, name: str, born: dt.date | None, *, together: bool = True) -> Any:
    from app.portal.models import HouseholdMember

    return HouseholdMember(relation=relation, name=name, name_kana="ヤマダ イチロウ",
                           birth_date=born, sex=None, lives_together=together)


def test_household_children_fill_the_list_the_form_names_within_its_own_age_rule() -> None:
    """児童手当 認定請求 names `me.household.child`: the children the form's age rule admits
    (高校生年代まで, its `school_age_until`) are added with the fields the form maps; a spouse and
    a child past the limit are not."""
    from app.forms import prefill_household

    st = FormState(load_form("jidou-teate-nintei"), today=TODAY)
    young = _member("child", "山田 一郎", dt.date(TODAY.year - 5, 4, 2), together=False)
    grown = _member("child", "山田 太郎", dt.date(TODAY.year - 25, 4, 2))
    spouse = _member("spouse", "山田 二郎", dt.date(TODAY.year - 35, 4, 2))
    filled = prefill_household(st, [spouse, young, grown])
    children = st.get("children.children")
    assert isinstance(children, list)
    assert [c["name"] for c in children] == ["山田 一郎"]
    assert children[0]["relationship"] == "child"
    assert children[0]["lives_with"] == "apart"
    assert children[0]["birth_date"] == young.birth_date.isoformat()
    assert "children.children[0].name" in filled
    # A list the resident already started is left alone.
    assert prefill_household(st, [young]) == ()
    assert len(st.get("children.children")) == 1  # type: ignore[arg-type]


def test_household_prefill_fills_only_the_fields_a_form_has() -> None:
    """現況届 has no kana field for a child: nothing is written where the form has no field."""
    from app.forms import prefill_household

    st = FormState(load_form("jidou-teate-genkyo"), today=TODAY)
    filled = prefill_household(st, [_member("child", "山田 一郎", dt.date(TODAY.year - 5, 4, 2))])
    assert filled
    assert not any(p.endswith("name_kana") for p in filled)



def test_no_form_rule_lives_in_the_wizard() -> None:
    """The household rule is data: the wizard names no field path of a form."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    for module in ("ui/kosodate/wizard.py", "ui/kosodate/wizard_presenter.py"):
        assert "children.children" not in (root / module).read_text(encoding="utf-8")


# --- the household (住民票, as /me sends it) ---------------------------------------------------

def test_the_spouse_on_the_residence_record_fills_the_claims_spouse(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory()
    me, info = real_sources(stub, "r01")  # 山田 花子 lives with her husband
    spouse = next(h for h in me.household if h.relation == "spouse")
    st = FormState(load_form("jidou-teate-nintei"), today=TODAY)
    st.set("eligibility.public_servant", "no")
    filled = prefill(st, card=card_text(stub, "r01"), self_info=info, me=me)
    assert st.get("claimant.marital_status") == "married"
    assert st.field_visible("spouse.name")  # the section opens for her, already filled
    assert {"spouse.name", "spouse.birth_date", "spouse.lives_with"} <= set(filled)
    assert st.get("spouse.name") == spouse.name
    assert st.get("spouse.birth_date") == spouse.birth_date.isoformat()
    assert st.get("spouse.lives_with") == "together"
    for path in ("spouse.name", "spouse.birth_date", "spouse.lives_with", "claimant.marital_status"):
        assert st.validate_field(path) == [], path


def test_the_spouse_fills_the_second_guardian_and_the_partner(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory()
    me, info = real_sources(stub, "r02")
    spouse = next(h for h in me.household if h.relation == "spouse")
    st = FormState(load_form("hoiku-riyou"), today=TODAY)
    prefill(st, self_info=info, me=me)
    assert (st.get("guardian2.name"), st.get("guardian2.birth_date")) == (spouse.name, spouse.birth_date.isoformat())
    assert st.get("guardian2.name_kana")
    me, info = real_sources(stub, "r05")  # pregnant, living with her husband
    st = FormState(load_form("ninshin-todoke"), today=TODAY)
    prefill(st, self_info=info, me=me)
    assert st.get("partner.name") == next(h.name for h in me.household if h.relation == "spouse")


def test_the_children_on_the_residence_record_fill_the_status_report(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory()
    me, info = real_sources(stub, "r03")  # a single parent with one daughter
    st = FormState(load_form("jifu-genkyo"), today=TODAY)
    filled = prefill(st, self_info=info, me=me) + prefill_household(st, me.household)
    child = next(h for h in me.household if h.relation == "child")
    assert st.get("status.children") == [{"name": child.name, "birth_date": child.birth_date.isoformat(),
                                          "lives_with": "together"}]
    assert {"status.children[0].name", "status.children[0].birth_date", "status.children[0].lives_with"} <= set(filled)


def test_no_spouse_on_the_record_leaves_the_marital_status_to_the_resident() -> None:
    me = Me("鈴木 美咲", "スズキ ミサキ", "085421", "五霞町", dt.date(1994, 2, 20), ())
    st = FormState(load_form("jidou-teate-nintei"), today=TODAY)
    prefill(st, me=me)
    assert st.get("claimant.marital_status") in (None, "")
    assert st.get("spouse.name") in (None, "")


@pytest.mark.parametrize("form_id", ["jidou-teate-genkyo", "jidou-teate-gakukaitei", "jidou-teate-nintei"])
def test_the_allowance_forms_list_the_households_children(form_id: str,
                                                         stub_app_factory: Callable[..., InProcessStub]) -> None:
    """Each item gets only the fields its form has (the 現況届's children have no kana)."""
    stub = stub_app_factory()
    me, info = real_sources(stub, "r02")  # three children under 18
    st = FormState(load_form(form_id), today=TODAY)
    st.set("eligibility.public_servant", "no") if form_id == "jidou-teate-nintei" else None
    prefill(st, self_info=info, me=me)
    prefill_household(st, me.household)
    children = st.get("children.children")
    assert isinstance(children, list)
    assert [c["name"] for c in children] == [h.name for h in sorted(
        (h for h in me.household if h.relation == "child"), key=lambda h: h.birth_date)]
    for i in range(len(children)):
        for sub in ("name", "birth_date", "relationship", "lives_with"):
            assert st.validate_field(f"children.children[{i}].{sub}") == [], (i, sub)
