"""``mynastub card``: keeps one resident's virtual card inserted in a vpcd reader until stopped."""

from __future__ import annotations

import pathlib
import threading
from collections.abc import Callable

from backend_stub.card.virtual import VirtualCard
from backend_stub.card.vpcd import VPCD_PORT, VpcdConnection
from backend_stub.jlis import JLIS

STATE_FILE = "card-state.json"


def serve_card(
    data_dir: pathlib.Path,
    resident_id: str,
    host: str = "127.0.0.1",
    port: int = VPCD_PORT,
    ready: Callable[[], None] = lambda: None,
    stop_event: threading.Event | None = None,
) -> None:
    """Attaches the card of ``resident_id`` (issued by the stub J-LIS in ``data_dir``) to vpcd.

    Calls ``ready()`` once, when vpcd has polled the card's ATR (PC/SC sees the card), and
    returns when ``stop_event`` is set, removing the card. The PIN retry counters (and PINs
    changed on the card) persist in the card's directory, so they carry over between runs.
    Raises KeyError when that resident has no card.
    """
    stop = stop_event or threading.Event()
    profile = JLIS(pathlib.Path(data_dir)).load_card(resident_id)
    assert profile.card_dir is not None
    card = VirtualCard(profile, state_path=profile.card_dir / STATE_FILE)
    connection = VpcdConnection(card, host, port)
    connection.start()
    try:
        # Short waits keep the loop responsive to KeyboardInterrupt in the CLI's main thread.
        while not connection.wait_connected(0.2):
            if stop.is_set():
                return
        ready()
        while not stop.wait(0.5):
            pass
    finally:
        connection.stop()
