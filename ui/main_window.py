"""The main window: header (app name, デモ marker, who is logged in with a ログアウト button,
backend state), backend error banner, left navigation and the stacked screen area.

Screens come from :mod:`ui.screens` (one file per screen) and are created on first show.
Keyboard: Ctrl+1..Ctrl+9 jump to an entry; arrow keys move in the navigation; Tab moves
between the navigation and the screen.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.settings import Settings
from ui.app_context import BackendError, BackendState
from ui.composition_root import CompositionRoot
from ui.screens import NAV_ENTRIES, NavEntry
from ui.style import emphasize, stylesheet
from ui.widgets import set_shown
from ui.widgets.elided_label import ElidedLabel
from ui.widgets.wrap_row import WrapRowLayout

if TYPE_CHECKING:
    from PySide6.QtGui import QShortcut

    from app.portal.models import Person
    from ui.portal.acting import ActingPresenter, ActingSwitcher
    from ui.portal.desktop_notices import DesktopNotices

log = logging.getLogger(__name__)

# Qt.ItemDataRole values as plain ints: touching PySide6's Qt namespace costs ~15 ms at
# start-up, a tenth of the launch budget (DESIGN.md §9).
USER_ROLE = 0x0100
ACCESSIBLE_TEXT_ROLE = 11

# The window opens at this share of the screen's available area, but not below MIN_* where the
# screen is large enough (fit_to_screen).
SCREEN_FRACTION = 0.85
MIN_WIDTH, MIN_HEIGHT = 1024, 720


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


def _alive(widget: QWidget) -> bool:
    import shiboken6

    return bool(shiboken6.isValid(widget))


class PendingScreen(QWidget):
    """Stands in for a screen that is built on the loop turn after the window first paints."""

    def __init__(self, nav: NavEntry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = nav
        self._failed = False
        self.setObjectName(f"pending_{nav.key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        self.title = QLabel(self)
        self.title.setObjectName("screenTitle")
        emphasize(self.title, 1.5)
        self.text = QLabel(self)
        self.text.setObjectName("pendingText")
        self.text.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addStretch(1)
        self.retranslate()

    def set_failed(self) -> None:
        self._failed = True
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.nav.translated_title())
        self.text.setText(
            QCoreApplication.translate("MainWindow", "この画面を開けませんでした。アプリを再起動してください。問題が続く場合はログを添えて問い合わせてください。")
            if self._failed else QCoreApplication.translate("MainWindow", "準備しています…"))
        self.setAccessibleName(f"{self.title.text()}: {self.text.text()}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class MainWindow(QMainWindow):
    screen_changed = Signal(str)  # the NavEntry key now shown
    close_requested = Signal()  # the user closed the window: the app quits (after cleanup)

    def __init__(self, root: CompositionRoot, parent: QWidget | None = None, *, defer_first_screen: bool = False,
                 style_sheet: str | None = None) -> None:
        super().__init__(parent)
        self.root = root
        self.ctx = ctx = root.ctx
        self.setObjectName("mainWindow")
        if style_sheet is not None:
            # Before the children exist: each is polished once, with the sheet, instead of
            # once without it and again when the sheet arrives (start-up time, DESIGN.md §9).
            self.setStyleSheet(style_sheet)
        self._screens: dict[str, QWidget] = {}
        # With defer_first_screen the first screen is a light placeholder until
        # build_deferred_screens() (after the first paint: the start-up budget, DESIGN.md §9).
        self._deferred: set[str] = {NAV_ENTRIES[0].key} if defer_first_screen else set()
        self._theme = ctx.settings.theme
        self._extra_style = ""  # add_style_sheet(): kept across theme changes

        central = QWidget(self)
        central.setObjectName("central")
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        # Header
        header = QFrame(central)
        header.setObjectName("header")
        # The title on the left, the resident's controls on the right; on a line of their own
        # when both do not fit (large text, a narrow window), never making the window wider.
        header_rows = WrapRowLayout(header)
        header_lead = QWidget(header)
        header_lead.setObjectName("headerLead")
        lead_layout = QHBoxLayout(header_lead)
        lead_layout.setContentsMargins(0, 0, 0, 0)
        header_trail = QWidget(header)
        header_trail.setObjectName("headerTrail")
        header_layout = QHBoxLayout(header_trail)
        header_layout.setContentsMargins(0, 0, 0, 0)
        header_rows.set_groups(header_lead, header_trail)
        self.app_title = QLabel(header)
        self.app_title.setObjectName("appTitle")
        emphasize(self.app_title, 1.3)
        self.demo_badge = QLabel(header)
        self.demo_badge.setObjectName("demoBadge")
        emphasize(self.demo_badge, 1.1)  # bold through the font, not the style sheet (no extra font file)
        # Its own height, not the header's: kiosk touch targets make the header taller.
        self.demo_badge.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        set_shown(self.demo_badge, ctx.demo)
        # One line each, cut with "…" (whole in the tooltip) rather than widening the window
        # past the screen at large text sizes.
        self.backend_status = ElidedLabel("", header)
        self.backend_status.setObjectName("backendStatus")
        # While logged in: the resident's name and a ログアウト button (SessionController.logout).
        self.resident_label = ElidedLabel("", header)
        self.resident_label.setObjectName("residentName")
        self.header_logout = QPushButton(header)
        self.header_logout.setObjectName("headerLogoutButton")
        # Demo mode: the virtual card can be taken out while logged in (logout on removal).
        self.header_remove_card = QPushButton(header)
        self.header_remove_card.setObjectName("headerRemoveCard")
        self.header_remove_card.setVisible(False)
        self._header_layout = header_layout
        lead_layout.addWidget(self.app_title)
        lead_layout.addWidget(self.demo_badge)
        header_layout.addWidget(self.resident_label)
        header_layout.addWidget(self.header_remove_card)
        header_layout.addWidget(self.header_logout)
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
        # The screens scroll when they need more room than the window has (large text, a small
        # window): their minimum sizes never make the window wider than the screen.
        self.screen_scroll = QScrollArea(body)
        self.screen_scroll.setObjectName("screenScroll")
        self.screen_scroll.setWidgetResizable(True)
        self.screen_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.stack = QStackedWidget(self.screen_scroll)
        self.stack.setObjectName("screenStack")
        self.screen_scroll.setWidget(self.stack)
        # Only the screen shown counts for the minimum size (a stack takes the largest of all
        # its pages otherwise): the others are sized Ignored until shown.
        self._page_policies: dict[int, QSizePolicy] = {}
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        body_layout.addWidget(self.navigation)
        body_layout.addWidget(self.screen_scroll, 1)
        # Not a tab stop: focus moves between the screen's own widgets, and the area scrolls to
        # the one that has it. After the first paint: the first use of the Qt namespace builds
        # its enums (~20 ms), which the window need not pay before it shows.
        ctx.after_first_paint(self._screen_scroll_not_a_tab_stop, self)
        outer.addWidget(body, 1)
        self.setCentralWidget(central)

        self._shortcuts: list[QShortcut] = []
        # Ctrl+1..Ctrl+9 once the window is up: no key reaches it before its first paint, and
        # QKeySequence's and QShortcut's Python types cost ~1.5 ms of the launch (DESIGN.md §9).
        ctx.after_first_paint(self._add_shortcuts, self)

        self.session = root.session
        self.desktop_notices: DesktopNotices | None = None
        # 「だれとして使う」 (ui.portal.acting), installed at the first login.
        self.acting: ActingPresenter | None = None
        self.acting_switcher: ActingSwitcher | None = None
        # Screens (and the session: login, logout, re-login) navigate through this window.
        root.attach_window(self)
        self.session.logged_in.connect(self._on_session_logged_in)
        self.session.logged_out.connect(self._on_session_logged_out)
        self.header_logout.clicked.connect(self._on_header_logout_clicked)
        self.header_remove_card.clicked.connect(self._on_header_remove_card_clicked)
        self.setTabOrder(self.header_remove_card, self.header_logout)
        self.setTabOrder(self.header_logout, self.navigation)
        self._logout_question: QWidget | None = None  # the QMessageBox while it is open
        # True while the resident put the focus on ログアウト (Tab or click); focus that lands
        # there because the focused control disappeared goes to the screen instead.
        self._logout_focused_by_user = False
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_app_focus_changed)

        self.navigation.currentRowChanged.connect(self._on_navigation_current_row_changed)
        ctx.backend_state_changed.connect(self._on_ctx_backend_state_changed)
        ctx.settings_changed.connect(self._on_ctx_settings_changed)
        self.retranslate()
        self.resize(1024, 700)
        self.navigation.setCurrentRow(0)
        self.navigation.setFocus()
        # Fitted now (with the style sheet's item padding) as well as on show: a width first set
        # in showEvent lays the window out once more before its first paint (DESIGN.md §9).
        self.navigation.ensurePolished()
        self._fit_navigation()

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

    def screen_for(self, key: str) -> QWidget:
        """The screen for ``key``, created if needed (without showing it)."""
        widget = self._screens.get(key)
        if widget is None:
            nav = next(n for n in NAV_ENTRIES if n.key == key)
            widget = self._create(nav)
        return widget

    def fit_to_screen(self, area: QRect | None = None) -> None:
        """Sizes the window to about 85 % of ``area`` (default: the available area of the screen
        under the mouse pointer, else the primary one), at least 1024×720 where that fits, and
        centres it there."""
        if area is None:
            from PySide6.QtGui import QCursor, QGuiApplication

            screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
            if screen is None:
                return
            area = screen.availableGeometry()
        width = min(area.width(), max(MIN_WIDTH, round(area.width() * SCREEN_FRACTION)))
        height = min(area.height(), max(MIN_HEIGHT, round(area.height() * SCREEN_FRACTION)))
        self.resize(width, height)
        self.move(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2)

    def bring_forward(self) -> None:
        """A second launch asked for this window (ui.single_instance): un-minimise it, keep it
        full screen if it was, and raise it (the window manager decides about focus)."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def add_style_sheet(self, extra: str) -> None:
        """Appends ``extra`` rules (the kiosk's touch targets) to the window's style sheet, for
        every theme the resident may switch to."""
        self._extra_style += extra
        self.setStyleSheet(self.styleSheet() + extra)

    def reset_screens(self, keep: Iterable[str] = ()) -> None:
        """Drops every screen but those in ``keep`` (the kiosk wipe: the resident's data goes
        with the screens and their models). Each is built anew, empty, on next use; the current
        one at once, so the window never shows a hole."""
        kept = set(keep)
        for key in [k for k in self._screens if k not in kept]:
            widget = self._screens.pop(key)
            self.stack.removeWidget(widget)
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        current = self.current_key
        if current:
            self.stack.setCurrentWidget(self.screen_for(current))

    @property
    def has_deferred_screens(self) -> bool:
        return bool(self._deferred)

    def build_deferred_screens(self) -> None:
        """Replaces the placeholders of deferred screens by the real screens (keeping focus
        and selection). A screen that fails to build leaves a worded placeholder, not a crash."""
        for key in sorted(self._deferred):
            self._deferred.discard(key)
            placeholder = self._screens.get(key)
            nav = next(n for n in NAV_ENTRIES if n.key == key)
            try:
                widget = self.root.create_screen(nav)
            except Exception:  # another part's screen: keep the shell usable and say so
                log.exception("the %s screen could not be built", key)
                if isinstance(placeholder, PendingScreen):
                    placeholder.set_failed()
                continue
            self._screens[key] = widget
            if placeholder is None:
                self.stack.addWidget(widget)
                continue
            focused = QApplication.focusWidget()
            had_focus = placeholder.isAncestorOf(focused) if focused else False
            self.stack.insertWidget(self.stack.indexOf(placeholder), widget)
            current = self.stack.currentWidget() is placeholder
            if current:
                self.stack.setCurrentWidget(widget)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
            if current:
                if had_focus:
                    widget.setFocus()
                shown = getattr(widget, "screen_shown", None)
                if callable(shown):
                    shown()
                self.screen_changed.emit(key)

    # -- internals -----------------------------------------------------------------------
    def _add_shortcuts(self) -> None:
        from PySide6.QtGui import QKeySequence, QShortcut

        for index, nav in enumerate(NAV_ENTRIES[:9]):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.setObjectName(f"shortcut_{nav.key}")
            shortcut.activated.connect(lambda key=nav.key: self.show_screen(key))
            self._shortcuts.append(shortcut)

    def _create(self, nav: NavEntry) -> QWidget:
        widget: QWidget = PendingScreen(nav, self.stack) if nav.key in self._deferred else self.root.create_screen(nav)
        self._screens[nav.key] = widget
        self.stack.addWidget(widget)
        return widget

    def _on_ctx_settings_changed(self, settings: Settings) -> None:
        if settings.theme != self._theme:
            self._theme = settings.theme
            self.setStyleSheet(stylesheet(settings.theme) + self._extra_style)

    def _on_navigation_current_row_changed(self, row: int) -> None:
        if row < 0:
            return
        nav = NAV_ENTRIES[row]
        widget = self.screen_for(nav.key)
        self.stack.setCurrentWidget(widget)
        shown = getattr(widget, "screen_shown", None)
        if callable(shown):
            shown()
        self.screen_changed.emit(nav.key)

    def _on_session_logged_in(self, _resident: object) -> None:
        self._update_session()
        # After the screen the login leads to is shown (the login screen navigates next).
        QTimer.singleShot(0, self, self._focus_screen_after_login)
        if self.desktop_notices is None:  # pushed notices on the desktop; imported after login (start-up budget)
            from ui.portal.desktop_notices import DesktopNotices

            self.desktop_notices = DesktopNotices.install(self, self.root.access, self.root.notice_push(),
                                                          self.root.navigator)
        if self.acting is None:  # 「だれとして使う」, after login like the notices (start-up budget)
            self._install_acting()

    def _install_acting(self) -> None:
        from ui.portal.acting import ActingPresenter

        self.acting = ActingPresenter(self.session, self)
        self.acting.choices_changed.connect(self._on_acting_choices_changed)
        self.acting.acting_changed.connect(self._on_acting_acting_changed)
        # A grant that ended drops out of the choices when the resident next moves screen.
        self.screen_changed.connect(self._on_screen_changed_refresh_acting)
        # And at once when the grant acted on ends (the child's side, a DV block): the stream says so.
        self.root.notice_push().grant_ended.connect(self._on_push_grant_ended)
        self.acting.acting_lost.connect(self._on_acting_lost)  # heard by the stream or a read of the grants
        self.root.grant_events.changed.connect(self.acting.refresh)  # registered or ended in わたしの代理人
        self.acting.refresh()  # this login's (the presenter missed its logged_in signal)

    def _on_push_grant_ended(self) -> None:
        if self.acting is None or not self.session.is_logged_in:
            return
        self.acting.grant_ended()  # acting_lost says it to the resident

    def _on_acting_lost(self, person: Person) -> None:
        if not self.session.is_logged_in:
            return
        from PySide6.QtWidgets import QMessageBox

        resident = self.session.resident
        box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("MainWindow", "だれとして使う"),
                          QCoreApplication.translate("MainWindow", "{person} さんの代理人の登録が解除されました。").format(person=person.name),
                          parent=self)
        box.setObjectName("actingEnded")
        box.setInformativeText(QCoreApplication.translate(
            "MainWindow", "{person} さんの情報は画面から消し、ご自分（{name} さん）として使う状態に戻りました。"
            "解除は、本人の側または市区町村の措置によって行われます。").format(
                person=person.name, name=resident.display_name if resident is not None else ""))
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.finished.connect(box.deleteLater)
        box.open()

    def _on_screen_changed_refresh_acting(self, _key: str) -> None:
        if self.acting is not None and self.session.is_logged_in:
            self.acting.refresh()

    def _show_acting(self) -> None:
        resident, acting, switcher = self.session.resident, self.acting, self.acting_switcher
        if acting is None:
            return
        someone = bool(acting.choices) or acting.acting is not None
        if switcher is None:
            if not someone:
                return  # no one to act for: no switcher in the header (its width, its memory)
            switcher = self.acting_switcher = self._make_acting_switcher()
        set_shown(switcher, resident is not None and someone)
        if resident is not None:
            switcher.show_choices(resident.display_name, acting.choices, acting.acting)

    def _make_acting_switcher(self) -> ActingSwitcher:
        from ui.portal.acting import ActingSwitcher

        switcher = ActingSwitcher(self)
        self._header_layout.insertWidget(self._header_layout.indexOf(self.resident_label), switcher)
        switcher.chosen.connect(self._on_acting_switcher_chosen)
        self.setTabOrder(switcher.combo, self.header_remove_card)
        return switcher

    def _on_acting_choices_changed(self, _choices: object) -> None:
        self._show_acting()

    def _on_acting_acting_changed(self, _person: object) -> None:
        self._show_acting()
        self._update_session()
        if self.session.is_logged_in:
            acting = self.acting.acting if self.acting is not None else None
            # That person's stream: their notices, and the grant's end the moment it comes.
            self.root.notice_push().watch_acting(acting.id if acting is not None else None)
            # Every screen is built anew, so nothing of the person shown before stays on screen.
            self.reset_screens(keep=("login",))
            self._on_navigation_current_row_changed(self.navigation.currentRow())

    def _on_acting_switcher_chosen(self, person_id: object) -> None:
        if self.acting is None:
            return
        if self._unsaved_input():
            from PySide6.QtWidgets import QMessageBox

            self._show_acting()  # the choice stays as it was
            box = QMessageBox(QMessageBox.Icon.Information, QCoreApplication.translate("MainWindow", "だれとして使う"),
                              QCoreApplication.translate("MainWindow", "入力中の内容があります。入力を終えるか下書きを保存してから切り替えてください。"),
                              parent=self)
            box.setObjectName("actingSwitchRefused")
            box.finished.connect(box.deleteLater)
            box.open()
            return
        if not self.acting.choose(person_id if isinstance(person_id, str) else None):
            self.acting.refresh()

    def _focus_screen_after_login(self) -> None:
        focused = self.focusWidget()  # the window's, also while another window is active
        current = self.stack.currentWidget()
        stray = (focused is None or focused in self._session_buttons() or not focused.isVisible()
                 or (self.stack.isAncestorOf(focused) and not (current is not None and current.isAncestorOf(focused))))
        login = self._screens.get("login")
        if stray or (login is not None and login.isAncestorOf(focused)):
            self.focus_screen()

    def focus_screen(self) -> None:
        """Focus to the current screen's first useful control (ui.widgets.focus)."""
        from ui.widgets.focus import focus_first_control

        widget = self.stack.currentWidget()
        if widget is not None and focus_first_control(widget) is None:
            self.navigation.setFocus()

    def _session_buttons(self) -> tuple[QWidget, ...]:
        """The header's buttons that end the session (Space on them logs out)."""
        return (self.header_remove_card, self.header_logout)

    def _on_app_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new in self._session_buttons():
            by_user = old is not None and _alive(old) and old.isVisible()
            if by_user or (old is None and self._logout_focused_by_user):
                self._logout_focused_by_user = True
                return
            QTimer.singleShot(0, self, self._move_focus_off_logout)
        elif new is not None:
            self._logout_focused_by_user = False

    def _move_focus_off_logout(self) -> None:
        if any(b.hasFocus() for b in self._session_buttons()) or QApplication.focusWidget() is None:
            self.focus_screen()

    def _on_session_logged_out(self, _reason: str) -> None:
        self._update_session()

    def _on_header_logout_clicked(self) -> None:
        if not self.session.is_logged_in:
            return
        if self._unsaved_input():
            self._ask_before_logout()
            return
        log.info("logout from the header")
        self.session.logout()

    def _on_header_remove_card_clicked(self) -> None:
        log.info("demo card taken out from the header")
        if self.root.demo_cards is not None:
            self.root.demo_cards.remove()
        self._update_session()

    def _unsaved_input(self) -> bool:
        """A screen holds input the resident has not finished (a form being filled)."""
        for widget in self._screens.values():
            check = getattr(widget, "has_unsaved_input", None)
            if callable(check) and check():
                return True
        return False

    def _ask_before_logout(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        if self._logout_question is not None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("MainWindow", "ログアウト"),
                          QCoreApplication.translate("MainWindow", "入力中の内容があります。ログアウトしますか？"), parent=self)
        box.setObjectName("logoutQuestion")
        box.setInformativeText(
            QCoreApplication.translate("MainWindow", "ログアウトすると、入力した内容はすべて消去されます。")
            if self.ctx.kiosk else
            QCoreApplication.translate("MainWindow", "入力した内容は下書きとして保存され、次にログインしたときに続きから入力できます。"))
        logout = box.addButton(QCoreApplication.translate("MainWindow", "ログアウト"), QMessageBox.ButtonRole.AcceptRole)
        logout.setObjectName("logoutConfirm")
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Cancel).setText(QCoreApplication.translate("MainWindow", "ログインしたまま続ける"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)  # Enter or Space on a stray focus keeps the session
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        self._logout_question = box

        def _finished(_result: int) -> None:
            self._logout_question = None
            box.deleteLater()
            if box.clickedButton() is logout and self.session.is_logged_in:
                log.info("logout from the header (unsaved input)")
                self.session.logout()

        box.finished.connect(_finished)
        box.open()

    def _update_session(self) -> None:
        resident = self.session.resident
        set_shown(self.resident_label, resident is not None)
        set_shown(self.header_logout, resident is not None)
        self.header_logout.setText(QCoreApplication.translate("MainWindow", "ログアウト"))
        demo_card = False
        if self.root.demo_cards is not None and resident is not None:
            demo_card = self.root.demo_cards.inserted is not None
        set_shown(self.header_remove_card, demo_card)
        self.header_remove_card.setText(QCoreApplication.translate("MainWindow", "カードを取り出す"))
        self.header_remove_card.setAccessibleName(QCoreApplication.translate("MainWindow", "デモ用のカードを読み取り機から取り出す"))
        if resident is None:  # nothing of the resident stays in a widget (kiosk wipe, DESIGN.md §8)
            self.resident_label.clear()
            self.resident_label.setAccessibleName("")
            self.header_logout.setAccessibleName(QCoreApplication.translate("MainWindow", "ログアウト"))
            self.header_logout.setToolTip("")
            return
        name = QCoreApplication.translate("MainWindow", "{name} さん").format(name=resident.display_name)
        acting = self.acting.acting if self.acting is not None else None
        if acting is not None:
            name = QCoreApplication.translate("MainWindow", "{person} さんの代理（{name} さん）").format(
                person=acting.name, name=resident.display_name)
        self.resident_label.setText(name)
        self.resident_label.setAccessibleName(
            QCoreApplication.translate("MainWindow", "ログイン中: {name} さん").format(name=resident.display_name))
        self.header_logout.setAccessibleName(
            QCoreApplication.translate("MainWindow", "ログアウト（{name} さん）").format(name=resident.display_name))
        self.header_logout.setToolTip(
            QCoreApplication.translate("MainWindow", "ログアウトして、ログイン画面に戻ります。"))

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
        set_shown(self.banner, error)
        if error:
            self.banner_text.setText(backend_error_text(self.ctx.backend_error))
            detail = self.ctx.backend_error_detail.strip()
            self.banner_text.setToolTip(detail[-1500:] if detail else "")

    def retranslate(self) -> None:
        if QGuiApplication.applicationDisplayName():  # the platform appends it to the title
            QGuiApplication.setApplicationDisplayName(QCoreApplication.translate("MainWindow", "マイナデスク"))
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
        self._update_session()
        if self.acting_switcher is not None:
            self.acting_switcher.retranslate()
            self._show_acting()
        if self.isVisible():
            self._fit_navigation()

    def _fit_navigation(self) -> None:
        """Sizes the navigation to its longest entry, so no title is cut off in any language
        or font size (the style sheet's em widths cannot know the translated texts)."""
        nav = self.navigation
        nav.doItemsLayout()
        content = nav.sizeHintForColumn(0)
        if content <= 0:
            return
        width = content + 2 * nav.frameWidth() + nav.verticalScrollBar().sizeHint().width() + 8
        nav.setFixedWidth(max(width, nav.fontMetrics().horizontalAdvance("M") * 12))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_requested.emit()
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self.isVisible():
            self._fit_navigation()  # a hidden window fits it when shown (showEvent)
        super().changeEvent(event)

    def _on_stack_current_changed(self, index: int) -> None:
        ignored = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        for i in range(self.stack.count()):
            page = self.stack.widget(i)
            if page is None:
                continue
            key = id(page)
            if i == index:
                page.setSizePolicy(self._page_policies.pop(key, page.sizePolicy()))
            elif key not in self._page_policies:
                self._page_policies[key] = page.sizePolicy()
                page.setSizePolicy(ignored)
        self._page_policies = {id(self.stack.widget(i)): p for i in range(self.stack.count())
                               for p in [self._page_policies.get(id(self.stack.widget(i)))] if p is not None}

    def _screen_scroll_not_a_tab_stop(self) -> None:
        from PySide6.QtCore import Qt

        self.screen_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def showEvent(self, event: QShowEvent) -> None:
        self._fit_navigation()
        super().showEvent(event)
