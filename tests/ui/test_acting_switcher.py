"""「だれとして使う」 in the header: after login a parent chooses their child, the header says so and
every screen is built anew for the child; when the child's side ends the grant, the next move to
another screen takes the parent back to themselves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.login import CardAuthSigner
from app.portal import models as m
from app.portal.client import PortalClient
from app.representation import Registered, RegisterProxy
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS
from tests.fixtures.stub import login as stub_login
from tests.ui.test_login_support import LoginEnv, aloop, make_env, pin_dialog  # noqa: F401
from ui.main_window import MainWindow


def _register(stub: Any) -> str:
    vc = VirtualCard(JLIS(stub.data_dir).card_image("r08"))
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual"))
    with PortalClient(stub.url, str(stub.ca_file), session_token=stub_login(stub, "r02"), retries=0) as parent:
        outcome = RegisterProxy(parent).run(CardAuthSigner(card, "8012"), m.GrantKind.LEGAL)
    assert isinstance(outcome, Registered), outcome
    return outcome.grant.id


def _logged_in_window(qtbot: Any, env: LoginEnv, resident_id: str) -> MainWindow:
    """The main window, the resident logged in with their card and PIN through the login screen."""
    window = MainWindow(env.root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    card = env.card(resident_id)
    env.reader().insert(card)
    screen = window.screen_for("login")
    qtbot.waitUntil(lambda: screen.state == "ready", timeout=10_000)
    qtbot.mouseClick(screen.login_button, Qt.MouseButton.LeftButton)
    dialog = pin_dialog(qtbot, window)
    with qtbot.waitSignal(env.ctl.logged_in, timeout=15_000):
        qtbot.keyClicks(dialog.edit, card.pin("auth"))
        qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)
    return window


def test_a_parent_switches_to_the_child_and_back_when_the_grant_ends(qtbot: Any, make_env: Any, stub_server: Any) -> None:  # noqa: F811
    grant_id = _register(stub_server)
    env: LoginEnv = make_env(stub_server)
    window = _logged_in_window(qtbot, env, "r02")
    # The header gets its switcher once the grants are read: there is someone to act for.
    qtbot.waitUntil(lambda: window.acting_switcher is not None, timeout=10_000)
    switcher = window.acting_switcher
    assert switcher is not None
    qtbot.waitUntil(lambda: switcher.combo.count() == 2, timeout=10_000)
    assert switcher.isVisible()
    assert switcher.combo.itemText(0) == "自分（佐藤 健一 さん）"
    assert switcher.combo.itemText(1) == "佐藤 美羽 さん（代理）"
    assert window.resident_label.text() == "佐藤 健一 さん"
    old_home = window.screen_for("home")

    switcher.combo.setCurrentIndex(1)
    switcher.combo.activated.emit(1)
    client = env.ctl.client
    assert client is not None
    assert client.acting_for == "r08"
    assert window.resident_label.text() == "佐藤 美羽 さんの代理（佐藤 健一 さん）"
    assert window.screen_for("home") is not old_home  # built anew for the child

    # The child's side ends the grant; the parent's next move finds it gone.
    with PortalClient(stub_server.url, str(stub_server.ca_file), session_token=stub_login(stub_server, "r08"),
                      retries=0) as child:
        child.revoke_proxy(grant_id)
    window.show_screen("notices")
    qtbot.waitUntil(lambda: client.acting_for is None, timeout=10_000)
    qtbot.waitUntil(lambda: switcher.combo.count() == 1, timeout=10_000)
    assert window.resident_label.text() == "佐藤 健一 さん"
    # The parent is told, once, whichever path heard it first (the grants read on moving screen).
    def told() -> list[QWidget]:
        return [w for w in window.findChildren(QWidget, "actingEnded") if w.isVisible()]
    qtbot.waitUntil(lambda: len(told()) == 1, timeout=10_000)
    qtbot.wait(300)
    assert len(told()) == 1
    assert "佐藤 美羽 さんの代理人の登録が解除されました" in told()[0].text()
    env.ctl.logout()
    qtbot.waitUntil(lambda: not switcher.isVisible(), timeout=5000)
    QApplication.processEvents()


def test_a_resident_who_acts_for_no_one_has_no_switcher(qtbot: Any, make_env: Any, stub_server: Any) -> None:  # noqa: F811
    """No choice to make, no control in the header (its width at 200 % font, DESIGN.md §9's memory)."""
    env: LoginEnv = make_env(stub_server)
    window = _logged_in_window(qtbot, env, "r01")
    acting = window.acting
    assert acting is not None
    with qtbot.waitSignal(acting.choices_changed, timeout=10_000):
        pass
    assert acting.choices == ()
    assert window.acting_switcher is None
    assert window.resident_label.text() == "山田 花子 さん"
