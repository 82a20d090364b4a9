"""Limits that cannot be turned against a victim, and a card that follows its resident through
re-issue: through the real stub over HTTPS, each client on its own loopback address
(127.0.0.x), as kiosks and attackers have their own.
"""

from __future__ import annotations

import base64
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from backend_stub.jlis import JLIS
from backend_stub.server.residents import load_demo_residents
from tests.fixtures.stub import StubServer, card_credentials, login_body, start_stub_server

pytestmark = pytest.mark.integration


def client_at(stub: StubServer, source: str, **kwargs: Any) -> httpx.Client:
    """An HTTPS client on the stub's /api/v1 whose connections come from ``source``."""
    context = ssl.create_default_context(cafile=str(stub.ca_file))
    transport = httpx.HTTPTransport(verify=context, local_address=source)
    return httpx.Client(base_url=stub.api, transport=transport, timeout=30.0, **kwargs)


def real_login(stub: StubServer, resident_id: str, source: str) -> httpx.Response:
    cert, key = card_credentials(stub.data_dir, resident_id)
    with client_at(stub, source) as client:
        challenge = client.post("/auth/challenge")
        assert challenge.status_code == 200, challenge.text
        return client.post("/auth/login", json=login_body(challenge.json(), stub.origin, cert, key))


def garbage_login(client: httpx.Client, cert_der: bytes, **headers: str) -> httpx.Response:
    """A login with someone's public certificate and no challenge or signature of theirs."""
    return client.post(
        "/auth/login",
        headers=headers,
        json={
            "format": "jpki-auth:1",
            "challenge_id": "no-such-challenge",
            "origin": "https://127.0.0.1:1",
            "certificate": base64.b64encode(cert_der).decode(),
            "algorithm": "RS256",
            "signature": base64.b64encode(b"\0" * 256).decode(),
        },
    )


@pytest.fixture(scope="module")
def limits_stub(stub_server: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StubServer]:
    """A stub with the default limits, on the session stub's (seeded) data dir."""
    server = start_stub_server(stub_server.data_dir, log_dir=tmp_path_factory.mktemp("limits"))
    yield server
    server.stop()


def test_garbage_logins_with_a_public_certificate_do_not_lock_its_holder_out(limits_stub: StubServer) -> None:
    r03_public, _ = card_credentials(limits_stub.data_dir, "r03")
    with client_at(limits_stub, "127.0.0.2") as attacker:
        codes = [garbage_login(attacker, r03_public).status_code for _ in range(12)]
    assert codes[:10] == [401] * 10
    assert codes[10:] == [429, 429]  # the forgeries are throttled...
    response = real_login(limits_stub, "r03", "127.0.0.3")
    assert response.status_code == 200, response.text  # ...r03's real card is not
    assert response.json()["resident"]["display_name"] == "鈴木 美咲"


def test_rotating_x_forwarded_for_does_not_escape_the_per_source_limit(limits_stub: StubServer) -> None:
    r02_public, _ = card_credentials(limits_stub.data_dir, "r02")
    with client_at(limits_stub, "127.0.0.1") as attacker:
        codes = [
            garbage_login(attacker, r02_public[:-1] + bytes([i]), **{"X-Forwarded-For": f"10.9.{i}.{i}"}).status_code
            for i in range(23)
        ]
    # Each a different certificate (its signature's last byte changed), so only the source counts.
    assert set(codes[:20]) == {401}
    assert codes[20:] == [429, 429, 429]


def test_naming_an_address_in_x_forwarded_for_does_not_lock_it_out(limits_stub: StubServer) -> None:
    r04_public, _ = card_credentials(limits_stub.data_dir, "r04")
    named = {"X-Forwarded-For": "127.0.0.4"}
    with client_at(limits_stub, "127.0.0.1") as attacker:
        # Challenges asked for "as" 127.0.0.4 would spend that address's allowance...
        for _ in range(25):
            assert attacker.post("/auth/challenge", headers=named).status_code in (200, 429)
        # ...and failures "from" it would be counted against it.
        for i in range(25):  # a different (broken) certificate each time, so only the source counts
            response = garbage_login(attacker, b"junk%d" % i + r04_public, **named)
            assert response.status_code in (400, 429)
    with client_at(limits_stub, "127.0.0.4") as named_address:
        # A failure of the named address's own still gets its own answer, not "too many failures".
        own = garbage_login(named_address, b"own" + r04_public)
        assert (own.status_code, own.json()["error"]) == (400, "bad_request")
    response = real_login(limits_stub, "r05", "127.0.0.4")  # its challenge and its login
    assert response.status_code == 200, response.text


