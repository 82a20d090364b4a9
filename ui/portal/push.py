"""Notice push: new お知らせ reach the open app without any action, within about a second.

:class:`NoticePushService` runs :class:`app.notice_stream.NoticeFeed` while the resident is
logged in: one Server-Sent Events stream on a thread of its own, resumed with Last-Event-ID
after a drop, and polling with exponential backoff while the stream is unavailable (no request
storm). It stops on an expired session. New notices are handed to the Qt thread through a
queued signal; when no window of the app is in front, they go to the desktop through
:class:`ui.portal.desktop_notices.DesktopNotices` (D-Bus, tray as fallback, off in a kiosk),
which the main window installs as :attr:`NoticePushService.desktop`.

The resident's own feed is theirs even while they act for someone (the desktop says what is for
them). While they act for a person, :meth:`NoticePushService.watch_acting` keeps that person's
stream open too: its notices go to the screens (which show that person), and the server ends it
the moment the grant ends (the represented side revoked it, or the municipality blocked it), which
:attr:`NoticePushService.grant_ended` passes on so the window drops back at once.

One service per app: the composition root makes it (``CompositionRoot.notice_push``) and hands
it to the screens that show notices.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from app.notice_stream import NoticeFeed
from app.portal.errors import PortalError, SessionExpired
from app.portal.models import Notice, NoticePage
from ui.portal.access import PortalAccess

if TYPE_CHECKING:
    from ui.portal.desktop_notices import DesktopNotices

log = logging.getLogger(__name__)

DEFAULT_INTERVAL = 5.0  # polling, while the stream is unavailable
MAX_INTERVAL = 60.0
STOP_WAIT = 0.5  # seconds stop() waits for the feed's thread (a cut stream ends at once)

_FEED_STATES = {"streaming": "running", "polling": "running", "backing_off": "backing_off", "stopped": "stopped"}


translate = QCoreApplication.translate


class NoticePushService(QObject):
    notices_arrived = Signal(tuple)  # tuple[Notice, ...], oldest first, on the Qt thread
    desktop_notified = Signal(str, str)  # title, message (handed to the desktop)
    state_changed = Signal(str)  # "connecting" | "running" | "backing_off" | "stopped"
    _from_worker = Signal(tuple)
    _error_from_worker = Signal(object)
    _state_from_worker = Signal(object, str)  # the feed, its state
    grant_ended = Signal()  # the person acted for is no longer represented (their stream said so)
    _ended_from_worker = Signal(object, str)  # the feed, the server's reason
    _acting_from_worker = Signal(object, tuple)  # the acting feed, its notices
    _acting_error_from_worker = Signal(object, object)  # the acting feed, a PortalError

    def __init__(self, access: PortalAccess, parent: QObject | None = None, *,
                 interval: float = DEFAULT_INTERVAL, max_interval: float = MAX_INTERVAL) -> None:
        super().__init__(parent)
        self._access = access
        self.interval = interval
        self.max_interval = max_interval
        self._feed: NoticeFeed | None = None
        self.desktop: DesktopNotices | None = None
        self.polls = 0
        self.state = "stopped"
        self._from_worker.connect(self._on_worker_notices)
        self._error_from_worker.connect(self._on_worker_error)
        self._state_from_worker.connect(self._on_worker_state)
        self._ended_from_worker.connect(self._on_worker_ended)
        self._acting_from_worker.connect(self._on_acting_notices)
        self._acting_error_from_worker.connect(self._on_acting_error)
        #: While the resident acts for someone: that person's stream (their notices for the
        #: screens, and the server's word the moment the grant ends). The resident's own feed
        #: keeps running for the desktop.
        self._acting_feed: NoticeFeed | None = None
        access.logged_in.connect(self._on_access_logged_in)
        access.logged_out.connect(self._on_access_logged_out)

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._feed is not None and not self._feed.stopped

    @property
    def feed(self) -> NoticeFeed | None:
        return self._feed

    def start(self) -> None:
        """Starts the feed (idempotent). Call after login; stops by itself on logout/expiry."""
        client = self._access.client
        if self.running or client is None or not self._access.is_logged_in:
            return
        feed = NoticeFeed(
            client, self._from_worker.emit, on_error=self._error_from_worker.emit, interval=self.interval,
            max_interval=self.max_interval, fetch=self._fetch,
        )
        feed.on_state = lambda state: self._state_from_worker.emit(feed, state)
        self._feed = feed
        self._set_state("connecting")
        feed.start()

    def stop(self) -> None:
        self.watch_acting(None)
        feed, self._feed = self._feed, None
        if feed is not None:
            feed.stop(STOP_WAIT)
        self._set_state("stopped")

    @property
    def acting_feed(self) -> NoticeFeed | None:
        return self._acting_feed

    def watch_acting(self, person_id: str | None) -> None:
        """Follows ``person_id``'s notices while the resident acts for them (None: stop)."""
        feed, self._acting_feed = self._acting_feed, None
        if feed is not None:
            feed.stop(STOP_WAIT)
        client = self._access.client
        if person_id is None or client is None or not self._access.is_logged_in:
            return

        def fetch(since: str | None, cursor: str | None) -> NoticePage:
            return client.notices(limit=100, cursor=cursor, since=since)  # X-Acting-For: that person

        watched = NoticeFeed(
            client, lambda notices: self._acting_from_worker.emit(watched, tuple(notices)),
            on_error=lambda exc: self._acting_error_from_worker.emit(watched, exc),
            on_end=lambda reason: self._ended_from_worker.emit(watched, reason),
            acting_for=person_id, interval=self.interval, max_interval=self.max_interval, fetch=fetch,
        )
        self._acting_feed = watched
        watched.start()

    def _on_worker_ended(self, feed: object, reason: str) -> None:
        if feed is self._acting_feed and reason == "grant_ended":
            self.watch_acting(None)
            self.grant_ended.emit()

    def _on_acting_error(self, feed: object, exc: PortalError) -> None:
        # Where the stream cannot be kept open, the fallback poll hears the end as a refusal.
        if feed is self._acting_feed and exc.code == "not_represented":
            self.watch_acting(None)
            self.grant_ended.emit()

    def _on_acting_notices(self, feed: object, notices: tuple[Notice, ...]) -> None:
        if feed is self._acting_feed:  # the screens show the person acted for
            self.notices_arrived.emit(notices)

    def _fetch(self, since: str | None, cursor: str | None) -> NoticePage:
        client = self._access.client
        if client is None:
            raise SessionExpired("token_invalid")
        self.polls += 1
        # The raw client, not the session guard: background polling must not keep an idle
        # session alive. The backend answers notices at or after `since`; the poller drops repeats.
        return client.notices(limit=100, cursor=cursor, since=since, as_self=True)

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _on_access_logged_in(self, _payload: object) -> None:
        self.stop()
        self.start()

    def _on_access_logged_out(self, _reason: str) -> None:
        self.stop()

    def _on_worker_state(self, feed: NoticeFeed, state: str) -> None:
        if feed is self._feed:  # not a late word from the previous session's feed
            self._set_state(_FEED_STATES.get(state, "running"))

    # -- arrivals ------------------------------------------------------------------------------
    def _on_worker_notices(self, notices: Sequence[Notice]) -> None:
        client = self._access.client
        if client is None or client.acting_for is None:  # else the screens show someone else's list
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
        if self.desktop is not None and not self.desktop.show(notices):
            return  # notifications are off (kiosk)
        if len(notices) == 1:
            title, message = translate("NoticePush", "新しいお知らせ"), f"{notices[0].sender}: {notices[0].title}"
        else:
            title = translate("NoticePush", "新しいお知らせが {n} 件あります").format(n=len(notices))
            message = "\n".join(n.title for n in notices[:3])
        self.desktop_notified.emit(title, message)
