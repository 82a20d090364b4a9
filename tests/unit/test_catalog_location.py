"""Every translation catalog sits where the app loads catalogs from (ui/i18n.py loads
resources/i18n/*_en.ts); a catalog anywhere else would pass the completeness checks while its
strings stayed Japanese on English screens."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_all_catalogs_are_in_the_loaded_folder() -> None:
    catalogs = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*.ts")}
    assert catalogs, "no translation catalogs found"
    stray = sorted(c for c in catalogs if not c.startswith("resources/i18n/"))
    assert not stray, f"catalogs the app never loads: {stray}"
