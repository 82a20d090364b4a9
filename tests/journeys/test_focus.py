"""Where the keyboard focus goes as a resident logs in, applies and submits: to the screen's
first useful control, never to ログアウト, and Space on a stray focus never ends the session
with unsaved input (issue 13, point 6)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton

from tests.integration.test_apply_e2e import CHILD_MY_NUMBER

FILL = (("claimant.postal_code", "352-0011"), ("claimant.phone", "048-000-0000"),
        ("claimant.occupation", "会社員"), ("claimant.pension", "kosei"),
        ("claimant.marital_status", "single"), ("jan1.same_as_now", "yes"),
        ("older_children.has_older", "no"), ("declaration.truthful", True),
        ("payment.account", {"use_public_account": True}),
        ("children.children[0].my_number", CHILD_MY_NUMBER))


def focus_in_screen(j, where: str):
    """The focus is on a visible control of the current screen, not on the header."""
    widget = j.focus()
    assert widget is not None, f"nothing has the focus {where}"
    assert widget is not j.window.header_logout, f"focus on ログアウト {where}"
    what = f"focus {where} on {type(widget).__name__} {widget.objectName()!r}"
    assert j.screen().isAncestorOf(widget), f"{what}, outside the screen"
    assert widget.isVisible(), f"{what}, a hidden widget"
    return widget


def space_keeps_the_session(j, where: str) -> None:
    """A resident presses Space wherever the focus is: they are still logged in, or asked first."""
    j.press("space")
    j.settle()
    box = j.dialog(QMessageBox)
    if box is not None:
        j.press("escape", box)
        j.wait_until(lambda: not box.isVisible())
    assert j.session.is_logged_in, f"Space {where} logged the resident out without asking"


def _add_buttons(wizard):
    return [b for b in wizard.findChildren(QPushButton)
            if b.objectName().startswith("add_") and b.isVisible() and b.isEnabled()]


def test_focus_follows_the_resident_through_an_application(home):
    home.login_as("r01")
    focus_in_screen(home, "after login")

    screen = home.open_screen("services")
    search = screen.search
    home.wait_until(lambda: search.model.rowCount() > 0)
    assert search.select_service("jidou-teate-nintei")
    home.click(search.apply_button)
    home.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    home.click(screen.wizard.close_button)  # 中断して一覧へ
    home.wait_until(lambda: screen.wizard is None)
    focus_in_screen(home, "after 中断して一覧へ")
    space_keeps_the_session(home, "after 中断して一覧へ")

    home.click(screen.resume_button)
    home.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    wizard = screen.wizard
    home.click(wizard.prefill_button)
    home.type_pin(home.resident("r01").kenhojo_pin)
    home.wait_until(lambda: not wizard.busy and bool(wizard.prefilled))
    for path, value in FILL:
        wizard.set_value(path, value)
    while not _add_buttons(wizard):
        home.click(wizard.next_button)
    home.click(_add_buttons(wizard)[0])  # 児童を追加
    field = focus_in_screen(home, "after 児童を追加")
    assert "children[1]" in field.objectName(), f"focus is not in the new child: {field.objectName()!r}"
    home.wait_until(lambda: "children[1]" in home.focus().objectName())
    wizard.state.remove_item("children.children", 1)
    wizard.build_page()

    # Unsaved input: logging out asks first; Esc and the question's own button keep the session.
    for close in ("esc", "button"):
        home.click(home.window.header_logout)
        box = home.wait_dialog(QMessageBox)
        assert "ログアウト" in box.text()
        if close == "esc":
            home.press("escape", box)
        else:
            home.click(box.button(QMessageBox.StandardButton.Cancel))
        home.wait_until(lambda b=box: not b.isVisible())
        assert home.session.is_logged_in

    while wizard.step < wizard.review_step:
        home.click(wizard.next_button)
    assert focus_in_screen(home, "in 確認と署名") is wizard.submit_button

    home.click(wizard.submit_button)
    home.type_pin(home.resident("r01").sign_pin)
    home.wait_until(lambda: screen.status_view is not None and screen.status_view.isVisible(), 20_000)
    focus_in_screen(home, "after submitting")
    space_keeps_the_session(home, "after submitting")
