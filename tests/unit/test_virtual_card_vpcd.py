"""The vpcd connector and serve_card against a fake vpcd (a TCP server speaking vpcd's framing)."""

from __future__ import annotations

import json
import pathlib
import socket
import struct
import threading
import time
from collections.abc import Iterator

import pytest

from backend_stub.card import ATR, VirtualCard, VpcdConnection, serve
from backend_stub.card.serve import STATE_FILE, VpcdAttachTimeoutError, serve_card
from backend_stub.cli import DEFAULT_CONNECT_TIMEOUT
from backend_stub.cli import main as stub_main
from backend_stub.jlis import JLIS, CardProfile
from tests.fixtures.card import DEMO_PINS, holder, make_card
from tests.unit.test_virtual_card import SELECT_JPKI

TIMEOUT = 10.0


class FakeVpcd:
    """The pcscd side of one vpcd slot: listens, accepts the card, sends framed messages."""

    def __init__(self, port: int = 0) -> None:
        self.server = socket.create_server(("127.0.0.1", port))
        self.server.settimeout(TIMEOUT)
        self.port = self.server.getsockname()[1]
        self.conn: socket.socket | None = None

    def accept(self) -> None:
        self.conn, _ = self.server.accept()
        self.conn.settimeout(TIMEOUT)
        self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send(self, payload: bytes) -> None:
        assert self.conn is not None
        self.conn.sendall(struct.pack("!H", len(payload)) + payload)

    def recv(self) -> bytes:
        (n,) = struct.unpack("!H", self._recv_exact(2))
        return self._recv_exact(n)

    def _recv_exact(self, n: int) -> bytes:
        assert self.conn is not None
        buf = b""
        while len(buf) < n:
            chunk = self.conn.recv(n - len(buf))
            if not chunk:
                raise EOFError
            buf += chunk
        return buf

    def apdu(self, hex_apdu: str) -> tuple[bytes, int]:
        self.send(bytes.fromhex(hex_apdu))
        response = self.recv()
        return response[:-2], int.from_bytes(response[-2:], "big")

    def control(self, code: int) -> None:
        self.send(bytes([code]))

    def atr(self) -> bytes:
        self.control(0x04)
        return self.recv()

    def assert_eof(self) -> None:
        assert self.conn is not None
        assert self.conn.recv(1) == b""

    def close_client(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def close(self) -> None:
        self.close_client()
        self.server.close()


@pytest.fixture
def vpcd() -> Iterator[FakeVpcd]:
    fake = FakeVpcd()
    yield fake
    fake.close()


@pytest.fixture
def attached(vpcd: FakeVpcd, demo_card: VirtualCard) -> Iterator[VpcdConnection]:
    connection = VpcdConnection(demo_card, "127.0.0.1", vpcd.port)
    connection.start()
    vpcd.accept()
    yield connection
    connection.stop()
    assert not connection.running


def test_atr_request_any_time(vpcd: FakeVpcd, attached: VpcdConnection) -> None:
    assert not attached.atr_polled.is_set()
    assert vpcd.atr() == ATR
    assert attached.wait_connected(TIMEOUT)
    assert vpcd.apdu(SELECT_JPKI) == (b"", 0x9000)
    assert vpcd.atr() == ATR
    assert vpcd.atr() == ATR
    assert vpcd.apdu("00 A4 02 0C 02 00 06") == (b"", 0x9000)


def test_messages_arriving_byte_by_byte(vpcd: FakeVpcd, attached: VpcdConnection) -> None:
    assert vpcd.conn is not None
    framed = struct.pack("!H", 15) + bytes.fromhex(SELECT_JPKI)
    for b in framed + b"\x00\x01\x04":
        vpcd.conn.sendall(bytes([b]))
    assert vpcd.recv() == b"\x90\x00"
    assert vpcd.recv() == ATR


def test_extended_apdu_and_long_response(
    vpcd: FakeVpcd, attached: VpcdConnection, demo_profile: CardProfile
) -> None:
    from cryptography.hazmat.primitives import serialization

    assert vpcd.apdu(SELECT_JPKI)[1] == 0x9000
    assert vpcd.apdu("00 A4 02 0C 02 00 0A")[1] == 0x9000
    data, status = vpcd.apdu("00 B0 00 00 00 00 00")
    assert status == 0x9000
    assert data == demo_profile.auth_cert.public_bytes(serialization.Encoding.DER)


@pytest.mark.parametrize("controls", [[0x00, 0x01], [0x02], [0x00]])
def test_power_control_clears_security_state(
    vpcd: FakeVpcd, attached: VpcdConnection, demo_card: VirtualCard, controls: list[int]
) -> None:
    assert vpcd.apdu(SELECT_JPKI)[1] == 0x9000
    assert vpcd.apdu("00 A4 02 0C 02 00 1B")[1] == 0x9000
    assert vpcd.apdu("00 20 00 80 06" + b"ABC123".hex())[1] == 0x9000
    assert demo_card.verified == {"sign"}
    for code in controls:
        vpcd.control(code)
    assert vpcd.atr() == ATR  # control bytes get no reply: the next reply is the ATR
    assert demo_card.verified == frozenset()
    assert vpcd.apdu("00 A4 02 0C 02 00 01")[1] == 0x6986  # no DF selected any more
    assert vpcd.apdu(SELECT_JPKI)[1] == 0x9000
    assert vpcd.apdu("00 A4 02 0C 02 00 01")[1] == 0x9000
    assert vpcd.apdu("00 B0 00 00 04")[1] == 0x6982


def test_stop_closes_the_socket(vpcd: FakeVpcd, attached: VpcdConnection) -> None:
    assert vpcd.atr() == ATR
    attached.stop()
    vpcd.assert_eof()
    assert not attached.running
    assert not attached.connected.is_set()
    assert not attached.atr_polled.is_set()


def test_removal_after_n_commands_closes_the_socket(vpcd: FakeVpcd, demo_profile: CardProfile) -> None:
    card = make_card(demo_profile, remove_after=2)
    connection = VpcdConnection(card, "127.0.0.1", vpcd.port)
    connection.start()
    try:
        vpcd.accept()
        assert vpcd.atr() == ATR  # control bytes do not count as commands
        assert vpcd.apdu(SELECT_JPKI)[1] == 0x9000
        assert vpcd.apdu("00 A4 02 0C 02 00 0A")[1] == 0x9000  # answered, then pulled out
        vpcd.assert_eof()
        connection._thread.join(TIMEOUT)  # type: ignore[union-attr]
        assert not connection.running  # a removed card does not come back
    finally:
        connection.stop()


def test_removal_by_hand_closes_the_socket(
    vpcd: FakeVpcd, attached: VpcdConnection, demo_card: VirtualCard
) -> None:
    assert vpcd.atr() == ATR
    demo_card.remove()
    vpcd.assert_eof()


def test_reconnects_when_pcscd_restarts(vpcd: FakeVpcd, attached: VpcdConnection) -> None:
    assert vpcd.atr() == ATR
    assert attached.wait_connected(TIMEOUT)
    vpcd.close_client()  # pcscd went away
    vpcd.accept()  # ... and is back
    assert vpcd.atr() == ATR
    assert attached.wait_connected(TIMEOUT)
    assert vpcd.apdu(SELECT_JPKI) == (b"", 0x9000)


def test_waits_for_pcscd_to_come_up(demo_card: VirtualCard) -> None:
    probe = socket.create_server(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on that port now
    connection = VpcdConnection(demo_card, "127.0.0.1", port)
    connection.start()
    try:
        assert not connection.wait_connected(0.3)
        late = FakeVpcd(port)
        try:
            late.accept()
            assert late.atr() == ATR
            assert connection.wait_connected(TIMEOUT)
        finally:
            late.close()
    finally:
        connection.stop()
    assert not connection.running


def test_start_twice_is_refused(attached: VpcdConnection) -> None:
    with pytest.raises(RuntimeError):
        attached.start()


# -- serve_card ----------------------------------------------------------------------------


def test_serve_card_reports_ready_once_and_keeps_counters(tmp_path: pathlib.Path, vpcd: FakeVpcd) -> None:
    JLIS(tmp_path).issue_card(holder("r-serve"), **DEMO_PINS)
    ready_calls: list[int] = []
    ready = threading.Event()
    stop = threading.Event()

    def on_ready() -> None:
        ready_calls.append(1)
        ready.set()

    def run() -> None:
        serve_card(tmp_path, "r-serve", "127.0.0.1", vpcd.port, on_ready, stop)

    thread = threading.Thread(target=run)
    thread.start()
    try:
        vpcd.accept()
        assert not ready.wait(0.2)  # not before vpcd asked for the ATR
        assert vpcd.atr() == ATR
        assert ready.wait(TIMEOUT)
        assert vpcd.apdu(SELECT_JPKI)[1] == 0x9000
        assert vpcd.apdu("00 A4 02 0C 02 00 18")[1] == 0x9000
        assert vpcd.apdu("00 20 00 80 04" + b"0000".hex())[1] == 0x63C2
        assert vpcd.atr() == ATR
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    vpcd.assert_eof()
    assert ready_calls == [1]
    state = json.loads((tmp_path / "cards" / "r-serve" / STATE_FILE).read_text())
    assert state["tries"]["auth"] == 2

    # The next run starts from the saved counter.
    vpcd.close_client()
    stop.clear()
    ready.clear()
    thread = threading.Thread(target=run)
    thread.start()
    try:
        vpcd.accept()
        assert vpcd.atr() == ATR
        assert ready.wait(TIMEOUT)
        assert vpcd.apdu(SELECT_JPKI)[1] == 0x9000
        assert vpcd.apdu("00 A4 02 0C 02 00 18")[1] == 0x9000
        assert vpcd.apdu("00 20 00 80")[1] == 0x63C2
    finally:
        stop.set()
        thread.join(TIMEOUT)


def test_serve_card_returns_when_stopped_before_vpcd_answers(tmp_path: pathlib.Path) -> None:
    JLIS(tmp_path).issue_card(holder("r-serve"), **DEMO_PINS)
    stop = threading.Event()
    stop.set()
    serve_card(tmp_path, "r-serve", "127.0.0.1", 1, lambda: pytest.fail("not ready"), stop)


def _free_port() -> int:
    probe = socket.create_server(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()  # nothing listens on that port now
    return port


def test_serve_card_gives_up_when_nothing_listens(tmp_path: pathlib.Path) -> None:
    JLIS(tmp_path).issue_card(holder("r-serve"), **DEMO_PINS)
    port = _free_port()
    started = time.monotonic()
    with pytest.raises(VpcdAttachTimeoutError) as caught:
        serve_card(
            tmp_path, "r-serve", "127.0.0.1", port, lambda: pytest.fail("not ready"), connect_timeout=0.3
        )
    assert time.monotonic() - started < 3.0
    assert not caught.value.reached  # no pcscd / no vpcd driver, not a busy slot
    assert caught.value.last_error  # e.g. "Connection refused"
    assert caught.value.port == port


def test_serve_card_gives_up_when_vpcd_never_polls(tmp_path: pathlib.Path, vpcd: FakeVpcd) -> None:
    # The listen backlog completes the handshake, but nobody accepts: like a vpcd slot that
    # another virtual card holds.
    JLIS(tmp_path).issue_card(holder("r-serve"), **DEMO_PINS)
    with pytest.raises(VpcdAttachTimeoutError) as caught:
        serve_card(
            tmp_path, "r-serve", "127.0.0.1", vpcd.port, lambda: pytest.fail("not ready"), connect_timeout=0.3
        )
    assert caught.value.reached


def test_serve_card_with_no_timeout_waits_until_stopped(tmp_path: pathlib.Path) -> None:
    JLIS(tmp_path).issue_card(holder("r-serve"), **DEMO_PINS)
    stop = threading.Event()
    errors: list[BaseException] = []

    def run() -> None:
        try:
            serve_card(tmp_path, "r-serve", "127.0.0.1", _free_port(), lambda: None, stop, connect_timeout=0)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(0.8)  # well past the 0.2 s polls: a limit of "0 s" would have fired by now
    alive = thread.is_alive()
    stop.set()
    thread.join(TIMEOUT)
    assert alive
    assert errors == []


def test_cli_default_connect_timeout_matches_serve_card() -> None:
    assert DEFAULT_CONNECT_TIMEOUT == serve.DEFAULT_CONNECT_TIMEOUT


@pytest.fixture
def no_signal_handlers(monkeypatch: pytest.MonkeyPatch) -> None:
    """``mynastub card`` installs SIGINT/SIGTERM handlers; the test process keeps its own."""
    monkeypatch.setattr("signal.signal", lambda *_args: None)


@pytest.mark.usefixtures("no_signal_handlers")
def test_cli_card_exits_with_a_fix_when_vpcd_is_missing(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    JLIS(tmp_path).issue_card(holder("r-serve"), **DEMO_PINS)
    port = _free_port()
    argv = ["card", "--resident", "r-serve", "--data-dir", str(tmp_path), "--vpcd", f"127.0.0.1:{port}"]
    assert stub_main([*argv, "--connect-timeout", "0.3", "--json"]) != 0
    out, err = capsys.readouterr()
    assert json.loads(out)["error"] == "vpcd_timeout"
    assert "READY" not in out
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("mynastub: error: ")
    for needed in (f"127.0.0.1:{port}", "pcscd", "vsmartcard-vpcd", "--connect-timeout 0"):
        assert needed in err


@pytest.mark.usefixtures("no_signal_handlers")
def test_cli_card_names_a_busy_slot(
    tmp_path: pathlib.Path, vpcd: FakeVpcd, capsys: pytest.CaptureFixture[str]
) -> None:
    JLIS(tmp_path).issue_card(holder("r-serve"), **DEMO_PINS)
    argv = ["card", "--resident", "r-serve", "--data-dir", str(tmp_path), "--vpcd", f"127.0.0.1:{vpcd.port}"]
    assert stub_main([*argv, "--connect-timeout", "0.3"]) != 0
    err = capsys.readouterr().err
    assert "did not poll the card" in err
    assert "slot" in err


@pytest.mark.parametrize("value", ["-1", "nan"])
def test_cli_card_refuses_a_bad_timeout(
    tmp_path: pathlib.Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert stub_main(["card", "--resident", "r-serve", "--data-dir", str(tmp_path), "--connect-timeout", value]) != 0
    assert "--connect-timeout" in capsys.readouterr().err


def test_serve_card_unknown_resident(tmp_path: pathlib.Path) -> None:
    with pytest.raises(KeyError):
        serve_card(tmp_path, "r-nobody", "127.0.0.1", 1, lambda: None, threading.Event())


def test_apdus_written_in_two_sends_are_answered_without_delayed_ack_stalls(
    vpcd: FakeVpcd, attached: VpcdConnection
) -> None:
    # vpcd writes the length and the APDU with two send() calls, Nagle left on. Without quick
    # ACKs from the card side every exchange would stall ~40 ms on the delayed ACK.
    assert vpcd.conn is not None
    vpcd.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
    apdu = bytes.fromhex(SELECT_JPKI)
    started = time.monotonic()
    for _ in range(20):
        vpcd.conn.sendall(struct.pack("!H", len(apdu)))
        vpcd.conn.sendall(apdu)
        assert vpcd.recv() == b"\x90\x00"
    assert time.monotonic() - started < 0.4


def test_does_not_spin_when_connections_are_dropped_unanswered(
    vpcd: FakeVpcd, demo_card: VirtualCard
) -> None:
    connection = VpcdConnection(demo_card, "127.0.0.1", vpcd.port)
    connection.start()
    accepted = 0
    vpcd.server.settimeout(0.05)
    deadline = time.monotonic() + 0.6
    try:
        while time.monotonic() < deadline:
            try:
                conn, _ = vpcd.server.accept()
            except TimeoutError:
                continue
            conn.close()  # never asks for the ATR
            accepted += 1
    finally:
        connection.stop()
    assert 2 <= accepted <= 8  # backoff 0.05, 0.1, 0.2, 0.4 s ... not a busy loop
