"""The stub J-LIS: My Number check digits, CAs, issuance, revocation, CRLs and persistence."""

from __future__ import annotations

import datetime
import pathlib
import subprocess
import sys

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtensionOID, NameOID

from backend_stub.jlis import (
    JLIS,
    OID_JPKI_ADDRESS,
    OID_JPKI_BIRTH_DATE,
    OID_JPKI_NAME,
    OID_JPKI_SEX,
    CardHolder,
    CardProfile,
    is_valid_my_number,
    make_my_number,
    my_number_check_digit,
)
from tests.fixtures.card import DEMO_PINS, Pins, holder

# -- 個人番号 check digit (domain.md §3) ----------------------------------------------------------


def test_check_digit_of_the_published_example() -> None:
    assert my_number_check_digit("12345678901") == "8"


def test_check_digit_edge_values() -> None:
    # r = 1 and r = 0 both give 0; r = 2 gives 9; r = 10 gives 1.
    assert my_number_check_digit("00000000000") == "0"  # r = 0
    assert my_number_check_digit("00000000006") == "0"  # 6*2 = 12, r = 1
    assert my_number_check_digit("00000000001") == "9"  # r = 2
    assert my_number_check_digit("00000000005") == "1"  # r = 10
    assert my_number_check_digit("10000000000") == "5"  # weight 6 on the first digit
    assert my_number_check_digit("00000100000") == "4"  # weight 7 on the sixth digit


@pytest.mark.parametrize("bad", ["1234567890", "123456789012", "1234567890a", "１２３４５６７８９０１"])
def test_check_digit_rejects_malformed_input(bad: str) -> None:
    with pytest.raises(ValueError, match="11 ASCII digits"):
        my_number_check_digit(bad)


def test_make_my_number_is_deterministic_and_valid() -> None:
    numbers = [make_my_number(f"seed-{i}") for i in range(200)]
    assert numbers == [make_my_number(f"seed-{i}") for i in range(200)]
    assert len(set(numbers)) == 200
    for n in numbers:
        assert len(n) == 12
        assert n[0] != "0"
        assert is_valid_my_number(n)
    assert make_my_number(7) == make_my_number("7")
    assert is_valid_my_number("123456789018")
    assert not is_valid_my_number("123456789017")


def test_card_holder_rejects_an_invalid_my_number() -> None:
    with pytest.raises(ValueError, match="check digit"):
        holder("r-x", my_number="123456789017")
    with pytest.raises(ValueError, match="sex"):
        holder("r-x", sex="M")


# -- CAs and certificates -----------------------------------------------------------------


def _rsa_pub(cert: x509.Certificate) -> rsa.RSAPublicKey:
    key = cert.public_key()
    assert isinstance(key, rsa.RSAPublicKey)
    return key


