"""Typed errors of the portal client.

Every error carries a machine ``code`` (a stable string the UI maps to a translated message)
and never the server's free-text message, a token, a PIN or any personal data: ``str(err)``
is safe to log.
"""

# The names are the project's agreed vocabulary (DESIGN/brief), read by the UI: no "Error" suffix.
# ruff: noqa: N818

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType


class PortalError(Exception):
    """Base of every error the portal client raises."""

    code: str = "portal_error"
    #: True when the same request may succeed if tried again later (the UI may offer "retry").
    transient: bool = False

    def __init__(self, code: str | None = None, *, status: int | None = None) -> None:
        if code is not None:
            self.code = code
        self.status = status
        super().__init__(self.code if status is None else f"{self.code} (HTTP {status})")


class BackendUnreachable(PortalError):
    """No connection could be made (refused, DNS failure, reset before a response)."""

    code = "backend_unreachable"
    transient = True


class BackendTimeout(PortalError):
    """The backend did not answer in time. ``phase`` is ``"connect"`` or ``"read"``."""

    code = "backend_timeout"
    transient = True

    def __init__(self, phase: str) -> None:
        self.phase = phase
        super().__init__()


class TlsError(PortalError):
    """The TLS handshake failed: the server certificate does not chain to the configured CA,
    does not match the host, or the CA file is unusable."""

    code = "tls_error"


class ServerError(PortalError):
    """The backend answered with a 5xx status (after the bounded retries, where allowed)."""

    code = "server_error"
    transient = True

    def __init__(self, status: int) -> None:
        super().__init__(status=status)


class MalformedResponse(PortalError):
    """The response was not the JSON the contract promises.

    ``where`` names the offending field by its path (e.g. ``items[3].requested_at``), never its value.
    """

    code = "malformed_response"

    def __init__(self, where: str = "$", *, status: int | None = None) -> None:
        self.where = where
        super().__init__(status=status)
        self.args = (f"malformed_response at {where}",)


class AuthErrorCode(enum.StrEnum):
    """Login failures from ``POST /auth/login`` (docs/api.md), in the server's check order."""

    CHALLENGE_UNKNOWN = "challenge_unknown"
    CHALLENGE_EXPIRED = "challenge_expired"
    CHALLENGE_USED = "challenge_used"
    ORIGIN_MISMATCH = "origin_mismatch"
    UNTRUSTED_CERTIFICATE = "untrusted_certificate"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_REVOKED = "certificate_revoked"
    INVALID_SIGNATURE = "invalid_signature"
    UNKNOWN_CERTIFICATE = "unknown_certificate"
    BAD_REQUEST = "bad_request"
    #: A 401 from the login endpoint whose code this client does not know.
    UNRECOGNISED = "auth_failed"


# Failures that a new challenge can cure (the resident did nothing wrong; the UI may start over).
_FRESH_CHALLENGE_HELPS = frozenset(
    {AuthErrorCode.CHALLENGE_UNKNOWN, AuthErrorCode.CHALLENGE_EXPIRED, AuthErrorCode.CHALLENGE_USED}
)
# Failures that are about the card itself: the resident must go to the municipal counter.
_CARD_PROBLEM = frozenset(
    {
        AuthErrorCode.UNTRUSTED_CERTIFICATE,
        AuthErrorCode.CERTIFICATE_EXPIRED,
        AuthErrorCode.CERTIFICATE_REVOKED,
        AuthErrorCode.UNKNOWN_CERTIFICATE,
    }
)


class AuthError(PortalError):
    """The backend refused a login; ``code`` is an :class:`AuthErrorCode`."""

    code: AuthErrorCode

    def __init__(self, code: AuthErrorCode, *, status: int | None = 401) -> None:
        super().__init__(code.value, status=status)
        self.code = code

    @property
    def fresh_challenge_helps(self) -> bool:
        """True when starting the login again (new challenge, new signature) can succeed."""
        return self.code in _FRESH_CHALLENGE_HELPS

    @property
    def card_problem(self) -> bool:
        """True when the card's certificate is the problem (expired, revoked, unknown, untrusted)."""
        return self.code in _CARD_PROBLEM


class SessionExpired(PortalError):
    """The session token is no longer accepted: ``code`` is ``token_expired`` or ``token_invalid``
    (or ``session_expired`` when the client noticed the deadline before asking)."""

    code = "token_invalid"


class RateLimited(PortalError):
    """HTTP 429. ``retry_after`` is in seconds (None when the server gave no usable hint)."""

    code = "rate_limited"
    transient = True

    def __init__(self, retry_after: float | None) -> None:
        self.retry_after = retry_after
        super().__init__(status=429)


class NotFound(PortalError):
    """HTTP 404: the resource does not exist or belongs to someone else (the API does not say which)."""

    code = "not_found"

    def __init__(self) -> None:
        super().__init__(status=404)


class ValidationFailed(PortalError):
    """HTTP 400/422 outside login: ``code`` from the server (``invalid_form``, ``invalid_signature``, …)
    and ``field_errors`` mapping a field name to a machine code, when the server gave them."""

    code = "validation_failed"

    def __init__(
        self, code: str | None = None, field_errors: Mapping[str, str] | None = None, *, status: int = 400
    ) -> None:
        super().__init__(code, status=status)
        self.field_errors: Mapping[str, str] = MappingProxyType(dict(field_errors or {}))


class RequestRejected(PortalError):
    """Any other 4xx (403, 405, 409, 413, …): ``code`` from the server's body when it had one."""

    code = "request_rejected"
