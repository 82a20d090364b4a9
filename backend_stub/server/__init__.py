"""The stub's HTTP server: configuration, shared per-app context and the API error type.

Portal routers use these:

- ``ApiError(status, code, message)``: raise it to answer ``{"error": code, "message": message}``
  (``code`` one of :class:`ErrorCode`).
- ``get_context(request)`` / ``Depends(get_db)``: the app's :class:`StubContext` / its :class:`Database`.
- ``backend_stub.server.auth.current_resident``: the dependency that authenticates the bearer token.
"""

from __future__ import annotations

import enum
import ipaddress
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import Request  # at runtime: FastAPI resolves dependency signatures

from backend_stub.server.db import Database

if TYPE_CHECKING:
    from backend_stub.jlis import JLIS

ENV_PREFIX = "MYNASTUB_"


class ErrorCode(enum.StrEnum):
    """Every ``error`` code this API answers with; the OpenAPI document declares them (schema
    ``ErrorCode``), so a client can word each one and the schema tests catch an undeclared one."""

    # any request
    BAD_REQUEST = "bad_request"
    UNAUTHORIZED = "unauthorized"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    PAYLOAD_TOO_LARGE = "payload_too_large"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    RATE_LIMITED = "rate_limited"
    HTTP_ERROR = "http_error"
    INTERNAL_ERROR = "internal_error"
    # the session
    TOKEN_INVALID = "token_invalid"
    TOKEN_EXPIRED = "token_expired"
    # login (docs/api.md, in the order the server checks)
    CHALLENGE_UNKNOWN = "challenge_unknown"
    CHALLENGE_EXPIRED = "challenge_expired"
    CHALLENGE_USED = "challenge_used"
    ORIGIN_MISMATCH = "origin_mismatch"
    UNTRUSTED_CERTIFICATE = "untrusted_certificate"
    CERTIFICATE_EXPIRED = "certificate_expired"
    CERTIFICATE_REVOKED = "certificate_revoked"
    INVALID_SIGNATURE = "invalid_signature"
    UNKNOWN_CERTIFICATE = "unknown_certificate"
    # delivery linking
    CONSENT_REQUIRED = "consent_required"
    INVALID_ACCOUNT = "invalid_account"
    # card payments
    INVALID_CARD = "invalid_card"
    INVALID_EXPIRY = "invalid_expiry"
    CARD_EXPIRED = "card_expired"
    INVALID_CVC = "invalid_cvc"
    CARD_DECLINED = "card_declined"
    ALREADY_PAID = "already_paid"
    # applications
    INVALID_FORM = "invalid_form"
    QUOTA_EXCEEDED = "quota_exceeded"
    # acting for another resident (代理人)
    NOT_REPRESENTED = "not_represented"
    NOT_PERMITTED_FOR_PROXY = "not_permitted_for_proxy"
    FORM_NOT_FOR_PROXY = "form_not_for_proxy"
    FORM_FOR_CHILD = "form_for_child"
    # registering a 代理人 (POST /proxies): the rules, then the represented person's card as at a login
    SELF_GRANT = "self_grant"
    NOT_A_MINOR = "not_a_minor"
    RELATIONSHIP_NOT_CONFIRMED = "relationship_not_confirmed"
    PRINCIPAL_IS_A_MINOR = "principal_is_a_minor"
    BAD_EXPIRY = "bad_expiry"
    BAD_KIND = "bad_kind"
    PROXY_BLOCKED = "proxy_blocked"
    ALREADY_GRANTED = "already_granted"
    PRINCIPAL_BAD_REQUEST = "principal_bad_request"
    PRINCIPAL_CHALLENGE_UNKNOWN = "principal_challenge_unknown"
    PRINCIPAL_CHALLENGE_EXPIRED = "principal_challenge_expired"
    PRINCIPAL_CHALLENGE_USED = "principal_challenge_used"
    PRINCIPAL_ORIGIN_MISMATCH = "principal_origin_mismatch"
    PRINCIPAL_UNTRUSTED_CERTIFICATE = "principal_untrusted_certificate"
    PRINCIPAL_CERTIFICATE_EXPIRED = "principal_certificate_expired"
    PRINCIPAL_CERTIFICATE_REVOKED = "principal_certificate_revoked"
    PRINCIPAL_INVALID_SIGNATURE = "principal_invalid_signature"
    PRINCIPAL_UNKNOWN_CERTIFICATE = "principal_unknown_certificate"
    PAYLOAD_MISMATCH = "payload_mismatch"
    SIGNED_AT_OUT_OF_RANGE = "signed_at_out_of_range"
    WRONG_MUNICIPALITY = "wrong_municipality"
    IDEMPOTENCY_CONFLICT = "idempotency_conflict"
    # a procedure with a filing period (the 児童扶養手当 現況届): not yet open, or already made this year
    OUTSIDE_FILING_PERIOD = "outside_filing_period"
    ALREADY_FILED = "already_filed"


