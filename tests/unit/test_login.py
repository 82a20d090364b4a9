"""The login use case: message bytes, step order, PIN handling, error mapping, the real card path."""

from __future__ import annotations

import asyncio
import base64
import hashlib
from collections.abc import Iterator

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from app.card.errors import PinFormatError
from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.card.worker import CardWorker
from app.login import (
    CardAuthSigner,
    LoginFlow,
    WorkerCardAuthSigner,
    build_login_message,
    login_digest_info,
)
from app.portal import AuthError, AuthErrorCode, PortalClient, RateLimited
from backend_stub.jlis import CardProfile
from tests.fixtures.card import make_card
from tests.unit.test_portal_support import (
    FakeBackend,
    Reply,
    Seen,
    TlsFiles,
    challenge,
    error,
    login_ok,
    reply,
    tls_files,
)

NONCE = bytes(range(32))


def test_login_message_is_sha256_origin_then_sha256_nonce() -> None:
    m = build_login_message("https://127.0.0.1:8443", NONCE)
    assert m.hex() == (
        "f376fb01ea06514b3c51c12cac5734e254a34900417e2b709c284a5081ffb139"
        "630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
    )


def test_the_card_gets_the_digest_info_of_sha256_of_m() -> None:
    di = login_digest_info(build_login_message("https://127.0.0.1:8443", NONCE))
    assert di.hex() == (
        "3031300d060960864801650304020105000420"
        "bea5581610cf198078937dd3b7b23a48a4078bdb6c2bc8f251674c668fad3739"
    )


# -- against a fake backend that checks signatures like the real one -------------------------------


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return tls_files(str(tmp_path_factory.mktemp("tls")))


@pytest.fixture
def backend(tls: TlsFiles) -> Iterator[FakeBackend]:
    b = FakeBackend(tls)
    yield b
    b.close()


@pytest.fixture
def client(backend: FakeBackend, tls: TlsFiles) -> Iterator[PortalClient]:
    c = PortalClient(backend.url, str(tls.ca_a), timeout=(2.0, 2.0), sleep=lambda _s: None)
    yield c
    c.close()


