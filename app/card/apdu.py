"""ISO 7816-4 command builders, named status words, and robust send/read helpers.

Every loop here is bounded: a hostile or broken card can make an operation fail with a
typed error, never hang it or grow memory without limit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.card.errors import CardProtocolError, UnsupportedCommand
from app.card.transport import CardTransport

MAX_OBJECT_SIZE = 16 * 1024  # a JPKI certificate is ~1.6 KiB; anything past this is absurd
MAX_GET_RESPONSE = 64  # 61xx chaining steps before giving up
MAX_OFFSET = 0x7FFF  # READ BINARY P1P2 offset with P1 bit 8 clear


class SW(enum.IntEnum):
    """Status words the card layer acts on."""

    OK = 0x9000
    END_OF_FILE = 0x6282  # data returned, but fewer bytes than Le
    VERIFY_FAIL_NO_RETRY = 0x63C0
    WRONG_LENGTH = 0x6700
    LOGICAL_CHANNEL_NOT_SUPPORTED = 0x6881
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTH_METHOD_BLOCKED = 0x6983
    REFERENCE_DATA_NOT_USABLE = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    COMMAND_NOT_ALLOWED_NO_EF = 0x6986
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    INCORRECT_P1P2 = 0x6A86
    WRONG_P1P2 = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


UNSUPPORTED_SWS = frozenset(
    {SW.INS_NOT_SUPPORTED, SW.CLA_NOT_SUPPORTED, SW.FUNCTION_NOT_SUPPORTED, SW.LOGICAL_CHANNEL_NOT_SUPPORTED}
)


# ------------------------------------------------------------------ command builders


def select_df(aid: bytes) -> bytes:
    """SELECT by DF name, no response data: ``00 A4 04 0C Lc AID``."""
    return bytes([0x00, 0xA4, 0x04, 0x0C, len(aid)]) + aid


def select_ef(fid: int) -> bytes:
    """SELECT EF by file identifier, no response data: ``00 A4 02 0C 02 FID``."""
    return bytes([0x00, 0xA4, 0x02, 0x0C, 0x02, (fid >> 8) & 0xFF, fid & 0xFF])


def read_binary(offset: int, le: int, *, extended: bool = False) -> bytes:
    """READ BINARY of the current EF. ``le`` is 1..256 (short) or 1..65536 (extended)."""
    if not 0 <= offset <= MAX_OFFSET:
        raise ValueError("offset out of range")
    header = bytes([0x00, 0xB0, (offset >> 8) & 0x7F, offset & 0xFF])
    if extended:
        if not 1 <= le <= 65536:
            raise ValueError("le out of range")
        return header + bytes([0x00, (le >> 8) & 0xFF, le & 0xFF])
    if not 1 <= le <= 256:
        raise ValueError("le out of range")
    return header + bytes([le & 0xFF])


def verify(pin: bytes | None, p2: int = 0x80) -> bytes:
    """VERIFY against the selected PIN EF; ``None`` is case 1 (asks for the tries left)."""
    if pin is None:
        return bytes([0x00, 0x20, 0x00, p2])
    return bytes([0x00, 0x20, 0x00, p2, len(pin)]) + pin


def change_reference_data(new_pin: bytes, p2: int = 0x80) -> bytes:
    """CHANGE REFERENCE DATA with only the new value (after VERIFY): ``00 24 01 80 Lc new``."""
    return bytes([0x00, 0x24, 0x01, p2, len(new_pin)]) + new_pin


def compute_digital_signature(data: bytes) -> bytes:
    """JPKI COMPUTE DIGITAL SIGNATURE: ``80 2A 00 80 Lc data 00``."""
    if not 1 <= len(data) <= 255:
        raise ValueError("data length out of range")
    return bytes([0x80, 0x2A, 0x00, 0x80, len(data)]) + data + b"\x00"


def get_response(le: int) -> bytes:
    return bytes([0x00, 0xC0, 0x00, 0x00, le & 0xFF])


def describe(command: bytes) -> str:
    """A loggable description of a command: header only, PIN data never shown."""
    if len(command) < 4:
        return command.hex()
    head = command[:4].hex(" ").upper()
    if command[1] in (0x20, 0x24) and len(command) > 4:
        return f"{head} <redacted>"
    return f"{head} +{max(0, len(command) - 4)}B"


# ------------------------------------------------------------------------- sending


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == SW.OK

    @property
    def sw1(self) -> int:
        return self.sw >> 8


def _with_le(command: bytes, le: int) -> bytes:
    """The same short command with its Le replaced (or appended, for case 1/3)."""
    if len(command) == 4:
        return command + bytes([le])
    lc = command[4]
    if len(command) == 5:  # case 2: the single byte after the header is Le
        return command[:4] + bytes([le])
    if len(command) == 5 + lc:  # case 3
        return command + bytes([le])
    return command[:-1] + bytes([le])  # case 4


def send(transport: CardTransport, command: bytes) -> Response:
    """Transmit with 61xx (GET RESPONSE, bounded) and 6Cxx (resend once with Le=xx) handled."""
    data, sw = transport.transmit(command)
    if sw >> 8 == 0x6C:
        data, sw = transport.transmit(_with_le(command, sw & 0xFF))
        if sw >> 8 == 0x6C:
            raise CardProtocolError("repeated_6Cxx", sw)
    if sw >> 8 == 0x61:
        chunks = [data]
        total = len(data)
        for _ in range(MAX_GET_RESPONSE):
            more, sw = transport.transmit(get_response(sw & 0xFF))
            chunks.append(more)
            total += len(more)
            if total > 65536 + 256:
                raise CardProtocolError("response_too_long")
            if sw >> 8 != 0x61:
                break
        else:
            raise CardProtocolError("get_response_loop", sw)
        data = b"".join(chunks)
    return Response(data, sw)


def check(resp: Response, what: str) -> Response:
    """Raise the typed error for a non-9000 answer (unsupported vs protocol error)."""
    if resp.sw == SW.OK:
        return resp
    if resp.sw in UNSUPPORTED_SWS:
        raise UnsupportedCommand(resp.sw)
    raise CardProtocolError(what, resp.sw)


# ---------------------------------------------------------------------------- BER


@dataclass(frozen=True)
class TlvHeader:
    tag: int
    header_len: int
    length: int

    @property
    def total(self) -> int:
        return self.header_len + self.length


class TlvError(CardProtocolError):
    """Malformed BER-TLV (a CardProtocolError, so callers need no extra case)."""


def parse_tlv_header(data: bytes, offset: int = 0) -> TlvHeader:
    """Parse a BER tag and definite length (short, 81, 82, 83 forms) at ``offset``."""
    pos = offset
    if pos >= len(data):
        raise TlvError("tlv_truncated")
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # multi-byte tag number
        for _ in range(3):
            if pos >= len(data):
                raise TlvError("tlv_truncated")
            b = data[pos]
            pos += 1
            tag = (tag << 8) | b
            if not b & 0x80:
                break
        else:
            raise TlvError("tlv_tag_too_long")
    if pos >= len(data):
        raise TlvError("tlv_truncated")
    first = data[pos]
    pos += 1
    if first < 0x80:
        length = first
    elif first in (0x81, 0x82, 0x83):
        n = first & 0x7F
        if pos + n > len(data):
            raise TlvError("tlv_truncated")
        length = int.from_bytes(data[pos : pos + n], "big")
        pos += n
    else:  # 0x80 indefinite, 0x84+ absurd for this card
        raise TlvError("tlv_bad_length")
    return TlvHeader(tag, pos - offset, length)


def iter_tlv(data: bytes) -> list[tuple[int, bytes]]:
    """The (tag, value) pairs of a concatenation of TLVs; padding FF/00 at the end ends it."""
    out: list[tuple[int, bytes]] = []
    pos = 0
    while pos < len(data):
        if data[pos] in (0x00, 0xFF) and all(b == data[pos] for b in data[pos:]):
            break
        h = parse_tlv_header(data, pos)
        end = pos + h.total
        if end > len(data):
            raise TlvError("tlv_value_truncated")
        out.append((h.tag, data[pos + h.header_len : end]))
        pos = end
    return out


# -------------------------------------------------------------------- READ BINARY


def _read_chunk(transport: CardTransport, offset: int, le: int, *, extended: bool) -> Response:
    return send(transport, read_binary(offset, le, extended=extended))


def read_range(
    transport: CardTransport,
    offset: int,
    length: int,
    *,
    extended: bool = False,
    first: bytes = b"",
) -> bytes:
    """Read ``length`` bytes of the current EF from ``offset`` (``first`` = bytes already read).

    Short chunks of at most 256 bytes unless ``extended``. A short answer ends the loop.
    """
    buf = bytearray(first)
    step_max = 65536 if extended else 256
    # Each round either grows buf or ends the loop, so this bounds the rounds too.
    for _ in range(length + 1):
        if len(buf) >= length:
            break
        pos = offset + len(buf)
        if pos > MAX_OFFSET:
            raise CardProtocolError("offset_out_of_range")
        want = min(step_max, length - len(buf))
        resp = _read_chunk(transport, pos, want, extended=extended and want > 256)
        if resp.sw not in (SW.OK, SW.END_OF_FILE):
            check(resp, "read_binary")
        buf += resp.data[:want]
        if len(resp.data) < want:
            break  # the EF ends here
    return bytes(buf[:length])


def read_tlv_object(
    transport: CardTransport,
    *,
    extended: bool = False,
    max_size: int = MAX_OBJECT_SIZE,
) -> bytes:
    """Read one BER/DER object from the start of the current EF, sized by its header.

    The first READ BINARY asks for 256 bytes: that holds the header and, for the
    certificates, the first chunk, so no APDU is spent on the header alone.
    """
    resp = _read_chunk(transport, 0, 256, extended=False)
    if resp.sw not in (SW.OK, SW.END_OF_FILE):
        check(resp, "read_binary")
    head = resp.data[:256]
    header = parse_tlv_header(head)
    total = header.total
    if total > max_size:
        raise CardProtocolError("object_too_large")
    if len(head) >= total:
        return head[:total]
    if len(head) < 256:
        raise CardProtocolError("object_truncated")
    data = read_range(transport, 0, total, extended=extended, first=head)
    if len(data) != total:
        raise CardProtocolError("object_truncated")
    return data
