"""Login against the real stub server over HTTPS (DESIGN.md §5, docs/api.md)."""

from __future__ import annotations

import base64
import datetime as dt
import ssl
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from backend_stub.jlis import JLIS, CardHolder, make_my_number
from tests.fixtures.stub import StubServer, card_credentials, login, login_body, stub_client

pytestmark = pytest.mark.integration


def _challenge(client: httpx.Client) -> dict[str, Any]:
    response = client.post("/auth/challenge")
    assert response.status_code == 200
    return dict(response.json())


def _error(response: httpx.Response) -> str:
    body = response.json()
    assert set(body) == {"error", "message"}
    return str(body["error"])


def _extra_card(stub: StubServer, resident_id: str, **validity: Any) -> tuple[bytes, rsa.RSAPrivateKey]:
    holder = CardHolder(
        resident_id, make_my_number(resident_id), "試験 花子", "埼玉県新座市", dt.date(1991, 2, 3), "2"
    )
    profile = JLIS(stub.data_dir).issue_card(
        holder, auth_pin="1111", sign_pin="TESTPIN1", kenhojo_pin="2222", **validity
    )
    return profile.auth_cert.public_bytes(Encoding.DER), profile.auth_key


def _login_as(
    client: httpx.Client, stub: StubServer, cert: bytes, key: rsa.RSAPrivateKey, **kw: Any
) -> httpx.Response:
    origin = kw.pop("origin", stub.origin)
    return client.post("/auth/login", json=login_body(_challenge(client), origin, cert, key, **kw))


def test_tls_needs_the_stub_ca(stub_server: StubServer) -> None:
    with httpx.Client(verify=ssl.create_default_context()) as client, pytest.raises(httpx.ConnectError):
        client.get(stub_server.api + "/health")
    with stub_client(stub_server) as client:
        assert client.get("/health").json()["status"] == "ok"


def test_login_then_me_is_scoped_to_each_token(stub_server: StubServer) -> None:
    tokens = {rid: login(stub_server, rid) for rid in ("r01", "r06")}
    assert tokens["r01"] != tokens["r06"]
    for rid, expected in (("r01", "山田 花子"), ("r06", "伊藤 大輔")):
        with stub_client(stub_server, tokens[rid]) as client:
            me = client.get("/me")
        assert me.status_code == 200
        assert me.json()["display_name"] == expected
    with stub_client(stub_server, tokens["r06"]) as client:
        assert client.get("/me").json()["municipality_code"] == "131016"


def test_login_response_matches_contract(stub_server: StubServer) -> None:
    with stub_client(stub_server) as client:
        response = _login_as(client, stub_server, *card_credentials(stub_server.data_dir, "r02"))
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 8 * 3600
    assert body["idle_timeout"] == 15 * 60
    assert body["resident"]["municipality_name"] == "新座市"


def test_replayed_challenge_is_refused(stub_server: StubServer) -> None:
    cert, key = card_credentials(stub_server.data_dir, "r01")
    with stub_client(stub_server) as client:
        body = login_body(_challenge(client), stub_server.origin, cert, key)
        assert client.post("/auth/login", json=body).status_code == 200
        replay = client.post("/auth/login", json=body)
    assert replay.status_code == 401
    assert _error(replay) == "challenge_used"


def test_unknown_challenge(stub_server: StubServer) -> None:
    cert, key = card_credentials(stub_server.data_dir, "r01")
    with stub_client(stub_server) as client:
        body = login_body(_challenge(client), stub_server.origin, cert, key)
        body["challenge_id"] = "made-up"
        response = client.post("/auth/login", json=body)
    assert response.status_code == 401
    assert _error(response) == "challenge_unknown"


@pytest.mark.parametrize("origin", ["https://evil.example:443", "https://127.0.0.1:1", "http://{host}"])
def test_wrong_origin(stub_server: StubServer, origin: str) -> None:
    # The signature is valid for the origin named, so only the origin check can refuse it.
    origin = origin.format(host=stub_server.url.removeprefix("https://"))
    cert, key = card_credentials(stub_server.data_dir, "r01")
    with stub_client(stub_server) as client:
        response = _login_as(client, stub_server, cert, key, origin=origin)
    assert response.status_code == 401
    assert _error(response) == "origin_mismatch"


def test_localhost_names_the_same_server(stub_server: StubServer) -> None:
    origin = stub_server.origin.replace("127.0.0.1", "localhost")
    cert, key = card_credentials(stub_server.data_dir, "r01")
    with stub_client(stub_server) as client:
        assert _login_as(client, stub_server, cert, key, origin=origin).status_code == 200


