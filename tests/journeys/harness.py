"""Resident journeys: the real MainWindow on the embedded default (the app starts the stub
over HTTPS itself; demo residents' virtual cards in the demo reader), driven through the
widgets a resident uses, with helpers that read like the resident's task.

    j.login_as("r01")            # place the card, ログイン, type the PIN
    j.open_screen("notices")     # or its title: "お知らせ"
    j.click("支払う")             # a button's text or objectName, in the open dialog first
    j.press("Escape")            # to the focus widget
    assert j.dialog() is None    # the open modal, if any
    j.kill_backend(); j.restart_backend()

One app (context, window, embedded stub) is shared by the tests of a module (conftest.py's
``home``/``kiosk``/``kiosk_no_policy``); each test starts logged out on the login screen.
Waits are conditions (``wait_until``), never sleeps.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMessageBox,
    QWidget,
)

from app.config import BackendConfig, LaunchOptions
from app.settings import Language, MemorySettingsStore, Settings, Theme
from ui.app_context import AppContext, BackendState
from ui.composition_root import CompositionRoot
from ui.demo_cards import DemoCards, DemoResident
from ui.i18n import install_translators
from ui.main_window import MainWindow
from ui.screens import NAV_ENTRIES
from ui.style import stylesheet

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_POLICY = REPO / "resources" / "kiosk" / "kiosk-policy.example.json"
EXAMPLE_ADMIN_CODE = "246810"  # the example policy's code (see its comment)
BACKEND_START_MS = 90_000  # the embedded stub seeds its database on first start
WAIT_MS = 15_000
DIALOG_MS = 5_000  # a dialog a resident asked for opens well within this


@dataclass
class AppRun:
    """One launch of the app: context, window and, in a kiosk, the kiosk controller."""

    ctx: AppContext
    window: MainWindow
    kiosk: Any = None
    closers: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        for closer in reversed(self.closers):
            with contextlib.suppress(Exception):
                closer()


def launch(data_dir: Path, *, kiosk: bool = False, policy_file: Path | None = None,
           settings: Settings | None = None, size: tuple[int, int] = (1280, 860),
           backend: BackendConfig | None = None) -> AppRun:
    """The app as ``ui.main`` composes it (embedded default), without its own Qt loop: the
    test's qtbot waits run it. ``kiosk`` with ``policy_file`` = that policy, without = the
    locked-down defaults of a kiosk that has no policy. ``backend``: a separate server
    (``--backend URL --ca-file CA``) instead of the embedded one."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    policy = None
    if kiosk and policy_file is not None:
        from app.kiosk_policy import load_policy

        policy = load_policy(policy_file)
    options = LaunchOptions(kiosk=kiosk) if backend is None else LaunchOptions(kiosk=kiosk, backend=backend)
    ctx = AppContext(options, data_dir, MemorySettingsStore(settings or Settings()),
                     policy=policy)
    run = AppRun(ctx, None)  # type: ignore[arg-type]
    # The demo reader only: the PC/SC monitor would see other tests' vpcd cards.
    root = CompositionRoot(ctx, monitor=False)
    run.closers.append(lambda: _shutdown(root))
    install_translators(app, ctx.settings.language)
    from ui.style import apply_appearance

    apply_appearance(app, ctx.settings)
    window = MainWindow(root, style_sheet=stylesheet(ctx.settings.theme))
    run.window = window
    run.closers.append(lambda: _close_window(window))
    if kiosk:
        from ui.kiosk import install_kiosk

        run.kiosk = install_kiosk(window, root, ctx.policy)
        run.closers.append(run.kiosk.close)
        run.kiosk.show()
    else:
        window.resize(*size)
        window.show()
    # Active, as the window a resident just opened is: focus and key presses go where they would.
    window.activateWindow()
    ctx.start_backend()
    return run


def _close_window(window: MainWindow) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.reject()
    window.hide()
    window.deleteLater()


def _shutdown(root: CompositionRoot) -> None:
    root.ctx.shutdown()
    if root.card_worker._executor is not None:
        root.card_worker._executor.shutdown(wait=True)


KEYS = {
    "space": Qt.Key.Key_Space, "enter": Qt.Key.Key_Return, "return": Qt.Key.Key_Return,
    "escape": Qt.Key.Key_Escape, "esc": Qt.Key.Key_Escape, "tab": Qt.Key.Key_Tab,
    "backtab": Qt.Key.Key_Backtab, "up": Qt.Key.Key_Up, "down": Qt.Key.Key_Down,
    "left": Qt.Key.Key_Left, "right": Qt.Key.Key_Right, "backspace": Qt.Key.Key_Backspace,
}


