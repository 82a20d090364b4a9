"""PIN tries a resident reads after one wrong PIN and then the right one: the card counts 3
again, and the login screen, the card screen and the diagnostics say so (issue 13, point 9)."""

from __future__ import annotations


def test_tries_after_one_wrong_pin_and_then_the_right_one(home):
    home.login_as("r02", pin="0000")
    login = home.screen("login")
    assert "残り2回" in login.tries_label.text()  # the wrong PIN counted
    home.login_as("r02")

    card = home.open_screen("card")
    home.click(card.pin_refresh)
    auth_on_card = next(v for k, v in card.pin_labels.items() if k.value == "auth")
    home.wait_until(lambda: "残り" in auth_on_card.text())
    assert "残り3回" in auth_on_card.text()
    home.click(card.diag_button)
    home.wait_until(lambda: "auth_tries" in card.diag_text.toPlainText())
    assert "auth_tries=3" in card.diag_text.toPlainText()

    home.logout()  # the card stays in the reader
    login = home.open_screen("login")
    home.wait_until(lambda: login.state == "ready")
    assert "残り3回" in login.tries_label.text()
