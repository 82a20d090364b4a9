"""Between screens, as a resident follows one application: the status page's 「やりとり履歴で見る」
shows only the exchanges the municipality made for it (and 「すべてのやりとりを表示」 brings the rest
back); a notice's 「申請を開く」 opens that application's status page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStackedWidget, QWidget

from app.applications import SubmitApplication, Submitted
from app.card.jpki import MyNumberCard
from app.card.pin import PinKind
from app.card.transport import CallableTransport
from app.drafts import Draft, MemoryDraftStore
from app.portal.models import HistoryRecord
from backend_stub.card import VirtualCard
from backend_stub.jlis import JLIS
from backend_stub.network.applications import advance_one
from backend_stub.server.db import Database
from tests.ui.test_services_support import Env, env_factory, qloop  # noqa: F401 - fixtures
from tests.unit.test_forms import TODAY, nintei_values
from ui.composition_root import ScreenNavigator
from ui.kosodate.screen import ServicesScreen
from ui.screens.history import HistoryScreen
from ui.screens.notices import NoticesScreen


class _Signer:
    def __init__(self, card: MyNumberCard, pin: str) -> None:
        self.card, self.pin = card, pin

    def sign(self, digest_info: bytes) -> bytes:
        return self.card.sign(PinKind.SIGN, self.pin, digest_info)

    def certificate(self) -> bytes:
        return self.card.read_sign_certificate(self.pin)


def decided_application(env: Env) -> Submitted:
    """An application the resident submitted and the municipality has processed and decided."""
    profile = JLIS(env.stub.data_dir).load_card(env.resident_id)
    vc = VirtualCard(profile)
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr, "Virtual"))
    store = MemoryDraftStore()
    draft = Draft.new("jidou-teate-nintei", "112305", nintei_values())
    store.save(draft)
    outcome = SubmitApplication(store, env.client, today=TODAY).submit(draft.draft_id, _Signer(card, profile.sign_pin))
    assert isinstance(outcome, Submitted)
    db = Database.in_data_dir(env.stub.data_dir)
    try:
        for _ in range(2):  # processing (the linkage queries), then the decision and its notice
            with db.transaction() as conn:
                advance_one(conn, outcome.application_id)
    finally:
        db.close()
    return outcome


def all_history(env: Env) -> list[HistoryRecord]:
    out: list[HistoryRecord] = []
    cursor = None
    while True:
        page = env.client.history(limit=200, cursor=cursor)
        out += page.items
        cursor = page.next_cursor
        if cursor is None:
            return out


class Window(QStackedWidget):
    """The main window's part the screens use: ``show_screen(key)``."""

    def __init__(self, screens: dict[str, Callable[[QWidget], QWidget]]) -> None:
        super().__init__()
        self.screens = {key: make(self) for key, make in screens.items()}
        for widget in self.screens.values():
            self.addWidget(widget)

    def show_screen(self, key: str) -> QWidget:
        widget = self.screens[key]
        self.setCurrentWidget(widget)
        shown = getattr(widget, "screen_shown", None)
        if callable(shown):
            shown()
        return widget


@pytest.fixture
def env(env_factory: Any) -> Env:  # noqa: F811
    return env_factory("r01")


def test_the_status_pages_history_button_shows_only_that_applications_exchanges(qtbot: Any, env: Env) -> None:
    outcome = decided_application(env)
    ours = [r for r in all_history(env) if r.trigger is not None and r.trigger.ref == outcome.application_id]
    assert ours, "the municipality's queries for the application are in the history"
    window = Window({"services": lambda p: ServicesScreen(env.services_context(ScreenNavigator(p.show_screen)), p,
                                                          poll_seconds=0.2),
                     "history": lambda p: HistoryScreen(env.controller, p)})
    qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    services = window.show_screen("services")
    assert isinstance(services, ServicesScreen)
    status = services.open_status(outcome.application_id, outcome.receipt_number)
    qtbot.waitUntil(lambda: status.decided, timeout=15_000)
    status.stop()

    status.history_button.click()
    history = window.screens["history"]
    assert isinstance(history, HistoryScreen)
    assert window.currentWidget() is history
    qtbot.waitUntil(lambda: history.model.total == len(ours) and not history.model.loading, timeout=15_000)
    assert {r.id for r in history.model.records} == {r.id for r in ours}
    assert history.focus_label.isVisible()
    qtbot.waitUntil(lambda: outcome.receipt_number in history.focus_label.text(), timeout=10_000)
    assert f"{len(ours)} 件すべてを表示" in history.status.text()
    assert history.show_all_button.isVisible()

    history.show_all_button.click()
    qtbot.waitUntil(lambda: history.model.total is not None and history.model.total > len(ours), timeout=15_000)
    assert not history.focus_label.isVisible()
    assert not history.show_all_button.isVisible()


def test_an_unknown_application_shows_nothing_and_says_so(qtbot: Any, env: Env) -> None:
    history = HistoryScreen(env.controller)
    qtbot.addWidget(history)
    history.show()
    history.show_application("app-of-someone-else")
    qtbot.waitUntil(lambda: history.focus_label.text() == "この申請は見つかりませんでした。", timeout=10_000)
    qtbot.waitUntil(lambda: history.model.total == 0 and not history.model.loading, timeout=15_000)
    assert history.model.records == ()
    assert history.status.text() == "この申請のための情報連携は、まだありません。"