class Journey:
    """A resident's hands and eyes on one app run (see the module docstring)."""

    def __init__(self, qtbot: Any, run: AppRun) -> None:
        self.qtbot = qtbot
        self.run = run
        self.ctx = run.ctx
        self.window = run.window
        root = run.window.root
        self.session = root.session
        self.card_worker = root.card_worker
        # Against a configured backend too: the outage journey puts a demo card in a virtual reader.
        self.cards = root.demo_cards or DemoCards(run.ctx, root.hub, root.card_worker)

    # -- waiting and looking -----------------------------------------------------------------
    def wait_until(self, condition: Callable[[], object], timeout: int = WAIT_MS) -> None:
        self.qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)

    def settle(self) -> None:
        """Lets queued events and finished tasks land (a few loop turns, not a sleep)."""
        for _ in range(3):
            QCoreApplication.processEvents()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def activate(self) -> None:
        """The window is the active one (as after the resident clicks into it)."""
        if QApplication.activeWindow() is not self.window and self.dialog() is None:
            self.window.activateWindow()
            self.wait_until(lambda: QApplication.activeWindow() is self.window, 5000)
        self.settle()

    def wait_backend(self, timeout: int = BACKEND_START_MS) -> None:
        self.wait_until(lambda: self.ctx.backend_state is BackendState.CONNECTED, timeout)

    @property
    def screen_key(self) -> str:
        return self.window.current_key

    def screen(self, name: str | None = None) -> QWidget:
        return self.window.screen_for(self._key(name) if name else self.screen_key)

    def focus(self) -> QWidget | None:
        """The widget with the keyboard focus. Without a dialog open, the main window is made
        active first, as a window manager does when a dialog closes (offscreen has none)."""
        self.settle()
        self.activate()
        return QApplication.focusWidget()

    def texts(self, root: QWidget | None = None) -> list[str]:
        """Every visible label and button text under ``root`` (default: the open dialog, else
        the current screen)."""
        root = root or self.dialog() or self.screen()
        out = []
        for widget in root.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel | QAbstractButton) and widget.text():
                out.append(widget.text())
        return out

    def sees(self, text: str, root: QWidget | None = None) -> bool:
        return any(text in t for t in self.texts(root))

    def dialog(self, kind: type | None = None) -> QDialog | None:
        """The open dialog (the active modal first), or None."""
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QDialog) and modal.isVisible() and (kind is None or isinstance(modal, kind)):
            return modal
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and (kind is None or isinstance(widget, kind)):
                return widget
        for widget in self.window.findChildren(QDialog):
            if widget.isVisible() and (kind is None or isinstance(widget, kind)):
                return widget
        return None

    def wait_dialog(self, kind: type | None = None, timeout: int = DIALOG_MS) -> QDialog:
        self.wait_until(lambda: self.dialog(kind) is not None, timeout)
        found = self.dialog(kind)
        assert found is not None
        return found

    def wait_no_dialog(self, timeout: int = WAIT_MS) -> None:
        self.wait_until(lambda: self.dialog() is None, timeout)

    # -- hands -------------------------------------------------------------------------------
    def find(self, target: str, root: QWidget | None = None) -> QWidget:
        """A visible widget by objectName, or a button by its text (mnemonic & ignored), in
        ``root`` (default: the open dialog, else the whole window)."""
        roots = [root] if root is not None else [r for r in (self.dialog(), self.window) if r is not None]
        for r in roots:
            for widget in [r, *r.findChildren(QWidget)]:
                if widget.objectName() == target and widget.isVisible():
                    return widget
            for button in r.findChildren(QAbstractButton):
                if button.isVisible() and button.text().replace("&", "") == target.replace("&", ""):
                    return button
        raise LookupError(f"no visible widget or button {target!r}")

    def click(self, target: str | QWidget, root: QWidget | None = None) -> QWidget:
        widget = target if isinstance(target, QWidget) else self.find(target, root)
        assert widget.isEnabled(), f"{target!r} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())
        return widget

    def close_dialog(self, dialog: QDialog | None = None) -> None:
        """Clicks the open dialog's close/cancel button (a button box's reject role)."""
        from PySide6.QtWidgets import QDialogButtonBox

        dialog = dialog or self.dialog()
        assert dialog is not None, "no dialog is open"
        for box in dialog.findChildren(QDialogButtonBox):
            for button in box.buttons():
                role = box.buttonRole(button)
                if button.isVisible() and role in (QDialogButtonBox.ButtonRole.RejectRole,
                                                   QDialogButtonBox.ButtonRole.DestructiveRole):
                    self.click(button)
                    self.wait_until(lambda: not dialog.isVisible())
                    return
        raise LookupError("the dialog has no close or cancel button")

    def click_row(self, view: QWidget, text: str) -> None:
        """Clicks the first row of an item view whose text contains ``text``."""
        model = view.model()
        for row in range(model.rowCount()):
            index = model.index(row, 0)
            if text in str(index.data() or ""):
                view.scrollTo(index)
                rect = view.visualRect(index)
                self.qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
                self.wait_until(lambda r=row: view.currentIndex().row() == r)
                return
        raise LookupError(f"no row with {text!r}")

    def press(self, key: str | Qt.Key, widget: QWidget | None = None,
              modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """A key press to ``widget`` (default: the focus widget, else the open dialog/window)."""
        code = KEYS[key.lower()] if isinstance(key, str) else key
        target = widget or self.focus() or self.dialog() or self.window
        QTest.keyClick(target, code, modifier)

    def type_text(self, text: str, widget: QWidget | None = None) -> None:
        target = widget or self.focus()
        assert target is not None, "no widget has the focus"
        QTest.keyClicks(target, text)

    # -- the card and the login --------------------------------------------------------------
    def resident(self, who: str) -> DemoResident:
        """A demo resident by id (``"r01"``) or name (``"山田 花子"``)."""
        for r in self.cards.residents():
            if who in (r.resident_id, r.name):
                return r
        raise LookupError(who)

    def place_demo_card(self, resident: str) -> None:
        """Chooses the resident's card in the login screen's demo list and places it."""
        r = self.resident(resident)
        self.open_screen("login")
        login = self.screen("login")
        row = next(i for i in range(login.demo_list.count())
                   if login.demo_list.item(i).data(0x0100) == r.resident_id)
        login.demo_list.setCurrentRow(row)
        self.click(login.demo_insert)
        self.wait_until(lambda: self.cards.inserted == r.resident_id and login.state in ("ready", "blocked"))

    def remove_demo_card(self) -> None:
        self.cards.remove()
        self.settle()

    def type_pin(self, pin: str, *, ok: bool = True, confirm_last: bool = False) -> QDialog:
        """Types ``pin`` into the open PIN dialog (keys, as a resident) and presses OK."""
        from ui.card.pin_dialog import PinDialog

        dialog = self.wait_dialog(PinDialog)
        assert isinstance(dialog, PinDialog)
        dialog.edit.setFocus()
        dialog.edit.clear()
        QTest.keyClicks(dialog.edit, pin)
        if confirm_last:
            dialog.last_try.setChecked(True)
        if ok:
            self.click(dialog.ok_button)
        return dialog

    def login_as(self, resident: str, pin: str | None = None) -> None:
        """Places the resident's demo card, presses ログイン and types the PIN (the right one by
        default); waits until logged in (or, with a wrong ``pin``, until the attempt ended)."""
        r = self.resident(resident)
        self.wait_backend()
        if self.cards.inserted != r.resident_id:
            self.place_demo_card(resident)
        else:
            self.open_screen("login")
        login = self.screen("login")
        self.wait_until(lambda: login.state == "ready" and not login._busy)
        self.click(login.login_button)
        self.type_pin(pin or r.auth_pin)
        if pin is None or pin == r.auth_pin:
            self.wait_until(lambda: self.session.is_logged_in and self.screen_key != "login")
        else:
            self.wait_until(lambda: not login._busy and bool(login.message_label.text()))

    def logout(self) -> None:
        """The header's ログアウト, confirming a question if one is asked."""
        self.click(self.window.header_logout)
        self.settle()
        box = self.dialog(QMessageBox)
        if box is not None:
            box.accept()
        self.wait_until(lambda: not self.session.is_logged_in)

    # -- screens and settings ----------------------------------------------------------------
    def _key(self, name: str) -> str:
        for nav in NAV_ENTRIES:
            if name in (nav.key, nav.translated_title(), QCoreApplication.translate("Navigation", nav.title)):
                return nav.key
        raise LookupError(name)

    def open_screen(self, name: str) -> QWidget:
        """Opens a screen by clicking its navigation entry (key or title)."""
        key = self._key(name)
        row = next(i for i, nav in enumerate(NAV_ENTRIES) if nav.key == key)
        nav = self.window.navigation
        if nav.currentRow() != row:
            item = nav.item(row)
            rect = nav.visualItemRect(item)
            self.qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            self.wait_until(lambda: self.screen_key == key)
        return self.screen(key)

    def set_language(self, language: Language | str) -> None:
        self._choose("languageCombo", Language(language).value)

    def set_theme(self, theme: Theme | str) -> None:
        self._choose("themeCombo", Theme(theme).value)

    def set_font_scale(self, percent: int) -> None:
        spin = self.open_screen("settings").findChild(QWidget, "fontScaleSpin")
        spin.setFocus()
        spin.setValue(percent)
        spin.editingFinished.emit()
        self.wait_until(lambda: round(self.ctx.settings.font_scale * 100) == percent or not spin.isEnabled())

    def set_idle_minutes(self, minutes: int) -> None:
        spin = self.open_screen("settings").findChild(QWidget, "idleTimeoutSpin")
        if spin.isEnabled():
            spin.setValue(minutes)

    def _choose(self, combo_name: str, value: str) -> None:
        combo = self.open_screen("settings").findChild(QWidget, combo_name)
        index = combo.findData(value)
        assert index >= 0, (combo_name, value)
        if combo.isEnabled():
            combo.setCurrentIndex(index)
        self.settle()

    def resize(self, width: int, height: int) -> None:
        self.window.resize(width, height)
        self.settle()

    # -- the backend -------------------------------------------------------------------------
    @property
    def stub_pid(self) -> int | None:
        return self.ctx.embedded.pid if self.ctx.embedded is not None else None

    def kill_backend(self) -> None:
        """The embedded server dies (SIGKILL), as in a crash."""
        pid = self.stub_pid
        assert pid is not None, "the embedded backend is not running"
        os.kill(pid, signal.SIGKILL)
        self.wait_until(lambda: self.stub_pid is None)

    def restart_backend(self) -> None:
        """The resident presses 再試行 in the banner; waits until the header says connected."""
        self.wait_until(lambda: self.window.retry_button.isVisible())
        self.click(self.window.retry_button)
        self.wait_backend()

    # -- kiosk -------------------------------------------------------------------------------
    @property
    def kiosk(self) -> Any:
        return self.run.kiosk

    def start_kiosk_session(self) -> None:
        """Past the attract screen (a touch on 「はじめる」)."""
        if self.kiosk is not None and self.kiosk.attract.isVisible():
            self.click(self.kiosk.attract.findChild(QWidget, "kioskStart"))
            self.wait_until(lambda: not self.kiosk.attract.isVisible())

    # -- between journeys --------------------------------------------------------------------
    def reset(self) -> None:
        """Back to a logged-out app on the login screen with no card, no dialog, Japanese."""
        for _ in range(5):
            d = self.dialog()
            if d is None:
                break
            d.reject()
            self.settle()
        if self.session.is_logged_in:
            self.session.logout()
            self.wait_until(lambda: not self.session.is_logged_in)
            self.settle()
            for _ in range(5):
                d = self.dialog()
                if d is None:
                    break
                d.reject()
                self.settle()
        if self.cards.inserted is not None:
            self.remove_demo_card()
        if self.ctx.backend_state is not BackendState.CONNECTED and self.ctx.embedded is not None:
            self.ctx.retry_backend()
            self.wait_backend()
        self.window.show_screen("login")
        self.settle()
        self.activate()


@contextlib.contextmanager
def running_loop() -> Iterator[None]:
    """asyncio's loop (the run's one qasync loop) is the running loop while a module's app lives."""
    import asyncio

    from tests.ui.conftest import shared_qasync_loop

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    loop = shared_qasync_loop(app)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    try:
        yield
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        with contextlib.suppress(Exception):
            from ui.portal import tasks as portal_tasks

            portal_tasks.cancel_all()
        deadline = 200
        while deadline and not all(t.done() for t in pending):
            QTest.qWait(25)
            deadline -= 1
        asyncio.events._set_running_loop(None)
