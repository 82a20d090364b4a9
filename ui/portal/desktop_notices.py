"""Pushed notices on the desktop: ``org.freedesktop.Notifications`` over D-Bus
(:mod:`app.desktop_notifications`), the system tray as the fallback, nothing in a kiosk.

* A click on the notification (its default action, or 「開く」) brings the main window to the
  front with the notice open in お知らせ.
* The titles are personal: at logout every notification shown during the session is withdrawn
  (``CloseNotification``), and the tray icon goes away.
* D-Bus calls run on one worker thread of their own: a slow daemon never blocks the Qt thread.

:meth:`DesktopNotices.install` is the one hook: the main window calls it after the first login
and the push service (:mod:`ui.portal.push`) hands it the notices to show.
"""

from __future__ import annotations

import concurrent.futures
import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from app.desktop_notifications import DEFAULT_ACTION, DesktopNotifier, NotificationsUnavailableError
from app.portal.models import Notice
from ui.portal.access import PortalAccess

if TYPE_CHECKING:
    from ui.app_context import AppContext
    from ui.portal.push import NoticePushService
    from ui.screen_context import Navigator

log = logging.getLogger(__name__)
translate = QCoreApplication.translate

APP_NAME = "mynadesk"
ICON = "mynadesk"  # resources/icons/mynadesk.svg, installed under hicolor (bench/README.md)
OPEN_ACTION = "open"

NotifierFactory = Callable[[Callable[[int, str], None], Callable[[int, int], None]], DesktopNotifier]


class NoticeWindow(Protocol):
    """The main window as the desktop notices use it (ui.main_window.MainWindow)."""

    @property
    def ctx(self) -> AppContext: ...

    def bring_forward(self) -> None: ...


