"""APDU helpers and the JPKI protocol over a scripted fake transport (exact bytes)."""

from __future__ import annotations

import pytest

from app.card import apdu
from app.card.errors import (
    CardProtocolError,
    CardRemovedDuringOperation,
    CardReset,
    CertificateNotReadable,
    NotMyNumberCard,
    PinBlocked,
    PinFormatError,
    UnsupportedCommand,
    WrongPin,
)
from app.card.jpki import MyNumberCard, digest_info_sha256, parse_text_data
from app.card.pin import PinKind, validate_pin

H = bytes.fromhex


class Scripted:
    """A transport that answers from a script of (expected command, response) pairs."""

    reader_name = "Scripted"
    atr = H("3BC5FF8131FB458073C6010000")
    exclusive = True

    def __init__(self, script: list[tuple[bytes | None, bytes | Exception]]) -> None:
        self.script = list(script)
        self.sent: list[bytes] = []
        self.transactions = 0

    def transmit(self, command: bytes) -> tuple[bytes, int]:
        self.sent.append(command)
        assert self.script, f"unexpected APDU {command.hex()}"
        expected, response = self.script.pop(0)
        if expected is not None:
            assert command == expected, f"sent {command.hex()} expected {expected.hex()}"
        if isinstance(response, Exception):
            raise response
        return response[:-2], (response[-2] << 8) | response[-1]

    def begin_transaction(self) -> None:
        self.transactions += 1

    def end_transaction(self) -> None:
        pass

    def close(self) -> None:
        pass


SELECT_JPKI = H("00A4040C0AD392F000260100000001")
SELECT_KENHOJO = H("00A4040C0AD3921000310001010408")
OK = H("9000")


def sel(fid: int) -> bytes:
    return H("00A4020C02") + fid.to_bytes(2, "big")


def der_blob(total: int) -> bytes:
    body = total - 4
    return H("3082") + body.to_bytes(2, "big") + bytes(i & 0xFF for i in range(body))


# ----------------------------------------------------------------------- builders


def test_builders_match_the_spec_bytes() -> None:
    assert apdu.select_df(H("D392F000260100000001")) == SELECT_JPKI
    assert apdu.select_ef(0x0018) == H("00A4020C020018")
    assert apdu.read_binary(0, 256) == H("00B0000000")
    assert apdu.read_binary(0x0104, 0x20) == H("00B0010420")
    assert apdu.read_binary(4, 0x61F, extended=True) == H("00B00004" + "00061F")
    assert apdu.verify(None) == H("00200080")
    assert apdu.verify(b"1234") == H("002000800431323334")
    assert apdu.change_reference_data(b"5678") == H("002401800435363738")
    di = digest_info_sha256(bytes(32))
    assert apdu.compute_digital_signature(di) == H("802A008033") + di + b"\x00"
    assert di[:19] == H("3031300D060960864801650304020105000420")
    assert len(di) == 51


def test_describe_never_shows_pin_bytes() -> None:
    text = apdu.describe(apdu.verify(b"1234"))
    assert "31323334" not in text.replace(" ", "")
    assert "1234" not in text
    assert "redacted" in text


# --------------------------------------------------------------------------- send


def test_61xx_is_followed_by_get_response() -> None:
    t = Scripted(
        [
            (H("80CA000000"), H("6110")),
            (H("00C0000010"), bytes(16) + H("6104")),
            (H("00C0000004"), H("01020304") + OK),
        ]
    )
    resp = apdu.send(t, H("80CA000000"))
    assert resp.sw == 0x9000
    assert resp.data == bytes(16) + H("01020304")


def test_61xx_loop_is_bounded() -> None:
    t = Scripted([(None, H("6101"))] * (apdu.MAX_GET_RESPONSE + 2))
    with pytest.raises(CardProtocolError):
        apdu.send(t, H("80CA000000"))
    assert len(t.sent) <= apdu.MAX_GET_RESPONSE + 1


def test_6cxx_resends_once_with_the_right_le() -> None:
    t = Scripted([(H("00B0000000"), H("6C11")), (H("00B0000011"), bytes(17) + OK)])
    assert apdu.send(t, H("00B0000000")).data == bytes(17)


def test_repeated_6cxx_is_a_protocol_error() -> None:
    t = Scripted([(None, H("6C11")), (None, H("6C12"))])
    with pytest.raises(CardProtocolError):
        apdu.send(t, H("00B0000000"))
    assert len(t.sent) == 2