def test_a_notices_open_application_button_shows_the_applications_status(qtbot: Any, env: Env) -> None:
    outcome = decided_application(env)
    window = Window({"notices": lambda p: NoticesScreen(env.controller, p, navigator=ScreenNavigator(p.show_screen)),
                     "services": lambda p: ServicesScreen(env.services_context(ScreenNavigator(p.show_screen)), p,
                                                          poll_seconds=0.2)})
    qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    notices = window.show_screen("notices")
    assert isinstance(notices, NoticesScreen)
    qtbot.waitUntil(lambda: any(n.application_id == outcome.application_id for n in notices.model.notices),
                    timeout=15_000)
    decision = next(n for n in notices.model.notices if n.application_id == outcome.application_id)
    assert notices.select_notice(decision.id)
    assert notices.application_button.isVisible()
    assert notices.application_button.isEnabled()

    notices.application_button.click()
    services = window.screens["services"]
    assert isinstance(services, ServicesScreen)
    assert window.currentWidget() is services
    status = services.status_view
    assert status is not None
    assert services.stack.currentWidget() is status
    assert status.application_id == outcome.application_id
    qtbot.waitUntil(lambda: status.decided, timeout=15_000)
    assert outcome.receipt_number in status.receipt.text()
    assert decision.title in status.details.toPlainText()
    status.stop()
    notices.push.stop()


def test_in_the_main_window_a_resident_follows_an_application_between_screens(qtbot: Any, env: Env) -> None:
    """The same links in the real MainWindow: a notice's 「申請を開く」 shows the services
    screen on that application's status page, whose 「やりとり履歴で見る」 shows the history
    screen with only that application's exchanges; the navigation follows, and logging out
    from the header comes back to the login screen."""
    from ui.main_window import MainWindow

    outcome = decided_application(env)
    window = MainWindow(env.root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)

    notices = window.show_screen("notices")
    assert isinstance(notices, NoticesScreen)
    qtbot.waitUntil(lambda: any(n.application_id == outcome.application_id for n in notices.model.notices),
                    timeout=15_000)
    decision = next(n for n in notices.model.notices if n.application_id == outcome.application_id)
    assert notices.select_notice(decision.id)
    qtbot.mouseClick(notices.application_button, Qt.MouseButton.LeftButton)
    assert window.current_key == "services"
    assert window.navigation.currentItem().text() == "サービス検索・申請"
    services = window.stack.currentWidget()
    assert isinstance(services, ServicesScreen)
    status = services.status_view
    assert status is not None
    assert services.stack.currentWidget() is status
    assert status.application_id == outcome.application_id
    qtbot.waitUntil(lambda: status.decided, timeout=15_000)
    status.stop()
    # Behind the status page, the screen's own list of applications has it.
    qtbot.waitUntil(lambda: services.apps_model.rowCount() > 0, timeout=15_000)
    assert services.apps_view.isVisibleTo(services.home)
    assert not services.apps_empty.isVisibleTo(services.home)

    qtbot.mouseClick(status.history_button, Qt.MouseButton.LeftButton)
    assert window.current_key == "history"
    history = window.stack.currentWidget()
    assert isinstance(history, HistoryScreen)
    qtbot.waitUntil(lambda: outcome.receipt_number in history.focus_label.text(), timeout=15_000)
    ours = {r.id for r in all_history(env) if r.trigger is not None and r.trigger.ref == outcome.application_id}
    qtbot.waitUntil(lambda: history.model.total == len(ours) and not history.model.loading, timeout=15_000)
    assert {r.id for r in history.model.records} == ours
    notices.push.stop()

    # The session navigates through the same window: ログアウト in the header returns to login.
    qtbot.mouseClick(window.header_logout, Qt.MouseButton.LeftButton)
    assert window.current_key == "login"


def test_home_lists_the_latest_application_and_opens_its_status_page(qtbot: Any, env: Env) -> None:
    from ui.main_window import MainWindow
    from ui.screens.home import HomeScreen

    outcome = decided_application(env)
    window = MainWindow(env.root)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    home = window.show_screen("home")
    assert isinstance(home, HomeScreen)
    # The stub is shared by this module's tests: other applications of this resident may be listed.
    qtbot.waitUntil(lambda: any(b.property("applicationId") == outcome.application_id for b in home.app_buttons),
                    timeout=15_000)
    button = next(b for b in home.app_buttons if b.property("applicationId") == outcome.application_id)
    assert button.isVisible()
    # Decided as the linkage allows (approved, or documents requested when a query found nothing):
    # the button says what the backend decided, in the status wording.
    from ui.kosodate.wording import status_text

    decided = env.client.application(outcome.application_id).status
    assert decided.value in ("approved", "documents_requested")
    assert button.text() == f"児童手当 認定請求書: {status_text(decided)}"
    assert outcome.receipt_number in button.accessibleName()
    assert home.apps_summary.text() in ("申請した手続の状況:", f"申請した手続: {len(env.client.applications())} 件（新しい順に 3 件）")

    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.current_key == "services"
    services = window.stack.currentWidget()
    assert isinstance(services, ServicesScreen)
    status = services.status_view
    assert status is not None
    assert services.stack.currentWidget() is status
    assert status.application_id == outcome.application_id
    qtbot.waitUntil(lambda: outcome.receipt_number in status.receipt.text(), timeout=15_000)
    status.stop()
    home.push.stop()
