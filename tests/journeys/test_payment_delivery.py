"""Point 15: paying a charge and linking a delivery service, the way a resident does it at home.

A click on 「カードで支払う」 must not charge the card by itself: the resident first sees the
amount and the card's last digits and confirms. The delivery service refuses an account that
is not in its format (an e-mail address) with a clear message, and forwards nothing the
resident did not choose (no category is ticked before they pick one).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from ui.portal.delivery import DeliveryDialog
from ui.portal.payment import PaymentDialog

GOOD_CARD = "4242 4242 4242 4242"


def tick(j, check) -> None:
    """A click on the box itself (a checkbox reacts to its box and label, not to the space beside)."""
    j.qtbot.mouseClick(check, Qt.MouseButton.LeftButton, pos=QPoint(check.height() // 2, check.height() // 2))


def _open_fee_notice(j):
    screen = j.open_screen("notices")
    j.wait_until(lambda: screen.model.rowCount() > 0)
    row = next(r for r in range(screen.model.rowCount()) if screen.model.notice(r).payment is not None
               and screen.model.notice(r).payment.amount == 23_500)
    screen.list.setCurrentIndex(screen.model.index(row, 0))
    j.wait_until(lambda: screen.pay_button.isVisible() and screen.pay_button.isEnabled())
    return screen


def test_card_payment_asks_to_confirm_the_amount_and_card_first(home):
    home.login_as("r02")  # 佐藤 健一: 保育料 23,500円 unpaid
    screen = _open_fee_notice(home)
    home.click(screen.pay_button)
    dialog = home.wait_dialog(PaymentDialog)
    home.wait_until(lambda: dialog.payment is not None)
    home.click(dialog.number)
    home.type_text(GOOD_CARD)
    home.click(dialog.expiry)
    home.type_text("12/35")
    home.click(dialog.cvc)
    home.type_text("123")
    home.click("カードで支払う")
    home.settle()
    # Nothing is charged yet: the resident sees what will happen and can go back.
    home.wait_until(lambda: home.sees("23,500 円") and home.sees("4242", dialog))
    assert dialog.payment.status.value == "unpaid"
    assert home.sees("支払いを確定する", dialog)
    home.click("戻る")
    assert dialog.number.text().replace(" ", "") == GOOD_CARD.replace(" ", "")  # the form is kept
    home.click("カードで支払う")
    home.click("支払いを確定する")
    home.wait_until(lambda: dialog.payment.status.value == "paid")
    assert home.sees("領収番号", dialog)
    home.press("Escape")
    home.wait_no_dialog()


def test_delivery_link_checks_the_account_and_starts_with_nothing_ticked(home):
    home.login_as("r05")
    screen = home.open_screen("notices")
    home.click(screen.delivery_button)
    dialog = home.wait_dialog(DeliveryDialog)
    home.wait_until(lambda: dialog.state is not None and dialog.category_checks)
    assert not dialog.state.linked
    ticked = [c for c, check in dialog.category_checks.items() if check.isChecked()]
    assert ticked == [], f"forwarded unless the resident unticks them: {ticked}"
    home.click(dialog.account)
    home.type_text("abc")
    tick(home, dialog.category_checks["child"])
    home.click(dialog.consent)
    home.click("同意して連携する")
    home.settle()
    home.wait_until(lambda: "メールアドレス" in dialog.message.text())
    assert not dialog.state.linked
    dialog.account.selectAll()
    home.type_text("yumi@example.jp", dialog.account)
    home.click("同意して連携する")
    home.wait_until(lambda: dialog.state.linked)
    assert dialog.state.categories == ("child",)
    assert [c for c, check in dialog.category_checks.items() if check.isChecked()] == ["child"]  # as chosen
    home.press("Escape")
    home.wait_no_dialog()
