"""The logged-in session: its token (in memory only), deadlines and expiry, and a guard that
turns the backend's ``token_expired``/``token_invalid`` into :class:`SessionExpired` for the UI.

Deadlines use a monotonic clock (a wall-clock jump neither ends nor extends a session). The
idle deadline moves with every successful backend call, mirroring the backend's idle timeout;
the absolute deadline never moves. When either passes, or the backend refuses the token, the
session expires once: the token is forgotten and listeners hear the reason.

After expiry the UI sends the resident to login and, with :meth:`SessionGuard.resume`, back
to where they were, but only if the same card logged in again (a kiosk must never show one
resident's screen to the next).
"""

from __future__ import annotations

import datetime
import threading
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from app.portal.client import PortalClient
from app.portal.errors import SessionExpired
from app.portal.models import ResidentSummary

P = ParamSpec("P")
T = TypeVar("T")

#: Reasons passed to expiry listeners.
REASON_IDLE = "idle_timeout"
REASON_LIFETIME = "lifetime"
REASON_LOGGED_OUT = "logged_out"
# plus the backend's codes: "token_expired", "token_invalid"

ExpiryListener = Callable[[str], None]


def _code_for(reason: str | None) -> str:
    """The :class:`SessionExpired` code for an expiry reason: the backend's two codes, or logged_out."""
    if reason in (REASON_IDLE, REASON_LIFETIME, "token_expired"):
        return "token_expired"
    if reason == REASON_LOGGED_OUT:
        return REASON_LOGGED_OUT
    return "token_invalid"


class Session:
    """A login's bearer token and deadlines. Thread-safe."""

    def __init__(
        self,
        token: str,
        *,
        expires_in: float,
        idle_timeout: float,
        resident: ResidentSummary,
        certificate_fingerprint: bytes | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime.datetime] | None = None,
    ) -> None:
        if expires_in <= 0 or idle_timeout <= 0:
            raise ValueError("session lifetimes must be positive")
        self._token: str | None = token
        self._clock = clock
        now = clock()
        self._absolute_deadline = now + expires_in
        self.idle_timeout = idle_timeout
        self._idle_deadline = now + idle_timeout
        wall = (wall_clock or (lambda: datetime.datetime.now(datetime.UTC)))()
        #: Wall-clock end of the absolute lifetime, for display.
        self.expires_at: datetime.datetime = wall + datetime.timedelta(seconds=expires_in)
        self.resident = resident
        #: SHA-256 of the authentication certificate that logged in (identifies the card, not a secret).
        self.certificate_fingerprint = certificate_fingerprint
        self._reason: str | None = None
        self._listeners: list[ExpiryListener] = []
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        state = "expired" if self._reason else "active"
        return f"<Session {state} resident={self.resident.municipality_code}>"

    # -- state -----------------------------------------------------------------------------

    @property
    def token(self) -> str:
        """The bearer token; :class:`SessionExpired` once the session has ended or a deadline passed."""
        self.check()
        with self._lock:
            if self._token is None:
                raise SessionExpired(_code_for(self._reason))
            return self._token

    @property
    def is_expired(self) -> bool:
        """True once the session has ended or a deadline has passed (pure: notifies no one)."""
        return self._reason is not None or self._deadline_reason() is not None

    @property
    def expiry_reason(self) -> str | None:
        return self._reason

    @property
    def idle_deadline(self) -> float:
        return self._idle_deadline

    def seconds_left(self) -> float:
        """Seconds until the nearer deadline (0 when expired): what a kiosk countdown shows."""
        if self._reason is not None:
            return 0.0
        return max(0.0, min(self._idle_deadline, self._absolute_deadline) - self._clock())

    def _deadline_reason(self) -> str | None:
        now = self._clock()
        if now >= self._absolute_deadline:
            return REASON_LIFETIME
        if now >= self._idle_deadline:
            return REASON_IDLE
        return None

    # -- changes ---------------------------------------------------------------------------

    def touch(self) -> None:
        """Records activity the backend saw (a successful call): the idle deadline moves on."""
        if self.is_expired:
            return
        with self._lock:
            self._idle_deadline = min(self._absolute_deadline, self._clock() + self.idle_timeout)

    def check(self) -> bool:
        """Expires the session (notifying listeners) if a deadline has passed; True if still active.
        The UI calls this from a timer; every guarded call calls it first."""
        if self._reason is None:
            reason = self._deadline_reason()
            if reason is not None:
                self.expire(reason)
        return self._reason is None

    def expire(self, reason: str) -> None:
        """Ends the session: forgets the token and tells each listener ``reason``, once."""
        with self._lock:
            if self._reason is not None:
                return
            self._reason = reason
            self._token = None
            listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener(reason)

    def add_listener(self, listener: ExpiryListener) -> Callable[[], None]:
        """Calls ``listener(reason)`` when the session expires (at once if it already has).
        Returns a function that removes the listener."""
        with self._lock:
            reason = self._reason
            if reason is None:
                self._listeners.append(listener)
        if reason is not None:
            listener(reason)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove


