"""One running mynadesk per data folder.

A second launch with the same data folder (two instances would share drafts, settings and the
demo backend's database) asks the running one to come forward and exits. A second launch in
another mode (``--kiosk``, another ``--backend``) cannot be merged into the running window: it
says in one line that mynadesk is already running, and exits.

The running instance listens on a Unix socket (0600, in ``$XDG_RUNTIME_DIR`` or the temporary
folder) named after the user and the data folder; it is created after the first paint. A later
launch connects to it before it builds its window: with nobody listening the connection is
refused at once. ``--self-test`` takes no part.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

if TYPE_CHECKING:
    import socket  # imported where used: a first launch never needs it before its first paint

REPLY_TIMEOUT_S = 2.0
# How long the running instance waits for a later launch's one line (it is sent at once).
ANSWER_TIMEOUT_S = 0.5
# What the running instance answers when it came forward; otherwise it answers its own mode.
RAISED = "raised"


def socket_path(data_dir: Path) -> str:
    """The socket's path: this user and this data folder (resolved, as a CRC-32: nothing
    personal, short enough for a Unix socket, and no hashlib/OpenSSL import before the first
    paint; a collision only makes two folders share one instance)."""
    key = zlib.crc32(str(data_dir.resolve()).encode("utf-8"))
    folder = os.environ.get("XDG_RUNTIME_DIR") or os.environ.get("TMPDIR") or "/tmp"
    return os.path.join(folder, f"mynadesk-{os.getuid()}-{key:08x}.sock")


def mode_of(kiosk: bool, backend_url: str | None) -> str:
    """The launch mode two instances must share to be one: kiosk or not, and which backend."""
    return f"{'kiosk' if kiosk else 'desktop'} {backend_url or 'embedded'}"


def ask_running_instance(path: str, mode: str) -> str | None:
    """Asks a running instance listening on ``path`` to come forward. None when none runs;
    otherwise its answer: :data:`RAISED`, or the running instance's own mode when it differs."""
    if not os.path.exists(path):
        return None  # the usual first launch: no socket file, nothing to ask
    import socket

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
    """Listens for later launches; calls ``on_raise`` when one of the same mode asks.

    A plain Unix socket watched by a ``QSocketNotifier`` (QtCore): QtNetwork's ``QLocalServer``
    would cost ~3 MiB of resident memory for one line of talk (DESIGN.md §9's memory budget).
    The socket file is this user's alone (0600, in the user's runtime folder)."""

    def __init__(self, path: str, mode: str, on_raise: Callable[[], None], parent: QObject | None = None) -> None:
        from PySide6.QtCore import QSocketNotifier

        super().__init__(parent)
        self._mode = mode
        self._on_raise = on_raise
        self._path = path
        self._sock: socket.socket | None = self._listen(path)
        self._notifier: QSocketNotifier | None = None
        if self._sock is not None:
            self._notifier = QSocketNotifier(self._sock.fileno(), QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._on_notifier_activated)

    @staticmethod
    def _listen(path: str) -> socket.socket | None:
        import socket

        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_umask = os.umask(0o177)  # the socket file is created 0600
        try:
            try:
                sock.bind(path)
            except OSError:
                if ask_running_instance(path, "") is not None:
                    sock.close()
                    return None  # another instance took it meanwhile: it answers
                # A socket file left by an instance that was killed: nobody answers on it.
                os.unlink(path)
                sock.bind(path)
            sock.listen(4)
            sock.setblocking(False)
            return sock
        except OSError:
            sock.close()
            return None
        finally:
            os.umask(old_umask)

    @property
    def listening(self) -> bool:
        return self._sock is not None

    def close(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
        if self._sock is not None:
            self._sock.close()
            self._sock = None
            with contextlib.suppress(OSError):
                os.unlink(self._path)

    def _on_notifier_activated(self) -> None:
        sock = self._sock
        if sock is None:
            return
        try:
            conn, _ = sock.accept()
        except (BlockingIOError, OSError):
            return
        with conn:
            # The asker writes its one line at once; a peer that does not is dropped after this.
            conn.settimeout(ANSWER_TIMEOUT_S)
            try:
                asked = b""
                while not asked.endswith(b"\n") and len(asked) < 1024:
                    chunk = conn.recv(1024)
                    if not chunk:
                        break
                    asked += chunk
                same = asked.decode("utf-8", "replace").strip() == self._mode
                conn.sendall(((RAISED if same else self._mode) + "\n").encode("utf-8"))
            except OSError:
                return
        if same:
            self._on_raise()
