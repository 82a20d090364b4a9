"""The login use case (DESIGN.md §5): nonce-and-origin challenge–response with the card's
利用者証明用電子証明書.

The UI drives it in this order:

1. read the authentication certificate (no PIN needed) and the PIN tries left;
2. let the resident enter the PIN and check its format (app/card), so a typo costs no try
   and no challenge;
3. only then :meth:`LoginFlow.fetch_challenge` — a challenge lives 5 minutes, so it is fetched
   after the PIN is entered and cannot expire while the resident types;
4. have the card sign :attr:`PreparedLogin.digest_info` (the DigestInfo of SHA-256(M), where
   M = SHA-256(origin) || SHA-256(nonce)) with the authentication key;
5. :meth:`LoginFlow.login` → :class:`~app.session.Session`.

:meth:`LoginFlow.run` / :meth:`LoginFlow.run_async` do 1 and 3–5 with an :class:`AuthSigner`
that holds the PIN (this module never sees it). A failed login is never retried here: every
attempt needs a fresh challenge and a fresh signature, so the UI decides (see
``AuthError.fresh_challenge_helps``). Errors: ``AuthError(code)`` for each login code of
docs/api.md, ``RateLimited``, the transport errors of :mod:`app.portal.errors`, and whatever
the signer raises (card errors), unchanged.

Origin rule: :func:`app.portal.client.origin_of` of the backend URL — lower-case scheme and host,
port written unless it is the scheme's default. The client signs exactly the origin string it
sends in the login body.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Protocol

from app.card.jpki import MyNumberCard, digest_info_sha256
from app.card.pin import PinKind, validate_pin
from app.card.worker import CardWorker
from app.portal import models as m
from app.portal.client import PortalClient, origin_of
from app.session import Session


def build_login_message(origin: str, nonce: bytes) -> bytes:
    """M = SHA-256(origin as UTF-8) || SHA-256(nonce bytes): 64 bytes."""
    return hashlib.sha256(origin.encode("utf-8")).digest() + hashlib.sha256(nonce).digest()


def login_digest_info(message: bytes) -> bytes:
    """The DigestInfo of SHA-256(``message``): what the card signs with RSASSA-PKCS1-v1_5."""
    return digest_info_sha256(hashlib.sha256(message).digest())


class AuthSigner(Protocol):
    """The card's authentication key, PIN already in hand (held by the caller, not by the flow)."""

    def certificate(self) -> bytes:
        """DER of the 利用者証明用電子証明書."""
        ...

    def sign(self, digest_info: bytes) -> bytes:
        """RSASSA-PKCS1-v1_5 signature over a ready DigestInfo."""
        ...


class AsyncAuthSigner(Protocol):
    """:class:`AuthSigner` for the GUI, whose card calls run on the card worker."""

    def certificate(self) -> Awaitable[bytes]: ...

    def sign(self, digest_info: bytes) -> Awaitable[bytes]: ...


@dataclass(frozen=True)
class PreparedLogin:
    """A fetched challenge and what the card must sign for it."""

    challenge: m.Challenge
    origin: str
    message: bytes = field(repr=False)
    digest_info: bytes = field(repr=False)


