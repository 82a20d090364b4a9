"""The stub gives its times in JST with the +09:00 offset, as docs/api.md says, on every endpoint:
the card's and certificates' ends in /me, and a certificate's not_after in /certificates/check.
Only a moment that JST would carry past 9999-12-31 (RFC 5280's "no well-defined expiration") is
given in UTC, with "Z", as the document says."""

from __future__ import annotations

import base64
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from backend_stub.jlis import JLIS
from tests.unit.test_network_http import API, auth, get


@pytest.mark.parametrize("resident", ["r01", "r12"])  # r12's 署名用 certificate lapsed on a move
def test_me_gives_the_cards_and_certificates_times_in_jst(stub_app, resident):
    card = get(stub_app, "/me", auth(stub_app, resident)).json()["card"]
    times = {k: v for k, v in card.items() if k != "sign_lapse_reason" and v is not None}
    assert "auth_not_after" in times
    assert "valid_until" in times
    if resident == "r12":
        assert "sign_lapsed_at" in times
    for key, value in times.items():
        assert value.endswith("+09:00"), (key, value)


def test_the_certificate_check_and_me_give_the_same_end_the_same_way(stub_app):
    cert = JLIS(stub_app.data_dir).load_card("r01").auth_cert.public_bytes(Encoding.DER)
    checked = stub_app.client.post(f"{API}/certificates/check",
                                   json={"certificate": base64.b64encode(cert).decode()}).json()
    me = get(stub_app, "/me", auth(stub_app, "r01")).json()["card"]
    assert checked["not_after"].endswith("+09:00")
    assert checked["not_after"] == me["auth_not_after"]


def test_a_certificate_without_a_well_defined_end_is_given_in_utc_with_z(stub_app):
    # RFC 5280 §4.1.2.5's 99991231235959Z is past the calendar in JST: docs/api.md gives it in UTC.
    forever = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "forever")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).not_valid_after(forever)
            .sign(key, hashes.SHA256()).public_bytes(Encoding.DER))
    checked = stub_app.client.post(f"{API}/certificates/check",
                                   json={"certificate": base64.b64encode(cert).decode()}).json()
    assert checked["not_after"] == "9999-12-31T23:59:59Z"
