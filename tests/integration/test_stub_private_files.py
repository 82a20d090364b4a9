"""Secrets at rest: a stub data dir is its owner's alone (files 0600, folders 0700).

The CA keys in it let whoever reads them mint a certificate for any resident, the card folders
hold keys and PINs, holder.json a My Number, stub.sqlite3 (with its -wal and -shm) everything.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from backend_stub.jlis import JLIS
from tests.fixtures.card import DEMO_PINS, holder
from tests.fixtures.stub import StubServer

pytestmark = pytest.mark.integration

SECRETS = (
    "jlis/auth_ca.key.pem",
    "jlis/sign_ca.key.pem",
    "jlis/kenhojo.key.pem",
    "cards/r03/auth.key.pem",
    "cards/r03/sign.key.pem",
    "cards/r03/pins.json",
    "cards/r03/card-image.json",
    "cards/r03/holder.json",
    "stub.sqlite3",
    "stub.sqlite3-wal",
    "stub.sqlite3-shm",
    "tls/ca-key.pem",
    "tls/server-key.pem",
)


def loose_modes(root: Path) -> dict[str, str]:
    """Every file or folder under ``root`` (itself included) that others than its owner may use."""
    out = {}
    for path in [root, *root.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if not path.is_symlink() and mode & 0o077:
            out[str(path.relative_to(root))] = oct(mode)
    return out


def assert_private(root: Path) -> None:
    for name in SECRETS:
        assert (root / name).is_file(), name
    assert loose_modes(root) == {}
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    for name in SECRETS:
        assert stat.S_IMODE((root / name).stat().st_mode) == 0o600, name


def test_a_fresh_data_dir_is_the_owners_alone(stub_server_factory: Callable[..., StubServer], tmp_path: Path) -> None:
    old = os.umask(0o022)  # started from a shell with the usual umask, which the stub inherits
    try:
        server = stub_server_factory(data_dir=tmp_path / "fresh")
    finally:
        os.umask(old)
    assert_private(server.data_dir)  # while it runs: the -wal and -shm files exist
    status = Path(f"/proc/{server.process.pid}/status")
    if status.exists():  # Linux: whatever the stub (or SQLite, or a library) creates next is private too
        umask = next(line.split()[1] for line in status.read_text().splitlines() if line.startswith("Umask:"))
        assert int(umask, 8) == 0o077
    assert "readable by their owner only" not in server.stderr_file.read_text()


def test_an_older_loose_data_dir_is_tightened_on_start(
    stub_server_factory: Callable[..., StubServer], tmp_path: Path
) -> None:
    data_dir = tmp_path / "older"
    first = stub_server_factory(data_dir=data_dir)
    first.stop()
    # As a data dir made before this rule: folders 0755, files 0644.
    for path in [data_dir, *data_dir.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
    assert "jlis/auth_ca.key.pem" in loose_modes(data_dir)
    server = stub_server_factory(data_dir=data_dir)
    assert_private(data_dir)
    said = [line for line in server.stderr_file.read_text().splitlines() if "readable by their owner only" in line]
    assert len(said) == 1
    assert str(data_dir) in said[0]


def test_cards_issued_in_another_process_are_private_too(tmp_path: Path) -> None:
    # Tests, `mynastub card` and the GUI's demo reader use J-LIS in their own process, whose umask
    # is not the stub's: the files are private by their own modes.
    old = os.umask(0o022)
    try:
        jlis = JLIS(tmp_path / "data")
        jlis.issue_card(holder("r-private"), **DEMO_PINS)
        jlis.revoke("r-private")
    finally:
        os.umask(old)
    assert loose_modes(tmp_path / "data") == {}
    assert stat.S_IMODE((tmp_path / "data" / "cards" / "r-private" / "pins.json").stat().st_mode) == 0o600