# ---------------------------------------------------------------------------- BER


@pytest.mark.parametrize(
    ("data", "tag", "hlen", "length"),
    [
        (H("3082061F"), 0x30, 4, 0x61F),
        (H("FF100C"), 0xFF10, 3, 12),
        (H("FF2081A0"), 0xFF20, 4, 0xA0),
        (H("DF2108"), 0xDF21, 3, 8),
        (H("0483010000"), 0x04, 5, 0x10000),
    ],
)
def test_tlv_header_forms(data: bytes, tag: int, hlen: int, length: int) -> None:
    h = apdu.parse_tlv_header(data)
    assert (h.tag, h.header_len, h.length) == (tag, hlen, length)


@pytest.mark.parametrize("data", [b"", H("30"), H("3082"), H("3080"), H("3084FFFFFFFF"), H("1FFFFFFFFF01")])
def test_tlv_header_refuses_truncated_and_absurd(data: bytes) -> None:
    with pytest.raises(CardProtocolError):
        apdu.parse_tlv_header(data)


# -------------------------------------------------------------------- READ BINARY


def test_certificate_read_in_256_byte_chunks_sized_by_der_header() -> None:
    blob = der_blob(1571)  # the size of a real auth certificate (TRACE)
    script: list[tuple[bytes | None, bytes | Exception]] = [(SELECT_JPKI, OK), (sel(0x000A), OK)]
    for off in range(0, 1571, 256):
        le = min(256, 1571 - off)
        cmd = H("00B0") + off.to_bytes(2, "big") + bytes([le & 0xFF])
        script.append((cmd, blob[off : off + le] + OK))
    t = Scripted(script)
    card = MyNumberCard(t)
    assert card.read_auth_certificate() == blob
    assert card.apdu_count == 2 + 7  # ceil(1571 / 256) = 7 reads, the minimum with short Le
    assert all(len(c) == 5 for c in t.sent if c[1] == 0xB0)  # short Le only, by default


def test_extended_reader_reads_the_rest_in_one_apdu() -> None:
    blob = der_blob(1571)
    t = Scripted(
        [
            (SELECT_JPKI, OK),
            (sel(0x000A), OK),
            (H("00B0000000"), blob[:256] + OK),
            (H("00B00100000523"), blob[256:] + OK),
        ]
    )
    assert MyNumberCard(t, extended_apdu=True).read_auth_certificate() == blob


def test_short_final_read_ends_the_loop_with_a_typed_error() -> None:
    blob = der_blob(1000)
    t = Scripted([(SELECT_JPKI, OK), (sel(0x000B), OK), (None, blob[:256] + OK), (None, blob[256:300] + OK)])
    with pytest.raises(CertificateNotReadable):
        MyNumberCard(t).read_auth_ca_certificate()
    assert not t.script


def test_absurd_certificate_length_is_refused_without_reading_it() -> None:
    t = Scripted([(SELECT_JPKI, OK), (sel(0x000A), OK), (None, H("30830FFFFF") + bytes(251) + OK)])
    with pytest.raises(CertificateNotReadable):
        MyNumberCard(t).read_auth_certificate()
    assert len(t.sent) == 3


def test_sign_certificate_before_pin_is_not_readable() -> None:
    t = Scripted([(SELECT_JPKI, OK), (sel(0x0002), OK), (None, H("6982"))])
    with pytest.raises(CertificateNotReadable):
        MyNumberCard(t).read_sign_ca_certificate()


# ------------------------------------------------------------------------- detect


def token(text: str) -> bytes:
    return text.encode().ljust(32, b" ")


def test_detect_selects_the_aid_and_reads_the_token() -> None:
    t = Scripted([(SELECT_JPKI, OK), (sel(0x0006), OK), (H("00B0000020"), token("JPKIAPICCTOKEN2") + OK)])
    assert MyNumberCard(t).detect() == "JPKIAPICCTOKEN2"


@pytest.mark.parametrize(
    ("tok", "kind"), [("JPKIAPICCTOKEN", "jukicard"), ("JPKIAPGPSETOKEN", "smartphone"), ("XYZ", "unknown")]
)
def test_detect_refuses_other_tokens(tok: str, kind: str) -> None:
    t = Scripted([(SELECT_JPKI, OK), (sel(0x0006), OK), (None, token(tok) + OK)])
    with pytest.raises(NotMyNumberCard) as info:
        MyNumberCard(t).detect()
    assert info.value.kind == kind


