"""Certificates checked the way a PKI checks them, through the real stub over HTTPS.

A certificate signed by the stub J-LIS's own CA key is still refused when it is not a JPKI
end-entity certificate (a CA, or a key not allowed to sign); validity and revocation keep their
own codes in the contract's order; any parsable certificate gets an answer, never a 5xx.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from backend_stub.jlis import JLIS, CardHolder, make_my_number
from tests.fixtures.stub import StubServer, card_credentials, login_body, stub_client

pytestmark = pytest.mark.integration

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def _key_usage(*, digital_signature: bool = True, key_cert_sign: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=digital_signature,
        content_commitment=False,
        key_encipherment=not digital_signature,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=key_cert_sign,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def _mint(
    stub: StubServer,
    *,
    ca: bool = False,
    key_usage: x509.KeyUsage | None = None,
    not_before: dt.datetime = NOW - dt.timedelta(minutes=5),
    not_after: dt.datetime = NOW + dt.timedelta(days=30),
    serial: int | None = None,
    subject: x509.Name | None = None,
) -> tuple[bytes, rsa.RSAPrivateKey]:
    """A certificate signed with the stub authentication CA's own key (as a misissuing or
    compromised issuance would make it): only its profile differs from a card's."""
    jlis = JLIS(stub.data_dir)
    ca_key = serialization.load_pem_private_key((stub.data_dir / "jlis" / "auth_ca.key.pem").read_bytes(), None)
    assert isinstance(ca_key, rsa.RSAPrivateKey)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject or x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                                           x509.NameAttribute(NameOID.COMMON_NAME, "MINTED0000000000000A")]))
        .issuer_name(jlis.auth_ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(key_usage or _key_usage(key_cert_sign=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(Encoding.DER), key


def _login(stub: StubServer, cert: bytes, key: rsa.RSAPrivateKey) -> httpx.Response:
    with stub_client(stub) as client:
        challenge = client.post("/auth/challenge").json()
        return client.post("/auth/login", json=login_body(challenge, stub.origin, cert, key))


def _check(stub: StubServer, cert: bytes) -> dict[str, Any]:
    with stub_client(stub) as client:
        response = client.post("/certificates/check", json={"certificate": base64.b64encode(cert).decode()})
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.mark.parametrize(
    "profile",
    [
        pytest.param({"ca": True}, id="leaf-marked-CA"),
        pytest.param({"key_usage": _key_usage(digital_signature=False)}, id="no-digitalSignature"),
        pytest.param({"ca": True, "not_after": NOW - dt.timedelta(days=1),
                      "not_before": NOW - dt.timedelta(days=30)}, id="expired-CA-leaf"),
    ],
)
def test_a_certificate_that_is_not_a_jpki_end_entity_is_untrusted(
    stub_server: StubServer, profile: dict[str, Any]
) -> None:
    cert, key = _mint(stub_server, **profile)
    response = _login(stub_server, cert, key)
    assert response.status_code == 401
    assert response.json()["error"] == "untrusted_certificate"
    assert _check(stub_server, cert)["status"] == "untrusted"


def test_a_well_formed_minted_leaf_passes_the_chain_check(stub_server: StubServer) -> None:
    # The control for the test above: the same minting, with a JPKI end-entity profile, gets past
    # the chain check (it belongs to nobody, so the login ends later).
    cert, key = _mint(stub_server)
    response = _login(stub_server, cert, key)
    assert response.status_code == 401
    assert response.json()["error"] == "unknown_certificate"
    assert _check(stub_server, cert)["status"] == "valid"


def test_a_certificate_minted_with_a_residents_issuer_and_serial_is_not_theirs(stub_server: StubServer) -> None:
    # Whoever can sign as the CA (its key read from a careless data dir, or a misissuance) can repeat
    # a resident's issuer, serial and subject; the resident is found by the certificate's SHA-256
    # fingerprint, which they cannot repeat.
    r03 = x509.load_der_x509_certificate(card_credentials(stub_server.data_dir, "r03")[0])
    cert, key = _mint(stub_server, serial=r03.serial_number, subject=r03.subject)
    minted = x509.load_der_x509_certificate(cert)
    assert (minted.issuer, minted.serial_number, minted.subject) == (r03.issuer, r03.serial_number, r03.subject)
    response = _login(stub_server, cert, key)
    assert (response.status_code, response.json()["error"]) == (401, "unknown_certificate")
    real = _login(stub_server, *card_credentials(stub_server.data_dir, "r03"))
    assert real.status_code == 200, real.text  # the real card still logs in as r03


def test_an_expired_card_answers_certificate_expired(stub_server: StubServer) -> None:
    holder = CardHolder("t-pki-old", make_my_number("t-pki-old"), "試験 太郎", "埼玉県新座市", dt.date(1980, 1, 2), "1")
    profile = JLIS(stub_server.data_dir).issue_card(
        holder, auth_pin="1111", sign_pin="TESTPIN1", kenhojo_pin="2222",
        not_before=NOW - dt.timedelta(days=2000), not_after=NOW - dt.timedelta(days=3),
    )
    response = _login(stub_server, profile.auth_cert.public_bytes(Encoding.DER), profile.auth_key)
    assert response.status_code == 401
    assert response.json()["error"] == "certificate_expired"
    assert _check(stub_server, profile.sign_cert.public_bytes(Encoding.DER))["status"] == "expired"


def test_a_lost_card_answers_certificate_revoked(stub_server: StubServer) -> None:
    holder = CardHolder("t-pki-lost", make_my_number("t-pki-lost"), "試験 次郎", "埼玉県新座市", dt.date(1981, 3, 4), "1")
    jlis = JLIS(stub_server.data_dir)
    profile = jlis.issue_card(holder, auth_pin="1111", sign_pin="TESTPIN1", kenhojo_pin="2222")
    jlis.revoke("t-pki-lost")
    assert jlis.crl("auth").get_revoked_certificate_by_serial_number(profile.auth_cert.serial_number)
    response = _login(stub_server, profile.auth_cert.public_bytes(Encoding.DER), profile.auth_key)
    assert response.status_code == 401
    assert response.json()["error"] == "certificate_revoked"


def test_a_certificate_failing_several_checks_answers_the_first_in_the_contracts_order(stub_server: StubServer) -> None:
    # DESIGN.md §5: untrusted_certificate, certificate_expired, certificate_revoked, invalid_signature.
    holder = CardHolder("t-pki-order", make_my_number("t-pki-order"), "試験 三郎", "埼玉県新座市", dt.date(1982, 5, 6), "1")
    jlis = JLIS(stub_server.data_dir)
    pins = {"auth_pin": "1111", "sign_pin": "TESTPIN1", "kenhojo_pin": "2222"}
    expired = jlis.issue_card(holder, **pins, not_before=NOW - dt.timedelta(days=2000), not_after=NOW - dt.timedelta(days=3))
    replaced = jlis.issue_card(holder, **pins)  # a new card revokes the expired one...
    jlis.issue_card(holder, **pins)  # ...and the next one this
    assert jlis.is_revoked(expired.auth_cert)
    assert jlis.is_revoked(replaced.auth_cert)
    wrong_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # Expired, revoked and signed with another key: expired comes first.
    expired_der = expired.auth_cert.public_bytes(Encoding.DER)
    assert _login(stub_server, expired_der, wrong_key).json()["error"] == "certificate_expired"
    assert _check(stub_server, expired_der)["status"] == "expired"
    # Revoked and signed with another key: revoked comes first.
    replaced_der = replaced.auth_cert.public_bytes(Encoding.DER)
    assert _login(stub_server, replaced_der, wrong_key).json()["error"] == "certificate_revoked"
    assert _check(stub_server, replaced_der)["status"] == "revoked"


@pytest.mark.parametrize("issued_by_jlis", [True, False], ids=["jlis-ca", "self-signed"])
def test_no_well_defined_expiration_gets_an_answer(stub_server: StubServer, issued_by_jlis: bool) -> None:
    # RFC 5280 §4.1.2.5: 99991231235959Z means "no well-defined expiration date".
    forever = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    if issued_by_jlis:
        cert, key = _mint(stub_server, not_after=forever)
    else:
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forever")])
        cert = (
            x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(NOW).not_valid_after(forever).sign(key, hashes.SHA256())
            .public_bytes(Encoding.DER)
        )
    verdict = _check(stub_server, cert)
    assert verdict["status"] == ("valid" if issued_by_jlis else "untrusted")
    assert dt.datetime.fromisoformat(verdict["not_after"]) == forever
    response = _login(stub_server, cert, key)
    assert response.status_code == 401
    assert response.json()["error"] == ("unknown_certificate" if issued_by_jlis else "untrusted_certificate")


def test_over_https_every_card_and_certificate_time_is_in_jst(stub_server: StubServer) -> None:
    # docs/api.md: timestamps carry +09:00; /me and /certificates/check say the same end the same way.
    from tests.fixtures.stub import login

    with stub_client(stub_server, login(stub_server, "r12")) as client:
        card = client.get("/me").json()["card"]
    times = {k: v for k, v in card.items() if k != "sign_lapse_reason" and v is not None}
    assert {"valid_until", "auth_not_after", "sign_lapsed_at"} <= set(times)
    for key, value in times.items():
        assert value.endswith("+09:00"), (key, value)
    cert, _key = card_credentials(stub_server.data_dir, "r12")
    assert _check(stub_server, cert)["not_after"] == card["auth_not_after"]


def _utc(year: int, month: int = 1, day: int = 1) -> dt.datetime:
    return dt.datetime(year, month, day, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("not_before", "not_after"),
    [
        pytest.param(_utc(2000), _utc(2005), id="expired-before-the-CA"),
        pytest.param(_utc(1950), _utc(1951), id="expired-1950"),
        pytest.param(_utc(2051), _utc(2060), id="not-yet-valid-after-the-CA"),
    ],
)
def test_a_certificate_dated_outside_the_cas_own_validity_answers_by_its_dates(
    stub_server: StubServer, not_before: dt.datetime, not_after: dt.datetime
) -> None:
    # The CA's key signed it: trusted as far as the chain goes; its dates are judged by the
    # contract's own code (DESIGN.md §5), the one the stub answers for any time outside them.
    jlis = JLIS(stub_server.data_dir)
    ca = jlis.auth_ca_cert
    assert not_after < ca.not_valid_before_utc or not_before > ca.not_valid_after_utc
    cert, key = _mint(stub_server, not_before=not_before, not_after=not_after)
    response = _login(stub_server, cert, key)
    assert (response.status_code, response.json()["error"]) == (401, "certificate_expired")
    assert _check(stub_server, cert)["status"] == "expired"


@pytest.mark.parametrize(
    "profile",
    [
        pytest.param({"ca": True}, id="leaf-marked-CA"),
        pytest.param({"key_usage": _key_usage(digital_signature=False)}, id="no-digitalSignature"),
    ],
)
def test_a_non_jpki_certificate_dated_outside_the_cas_validity_is_still_untrusted(
    stub_server: StubServer, profile: dict[str, Any]
) -> None:
    # The contract's order: the chain (JPKI's end-entity profile) before the dates.
    cert, key = _mint(stub_server, not_before=_utc(2000), not_after=_utc(2005), **profile)
    response = _login(stub_server, cert, key)
    assert (response.status_code, response.json()["error"]) == (401, "untrusted_certificate")
    assert _check(stub_server, cert)["status"] == "untrusted"
