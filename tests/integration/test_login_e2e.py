"""End to end: PortalClient + LoginFlow + the in-process virtual card (through app/card) against
the real stub server over HTTPS. Every server-side login failure surfaces as its typed error."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from app.card.jpki import MyNumberCard
from app.card.transport import CallableTransport
from app.card.worker import CardWorker
from app.history import HistoryPager
from app.login import CardAuthSigner, LoginFlow, WorkerCardAuthSigner
from app.portal import AuthError, AuthErrorCode, PortalClient, SessionExpired, TlsError
from app.portal.models import CertificateStatus
from app.session import SessionGuard
from backend_stub.jlis import JLIS, CardProfile
from tests.fixtures.card import holder, make_card
from tests.fixtures.stub import StubServer, start_stub_server
from tests.unit.test_portal_support import tls_files

pytestmark = pytest.mark.integration

RESIDENT = "r01"


def card_for(profile: CardProfile) -> MyNumberCard:
    vc = make_card(profile)
    return MyNumberCard(CallableTransport(vc.transmit, vc.atr))


class KeySigner:
    """An AuthSigner over a bare key and certificate (for certificates no card holds)."""

    def __init__(self, cert_der: bytes, key: rsa.RSAPrivateKey, *, tamper: bool = False) -> None:
        self.cert_der, self.key, self.tamper = cert_der, key, tamper

    def certificate(self) -> bytes:
        return self.cert_der

    def sign(self, digest_info: bytes) -> bytes:
        # The card pads the DigestInfo itself; reproduce that with a raw PKCS#1 v1.5 signature
        # over the digest (Prehashed) so the test signer behaves like the card.
        from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

        digest = digest_info[-32:]
        if self.tamper:
            digest = bytes(b ^ 0xFF for b in digest)
        return self.key.sign(digest, padding.PKCS1v15(), Prehashed(hashes.SHA256()))


@pytest.fixture
def client(stub_server: StubServer) -> Iterator[PortalClient]:
    c = PortalClient(stub_server.url, str(stub_server.ca_file))
    yield c
    c.close()


@pytest.fixture(scope="module")
def jlis_of(stub_server: StubServer) -> JLIS:
    return JLIS(stub_server.data_dir)


def test_login_me_history_and_logout(stub_server: StubServer, client: PortalClient, jlis_of: JLIS) -> None:
    profile = jlis_of.load_card(RESIDENT)
    session = LoginFlow(client).run(CardAuthSigner(card_for(profile), profile.auth_pin))
    guard = SessionGuard(client, session)
    assert session.resident.display_name == "山田 花子"
    me = guard.call(client.me)
    assert me.municipality_code == "112305"
    assert any(h.relation == "child" for h in me.household)
    pager = HistoryPager(client, page_size=20)
    first = guard.call(pager.fetch_next)
    assert first is not None
    assert pager.total is not None
    assert len(pager) == min(20, pager.total)
    token = session.token
    assert guard.logout() is True
    # The old token is dead at the server, not just forgotten here.
    with PortalClient(stub_server.url, str(stub_server.ca_file), session_token=token) as replay:
        with pytest.raises(SessionExpired) as info:
            replay.me()
        assert info.value.code == "token_invalid"


def test_async_login_through_the_card_worker(client: PortalClient, jlis_of: JLIS) -> None:
    profile = jlis_of.load_card("r02")
    card = card_for(profile)

    async def main() -> str:
        with CardWorker() as worker:
            session = await LoginFlow(client).run_async(WorkerCardAuthSigner(worker, card, profile.auth_pin))
        me = await client.run(client.me)
        assert me.display_name == session.resident.display_name
        await client.run(client.logout)
        return session.resident.municipality_code

    assert asyncio.run(main())


def test_wrong_origin_is_origin_mismatch(client: PortalClient, jlis_of: JLIS) -> None:
    profile = jlis_of.load_card(RESIDENT)
    flow = LoginFlow(client, origin="https://portal.example.jp")
    with pytest.raises(AuthError) as info:
        flow.run(CardAuthSigner(card_for(profile), profile.auth_pin))
    assert info.value.code is AuthErrorCode.ORIGIN_MISMATCH


def test_localhost_and_127_0_0_1_are_both_this_servers_origin(stub_server: StubServer, jlis_of: JLIS) -> None:
    url = stub_server.url.replace("127.0.0.1", "localhost")
    with PortalClient(url, str(stub_server.ca_file)) as c:
        profile = jlis_of.load_card(RESIDENT)
        session = LoginFlow(c).run(CardAuthSigner(card_for(profile), profile.auth_pin))
        assert not session.is_expired
        c.logout()


def test_replayed_login_is_challenge_used(client: PortalClient, jlis_of: JLIS) -> None:
    profile = jlis_of.load_card(RESIDENT)
    signer = CardAuthSigner(card_for(profile), profile.auth_pin)
    flow = LoginFlow(client)
    cert = signer.certificate()
    prepared = flow.fetch_challenge()
    signature = signer.sign(prepared.digest_info)
    flow.login(prepared, certificate=cert, signature=signature)
    client.logout()
    with pytest.raises(AuthError) as info:
        flow.login(prepared, certificate=cert, signature=signature)
    assert info.value.code is AuthErrorCode.CHALLENGE_USED


def test_unknown_challenge(client: PortalClient, jlis_of: JLIS) -> None:
    from dataclasses import replace

    profile = jlis_of.load_card(RESIDENT)
    flow = LoginFlow(client)
    prepared = flow.fetch_challenge()
    forged = flow.prepare(replace(prepared.challenge, challenge_id="no-such-challenge"))
    signer = CardAuthSigner(card_for(profile), profile.auth_pin)
    cert = signer.certificate()
    with pytest.raises(AuthError) as info:
        flow.login(forged, certificate=cert, signature=signer.sign(forged.digest_info))
    assert info.value.code is AuthErrorCode.CHALLENGE_UNKNOWN


def test_tampered_signature_is_invalid_signature(client: PortalClient, jlis_of: JLIS) -> None:
    profile = jlis_of.load_card(RESIDENT)
    signer = KeySigner(profile.auth_cert.public_bytes(Encoding.DER), profile.auth_key, tamper=True)
    with pytest.raises(AuthError) as info:
        LoginFlow(client).run(signer)
    assert info.value.code is AuthErrorCode.INVALID_SIGNATURE


def test_card_from_another_ca_is_untrusted(client: PortalClient) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Not JPKI")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256())
    )
    with pytest.raises(AuthError) as info:
        LoginFlow(client).run(KeySigner(cert.public_bytes(Encoding.DER), key))
    assert info.value.code is AuthErrorCode.UNTRUSTED_CERTIFICATE
    assert info.value.card_problem


def test_expired_card_is_certificate_expired(client: PortalClient, jlis_of: JLIS) -> None:
    now = datetime.datetime.now(datetime.UTC)
    profile = jlis_of.issue_card(
        holder("e2e-expired"), auth_pin="1234", sign_pin="ABC123", kenhojo_pin="1234",
        not_before=now - datetime.timedelta(days=400), not_after=now - datetime.timedelta(days=1),
    )
    with pytest.raises(AuthError) as info:
        LoginFlow(client).run(CardAuthSigner(card_for(profile), "1234"))
    assert info.value.code is AuthErrorCode.CERTIFICATE_EXPIRED
    assert client.check_certificate(profile.auth_cert.public_bytes(Encoding.DER)).status is CertificateStatus.EXPIRED


def test_valid_card_of_no_resident_is_unknown_certificate(client: PortalClient, jlis_of: JLIS) -> None:
    profile = jlis_of.issue_card(holder("e2e-stranger"), auth_pin="1234", sign_pin="ABC123", kenhojo_pin="1234")
    with pytest.raises(AuthError) as info:
        LoginFlow(client).run(CardAuthSigner(card_for(profile), "1234"))
    assert info.value.code is AuthErrorCode.UNKNOWN_CERTIFICATE


def test_stub_certificate_with_another_ca_file_is_a_tls_error(stub_server: StubServer, tmp_path: Path) -> None:
    other_ca = tls_files(str(tmp_path)).ca_b
    with PortalClient(stub_server.url, str(other_ca)) as c, pytest.raises(TlsError):
        c.health()


# -- on a private server: revocation and the server clock ----------------------------------------


@pytest.fixture(scope="module")
def private_stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StubServer]:
    base = tmp_path_factory.mktemp("stub-private")
    server = start_stub_server(
        base / "data", "--testing-clock", "--login-failures-per-ip", "100000", log_dir=base
    )
    yield server
    server.stop()


def _advance(stub: StubServer, seconds: float) -> None:
    from tests.fixtures.stub import stub_client

    with stub_client(stub) as http:
        assert http.post("/testing/clock", json={"advance_seconds": seconds}).status_code == 200


def test_revoked_card_is_certificate_revoked(private_stub: StubServer) -> None:
    jlis = JLIS(private_stub.data_dir)
    profile = jlis.load_card("r03")
    jlis.revoke("r03")
    with PortalClient(private_stub.url, str(private_stub.ca_file)) as c:
        with pytest.raises(AuthError) as info:
            LoginFlow(c).run(CardAuthSigner(card_for(profile), profile.auth_pin))
        assert info.value.code is AuthErrorCode.CERTIFICATE_REVOKED
        assert c.check_certificate(profile.auth_cert.public_bytes(Encoding.DER)).status is CertificateStatus.REVOKED


def test_challenge_expires_and_idle_session_expires(private_stub: StubServer) -> None:
    jlis = JLIS(private_stub.data_dir)
    profile = jlis.load_card(RESIDENT)
    with PortalClient(private_stub.url, str(private_stub.ca_file)) as c:
        flow = LoginFlow(c)
        signer = CardAuthSigner(card_for(profile), profile.auth_pin)
        cert = signer.certificate()
        prepared = flow.fetch_challenge()
        _advance(private_stub, 301)
        with pytest.raises(AuthError) as info:
            flow.login(prepared, certificate=cert, signature=signer.sign(prepared.digest_info))
        assert info.value.code is AuthErrorCode.CHALLENGE_EXPIRED
        assert info.value.fresh_challenge_helps

        session = flow.run(CardAuthSigner(card_for(profile), profile.auth_pin))
        guard = SessionGuard(c, session)
        guard.call(c.me)
        _advance(private_stub, session.idle_timeout + 1)
        with pytest.raises(SessionExpired) as expired:
            guard.call(c.me)
        assert expired.value.code == "token_expired"
        assert session.is_expired
        assert not c.has_token
