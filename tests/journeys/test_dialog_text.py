"""Messages in the PIN, signing-PIN and payment dialogs are read whole, in Japanese and in
English: the dialog grows with its message, never clips a line through the middle, leaves no
large gaps, and its title says which PIN it asks for (issue 13, point 5)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel

from ui.card.pin_dialog import PinDialog
from ui.portal.payment import PaymentDialog

SLACK_PX = 48  # margins and spacing a dialog may keep beyond its content


def clipped_labels(dialog: QDialog) -> list[str]:
    """Visible labels shown smaller than their text needs."""
    out = []
    for label in dialog.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        need_h = label.heightForWidth(label.width()) if label.wordWrap() else label.sizeHint().height()
        need_w = 0 if label.wordWrap() else label.sizeHint().width()
        if label.height() < need_h or label.width() < need_w:
            out.append(f"{label.objectName() or '?'}: {label.text()[:40]!r} {label.width()}x{label.height()} < {need_h}")
    return out


def assert_reads_whole(j, dialog: QDialog, where: str) -> None:
    j.settle()
    assert not clipped_labels(dialog), f"{where}: {clipped_labels(dialog)}"
    need = dialog.layout().totalHeightForWidth(dialog.width()) if dialog.layout().hasHeightForWidth() \
        else dialog.layout().totalSizeHint().height()
    assert dialog.height() <= need + SLACK_PX, f"{where}: {dialog.height()} px for {need} px of content"
    screen = dialog.screen().availableGeometry()
    assert dialog.width() <= screen.width()


def assert_title_names_the_pin(dialog: PinDialog, name: str) -> None:
    assert name in dialog.windowTitle()
    # Seen in full, also where the window manager cuts a title: the dialog's own heading.
    heading = dialog.findChild(QLabel, "pinTitle")
    assert heading is not None
    assert heading.isVisible()
    assert name in heading.text()
    assert dialog.width() >= dialog.fontMetrics().horizontalAdvance(dialog.windowTitle()) + 96


def test_pin_and_payment_messages_read_whole(home):
    # r02 has a 保育料 to pay (the only demo charge); English runs in a module of its own, on a
    # fresh backend, where the same charge is still unpaid (test_dialog_text_en.py).
    read_whole_as(home, "ja", "r02", "利用者証明用電子証明書", "署名用電子証明書")


def read_whole_as(home, language, resident, auth_name, sign_name):
    home.set_language(language)
    home.place_demo_card(resident)
    login = home.screen("login")
    home.click(login.login_button)
    dialog = home.type_pin("12")  # a malformed PIN: the dialog explains, nothing is sent
    home.wait_until(lambda: dialog.error_label.isVisible())
    assert_reads_whole(home, dialog, "login PIN with its format message")
    assert_title_names_the_pin(dialog, auth_name)
    home.close_dialog(dialog)
    home.wait_until(lambda: not login._busy)
    home.click(login.login_button)  # opened again, and closed with Esc this time
    dialog = home.wait_dialog(PinDialog)
    home.press("escape", dialog)
    home.wait_until(lambda d=dialog: not d.isVisible())
    home.login_as(resident)

    card = home.open_screen("card")
    card.cert_combo.setCurrentIndex(card.cert_combo.findData("sign"))
    home.click(card.cert_read)
    dialog = home.type_pin("a")  # too short for a signing PIN
    home.wait_until(lambda: dialog.error_label.isVisible())
    assert_reads_whole(home, dialog, "signing PIN with its format message")
    assert_title_names_the_pin(dialog, sign_name)
    home.close_dialog(dialog)

    notices = home.open_screen("notices")
    home.wait_until(lambda: notices.model.rowCount() > 0)
    home.click_row(notices.list, "保育料")
    home.click(notices.pay_button)
    pay = home.wait_dialog(PaymentDialog)
    home.wait_until(lambda: pay.payment is not None)
    assert_reads_whole(home, pay, "payment")
    for number in ("4000000000000002", "4242424242424242"):  # declined, then paid
        # After a refusal the dialog reads the charge again before the card can be tried again.
        home.wait_until(lambda: pay.pay_button.isEnabled())
        home.type_text(number, pay.number)
        home.type_text("12/35", pay.expiry)
        home.type_text("123", pay.cvc)
        home.click(pay.pay_button)
        home.wait_until(lambda: pay.confirm_box.isVisible())  # the amount and card, to confirm
        assert_reads_whole(home, pay, f"payment confirmation {number[:4]}")
        home.click(pay.confirm_button)
        home.wait_until(lambda: not pay._busy and bool(pay.message.text() or pay.receipt.text()))
        assert_reads_whole(home, pay, f"payment after {number[:4]}")
    home.wait_until(lambda: pay.payment.status.value == "paid")
    assert_reads_whole(home, pay, "payment receipt")
    home.close_dialog(pay)
