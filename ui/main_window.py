"""The main window: header (app name, デモ marker, backend state), backend error banner,
left navigation and the stacked screen area.

Screens come from :mod:`ui.screens` (one file per screen) and are created on first show.
Keyboard: Ctrl+1..Ctrl+8 jump to an entry; arrow keys move in the navigation; Tab moves
between the navigation and the screen.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.composition import AppContext, BackendError, BackendState
from ui.screens import NAV_ENTRIES, NavEntry, create_screen
from ui.style import emphasize

log = logging.getLogger(__name__)

# Qt.ItemDataRole values as plain ints: touching PySide6's Qt namespace costs ~15 ms at
# start-up, a tenth of the launch budget (DESIGN.md §9).
USER_ROLE = 0x0100
ACCESSIBLE_TEXT_ROLE = 11

def backend_error_text(error: BackendError | None) -> str:
    messages = {
        BackendError.STUB_MISSING: QCoreApplication.translate("MainWindow", "デモ用サーバーが見つかりません。インストールが完全か確認してください。"),
        BackendError.STUB_FAILED: QCoreApplication.translate("MainWindow", "デモ用サーバーを起動できませんでした。"),
        BackendError.STUB_TIMEOUT: QCoreApplication.translate("MainWindow", "デモ用サーバーが時間内に起動しませんでした。"),
        BackendError.STUB_EXITED: QCoreApplication.translate("MainWindow", "デモ用サーバーが止まりました。"),
        BackendError.UNREACHABLE: QCoreApplication.translate("MainWindow", "サーバーに接続できません。ネットワークとサーバーの URL（--backend）を確認してください。"),
        BackendError.TLS: QCoreApplication.translate("MainWindow", "サーバーの証明書を確認できません。正しい CA 証明書（--ca-file）を指定してください。"),
        BackendError.UNHEALTHY: QCoreApplication.translate("MainWindow", "サーバーが正常に応答していません。しばらくしてから再試行してください。"),
    }
    return messages.get(error, QCoreApplication.translate("MainWindow", "サーバーを利用できません。")) if error else ""


class MainWindow(QMainWindow):
    screen_changed = Signal(str)  # the NavEntry key now shown
    close_requested = Signal()  # the user closed the window: the app quits (after cleanup)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self._screens: dict[str, QWidget] = {}

        central = QWidget(self)
        central.setObjectName("central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # Header
        header = QFrame(central)
        header.setObjectName("header")
        header_layout = QHBoxLayout(header)
        self.app_title = QLabel(header)
        self.app_title.setObjectName("appTitle")
        emphasize(self.app_title, 1.3)
        self.demo_badge = QLabel(header)
        self.demo_badge.setObjectName("demoBadge")
        emphasize(self.demo_badge, 1.1)
        self.demo_badge.setVisible(ctx.demo)
        self.backend_status = QLabel(header)
        self.backend_status.setObjectName("backendStatus")
        header_layout.addWidget(self.app_title)
        header_layout.addWidget(self.demo_badge)
        header_layout.addStretch(1)
        header_layout.addWidget(self.backend_status)
        outer.addWidget(header)

        # Backend error banner
        self.banner = QFrame(central)
        self.banner.setObjectName("backendBanner")
        banner_layout = QHBoxLayout(self.banner)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("backendBannerText")
        self.banner_text.setWordWrap(True)
        self.retry_button = QPushButton(self.banner)
        self.retry_button.setObjectName("retryButton")
        self.retry_button.clicked.connect(self._on_retry_button_clicked)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.retry_button)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)

        # Navigation and screens
        body = QWidget(central)
        body_layout = QHBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget(body)
        self.navigation.setObjectName("navigation")
        emphasize(self.navigation, 1.1, bold=False)
        for nav in NAV_ENTRIES:
            item = QListWidgetItem()
            item.setData(USER_ROLE, nav.key)
            self.navigation.addItem(item)
        self.stack = QStackedWidget(body)
        self.stack.setObjectName("screenStack")
        body_layout.addWidget(self.navigation)
        body_layout.addWidget(self.stack, 1)
        outer.addWidget(body, 1)
        self.setCentralWidget(central)

        self._shortcuts: list[QShortcut] = []
        for index, nav in enumerate(NAV_ENTRIES[:9]):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.setObjectName(f"shortcut_{nav.key}")
            shortcut.activated.connect(lambda key=nav.key: self.show_screen(key))
            self._shortcuts.append(shortcut)

        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        ctx.backend_state_changed.connect(self._on_ctx_backend_state_changed)
        self.retranslate()
        self.resize(1024, 700)
        self.navigation.setCurrentRow(0)
        self.navigation.setFocus()

    # -- public API ----------------------------------------------------------------------
    @property
    def current_key(self) -> str:
        row = self.navigation.currentRow()
        return NAV_ENTRIES[row].key if row >= 0 else ""

    def show_screen(self, key: str) -> QWidget:
        """Shows the screen for ``key`` (creating it on first use) and selects it in the navigation."""
        row = next(i for i, nav in enumerate(NAV_ENTRIES) if nav.key == key)
        if self.navigation.currentRow() != row:
            self.navigation.setCurrentRow(row)  # re-enters through _on_navigation_current_row_changed
        return self._screens[key]

    def screen(self, key: str) -> QWidget:
        """The screen for ``key``, created if needed (without showing it)."""
        widget = self._screens.get(key)
        if widget is None:
            nav = next(n for n in NAV_ENTRIES if n.key == key)
            widget = self._create(nav)
        return widget

    # -- internals -----------------------------------------------------------------------
    def _create(self, nav: NavEntry) -> QWidget:
        widget = create_screen(nav, self.ctx)
        self._screens[nav.key] = widget
        self.stack.addWidget(widget)
        return widget

    def _on_navigation_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        nav = NAV_ENTRIES[row]
        widget = self.screen(nav.key)
        self.stack.setCurrentWidget(widget)
        shown = getattr(widget, "screen_shown", None)
        if callable(shown):
            shown()
        self.screen_changed.emit(nav.key)

    def _on_retry_button_clicked(self) -> None:
        log.info("retrying the backend")
        self.ctx.retry_backend()

    def _on_ctx_backend_state_changed(self, _state: BackendState) -> None:
        self._update_backend_state()

    def _update_backend_state(self) -> None:
        state = self.ctx.backend_state
        texts = {
            BackendState.STARTING: QCoreApplication.translate("MainWindow", "サーバー: 起動中…"),
            BackendState.CONNECTED: QCoreApplication.translate("MainWindow", "サーバー: 接続済み"),
            BackendState.ERROR: QCoreApplication.translate("MainWindow", "サーバー: エラー"),
        }
        self.backend_status.setText(texts[state])
        self.backend_status.setAccessibleName(texts[state])
        if self.backend_status.property("state") != state.value:
            first = self.backend_status.property("state") is None
            self.backend_status.setProperty("state", state.value)
            if not first:
                # Re-apply the style sheet for the new [state]. Not at construction: the first
                # style() call builds QStyle's Python type (~10 ms) before the window is up.
                self.backend_status.style().unpolish(self.backend_status)
                self.backend_status.style().polish(self.backend_status)
        error = state == BackendState.ERROR
        self.banner.setVisible(error)
        if error:
            self.banner_text.setText(backend_error_text(self.ctx.backend_error))
            detail = self.ctx.backend_error_detail.strip()
            self.banner_text.setToolTip(detail[-1500:] if detail else "")

    def retranslate(self) -> None:
        self.setWindowTitle(QCoreApplication.translate("MainWindow", "マイナデスク（デモ）") if self.ctx.demo else QCoreApplication.translate("MainWindow", "マイナデスク"))
        self.app_title.setText(QCoreApplication.translate("MainWindow", "マイナデスク"))
        self.demo_badge.setText(QCoreApplication.translate("MainWindow", "デモ"))
        self.demo_badge.setToolTip(QCoreApplication.translate("MainWindow", "デモ用のサーバーと仮想カードで動いています。実際の手続きには使われません。"))
        self.demo_badge.setAccessibleName(QCoreApplication.translate("MainWindow", "デモモード"))
        self.retry_button.setText(QCoreApplication.translate("MainWindow", "再試行"))
        self.retry_button.setAccessibleName(QCoreApplication.translate("MainWindow", "サーバーへの接続を再試行"))
        self.navigation.setAccessibleName(QCoreApplication.translate("MainWindow", "メインメニュー"))
        self.navigation.setAccessibleDescription(QCoreApplication.translate("MainWindow", "上下の矢印キーで移動します。Ctrl+数字キーでも開けます。"))
        for index, nav in enumerate(NAV_ENTRIES):
            item = self.navigation.item(index)
            title = nav.translated_title()
            item.setText(title)
            item.setToolTip(f"{title} (Ctrl+{index + 1})")
            item.setData(ACCESSIBLE_TEXT_ROLE, title)
        self._update_backend_state()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_requested.emit()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