@pytest.mark.parametrize("sw", ["6A82", "6D00", "6E00", "6999"])
def test_detect_on_a_foreign_card_is_not_my_number_card(sw: str) -> None:
    t = Scripted([(SELECT_JPKI, H(sw))])
    with pytest.raises(NotMyNumberCard):
        MyNumberCard(t).detect()


# --------------------------------------------------------------------------- PINs


@pytest.mark.parametrize(
    ("kind", "pin", "rule"),
    [
        (PinKind.AUTH, "123", "length"),
        (PinKind.AUTH, "12345", "length"),
        (PinKind.AUTH, "12a4", "charset"),
        (PinKind.AUTH, "１２３４", "charset"),  # full-width digits
        (PinKind.KENHOJO, "", "length"),
        (PinKind.SIGN, "ABC12", "length"),
        (PinKind.SIGN, "A" * 17, "length"),
        (PinKind.SIGN, "ABC-123", "charset"),
        (PinKind.SIGN, "ıbc123", "charset"),  # dotless i upper-cases to I
    ],
)
def test_malformed_pins_are_refused_before_anything_is_sent(kind: PinKind, pin: str, rule: str) -> None:
    t = Scripted([])
    card = MyNumberCard(t)

    def attempt() -> object:
        if kind is PinKind.KENHOJO:
            return card.read_text_data(pin)
        return card.sign(kind, pin, digest_info_sha256(bytes(32)))

    with pytest.raises(PinFormatError) as info:
        attempt()
    assert info.value.rule == rule
    assert t.sent == []
    assert pin not in str(info.value) or pin == ""


def test_sign_password_is_upper_cased() -> None:
    assert validate_pin(PinKind.SIGN, "abc123") == "ABC123"


@pytest.mark.parametrize(("sw", "tries"), [("63C3", 3), ("63C1", 1), ("63C0", 0), ("6984", 0), ("6983", 0)])
def test_pin_tries_reads_without_spending_one(sw: str, tries: int) -> None:
    t = Scripted([(SELECT_JPKI, OK), (sel(0x0018), OK), (H("00200080"), H(sw))])
    assert MyNumberCard(t).pin_tries(PinKind.AUTH) == tries


def test_pin_tries_for_kenhojo_selects_its_ap() -> None:
    t = Scripted([(SELECT_KENHOJO, OK), (sel(0x0011), OK), (H("00200080"), H("63C3"))])
    assert MyNumberCard(t).pin_tries(PinKind.KENHOJO) == 3


def sign_script(verify_sw: str, tail: list[tuple[bytes | None, bytes | Exception]] | None = None) -> Scripted:
    return Scripted(
        [(SELECT_JPKI, OK), (sel(0x0018), OK), (H("002000800431323334"), H(verify_sw))] + (tail or [])
    )


def test_sign_sends_the_exact_sequence_in_one_transaction() -> None:
    di = digest_info_sha256(bytes(range(32)))
    t = sign_script("9000", [(sel(0x0017), OK), (H("802A008033") + di + b"\x00", bytes(256) + OK)])
    card = MyNumberCard(t)
    assert card.sign(PinKind.AUTH, "1234", di) == bytes(256)
    assert t.transactions == 1
    assert not t.script


def test_wrong_pin_reports_tries_and_is_never_retried() -> None:
    t = sign_script("63C2")
    with pytest.raises(WrongPin) as info:
        MyNumberCard(t).sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))
    assert info.value.tries_left == 2
    assert sum(1 for c in t.sent if c[1] == 0x20) == 1
    assert "1234" not in str(info.value)
    assert "1234" not in repr(info.value)


@pytest.mark.parametrize("sw", ["63C0", "6984", "6983"])
def test_blocking_answers_raise_pin_blocked(sw: str) -> None:
    t = sign_script(sw)
    with pytest.raises(PinBlocked) as info:
        MyNumberCard(t).sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))
    assert info.value.pin_kind is PinKind.AUTH


