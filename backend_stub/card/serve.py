"""``mynastub card``: keeps one resident's virtual card inserted in a vpcd reader until stopped."""

from __future__ import annotations

import pathlib
import threading
import time
from collections.abc import Callable

from backend_stub.card.virtual import VirtualCard
from backend_stub.card.vpcd import VPCD_PORT, VpcdConnection
from backend_stub.jlis import JLIS

STATE_FILE = "card-state.json"
# pcscd polls vpcd's slots about every 0.4 s: a running pcscd with the vpcd driver sees the card
# within a second or two, so ten seconds of silence means it is not there.
DEFAULT_CONNECT_TIMEOUT = 10.0


class VpcdAttachTimeoutError(Exception):
    """vpcd did not poll the card's ATR within the connect timeout.

    ``reached`` tells whether any TCP connection to ``host:port`` was made: False means nothing
    listens there (pcscd not running, or the vsmartcard-vpcd driver not installed); True means
    vpcd took the connection but never asked for the ATR (typically another virtual card holds
    that slot). ``last_error`` is the last failed connect's reason, if any.
    """

    def __init__(
        self, host: str, port: int, timeout: float, reached: bool, last_error: str | None = None
    ) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self.reached = reached
        self.last_error = last_error
        what = "accepted the connection but never polled the card" if reached else "never answered"
        super().__init__(f"vpcd at {host}:{port} {what} within {timeout:g} s")


def serve_card(
    data_dir: pathlib.Path,
    resident_id: str,
    host: str = "127.0.0.1",
    port: int = VPCD_PORT,
    ready: Callable[[], None] = lambda: None,
    stop_event: threading.Event | None = None,
    connect_timeout: float | None = DEFAULT_CONNECT_TIMEOUT,
) -> None:
    """Attaches the card of ``resident_id`` (issued by the stub J-LIS in ``data_dir``) to vpcd.

    Calls ``ready()`` once, when vpcd has polled the card's ATR (PC/SC sees the card), and
    returns when ``stop_event`` is set, removing the card. Raises VpcdAttachTimeoutError when
    vpcd has not polled the card within ``connect_timeout`` seconds (None or 0: wait until
    stopped); once attached, a pcscd restart is waited out without a limit. The PIN retry counters (and PINs
    changed on the card) persist in the card's directory, so they carry over between runs.
    Raises KeyError when that resident has no card.
    """
    stop = stop_event or threading.Event()
    profile = JLIS(pathlib.Path(data_dir)).load_card(resident_id)
    assert profile.card_dir is not None
    card = VirtualCard(profile, state_path=profile.card_dir / STATE_FILE)
    connection = VpcdConnection(card, host, port)
    deadline = time.monotonic() + connect_timeout if connect_timeout else None
    connection.start()
    try:
        # Short waits keep the loop responsive to KeyboardInterrupt in the CLI's main thread.
        while not connection.wait_connected(0.2):
            if stop.is_set():
                return
            if deadline is not None and time.monotonic() >= deadline:
                error = connection.last_error
                raise VpcdAttachTimeoutError(
                    host,
                    port,
                    float(connect_timeout or 0),
                    connection.reached.is_set(),
                    (error.strerror or str(error)) if error is not None else None,
                )
        ready()
        while not stop.wait(0.5):
            pass
    finally:
        connection.stop()
