"""Response parsers: valid samples parse; any other JSON is MalformedResponse, never KeyError/TypeError."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.portal import MalformedResponse
from app.portal import models as m
from tests.unit.test_portal_support import (
    challenge,
    history_page,
    history_record,
    login_ok,
    notice,
    notice_page,
)

SAMPLES: dict[str, tuple[Callable[[object], object], object]] = {
    "health": (m.parse_health, {"status": "ok", "version": "0.1"}),
    "challenge": (m.parse_challenge, challenge()),
    "login": (m.parse_login, login_ok()),
    "certificate_check": (m.parse_certificate_check, {"status": "revoked", "not_after": "2030-01-01T00:00:00+09:00"}),
    "me": (
        m.parse_me,
        {
            "display_name": "佐藤 花子", "display_name_kana": "サトウ ハナコ", "municipality_code": "112305",
            "municipality_name": "新座市", "birth_date": "1985-04-01",
            "household": [{"relation": "child", "name": "佐藤 陽向", "name_kana": "サトウ ヒナタ",
                           "birth_date": "2020-05-05", "sex": "1", "lives_together": True}],
        },
    ),
    "history_record": (m.parse_history_record, history_record()),
    "history_page": (m.parse_history_page, history_page(range(2), "c")),
    "facets": (
        m.parse_facets,
        {"agencies": [{"code": "112305", "name": "新座市"}], "information": ["地方税関係情報"], "outcomes": ["provided"]},
    ),
    "self_info_categories": (
        m.parse_self_info_categories,
        {"categories": [{"id": "tax", "name": "税・所得", "provider": {"code": "112305", "name": "新座市"}, "description": "d"}]},
    ),
    "self_info": (
        m.parse_self_info,
        {"category": "tax", "fetched_at": "2024-06-01T09:00:00+09:00", "provider": {"code": "112305", "name": "新座市"},
         "items": [{"label": "所得", "value": "3,000,000円"}], "history_id": "h1"},
    ),
    "notice_page": (m.parse_notice_page, notice_page([notice(1), notice(2)])),
    "delivery": (
        m.parse_delivery,
        {"linked": True, "service": "らくらく送達便（架空）", "account": "ta***@example.jp", "categories": ["child"],
         "consented_at": "2024-06-01T09:00:00+09:00",
         "forwarded": [{"notice_id": "n1", "title": "t", "service": "s", "forwarded_at": "2024-06-01T09:00:00+09:00"}],
         "available_services": ["a"], "available_categories": ["child"]},
    ),
    "payment": (
        m.parse_payment,
        {"id": "p1", "notice_id": "n1", "amount": 3000, "status": "paid",
         "payeasy": {"collecting_agency_no": "51234", "customer_no": "1234567890123456", "confirmation_no": "123456"},
         "receipt": {"method": "card", "card_last4": "1111", "paid_at": "2024-06-01T09:00:00+09:00", "receipt_no": "1"}},
    ),
    "municipalities": (m.parse_municipalities, [{"code": "112305", "name": "新座市", "prefecture": "埼玉県"}]),
    "services": (
        m.parse_services,
        [{"id": "s1", "name": "児童手当 認定請求", "summary": "s", "eligibility": "e", "deadline": "15日以内",
          "online": True, "form_id": "jidou-teate-nintei", "legal_basis": "児童手当法",
          "documents": [{"name": "健康保険証の写し", "required": True, "replaced_by_linkage": True, "beppyo2_item": 74}],
          "where": "こども支援課"}],
    ),
    "application": (
        m.parse_application,
        {"id": "a1", "receipt_number": "R-1", "form_id": "f", "status": "processing",
         "events": [{"at": "2024-06-01T09:00:00+09:00", "status": "submitted", "note": "受付"}], "notice_id": None},
    ),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_samples_parse(name: str) -> None:
    parse, sample = SAMPLES[name]
    assert parse(copy.deepcopy(sample)) is not None


def test_parsed_values_are_typed() -> None:
    payment = m.parse_payment(SAMPLES["payment"][1])
    assert payment.status is m.PaymentStatus.PAID
    assert payment.receipt is not None
    assert payment.receipt.card_last4 == "1111"
    page = m.parse_notice_page(SAMPLES["notice_page"][1])
    assert page.items[0].deadline is not None
    assert page.items[0].deadline.isoformat() == "2024-06-30"
    services = m.parse_services(SAMPLES["services"][1])
    assert services[0].documents[0].beppyo2_item == "74"


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


def _set(doc: object, path: tuple[object, ...], value: object) -> None:
    for key in path[:-1]:
        doc = doc[key]  # type: ignore[index]
    doc[path[-1]] = value  # type: ignore[index]


WRONG_VALUES: list[object] = [None, True, -1, 1.5, "", "x", [], {}, [1], {"a": 1}]


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_field_replaced_by_a_wrong_type_gives_only_malformed_response(name: str) -> None:
    parse, sample = SAMPLES[name]
    for path in _paths(sample):
        for wrong in WRONG_VALUES:
            doc = copy.deepcopy(sample)
            _set(doc, path, wrong)
            with contextlib.suppress(MalformedResponse):
                parse(doc)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(name=st.sampled_from(sorted(SAMPLES)), value=json_values)
def test_arbitrary_json_gives_only_malformed_response(name: str, value: object) -> None:
    parse, _ = SAMPLES[name]
    with contextlib.suppress(MalformedResponse):
        parse(value)


@settings(max_examples=200, deadline=None)
@given(
    name=st.sampled_from(sorted(SAMPLES)),
    data=st.data(),
)
def test_samples_with_a_random_field_replaced_give_only_malformed_response(name: str, data: st.DataObject) -> None:
    parse, sample = SAMPLES[name]
    paths = _paths(sample)
    doc = copy.deepcopy(sample)
    _set(doc, data.draw(st.sampled_from(paths)), data.draw(json_values))
    with contextlib.suppress(MalformedResponse):
        parse(doc)


@pytest.mark.parametrize(
    "name", ["history_record", "login", "challenge", "payment", "application", "me"]
)
def test_a_missing_required_field_is_malformed(name: str) -> None:
    parse, sample = SAMPLES[name]
    assert isinstance(sample, dict)
    required = {
        "history_record": "requested_at", "login": "access_token", "challenge": "nonce",
        "payment": "status", "application": "receipt_number", "me": "birth_date",
    }[name]
    doc = copy.deepcopy(sample)
    del doc[required]
    with pytest.raises(MalformedResponse) as info:
        parse(doc)
    assert info.value.where == required