class SessionGuard:
    """Runs portal calls on behalf of the current session.

    * before a call: a session past its deadline raises :class:`SessionExpired` without a request;
    * after a success: the idle deadline moves on;
    * a 401 ``token_expired``/``token_invalid`` expires the session and re-raises :class:`SessionExpired`.

    The UI stores where the resident is in :attr:`resume_point` (any value it likes); after a
    new login, :meth:`resume` says whether it may take them back there.
    """

    def __init__(self, client: PortalClient, session: Session | None = None) -> None:
        self._client = client
        self._session: Session | None = None
        self._last_fingerprint: bytes | None = None
        self.resume_point: object | None = None
        if session is not None:
            self.resume(session)

    @property
    def session(self) -> Session | None:
        return self._session

    def resume(self, session: Session) -> bool:
        """Makes ``session`` current and sends its token. True when the same card held the previous
        session, so :attr:`resume_point` is kept; otherwise it is cleared and False is returned."""
        previous = self._session
        if previous is not None and previous is not session and not previous.is_expired:
            previous.expire(REASON_LOGGED_OUT)
        same = (
            session.certificate_fingerprint is not None
            and self._last_fingerprint is not None
            and session.certificate_fingerprint == self._last_fingerprint
        )
        if not same:
            self.resume_point = None
        self._session = session
        self._last_fingerprint = session.certificate_fingerprint
        self._client.set_token(session.token)
        token = session.token
        session.add_listener(lambda _reason: self._client.drop_token(token))
        return same

    def forget(self) -> None:
        """Drops the session and the resume point (e.g. the card was removed at a kiosk)."""
        session, self._session = self._session, None
        self.resume_point = None
        self._last_fingerprint = None
        if session is not None:
            session.expire(REASON_LOGGED_OUT)

    def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        session = self._session
        if session is None:
            raise SessionExpired("token_invalid")
        if not session.check():
            raise SessionExpired(_code_for(session.expiry_reason))
        try:
            result = fn(*args, **kwargs)
        except SessionExpired as exc:
            session.expire(exc.code)
            raise
        session.touch()
        return result

    async def acall(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """:meth:`call` on the client's thread pool."""
        return await self._client.run(self.call, fn, *args, **kwargs)  # type: ignore[arg-type]

    def logout(self) -> bool:
        """Ends the session at the backend and locally. True when the backend confirmed it;
        the local session ends either way (a dead backend must not keep anyone logged in)."""
        session = self._session
        if session is None:
            return False
        self._session = None
        self.resume_point = None
        self._last_fingerprint = None
        try:
            if session.is_expired:
                return False
            self._client.logout()
            return True
        except Exception:  # any failure: the token is dropped locally below regardless
            return False
        finally:
            session.expire(REASON_LOGGED_OUT)
            self._client.set_token(None)

    async def alogout(self) -> bool:
        return await self._client.run(self.logout)
