"""The My Number Card's JPKI and 券面事項入力補助 (kenhojo) applications.

:class:`MyNumberCard` speaks the card protocol over any :class:`CardTransport`.
It is not thread-safe: run all calls through :class:`app.card.worker.CardWorker`.

APDU economy: the selected DF/EF is remembered, so nothing already selected is selected
again; certificates are read in as few READ BINARY as the reader allows. On a shared PC/SC
connection that memory only lasts for one transaction (another program may select other
files between our transactions), unless the caller groups calls with :meth:`session`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from app.card import apdu
from app.card.apdu import SW, Response
from app.card.errors import (
    CardError,
    CardProtocolError,
    CardReset,
    CertificateNotReadable,
    NoSigningCertificate,
    NotMyNumberCard,
    PinBlocked,
    TextIntegrityFailed,
    UnsupportedCommand,
    WrongPin,
)
from app.card.pin import PinKind, validate_new_pin, validate_pin
from app.card.transport import CardTransport, CountingTransport

JPKI_AID = bytes.fromhex("D392F000260100000001")
KENHOJO_AID = bytes.fromhex("D3921000310001010408")

EF_SIGN_CERT = 0x0001
EF_SIGN_CA_CERT = 0x0002
EF_TOKEN = 0x0006
EF_AUTH_CERT = 0x000A
EF_AUTH_CA_CERT = 0x000B
EF_AUTH_KEY = 0x0017
EF_AUTH_PIN = 0x0018
EF_SIGN_KEY = 0x001A
EF_SIGN_PIN = 0x001B

EF_KENHOJO_MY_NUMBER = 0x0001
EF_KENHOJO_BASIC4 = 0x0002
EF_KENHOJO_SIGNATURE = 0x0003
EF_KENHOJO_PIN = 0x0011

TOKEN_MYNUMBER = "JPKIAPICCTOKEN2"
_TOKEN_KINDS = {
    TOKEN_MYNUMBER: "mynumber",
    "JPKIAPICCTOKEN": "jukicard",
    "JPKIAPGPSETOKEN": "smartphone",
    "JPKIAPIOSTOKEN": "smartphone",
}

_PIN_EF: dict[PinKind, tuple[bytes, int]] = {
    PinKind.AUTH: (JPKI_AID, EF_AUTH_PIN),
    PinKind.SIGN: (JPKI_AID, EF_SIGN_PIN),
    PinKind.KENHOJO: (KENHOJO_AID, EF_KENHOJO_PIN),
}
_KEY_EF = {PinKind.AUTH: EF_AUTH_KEY, PinKind.SIGN: EF_SIGN_KEY}

#: DER prefix of a DigestInfo for SHA-256 (RFC 8017 §9.2 note 1); the one copy in app/.
SHA256_DIGEST_INFO_PREFIX = bytes.fromhex("3031300d060960864801650304020105000420")
SHA1_DIGEST_INFO_PREFIX = bytes.fromhex("3021300906052b0e03021a05000414")
MAX_SIGN_INPUT = 245  # RSA-2048 with PKCS#1 v1.5 type-01 padding (11 bytes)

T = TypeVar("T")


def digest_info_sha256(digest: bytes) -> bytes:
    """The DER DigestInfo the card signs for a SHA-256 digest (51 bytes)."""
    if len(digest) != 32:
        raise ValueError("a SHA-256 digest is 32 bytes")
    return SHA256_DIGEST_INFO_PREFIX + digest


def card_kind_from_token(token: str) -> str:
    return _TOKEN_KINDS.get(token, "unknown")


class TextIntegrity(enum.StrEnum):
    """How the card-face text compares with the hashes in kenhojo EF 0003 (DF31, DF32)."""

    VERIFIED = "verified"  # both hashes match EF 0001 and EF 0002 as read
    ABSENT = "absent"  # no EF 0003 on the card (or nothing was checked): the text is unconfirmed
    MISMATCH = "mismatch"  # a hash differs: EF 0001 or EF 0002 is not what the card recorded
    MALFORMED = "malformed"  # EF 0003 is there but holds no usable DF31/DF32


@dataclass(frozen=True)
class TextData:
    """The card-face text (券面事項入力補助AP). ``repr`` hides the values: they are personal data.

    ``integrity`` is VERIFIED or ABSENT when read from a card; the other outcomes raise
    :class:`TextIntegrityFailed` instead of returning text.
    """

    my_number: str = field(repr=False)
    name: str = field(repr=False)
    address: str = field(repr=False)
    birth_date: str = field(repr=False)  # YYYYMMDD as on the card
    sex: str = field(repr=False)  # "1" male, "2" female, "9" not applicable
    integrity: TextIntegrity = TextIntegrity.ABSENT


class _SelectionLost(CardError):  # noqa: N818 - internal signal, never escapes
    """The card answered as if its selection or PIN state was cleared (reset underneath us)."""

    code = "card_reset"


class MyNumberCard:
    """One My Number Card behind a transport."""

    def __init__(self, transport: CardTransport, *, extended_apdu: bool = False) -> None:
        self.transport = (
            transport if isinstance(transport, CountingTransport) else CountingTransport(transport)
        )
        self.extended_apdu = extended_apdu
        self._df: bytes | None = None
        self._ef: int | None = None
        self._depth = 0
        self._token: str | None = None

    # ------------------------------------------------------------------ plumbing

    @property
    def apdu_count(self) -> int:
        return self.transport.count

    @property
    def reader_name(self) -> str:
        return self.transport.reader_name

    @property
    def atr(self) -> bytes:
        return self.transport.atr

    def close(self) -> None:
        self._forget()
        self.transport.close()

    def __enter__(self) -> MyNumberCard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _forget(self) -> None:
        self._df = None
        self._ef = None

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """One card transaction. Nested sessions join the outer one."""
        if self._depth == 0:
            if not self.transport.exclusive:
                self._forget()  # another program may have selected other files meanwhile
            self.transport.begin_transaction()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                try:
                    self.transport.end_transaction()
                except CardError:
                    self._forget()

    def _send(self, command: bytes) -> Response:
        try:
            return apdu.send(self.transport, command)
        except CardError:
            self._forget()
            raise

    def _recovering(self, op: Callable[[], T]) -> T:
        """Run ``op`` in a transaction; on a reset, forget the selection and retry once.

        Never hides a wrong-PIN answer: WrongPin/PinBlocked are not reset errors, and a
        retry only re-sends a PIN that the card has not yet judged wrong.
        """
        for attempt in range(2):
            try:
                with self.session():
                    return op()
            except (CardReset, _SelectionLost):
                self._forget()
                if attempt == 1:
                    raise CardReset("retry_failed") from None
        raise AssertionError("unreachable")  # pragma: no cover

    def _select_df(self, aid: bytes) -> None:
        if self._df == aid:
            return
        self._df = None
        self._ef = None
        resp = self._send(apdu.select_df(aid))
        if resp.sw == SW.FILE_NOT_FOUND:
            raise NotMyNumberCard("unknown")
        apdu.check(resp, "select_df")
        self._df = aid

    def _select_ef(self, aid: bytes, fid: int) -> None:
        self._select_df(aid)
        if self._ef == fid:
            return
        self._ef = None
        resp = self._send(apdu.select_ef(fid))
        if resp.sw == SW.COMMAND_NOT_ALLOWED_NO_EF:
            self._forget()
            raise _SelectionLost("select_ef")
        if resp.sw == SW.FILE_NOT_FOUND:
            if aid == JPKI_AID and fid in (EF_SIGN_CERT, EF_SIGN_KEY, EF_SIGN_PIN):
                raise NoSigningCertificate()
            raise CardProtocolError("ef_not_found", resp.sw)
        apdu.check(resp, "select_ef")
        self._ef = fid

    # ----------------------------------------------------------------- detection

    def detect(self) -> str:
        """Check that this is a My Number Card (SELECT JPKI AP, read the token EF).

        Returns the token. Raises NotMyNumberCard (with the kind, if known) otherwise.
        """
        return self._recovering(self._detect)

    def _detect(self) -> str:
        try:
            self._select_ef(JPKI_AID, EF_TOKEN)
        except (UnsupportedCommand, CardProtocolError):
            # Some other card: it refuses the AID or has no token EF.
            raise NotMyNumberCard("unknown") from None
        resp = self._send(apdu.read_binary(0, 0x20))
        if resp.sw not in (SW.OK, SW.END_OF_FILE):
            if resp.sw in (SW.COMMAND_NOT_ALLOWED_NO_EF,):
                raise _SelectionLost("read_token")
            raise NotMyNumberCard("unknown")
        token = resp.data[:0x20].decode("ascii", errors="replace").rstrip(" \x00")
        self._token = token
        if token != TOKEN_MYNUMBER:
            raise NotMyNumberCard(card_kind_from_token(token))
        return token

    # -------------------------------------------------------------- certificates

    def _read_cert(self, fid: int) -> bytes:
        self._select_ef(JPKI_AID, fid)
        try:
            data = apdu.read_tlv_object(self.transport, extended=self.extended_apdu)
        except CardProtocolError as exc:
            if exc.sw == SW.COMMAND_NOT_ALLOWED_NO_EF:
                raise _SelectionLost("read_cert") from None
            if exc.sw == SW.SECURITY_STATUS_NOT_SATISFIED:
                raise CertificateNotReadable("pin_required") from None
            raise CertificateNotReadable(exc.reason or "read_failed") from None
        except UnsupportedCommand as exc:
            raise CertificateNotReadable(f"sw={exc.sw:04X}") from None
        except CardError:
            self._forget()
            raise
        if data[:1] != b"\x30":
            raise CertificateNotReadable("not_a_sequence")
        return data

    def read_auth_certificate(self) -> bytes:
        """DER of the 利用者証明用電子証明書 (free to read)."""
        return self._recovering(lambda: self._read_cert(EF_AUTH_CERT))

    def read_auth_ca_certificate(self) -> bytes:
        return self._recovering(lambda: self._read_cert(EF_AUTH_CA_CERT))

    def read_sign_ca_certificate(self) -> bytes:
        return self._recovering(lambda: self._read_cert(EF_SIGN_CA_CERT))

    def read_sign_certificate(self, pin: str) -> bytes:
        """DER of the 署名用電子証明書; needs the signing password."""
        value = validate_pin(PinKind.SIGN, pin)

        def op() -> bytes:
            self._verify(PinKind.SIGN, value)
            return self._read_cert(EF_SIGN_CERT)

        return self._recovering(op)

    # ----------------------------------------------------------------------- PINs

    def pin_tries(self, kind: PinKind) -> int:
        """Tries left for a PIN, without spending one (VERIFY with no data). 0 = blocked."""
        return self._recovering(lambda: self._pin_tries(kind))

    def _pin_tries(self, kind: PinKind) -> int:
        aid, fid = _PIN_EF[kind]
        self._select_ef(aid, fid)
        resp = self._send(apdu.verify(None))
        if resp.sw & 0xFFF0 == 0x63C0:
            return resp.sw & 0x0F
        if resp.sw in (SW.REFERENCE_DATA_NOT_USABLE, SW.AUTH_METHOD_BLOCKED):
            return 0
        if resp.sw == SW.OK:  # already verified: the counter is full
            return kind.max_tries
        if resp.sw == SW.COMMAND_NOT_ALLOWED_NO_EF:
            raise _SelectionLost("pin_tries")
        apdu.check(resp, "pin_tries")
        raise CardProtocolError("pin_tries", resp.sw)  # pragma: no cover - check raised

    def _verify(self, kind: PinKind, value: str) -> None:
        aid, fid = _PIN_EF[kind]
        self._select_ef(aid, fid)
        resp = self._send(apdu.verify(value.encode("ascii")))
        sw = resp.sw
        if sw == SW.OK:
            return
        if sw & 0xFFF0 == 0x63C0:
            tries = sw & 0x0F
            if tries == 0:
                raise PinBlocked(kind)
            raise WrongPin(kind, tries)
        if sw in (SW.REFERENCE_DATA_NOT_USABLE, SW.AUTH_METHOD_BLOCKED):
            raise PinBlocked(kind)
        if sw == SW.COMMAND_NOT_ALLOWED_NO_EF:
            # The card lost its selection before judging the PIN: no try was spent.
            raise _SelectionLost("verify")
        apdu.check(resp, "verify")

    def verify(self, kind: PinKind, pin: str) -> None:
        """Present a PIN. WrongPin(tries_left) / PinBlocked on failure."""
        value = validate_pin(kind, pin)
        self._recovering(lambda: self._verify(kind, value))

    def change_pin(self, kind: PinKind, old: str, new: str) -> None:
        """Change a PIN: VERIFY the current one, then CHANGE REFERENCE DATA."""
        old_value = validate_pin(kind, old)
        new_value = validate_new_pin(kind, new)

        def op() -> None:
            self._verify(kind, old_value)
            resp = self._send(apdu.change_reference_data(new_value.encode("ascii")))
            if resp.sw == SW.SECURITY_STATUS_NOT_SATISFIED:
                raise _SelectionLost("change_pin")
            apdu.check(resp, "change_pin")

        self._recovering(op)

    # -------------------------------------------------------------------- signing

    def sign(self, kind: PinKind, pin: str, digest_info: bytes) -> bytes:
        """Sign a DER DigestInfo with the auth or signing key (the card pads PKCS#1 v1.5).

        SELECT AP → SELECT PIN EF → VERIFY → SELECT key EF → COMPUTE DIGITAL SIGNATURE,
        all in one transaction.
        """
        if kind is PinKind.KENHOJO:
            raise ValueError("the kenhojo PIN has no key")
        if not 1 <= len(digest_info) <= MAX_SIGN_INPUT:
            raise ValueError("DigestInfo length out of range")
        value = validate_pin(kind, pin)

        def op() -> bytes:
            self._verify(kind, value)
            self._select_ef(JPKI_AID, _KEY_EF[kind])
            resp = self._send(apdu.compute_digital_signature(digest_info))
            if resp.sw == SW.SECURITY_STATUS_NOT_SATISFIED:
                # We verified a moment ago: the card was reset underneath us.
                raise _SelectionLost("sign")
            apdu.check(resp, "sign")
            if not 64 <= len(resp.data) <= 512:
                raise CardProtocolError("signature_length")
            return resp.data

        return self._recovering(op)

    # ------------------------------------------------------------------ text data

    def read_text_data(self, pin: str) -> TextData:
        """The card-face text from the 券面事項入力補助AP (needs its 4-digit PIN), checked
        against the hashes in EF 0003.

        SELECT AP → SELECT 0011 → VERIFY → SELECT 0001 → READ → SELECT 0002 → READ (one per
        256 bytes) → SELECT 0003 → READ, in one transaction. EF 0003 costs two APDUs: one READ
        BINARY of 256 bytes holds DF31 and DF32; the signature after them is not needed (see
        :func:`check_text_integrity`). Raises TextIntegrityFailed when the text does not match.
        """
        value = validate_pin(PinKind.KENHOJO, pin)

        def op() -> TextData:
            self._verify(PinKind.KENHOJO, value)
            self._select_ef(KENHOJO_AID, EF_KENHOJO_MY_NUMBER)
            # The whole EF (17 bytes, FF FF after the TLV included): DF31 hashes all of it.
            number_ef = self._read_head()
            self._select_ef(KENHOJO_AID, EF_KENHOJO_BASIC4)
            basic4 = self._read_tlv()
            data = parse_text_data(number_ef, basic4)
            integrity = self._text_integrity(number_ef, basic4)
            if integrity not in (TextIntegrity.VERIFIED, TextIntegrity.ABSENT):
                raise TextIntegrityFailed(integrity)
            return dataclasses.replace(data, integrity=integrity)

        return self._recovering(op)

    def _text_integrity(self, number_ef: bytes, basic4: bytes) -> TextIntegrity:
        try:
            self._select_ef(KENHOJO_AID, EF_KENHOJO_SIGNATURE)
        except CardProtocolError as exc:
            if exc.sw == SW.FILE_NOT_FOUND:
                return TextIntegrity.ABSENT
            raise
        return check_text_integrity(number_ef, basic4, self._read_head())

    def _read_head(self) -> bytes:
        """One READ BINARY of 256 bytes at offset 0: the whole EF when it is shorter."""
        resp = self._send(apdu.read_binary(0, 256))
        if resp.sw in (SW.COMMAND_NOT_ALLOWED_NO_EF, SW.SECURITY_STATUS_NOT_SATISFIED):
            raise _SelectionLost("read_text")
        if resp.sw not in (SW.OK, SW.END_OF_FILE):
            apdu.check(resp, "read_binary")
        return resp.data[:256]

    def _read_tlv(self) -> bytes:
        try:
            return apdu.read_tlv_object(self.transport, extended=self.extended_apdu, max_size=4096)
        except CardProtocolError as exc:
            if exc.sw in (SW.COMMAND_NOT_ALLOWED_NO_EF, SW.SECURITY_STATUS_NOT_SATISFIED):
                raise _SelectionLost("read_text") from None
            raise


def _text(value: bytes) -> str:
    return value.decode("utf-8", errors="replace")


def parse_text_data(number_tlv: bytes, basic4_tlv: bytes) -> TextData:
    """Parse EF 0001 (``FF 10 0C`` + 12 digits) and EF 0002 (``FF 20`` with DF21–DF25)."""
    number_items = dict(apdu.iter_tlv(number_tlv))
    my_number = number_items.get(0xFF10)
    if my_number is None:
        raise CardProtocolError("text_data_malformed")
    outer = dict(apdu.iter_tlv(basic4_tlv))
    inner_raw = outer.get(0xFF20)
    if inner_raw is None:
        raise CardProtocolError("text_data_malformed")
    inner = dict(apdu.iter_tlv(inner_raw))
    try:
        return TextData(
            my_number=my_number.decode("ascii", errors="replace"),
            name=_text(inner[0xDF22]),
            address=_text(inner[0xDF23]),
            birth_date=inner[0xDF24].decode("ascii", errors="replace"),
            sex=inner[0xDF25].decode("ascii", errors="replace"),
        )
    except KeyError:
        raise CardProtocolError("text_data_malformed") from None


_DIGEST_LEN = 32  # SHA-256
_TEXT_TAGS = frozenset({0xDF22, 0xDF23, 0xDF24, 0xDF25})


def check_text_integrity(number_ef: bytes, basic4_tlv: bytes, signature_ef: bytes) -> TextIntegrity:
    """Compare kenhojo EF 0003 (``FF 30`` with DF31, DF32, DF33) with EF 0001 and EF 0002.

    DF31 is SHA-256 of all of EF 0001; DF32 is SHA-256 of EF 0002 from offset[0] (the first
    offset in DF21: where the DF22 TLV starts) to the end of the outer ``FF 20`` TLV.
    ``signature_ef`` may stop anywhere after DF32.

    DF33, an RSA signature over ``DF31 TLV || DF32 TLV``, is not checked: its key would come
    from EF 0004, a CV-style certificate whose format is not documented well enough to parse
    here, and chaining it to J-LIS is out of reach (an emulated card cannot make J-LIS-valid
    signatures either). So this catches EF 0001/0002 that were changed or damaged after the
    card was written, not a card forged with its own hashes.
    """
    try:
        outer = apdu.parse_tlv_header(signature_ef)
        if outer.tag != 0xFF30:
            return TextIntegrity.MALFORMED
        end = min(outer.total, len(signature_ef))
        pos = outer.header_len
        found: dict[int, bytes] = {}
        while pos < end and len(found) < 2:
            item = apdu.parse_tlv_header(signature_ef, pos)
            value_end = pos + item.total
            if value_end > end:
                break
            if item.tag in (0xDF31, 0xDF32):
                if item.tag in found:
                    return TextIntegrity.MALFORMED
                found[item.tag] = signature_ef[pos + item.header_len : value_end]
            pos = value_end
    except apdu.TlvError:
        return TextIntegrity.MALFORMED
    df31, df32 = found.get(0xDF31), found.get(0xDF32)
    if df31 is None or df32 is None or len(df31) != _DIGEST_LEN or len(df32) != _DIGEST_LEN:
        return TextIntegrity.MALFORMED
    hashed = _basic4_hashed_part(basic4_tlv)
    if hashed is None:
        return TextIntegrity.MISMATCH
    number_ok = hashlib.sha256(number_ef).digest() == df31
    basic4_ok = hashlib.sha256(hashed).digest() == df32
    return TextIntegrity.VERIFIED if number_ok and basic4_ok else TextIntegrity.MISMATCH


def _basic4_hashed_part(basic4_tlv: bytes) -> bytes | None:
    """EF 0002 from offset[0] to the end of its outer TLV, or None when offset[0] does not
    start a DF22 TLV, or when a text item (DF22–DF25) lies before it: every value shown must
    come from the hashed part."""
    try:
        outer = apdu.parse_tlv_header(basic4_tlv)
        if outer.tag != 0xFF20 or outer.total > len(basic4_tlv):
            return None
        offsets = dict(apdu.iter_tlv(basic4_tlv[outer.header_len : outer.total])).get(0xDF21, b"")
        if len(offsets) < 2:
            return None
        start = int.from_bytes(offsets[:2], "big")
        pos = outer.header_len
        while pos < start:
            item = apdu.parse_tlv_header(basic4_tlv, pos)
            if item.tag in _TEXT_TAGS:
                return None
            pos += item.total
        if pos != start or start >= outer.total or apdu.parse_tlv_header(basic4_tlv, start).tag != 0xDF22:
            return None
    except apdu.TlvError:
        return None
    return basic4_tlv[start : outer.total]


def find_mynumber_card(reader: str | None = None, *, extended_apdu: bool = False) -> MyNumberCard:
    """Open the My Number Card in ``reader``, or in the first reader holding one.

    Without a reader name, every reader with a card is tried in order, so a second
    smart card (a YubiKey, an office ID) in another reader does not get in the way.
    """
    from app.card.errors import NoCard, NoReader
    from app.card.transport import PcscTransport, list_readers, open_reader

    if reader is not None:
        card = MyNumberCard(open_reader(reader), extended_apdu=extended_apdu)
        try:
            card.detect()
        except BaseException:
            card.close()
            raise
        return card
    infos = list_readers()
    if not infos:
        raise NoReader("none")
    candidates = [i for i in infos if i.card_present]
    if not candidates:
        raise NoCard("no_reader_has_a_card")
    first_error: CardError | None = None
    for info in candidates:
        try:
            card = MyNumberCard(PcscTransport(info.name), extended_apdu=extended_apdu)
        except CardError as exc:
            first_error = first_error or exc
            continue
        try:
            card.detect()
            return card
        except CardError as exc:
            card.close()
            first_error = first_error or exc
    assert first_error is not None
    raise first_error
