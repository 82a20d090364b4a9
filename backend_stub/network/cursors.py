"""Page cursors that only this server can issue.

A cursor carries a position (the last row's sort key and id). It is authenticated with an
HMAC-SHA-256 under a per-server key kept in the data dir (``cursor.key``, 0600), and it is bound
to the list it pages and to the resident who read it. A cursor this server never issued, one
for another list or another resident, or one edited by hand is refused before any of its
content is parsed, so a hostile cursor cannot reach the JSON parser (a 5,000-deep ``[[[…``
once made it recurse until it failed).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_FILE = "cursor.key"
KEY_BYTES = 32
_MAC_BYTES = 16
_MAX_CURSOR_CHARS = 512  # issued cursors are about 100 characters
_SEP = "\x1f"


class BadCursorError(ValueError):
    """The cursor is not one this server issued for this list and resident (message safe to show)."""

    def __init__(self) -> None:
        super().__init__("cursor is not one this server gave")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    if not text.isascii():
        raise BadCursorError
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise BadCursorError from None
    if _b64(data) != text:  # one cursor, one spelling: no stray padding bits or characters
        raise BadCursorError
    return data


def load_key(data_dir: Path) -> bytes:
    """The server's cursor key, made on first use (readable by the server's user only)."""
    path = Path(data_dir) / KEY_FILE
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return path.read_bytes()
        with os.fdopen(fd, "wb") as f:
            f.write(key)
    if len(key) < KEY_BYTES:
        raise ValueError(f"{path} is damaged; delete it to make a new one")
    return key


class CursorSigner:
    """Issues and checks the cursors of one server."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _mac(self, kind: str, scope: str, body: bytes) -> bytes:
        message = kind.encode() + b"\x00" + scope.encode() + b"\x00" + body
        return hmac.new(self._key, message, hashlib.sha256).digest()[:_MAC_BYTES]

    def encode(self, kind: str, scope: str, *values: str) -> str:
        """A cursor for list ``kind`` read by ``scope`` (the resident), positioned at ``values``."""
        body = _SEP.join(values).encode("utf-8")
        return _b64(body) + "." + _b64(self._mac(kind, scope, body))

    def decode(self, kind: str, scope: str, cursor: str, count: int) -> tuple[str, ...]:
        """The ``count`` values of a cursor this signer issued for ``kind`` and ``scope``."""
        if len(cursor) > _MAX_CURSOR_CHARS:
            raise BadCursorError
        body_text, dot, mac_text = cursor.partition(".")
        if not dot:
            raise BadCursorError
        body, mac = _unb64(body_text), _unb64(mac_text)
        if not hmac.compare_digest(mac, self._mac(kind, scope, body)):
            raise BadCursorError
        try:
            values = tuple(body.decode("utf-8").split(_SEP))
        except UnicodeDecodeError:
            raise BadCursorError from None
        if len(values) != count:
            raise BadCursorError
        return values
