"""The HTTP client for the portal backend (docs/api.md): typed errors, typed models, sync and async calls."""

from app.portal.client import AsyncPortalClient, PortalClient, origin_of
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

__all__ = [
    "AsyncPortalClient",
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
