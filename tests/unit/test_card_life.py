"""Expiry stages, the locked-PIN router and the procedure pre-check (app/card_life.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.card.pin import PinKind
from app.card_life import (
    JUKI,
    Item,
    SignLapse,
    Stage,
    Use,
    Where,
    expiries,
    months_before,
    precheck,
    renewal_opens,
    route,
    stage_of,
)

LAST = dt.date(2027, 4, 12)


@pytest.mark.parametrize(("today", "stage"), [
    (dt.date(2027, 1, 11), Stage.NONE),
    (dt.date(2027, 1, 12), Stage.MONTHS_3),  # three months ahead, to the day
    (dt.date(2027, 3, 11), Stage.MONTHS_3),
    (dt.date(2027, 3, 12), Stage.MONTH_1),
    (dt.date(2027, 4, 4), Stage.MONTH_1),
    (dt.date(2027, 4, 5), Stage.WEEK_1),
    (dt.date(2027, 4, 12), Stage.WEEK_1),  # the last valid day
    (dt.date(2027, 4, 13), Stage.EXPIRED),
])
def test_announcements_come_three_months_one_month_and_one_week_ahead(today: dt.date, stage: Stage) -> None:
    assert stage_of(LAST, today) is stage


def test_month_arithmetic_keeps_to_the_calendar() -> None:
    assert months_before(dt.date(2027, 5, 31), 3) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2027, 1, 15), 1) == dt.date(2026, 12, 15)


def test_renewal_opens_the_day_after_three_months_before() -> None:
    # src:yachiyo-cert-renewal: valid to 4月1日 -> from 1月2日; to 5月30日 -> from 3月1日
    assert renewal_opens(dt.date(2027, 4, 1)) == dt.date(2027, 1, 2)
    assert renewal_opens(dt.date(2027, 5, 30)) == dt.date(2027, 3, 1)


def test_most_urgent_first_and_a_lapsed_signing_certificate_has_no_expiry() -> None:
    today = dt.date(2027, 4, 1)
    found = expiries(today, auth=LAST, sign=LAST, card=dt.date(2032, 4, 12))
    assert [e.item for e in found][:2] == [Item.AUTH, Item.SIGN]
    assert found[0].days_left == 11
    assert found[-1].stage is Stage.NONE
    lapsed = expiries(today, auth=LAST, sign=LAST, sign_lapse=SignLapse(dt.date(2026, 2, 14), "address_change"))
    assert [e.item for e in lapsed] == [Item.AUTH]


def test_a_locked_signing_pin_leaves_login_and_prefill() -> None:
    r = route(PinKind.SIGN, {PinKind.AUTH: 3, PinKind.SIGN: 0, PinKind.KENHOJO: 3})
    assert r.where == (Where.KONBINI, Where.WINDOW)
    assert r.needs_other is PinKind.AUTH
    assert r.stopped == (Use.SIGNING,)
    assert set(r.still_works) == {Use.LOGIN, Use.PREFILL}


def test_both_certificate_pins_locked_means_the_window_only() -> None:
    r = route(PinKind.AUTH, {PinKind.AUTH: 0, PinKind.SIGN: 0, PinKind.KENHOJO: None})
    assert r.where == (Where.WINDOW,)
    assert r.needs_other is None
    assert Use.LOGIN in r.stopped
    assert Use.SIGNING in r.stopped
    assert r.unknown == (Use.PREFILL,)


@pytest.mark.parametrize("locked", [PinKind.KENHOJO, JUKI])
def test_kenhojo_and_juki_pins_are_reset_at_the_window_only(locked: PinKind | str) -> None:
    r = route(locked, {PinKind.AUTH: 3, PinKind.SIGN: 5, PinKind.KENHOJO: 0 if locked is PinKind.KENHOJO else 3})
    assert r.where == (Where.WINDOW,)
    assert Use.LOGIN in r.still_works
    assert Use.SIGNING in r.still_works


def test_precheck_names_each_step_and_stops_on_a_locked_pin() -> None:
    check = precheck([Use.PREFILL, Use.SIGNING], {PinKind.KENHOJO: 1, PinKind.SIGN: 0})
    assert [(s.use, s.pin) for s in check.steps] == [(Use.PREFILL, PinKind.KENHOJO), (Use.SIGNING, PinKind.SIGN)]
    assert not check.can_start
    assert [s.pin for s in check.last_try] == [PinKind.KENHOJO]
    assert precheck([Use.SIGNING], {PinKind.SIGN: 5}).can_start


PROCEDURE_USES_FOR_TEST = (Use.PREFILL, Use.SIGNING)


def test_a_lapsed_signing_certificate_stops_a_procedure_whatever_its_pin_tries():
    lapse = SignLapse(dt.date(2026, 9, 1), "address_change")
    tries = {PinKind.KENHOJO: 3, PinKind.SIGN: 5}
    assert not precheck(PROCEDURE_USES_FOR_TEST, tries).signing_stopped
    assert precheck(PROCEDURE_USES_FOR_TEST, tries, lapse).signing_stopped
    assert not precheck((Use.PREFILL,), tries, lapse).signing_stopped  # a step without signing goes on
    assert precheck(PROCEDURE_USES_FOR_TEST, {PinKind.KENHOJO: 3, PinKind.SIGN: 0}).signing_stopped


@pytest.mark.parametrize("locked", [PinKind.AUTH, PinKind.SIGN])
def test_the_kiosk_reset_needs_both_certificates_valid(locked: PinKind) -> None:
    # The JPKI reset checks the 署名用 certificate (valid, not revoked, 基本4情報 unchanged) and the
    # 利用者証明用 certificate (valid) before it books a reset (src:jpki-reset-faq).
    tries = {PinKind.AUTH: 3, PinKind.SIGN: 5, locked: 0}
    assert route(locked, tries).where == (Where.KONBINI, Where.WINDOW)
    r = route(locked, tries, certs_valid=False)
    assert r.where == (Where.WINDOW,)
    assert r.needs_other is None