def _spki(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def test_two_distinct_self_signed_rsa2048_cas(jlis: JLIS) -> None:
    auth_ca, sign_ca = jlis.auth_ca_cert, jlis.sign_ca_cert
    assert auth_ca.subject != sign_ca.subject
    assert _spki(_rsa_pub(auth_ca)) != _spki(_rsa_pub(sign_ca))
    for ca in (auth_ca, sign_ca):
        assert _rsa_pub(ca).key_size == 2048
        ca.verify_directly_issued_by(ca)
        bc = ca.extensions.get_extension_for_class(x509.BasicConstraints).value
        assert bc.ca
        assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
        assert "JPKI Stub" in ca.subject.rfc4514_string()


def test_issued_certificates_chain_to_their_own_ca_only(jlis: JLIS, demo_profile: CardProfile) -> None:
    assert jlis.verify_chain(demo_profile.auth_cert, "auth")
    assert jlis.verify_chain(demo_profile.sign_cert, "sign")
    assert not jlis.verify_chain(demo_profile.auth_cert, "sign")
    assert not jlis.verify_chain(demo_profile.sign_cert, "auth")
    assert demo_profile.auth_ca_cert == jlis.auth_ca_cert
    assert demo_profile.sign_ca_cert == jlis.sign_ca_cert


def test_a_foreign_ca_certificate_does_not_verify(jlis: JLIS, tmp_path: pathlib.Path) -> None:
    other = JLIS(tmp_path)
    profile = other.issue_card(holder("r-other"), **DEMO_PINS)
    assert other.verify_chain(profile.auth_cert, "auth")
    assert not jlis.verify_chain(profile.auth_cert, "auth")  # same names, different key


def test_keys_match_certificates(demo_profile: CardProfile) -> None:
    for key, cert in (
        (demo_profile.auth_key, demo_profile.auth_cert),
        (demo_profile.sign_key, demo_profile.sign_cert),
    ):
        assert key.key_size == 2048
        assert _spki(key.public_key()) == _spki(_rsa_pub(cert))
        sig = key.sign(b"m", padding.PKCS1v15(), hashes.SHA256())
        _rsa_pub(cert).verify(sig, b"m", padding.PKCS1v15(), hashes.SHA256())


def test_auth_certificate_carries_no_personal_data(demo_profile: CardProfile) -> None:
    cert = demo_profile.auth_cert
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn != demo_profile.holder.name
    assert len(cn) == 20
    assert cn.isascii()
    der = cert.public_bytes(serialization.Encoding.DER)
    for personal in (demo_profile.holder.name, demo_profile.holder.address, demo_profile.holder.my_number):
        assert personal.encode() not in der
    with pytest.raises(x509.ExtensionNotFound):
        cert.extensions.get_extension_for_oid(ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature
    assert not ku.content_commitment


def test_sign_certificate_carries_the_card_face_data(demo_profile: CardProfile) -> None:
    cert, h = demo_profile.sign_cert, demo_profile.holder
    # The 基本4情報 are in the SAN otherNames; the subject is an identifier, as in the auth certificate.
    cn = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert cn != h.name
    assert len(cn) == 20
    assert cn.isascii()
    assert h.name not in cert.subject.rfc4514_string()
    assert cn != demo_profile.auth_cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    values = {o.type_id: o.value for o in san.get_values_for_type(x509.OtherName)}
    assert values[OID_JPKI_NAME] == b"\x0c" + bytes([len(h.name.encode())]) + h.name.encode()
    assert values[OID_JPKI_BIRTH_DATE] == b"\x13\x08" + h.birth_date.strftime("%Y%m%d").encode()
    assert values[OID_JPKI_SEX] == b"\x13\x01" + h.sex.encode()
    assert values[OID_JPKI_ADDRESS][2:].decode("utf-8") == h.address
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature
    assert ku.content_commitment


_JST = datetime.timezone(datetime.timedelta(hours=9))


def _last_day_jst(cert: x509.Certificate) -> datetime.date:
    end = cert.not_valid_after_utc.astimezone(_JST)
    assert (end.hour, end.minute, end.second) == (23, 59, 59)  # valid through the whole day in Japan
    return end.date()


def test_certificates_end_on_the_holders_fifth_birthday_after_issue(demo_profile: CardProfile) -> None:
    # src:higashimurayama-jpki-validity: 発行の日後の5回目の誕生日 (both certificates, at any age)
    now = datetime.datetime.now(datetime.UTC)
    today = now.astimezone(_JST).date()
    birth = demo_profile.holder.birth_date  # 1 April
    next_birthday = birth.replace(year=today.year)
    if next_birthday <= today:
        next_birthday = birth.replace(year=today.year + 1)
    for cert in (demo_profile.auth_cert, demo_profile.sign_cert):
        assert cert.not_valid_before_utc <= now
        assert _last_day_jst(cert) == next_birthday.replace(year=next_birthday.year + 4)
        # Long enough that a card reader client must read it in more than one short chunk.
        assert len(cert.public_bytes(serialization.Encoding.DER)) > 256


@pytest.mark.parametrize(
    ("birth", "issued", "last_day"),
    [
        # A child, an adult and an old holder alike: the 5th birthday after the day of issue.
        (datetime.date(2020, 5, 1), datetime.date(2026, 12, 6), datetime.date(2031, 5, 1)),
        (datetime.date(1985, 12, 7), datetime.date(2026, 12, 6), datetime.date(2030, 12, 7)),
        (datetime.date(1931, 1, 1), datetime.date(2026, 12, 6), datetime.date(2031, 1, 1)),
        # Issued on the birthday itself: that day is not "after" the day of issue.
        (datetime.date(1990, 12, 6), datetime.date(2026, 12, 6), datetime.date(2031, 12, 6)),
        # 29 February falls on 28 February in a common year.
        (datetime.date(2000, 2, 29), datetime.date(2026, 12, 6), datetime.date(2031, 2, 28)),
    ],
)
def test_validity_rule(jlis: JLIS, birth: datetime.date, issued: datetime.date, last_day: datetime.date) -> None:
    nb = datetime.datetime.combine(issued, datetime.time(10), _JST)
    p = jlis.issue_card(holder(f"r-rule-{birth.isoformat()}", birth_date=birth), **DEMO_PINS, not_before=nb)
    assert _last_day_jst(p.auth_cert) == last_day
    assert _last_day_jst(p.sign_cert) == last_day


def test_validity_is_capped_by_the_card(jlis: JLIS) -> None:
    nb = datetime.datetime(2026, 12, 6, 10, tzinfo=_JST)
    card_end = datetime.datetime(2029, 3, 31, 14, 59, 59, tzinfo=datetime.UTC)
    p = jlis.issue_card(
        holder("r-rule-capped", birth_date=datetime.date(1985, 12, 7)), **DEMO_PINS,
        not_before=nb, card_valid_until=card_end,
    )
    assert p.auth_cert.not_valid_after_utc == card_end
    assert p.sign_cert.not_valid_after_utc == card_end


def test_expired_card(jlis: JLIS, expired_profile: CardProfile) -> None:
    now = datetime.datetime.now(datetime.UTC)
    assert expired_profile.auth_cert.not_valid_after_utc < now
    assert expired_profile.sign_cert.not_valid_after_utc < now
    assert jlis.verify_chain(expired_profile.auth_cert, "auth")
    assert not jlis.is_revoked(expired_profile.auth_cert)


def test_validity_must_not_be_empty(jlis: JLIS) -> None:
    now = datetime.datetime.now(datetime.UTC)
    with pytest.raises(ValueError, match="not_after"):
        jlis.issue_card(holder("r-bad"), **DEMO_PINS, not_before=now, not_after=now)


@pytest.mark.parametrize(
    "pins",
    [
        {"auth_pin": "123", "sign_pin": "ABC123", "kenhojo_pin": "1234"},
        {"auth_pin": "1234", "sign_pin": "abc123", "kenhojo_pin": "1234"},
        {"auth_pin": "1234", "sign_pin": "ABC12", "kenhojo_pin": "1234"},
        {"auth_pin": "1234", "sign_pin": "A" * 17, "kenhojo_pin": "1234"},
        {"auth_pin": "1234", "sign_pin": "ABC123", "kenhojo_pin": "12a4"},
    ],
)
def test_malformed_pins_are_refused_at_issuance(jlis: JLIS, pins: Pins) -> None:
    with pytest.raises(ValueError, match="PIN format"):
        jlis.issue_card(holder("r-bad-pin"), **pins)


# -- Revocation and CRLs -------------------------------------------------------------------


def _crl_serials(crl: x509.CertificateRevocationList) -> set[int]:
    return {r.serial_number for r in crl}


def test_revoked_card_is_in_both_crls(
    jlis: JLIS, revoked_profile: CardProfile, demo_profile: CardProfile
) -> None:
    assert jlis.is_revoked(revoked_profile.auth_cert)
    assert jlis.is_revoked(revoked_profile.sign_cert)
    assert not jlis.is_revoked(demo_profile.auth_cert)
    auth_crl, sign_crl = jlis.crl("auth"), jlis.crl("sign")
    assert revoked_profile.auth_cert.serial_number in _crl_serials(auth_crl)
    assert revoked_profile.sign_cert.serial_number in _crl_serials(sign_crl)
    assert revoked_profile.sign_cert.serial_number not in _crl_serials(auth_crl)
    assert demo_profile.auth_cert.serial_number not in _crl_serials(auth_crl)
    assert auth_crl.is_signature_valid(_rsa_pub(jlis.auth_ca_cert))
    assert sign_crl.is_signature_valid(_rsa_pub(jlis.sign_ca_cert))
    assert not auth_crl.is_signature_valid(_rsa_pub(jlis.sign_ca_cert))
    assert auth_crl.issuer == jlis.auth_ca_cert.subject
    assert auth_crl.next_update_utc is not None
    assert auth_crl.next_update_utc > datetime.datetime.now(datetime.UTC)


def test_crl_follows_new_revocations(tmp_path: pathlib.Path) -> None:
    j = JLIS(tmp_path)
    p = j.issue_card(holder("r-a"), **DEMO_PINS)
    before = j.crl("auth")
    assert len(before) == 0
    j.revoke("r-a")
    after = j.crl("auth")
    assert _crl_serials(after) == {p.auth_cert.serial_number}
    number = after.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    assert number > before.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    j.revoke("r-a")  # twice is harmless
    assert len(j.crl("auth")) == 1


def test_crl_rejects_an_unknown_ca(jlis: JLIS) -> None:
    with pytest.raises(ValueError, match="auth"):
        jlis.crl("kenhojo")  # type: ignore[arg-type]


def test_certificate_from_another_ca_is_never_revoked_here(jlis: JLIS, tmp_path: pathlib.Path) -> None:
    other = JLIS(tmp_path)
    p = other.issue_card(holder("r-demo-lost"), **DEMO_PINS)
    other.revoke("r-demo-lost")
    assert other.is_revoked(p.auth_cert)
    assert not jlis.is_revoked(p.auth_cert)


# -- Persistence and reissue ------------------------------------------------------------


def test_everything_survives_a_restart(tmp_path: pathlib.Path) -> None:
    j = JLIS(tmp_path)
    h = holder("r-niiza-sato", name="佐藤 花子")
    issued = j.issue_card(h, **DEMO_PINS)
    lost = j.issue_card(holder("r-lost"), **DEMO_PINS)
    j.revoke("r-lost")

    again = JLIS(tmp_path)
    assert again.auth_ca_cert == j.auth_ca_cert
    assert again.sign_ca_cert == j.sign_ca_cert
    assert _spki(again.kenhojo_public_key) == _spki(j.kenhojo_public_key)
    assert again.card_ids() == ["r-lost", "r-niiza-sato"]
    loaded = again.load_card("r-niiza-sato")
    assert loaded.holder == h
    assert loaded.auth_cert == issued.auth_cert
    assert loaded.sign_cert == issued.sign_cert
    assert _spki(loaded.auth_key.public_key()) == _spki(issued.auth_key.public_key())
    assert _spki(loaded.sign_key.public_key()) == _spki(issued.sign_key.public_key())
    assert (loaded.auth_pin, loaded.sign_pin, loaded.kenhojo_pin) == ("1234", "ABC123", "1234")
    assert again.is_revoked(lost.auth_cert)
    assert not again.is_revoked(loaded.auth_cert)
    assert again.verify_chain(loaded.auth_cert, "auth")

    # Storage format: unencrypted PEM keys, DER certificates.
    card_dir = tmp_path / "cards" / "r-niiza-sato"
    assert (card_dir / "auth.key.pem").read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert x509.load_der_x509_certificate((card_dir / "sign.der").read_bytes()) == issued.sign_cert
    assert (tmp_path / "jlis" / "auth_ca.der").exists()


def test_reissue_replaces_the_card_and_revokes_the_old_one(tmp_path: pathlib.Path) -> None:
    j = JLIS(tmp_path)
    old = j.issue_card(holder("r-a"), **DEMO_PINS)
    new = j.issue_card(
        holder("r-a", address="東京都千代田区千代田1番1号"),
        **Pins(auth_pin="9876", sign_pin="ABC123", kenhojo_pin="1234"),
    )
    assert j.card_ids() == ["r-a"]
    loaded = j.load_card("r-a")
    assert loaded.auth_cert == new.auth_cert
    assert loaded.auth_pin == "9876"
    assert loaded.holder.address == "東京都千代田区千代田1番1号"
    assert j.is_revoked(old.auth_cert)
    assert j.is_revoked(old.sign_cert)
    assert not j.is_revoked(new.auth_cert)
    assert not j.is_revoked(new.sign_cert)
    assert [p.name for p in (tmp_path / "cards").iterdir()] == ["r-a"]  # no leftovers


@pytest.mark.parametrize("resident_id", ["r-nobody", "", "../jlis", ".hidden"])
def test_unknown_card(jlis: JLIS, resident_id: str) -> None:
    with pytest.raises(KeyError):
        jlis.load_card(resident_id)
    with pytest.raises(KeyError):
        jlis.revoke(resident_id)


def test_card_holder_round_trips_through_json() -> None:
    h = holder("r-x", birth_date=datetime.date(2001, 2, 3), sex="9")
    assert CardHolder.from_json(h.to_json()) == h


def test_processes_starting_together_share_one_set_of_cas(tmp_path: pathlib.Path) -> None:
    code = (
        "import hashlib, pathlib, sys\n"
        "from cryptography.hazmat.primitives import serialization\n"
        "from backend_stub.jlis import JLIS\n"
        "j = JLIS(pathlib.Path(sys.argv[1]))\n"
        "print(hashlib.sha256(j.auth_ca_cert.public_bytes(serialization.Encoding.DER)).hexdigest())\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    outputs = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(outputs) == 1
    j = JLIS(tmp_path)
    ca_key = serialization.load_pem_private_key((tmp_path / "jlis" / "auth_ca.key.pem").read_bytes(), None)
    assert isinstance(ca_key, rsa.RSAPrivateKey)
    assert _spki(ca_key.public_key()) == _spki(_rsa_pub(j.auth_ca_cert))
    assert j.verify_chain(j.issue_card(holder("r-a"), **DEMO_PINS).auth_cert, "auth")


def test_revocation_by_another_instance_is_seen(tmp_path: pathlib.Path) -> None:
    server, cli = JLIS(tmp_path), JLIS(tmp_path)  # e.g. the stub server and `mynastub revoke`
    p = server.issue_card(holder("r-a"), **DEMO_PINS)
    assert not server.is_revoked(p.auth_cert)
    assert len(server.crl("auth")) == 0
    cli.revoke("r-a")
    assert server.is_revoked(p.auth_cert)
    assert _crl_serials(server.crl("auth")) == {p.auth_cert.serial_number}


# -- Revocation is read from the CA's signed CRL ---------------------------------------------


def _crl_listing(
    serial: int, signer: rsa.RSAPrivateKey, issuer: x509.Name, *, age: datetime.timedelta = datetime.timedelta(0)
) -> x509.CertificateRevocationList:
    now = datetime.datetime.now(datetime.UTC) - age
    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer)
        .last_update(now - datetime.timedelta(minutes=1))
        .next_update(now + datetime.timedelta(days=1))
        .add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now).build()
        )
        .sign(signer, hashes.SHA256())
    )


