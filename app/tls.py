"""TLS client contexts: trust exactly the configured CA, and never leak a socket.

CPython's ``SSLSocket`` (3.11.5 and later, 3.12, 3.13) checks, before the handshake, whether a
socket that is no longer connected holds data. When the peer has already reset the connection
(a backend killed, a relay refusing), that check raises ``ConnectionResetError`` from inside
``wrap_socket`` without closing the new ``SSLSocket``, which owns the file descriptor by then.
Nobody can close it: the caller never receives it, so the descriptor waits for the garbage
collector (and a ``ResourceWarning``). :class:`_ClosingSSLSocket` closes itself on that path.
"""

from __future__ import annotations

import os
import ssl


class _ClosingSSLSocket(ssl.SSLSocket):
    """An ``SSLSocket`` that closes itself when its pre-handshake check fails.

    ``SSLSocket._create`` sets the instance attribute ``_connected`` only after that check, so
    a failing ``recv`` while it is absent belongs to the check, and the socket is about to be
    lost to the caller: close it before the error propagates.
    """

    def recv(self, buflen: int = 1024, flags: int = 0) -> bytes:
        try:
            return super().recv(buflen, flags)
        except OSError:
            if "_connected" not in vars(self):
                self.close()
            raise


def client_context(ca_file: str | os.PathLike[str] | None) -> ssl.SSLContext:
    """A client context that verifies the server's certificate and host name against
    ``ca_file`` alone (or against the system's trust store when it is None).

    Raises ``OSError`` (``FileNotFoundError``, ``ssl.SSLError``) when the CA file cannot be read.
    """
    context = ssl.create_default_context(cafile=os.fspath(ca_file) if ca_file is not None else None)
    context.sslsocket_class = _ClosingSSLSocket
    return context
