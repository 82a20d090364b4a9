"""Login by JPKI challenge-response (DESIGN.md §5), bearer sessions and the auth endpoints.

Flow: ``POST /auth/challenge`` hands out a random nonce; the client's card signs
``M = SHA-256(origin) || SHA-256(nonce)`` with the authentication key (RS256); ``POST /auth/login``
checks, in this order, the challenge (known, unexpired, unused), the origin, the chain to the
stub JPKI authentication CA (RFC 5280 path validation with JPKI's end-entity rules, see
``JLIS.verify_chain``), the validity period, revocation (the CA's signed CRL) and the signature,
then maps the certificate's SHA-256 fingerprint to a resident and opens a session.

Limits that an attacker cannot turn against a resident: challenges are handed out at a bounded
rate per source address, and a full challenge store refuses new ones (429) rather than evicting
live ones; failed logins are counted per source and per certificate. Too many failures from a
source refuse that source; failures counted against a (public) certificate only ever refuse
attempts that fail anyway, so a login whose signature verifies is never refused for them.

Tokens are 256-bit random strings; only their SHA-256 is stored. A session ends at logout, after
``token_idle_seconds`` without use, or ``token_lifetime_seconds`` after login.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import logging
import math
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from typing import Annotated, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from backend_stub.server import ApiError, ErrorCode, StubContext, get_context
from backend_stub.server.residents import ResidentRow, get_resident, resident_for_certificate

log = logging.getLogger(__name__)

LOGIN_FORMAT = "jpki-auth:1"
LOGIN_ALGORITHM = "RS256"
NONCE_BYTES = 32
JST = dt.timezone(dt.timedelta(hours=9))
# last_used_at is written at most this often per session (keeps reads from turning into writes).
_TOUCH_GRANULARITY_SECONDS = 1.0

__all__ = ["ResidentRow", "Session", "current_resident", "current_session", "router"]


def iso_jst(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch, JST).isoformat(timespec="seconds")


def _iso_moment(moment: dt.datetime) -> str:
    """A certificate or card time in JST (+09:00, as every API time), or in UTC written with "Z"
    where JST would leave the calendar (9999-12-31, the "no well-defined expiration" of RFC 5280
    §4.1.2.5), as docs/api.md says."""
    try:
        return moment.astimezone(JST).isoformat(timespec="seconds")
    except OverflowError:
        return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _iso_text(value: str | None) -> str | None:
    """A stored ISO 8601 time (J-LIS keeps UTC) as the API gives times: :func:`_iso_moment`."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value)
    return _iso_moment(moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC))


# ---------------------------------------------------------------------------------------------
# Models (they make the OpenAPI document that clients and schemathesis check against)


class ErrorBody(BaseModel):
    error: ErrorCode = Field(description="machine-readable code, e.g. challenge_expired")
    message: str


class ChallengeOut(BaseModel):
    challenge_id: str
    nonce: str = Field(description="base64 of 32 random bytes")
    expires_at: str = Field(description="ISO 8601 with offset")


# Standard base64 with its padding, as the login's fields are decoded (declared in the API document).
BASE64_SCHEMA = {"pattern": "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"}


class LoginIn(BaseModel):
    format: Literal["jpki-auth:1"] = Field(json_schema_extra={"enum": [LOGIN_FORMAT]})
    challenge_id: str
    origin: str = Field(description="scheme://host:port of this backend as the client reached it")
    certificate: str = Field(description="base64 DER of the authentication certificate", json_schema_extra=BASE64_SCHEMA)
    algorithm: Literal["RS256"] = Field(json_schema_extra={"enum": [LOGIN_ALGORITHM]})
    signature: str = Field(
        description="base64 RSASSA-PKCS1-v1_5/SHA-256 over SHA-256(origin) || SHA-256(nonce)",
        json_schema_extra=BASE64_SCHEMA,
    )


class LoginResident(BaseModel):
    display_name: str
    municipality_code: str
    municipality_name: str


class LoginOut(BaseModel):
    access_token: str
    token_type: Literal["Bearer"] = "Bearer"
    expires_in: int = Field(description="seconds until the absolute end of the session")
    idle_timeout: int = Field(description="seconds of inactivity that end the session")
    resident: LoginResident


class CertificateCheckIn(BaseModel):
    certificate: str = Field(description="base64 DER", json_schema_extra=BASE64_SCHEMA)


class CertificateCheckOut(BaseModel):
    status: Literal["valid", "expired", "revoked", "untrusted"]
    not_after: str | None = Field(description="ISO 8601 with offset")