def verifying_login(backend: FakeBackend, origin: str, events: list[str] | None = None) -> None:
    """Scripts challenge + login; the login verifies the signature over M for the issued nonce."""

    def on_challenge(_seen: Seen) -> Reply:
        if events is not None:
            events.append("challenge")
        return reply(200, challenge(NONCE))

    def on_login(seen: Seen) -> Reply:
        if events is not None:
            events.append("login")
        body = seen.json()
        assert isinstance(body, dict)
        if body["origin"] != origin:
            return error(401, "origin_mismatch")
        cert = x509.load_der_x509_certificate(base64.b64decode(body["certificate"]))
        key = cert.public_key()
        assert isinstance(key, rsa.RSAPublicKey)
        try:
            key.verify(
                base64.b64decode(body["signature"]),
                build_login_message(body["origin"], NONCE),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except InvalidSignature:
            return error(401, "invalid_signature")
        return reply(200, login_ok("tok-" + "z" * 40))

    backend.on("POST", "/auth/challenge", on_challenge)
    backend.on("POST", "/auth/login", on_login)


def card_signer(profile: CardProfile, pin: str = "1234") -> CardAuthSigner:
    vc = make_card(profile)
    return CardAuthSigner(MyNumberCard(CallableTransport(vc.transmit, vc.atr)), pin)


def test_login_with_the_virtual_card_yields_a_session(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    verifying_login(backend, client.origin)
    session = LoginFlow(client).run(card_signer(demo_profile))
    assert session.resident.display_name == "佐藤 花子"
    assert client.has_token
    assert "z" * 40 not in repr(session)
    der = demo_profile.auth_cert.public_bytes(Encoding.DER)
    assert session.certificate_fingerprint == hashlib.sha256(der).digest()


def test_a_malformed_pin_costs_neither_a_try_nor_a_challenge(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    vc = make_card(demo_profile)
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr))
    with pytest.raises(PinFormatError):
        LoginFlow(client).run(CardAuthSigner(card, "12a4"))
    assert backend.seen == []
    assert vc.apdu_count == 0


def test_steps_run_certificate_then_challenge_then_signature_then_login(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    events: list[str] = []
    verifying_login(backend, client.origin, events)
    inner = card_signer(demo_profile)

    class Recording:
        def certificate(self) -> bytes:
            events.append("certificate")
            return inner.certificate()

        def sign(self, digest_info: bytes) -> bytes:
            events.append("sign")
            return inner.sign(digest_info)

    LoginFlow(client).run(Recording())
    assert events == ["certificate", "challenge", "sign", "login"]


def test_a_failed_login_is_not_retried_and_the_signer_cannot_be_reused(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    backend.on("POST", "/auth/challenge", reply(200, challenge(NONCE)))
    backend.on("POST", "/auth/login", error(401, "challenge_used"))
    signer = card_signer(demo_profile)
    flow = LoginFlow(client)
    with pytest.raises(AuthError) as info:
        flow.run(signer)
    assert info.value.code is AuthErrorCode.CHALLENGE_USED
    assert info.value.fresh_challenge_helps
    assert not info.value.card_problem
    assert len(backend.requests_to("/auth/login")) == 1
    with pytest.raises(RuntimeError, match="PIN again"):
        flow.run(signer)
    assert len(backend.requests_to("/auth/challenge")) == 1  # the reuse spent no challenge
    assert not client.has_token


def test_signature_for_another_origin_is_refused_by_the_server(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    verifying_login(backend, client.origin)
    flow = LoginFlow(client, origin="https://portal.example.jp")
    with pytest.raises(AuthError) as info:
        flow.run(card_signer(demo_profile))
    assert info.value.code is AuthErrorCode.ORIGIN_MISMATCH


@pytest.mark.parametrize(
    ("code", "card_problem"),
    [("certificate_revoked", True), ("certificate_expired", True), ("unknown_certificate", True),
     ("untrusted_certificate", True), ("invalid_signature", False), ("origin_mismatch", False)],
)
def test_login_errors_tell_the_ui_whether_the_card_is_the_problem(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile, code: str, card_problem: bool
) -> None:
    backend.on("POST", "/auth/challenge", reply(200, challenge(NONCE)))
    backend.on("POST", "/auth/login", error(401, code))
    with pytest.raises(AuthError) as info:
        LoginFlow(client).run(card_signer(demo_profile))
    assert info.value.card_problem is card_problem
    assert not info.value.fresh_challenge_helps


def test_rate_limited_login_surfaces_retry_after(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    backend.on("POST", "/auth/challenge", reply(200, challenge(NONCE)))
    backend.on("POST", "/auth/login", error(429, "rate_limited", {"Retry-After": "120"}))
    with pytest.raises(RateLimited) as info:
        LoginFlow(client).run(card_signer(demo_profile))
    assert info.value.retry_after == 120


def test_a_challenge_with_a_short_nonce_is_refused(client: PortalClient, backend: FakeBackend) -> None:
    from app.portal import MalformedResponse

    backend.on("POST", "/auth/challenge", reply(200, challenge(b"short")))
    with pytest.raises(MalformedResponse, match="nonce"):
        LoginFlow(client).fetch_challenge()


def test_async_login_through_the_card_worker(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    verifying_login(backend, client.origin)
    vc = make_card(demo_profile)
    card = MyNumberCard(CallableTransport(vc.transmit, vc.atr))

    async def main() -> str:
        with CardWorker() as worker:
            session = await LoginFlow(client).run_async(WorkerCardAuthSigner(worker, card, "1234"))
        return session.resident.municipality_code

    assert asyncio.run(main()) == "112305"
    assert client.has_token


def test_session_expiry_drops_the_clients_token(
    client: PortalClient, backend: FakeBackend, demo_profile: CardProfile
) -> None:
    verifying_login(backend, client.origin)
    session = LoginFlow(client).run(card_signer(demo_profile))
    session.expire("token_expired")
    assert not client.has_token