def test_a_challenge_flood_is_throttled_per_source(limits_stub: StubServer) -> None:
    with client_at(limits_stub, "127.0.0.5") as flooder:
        # Each naming another address in X-Forwarded-For, which the stub does not believe.
        responses = [flooder.post("/auth/challenge", headers={"X-Forwarded-For": f"10.8.0.{i}"}) for i in range(40)]
    codes = [r.status_code for r in responses]
    assert codes[:20] == [200] * 20  # the burst
    assert 429 in codes[20:]
    limited = next(r for r in responses if r.status_code == 429)
    assert limited.json()["error"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    # Another source is not affected.
    assert real_login(limits_stub, "r06", "127.0.0.6").status_code == 200


def test_a_full_challenge_store_refuses_new_challenges_rather_than_evicting_live_ones(
    stub_server: StubServer, tmp_path: Path
) -> None:
    server = start_stub_server(
        stub_server.data_dir,
        "--max-open-challenges", "30", "--challenge-burst", "1000", "--challenges-per-minute", "100000",
        log_dir=tmp_path,
    )
    try:
        cert, key = card_credentials(server.data_dir, "r07")
        with client_at(server, "127.0.0.7") as resident:
            challenge = resident.post("/auth/challenge").json()  # a resident is signing this one
            with client_at(server, "127.0.0.8") as flooder:
                codes = [flooder.post("/auth/challenge").status_code for _ in range(60)]
            assert codes.count(200) == 29
            assert codes[29:] == [429] * 31
            response = resident.post("/auth/login", json=login_body(challenge, server.origin, cert, key))
        assert response.status_code == 200, response.text
    finally:
        server.stop()


def test_a_re_issued_card_logs_in_as_the_same_resident(stub_server_factory: Callable[..., StubServer]) -> None:
    server = stub_server_factory()
    before = real_login(server, "r05", "127.0.0.9")
    assert before.status_code == 200
    old_cert, old_key = card_credentials(server.data_dir, "r05")
    # The card is lost: J-LIS revokes it and issues a new one (new keys, new certificates).
    r05 = next(d for d in load_demo_residents() if d.resident.id == "r05")
    jlis = JLIS(server.data_dir)
    jlis.revoke("r05")
    new = jlis.issue_card(r05.resident.card_holder(), auth_pin="5678", sign_pin="EFG567", kenhojo_pin="8765")
    assert new.auth_cert.public_bytes(Encoding.DER) != old_cert
    after = real_login(server, "r05", "127.0.0.9")
    assert after.status_code == 200, after.text
    assert after.json()["resident"] == before.json()["resident"]
    with client_at(server, "127.0.0.9") as client:
        me = client.get("/me", headers={"Authorization": f"Bearer {after.json()['access_token']}"})
        assert me.json()["display_name"] == "田中 由美"
        challenge = client.post("/auth/challenge").json()
        old = client.post("/auth/login", json=login_body(challenge, server.origin, old_cert, old_key))
    assert old.json()["error"] == "certificate_revoked"


def test_a_named_trusted_proxy_is_believed(stub_server: StubServer, tmp_path: Path) -> None:
    server = start_stub_server(stub_server.data_dir, "--trusted-proxy", "127.0.0.1", log_dir=tmp_path)
    try:
        r02_public, _ = card_credentials(server.data_dir, "r02")
        with client_at(server, "127.0.0.1") as proxy:

            def attempt(i: int, forwarded_for: str) -> int:
                return garbage_login(proxy, b"x%d" % i + r02_public, **{"X-Forwarded-For": forwarded_for}).status_code

            assert {attempt(i, "10.1.1.1") for i in range(20)} == {400}
            assert attempt(20, "10.1.1.1") == 429  # the client behind the proxy is limited
            assert attempt(21, "10.1.1.2") == 400  # another client behind the same proxy is not
    finally:
        server.stop()


def test_a_trusted_proxy_must_be_an_address(run_stub: Callable[..., Any], tmp_path: Path) -> None:
    result = run_stub("serve", "--data-dir", str(tmp_path / "d"), "--trusted-proxy", "proxy.example")
    assert result.returncode != 0
    assert "--trusted-proxy" in result.stderr
