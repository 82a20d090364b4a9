"""The logged-in session: one :class:`SessionController` per app, built by the composition
root (:mod:`ui.composition_root`), which hands each screen the part it uses
(:mod:`ui.screen_context`).

What it offers::

    ctl = root.session
    ctl.logged_in.connect(...)            # ResidentSummary
    ctl.logged_out.connect(...)           # "logout" | "idle" | "expired" | "card_removed"
    me = await ctl.call(ctl.client.me)    # through the SessionGuard, on the client's pool;
                                          # an expired session logs out and raises SessionExpired
    ctl.remember_location("services", {"query": "..."})   # where the resident is, as they go
    ctl.restore_location()                # after a re-login with the same card: (key, state) or None
    worker, open_card = ctl.card_access() # sign with the card that logged in (on the worker)

A screen may also define ``session_state() -> object`` (asked when the session ends) and
``restore_session_state(state)`` (called when the resident logs in again with the same card
and comes back to that screen), so nothing typed is lost across a timeout or a pulled card.

Session end: the UI idle timeout (settings, minutes without keyboard/mouse input) and the
backend's deadlines are checked every second; ``session_warning(seconds)`` is emitted during the
last minute (with a visible countdown and a "続ける" button, :mod:`ui.widgets.session_warning`).
A removed card logs out always in kiosk mode, at home when the setting says so. A kiosk never
takes the next person back to the previous resident's screen.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, ParamSpec, Protocol, TypeVar

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    import asyncio

    from app.card.jpki import MyNumberCard
    from app.card.worker import CardWorker
    from app.portal.client import PortalClient
    from app.portal.models import ResidentSummary
    from app.session import Session, SessionGuard
    from ui.app_context import AppContext
    from ui.card.reader_hub import ReaderHub

# asyncio, the portal client (requests) and the card layer (cryptography) are imported on first
# use: the login screen is built with the window, before any of them is needed (DESIGN.md §9).

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

REASON_LOGOUT = "logout"
REASON_IDLE = "idle"
REASON_EXPIRED = "expired"
REASON_CARD_REMOVED = "card_removed"
#: Reasons after which the same card's next login returns to where the resident was (not in kiosks).
RESUMABLE = frozenset({REASON_IDLE, REASON_EXPIRED, REASON_CARD_REMOVED})

WARNING_SECONDS = 60
TICK_MS = 1000

_ACTIVITY_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
})


class CardAccess(NamedTuple):
    """The card the resident logged in with. (A NamedTuple: this module is imported before the
    window's first paint, where a frozen dataclass takes ~0.5 ms more to make, DESIGN.md §9.)"""

    reader: str
    transport_factory: Callable[[], Any]


def release_freed_memory() -> None:
    """Hands the C heap's free pages back to the system (glibc's ``malloc_trim``). A login leaves
    megabytes freed but resident (TLS handshakes, JSON, the imports of the portal client and
    the card layer), and a logout the previous resident's data (DESIGN.md §8, §9). Elsewhere
    (other C libraries, other systems) it does nothing."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


class SessionWindow(Protocol):
    """The main window as the session sees it: where the resident is, and how to show a screen."""

    @property
    def current_key(self) -> str: ...

    def show_screen(self, key: str) -> QWidget: ...

    def screen_for(self, key: str) -> QWidget: ...


class _ActivityFilter(QObject):
    def __init__(self, on_activity: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_activity = on_activity

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY_EVENTS:
            self._on_activity()
        return False


class SessionController(QObject):
    logged_in = Signal(object)  # ResidentSummary
    logged_out = Signal(str)  # reason code
    session_warning = Signal(int)  # seconds left
    warning_cleared = Signal()
    _expired_elsewhere = Signal(str)  # Session listener (any thread) -> Qt thread

    def __init__(self, ctx: AppContext, hub: ReaderHub, card_worker: CardWorker, *, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._worker = card_worker
        self._hub = hub
        self._clock = clock
        self._client: PortalClient | None = None
        self._client_key: tuple[str, str | None] | None = None
        self._guard: SessionGuard | None = None
        self._session: Session | None = None
        self._resident: ResidentSummary | None = None
        self._card: CardAccess | None = None
        self._last_activity = clock()
        self._warning_shown = False
        self._keepalive: asyncio.Task[None] | None = None
        self._locations: dict[str, object] = {}
        self._resume: tuple[bytes | None, str, object] | None = None
        self._restore: tuple[str, object] | None = None
        self._ending = False
        self._navigator: Callable[[str], QWidget | None] | None = None
        self._window: SessionWindow | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._expired_elsewhere.connect(self._on_expired_elsewhere)
        # Installed on the application only while someone is logged in: a Python event filter
        # sees every event of the app, which costs start-up time and input latency for nothing
        # while the login screen is shown.
        self._filter = _ActivityFilter(self.touch, self)
        self._filtering = False
        hub.card_removed.connect(self._on_hub_card_removed)
        ctx.backend_ready.connect(self._on_ctx_backend_ready)
        ctx.add_shutdown_hook(self.close)

    # -- state -------------------------------------------------------------------------------
    @property
    def client(self) -> PortalClient | None:
        """The authenticated portal client, or None when nobody is logged in."""
        return self._client if self.is_logged_in else None

    @property
    def guard(self) -> SessionGuard | None:
        return self._guard if self.is_logged_in else None

    @property
    def session(self) -> Session | None:
        return self._session if self.is_logged_in else None

    @property
    def resident(self) -> ResidentSummary | None:
        return self._resident if self.is_logged_in else None

    @property
    def is_logged_in(self) -> bool:
        return self._session is not None and not self._session.is_expired

    @property
    def card_reader(self) -> str | None:
        return self._card.reader if self._card else None

    def portal_client(self) -> PortalClient:
        """A client for the current backend (also before login: challenge, certificate check).
        Raises RuntimeError while the backend URL is not known yet."""
        url = self._ctx.backend_url
        if url is None:
            raise RuntimeError("backend not ready")
        ca = self._ctx.ca_file
        key = (url, str(ca) if ca else None)
        if self._client is None or self._client_key != key:
            from app.portal.client import PortalClient

            if self._client is not None and not self.is_logged_in:
                self._client.close()
            self._client = PortalClient(url, key[1])
            self._client_key = key
        return self._client

    def _on_ctx_backend_ready(self) -> None:
        """The backend is (again) connected, perhaps at a new address (the embedded server
        restarted on another port): the session's client, which the screens and the notice
        polling share, follows it with its token (the server keeps tokens in its database)."""
        url, ca = self._ctx.backend_url, self._ctx.ca_file
        if self._client is None or url is None:
            return
        key = (url, str(ca) if ca else None)
        if self._client_key is not None and self._client_key != key and self._client.rebase(*key):
            log.info("the backend moved; the session follows it")
        self._client_key = key

    async def ready_client(self, wait_s: float = 60.0) -> PortalClient:
        """:meth:`portal_client` once the backend is known: waits for the embedded stub to boot;
        a configured backend is asked directly, so its own error (unreachable, TLS...) is reported."""
        import asyncio

        if self._ctx.demo:
            async with asyncio.timeout(wait_s):
                await self._ctx.wait_backend_ready()
        return self.portal_client()

    def card_access(self) -> tuple[CardWorker, Callable[[], MyNumberCard]]:
        """(card worker, factory of the logged-in card). Call the factory and the card's methods on
        the worker only: ``await worker.run(lambda: open_card().read_sign_certificate(pin))``.
        The factory reuses the card the hub has open, else opens the reader again."""
        worker = self._worker
        access = self._card
        hub = self._hub

        def open_card() -> MyNumberCard:
            from app.card.errors import NoCard
            from app.card.jpki import MyNumberCard

            if access is None:
                raise NoCard("not_logged_in_with_a_card")
            card = hub.card(access.reader)
            return card if card is not None else MyNumberCard(access.transport_factory())

        return worker, open_card

    # -- login -------------------------------------------------------------------------------
    async def login_with_card(self, reader: str, signer: Any) -> ResidentSummary:
        """Runs the login contract (DESIGN.md §5) with ``signer`` (an AsyncAuthSigner holding the
        PIN, e.g. :class:`app.login.WorkerCardAuthSigner`). Never retries. Raises the card and
        portal errors unchanged for the login screen to word."""
        from app.login import LoginFlow

        client = await self.ready_client()
        session = await LoginFlow(client).run_async(signer)
        self._adopt(client, session, CardAccess(reader, self._hub.transport_factory(reader)))
        assert self._resident is not None
        return self._resident

    def for_tests_login_with_token(self, client: PortalClient, session: Session,
                                   card: CardAccess | None = None) -> None:
        """Logs in with a session obtained elsewhere (e.g. ``tests.fixtures.stub.login``):
        ``Session(token, expires_in=..., idle_timeout=..., resident=ResidentSummary(...))``."""
        if self._client is not None and self._client is not client and not self.is_logged_in:
            self._client.close()
        self._client = client
        self._client_key = None
        self._adopt(client, session, card)

    def _adopt(self, client: PortalClient, session: Session, card: CardAccess | None) -> None:
        from app.session import SessionGuard

        resume, self._resume = self._resume, None
        self._restore = None
        if (resume is not None and not self._ctx.kiosk and session.certificate_fingerprint is not None
                and resume[0] == session.certificate_fingerprint):
            self._restore = (resume[1], resume[2])
        if not self._restore:
            self._locations.clear()
        self._guard = SessionGuard(client, session)
        self._session = session
        self._resident = session.resident
        self._card = card
        self._ending = False
        self._last_activity = self._clock()
        self._warning_shown = False
        session.add_listener(self._expired_elsewhere.emit)
        self._watch_activity(True)
        self._timer.start()
        log.info("logged in (municipality %s)", session.resident.municipality_code)
        self.logged_in.emit(session.resident)
        QTimer.singleShot(0, self, release_freed_memory)

    def _watch_activity(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._filtering:
            return
        if on:
            app.installEventFilter(self._filter)
        else:
            app.removeEventFilter(self._filter)
        self._filtering = on

    # -- calls -------------------------------------------------------------------------------
    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Runs a blocking client call through the guard on the client's pool. An expired
        session ends here (logged_out("expired")) and SessionExpired is raised to the caller."""
        from app.portal.errors import SessionExpired

        guard = self._guard
        if guard is None or not self.is_logged_in:
            raise SessionExpired("token_invalid")
        from app.portal.errors import BackendTimeout, BackendUnreachable

        try:
            return await guard.acall(fn, *args, **kwargs)
        except SessionExpired:
            self._end(REASON_EXPIRED)
            raise
        except (BackendUnreachable, BackendTimeout):
            self._ctx.recheck_backend()  # the header says at once whether the server is gone
            raise

    def touch(self) -> None:
        """Resident activity: the UI idle clock restarts; a backend session near its idle limit
        is kept alive by a light call."""
        self._last_activity = self._clock()
        if self._warning_shown:
            self._warning_shown = False
            self.warning_cleared.emit()
        session = self._session
        if session is None or session.is_expired:
            return
        backend_idle_left = session.idle_deadline - time.monotonic()
        if backend_idle_left < session.idle_timeout / 2 and (self._keepalive is None or self._keepalive.done()):
            import asyncio

            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            self._keepalive = loop.create_task(self._keep_alive())

    async def _keep_alive(self) -> None:
        from app.portal.errors import SessionExpired

        client = self._client
        if client is None:
            return
        try:
            await self.call(client.me)
        except SessionExpired:
            pass
        except Exception as exc:  # a failed keep-alive changes nothing; the next call will tell
            log.info("keep-alive failed: %s", exc)

    def continue_session(self) -> None:
        """The resident pressed "続ける" on the warning."""
        self.touch()
        session = self._session
        if session is not None and not session.is_expired and self._client is not None:
            import asyncio

            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            if self._keepalive is None or self._keepalive.done():
                self._keepalive = loop.create_task(self._keep_alive())

    def seconds_left(self) -> float:
        """Seconds until the nearer of the UI idle timeout and the session's own deadlines."""
        session = self._session
        if session is None:
            return 0.0
        ui_idle = self._ctx.settings.idle_timeout_minutes * 60 - (self._clock() - self._last_activity)
        return max(0.0, min(ui_idle, session.seconds_left()))

    def tick(self) -> None:
        """Once a second (also called by tests): warn during the last minute, end at zero."""
        session = self._session
        if session is None:
            self._timer.stop()
            return
        ui_idle = self._ctx.settings.idle_timeout_minutes * 60 - (self._clock() - self._last_activity)
        if ui_idle <= 0:
            self._end(REASON_IDLE)
            return
        if not session.check():
            self._end(REASON_EXPIRED)
            return
        left = self.seconds_left()
        # The countdown follows real idle time: it opens once at least half of the automatic
        # logout time has passed without input (with a 1-minute setting, a busy resident never
        # saw anything but the countdown), or in the session's own last minute.
        idle_window = min(WARNING_SECONDS, self._ctx.settings.idle_timeout_minutes * 60 / 2)
        if ui_idle <= idle_window or session.seconds_left() <= WARNING_SECONDS:
            self._warning_shown = True
            self.session_warning.emit(max(1, int(left + 0.999)))
        elif self._warning_shown:
            self._warning_shown = False
            self.warning_cleared.emit()

    # -- where the resident is --------------------------------------------------------------
    def remember_location(self, key: str, state: object = None) -> None:
        """Records where the resident is (screen key and any state that screen can restore)."""
        self._locations[key] = state
        self._locations["__current__"] = key

    def restore_location(self) -> tuple[str, object] | None:
        """After a re-login with the same card (not in kiosks): the (screen key, state) the
        resident was at when the session ended; None otherwise."""
        return self._restore

    def attach_window(self, window: SessionWindow) -> None:
        """The main window the session navigates (the composition root attaches it); it
        replaces a navigator set before."""
        self._window = window
        self._navigator = None

    def set_navigator(self, navigator: Callable[[str], QWidget | None]) -> None:
        """How to show a screen by key (tests; defaults to the attached window's show_screen)."""
        self._navigator = navigator

    def show_screen(self, key: str) -> QWidget | None:
        if self._navigator is not None:
            return self._navigator(key)
        return self._window.show_screen(key) if self._window is not None else None

    def after_login_navigation(self) -> str:
        """Shows where the resident goes after logging in: back to the remembered screen (its
        state restored), else home. Returns the key shown."""
        restore = self._restore
        key, state = restore if restore else ("home", None)
        widget = self.show_screen(key)
        if restore and widget is not None:
            restore_fn = getattr(widget, "restore_session_state", None)
            if callable(restore_fn) and state is not None:
                try:
                    restore_fn(state)
                except Exception:
                    log.exception("restoring the state of %s failed", key)
        return key

    def _capture_location(self) -> tuple[str, object] | None:
        window = self._window
        key = window.current_key if window is not None else ""
        if not key:
            key = str(self._locations.get("__current__", ""))
        if not key or key == "login":
            return None
        state = self._locations.get(key)
        if window is not None:
            widget = window.screen_for(key)
            state_fn = getattr(widget, "session_state", None)
            if callable(state_fn):
                try:
                    state = state_fn()
                except Exception:
                    log.exception("saving the state of %s failed", key)
        return key, state

    # -- ending ------------------------------------------------------------------------------
    def logout(self) -> None:
        """The resident logs out: the backend session ends (in the background), nothing is kept."""
        self._end(REASON_LOGOUT)

    def _on_expired_elsewhere(self, reason: str) -> None:
        if self._session is not None and not self._ending:
            self._end(REASON_LOGOUT if reason == "logged_out" else REASON_EXPIRED)

    def _on_hub_card_removed(self, reader: str) -> None:
        if not self.is_logged_in or self._card is None or self._card.reader != reader:
            return
        if self._ctx.kiosk or self._ctx.settings.logout_on_card_removal:
            self._end(REASON_CARD_REMOVED)

    def _end(self, reason: str) -> None:
        if self._ending or self._session is None:
            return
        self._ending = True
        session, guard = self._session, self._guard
        fingerprint = session.certificate_fingerprint
        location = self._capture_location() if reason in RESUMABLE and not self._ctx.kiosk else None
        self._resume = (fingerprint, location[0], location[1]) if location else None
        self._timer.stop()
        self._watch_activity(False)
        if self._keepalive is not None and not self._keepalive.done():
            self._keepalive.cancel()
        self._keepalive = None
        self._warning_shown = False
        self.warning_cleared.emit()
        self._session = None
        self._guard = None
        self._resident = None
        self._card = None
        self._restore = None
        self._locations.clear()
        if guard is not None:
            self._logout_backend(guard, session)
        log.info("logged out (%s)", reason)
        self.logged_out.emit(reason)
        self.show_screen("login")
        QTimer.singleShot(0, self, release_freed_memory)

    def _logout_backend(self, guard: SessionGuard, session: Session) -> None:
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            session.expire("logged_out")
            return
        if session.is_expired:
            session.expire("logged_out")
            return
        task = loop.create_task(guard.alogout())
        task.add_done_callback(lambda t: t.cancelled() or t.exception())

    def close(self) -> None:
        """On quit: forget the session (no network wait), stop timers, close the client."""
        self._timer.stop()
        if self._keepalive is not None and not self._keepalive.done():
            self._keepalive.cancel()
        session, self._session = self._session, None
        if session is not None:
            session.expire("logged_out")
        self._watch_activity(False)
        client, self._client = self._client, None
        if client is not None:
            executor = getattr(client, "_executor", None)
            client.close()
            if executor is not None:
                # Joined so no HTTP thread outlives the app; bounded by the client's timeouts.
                executor.shutdown(wait=True, cancel_futures=True)
