"""The server dies mid-session and comes back (再試行): the header says so at once, what was
shown stays shown, and after the restart everything works again in the same session, whether
the server gets its old port back or a new one (issue 13, point 4)."""

from __future__ import annotations

import contextlib
import socket
from urllib.parse import urlsplit

from ui.portal.payment import PaymentDialog

CONNECTED = "サーバー: 接続済み"


def _port(url: str) -> int:
    return int(urlsplit(url).port or 0)


def _notices_work(j, screen) -> None:
    """更新 brings the notices back from the live server, and a payment opens with its amount."""
    j.click(screen.reload_button)
    j.wait_until(lambda: not screen.model._loading and screen.model.rowCount() > 0 and screen.model.error is None)
    j.click_row(screen.list, "保育料")
    j.click(screen.pay_button)
    dialog = j.wait_dialog(PaymentDialog)
    j.wait_until(lambda: dialog.payment is not None or bool(dialog.message.text()))
    assert dialog.payment is not None, dialog.message.text()
    j.close_dialog(dialog)


def test_server_dies_and_comes_back_on_a_new_port_and_then_on_its_own(home):
    home.login_as("r02")
    screen = home.open_screen("notices")
    home.wait_until(lambda: screen.model.rowCount() > 0)
    shown = screen.model.rowCount()

    for occupy_old_port in (True, False):
        old_url = home.ctx.backend_url
        home.kill_backend()
        # The header stops saying "connected" promptly (well within a second or two).
        home.wait_until(lambda: home.window.backend_status.text() != CONNECTED, 2_000)
        assert home.window.banner.isVisible()
        # 更新 while the server is down: the notices already shown stay, with a message.
        home.click(screen.reload_button)
        home.wait_until(lambda: not screen.model._loading and screen.model.error is not None)
        assert screen.model.rowCount() == shown
        assert screen.status.text()

        with contextlib.ExitStack() as stack:
            if occupy_old_port:  # another program took the port meanwhile
                blocker = stack.enter_context(socket.socket())
                blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                blocker.bind(("127.0.0.1", _port(old_url)))
                blocker.listen()
            home.restart_backend()
        assert home.window.backend_status.text() == CONNECTED
        if occupy_old_port:
            assert _port(home.ctx.backend_url) != _port(old_url)
        else:
            assert home.ctx.backend_url == old_url  # its own port again, when free
        assert home.session.is_logged_in  # the token lives in the server's database
        _notices_work(home, screen)


def test_header_stops_saying_connected_when_a_separate_server_dies(launch_app, stub_server_factory, qtbot):
    from app.config import BackendConfig
    from app.portal.models import ResidentSummary
    from app.session import Session
    from tests.fixtures.stub import login

    stub = stub_server_factory()
    j = launch_app(backend=BackendConfig(url=stub.url, ca_file=stub.ca_file))
    assert j.window.backend_status.text() == CONNECTED
    # Logged in with that server's token (no demo card against a separate backend).
    client = j.session.portal_client()
    client.set_token(login(stub, "r02"))
    j.session.for_tests_login_with_token(client, Session(
        client._token, expires_in=3600, idle_timeout=900, resident=ResidentSummary("佐藤 健一", "112305", "新座市")))
    screen = j.open_screen("notices")
    j.wait_until(lambda: screen.model.rowCount() > 0)
    stub.process.kill()
    stub.process.wait(10)
    j.click(screen.reload_button)  # the resident asks for something: it fails
    j.wait_until(lambda: screen.model.error is not None)
    j.wait_until(lambda: j.window.backend_status.text() != CONNECTED, 3_000)
    assert j.window.banner.isVisible()
    assert screen.model.rowCount() > 0  # what was shown stays