class HouseholdMemberOut(BaseModel):
    relation: str = Field(description="spouse | child | parent | ...")
    name: str
    name_kana: str
    birth_date: str
    sex: str
    lives_together: bool


class CardOut(BaseModel):
    """The resident's current card as the municipality and J-LIS know it (the client cannot read
    the card's own 有効期限 without the 券面 AP)."""

    valid_until: str | None = Field(description="ISO 8601 with offset: the end of the card's last valid day")
    auth_not_after: str = Field(description="ISO 8601 with offset: the 利用者証明用 certificate's end")
    sign_not_after: str | None = Field(description="ISO 8601 with offset: the 署名用 certificate's end (null: the card "
                                                   "holds none, as a card issued under 15)")
    sign_lapsed_at: str | None = Field(description="ISO 8601 with offset: when the 署名用 certificate lapsed (失効), if it did")
    sign_lapse_reason: str | None = Field(description="address_change | revoked, when it lapsed")


class MeOut(BaseModel):
    display_name: str
    display_name_kana: str
    municipality_code: str
    municipality_name: str
    birth_date: str
    postal_code: str
    household: list[HouseholdMemberOut]
    card: CardOut | None = None


def _errors(*statuses: int) -> dict[int | str, dict[str, object]]:
    return {status: {"model": ErrorBody} for status in statuses}


# ---------------------------------------------------------------------------------------------
# Challenges and rate limiting (in memory: they live minutes and belong to one process)


@dataclass
class _Challenge:
    nonce: bytes
    expires_at: float
    used: bool = False


class ChallengeStoreFullError(Exception):
    """Every slot holds a live challenge: a new one must wait, none is evicted."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("challenge store full")
        self.retry_after = retry_after


class ChallengeStore:
    def __init__(self, capacity: int = 100_000) -> None:
        self._lock = threading.Lock()
        self._items: dict[str, _Challenge] = {}
        self.capacity = capacity

    def create(self, now: float, ttl: float) -> tuple[str, _Challenge]:
        """A new challenge; ChallengeStoreFullError when the store is full of live ones (a
        challenge that another resident is signing right now is never evicted)."""
        challenge_id = secrets.token_urlsafe(18)
        challenge = _Challenge(nonce=secrets.token_bytes(NONCE_BYTES), expires_at=now + ttl)
        with self._lock:
            if len(self._items) >= self.capacity:
                self._purge(now)
            if len(self._items) >= self.capacity:
                # Expired ones go first, even those kept to answer a late replay with "expired".
                for key in [k for k, c in self._items.items() if c.expires_at <= now]:
                    del self._items[key]
            if len(self._items) >= self.capacity:
                soonest = min(c.expires_at for c in self._items.values())
                raise ChallengeStoreFullError(max(1, math.ceil(soonest - now)))
            self._items[challenge_id] = challenge
        return challenge_id, challenge

    def take(self, challenge_id: str, now: float) -> tuple[str, bytes | None]:
        """Consume a challenge: ("ok", nonce) once, then "challenge_used"; or unknown/expired."""
        with self._lock:
            if len(self._items) > 1000 and secrets.randbelow(100) == 0:
                self._purge(now)
            challenge = self._items.get(challenge_id)
            if challenge is None:
                return "challenge_unknown", None
            if now >= challenge.expires_at:
                return "challenge_expired", None
            if challenge.used:
                return "challenge_used", None
            challenge.used = True
            return "ok", challenge.nonce

    def _purge(self, now: float) -> None:
        # Keep expired entries for a while so a late replay still reads "expired", not "unknown".
        horizon = now - 3600
        for key in [k for k, c in self._items.items() if c.expires_at < horizon]:
            del self._items[key]


class IssueRateLimiter:
    """A token bucket per source address: ``burst`` challenges at once, then ``per_minute``."""

    def __init__(self, per_minute: float, burst: int) -> None:
        self._lock = threading.Lock()
        self._rate = per_minute / 60.0
        self._burst = float(burst)
        self._buckets: dict[str, tuple[float, float]] = {}  # source -> (tokens, at)

    def take(self, source: str, now: float) -> int | None:
        """Spend one token of ``source``: None if it had one, else the seconds until it has."""
        with self._lock:
            tokens, at = self._buckets.get(source, (self._burst, now))
            tokens = min(self._burst, tokens + max(0.0, now - at) * self._rate)
            if tokens < 1.0:
                self._buckets[source] = (tokens, now)
                return max(1, math.ceil((1.0 - tokens) / self._rate)) if self._rate > 0 else 60
            self._buckets[source] = (tokens - 1.0, now)
            if len(self._buckets) > 10_000:
                self._forget_full(now)
            return None

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled is the same as no bucket: keeps memory bounded.
        for key, (tokens, at) in list(self._buckets.items()):
            if tokens + (now - at) * self._rate >= self._burst:
                del self._buckets[key]


class FailureLimiter:
    """Sliding-window count of failed logins per key ("ip:…", "cert:…")."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def _window(self, key: str, now: float, window: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def retry_after(self, limits: dict[str, int], now: float, window: float) -> int | None:
        """Seconds to wait if any key reached its limit, else None."""
        wait = 0.0
        with self._lock:
            for key, limit in limits.items():
                times = self._window(key, now, window)
                if times is not None and len(times) >= limit:
                    wait = max(wait, times[len(times) - limit] + window - now)
        return max(1, math.ceil(wait)) if wait > 0 else None

    def record(self, keys: list[str], now: float) -> None:
        with self._lock:
            for key in keys:
                self._failures.setdefault(key, deque()).append(now)


