"""Login contract (DESIGN.md §5, docs/api.md) checked in process with a movable clock."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from backend_stub.jlis import JLIS, CardHolder, make_my_number
from tests.fixtures.stub import InProcessStub, login_body

API = "/api/v1"


def _challenge(stub: InProcessStub) -> dict[str, Any]:
    response = stub.client.post(f"{API}/auth/challenge")
    assert response.status_code == 200
    return response.json()


def _login(stub: InProcessStub, body: dict[str, Any]) -> Any:
    return stub.client.post(f"{API}/auth/login", json=body)


def _body(stub: InProcessStub, resident_id: str = "r01", **kw: Any) -> dict[str, Any]:
    cert, key = stub.credentials(resident_id)
    return login_body(_challenge(stub), kw.pop("origin", stub.origin), cert, key, **kw)


def _error(response: Any) -> str:
    body = response.json()
    assert set(body) == {"error", "message"}
    return str(body["error"])


def _self_signed(past: bool = False) -> tuple[bytes, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forged")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=2 if past else 0, minutes=1))
        .not_valid_after(now - dt.timedelta(days=1) if past else now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(Encoding.DER), key


def _extra_card(stub: InProcessStub, resident_id: str, **validity: Any) -> tuple[bytes, rsa.RSAPrivateKey]:
    holder = CardHolder(
        resident_id, make_my_number(resident_id), "試験 太郎", "東京都千代田区", dt.date(1990, 1, 1), "1"
    )
    profile = JLIS(stub.data_dir).issue_card(
        holder, auth_pin="1111", sign_pin="TEST123", kenhojo_pin="2222", **validity
    )
    return profile.auth_cert.public_bytes(Encoding.DER), profile.auth_key


def test_login_returns_token_and_resident_summary(stub_app: InProcessStub) -> None:
    response = _login(stub_app, _body(stub_app, "r03"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert len(base64.urlsafe_b64decode(body["access_token"] + "==")) >= 32
    assert body["expires_in"] == 8 * 3600
    assert body["idle_timeout"] == 15 * 60
    assert body["resident"] == {
        "display_name": "鈴木 美咲",
        "municipality_code": "085421",
        "municipality_name": "五霞町",
    }


def test_token_is_stored_only_as_a_hash(stub_app: InProcessStub) -> None:
    token = stub_app.login("r01")
    rows = stub_app.app.state.stub.db.query_all("SELECT token_hash FROM sessions")
    stored = {row["token_hash"] for row in rows}
    assert token not in stored
    assert hashlib.sha256(token.encode()).hexdigest() in stored


def test_me_is_scoped_to_the_token(stub_app: InProcessStub) -> None:
    for resident_id, name in (("r02", "佐藤 健一"), ("r05", "田中 由美")):
        token = stub_app.login(resident_id)
        me = stub_app.client.get(f"{API}/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["display_name"] == name
    assert len(me["household"]) == 1
    assert me["household"][0]["relation"] == "spouse"
    assert "my_number" not in me
    assert "my_number" not in me["household"][0]


def test_challenge_is_single_use_even_after_a_failed_attempt(stub_app: InProcessStub) -> None:
    body = _body(stub_app)
    bad = dict(body, signature=base64.b64encode(b"\0" * 256).decode())
    assert _error(_login(stub_app, bad)) == "invalid_signature"
    assert _error(_login(stub_app, body)) == "challenge_used"


def test_challenge_expires_after_its_ttl(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory(challenge_ttl_seconds=30)
    body = _body(stub)
    stub.clock.offset += 30
    assert _error(_login(stub, body)) == "challenge_expired"
    body = _body(stub)
    stub.clock.offset += 29
    assert _login(stub, body).status_code == 200


def test_default_challenge_lifetime_is_five_minutes(stub_app: InProcessStub) -> None:
    challenge = _challenge(stub_app)
    expires = dt.datetime.fromisoformat(challenge["expires_at"])
    assert expires.utcoffset() == dt.timedelta(hours=9)
    remaining = expires.timestamp() - stub_app.clock.now()
    assert 298 <= remaining <= 300
    assert len(base64.b64decode(challenge["nonce"])) == 32


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        # Each case breaks two checks; the earlier one in the contract's order must win.
        ("unknown+origin", "challenge_unknown"),
        ("origin+untrusted", "origin_mismatch"),
        ("untrusted+expired", "untrusted_certificate"),
        ("expired+revoked", "certificate_expired"),
        ("revoked+signature", "certificate_revoked"),
        ("signature+unknown_cert", "invalid_signature"),
        ("unknown_cert", "unknown_certificate"),
    ],
)
def test_checks_run_in_contract_order(stub_app: InProcessStub, spoil: str, expected: str) -> None:
    if spoil == "unknown+origin":
        body = _body(stub_app, origin="https://evil.example:443")
        body["challenge_id"] = "no-such-challenge"
    elif spoil == "origin+untrusted":
        cert, key = _self_signed()
        body = login_body(_challenge(stub_app), "https://evil.example:443", cert, key)
    elif spoil == "untrusted+expired":
        cert, key = _self_signed(past=True)
        body = login_body(_challenge(stub_app), stub_app.origin, cert, key)
    elif spoil == "expired+revoked":
        past = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
        cert, key = _extra_card(stub_app, "t-expired", not_before=past, not_after=past + dt.timedelta(days=1))
        JLIS(stub_app.data_dir).revoke("t-expired")
        body = login_body(_challenge(stub_app), stub_app.origin, cert, key)
    elif spoil == "revoked+signature":
        cert, _key = _extra_card(stub_app, "t-revoked")
        JLIS(stub_app.data_dir).revoke("t-revoked")
        other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        body = login_body(_challenge(stub_app), stub_app.origin, cert, other)
    elif spoil == "signature+unknown_cert":
        cert, key = _extra_card(stub_app, "t-nobody")
        body = login_body(_challenge(stub_app), stub_app.origin, cert, key, sign_origin="https://other:1")
    else:
        cert, key = _extra_card(stub_app, "t-nobody")
        body = login_body(_challenge(stub_app), stub_app.origin, cert, key)
    response = _login(stub_app, body)
    assert response.status_code == 401
    assert _error(response) == expected


def test_signing_certificate_cannot_log_in(stub_app: InProcessStub) -> None:
    profile = JLIS(stub_app.data_dir).load_card("r01")
    body = login_body(
        _challenge(stub_app), stub_app.origin, profile.sign_cert.public_bytes(Encoding.DER), profile.sign_key
    )
    assert _error(_login(stub_app, body)) == "untrusted_certificate"


@pytest.mark.parametrize(
    "change",
    [
        {"format": "jpki-auth:2"},
        {"algorithm": "ES256"},
        {"certificate": "%%%"},
        {"certificate": base64.b64encode(b"not a certificate").decode()},
        {"signature": "not base64!"},
        {"challenge_id": None},
    ],
)
def test_malformed_login_is_bad_request(stub_app: InProcessStub, change: dict[str, Any]) -> None:
    body = {k: v for k, v in {**_body(stub_app), **change}.items() if v is not None}
    response = _login(stub_app, body)
    assert response.status_code == 400
    assert _error(response) == "bad_request"


def test_malformed_json_is_bad_request_without_echoing_input(stub_app: InProcessStub) -> None:
    response = stub_app.client.post(
        f"{API}/auth/login",
        content=b'{"certificate": "SECRET-1234',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert _error(response) == "bad_request"
    assert "SECRET" not in response.text


def test_idle_timeout_ends_the_session(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory(token_idle_seconds=60)
    headers = {"Authorization": f"Bearer {stub.login('r01')}"}
    for _ in range(3):  # use keeps it alive past one idle period
        stub.clock.offset += 50
        assert stub.client.get(f"{API}/me", headers=headers).status_code == 200
    stub.clock.offset += 60
    response = stub.client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    assert _error(response) == "token_expired"
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_absolute_lifetime_ends_an_active_session(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory(token_idle_seconds=600, token_lifetime_seconds=1800)
    token = stub.login("r01")
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(5):
        stub.clock.offset += 350
        assert stub.client.get(f"{API}/me", headers=headers).status_code == 200
    stub.clock.offset += 100
    assert _error(stub.client.get(f"{API}/me", headers=headers)) == "token_expired"


def test_logout_invalidates_the_token(stub_app: InProcessStub) -> None:
    headers = {"Authorization": f"Bearer {stub_app.login('r01')}"}
    assert stub_app.client.post(f"{API}/auth/logout", headers=headers).status_code == 204
    response = stub_app.client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    assert _error(response) == "token_invalid"


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer forged-token", "Basic dXNlcjpwYXNz"])
def test_missing_or_forged_tokens_are_rejected(stub_app: InProcessStub, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = stub_app.client.get(f"{API}/me", headers=headers)
    assert response.status_code == 401
    assert _error(response) == "token_invalid"


def test_failures_against_a_certificate_never_refuse_its_holder(stub_app: InProcessStub) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert, _key = stub_app.credentials("r04")
    for _ in range(10):
        body = login_body(_challenge(stub_app), stub_app.origin, cert, other)
        assert _error(_login(stub_app, body)) == "invalid_signature"
    # More forgeries with r04's (public) certificate are throttled...
    response = _login(stub_app, login_body(_challenge(stub_app), stub_app.origin, cert, other))
    assert response.status_code == 429
    assert _error(response) == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 300
    # ...but r04's own card, whose signature verifies, still logs in.
    assert _login(stub_app, _body(stub_app, "r04")).status_code == 200
    assert _login(stub_app, _body(stub_app, "r05")).status_code == 200


def test_failed_logins_are_rate_limited_per_client(stub_app_factory: Callable[..., InProcessStub]) -> None:
    stub = stub_app_factory(login_failures_per_ip=3, login_failure_window_seconds=60)
    for _ in range(3):
        body = _body(stub)
        body["challenge_id"] = "unknown"
        assert _error(_login(stub, body)) == "challenge_unknown"
    failing = _body(stub)
    failing["challenge_id"] = "unknown"
    response = _login(stub, failing)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) == 60
    # Only failures are limited: another resident's card at the same client still logs in.
    assert _login(stub, _body(stub, "r02")).status_code == 200


def test_certificate_check_statuses(stub_app: InProcessStub) -> None:
    def check(der: bytes) -> dict[str, Any]:
        response = stub_app.client.post(
            f"{API}/certificates/check", json={"certificate": base64.b64encode(der).decode()}
        )
        assert response.status_code == 200
        return dict(response.json())

    profile = JLIS(stub_app.data_dir).load_card("r01")
    auth = check(profile.auth_cert.public_bytes(Encoding.DER))
    assert auth["status"] == "valid"
    assert dt.datetime.fromisoformat(auth["not_after"]) == profile.auth_cert.not_valid_after_utc
    assert check(profile.sign_cert.public_bytes(Encoding.DER))["status"] == "valid"
    assert check(_self_signed()[0])["status"] == "untrusted"
    past = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
    expired, _ = _extra_card(stub_app, "t-old", not_before=past, not_after=past + dt.timedelta(days=1))
    assert check(expired)["status"] == "expired"
    revoked, _ = _extra_card(stub_app, "t-lost")
    JLIS(stub_app.data_dir).revoke("t-lost")
    assert check(revoked)["status"] == "revoked"
    bad = stub_app.client.post(f"{API}/certificates/check", json={"certificate": "AAAA"})
    assert bad.status_code == 400
    assert _error(bad) == "bad_request"


def test_unknown_paths_and_methods_answer_error_json(stub_app: InProcessStub) -> None:
    missing = stub_app.client.get(f"{API}/no-such-thing")
    assert missing.status_code == 404
    assert _error(missing) == "not_found"
    wrong_method = stub_app.client.get(f"{API}/auth/login")
    assert wrong_method.status_code == 405
    assert _error(wrong_method) == "method_not_allowed"


def test_health_and_openapi(stub_app: InProcessStub) -> None:
    health = stub_app.client.get(f"{API}/health").json()
    assert health["status"] == "ok"
    assert health["version"]
    schema = stub_app.client.get("/openapi.json").json()
    login_responses = schema["paths"][f"{API}/auth/login"]["post"]["responses"]
    assert {"200", "400", "401", "429"} <= set(login_responses)
    assert "422" not in login_responses
    assert "testing" not in str(schema["paths"])


def test_testing_clock_is_off_by_default(stub_app: InProcessStub) -> None:
    response = stub_app.client.post(f"{API}/testing/clock", json={"advance_seconds": 3600})
    assert response.status_code == 404