def test_reset_before_verify_retries_once_from_select() -> None:
    di = digest_info_sha256(bytes(32))
    t = Scripted(
        [
            (SELECT_JPKI, OK),
            (sel(0x0018), CardReset("transmit")),
            (SELECT_JPKI, OK),
            (sel(0x0018), OK),
            (H("002000800431323334"), OK),
            (sel(0x0017), OK),
            (None, bytes(256) + OK),
        ]
    )
    assert MyNumberCard(t).sign(PinKind.AUTH, "1234", di) == bytes(256)


def test_security_state_lost_after_good_verify_retries_once_then_gives_up() -> None:
    di = digest_info_sha256(bytes(32))
    round_ = [
        (SELECT_JPKI, OK),
        (sel(0x0018), OK),
        (H("002000800431323334"), OK),
        (sel(0x0017), OK),
        (None, H("6982")),
    ]
    t = Scripted(round_ + round_)
    with pytest.raises(CardReset):
        MyNumberCard(t).sign(PinKind.AUTH, "1234", di)
    assert not t.script  # exactly two rounds, no third


def test_removal_mid_operation_is_card_removed() -> None:
    t = Scripted([(SELECT_JPKI, OK), (sel(0x000A), CardRemovedDuringOperation("transmit"))])
    with pytest.raises(CardRemovedDuringOperation):
        MyNumberCard(t).read_auth_certificate()


def test_unsupported_instruction_is_typed() -> None:
    t = sign_script("9000", [(sel(0x0017), OK), (None, H("6D00"))])
    with pytest.raises(UnsupportedCommand):
        MyNumberCard(t).sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))


def test_selected_files_are_not_selected_again() -> None:
    t = Scripted(
        [
            (SELECT_JPKI, OK),
            (sel(0x0018), OK),
            (H("00200080"), H("63C3")),
            (H("002000800431323334"), OK),  # no SELECT AP / SELECT 0018 again
            (sel(0x0017), OK),
            (None, bytes(256) + OK),
        ]
    )
    card = MyNumberCard(t)
    with card.session():
        assert card.pin_tries(PinKind.AUTH) == 3
        card.sign(PinKind.AUTH, "1234", digest_info_sha256(bytes(32)))
    assert card.apdu_count == 6


# ---------------------------------------------------------------------- text data


def test_text_data_parse() -> None:
    number = H("FF100C") + b"123456789012" + H("FFFF")
    name, addr = "山田 太郎".encode(), "東京都千代田区".encode()
    inner = (
        H("DF2108")
        + bytes(8)
        + H("DF22")
        + bytes([len(name)])
        + name
        + H("DF23")
        + bytes([len(addr)])
        + addr
        + H("DF2408")
        + b"19800101"
        + H("DF2501")
        + b"1"
    )
    basic4 = H("FF2081") + bytes([len(inner)]) + inner
    data = parse_text_data(number, basic4)
    assert (data.my_number, data.name, data.address, data.birth_date, data.sex) == (
        "123456789012",
        "山田 太郎",
        "東京都千代田区",
        "19800101",
        "1",
    )
    assert "山田" not in repr(data)
    assert "1234" not in repr(data)


def test_text_data_with_invalid_utf8_is_replaced_not_raised() -> None:
    number = H("FF100C") + b"123456789012"
    inner = H("DF2102FFFF") + H("DF2202C3FF") + H("DF2300") + H("DF2400") + H("DF2500")
    data = parse_text_data(number, H("FF20") + bytes([len(inner)]) + inner)
    assert "\ufffd" in data.name


def test_text_data_missing_fields_is_a_protocol_error() -> None:
    with pytest.raises(CardProtocolError):
        parse_text_data(H("FF100C") + b"123456789012", H("FF2003DF2100"))


@pytest.mark.parametrize(
    ("hresult", "during", "code"),
    [
        (0x8010001D, "establish", "service_unavailable"),
        (0x8010001E, "transmit", "service_unavailable"),
        (0x80100069, "transmit", "card_removed"),
        (0x80100069, "connect", "no_card"),
        (0x8010000C, "connect", "no_card"),
        (0x80100068, "transmit", "card_reset"),
        (0x80100009, "connect", "no_reader"),
        (-0x7FEFFFE3, "list", "service_unavailable"),  # the same code as a negative 32-bit LONG
        (0x80100016, "transmit", "protocol_error"),
    ],
)
def test_pcsc_result_codes_map_to_typed_errors(hresult: int, during: str, code: str) -> None:
    from app.card.transport import pcsc_error

    assert pcsc_error(hresult, during=during).code == code