class ApiError(Exception):
    """An error answered as ``{"error": code, "message": message}`` with ``status``.

    The message is shown to developers and may be logged: never put PINs or personal data in it.
    """

    def __init__(self, status: int, code: str, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = dict(headers or {})


@dataclass
class StubConfig:
    """Settings of one stub server. Durations are seconds.

    Every tunable can also come from the environment as ``MYNASTUB_<FIELD>`` (e.g.
    ``MYNASTUB_TOKEN_IDLE_SECONDS=60``); see :meth:`from_env`.
    """

    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 0
    # scheme://host:port the clients use; defaults to https://<host>:<port>.
    public_origin: str | None = None
    challenge_ttl_seconds: float = 300.0
    token_idle_seconds: float = 900.0
    token_lifetime_seconds: float = 8 * 3600.0
    # Failed logins allowed within the window, per certificate and per client IP.
    login_failures_per_certificate: int = 10
    login_failures_per_ip: int = 20
    login_failure_window_seconds: float = 300.0
    # Challenges handed out per source address: a burst, then this many a minute.
    challenges_per_minute: float = 120.0
    challenge_burst: int = 20
    # Live challenges held at once; when full, new ones are refused (429), none evicted.
    max_open_challenges: int = 100_000
    # Adds POST /api/v1/testing/clock to move the server clock forward (tests only).
    testing_clock: bool = False
    seed: bool = True

    _TUNABLE = (
        "public_origin",
        "challenge_ttl_seconds",
        "token_idle_seconds",
        "token_lifetime_seconds",
        "login_failures_per_certificate",
        "login_failures_per_ip",
        "login_failure_window_seconds",
        "challenges_per_minute",
        "challenge_burst",
        "max_open_challenges",
    )

    @classmethod
    def from_env(cls, data_dir: Path, env: Mapping[str, str] | None = None, **overrides: Any) -> StubConfig:
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        types = {f.name: f.type for f in fields(cls)}
        for name in cls._TUNABLE:
            raw = env.get(ENV_PREFIX + name.upper())
            if raw is None or raw == "":
                continue
            kind = types[name]
            try:
                values[name] = int(raw) if kind == "int" else float(raw) if kind == "float" else raw
            except ValueError:
                raise ValueError(f"{ENV_PREFIX}{name.upper()} must be a number") from None
        values.update({k: v for k, v in overrides.items() if v is not None})
        config = cls(data_dir=Path(data_dir), **values)
        config.validate()
        return config

    def validate(self) -> None:
        for name in (
            "challenge_ttl_seconds",
            "token_idle_seconds",
            "token_lifetime_seconds",
            "login_failure_window_seconds",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        if self.login_failures_per_certificate < 1 or self.login_failures_per_ip < 1:
            raise ValueError("login failure limits must be at least 1")
        if not self.challenges_per_minute > 0 or self.challenge_burst < 1 or self.max_open_challenges < 1:
            raise ValueError("challenge limits must be positive (a burst and a store of at least 1)")
        if self.public_origin is not None and not self.public_origin.startswith(("https://", "http://")):
            raise ValueError("public_origin must look like https://host:port")

    def origins(self) -> frozenset[str]:
        """The origins a login may name: the public origin, or this server's own host and port."""
        if self.public_origin:
            return frozenset({self.public_origin.rstrip("/")})
        hosts = [self.host]
        if _is_loopback_or_any(self.host):
            # The TLS certificate covers both loopback names, so both reach this server.
            hosts += ["127.0.0.1", "localhost"]
        out = set()
        for host in hosts:
            shown = f"[{host}]" if ":" in host else host
            out.add(f"https://{shown}:{self.port}")
            if self.port == 443:
                out.add(f"https://{shown}")
        return frozenset(out)


def _is_loopback_or_any(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return ip.is_loopback or ip.is_unspecified


class Clock:
    """Wall-clock time in epoch seconds, movable forward only when testing is enabled."""

    def __init__(self, source: Callable[[], float] = time.time) -> None:
        self._source = source
        self.offset = 0.0

    def now(self) -> float:
        return self._source() + self.offset


@dataclass
class StubContext:
    """What one app instance shares between requests (``request.app.state.stub``)."""

    config: StubConfig
    db: Database
    jlis: JLIS
    clock: Clock
    extras: dict[str, Any] = field(default_factory=dict)  # free for portal modules

    def now(self) -> float:
        return self.clock.now()


def get_context(request: Request) -> StubContext:
    ctx: StubContext = request.app.state.stub
    return ctx


def get_db(request: Request) -> Database:
    return get_context(request).db
