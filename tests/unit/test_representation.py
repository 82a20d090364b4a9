"""代理人 rules (backend_stub.server.representation) and a child's card without a 署名用 certificate."""

from __future__ import annotations

import datetime as dt

import pytest

from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS, may_hold_sign_certificate
from backend_stub.server.representation import GrantRefusedError, adulthood, grant_terms, may_revoke
from backend_stub.server.residents import load_demo_residents
from tests.fixtures.card import holder

JST = dt.timezone(dt.timedelta(hours=9))
NOW = dt.datetime(2026, 12, 6, 12, tzinfo=JST)
DEMO = {d.resident.id: d.resident for d in load_demo_residents()}


def test_a_legal_grant_is_for_the_parents_own_child_in_the_household_and_ends_at_18() -> None:
    terms = grant_terms("legal", DEMO["r02"], DEMO["r08"], NOW, None)
    assert (terms.kind, terms.relation) == ("legal", "parent")
    assert terms.expires_at == dt.datetime(2032, 9, 18, tzinfo=JST)  # 18th birthday (民法第4条)
    # A 16-year-old is still a minor: the parent may act too (the child may also use their own card).
    assert grant_terms("legal", DEMO["r02"], DEMO["r09"], NOW, None).expires_at.year == 2028


@pytest.mark.parametrize(
    ("proxy", "principal", "code"),
    [("r03", "r08", "relationship_not_confirmed"), ("r02", "r06", "not_a_minor"), ("r08", "r08", "self_grant"),
     ("r08", "r02", "not_a_minor")],  # a child is no 法定代理人 of its parent
)
def test_a_legal_grant_is_refused_otherwise(proxy: str, principal: str, code: str) -> None:
    with pytest.raises(GrantRefusedError) as refused:
        grant_terms("legal", DEMO[proxy], DEMO[principal], NOW, None)
    assert refused.value.code == code


def test_a_voluntary_grant_needs_an_adult_principal_and_an_end_date() -> None:
    terms = grant_terms("voluntary", DEMO["r06"], DEMO["r05"], NOW, dt.date(2027, 3, 31))
    assert terms.expires_at == dt.datetime(2027, 4, 1, tzinfo=JST)  # through the whole last day
    for principal, end, code in (("r05", None, "bad_expiry"), ("r05", NOW.date(), "bad_expiry"),
                                 ("r08", dt.date(2027, 1, 1), "principal_is_a_minor")):
        with pytest.raises(GrantRefusedError) as refused:
            grant_terms("voluntary", DEMO["r06"], DEMO[principal], NOW, end)
        assert refused.value.code == code


def test_a_child_comes_of_age_at_the_start_of_the_18th_birthday() -> None:
    assert adulthood(dt.date(2010, 6, 2)) == dt.datetime(2028, 6, 2, tzinfo=JST)
    assert adulthood(dt.date(2012, 2, 29)) == dt.datetime(2030, 3, 1, tzinfo=JST)


def test_who_may_revoke() -> None:
    grant = {"principal_id": "r08", "proxy_id": "r02"}
    assert may_revoke(grant, "r08")
    assert may_revoke(grant, "r02")
    assert not may_revoke(grant, "r03")


def test_under_15_on_the_day_of_issue_means_no_signing_certificate() -> None:
    assert not may_hold_sign_certificate(dt.date(2011, 12, 7), dt.date(2026, 12, 6))
    assert may_hold_sign_certificate(dt.date(2011, 12, 6), dt.date(2026, 12, 6))


def test_a_card_without_a_signing_certificate(tmp_path) -> None:
    jlis = JLIS(tmp_path)
    profile = jlis.issue_card(holder("r-child", birth_date=dt.date(2016, 7, 30)), auth_pin="1034", sign_pin=None,
                              kenhojo_pin="4301")
    assert profile.sign_cert is None
    again = jlis.load_card("r-child")
    assert (again.sign_cert, again.sign_key, again.sign_pin) == (None, None, None)
    assert again.auth_cert == profile.auth_cert
    for card in (VirtualCard(profile), VirtualCard(jlis.card_image("r-child"))):
        assert card.transmit(bytes.fromhex("00A4040C0AD392F000260100000001")) == b"\x90\x00"
        # The 利用者証明用 certificate and PIN are there; the 署名用 ones are not.
        assert card.transmit(bytes.fromhex("00A4020C02000A")) == b"\x90\x00"
        assert card.transmit(bytes.fromhex("00A4020C020018")) == b"\x90\x00"
        for fid in ("0001", "001A", "001B"):
            assert card.transmit(bytes.fromhex("00A4020C02" + fid)) == b"\x6a\x82"
    jlis.revoke("r-child")  # a lost child's card revokes what it has


def test_the_clients_card_layer_says_a_childs_card_has_no_signing_certificate(tmp_path) -> None:
    from app.card.errors import NoSigningCertificate
    from app.card.jpki import MyNumberCard
    from app.card.pin import PinKind
    from app.card.transport import CallableTransport

    profile = JLIS(tmp_path).issue_card(holder("r-kid", birth_date=dt.date(2016, 7, 30)), auth_pin="1034",
                                        sign_pin=None, kenhojo_pin="4301")
    vc = VirtualCard(profile)
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual"))
    assert card.pin_tries(PinKind.AUTH) == 3  # login works as for anyone
    assert card.read_auth_certificate()
    with pytest.raises(NoSigningCertificate):
        card.pin_tries(PinKind.SIGN)
    with pytest.raises(NoSigningCertificate):
        card.read_sign_certificate("ABC123")
    assert card.read_sign_ca_certificate()  # the CA certificate is on every card
