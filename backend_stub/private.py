"""A stub data dir is its owner's alone: files 0600, folders 0700.

The data dir holds the J-LIS CA keys (whoever reads them can mint a certificate for any
resident and log in as them), every card's keys and PINs, the holders' My Numbers and the
database. The stub process runs with umask 077 (:func:`restrict_umask`), which also covers the
files SQLite creates next to its database; the helpers here make the same modes explicit for
code that runs inside another process (tests, the GUI's in-process virtual card), and
:func:`tighten` repairs a data dir made before this rule with looser modes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
UMASK = 0o077


def restrict_umask() -> int:
    """Set this process's umask to 077 (new files 0600, folders 0700); return the old one."""
    return os.umask(UMASK)


def make_private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) as 0700; an existing folder is left as it is."""
    path = Path(path)
    if path.is_dir():
        return
    missing = [path, *(p for p in path.parents if not p.exists())]
    for folder in reversed(missing):  # a missing parent is created private too
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        os.chmod(folder, DIR_MODE)  # mkdir's mode goes through the umask; not widened by it


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to a file that only its owner may read or write (0600 from creation on)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode through O_CREAT
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
    finally:
        if fd >= 0:
            os.close(fd)


def tighten(data_dir: Path) -> int:
    """Remove group and other permissions from everything under ``data_dir`` (itself included);
    symlinks are not followed. Returns how many files and folders were changed."""
    data_dir = Path(data_dir)
    changed = 0

    def fix(path: Path, wanted: int) -> None:
        nonlocal changed
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return
        if stat.S_ISLNK(st.st_mode) or not stat.S_IMODE(st.st_mode) & 0o077:
            return
        os.chmod(path, stat.S_IMODE(st.st_mode) & wanted)
        changed += 1

    if not data_dir.is_dir():
        return 0
    fix(data_dir, DIR_MODE)
    for root, dirs, files in os.walk(data_dir):
        for name in dirs:
            fix(Path(root) / name, DIR_MODE)
        for name in files:
            fix(Path(root) / name, FILE_MODE)
    return changed