def auth_state(ctx: StubContext) -> tuple[ChallengeStore, FailureLimiter]:
    if "auth.challenges" not in ctx.extras:
        ctx.extras["auth.challenges"] = ChallengeStore(ctx.config.max_open_challenges)
        ctx.extras["auth.limiter"] = FailureLimiter()
        ctx.extras["auth.issue_limiter"] = IssueRateLimiter(
            ctx.config.challenges_per_minute, ctx.config.challenge_burst
        )
    return ctx.extras["auth.challenges"], ctx.extras["auth.limiter"]


def client_source(request: Request) -> str:
    """The address a request came from: the TCP peer, unless the server was told to trust a proxy
    (``mynastub serve --trusted-proxy``), whose forwarded address uvicorn then puts here."""
    return request.client.host if request.client else "unknown"


# ---------------------------------------------------------------------------------------------
# Sessions


@dataclass(frozen=True)
class Session:
    token_hash: str
    resident: ResidentRow
    created_at: float
    expires_at: float


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(ctx: StubContext, resident_id: str) -> tuple[str, float]:
    token = secrets.token_urlsafe(32)
    now = ctx.now()
    expires_at = now + ctx.config.token_lifetime_seconds
    with ctx.db.transaction() as conn:
        # Forget sessions long past their end.
        conn.execute("DELETE FROM sessions WHERE expires_at < ?", (now - 86400,))
        conn.execute(
            "INSERT INTO sessions (token_hash, resident_id, created_at, last_used_at, expires_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (_hash_token(token), resident_id, now, now, expires_at),
        )
    return token, expires_at


_bearer = HTTPBearer(auto_error=False, description="the access_token from POST /auth/login")


