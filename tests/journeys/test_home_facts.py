"""ホーム states only true facts: nothing about notices before anyone has logged in, an overdue
現況届 listed as overdue, and a paid 保育料 no longer due, on ホーム and in お知らせ (issue 13,
point 13)."""

from __future__ import annotations

from ui.portal.payment import PaymentDialog


def _home_loaded(j):
    home = j.open_screen("home")
    j.wait_until(lambda: home.me is not None and home.applications is not None)
    j.settle()
    return home


def test_home_says_nothing_about_notices_before_login(home):
    screen = home.open_screen("home")
    home.settle()
    seen = " ".join(home.texts(screen))
    assert "未読のお知らせ" not in seen, seen
    assert "期限が近い手続き" not in seen, seen
    assert "支払いが必要" not in seen, seen
    assert "ログイン" in seen, seen  # a prompt to log in instead


def test_home_lists_an_overdue_claim_as_overdue(home):
    # 山田 花子's child was born on 1 October: the 児童手当 認定請求 was due within 15 days, and
    # わたしの情報 shows no claim yet. It is listed, and listed as overdue.
    home.login_as("r01")
    screen = _home_loaded(home)
    text = screen.deadlines.text()
    assert "期限が近い手続きはありません" not in text, text
    assert "認定請求" in text, text
    assert "過ぎています" in text, text


def test_a_procedure_already_done_is_not_listed_as_overdue(home):
    # 鈴木 美咲's 現況届 of this August is 提出済み in わたしの情報: its reminder is no longer due.
    home.login_as("r03")
    screen = _home_loaded(home)
    assert "現況届" not in screen.deadlines.text(), screen.deadlines.text()


def test_a_paid_charge_is_no_longer_due(home):
    home.login_as("r02")  # 佐藤 健一: a 23,500円 保育料 charge, due in 14 days
    screen = _home_loaded(home)
    assert "保育料" in screen.deadlines.text()
    assert "23,500" in screen.payments.text()

    notices = home.open_screen("notices")
    home.wait_until(lambda: notices.model.rowCount() > 0)
    home.click_row(notices.list, "保育料")
    home.wait_until(lambda: notices.pay_button.isVisible())
    assert "あと 14 日" in notices.deadline.text()
    home.click(notices.pay_button)
    dialog = home.wait_dialog(PaymentDialog)
    home.wait_until(lambda: dialog.payment is not None)
    dialog.number.setFocus()
    home.type_text("4242424242424242", dialog.number)
    home.type_text("12/35", dialog.expiry)
    home.type_text("123", dialog.cvc)
    home.click(dialog.pay_button)
    home.wait_until(lambda: dialog.confirm_box.isVisible())  # the amount and the card's last digits
    home.click(dialog.confirm_button)
    home.wait_until(lambda: dialog.payment.status.value == "paid")
    home.close_dialog(dialog)
    home.settle()

    # The notice: no countdown, nothing in red.
    assert "あと" not in notices.deadline.text(), notices.deadline.text()
    assert notices.deadline.property("deadline") in ("", None)  # no overdue or soon badge
    row = notices.model.row_of(notices._current.id)
    from PySide6.QtCore import Qt
    assert notices.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    # ホーム: the charge is neither among the deadlines nor among the charges to pay.
    screen = _home_loaded(home)
    home.wait_until(lambda: "23,500" not in screen.payments.text())
    assert "保育料" not in screen.deadlines.text(), screen.deadlines.text()


def test_notices_say_nothing_about_unread_notices_before_login(home):
    # Before login nothing is known about the resident's notices: お知らせ asks to log in, as
    # ホーム does, instead of 「未読はありません」.
    screen = home.open_screen("notices")
    home.settle()
    seen = " ".join(home.texts(screen))
    assert "未読" not in seen, seen
    assert "お知らせはありません" not in seen, seen
    assert "ログイン" in seen, seen
