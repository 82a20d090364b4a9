"""Every `src:<id>` in the project resolves to an entry of docs/sources.md, and every entry is
complete (title, issuer, address, date read)."""

from __future__ import annotations

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
SOURCES = ROOT / "docs" / "sources.md"
SCANNED = ("app", "ui", "backend_stub", "resources", "docs", "README.md")
SUFFIXES = {".py", ".json", ".md", ".csv", ".ts", ".txt"}
ID = re.compile(r"\bsrc:([a-z0-9][a-z0-9._-]*[a-z0-9])")
FIELDS = ("title", "issuer", "address", "read")


def _entries() -> dict[str, str]:
    text = SOURCES.read_text(encoding="utf-8")
    parts = re.split(r"^### +(\S+)[ \t]*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def _cited() -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    for name in SCANNED:
        base = ROOT / name
        files = [base] if base.is_file() else [p for p in base.rglob("*") if p.is_file()]
        for path in files:
            if path.suffix not in SUFFIXES or path == SOURCES:
                continue
            for match in ID.finditer(path.read_text(encoding="utf-8", errors="replace")):
                cited.setdefault(match.group(1), []).append(str(path.relative_to(ROOT)))
    return cited


def test_every_cited_id_resolves() -> None:
    entries = _entries()
    missing = {sid: where for sid, where in _cited().items() if sid not in entries}
    assert not missing, f"source ids with no entry in docs/sources.md: {missing}"


def test_every_entry_is_complete() -> None:
    incomplete = {}
    for sid, body in _entries().items():
        lacking = [f for f in FIELDS if not re.search(rf"^- {f}: \S", body, flags=re.MULTILINE)]
        if lacking:
            incomplete[sid] = lacking
        read = re.search(r"^- read: (\d{4}-\d{2}-\d{2})\s*$", body, flags=re.MULTILINE)
        if read is None and "read" not in lacking:
            incomplete[sid] = [*lacking, "read (YYYY-MM-DD)"]
    assert not incomplete, f"incomplete entries in docs/sources.md: {incomplete}"


def test_the_check_sees_a_missing_id(tmp_path: pathlib.Path) -> None:
    # The pattern must find an id the way the project writes it, or the first test proves nothing.
    assert ID.findall('"sources": ["src:egov-bango-h25-27"] # src:mhlw.page-1') == [
        "egov-bango-h25-27",
        "mhlw.page-1",
    ]
    assert "no-such-source-id" not in _entries()
