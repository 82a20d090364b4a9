"""The stub J-LIS: a fictional JPKI certificate authority that issues virtual My Number Cards.

It keeps two RSA-2048 CAs (利用者証明用 = authentication, 署名用 = signing) under
``data_dir/jlis/`` and one directory per issued card under ``data_dir/cards/<resident_id>/``:
the holder's card-face data, the PINs, both key pairs and both certificates, and the card's
run-time image (``card-image.json``, :mod:`backend_stub.card.image`: what the emulator needs,
as plain numbers and bytes, so the process hosting a card never loads cryptography). Revocations
(a lost card, or a card replaced by a new one) are persisted and published as CRLs.

Everything here is fictional ("JPKI Stub" names) and unencrypted: it is a stub data dir, so
its files are the owner's alone (0600 in 0700 folders, :mod:`backend_stub.private`): the CA keys
let whoever reads them mint a certificate for any resident.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import json
import os
import pathlib
import secrets
import shutil
import string
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Literal

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509 import verification
from cryptography.x509.oid import NameOID

from backend_stub.card.image import IMAGE_FILE, CardImage, image_file_bytes, image_of, load_card_image
from backend_stub.certs import CA_KEY_USAGE
from backend_stub.private import make_private_dir, write_private

try:
    import fcntl
except ImportError:  # not POSIX: only threads are serialised
    fcntl = None  # type: ignore[assignment]

Which = Literal["auth", "sign"]

# JPKI's subjectAltName otherName types for the card-face data in the signing certificate.
OID_JPKI_NAME = x509.ObjectIdentifier("1.2.392.200149.8.5.5.1")
OID_JPKI_SEX = x509.ObjectIdentifier("1.2.392.200149.8.5.5.3")
OID_JPKI_BIRTH_DATE = x509.ObjectIdentifier("1.2.392.200149.8.5.5.4")
OID_JPKI_ADDRESS = x509.ObjectIdentifier("1.2.392.200149.8.5.5.5")

_CA_NAMES: dict[str, str] = {
    "auth": "JPKI Stub for user authentication",
    "sign": "JPKI Stub for digital signature",
}
_CA_VALID_FROM = datetime.datetime(2010, 1, 1, tzinfo=datetime.UTC)
_CA_VALID_TO = datetime.datetime(2050, 1, 1, tzinfo=datetime.UTC)
# A certificate is valid through the end of its last day in Japan.
_JST = datetime.timezone(datetime.timedelta(hours=9))
# How many of the holder's birthdays after the day of issue a certificate lives: both JPKI
# certificates end on the 5th, at any age, or earlier with the card (src:higashimurayama-jpki-validity).
_CERT_BIRTHDAYS = 5
_SERIAL_CN_ALPHABET = string.ascii_uppercase + string.digits
# A CRL's nextUpdate is this long after its thisUpdate; it is reissued this long before, so a
# relying party never holds one past its nextUpdate (RFC 5280 §5.1.2.5).
_CRL_LIFETIME = datetime.timedelta(days=1)
_CRL_REFRESH = datetime.timedelta(hours=1)
CARD_FILE = "card.json"

_MY_NUMBER_WEIGHTS = (6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


# ---------------------------------------------------------------------------------------------
# 個人番号 check digit (domain.md §3)


def my_number_check_digit(first11: str) -> str:
    """The check digit of a 個人番号 from its first 11 digits (総務省令第85号 第5条)."""
    if len(first11) != 11 or not first11.isascii() or not first11.isdigit():
        raise ValueError("a 個人番号 base is exactly 11 ASCII digits")
    r = sum(int(d) * w for d, w in zip(first11, _MY_NUMBER_WEIGHTS, strict=True)) % 11
    return "0" if r <= 1 else str(11 - r)


def is_valid_my_number(number: str) -> bool:
    return (
        len(number) == 12
        and number.isascii()
        and number.isdigit()
        and my_number_check_digit(number[:11]) == number[11]
    )


def make_my_number(seed: str | int | bytes) -> str:
    """A valid, fictional 12-digit 個人番号 derived deterministically from ``seed``."""
    raw = seed if isinstance(seed, bytes) else str(seed).encode()
    value = int.from_bytes(hashlib.sha256(b"mynastub-my-number:" + raw).digest(), "big")
    base = str(1 + value % 9) + str(value // 9 % 10**10).zfill(10)  # no leading zero
    return base + my_number_check_digit(base)


# ---------------------------------------------------------------------------------------------
# Data types


@dataclass(frozen=True)
class CardHolder:
    resident_id: str  # opaque id, e.g. "r-niiza-sato"
    my_number: str  # 12 digits, valid check digit
    name: str  # e.g. "佐藤 花子"
    address: str
    birth_date: datetime.date
    sex: str  # "1" male, "2" female, "9" not applicable (as on the card)

    def __post_init__(self) -> None:
        if not is_valid_my_number(self.my_number):
            raise ValueError("my_number must be 12 digits with a valid check digit")
        if self.sex not in ("1", "2", "9"):
            raise ValueError("sex must be '1', '2' or '9'")
        if not self.resident_id or "/" in self.resident_id or self.resident_id.startswith("."):
            raise ValueError("resident_id must be a plain, non-empty name")

    def to_json(self) -> dict[str, str]:
        d = dataclasses.asdict(self)
        d["birth_date"] = self.birth_date.isoformat()
        return d

    @classmethod
    def from_json(cls, d: dict[str, str]) -> CardHolder:
        return cls(**{**d, "birth_date": datetime.date.fromisoformat(d["birth_date"])})  # type: ignore[arg-type]


@dataclass
class CardProfile:
    """Everything a virtual card holds."""

    holder: CardHolder
    auth_key: rsa.RSAPrivateKey
    auth_cert: x509.Certificate
    auth_ca_cert: x509.Certificate
    # None on a card without a 署名用電子証明書: one issued to a child under 15, who cannot have one
    # (src:fukuchiyama-jpki-age, src:fujimino-jpki-sign-under15).
    sign_key: rsa.RSAPrivateKey | None
    sign_cert: x509.Certificate | None
    sign_ca_cert: x509.Certificate
    auth_pin: str
    sign_pin: str | None
    kenhojo_pin: str
    # The stub key that signs the 券面事項入力補助 data (kenhojo EF 0003); its public key is
    # JLIS.kenhojo_public_key, the trust anchor a client's tests inject.
    kenhojo_sign_key: rsa.RSAPrivateKey | None = None
    # Where the card lives on disk (None for a card that was never persisted).
    card_dir: pathlib.Path | None = None


# ---------------------------------------------------------------------------------------------
# File helpers


def _write_atomic(path: pathlib.Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    write_private(tmp, data)
    os.replace(tmp, path)


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _load_key(path: pathlib.Path) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path} is not an RSA key")
    return key


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _utf8_string(text: str) -> bytes:
    return _der_tlv(0x0C, text.encode("utf-8"))


def _printable_string(text: str) -> bytes:
    return _der_tlv(0x13, text.encode("ascii"))


def _der_tlv(tag: int, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    else:
        body = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(body)]) + body
    return bytes([tag]) + length + value


def _card_image_bytes(profile: CardProfile) -> bytes:
    return image_file_bytes(image_of(profile))


def _random_serial_cn() -> str:
    # The real authentication certificate's subject is a meaningless serial-like string.
    return "".join(secrets.choice(_SERIAL_CN_ALPHABET) for _ in range(20))


def nth_birthday_after(birth_date: datetime.date, day: datetime.date, n: int) -> datetime.date:
    """The holder's ``n``-th birthday strictly after ``day`` (a birthday on ``day`` itself does not
    count: 「発行の日後の5回目の誕生日」, src:higashimurayama-jpki-validity). A 29 February
    birthday falls on 28 February in common years (a stub convention, not a sourced rule)."""

    def birthday_in(year: int) -> datetime.date:
        try:
            return birth_date.replace(year=year)
        except ValueError:  # 29 February in a common year
            return datetime.date(year, 2, 28)

    first = birthday_in(day.year)
    if first <= day:
        first = birthday_in(day.year + 1)
    return birthday_in(first.year + n - 1)


# Below this age on the day of issue a card carries no 署名用電子証明書 (src:fukuchiyama-jpki-age,
# src:fujimino-jpki-sign-under15); the 利用者証明用 one it carries, its PIN set by the 法定代理人.
SIGN_CERTIFICATE_MIN_AGE = 15


def may_hold_sign_certificate(birth_date: datetime.date, day: datetime.date) -> bool:
    """Whether a card issued on ``day`` to someone born on ``birth_date`` may carry a 署名用電子証明書."""
    age = day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))
    return age >= SIGN_CERTIFICATE_MIN_AGE


def certificate_not_after(
    holder: CardHolder, issued: datetime.datetime, card_valid_until: datetime.datetime | None = None
) -> datetime.datetime:
    """When a JPKI certificate issued at ``issued`` ends: the end (in Japan) of the holder's 5th
    birthday after the day of issue, at any age, or the end of the card's validity if that comes
    first (src:higashimurayama-jpki-validity)."""
    issue_day = issued.astimezone(_JST).date()
    last_day = nth_birthday_after(holder.birth_date, issue_day, _CERT_BIRTHDAYS)
    end = datetime.datetime.combine(last_day, datetime.time(23, 59, 59), _JST).astimezone(datetime.UTC)
    if card_valid_until is not None:
        end = min(end, card_valid_until)
    return end


def card_end(birth_date: datetime.date, issued: datetime.datetime) -> datetime.datetime:
    """When a card issued at ``issued`` ends: the end (in Japan) of the holder's 10th birthday after
    the day of issue for a holder of 18 or more on that day, the 5th for one under 18 (the rule for
    applications from 2022-04-01 on, which every card this stub issues follows; src:minato-card-validity)."""
    issue_day = issued.astimezone(_JST).date()
    age = issue_day.year - birth_date.year - ((issue_day.month, issue_day.day) < (birth_date.month, birth_date.day))
    last_day = nth_birthday_after(birth_date, issue_day, 10 if age >= 18 else 5)
    return datetime.datetime.combine(last_day, datetime.time(23, 59, 59), _JST).astimezone(datetime.UTC)


def _verify_ee(_policy: verification.Policy, _cert: x509.Certificate, value: object) -> None:
    """JPKI end-entity rules on top of RFC 5280 path validation (the verifier's defaults are
    WebPKI's, which would demand a SAN and an EKU that JPKI certificates do not carry)."""
    if isinstance(value, x509.BasicConstraints) and value.ca:
        raise ValueError("an end-entity certificate must not be a CA")
    if isinstance(value, x509.KeyUsage) and not value.digital_signature:
        raise ValueError("an end-entity certificate must allow digitalSignature")


_EE_POLICY = (
    verification.ExtensionPolicy.permit_all()
    .may_be_present(x509.BasicConstraints, verification.Criticality.AGNOSTIC, _verify_ee)
    .require_present(x509.KeyUsage, verification.Criticality.AGNOSTIC, _verify_ee)
)
_CA_POLICY = verification.ExtensionPolicy.webpki_defaults_ca()


# ---------------------------------------------------------------------------------------------
# The CA


class JLIS:
    """The stub J-LIS: two CAs, card issuance, revocation and CRLs, persisted under data_dir."""

    def __init__(self, data_dir: pathlib.Path) -> None:
        self.data_dir = pathlib.Path(data_dir)
        self._ca_dir = self.data_dir / "jlis"
        self._cards_dir = self.data_dir / "cards"
        make_private_dir(self._ca_dir)
        make_private_dir(self._cards_dir)
        self._lock = threading.RLock()
        self._lock_depth = 0
        self._lock_file: IO[bytes] | None = None
        self._ca_keys: dict[str, rsa.RSAPrivateKey] = {}
        self._ca_certs: dict[str, x509.Certificate] = {}
        with self._exclusive():  # two processes starting on a fresh data dir make one set of CAs
            for which in ("auth", "sign"):
                self._ca_keys[which], self._ca_certs[which] = self._load_or_create_ca(which)
            self._kenhojo_key = self._load_or_create_key(self._ca_dir / "kenhojo.key.pem")
        self._revoked_path = self._ca_dir / "revoked.json"
        self._crl_cache: dict[str, tuple[tuple[tuple[str, str], ...], x509.CertificateRevocationList]] = {}
        self._revoked_cache: tuple[tuple[int, int, int], list[dict[str, str | int]]] | None = None
        self._holders_cache: tuple[int, dict[str, str]] | None = None

    @contextlib.contextmanager
    def _exclusive(self) -> Iterator[None]:
        """Serialises writers across threads and, through a lock file, across processes (the stub
        server, ``mynastub card`` and tests may share one data dir). Reentrant within a thread."""
        with self._lock:
            if self._lock_depth == 0 and fcntl is not None:
                self._lock_file = os.fdopen(
                    os.open(self._ca_dir / ".lock", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab"
                )
                fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
                if self._lock_depth == 0 and self._lock_file is not None:
                    self._lock_file.close()  # releases the flock
                    self._lock_file = None

    # -- CAs ------------------------------------------------------------------------------

    def _load_or_create_key(self, path: pathlib.Path) -> rsa.RSAPrivateKey:
        if path.exists():
            return _load_key(path)
        key = _new_key()
        _write_atomic(path, _key_pem(key))
        return key

    def _load_or_create_ca(self, which: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
        key_path = self._ca_dir / f"{which}_ca.key.pem"
        cert_path = self._ca_dir / f"{which}_ca.der"
        if key_path.exists() and cert_path.exists():
            return _load_key(key_path), x509.load_der_x509_certificate(cert_path.read_bytes())
        key = _new_key()
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI Stub"),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, _CA_NAMES[which]),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Stub J-LIS (fictional)"),
            ]
        )
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(_CA_VALID_FROM)
            .not_valid_after(_CA_VALID_TO)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(CA_KEY_USAGE, critical=True)
            .add_extension(ski, critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        _write_atomic(key_path, _key_pem(key))
        _write_atomic(cert_path, cert.public_bytes(serialization.Encoding.DER))
        return key, cert

    @property
    def auth_ca_cert(self) -> x509.Certificate:
        return self._ca_certs["auth"]

    @property
    def sign_ca_cert(self) -> x509.Certificate:
        return self._ca_certs["sign"]

    @property
    def kenhojo_public_key(self) -> rsa.RSAPublicKey:
        """Verifies the kenhojo AP's EF 0003 signature (DF33) of every card this J-LIS issued."""
        return self._kenhojo_key.public_key()

    def ca_cert(self, which: Which) -> x509.Certificate:
        return self._ca_certs[self._check_which(which)]

    @staticmethod
    def _check_which(which: str) -> str:
        if which not in ("auth", "sign"):
            raise ValueError(f"which must be 'auth' or 'sign', not {which!r}")
        return which

    # -- Issuance ---------------------------------------------------------------------------

    def _issue_cert(
        self,
        which: str,
        key: rsa.RSAPrivateKey,
        holder: CardHolder,
        not_before: datetime.datetime,
        not_after: datetime.datetime,
    ) -> x509.Certificate:
        ca_key, ca_cert = self._ca_keys[which], self._ca_certs[which]
        signing = which == "sign"
        # Both certificates name their subject by a meaningless identifier. The signing
        # certificate's card-face data (the 基本4情報) are in its subjectAltName otherNames below
        # (src:shirako-jpki-sign-cert). J-LIS's own subject profile could not be confirmed from a
        # public source, so the subject repeats no personal data (src:jpki-act-h14-153).
        subject_cn = _random_serial_cn()
        builder = (
            x509.CertificateBuilder()
            .subject_name(
                x509.Name(
                    [
                        x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                        x509.NameAttribute(NameOID.COMMON_NAME, subject_cn),
                    ]
                )
            )
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=signing,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
            )
        )
        if signing:
            builder = builder.add_extension(
                x509.SubjectAlternativeName(
                    [
                        x509.OtherName(OID_JPKI_NAME, _utf8_string(holder.name)),
                        x509.OtherName(
                            OID_JPKI_BIRTH_DATE, _printable_string(holder.birth_date.strftime("%Y%m%d"))
                        ),
                        x509.OtherName(OID_JPKI_SEX, _printable_string(holder.sex)),
                        x509.OtherName(OID_JPKI_ADDRESS, _utf8_string(holder.address)),
                    ]
                ),
                critical=False,
            )
        return builder.sign(ca_key, hashes.SHA256())

    def issue_card(
        self,
        holder: CardHolder,
        *,
        auth_pin: str,
        sign_pin: str | None,
        kenhojo_pin: str,
        not_before: datetime.datetime | None = None,
        not_after: datetime.datetime | None = None,
        card_valid_until: datetime.datetime | None = None,
    ) -> CardProfile:
        """Issues a new card to ``holder`` and persists it, replacing (and revoking) an earlier one.

        ``not_before`` defaults to now (less a minute of clock skew); ``not_after`` to the end of
        the holder's 5th birthday after issue, or ``card_valid_until`` if the card ends sooner
        (:func:`certificate_not_after`). Pass past dates to issue an already expired card for tests.
        ``sign_pin=None`` issues no 署名用電子証明書 (a child under 15: :func:`may_hold_sign_certificate`).
        """
        _check_pin("auth", auth_pin)
        if sign_pin is not None:
            _check_pin("sign", sign_pin)
        _check_pin("kenhojo", kenhojo_pin)
        now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
        nb = not_before or now - datetime.timedelta(minutes=1)
        card_until = card_valid_until or card_end(holder.birth_date, nb)
        na = not_after or certificate_not_after(holder, nb, card_until)
        if na <= nb:
            raise ValueError("not_after must be later than not_before")
        auth_key = _new_key()
        sign_key = _new_key() if sign_pin is not None else None
        auth_cert = self._issue_cert("auth", auth_key, holder, nb, na)
        sign_cert = self._issue_cert("sign", sign_key, holder, nb, na) if sign_key is not None else None
        card_dir = self._cards_dir / holder.resident_id
        profile = CardProfile(
            holder=holder,
            auth_key=auth_key,
            auth_cert=auth_cert,
            auth_ca_cert=self.auth_ca_cert,
            sign_key=sign_key,
            sign_cert=sign_cert,
            sign_ca_cert=self.sign_ca_cert,
            auth_pin=auth_pin,
            sign_pin=sign_pin,
            kenhojo_pin=kenhojo_pin,
            kenhojo_sign_key=self._kenhojo_key,
            card_dir=card_dir,
        )
        image = _card_image_bytes(profile)
        with self._exclusive():
            if (card_dir / "auth.der").exists():
                self.revoke(holder.resident_id)  # a reissued card invalidates the old certificates
            tmp = self._cards_dir / f".{holder.resident_id}.{os.getpid()}.new"
            shutil.rmtree(tmp, ignore_errors=True)
            make_private_dir(tmp)
            write_private(tmp / "holder.json", json.dumps(holder.to_json(), ensure_ascii=False, indent=1).encode())
            write_private(
                tmp / "pins.json",
                json.dumps({"auth": auth_pin, "sign": sign_pin, "kenhojo": kenhojo_pin}, indent=1).encode(),
            )
            write_private(tmp / "auth.key.pem", _key_pem(auth_key))
            write_private(tmp / "auth.der", auth_cert.public_bytes(serialization.Encoding.DER))
            if sign_key is not None and sign_cert is not None:
                write_private(tmp / "sign.key.pem", _key_pem(sign_key))
                write_private(tmp / "sign.der", sign_cert.public_bytes(serialization.Encoding.DER))
            write_private(tmp / IMAGE_FILE, image)
            # What the municipality records of the card itself (its face's 有効期限).
            write_private(tmp / CARD_FILE, json.dumps({"issued_at": nb.isoformat(),
                                                       "valid_until": card_until.isoformat()}).encode())
            if card_dir.exists():
                old = card_dir.with_name(f".{holder.resident_id}.{os.getpid()}.old")
                shutil.rmtree(old, ignore_errors=True)
                os.replace(card_dir, old)
                os.replace(tmp, card_dir)
                shutil.rmtree(old, ignore_errors=True)
            else:
                os.replace(tmp, card_dir)
        return profile

    def load_card(self, resident_id: str) -> CardProfile:
        card_dir = self._cards_dir / resident_id
        if (
            not resident_id
            or "/" in resident_id
            or resident_id.startswith(".")
            or not (card_dir / "auth.der").exists()
        ):
            raise KeyError(resident_id)
        holder = CardHolder.from_json(json.loads((card_dir / "holder.json").read_text()))
        pins = json.loads((card_dir / "pins.json").read_text())
        has_sign = (card_dir / "sign.der").exists()
        return CardProfile(
            holder=holder,
            auth_key=_load_key(card_dir / "auth.key.pem"),
            auth_cert=x509.load_der_x509_certificate((card_dir / "auth.der").read_bytes()),
            auth_ca_cert=self.auth_ca_cert,
            sign_key=_load_key(card_dir / "sign.key.pem") if has_sign else None,
            sign_cert=x509.load_der_x509_certificate((card_dir / "sign.der").read_bytes()) if has_sign else None,
            sign_ca_cert=self.sign_ca_cert,
            auth_pin=pins["auth"],
            sign_pin=pins.get("sign"),
            kenhojo_pin=pins["kenhojo"],
            kenhojo_sign_key=self._kenhojo_key,
            card_dir=card_dir,
        )

    def card_image(self, resident_id: str) -> CardImage:
        """The card's run-time image (backend_stub.card.image), writing its image file when the
        card predates card images, so the next load needs no cryptography."""
        try:
            return load_card_image(self.data_dir, resident_id)
        except FileNotFoundError:
            pass
        with self._exclusive():
            profile = self.load_card(resident_id)
            assert profile.card_dir is not None
            _write_atomic(profile.card_dir / IMAGE_FILE, _card_image_bytes(profile))
        return load_card_image(self.data_dir, resident_id)

    def holder_of(self, cert: x509.Certificate, which: Which) -> str | None:
        """The resident a current card's certificate was issued to (J-LIS knows whom it issued each
        certificate to, which is how a service follows a renewal or a lost card's re-issue), or None."""
        self._check_which(which)
        try:
            stamp = self._cards_dir.stat().st_mtime_ns  # a card (re)issue replaces its directory
        except FileNotFoundError:
            return None
        cached = self._holders_cache
        if cached is None or cached[0] != stamp:
            holders: dict[str, str] = {}
            for resident_id in self.card_ids():
                for kind in ("auth", "sign"):
                    with contextlib.suppress(OSError):
                        der = (self._cards_dir / resident_id / f"{kind}.der").read_bytes()
                        holders[f"{kind}:{hashlib.sha256(der).hexdigest()}"] = resident_id
            cached = self._holders_cache = (stamp, holders)
        fingerprint = cert.fingerprint(hashes.SHA256()).hex()
        return cached[1].get(f"{which}:{fingerprint}")

    def card_ids(self) -> list[str]:
        return sorted(
            p.name
            for p in self._cards_dir.iterdir()
            if not p.name.startswith(".") and (p / "auth.der").exists()
        )

    # -- Revocation ------------------------------------------------------------------------

    def _read_revoked(self) -> list[dict[str, str | int]]:
        """The revocation list, re-read only when the file changed (every login checks it)."""
        try:
            st = self._revoked_path.stat()
        except FileNotFoundError:
            return []
        stamp = (st.st_ino, st.st_mtime_ns, st.st_size)  # writes replace the file: a new inode
        cached = self._revoked_cache
        if cached is not None and cached[0] == stamp:
            return cached[1]
        try:
            data: list[dict[str, str | int]] = json.loads(self._revoked_path.read_text())
        except FileNotFoundError:
            return []
        self._revoked_cache = (stamp, data)
        return data

    def revoke(self, resident_id: str) -> None:
        """Revokes both certificates of that resident's current card (a lost card)."""
        with self._exclusive():
            profile = self.load_card(resident_id)
            entries = list(self._read_revoked())
            known = {(e["which"], e["serial"]) for e in entries}
            now = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
            for which, cert in (("auth", profile.auth_cert), ("sign", profile.sign_cert)):
                if cert is not None and (which, cert.serial_number) not in known:
                    entries.append(
                        {
                            "which": which,
                            "serial": cert.serial_number,
                            "resident_id": resident_id,
                            "revoked_at": now,
                        }
                    )
            _write_atomic(self._revoked_path, json.dumps(entries, indent=1).encode())

    def lapse_signing(self, resident_id: str, on: datetime.date, reason: str = "address_change") -> None:
        """The 署名用 certificate of that resident's current card lapses (失効) on ``on``: a change
        of address or name ends it, the 利用者証明用 certificate goes on (src:fuchu-move-sign-lapse)."""
        with self._exclusive():
            profile = self.load_card(resident_id)
            if profile.sign_cert is None:
                return  # a card issued under 15 holds no 署名用 certificate to lapse
            serial = profile.sign_cert.serial_number
            entries = [e for e in self._read_revoked() if not (e["which"] == "sign" and e["serial"] == serial)]
            at = datetime.datetime.combine(on, datetime.time(0, 0), _JST).astimezone(datetime.UTC)
            entries.append({"which": "sign", "serial": serial,
                            "resident_id": resident_id, "revoked_at": at.isoformat(), "reason": reason})
            _write_atomic(self._revoked_path, json.dumps(entries, indent=1).encode())

    def card_facts(self, resident_id: str) -> dict[str, str | None]:
        """What the municipality knows of a resident's current card: its own end, both
        certificates' ends, and whether (since when, why) the 署名用 certificate lapsed."""
        card_dir = self._cards_dir / resident_id
        auth = x509.load_der_x509_certificate((card_dir / "auth.der").read_bytes())
        sign_der = card_dir / "sign.der"  # none on a card issued under 15
        sign = x509.load_der_x509_certificate(sign_der.read_bytes()) if sign_der.exists() else None
        try:
            valid_until: str | None = json.loads((card_dir / CARD_FILE).read_text())["valid_until"]
        except (OSError, ValueError, KeyError):
            valid_until = None  # a card issued before the stub recorded it
        lapse = None if sign is None else next(
            (e for e in self._read_revoked() if e["which"] == "sign" and e["serial"] == sign.serial_number), None)
        return {
            "valid_until": valid_until,
            "auth_not_after": auth.not_valid_after_utc.isoformat(),
            "sign_not_after": sign.not_valid_after_utc.isoformat() if sign is not None else None,
            "sign_lapsed_at": str(lapse["revoked_at"]) if lapse else None,
            "sign_lapse_reason": str(lapse.get("reason", "revoked")) if lapse else None,
        }

    def _which_of(self, cert: x509.Certificate) -> str | None:
        for which, ca in self._ca_certs.items():
            if cert.issuer == ca.subject:
                return which
        return None

    def is_revoked(self, cert: x509.Certificate) -> bool:
        """Whether the current CRL of the CA that issued ``cert`` lists it (the CRL's signature
        is checked first, as a relying party would)."""
        which = self._which_of(cert)
        if which is None:
            return False
        crl = self.crl(which)  # type: ignore[arg-type]
        if not crl.is_signature_valid(self._ca_certs[which].public_key()):  # type: ignore[arg-type]
            raise RuntimeError(f"the {which} CRL does not verify with its CA key")
        if crl.next_update_utc is None or crl.next_update_utc <= datetime.datetime.now(datetime.UTC):
            raise RuntimeError(f"the {which} CRL is past its nextUpdate")
        return crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None

    def crl(self, which: Which) -> x509.CertificateRevocationList:
        """The current CRL of that CA: reissued when the revocations change (a new one, or a date
        rewritten by a lapse) and before its nextUpdate, each time with a higher CRL number."""
        which = self._check_which(which)  # type: ignore[assignment]
        with self._lock:
            entries = [e for e in self._read_revoked() if e["which"] == which]
            content = tuple((str(e["serial"]), str(e["revoked_at"])) for e in entries)
            now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
            cached = self._crl_cache.get(which)
            if (
                cached is not None
                and cached[0] == content
                and cached[1].next_update_utc is not None
                and now < cached[1].next_update_utc - _CRL_REFRESH
            ):
                return cached[1]
            # RFC 5280 §5.2.3: CRL numbers increase. The time of issue in microseconds does, across
            # restarts and processes that share the data dir; never below the last one handed out.
            number = time.time_ns() // 1000
            if cached is not None:
                last = cached[1].extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
                number = max(number, last + 1)
            builder = (
                x509.CertificateRevocationListBuilder()
                .issuer_name(self._ca_certs[which].subject)
                .last_update(now - datetime.timedelta(minutes=1))
                .next_update(now + _CRL_LIFETIME)
                .add_extension(x509.CRLNumber(number), critical=False)
            )
            for e in entries:
                builder = builder.add_revoked_certificate(
                    x509.RevokedCertificateBuilder()
                    .serial_number(int(e["serial"]))
                    .revocation_date(datetime.datetime.fromisoformat(str(e["revoked_at"])))
                    .build()
                )
            crl = builder.sign(self._ca_keys[which], hashes.SHA256())
            self._crl_cache[which] = (content, crl)
            return crl

    def verify_chain(self, cert: x509.Certificate, which: Which) -> bool:
        """Whether ``cert`` is a JPKI end-entity certificate of that stub CA: RFC 5280 path
        validation by cryptography's verifier, with JPKI's end-entity rules (not a CA, key usage
        with digitalSignature, no SAN required).

        Validity and revocation are not judged here (a caller answers them with their own codes,
        DESIGN.md §5): the path is validated at a moment inside the certificate's own validity
        period. The CA is a trust anchor, its name and key (RFC 5280 §6.1.1 d), whose own dates
        are not part of the path: a certificate its key signed for years when the CA certificate
        was not valid (before it was made, or after it ends) still chains to it, and then answers
        by its own dates (``certificate_expired``), not as untrusted.
        """
        ca = self.ca_cert(which)
        try:
            now = datetime.datetime.now(datetime.UTC)
            moment = max(cert.not_valid_before_utc, min(now, cert.not_valid_after_utc))
            if not ca.not_valid_before_utc <= moment <= ca.not_valid_after_utc:
                shared_from = max(cert.not_valid_before_utc, ca.not_valid_before_utc)
                shared_to = min(cert.not_valid_after_utc, ca.not_valid_after_utc)
                if shared_from <= shared_to:  # a moment when both were valid: validate there
                    moment = max(shared_from, min(now, shared_to))
            anchor = ca if ca.not_valid_before_utc <= moment <= ca.not_valid_after_utc else self._anchor_at(which, moment)
            verifier = (
                verification.PolicyBuilder()
                .store(verification.Store([anchor]))
                .time(moment)
                .max_chain_depth(0)  # the card's certificate is issued by the CA itself
                .extension_policies(ca_policy=_CA_POLICY, ee_policy=_EE_POLICY)
                .build_client_verifier()
            )
            verifier.verify(cert, [])
        except (verification.VerificationError, ValueError, TypeError, OverflowError, UnsupportedAlgorithm):
            return False
        # Belt and braces: the verifier chose this CA by name; the signature must be its key's.
        try:
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            return False
        return True

    def _anchor_at(self, which: str, moment: datetime.datetime) -> x509.Certificate:
        """The CA as a trust anchor at ``moment``: its name, key and extensions, dated around it
        (never stored or handed out; only the verifier sees it)."""
        ca = self._ca_certs[which]
        day = datetime.timedelta(days=1)
        earliest = datetime.datetime(1950, 1, 1, tzinfo=datetime.UTC)
        latest = datetime.datetime(9999, 12, 31, 23, 59, 59, tzinfo=datetime.UTC)
        builder = (
            x509.CertificateBuilder()
            .subject_name(ca.subject)
            .issuer_name(ca.issuer)
            .public_key(ca.public_key())
            .serial_number(ca.serial_number)
            .not_valid_before(max(earliest, moment - day))
            .not_valid_after(min(latest, moment + day))
        )
        for ext in ca.extensions:
            builder = builder.add_extension(ext.value, ext.critical)
        return builder.sign(self._ca_keys[which], hashes.SHA256())


def _check_pin(kind: str, pin: str) -> None:
    if kind == "sign":
        # A new signing password mixes letters and digits (src:jpki-password).
        ok = 6 <= len(pin) <= 16 and pin.isascii() and all(c in _SERIAL_CN_ALPHABET for c in pin)
        ok = ok and not (pin.isdigit() or pin.isalpha())
    else:
        ok = len(pin) == 4 and pin.isascii() and pin.isdigit()
    if not ok:
        rule = "6-16 of A-Z and 0-9, with letters and digits mixed" if kind == "sign" else "4 digits"
        raise ValueError(f"{kind} PIN format: {rule}")
