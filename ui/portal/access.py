"""How the portal screens reach the backend: the logged-in session's client and a guarded
``call`` that runs a blocking client method off the Qt thread.

In the app this is the ``SessionController``; tests and the benchmarks hand the composition
root a :class:`DirectAccess` over a client that already holds a token
(``CompositionRoot(ctx, access=...)``) or give it to a screen directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal, SignalInstance

from app.portal.client import PortalClient

log = logging.getLogger(__name__)

T = TypeVar("T")


class PortalAccess(Protocol):
    """What a screen needs from the session (the SessionController's shape)."""

    logged_in: SignalInstance
    logged_out: SignalInstance

    @property
    def client(self) -> PortalClient | None: ...

    @property
    def is_logged_in(self) -> bool: ...

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T: ...


class DirectAccess(QObject):
    """A :class:`PortalAccess` over a client that already carries a token (tests, bench)."""

    logged_in = Signal(object)
    logged_out = Signal(str)

    def __init__(self, client: PortalClient | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._client = client

    @property
    def client(self) -> PortalClient | None:
        return self._client

    @property
    def is_logged_in(self) -> bool:
        return self._client is not None and self._client.has_token

    def log_in(self, client: PortalClient) -> None:
        self._client = client
        self.logged_in.emit(client)

    def log_out(self, reason: str = "logged_out") -> None:
        if self._client is not None:
            self._client.set_token(None)
        self.logged_out.emit(reason)

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._client is None:
            from app.portal.errors import SessionExpired

            raise SessionExpired("token_invalid")
        return await self._client.run(fn, *args, **kwargs)

    def touch(self) -> None:
        """Nothing to extend: the backend's idle timeout is the only one."""