def test_certificate_from_another_ca_is_untrusted(stub_server: StubServer) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # Same names as the stub CA, but not signed by it.
    issuer = JLIS(stub_server.data_dir).auth_ca_cert.subject
    now = dt.datetime.now(dt.UTC)
    forged = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "FORGED")]))
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    with stub_client(stub_server) as client:
        response = _login_as(client, stub_server, forged.public_bytes(Encoding.DER), key)
    assert response.status_code == 401
    assert _error(response) == "untrusted_certificate"


def test_expired_certificate(stub_server: StubServer) -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=400)
    cert, key = _extra_card(
        stub_server, "it-expired", not_before=past, not_after=past + dt.timedelta(days=30)
    )
    with stub_client(stub_server) as client:
        response = _login_as(client, stub_server, cert, key)
    assert response.status_code == 401
    assert _error(response) == "certificate_expired"


def test_revoked_certificate_via_cli(stub_server: StubServer, run_stub: Callable[..., Any]) -> None:
    cert, key = _extra_card(stub_server, "it-lost")
    with stub_client(stub_server) as client:
        assert _error(_login_as(client, stub_server, cert, key)) == "unknown_certificate"
        result = run_stub("revoke", "--resident", "it-lost", "--data-dir", str(stub_server.data_dir))
        assert result.returncode == 0, result.stderr
        response = _login_as(client, stub_server, cert, key)
        assert response.status_code == 401
        assert _error(response) == "certificate_revoked"
        check = client.post("/certificates/check", json={"certificate": base64.b64encode(cert).decode()})
    assert check.json()["status"] == "revoked"


def test_bad_signature(stub_server: StubServer) -> None:
    cert, key = card_credentials(stub_server.data_dir, "r03")
    with stub_client(stub_server) as client:
        # Signed over another nonce: a signature from the right key, for the wrong challenge.
        first, second = _challenge(client), _challenge(client)
        body = login_body(second, stub_server.origin, cert, key)
        body["signature"] = login_body(first, stub_server.origin, cert, key)["signature"]
        response = client.post("/auth/login", json=body)
    assert response.status_code == 401
    assert _error(response) == "invalid_signature"


def test_token_is_dead_after_logout(stub_server: StubServer) -> None:
    token = login(stub_server, "r04")
    with stub_client(stub_server, token) as client:
        assert client.get("/me").status_code == 200
        assert client.post("/auth/logout").status_code == 204
        response = client.get("/me")
    assert response.status_code == 401
    assert _error(response) == "token_invalid"


# ---------------------------------------------------------------------------------------------
# Time-dependent behaviour, on a second server whose clock the test moves forward.


@pytest.fixture(scope="module")
def clocked_stub(stub_server: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.fixtures.stub import start_stub_server

    server = start_stub_server(
        stub_server.data_dir,
        "--testing-clock",
        "--login-failures-per-ip",
        "5",
        log_dir=tmp_path_factory.mktemp("clocked"),
    )
    yield server
    assert server.stop() == 0  # SIGTERM is a clean shutdown


def _advance(client: httpx.Client, seconds: float) -> None:
    assert client.post("/testing/clock", json={"advance_seconds": seconds}).status_code == 200


def test_expired_challenge(clocked_stub: StubServer) -> None:
    cert, key = card_credentials(clocked_stub.data_dir, "r01")
    with stub_client(clocked_stub) as client:
        body = login_body(_challenge(client), clocked_stub.origin, cert, key)
        _advance(client, 301)
        response = client.post("/auth/login", json=body)
    assert response.status_code == 401
    assert _error(response) == "challenge_expired"


def test_idle_timeout(clocked_stub: StubServer) -> None:
    token = login(clocked_stub, "r05")
    with stub_client(clocked_stub, token) as client:
        _advance(client, 14 * 60)
        assert client.get("/me").status_code == 200
        _advance(client, 15 * 60)
        response = client.get("/me")
    assert response.status_code == 401
    assert _error(response) == "token_expired"


def test_failed_logins_are_rate_limited(clocked_stub: StubServer) -> None:
    cert, key = card_credentials(clocked_stub.data_dir, "r07")
    with stub_client(clocked_stub) as client:
        _advance(client, 301)  # start from an empty failure window
        for _ in range(5):
            assert _error(_login_as(client, clocked_stub, cert, key, origin="https://evil.example:1")) == (
                "origin_mismatch"
            )
        limited = _login_as(client, clocked_stub, cert, key, origin="https://evil.example:1")
        assert limited.status_code == 429
        assert _error(limited) == "rate_limited"
        retry_after = int(limited.headers["Retry-After"])
        assert 0 < retry_after <= 300
        # Only failures are limited: the resident's own card, signing for this server, logs in.
        assert _login_as(client, clocked_stub, cert, key).status_code == 200
        _advance(client, retry_after)
        assert _error(_login_as(client, clocked_stub, cert, key, origin="https://evil.example:1")) == (
            "origin_mismatch"
        )
