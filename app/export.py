"""Writing exported lists to CSV, Qt-free.

* UTF-8 with a byte-order mark, so spreadsheet programs on Windows read Japanese correctly.
* RFC 4180 quoting, CRLF line ends.
* Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab
  or carriage return) are prefixed with an apostrophe (CSV injection).
* Written to a temporary file beside the target and moved into place: a failed export never
  leaves half a file under the chosen name.
* Readable and writable by the resident only (0600): what is exported is personal data.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _private(fd: int) -> None:
    """mkstemp's mode already; set here because the resident relies on it (Windows: ACLs of the
    folder the resident chose)."""
    if os.name == "posix":
        os.fchmod(fd, 0o600)


def safe_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(path: str | os.PathLike[str], header: Sequence[str], rows: Iterable[Sequence[object]]) -> int:
    """Writes ``header`` and ``rows`` to ``path``; returns the number of data rows."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".csv", dir=target.parent)
    _private(fd)
    count = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, lineterminator="\r\n")
            writer.writerow([safe_cell(h) for h in header])
            for row in rows:
                writer.writerow([safe_cell(c) for c in row])
                count += 1
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count


def write_private(path: str | os.PathLike[str], data: bytes) -> None:
    """Writes ``data`` to ``path`` as write_csv does: 0600, through a temporary file beside it."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".export-", dir=target.parent)
    _private(fd)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
