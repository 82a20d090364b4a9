"""backend_stub.network.cursors: a page cursor is good on the server that issued it (also after
a restart, as a kiosk paging through its history would notice), for its list and its resident
only, and nothing else is even parsed."""

from __future__ import annotations

import base64
import stat
from pathlib import Path

import pytest

from backend_stub.network.cursors import BadCursorError, CursorSigner, load_key


def test_a_cursor_survives_a_restart_of_the_same_server(tmp_path: Path) -> None:
    issued = CursorSigner(load_key(tmp_path)).encode("history", "r01", "2026-01-01T00:00:00+09:00", "id-1")
    after_restart = CursorSigner(load_key(tmp_path))
    assert after_restart.decode("history", "r01", issued, 2) == ("2026-01-01T00:00:00+09:00", "id-1")
    assert stat.S_IMODE((tmp_path / "cursor.key").stat().st_mode) == 0o600


def test_another_servers_cursor_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    issued = CursorSigner(load_key(tmp_path / "a")).encode("history", "r01", "t", "id")
    other = CursorSigner(load_key(tmp_path / "b"))
    with pytest.raises(BadCursorError):
        other.decode("history", "r01", issued, 2)


@pytest.mark.parametrize(("kind", "scope"), [("notices", "r01"), ("history", "r02")])
def test_a_cursor_is_bound_to_its_list_and_resident(tmp_path: Path, kind: str, scope: str) -> None:
    signer = CursorSigner(load_key(tmp_path))
    issued = signer.encode("history", "r01", "t", "id")
    with pytest.raises(BadCursorError):
        signer.decode(kind, scope, issued, 2)


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "no-dot",
        base64.urlsafe_b64encode(b"[" * 5000).decode(),
        "A" * 10_000 + ".AAAA",
        "ｗｉｄｅ.ｃｈａｒｓ",
        "abc.%%%",
    ],
)
def test_what_the_server_never_issued_is_refused(tmp_path: Path, cursor: str) -> None:
    with pytest.raises(BadCursorError):
        CursorSigner(load_key(tmp_path)).decode("history", "r01", cursor, 2)


def test_a_damaged_key_file_is_not_used(tmp_path: Path) -> None:
    (tmp_path / "cursor.key").write_bytes(b"short")
    with pytest.raises(ValueError, match="damaged"):
        load_key(tmp_path)
