"""One running mynadesk per data folder.

A second launch with the same data folder (two instances would share drafts, settings and the
demo backend's database) asks the running one to come forward and exits. A second launch in
another mode (``--kiosk``, another ``--backend``) cannot be merged into the running window: it
says in one line that mynadesk is already running, and exits.

The running instance listens on a local socket (``QLocalServer``, usable by this user only, in
``$XDG_RUNTIME_DIR`` or the temporary folder) named after the user and the data folder; it is
created after the first paint. A later launch connects to it with a plain Unix socket before it
builds its window (no QtNetwork import on the way to the first paint): with nobody listening
the connection is refused at once. ``--self-test`` takes no part.
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

REPLY_TIMEOUT_S = 2.0
# What the running instance answers when it came forward; otherwise it answers its own mode.
RAISED = "raised"


def socket_path(data_dir: Path) -> str:
    """The socket's path: this user and this data folder (resolved, hashed: nothing personal,
    and short enough for a Unix socket)."""
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    folder = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return os.path.join(folder, f"mynadesk-{os.getuid()}-{digest}.sock")


def mode_of(kiosk: bool, backend_url: str | None) -> str:
    """The launch mode two instances must share to be one: kiosk or not, and which backend."""
    return f"{'kiosk' if kiosk else 'desktop'} {backend_url or 'embedded'}"


def ask_running_instance(path: str, mode: str) -> str | None:
    """Asks a running instance listening on ``path`` to come forward. None when none runs;
    otherwise its answer: :data:`RAISED`, or the running instance's own mode when it differs."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(REPLY_TIMEOUT_S)
        try:
            conn.connect(path)
        except OSError:  # no socket, or a stale one nobody listens on
            return None
        reply = b""
        try:
            conn.sendall(mode.encode("utf-8") + b"\n")
            while not reply.endswith(b"\n"):
                chunk = conn.recv(1024)
                if not chunk:
                    break
                reply += chunk
        except OSError:  # it accepted but did not answer in time: it is still running
            pass
    return reply.decode("utf-8", "replace").strip() or RAISED


class InstanceServer(QObject):
    """Listens for later launches; calls ``on_raise`` when one of the same mode asks."""

    def __init__(self, path: str, mode: str, on_raise: Callable[[], None], parent: QObject | None = None) -> None:
        from PySide6.QtNetwork import QLocalServer

        super().__init__(parent)
        self._mode = mode
        self._on_raise = on_raise
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._on_server_new_connection)
        if not self._server.listen(path):
            # A socket file left by an instance that was killed: nobody answers on it.
            QLocalServer.removeServer(path)
            self._server.listen(path)

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def close(self) -> None:
        self._server.close()

    def _on_server_new_connection(self) -> None:
        while (conn := self._server.nextPendingConnection()) is not None:
            conn.readyRead.connect(lambda c=conn: self._answer(c))
            conn.disconnected.connect(conn.deleteLater)

    def _answer(self, conn: QLocalSocket) -> None:
        if not conn.canReadLine():
            return
        asked = bytes(conn.readLine().data()).decode("utf-8", "replace").strip()
        same = asked == self._mode
        conn.write(((RAISED if same else self._mode) + "\n").encode("utf-8"))
        conn.flush()
        conn.disconnectFromServer()
        if same:
            self._on_raise()
