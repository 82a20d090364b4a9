"""The HTTP client for the portal backend (docs/api.md): typed errors, typed models, sync and async calls.

The client (and with it requests, urllib3 and their dependencies, ~13 MiB) is imported on first
use of one of its names here, not with the package: ``from app.portal.errors import ...`` and
``from app.portal import models`` stay light (DESIGN.md §9).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from app.portal.errors import (
    AuthError,
    AuthErrorCode,
    BackendTimeout,
    BackendUnreachable,
    MalformedResponse,
    NotFound,
    PortalError,
    RateLimited,
    RequestRejected,
    ServerError,
    SessionExpired,
    TlsError,
    ValidationFailed,
)

if TYPE_CHECKING:
    from app.portal.client import PortalClient, origin_of

_FROM_CLIENT = frozenset({"PortalClient", "origin_of"})

__all__ = [
    "AuthError",
    "AuthErrorCode",
    "BackendTimeout",
    "BackendUnreachable",
    "MalformedResponse",
    "NotFound",
    "PortalClient",
    "PortalError",
    "RateLimited",
    "RequestRejected",
    "ServerError",
    "SessionExpired",
    "TlsError",
    "ValidationFailed",
    "origin_of",
]


def __getattr__(name: str) -> Any:
    if name in _FROM_CLIENT:
        value = getattr(importlib.import_module("app.portal.client"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