class DesktopNotices(QObject):
    notice_activated = Signal(str)  # notice id, when the resident clicked its notification
    shown = Signal(str, int)  # notice id (or "" for a summary), D-Bus id (0: shown in the tray)
    withdrawn = Signal(int)  # D-Bus id closed at logout
    _action_from_bus = Signal(int, str)
    _closed_from_bus = Signal(int)
    _shown_from_worker = Signal(int, object)  # D-Bus id, notice ids

    def __init__(self, access: PortalAccess, parent: QObject | None = None, *, enabled: bool = True,
                 notifier_factory: NotifierFactory = DesktopNotifier) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._access = access
        self._factory = notifier_factory
        self._notifier: DesktopNotifier | None = None
        self._unavailable = False
        self._closed = False
        self._worker: concurrent.futures.ThreadPoolExecutor | None = None
        self._ids: dict[int, tuple[str, ...]] = {}  # D-Bus id -> notice ids, this session
        self._tray: QSystemTrayIcon | None = None
        self._tray_notices: tuple[str, ...] = ()
        self._action_from_bus.connect(self._on_bus_action)
        self._closed_from_bus.connect(self._on_bus_closed_in_qt)
        self._shown_from_worker.connect(self._on_worker_shown)
        access.logged_out.connect(self._on_access_logged_out)

    @classmethod
    def install(cls, window: NoticeWindow, access: PortalAccess, push: NoticePushService,
                navigator: Navigator) -> DesktopNotices:
        """The main window's desktop notifications for the notices ``push`` brings: off in a
        kiosk (DESIGN.md §8); a click opens the notice in ``window``; closed when the app quits
        (the composition root stops ``push``)."""
        desktop = cls(access, window if isinstance(window, QObject) else None, enabled=not window.ctx.kiosk)
        desktop.notice_activated.connect(lambda nid: open_notice_in(window, navigator, nid))
        push.desktop = desktop
        window.ctx.add_shutdown_hook(desktop.close)
        return desktop

    # -- showing -------------------------------------------------------------------------------
    def show(self, notices: Sequence[Notice]) -> bool:
        """Shows ``notices`` on the desktop; False when notifications are off (kiosk)."""
        if not self.enabled or self._closed or not notices:
            return False
        if len(notices) == 1:
            title = translate("NoticePush", "新しいお知らせ")
            message = f"{notices[0].sender}: {notices[0].title}"
        else:
            title = translate("NoticePush", "新しいお知らせが {n} 件あります").format(n=len(notices))
            message = "\n".join(n.title for n in notices[:3])
        ids = tuple(n.id for n in notices)
        if self._unavailable:
            self._show_in_tray(title, message, ids)
            return True
        actions = ((DEFAULT_ACTION, translate("NoticePush", "開く")), (OPEN_ACTION, translate("NoticePush", "開く")))
        self._executor().submit(self._notify_on_worker, title, message, actions, ids)
        return True

    def _executor(self) -> concurrent.futures.ThreadPoolExecutor:
        if self._worker is None:
            self._worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="desktop-notices")
        return self._worker

    def _connect(self) -> DesktopNotifier:
        if self._notifier is None:
            self._notifier = self._factory(self._action_from_bus.emit, self._on_bus_closed)
        return self._notifier

    def _notify_on_worker(self, title: str, message: str, actions: Sequence[tuple[str, str]],
                          ids: tuple[str, ...]) -> None:
        try:
            nid = self._connect().notify(
                title, message, app_name=APP_NAME, actions=actions, icon=ICON,
                hints={"desktop-entry": ("s", APP_NAME), "urgency": ("y", 1)},
            )
        except (NotificationsUnavailableError, OSError, TimeoutError) as exc:
            log.info("desktop notifications unavailable (%s); using the tray", type(exc).__name__)
            self._shown_from_worker.emit(0, (title, message, ids))
            return
        self._shown_from_worker.emit(nid, ids)

    def _on_worker_shown(self, nid: int, payload: Any) -> None:
        if nid == 0:
            self._unavailable = True
            title, message, ids = payload
            self._show_in_tray(title, message, ids)
            return
        if not self._access.is_logged_in:  # the session ended while the call was under way
            self._executor().submit(self._close_on_worker, [nid])
            return
        self._ids[nid] = tuple(payload)
        self.shown.emit(payload[0] if len(payload) == 1 else "", nid)

    def _show_in_tray(self, title: str, message: str, ids: tuple[str, ...]) -> None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return
        if self._tray is None:
            app = QApplication.instance()
            icon = QIcon.fromTheme("mail-unread")
            if icon.isNull() and isinstance(app, QApplication):
                icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip(translate("NoticePush", "マイナデスク"))
            self._tray.messageClicked.connect(self._on_tray_message_clicked)
        self._tray_notices = ids
        self._tray.show()
        self._tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 10_000)
        self.shown.emit(ids[0] if len(ids) == 1 else "", 0)

    # -- clicks --------------------------------------------------------------------------------
    def _on_bus_action(self, nid: int, key: str) -> None:
        ids = self._ids.get(nid)
        if ids is None or key not in (DEFAULT_ACTION, OPEN_ACTION):
            return  # not ours, or from an earlier session
        self.notice_activated.emit(ids[0])

    def _on_bus_closed(self, nid: int, _reason: int) -> None:
        self._closed_from_bus.emit(nid)  # from the bus's receiver thread to the Qt thread

    def _on_bus_closed_in_qt(self, nid: int) -> None:
        self._ids.pop(nid, None)  # dismissed or expired: nothing left to withdraw at logout

    def _on_tray_message_clicked(self) -> None:
        if self._tray_notices:
            self.notice_activated.emit(self._tray_notices[0])

    # -- logout and quit -------------------------------------------------------------------------
    def _on_access_logged_out(self, _reason: str) -> None:
        ids, self._ids = list(self._ids), {}
        if ids and self._notifier is not None:
            self._executor().submit(self._close_on_worker, ids)
            for nid in ids:
                self.withdrawn.emit(nid)
        self._tray_notices = ()
        if self._tray is not None:
            self._tray.hide()

    def _close_on_worker(self, ids: Sequence[int]) -> None:
        notifier = self._notifier
        if notifier is None:
            return
        for nid in ids:
            notifier.close_notification(nid)

    def close(self) -> None:
        """Waits for pending calls (the logout's withdrawals among them), then closes the bus."""
        self._closed = True
        worker, self._worker = self._worker, None
        if worker is not None:
            worker.shutdown(wait=True)
        if self._notifier is not None:
            self._notifier.close()
            self._notifier = None


def open_notice_in(window: NoticeWindow, navigator: Navigator, notice_id: str) -> None:
    """Brings ``window`` to the front with ``notice_id`` open in お知らせ."""
    window.bring_forward()
    navigator.open_notice(notice_id)
