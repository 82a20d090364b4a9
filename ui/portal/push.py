"""Notice push: new お知らせ reach the open app without any action.

:class:`NoticePushService` runs :class:`app.notices.NoticePoller` as a coroutine on the qasync
loop (each poll on the client's pool) while the resident is logged in. The poller backs off
exponentially when the backend is down (no request storm) and stops on an expired session.
New notices are handed to the Qt thread through a queued signal; when no window of the app is
in front, a desktop notification is shown through the system tray (when there is one).

One service per session object: :meth:`NoticePushService.of`.
"""

from __future__ import annotations

import asyncio
import logging
import math
import weakref
from collections.abc import Sequence
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from app.notices import NoticePoller
from app.portal.errors import PortalError, SessionExpired
from app.portal.models import Notice, NoticePage
from ui.portal.access import PortalAccess
from ui.portal.tasks import spawn

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0  # a new notice shows within 10 s (DESIGN: push)
MAX_INTERVAL = 60.0


translate = QCoreApplication.translate


class NoticePushService(QObject):
    notices_arrived = Signal(tuple)  # tuple[Notice, ...], oldest first, on the Qt thread
    desktop_notified = Signal(str, str)  # title, message (shown in the tray, or would have been)
    state_changed = Signal(str)  # "running" | "backing_off" | "stopped"
    _from_worker = Signal(tuple)
    _error_from_worker = Signal(object)

    _services: ClassVar[weakref.WeakKeyDictionary[Any, NoticePushService]] = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, access: PortalAccess) -> NoticePushService:
        service = cls._services.get(access)
        if service is None:
            service = cls(access)
            cls._services[access] = service
        return service

    def __init__(self, access: PortalAccess, parent: QObject | None = None, *,
                 interval: float = DEFAULT_INTERVAL, max_interval: float = MAX_INTERVAL) -> None:
        super().__init__(parent)
        self._access = access
        self.interval = interval
        self.max_interval = max_interval
        self._poller: NoticePoller | None = None
        self._task: asyncio.Task[Any] | None = None
        self._tray: QSystemTrayIcon | None = None
        self.polls = 0
        self.state = "stopped"
        self._from_worker.connect(self._on_worker_notices)
        self._error_from_worker.connect(self._on_worker_error)
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Starts polling (idempotent). Call after login; stops by itself on logout/expiry."""
        if self.running or not self._access.is_logged_in:
            return
        self._poller = NoticePoller(
            None, self._from_worker.emit, fetch=self._fetch, interval=self.interval,
            max_interval=self.max_interval, on_error=self._error_from_worker.emit,
        )
        self._task = spawn(self._run(self._poller))
        self._set_state("running")

    def stop(self) -> None:
        if self._poller is not None:
            self._poller.stop()
        if self._task is not None:
            self._task.cancel()
        self._task = None
        self._set_state("stopped")

    def _fetch(self, since: str | None, cursor: str | None) -> NoticePage:
        client = self._access.client
        if client is None:
            raise SessionExpired("token_invalid")
        self.polls += 1
        # The raw client, not the session guard: background polling must not keep an idle
        # session alive. The backend answers notices at or after `since`; the poller drops repeats.
        return client.notices(limit=100, cursor=cursor, since=since)

    async def _run(self, poller: NoticePoller) -> None:
        client = self._access.client
        if client is None:
            return
        while not poller.stopped:
            try:
                delay = await client.run(poller.poll_once)
            except RuntimeError:  # the client was closed (logout, quit)
                return
            if poller.stopped or math.isinf(delay):
                break
            self._set_state("running" if poller.failures == 0 else "backing_off")
            await asyncio.sleep(delay)
        self._set_state("stopped")

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _on_access_logged_in(self, _payload: object) -> None:
        self.stop()
        self.start()

    def _on_access_logged_out(self, _reason: str) -> None:
        self.stop()

    # -- arrivals ------------------------------------------------------------------------------
    def _on_worker_notices(self, notices: Sequence[Notice]) -> None:
        self.notices_arrived.emit(tuple(notices))
        if not self.app_in_front():
            self._notify_desktop(notices)

    @staticmethod
    def app_in_front() -> bool:
        """True when one of the app's windows is active (then the list itself shows the notice)."""
        return (QApplication.activeWindow() is not None
                and QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive)

    def _on_worker_error(self, exc: PortalError) -> None:
        log.info("notice poll failed: %s", exc.code)

    def _notify_desktop(self, notices: Sequence[Notice]) -> None:
        if len(notices) == 1:
            title, message = translate("NoticePush", "新しいお知らせ"), f"{notices[0].sender}: {notices[0].title}"
        else:
            title = translate("NoticePush", "新しいお知らせが {n} 件あります").format(n=len(notices))
            message = "\n".join(n.title for n in notices[:3])
        self.desktop_notified.emit(title, message)
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
        self._tray.show()
        self._tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, 10_000)

    def _on_tray_message_clicked(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            for w in app.topLevelWidgets():
                if w.objectName() == "mainWindow":
                    w.showNormal()
                    w.raise_()
                    w.activateWindow()