async def current_session(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Session:
    """Authenticate the bearer token (401 ``token_invalid`` / ``token_expired``).

    ``async`` so that it runs on the event loop: it is two indexed lookups (and at most one
    one-row update), far cheaper than a hop to the thread pool, which every authenticated
    request would otherwise pay once more before its endpoint.
    """
    challenge_header = {"WWW-Authenticate": "Bearer"}
    if credentials is None or not credentials.credentials:
        raise ApiError(401, "token_invalid", "missing or malformed bearer token", challenge_header)
    ctx = get_context(request)
    token_hash = _hash_token(credentials.credentials)
    row = ctx.db.query_one(
        "SELECT resident_id, created_at, last_used_at, expires_at FROM sessions WHERE token_hash = ?",
        (token_hash,),
    )
    if row is None:
        raise ApiError(401, "token_invalid", "unknown or ended session", challenge_header)
    now = ctx.now()
    if now >= row["expires_at"] or now - row["last_used_at"] >= ctx.config.token_idle_seconds:
        raise ApiError(401, "token_expired", "the session has expired; log in again", challenge_header)
    if now - row["last_used_at"] >= _TOUCH_GRANULARITY_SECONDS:
        ctx.db.execute(
            "UPDATE sessions SET last_used_at = max(last_used_at, ?) WHERE token_hash = ?",
            (now, token_hash),
        )
    resident = get_resident(ctx.db, row["resident_id"])
    if resident is None:
        raise ApiError(401, "token_invalid", "unknown or ended session", challenge_header)
    return Session(token_hash, resident, row["created_at"], row["expires_at"])


async def current_resident(session: Annotated[Session, Depends(current_session)]) -> ResidentRow:
    """FastAPI dependency for resident resources: the token's resident, or 401."""
    return session.resident


# ---------------------------------------------------------------------------------------------
# Certificate checks shared by login and /certificates/check


def _b64decode(value: str, what: str) -> bytes:
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ApiError(400, "bad_request", f"{what} is not valid base64") from None


def _parse_certificate(der: bytes) -> x509.Certificate:
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        raise ApiError(400, "bad_request", "certificate is not a DER X.509 certificate") from None


def _within_validity(cert: x509.Certificate, now: float) -> bool:
    moment = dt.datetime.fromtimestamp(now, dt.UTC)
    return cert.not_valid_before_utc <= moment <= cert.not_valid_after_utc


def certificate_status(ctx: StubContext, cert: x509.Certificate, which: str, now: float) -> str | None:
    """None for a certificate of that J-LIS CA that is valid now and not revoked; else the login
    contract's code, in its order: untrusted_certificate, certificate_expired, certificate_revoked."""
    if not ctx.jlis.verify_chain(cert, which):  # type: ignore[arg-type]
        return "untrusted_certificate"
    if not _within_validity(cert, now):
        return "certificate_expired"
    if ctx.jlis.is_revoked(cert):
        return "certificate_revoked"
    return None


def signed_message(origin: str, nonce: bytes) -> bytes:
    """M = SHA-256(origin) || SHA-256(nonce), what the card signs (DESIGN.md §5)."""
    return hashlib.sha256(origin.encode("utf-8")).digest() + hashlib.sha256(nonce).digest()


def _signature_ok(cert: x509.Certificate, message: bytes, signature: bytes) -> bool:
    key = cert.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Endpoints

router = APIRouter(tags=["auth"])


@router.post("/auth/challenge", response_model=ChallengeOut, responses=_errors(429))
async def create_challenge(request: Request) -> ChallengeOut:  # in memory only: no thread pool hop
    ctx = get_context(request)
    challenges, _ = auth_state(ctx)
    now = ctx.now()
    wait = ctx.extras["auth.issue_limiter"].take(client_source(request), now)
    if wait is not None:
        raise ApiError(
            429, "rate_limited", "too many challenges from this address; try again later",
            {"Retry-After": str(wait)},
        )
    try:
        challenge_id, challenge = challenges.create(now, ctx.config.challenge_ttl_seconds)
    except ChallengeStoreFullError as exc:
        raise ApiError(
            429, "rate_limited", "the server is busy; try again later", {"Retry-After": str(exc.retry_after)}
        ) from None
    return ChallengeOut(
        challenge_id=challenge_id,
        nonce=base64.b64encode(challenge.nonce).decode("ascii"),
        expires_at=iso_jst(challenge.expires_at),
    )


@router.post("/auth/login", response_model=LoginOut, responses=_errors(400, 401, 429))
async def login(body: LoginIn, request: Request) -> LoginOut:
    ctx = get_context(request)
    challenges, limiter = auth_state(ctx)
    now = ctx.now()
    # The challenge is spent by this attempt whatever its outcome.
    challenge_state, nonce = challenges.take(body.challenge_id, now)

    source_key = f"ip:{client_source(request)}"
    cert_der: bytes | None = None
    with contextlib.suppress(binascii.Error, UnicodeEncodeError, ValueError):
        cert_der = base64.b64decode(body.certificate.encode("ascii"), validate=True)
    cert_key = f"cert:{hashlib.sha256(cert_der).hexdigest()}" if cert_der else None
    window = ctx.config.login_failure_window_seconds

    try:
        resident = _check_login(ctx, body, challenge_state, nonce, cert_der, now)
    except ApiError:
        # Failures counted against the source, or against the certificate (which is public: anyone
        # can send it), turn a failing attempt into 429, never a login that verifies, which ends up
        # below instead: a kiosk or an office behind one address is one source for every resident
        # using it, and someone else's failures there must not refuse the next resident's card.
        limits = {source_key: ctx.config.login_failures_per_ip}
        if cert_key:
            limits[cert_key] = ctx.config.login_failures_per_certificate
        wait = limiter.retry_after(limits, now, window)
        if wait is not None:
            # Not counted again: a flood past the limit must not grow what the server keeps.
            raise _rate_limited(wait) from None
        limiter.record([source_key, *([cert_key] if cert_key else [])], now)
        raise
    token, expires_at = open_session(ctx, resident.id)
    log.info("login succeeded for a resident of %s", resident.municipality_code)
    return LoginOut(
        access_token=token,
        expires_in=math.floor(expires_at - now),
        idle_timeout=math.floor(ctx.config.token_idle_seconds),
        resident=LoginResident(
            display_name=resident.name,
            municipality_code=resident.municipality_code,
            municipality_name=resident.municipality_name,
        ),
    )


def _rate_limited(wait: int) -> ApiError:
    return ApiError(429, "rate_limited", "too many failed logins; try again later", {"Retry-After": str(wait)})


def _check_login(
    ctx: StubContext,
    body: LoginIn,
    challenge_state: str,
    nonce: bytes | None,
    cert_der: bytes | None,
    now: float,
) -> ResidentRow:
    if body.format != LOGIN_FORMAT:
        raise ApiError(400, "bad_request", f"format must be {LOGIN_FORMAT!r}")
    if body.algorithm != LOGIN_ALGORITHM:
        raise ApiError(400, "bad_request", f"algorithm must be {LOGIN_ALGORITHM!r}")
    if cert_der is None:
        raise ApiError(400, "bad_request", "certificate is not valid base64")
    cert = _parse_certificate(cert_der)
    signature = _b64decode(body.signature, "signature")

    if challenge_state != "ok" or nonce is None:
        messages = {
            "challenge_unknown": "no such challenge; request a new one",
            "challenge_expired": "the challenge has expired; request a new one",
            "challenge_used": "the challenge was already used; request a new one",
        }
        raise ApiError(401, challenge_state, messages[challenge_state])
    if body.origin not in ctx.config.origins():
        raise ApiError(401, "origin_mismatch", "origin does not name this server")
    status = certificate_status(ctx, cert, "auth", now)
    if status is not None:
        messages = {
            "untrusted_certificate": "certificate is not a JPKI authentication certificate of this service's CA",
            "certificate_expired": "certificate is outside its validity period",
            "certificate_revoked": "certificate has been revoked",
        }
        raise ApiError(401, status, messages[status])
    if not _signature_ok(cert, signed_message(body.origin, nonce), signature):
        raise ApiError(401, "invalid_signature", "signature does not verify")
    resident = resident_for_certificate(ctx.db, cert, "auth", ctx.jlis)
    if resident is None:
        raise ApiError(401, "unknown_certificate", "certificate belongs to no resident of this service")
    return resident


@router.post("/auth/logout", status_code=204, response_class=Response, responses=_errors(401))
async def logout(session: Annotated[Session, Depends(current_session)], request: Request) -> Response:
    get_context(request).db.execute("DELETE FROM sessions WHERE token_hash = ?", (session.token_hash,))
    return Response(status_code=204)


@router.post("/certificates/check", response_model=CertificateCheckOut, responses=_errors(400))
def check_certificate(body: CertificateCheckIn, request: Request) -> CertificateCheckOut:
    ctx = get_context(request)
    cert = _parse_certificate(_b64decode(body.certificate, "certificate"))
    not_after = _iso_moment(cert.not_valid_after_utc)
    now = ctx.now()
    outcomes = [certificate_status(ctx, cert, which, now) for which in ("auth", "sign")]
    # The CA it chains to decides; a certificate of neither is untrusted.
    status = next((o for o in outcomes if o != "untrusted_certificate"), "untrusted_certificate")
    verdicts: dict[str | None, Literal["valid", "expired", "revoked", "untrusted"]] = {
        None: "valid",
        "certificate_expired": "expired",
        "certificate_revoked": "revoked",
        "untrusted_certificate": "untrusted",
    }
    return CertificateCheckOut(status=verdicts[status], not_after=not_after)


@router.get("/me", response_model=MeOut, responses=_errors(401))
def me(resident: Annotated[ResidentRow, Depends(current_resident)], request: Request) -> MeOut:
    try:
        facts = get_context(request).jlis.card_facts(resident.id)
        card: CardOut | None = CardOut(**{
            key: value if key == "sign_lapse_reason" else _iso_text(value) for key, value in facts.items()})
    except (OSError, ValueError):
        card = None  # no card issued by this J-LIS
    return MeOut(
        card=card,
        display_name=resident.name,
        display_name_kana=resident.name_kana,
        municipality_code=resident.municipality_code,
        municipality_name=resident.municipality_name,
        birth_date=resident.birth_date.isoformat(),
        postal_code=resident.postal_code,
        household=[
            HouseholdMemberOut(
                relation=m.relation,
                name=m.name,
                name_kana=m.name_kana,
                birth_date=m.birth_date.isoformat(),
                sex=m.sex,
                lives_together=m.lives_together,
            )
            for m in resident.household
        ],
    )
