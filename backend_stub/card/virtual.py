"""A virtual My Number Card: an APDU-level emulator of the JPKI and 券面事項入力補助 APs.

An independent implementation of ``reference/jpki-card-protocol.md`` (§11 is its checklist);
it shares no code with the client's card layer, so a misreading on either side shows up as a
failing test instead of cancelling out.

State follows a real card: the current DF and EF and a verified flag per PIN are cleared on
power off, power on, reset and on every application SELECT; the PIN retry counters survive
all of these (a blocked PIN stays blocked) and can be persisted to a JSON file.

The card runs on a :class:`backend_stub.card.image.CardImage` (bytes and integers); given a
full ``CardProfile`` it builds the image first, which is the only use of ``cryptography`` here.
"""

from __future__ import annotations

import json
import os
import pathlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from backend_stub.card.efs import token_ef
from backend_stub.card.image import CardImage, RsaKey, image_of
from backend_stub.private import write_private

if TYPE_CHECKING:
    from backend_stub.jlis import CardProfile

ATR = bytes.fromhex("3B C5 FF 81 31 FB 45 80 73 C6 01 00 00")

AID_JPKI = bytes.fromhex("D3 92 F0 00 26 01 00 00 00 01")
AID_KENHOJO = bytes.fromhex("D3 92 10 00 31 00 01 01 04 08")
AID_KENKAKU = bytes.fromhex("D3 92 10 00 31 00 01 01 04 02")

# Status words.
SW_OK = 0x9000
SW_WRONG_LENGTH = 0x6700
SW_LOGICAL_CHANNEL_NOT_SUPPORTED = 0x6881
SW_INCOMPATIBLE_FILE = 0x6981
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_PIN_BLOCKED = 0x6984
SW_NO_CURRENT_EF = 0x6986
SW_WRONG_DATA = 0x6A80
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6A86
SW_REFERENCE_NOT_FOUND = 0x6A88
SW_WRONG_OFFSET = 0x6B00
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00


def sw_tries(n: int) -> int:
    return 0x63C0 | n


PIN_MAX_TRIES = {"auth": 3, "sign": 5, "kenhojo": 3}
_PIN_DIGITS = frozenset("0123456789")
_PIN_SIGN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


class CardRemovedError(ConnectionError):
    """The card was pulled out of the (virtual) reader."""


@dataclass(frozen=True)
class _EF:
    data: bytes | None = None  # a transparent EF's content
    pin: str | None = None  # a PIN EF: the PIN it holds
    key: str | None = None  # a private-key EF: which key (its PIN has the same name)
    read_pin: str | None = None  # READ BINARY needs this PIN verified


@dataclass
class _Apdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes | None  # None: no Lc field
    le: int | None  # None: no Le field; otherwise 1..65536


class _WrongLengthError(ValueError):
    pass


def _parse_apdu(apdu: bytes) -> _Apdu:
    """ISO 7816-4 cases 1, 2, 3, 4 in short and extended form."""
    if len(apdu) < 4:
        raise _WrongLengthError
    cla, ins, p1, p2 = apdu[:4]
    body = apdu[4:]
    if not body:
        return _Apdu(cla, ins, p1, p2, None, None)
    if len(body) == 1:
        return _Apdu(cla, ins, p1, p2, None, body[0] or 256)
    if body[0] != 0:  # short Lc
        lc = body[0]
        if len(body) == 1 + lc:
            return _Apdu(cla, ins, p1, p2, body[1:], None)
        if len(body) == 2 + lc:
            return _Apdu(cla, ins, p1, p2, body[1 : 1 + lc], body[-1] or 256)
        raise _WrongLengthError
    # Extended: 00 then either a 2-byte Le, or a 2-byte Lc, data and an optional 2-byte Le.
    if len(body) == 3:
        return _Apdu(cla, ins, p1, p2, None, int.from_bytes(body[1:3], "big") or 65536)
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0:
        raise _WrongLengthError
    if len(body) == 3 + lc:
        return _Apdu(cla, ins, p1, p2, body[3:], None)
    if len(body) == 5 + lc:
        return _Apdu(cla, ins, p1, p2, body[3 : 3 + lc], int.from_bytes(body[-2:], "big") or 65536)
    raise _WrongLengthError


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + sw.to_bytes(2, "big")


def _pin_format_ok(kind: str, pin: bytes) -> bool:
    """Whether `pin` may be set as the new PIN (CHANGE REFERENCE DATA). A new signing password
    mixes letters and digits (src:jpki-password); VERIFY compares whatever the card holds."""
    text = pin.decode("ascii", "replace")
    if kind == "sign":
        return 6 <= len(text) <= 16 and set(text) <= _PIN_SIGN_CHARS and not (text.isdigit() or text.isalpha())
    return len(text) == 4 and set(text) <= _PIN_DIGITS


