"""お知らせ's dialogs (民間送達サービス, 公金決済) used as residents use them: opened, closed with
their button and with Esc, opened again, a charge paid and its status looked at again; the
same after logout and login as another resident (issue 13, point 3)."""

from __future__ import annotations

from ui.portal.delivery import DeliveryDialog
from ui.portal.payment import PaymentDialog


def _open_delivery(j):
    j.click("noticesDelivery")
    return j.wait_dialog(DeliveryDialog)


def test_delivery_dialog_opens_closes_and_opens_again(home):
    home.login_as("r01")
    home.open_screen("notices")
    for close in ("button", "esc", "button"):
        dialog = _open_delivery(home)
        home.wait_until(lambda d=dialog: d.state is not None)
        assert dialog.isVisible()
        if close == "esc":
            home.press("escape", dialog)
            home.wait_until(lambda d=dialog: not d.isVisible())
        else:
            home.close_dialog(dialog)
        home.settle()
    assert home.dialog() is None


def _open_fee(j):
    screen = j.open_screen("notices")
    j.wait_until(lambda: screen.model.rowCount() > 0)
    j.click_row(screen.list, "保育料")
    j.wait_until(lambda: screen.pay_button.isVisible())
    j.click(screen.pay_button)
    dialog = j.wait_dialog(PaymentDialog)
    j.wait_until(lambda: dialog.payment is not None)
    return screen, dialog


def _look_at_the_paid_status_twice(j, screen) -> None:
    assert screen.pay_button.text() == "支払い状況を見る"
    for _ in range(2):  # the status, looked at again: twice
        j.click(screen.pay_button)
        again = j.wait_dialog(PaymentDialog)
        j.wait_until(lambda d=again: d.payment is not None)
        assert "支払い済み" in again.status.text()
        j.close_dialog(again)
        j.settle()


def test_pay_a_charge_then_look_at_its_status_twice_and_as_another_resident(home):
    # r02's 保育料 is the demo's only charge (千代田区 charges none: r06 has nothing to pay).
    home.login_as("r02")
    screen, dialog = _open_fee(home)
    home.press("escape", dialog)
    home.wait_until(lambda d=dialog: not d.isVisible())
    home.settle()
    screen, dialog = _open_fee(home)  # again, after Esc
    assert dialog.isVisible()
    dialog.number.setFocus()
    home.type_text("4242424242424242", dialog.number)
    home.type_text("12/35", dialog.expiry)
    home.type_text("123", dialog.cvc)
    home.click(dialog.pay_button)
    home.click(dialog.confirm_button)  # after the amount and the card's last digits
    home.wait_until(lambda d=dialog: d.payment.status.value == "paid")
    assert "お支払いが完了しました" in dialog.receipt.text()
    home.close_dialog(dialog)
    home.settle()
    _look_at_the_paid_status_twice(home, screen)
    home.logout()

    # Another resident: no charge of r02's is shown, and nothing offers to pay.
    home.login_as("r06")
    screen = home.open_screen("notices")
    home.wait_until(lambda: screen.model.rowCount() > 0)
    for row in range(screen.model.rowCount()):
        assert "保育料" not in str(screen.model.index(row, 0).data() or "")
        home.click_row(screen.list, str(screen.model.index(row, 0).data()))
        assert not screen.pay_button.isVisible()
    home.logout()

    # r02 again, after someone else used the app: the paid status still opens, twice.
    home.login_as("r02")
    screen = home.open_screen("notices")
    home.wait_until(lambda: screen.model.rowCount() > 0)
    home.click_row(screen.list, "保育料")
    home.wait_until(lambda: screen.pay_button.isVisible())
    _look_at_the_paid_status_twice(home, screen)
    home.logout()
