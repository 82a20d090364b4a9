"""Self-test: log in through the login screen with a demo virtual card, as a resident would
(choose the card, press ログイン, type the PIN in the dialog), then fetch /me through the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ui.selftest import register_step, until

if TYPE_CHECKING:
    from ui.selftest import SelfTest



async def _login_with_demo_card(t: SelfTest, index: int = 0) -> str | None:
    from ui.card.pin_dialog import PinDialog
    from ui.screens.login import LoginScreen

    if not t.ctx.demo:
        return "skipped: no demo card against a configured backend"
    await t.ctx.wait_backend_ready()
    screen = t.window.show_screen("login")
    assert isinstance(screen, LoginScreen)
    cards = t.demo_cards()
    resident = cards.residents()[index]
    if cards.inserted not in (None, resident.resident_id):
        # Another resident's card is in the reader: take it out first, as a resident would, so
        # that its removal cannot reach the login that follows.
        cards.remove()
        await until(lambda: cards.inserted is None and screen.state != "ready", "the other card taken out")
    row = next(i for i in range(screen.demo_list.count())
               if screen.demo_list.item(i).data(0x0100) == resident.resident_id)  # Qt.UserRole
    screen.demo_list.setCurrentRow(row)
    screen.demo_insert.click()
    await until(lambda: cards.inserted == resident.resident_id and screen.state == "ready", "card recognised")
    screen.login_button.click()
    await until(lambda: any(d.isVisible() for d in screen.findChildren(PinDialog)), "PIN dialog")
    dialog = next(d for d in screen.findChildren(PinDialog) if d.isVisible())
    dialog.edit.setText(resident.auth_pin)
    dialog.ok_button.click()
    ctl = t.root.session
    await until(lambda: ctl.is_logged_in or bool(screen.message_label.text()), "login")
    if not ctl.is_logged_in:
        raise RuntimeError(f"login failed: {screen.message_label.text()}")
    client = ctl.client
    assert client is not None
    me = await ctl.call(client.me)
    t.data["session_controller"] = ctl
    shown = t.window.current_key
    return f"{me.municipality_name}, then screen {shown}"


async def _step_login(t: SelfTest) -> str | None:
    return await _login_with_demo_card(t)


register_step("log in with a demo card and fetch /me", _step_login, order=200)