def test_revocation_is_what_the_signed_crl_says(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    j = JLIS(tmp_path)
    p = j.issue_card(holder("r-crl"), **DEMO_PINS)
    ca_key = serialization.load_pem_private_key((tmp_path / "jlis" / "auth_ca.key.pem").read_bytes(), None)
    assert isinstance(ca_key, rsa.RSAPrivateKey)
    # A CRL the CA signed, listing the card (however it came to be published), revokes it...
    listed = _crl_listing(p.auth_cert.serial_number, ca_key, j.auth_ca_cert.subject)
    monkeypatch.setattr(j, "crl", lambda which: listed)
    assert j.is_revoked(p.auth_cert)
    # ...and a CRL that the CA did not sign is not believed.
    forged = _crl_listing(p.auth_cert.serial_number, rsa.generate_private_key(65537, 2048), j.auth_ca_cert.subject)
    monkeypatch.setattr(j, "crl", lambda which: forged)
    with pytest.raises(RuntimeError, match="CRL"):
        j.is_revoked(p.auth_cert)


def test_a_crl_past_its_next_update_is_not_believed(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # RFC 5280 §5.1.2.5: a relying party does not rely on a CRL after its nextUpdate.
    j = JLIS(tmp_path)
    p = j.issue_card(holder("r-crl-stale"), **DEMO_PINS)
    ca_key = serialization.load_pem_private_key((tmp_path / "jlis" / "auth_ca.key.pem").read_bytes(), None)
    assert isinstance(ca_key, rsa.RSAPrivateKey)
    stale = _crl_listing(12345, ca_key, j.auth_ca_cert.subject, age=datetime.timedelta(days=2))
    monkeypatch.setattr(j, "crl", lambda which: stale)
    with pytest.raises(RuntimeError, match="CRL"):
        j.is_revoked(p.auth_cert)


def test_the_crl_is_reissued_before_its_next_update(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import backend_stub.jlis as jlis_module

    j = JLIS(tmp_path)
    j.issue_card(holder("r-crl-fresh"), **DEMO_PINS)
    # A CRL that lives less than the refresh margin is reissued every time it is asked for,
    # each with a higher CRL number (RFC 5280 §5.2.3).
    monkeypatch.setattr(jlis_module, "_CRL_LIFETIME", datetime.timedelta(minutes=30))
    crls = [j.crl("auth") for _ in range(3)]
    numbers = [c.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number for c in crls]
    assert numbers == sorted(set(numbers))
    assert not j.is_revoked(j.issue_card(holder("r-crl-fresh-2"), **DEMO_PINS).auth_cert)
    monkeypatch.undo()
    # Unchanged revocations, far from its nextUpdate: the same CRL (every login reads it).
    first = j.crl("sign")
    assert j.crl("sign") is first


def test_a_lapse_after_a_revocation_is_what_the_crl_says(tmp_path: pathlib.Path) -> None:
    j = JLIS(tmp_path)
    p = j.issue_card(holder("r-crl-lapse"), **DEMO_PINS)
    assert p.sign_cert is not None
    j.revoke("r-crl-lapse")
    j.crl("sign")  # published with the day of the revocation
    j.lapse_signing("r-crl-lapse", datetime.date(2026, 4, 1))  # the record now says: lapsed on 1 April
    entry = j.crl("sign").get_revoked_certificate_by_serial_number(p.sign_cert.serial_number)
    assert entry is not None
    assert entry.revocation_date_utc == datetime.datetime(2026, 3, 31, 15, 0, tzinfo=datetime.UTC)