class LoginFlow:
    """Step functions for one login against ``client``'s backend."""

    def __init__(self, client: PortalClient, *, origin: str | None = None) -> None:
        self._client = client
        #: The origin signed and sent; defaults to the client's backend origin.
        self.origin = origin_of(origin) if origin is not None else client.origin

    # -- steps -----------------------------------------------------------------------------

    def fetch_challenge(self) -> PreparedLogin:
        """``POST /auth/challenge``; call it only once the PIN is entered and format-checked."""
        challenge = self._client.create_challenge()
        return self.prepare(challenge)

    def prepare(self, challenge: m.Challenge) -> PreparedLogin:
        message = build_login_message(self.origin, challenge.nonce)
        return PreparedLogin(challenge, self.origin, message, login_digest_info(message))

    def login(self, prepared: PreparedLogin, *, certificate: bytes, signature: bytes) -> Session:
        """``POST /auth/login`` with the card's certificate and signature; on success the client
        sends the new token and the returned :class:`Session` owns it."""
        result = self._client.login(
            challenge_id=prepared.challenge.challenge_id,
            origin=prepared.origin,
            certificate=certificate,
            signature=signature,
        )
        return self._session(result, certificate)

    def _session(self, result: m.LoginResult, certificate: bytes) -> Session:
        session = Session(
            result.access_token,
            expires_in=result.expires_in,
            idle_timeout=result.idle_timeout,
            resident=result.resident,
            certificate_fingerprint=hashlib.sha256(certificate).digest(),
        )
        client = self._client
        client.set_token(result.access_token)
        token = result.access_token
        session.add_listener(lambda _reason: client.drop_token(token))
        return session

    # -- whole flow ------------------------------------------------------------------------

    def run(self, signer: AuthSigner) -> Session:
        """Certificate, then challenge, then signature, then login (blocking)."""
        certificate = signer.certificate()
        prepared = self.fetch_challenge()
        signature = signer.sign(prepared.digest_info)
        return self.login(prepared, certificate=certificate, signature=signature)

    async def run_async(self, signer: AuthSigner | AsyncAuthSigner) -> Session:
        """:meth:`run` for the GUI: HTTP on the client's pool, card calls as the signer makes them
        (coroutines are awaited; plain methods are called on the client's pool)."""
        certificate = await self._signer_call(signer.certificate)
        prepared = await self._client.run(self.fetch_challenge)
        signature = await self._signer_call(signer.sign, prepared.digest_info)
        return await self._client.run(self.login, prepared, certificate=certificate, signature=signature)

    async def _signer_call(self, fn: Callable[..., object], *args: bytes) -> bytes:
        if inspect.iscoroutinefunction(fn):
            result = await fn(*args)
        else:
            result = await self._client.run(fn, *args)
            if inspect.isawaitable(result):
                result = await result
        if not isinstance(result, bytes):
            raise TypeError("the signer must return bytes")
        return result


class CardAuthSigner:
    """:class:`AuthSigner` over a :class:`~app.card.jpki.MyNumberCard` and the PIN just entered.

    The PIN's format is checked here, before anything reaches the card or the backend (a typo
    costs neither a try nor a challenge): ``PinFormatError`` from app.card. The signer is
    single-use: after one :meth:`sign` it forgets the PIN, so a failed login can never be
    retried with it behind the resident's back.
    """

    def __init__(self, card: MyNumberCard, pin: str) -> None:
        self._card = card
        self._pin: str | None = validate_pin(PinKind.AUTH, pin)

    def __repr__(self) -> str:
        return f"<CardAuthSigner used={self._pin is None}>"

    @property
    def used(self) -> bool:
        return self._pin is None

    def certificate(self) -> bytes:
        # Refused once used, so that a reused signer fails before a challenge is spent.
        self._check_unused()
        return self._card.read_auth_certificate()

    def sign(self, digest_info: bytes) -> bytes:
        self._check_unused()
        pin, self._pin = self._pin, None
        assert pin is not None
        return self._card.sign(PinKind.AUTH, pin, digest_info)

    def _check_unused(self) -> None:
        if self._pin is None:
            raise RuntimeError("this signer was used already; ask the resident for the PIN again")


class WorkerCardAuthSigner:
    """:class:`AsyncAuthSigner` for the GUI: :class:`CardAuthSigner` with every card call on the
    serial :class:`~app.card.worker.CardWorker`."""

    def __init__(self, worker: CardWorker, card: MyNumberCard, pin: str) -> None:
        self._worker = worker
        self._signer = CardAuthSigner(card, pin)

    def __repr__(self) -> str:
        return f"<WorkerCardAuthSigner {self._signer!r}>"

    async def certificate(self) -> bytes:
        return await self._worker.run(self._signer.certificate)

    async def sign(self, digest_info: bytes) -> bytes:
        return await self._worker.run(self._signer.sign, digest_info)
