"""公金決済: Pay-easy numbers, card payment through the stub gateway, checks before sending,
and that a declined, failed or abandoned payment is never shown as paid."""

from __future__ import annotations

import datetime
import logging

import pytest
from PySide6.QtCore import Qt

from tests.ui import test_history_support as support
from ui.portal.payment import PaymentDialog, check_card

aloop, make_access, portal_stub = support.aloop, support.make_access, support.portal_stub
RESIDENT = "r06"
GOOD_CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000000000000002"


@pytest.fixture
def open_dialog(qtbot, make_access, portal_stub):
    made = []

    def make(amount: int = 3400):
        access = make_access(RESIDENT)
        nid = support.add_notice(portal_stub, RESIDENT, title="納付のお知らせ", category="payment",
                                 payment_amount=amount)
        dialog = PaymentDialog(access, support.payment_for(portal_stub, nid))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.payment is not None, timeout=10000)
        made.append(dialog)
        return dialog, access

    yield make
    for d in made:
        d.close()


def fill(dialog: PaymentDialog, number: str, expiry: str = "12/35", cvc: str = "123") -> None:
    dialog.number.setText(number)
    dialog.expiry.setText(expiry)
    dialog.cvc.setText(cvc)


def pay(qtbot, dialog: PaymentDialog) -> None:
    """「カードで支払う」, then 「支払いを確定する」 on the confirmation it shows."""
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    assert dialog.confirm_box.isVisible()
    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)


def test_payeasy_numbers_and_amount_are_shown(open_dialog):
    dialog, _ = open_dialog(3400)
    assert "3,400 円" in dialog.amount.text()
    assert "未払い" in dialog.status.text()
    assert dialog.payeasy_box.isVisible()
    p = dialog.payment.payeasy
    for number in (p.collecting_agency_no, p.customer_no, p.confirmation_no):
        assert number in dialog.payeasy.text()


def test_card_payment_succeeds_with_a_receipt_and_the_card_is_not_kept(qtbot, open_dialog, caplog):
    caplog.set_level(logging.DEBUG)
    dialog, _ = open_dialog()
    fill(dialog, GOOD_CARD)
    with qtbot.waitSignal(dialog.payment_changed, timeout=10000,
                          check_params_cb=lambda p: p.status.value == "paid"):
        pay(qtbot, dialog)
    assert "支払い済み" in dialog.status.text()
    assert "領収番号" in dialog.receipt.text()
    assert "4242" in dialog.receipt.text()
    assert not dialog.card_box.isVisible()
    assert (dialog.number.text(), dialog.expiry.text(), dialog.cvc.text()) == ("", "", "")
    assert "4242424242424242" not in caplog.text
    assert "4242 4242" not in caplog.text


def test_declined_card_is_shown_as_not_paid(qtbot, open_dialog, caplog):
    caplog.set_level(logging.DEBUG)
    dialog, _ = open_dialog()
    fill(dialog, DECLINED_CARD)
    with qtbot.waitSignal(dialog.payment_changed, timeout=10000):
        pay(qtbot, dialog)
    assert dialog.payment.status.value == "failed"
    assert "承認されませんでした" in dialog.message.text()
    assert "支払いできませんでした（未払い）" in dialog.status.text()
    assert "支払い済み" not in dialog.status.text()
    assert dialog.card_box.isEnabled()  # may try another card
    assert DECLINED_CARD not in caplog.text


def test_card_is_checked_before_anything_is_sent(qtbot, open_dialog):
    dialog, access = open_dialog()
    calls = access.calls
    fill(dialog, "4242424242424241", expiry="13/30", cvc="12")
    qtbot.mouseClick(dialog.pay_button, Qt.MouseButton.LeftButton)
    problems = dialog.card_problem.text()
    assert "カード番号" in problems
    assert "MM/YY" in problems
    assert "セキュリティコード" in problems
    assert access.calls == calls  # nothing went to the gateway
    assert dialog.number.text() == "4242424242424241"  # kept for correction
    assert check_card("4242424242424242", "01/20", "123", datetime.date(2026, 1, 1)) == {
        "expiry": "カードの有効期限が切れています。別のカードをお使いください。"}


@pytest.mark.parametrize(
    ("number", "expiry", "cvc", "field"),
    [
        ("４２４２４２４２４２４２４２４２", "12/30", "123", "number"),
        ("4242424242424242", "1²/30", "123", "expiry"),
        ("4242424242424242", "１２/３０", "123", "expiry"),
        ("4242424242424242", "12/30", "12³", "cvc"),
    ],
    ids=["fullwidth-number", "superscript-month", "fullwidth-expiry", "superscript-cvc"],
)
def test_card_fields_take_ascii_digits_only(number, expiry, cvc, field):
    # Digits the gateway refuses are refused here, without an exception (int("1²") raises).
    assert list(check_card(number, expiry, cvc, datetime.date(2026, 1, 1))) == [field]


def test_network_failure_while_paying_shows_the_backend_state_not_paid(qtbot, open_dialog):
    dialog, access = open_dialog()
    fill(dialog, GOOD_CARD)
    access.fail_next = 1
    with qtbot.waitSignal(dialog.payment_changed, timeout=10000):
        pay(qtbot, dialog)
    assert dialog.payment.status.value == "unpaid"
    assert "確認できませんでした" in dialog.message.text()
    assert "未払い" in dialog.status.text()
    assert dialog.cvc.text() == ""  # cleared as it left the form


def test_abandoned_payment_stays_unpaid(qtbot, open_dialog, make_access):
    dialog, access = open_dialog()
    payment_id = dialog.payment.id
    fill(dialog, GOOD_CARD)
    dialog.reject()
    assert dialog.number.text() == ""
    again = PaymentDialog(access, payment_id)
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.payment is not None, timeout=10000)
    assert again.payment.status.value == "unpaid"
    assert "未払い" in again.status.text()