class VirtualCard:
    """One virtual My Number Card. Thread-safe; ``transmit`` answers one APDU at a time.

    Knobs for tests:
      apdu_latency / sign_latency: seconds added to every APDU / to every signature;
      remove_after: the card is pulled out after answering that many APDUs (then
        ``transmit`` raises CardRemovedError and ``removed`` is set);
      tries: initial retry counters, e.g. ``{"sign": 0}`` for a blocked signing PIN;
      state_path: a JSON file that keeps the counters (and changed PINs) across runs.
    """

    atr = ATR

    def __init__(
        self,
        profile: CardProfile | CardImage,
        *,
        apdu_latency: float = 0.0,
        sign_latency: float = 0.0,
        remove_after: int | None = None,
        tries: dict[str, int] | None = None,
        state_path: pathlib.Path | None = None,
    ) -> None:
        self.profile = profile
        self.image = image = profile if isinstance(profile, CardImage) else image_of(profile)
        self.apdu_latency = apdu_latency
        self.sign_latency = sign_latency
        self.remove_after = remove_after
        self.removed = threading.Event()
        if remove_after is not None and remove_after <= 0:  # pulled out before the first APDU
            self.removed.set()
        self.apdu_count = 0
        self._lock = threading.RLock()
        self._state_path = state_path
        self._pins = {"auth": image.auth_pin, "sign": image.sign_pin or "", "kenhojo": image.kenhojo_pin}
        self._tries = dict(PIN_MAX_TRIES)
        self._load_state()
        for kind, n in (tries or {}).items():
            self._set_tries(kind, n)
        self._keys: dict[str, RsaKey] = {"auth": image.auth_key}
        if image.sign_key is not None:
            self._keys["sign"] = image.sign_key
        self._files = self._build_files()
        self._df: bytes | None = None
        self._ef: int | None = None
        self._verified: set[str] = set()
        self.powered = True

    # -- Construction ----------------------------------------------------------------------

    def _build_files(self) -> dict[bytes, dict[int, _EF]]:
        img = self.image
        jpki = {
            0x0002: _EF(data=img.sign_ca_cert),
            0x0006: _EF(data=token_ef()),
            0x000A: _EF(data=img.auth_cert),
            0x000B: _EF(data=img.auth_ca_cert),
            0x0017: _EF(key="auth"),
            0x0018: _EF(pin="auth"),
        }
        if img.sign_cert is not None:
            jpki[0x0001] = _EF(data=img.sign_cert, read_pin="sign")
            jpki[0x001A] = _EF(key="sign")
            jpki[0x001B] = _EF(pin="sign")
        # A card without a 署名用電子証明書 (a child under 15) has none of its EFs here: SELECT
        # answers 6A82. How a real card of an under-15 answers is not documented in what we read.
        # EF 0005 (AP info) is free to read, the others need the kenhojo PIN. An image may leave an
        # EF out (a card without EF 0003, in tests): SELECT then answers 6A82.
        kenhojo = {
            fid: _EF(data=data, read_pin=None if fid == 0x0005 else "kenhojo")
            for fid, data in img.kenhojo.items()
        }
        kenhojo[0x0011] = _EF(pin="kenhojo")
        return {AID_JPKI: jpki, AID_KENHOJO: kenhojo, AID_KENKAKU: {}}

    # -- Persistence ------------------------------------------------------------------------

    def _load_state(self) -> None:
        if self._state_path is None:
            return
        try:
            state = json.loads(self._state_path.read_text())
        except FileNotFoundError:
            return
        for kind, n in state.get("tries", {}).items():
            self._set_tries(kind, n)
        for kind, pin in state.get("pins", {}).items():
            if kind in self._pins:
                self._pins[kind] = pin

    def _save_state(self) -> None:
        if self._state_path is None:
            return
        img = self.image
        original = {"auth": img.auth_pin, "sign": img.sign_pin or "", "kenhojo": img.kenhojo_pin}
        state: dict[str, Any] = {
            "tries": self._tries,
            "pins": {k: v for k, v in self._pins.items() if v != original[k]},
        }
        tmp = self._state_path.with_name(f".{self._state_path.name}.{os.getpid()}.tmp")
        write_private(tmp, json.dumps(state, indent=1).encode())  # changed PINs: the owner's alone
        os.replace(tmp, self._state_path)

    # -- Test knobs and inspection ---------------------------------------------------------------

    def _set_tries(self, kind: str, n: int) -> None:
        if kind not in PIN_MAX_TRIES or not 0 <= n <= PIN_MAX_TRIES[kind]:
            raise ValueError(f"tries for {kind!r} must be 0..{PIN_MAX_TRIES.get(kind)}")
        self._tries[kind] = n

    @property
    def tries(self) -> dict[str, int]:
        """Retry counters left per PIN: {"auth", "sign", "kenhojo"}."""
        with self._lock:
            return dict(self._tries)

    def block_pin(self, kind: str) -> None:
        with self._lock:
            self._set_tries(kind, 0)
            self._verified.discard(kind)
            self._save_state()

    def pin(self, kind: str) -> str:
        """The PIN as it stands now (CHANGE REFERENCE DATA may have changed it)."""
        with self._lock:
            return self._pins[kind]

    @property
    def verified(self) -> frozenset[str]:
        with self._lock:
            return frozenset(self._verified)

    def ef_bytes(self, aid: bytes, fid: int) -> bytes:
        """The content of a transparent EF, for tests to compare against."""
        data = self._files[aid][fid].data
        if data is None:
            raise KeyError(fid)
        return data

    def remove(self) -> None:
        """Pull the card out (for good)."""
        self.removed.set()

    # -- Power ----------------------------------------------------------------------------

    def _clear_security_state(self) -> None:
        self._df = None
        self._ef = None
        self._verified.clear()

    def power_on(self) -> None:
        with self._lock:
            self.powered = True
            self._clear_security_state()

    def power_off(self) -> None:
        with self._lock:
            self.powered = False
            self._clear_security_state()

    def reset(self) -> None:
        with self._lock:
            self.powered = True
            self._clear_security_state()

    # -- APDUs ----------------------------------------------------------------------------

    def transmit(self, apdu: bytes) -> bytes:
        """Answers one command APDU with response data + SW1 SW2."""
        if self.removed.is_set():
            raise CardRemovedError("the card was removed")
        if self.apdu_latency:
            time.sleep(self.apdu_latency)
        with self._lock:
            if self.removed.is_set():
                raise CardRemovedError("the card was removed")
            if not self.powered:  # a reader powers the card up before talking to it
                self.power_on()
            try:
                response = self._dispatch(bytes(apdu))
            except _WrongLengthError:
                response = _sw(SW_WRONG_LENGTH)
            self.apdu_count += 1
            if self.remove_after is not None and self.apdu_count >= self.remove_after:
                self.removed.set()
            return response

    def _dispatch(self, apdu: bytes) -> bytes:
        cmd = _parse_apdu(apdu)
        if cmd.cla & 0x03 and (cmd.cla & ~0x03) in (0x00, 0x80):
            return _sw(SW_LOGICAL_CHANNEL_NOT_SUPPORTED)
        if cmd.cla not in (0x00, 0x80):
            return _sw(SW_CLA_NOT_SUPPORTED)
        handlers: dict[int, tuple[int, Callable[[_Apdu], bytes]]] = {
            0xA4: (0x00, self._select),
            0xB0: (0x00, self._read_binary),
            0x20: (0x00, self._verify),
            0x24: (0x00, self._change_reference_data),
            0x2A: (0x80, self._compute_digital_signature),
        }
        if cmd.ins not in handlers:
            return _sw(SW_INS_NOT_SUPPORTED)
        cla, handler = handlers[cmd.ins]
        if cmd.cla != cla:
            return _sw(SW_CLA_NOT_SUPPORTED)
        return handler(cmd)

    def _current_files(self) -> dict[int, _EF] | None:
        return None if self._df is None else self._files[self._df]

    def _select(self, cmd: _Apdu) -> bytes:
        if cmd.p2 not in (0x0C, 0x00):
            return _sw(SW_WRONG_P1P2)
        if cmd.data is None:
            raise _WrongLengthError
        if cmd.p1 == 0x04:  # DF name (AID)
            if cmd.data not in self._files:
                return _sw(SW_FILE_NOT_FOUND)
            self._clear_security_state()
            self._df = cmd.data
            return _sw(SW_OK)
        if cmd.p1 == 0x02:  # EF by FID under the current DF
            if len(cmd.data) != 2:
                raise _WrongLengthError
            files = self._current_files()
            if files is None:
                return _sw(SW_NO_CURRENT_EF)
            fid = int.from_bytes(cmd.data, "big")
            if fid not in files:
                return _sw(SW_FILE_NOT_FOUND)
            self._ef = fid
            return _sw(SW_OK)
        return _sw(SW_WRONG_P1P2)

    def _read_binary(self, cmd: _Apdu) -> bytes:
        if cmd.data is not None or cmd.le is None:
            raise _WrongLengthError
        files = self._current_files()
        if cmd.p1 & 0x80:  # short EF identifier; P2 is the offset
            if cmd.p1 & 0x60:
                return _sw(SW_WRONG_P1P2)
            if files is None:
                return _sw(SW_NO_CURRENT_EF)
            fid, offset = cmd.p1 & 0x1F, cmd.p2
            if fid not in files:
                return _sw(SW_FILE_NOT_FOUND)
            self._ef = fid
        else:
            if files is None or self._ef is None:
                return _sw(SW_NO_CURRENT_EF)
            fid, offset = self._ef, (cmd.p1 << 8) | cmd.p2
        ef = files[fid]
        if ef.data is None:  # PIN and key EFs never leave the card
            return _sw(SW_SECURITY_NOT_SATISFIED if ef.key else SW_INCOMPATIBLE_FILE)
        if ef.read_pin is not None and ef.read_pin not in self._verified:
            return _sw(SW_SECURITY_NOT_SATISFIED)
        if offset >= len(ef.data):
            return _sw(SW_WRONG_OFFSET)
        return _sw(SW_OK, ef.data[offset : offset + cmd.le])

    def _pin_ef(self, p2: int) -> str | int:
        """The PIN a VERIFY / CHANGE REFERENCE DATA addresses, or the status word to answer."""
        files = self._current_files()
        if files is None:
            return SW_NO_CURRENT_EF
        if p2 == 0x80:
            if self._ef is None:
                return SW_NO_CURRENT_EF
            ef = files[self._ef]
        elif p2 & 0xE0 == 0x80:
            ef = files.get(p2 & 0x1F, _EF())
        else:
            return SW_WRONG_P1P2
        return ef.pin if ef.pin is not None else SW_REFERENCE_NOT_FOUND

    def _verify(self, cmd: _Apdu) -> bytes:
        if cmd.p1 != 0x00:
            return _sw(SW_WRONG_P1P2)
        if cmd.le is not None:
            raise _WrongLengthError
        kind = self._pin_ef(cmd.p2)
        if isinstance(kind, int):
            return _sw(kind)
        tries = self._tries[kind]
        if tries == 0:
            return _sw(SW_PIN_BLOCKED)
        if cmd.data is None:  # a status query spends no try
            return _sw(SW_OK if kind in self._verified else sw_tries(tries))
        if cmd.data == self._pins[kind].encode("ascii"):
            self._tries[kind] = PIN_MAX_TRIES[kind]
            self._verified.add(kind)
            self._save_state()
            return _sw(SW_OK)
        self._tries[kind] = tries - 1
        self._verified.discard(kind)
        self._save_state()
        return _sw(sw_tries(tries - 1))

    def _change_reference_data(self, cmd: _Apdu) -> bytes:
        if cmd.p1 != 0x01:  # only "new reference data", after a VERIFY
            return _sw(SW_WRONG_P1P2)
        if cmd.data is None or cmd.le is not None:
            raise _WrongLengthError
        kind = self._pin_ef(cmd.p2)
        if isinstance(kind, int):
            return _sw(kind)
        if self._tries[kind] == 0:
            return _sw(SW_PIN_BLOCKED)
        if kind not in self._verified:
            return _sw(SW_SECURITY_NOT_SATISFIED)
        if not _pin_format_ok(kind, cmd.data):
            return _sw(SW_WRONG_DATA)
        self._pins[kind] = cmd.data.decode("ascii")
        self._save_state()
        return _sw(SW_OK)

    def _compute_digital_signature(self, cmd: _Apdu) -> bytes:
        if cmd.p1 != 0x00:
            return _sw(SW_WRONG_P1P2)
        if cmd.data is None or len(cmd.data) > 245:  # 256 - 11 bytes of PKCS#1 type-01 padding
            raise _WrongLengthError
        files = self._current_files()
        if cmd.p2 == 0x80:
            fid = self._ef
        elif cmd.p2 in (0x97, 0x9A):  # key by short EF id, without SELECT
            fid = cmd.p2 & 0x1F
        else:
            return _sw(SW_WRONG_P1P2)
        ef = files.get(fid, _EF()) if files is not None and fid is not None else _EF()
        if ef.key is None or ef.key not in self._verified:
            return _sw(SW_SECURITY_NOT_SATISFIED)
        if self.sign_latency:
            time.sleep(self.sign_latency)
        return _sw(SW_OK, _raw_rsa_pkcs1_type1(self._keys[ef.key], cmd.data))


def _raw_rsa_pkcs1_type1(key: RsaKey, data: bytes) -> bytes:
    """What the card does: EM = 00 01 FF..FF 00 || data, signature = EM^d mod n."""
    k = key.size
    em = int.from_bytes(b"\x00\x01" + b"\xff" * (k - 3 - len(data)) + b"\x00" + data, "big")
    return key.private_op(em).to_bytes(k, "big")
