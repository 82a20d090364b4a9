"""The login screen through real pcscd + vpcd: the reader monitor sees the virtual card arrive
in "Virtual PCD 00 00", the PIN goes through PC/SC, the stub logs the resident in; pulling the
card out logs them out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.ui import conftest as ui_conftest
from tests.ui import test_login_support as support
from tests.ui.test_login_support import enter_pin
from ui.screens.login import LoginScreen

pytestmark = pytest.mark.integration

# The UI tests' session-wide qasync loop (tests/ui/conftest.py is not loaded for this folder).
qasync_loop = ui_conftest.qasync_loop
aloop = support.aloop
make_env = support.make_env


def test_login_through_pcscd_and_vpcd(qtbot: Any, make_env: Any, stub_server: Any, vpcd_card: Any) -> None:
    from backend_stub.jlis import JLIS

    env = make_env(stub_server, monitor=True)
    screen = LoginScreen(env.login_context())
    qtbot.addWidget(screen)
    screen.show()
    profile = JLIS(stub_server.data_dir).load_card("r01")
    attached = vpcd_card(profile)
    qtbot.waitUntil(lambda: screen.state == "ready", timeout=15000)
    assert screen.selected_reader == attached.reader_name
    assert "残り3回" in screen.tries_label.text()
    screen.login_button.click()
    with qtbot.waitSignal(env.ctl.logged_in, timeout=20000) as blocker:
        enter_pin(qtbot, screen, profile.auth_pin)
    assert blocker.args[0].display_name == "山田 花子"
    with qtbot.waitSignal(env.ctl.logged_out, timeout=15000) as out:
        attached.detach()
    assert out.args == ["card_removed"]
    qtbot.waitUntil(lambda: screen.state in ("no_card", "choose_reader"), timeout=5000)
