"""Translations: Japanese is the source language; English comes from resources/i18n/*.ts.

The ``.ts`` files are committed; the ``.qm`` files are built from them at setup time
(scripts/setup.sh) or, when missing or stale, here at run time into the user's cache.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources.i18n
from app.settings import Language

log = logging.getLogger(__name__)

CATALOG = "mynadesk"
SOURCE_LANGUAGE = Language.JA


def ts_path(language: Language) -> Path:
    # Beside the package rather than importlib.resources, which costs 5 ms at start-up.
    return Path(resources.i18n.__file__).with_name(f"{CATALOG}_{language.value}.ts")


def _lrelease() -> str | None:
    import shutil

    exe_dir = Path(sys.executable).parent
    for candidate in (exe_dir / "pyside6-lrelease", exe_dir / "lrelease"):
        if candidate.exists():
            return str(candidate)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_ts(ts: Path, qm: Path) -> bool:
    """Builds ``qm`` from ``ts`` with lrelease; False (and a log line) when that is impossible."""
    import subprocess

    tool = _lrelease()
    if tool is None:
        log.warning("lrelease not found; cannot build %s", qm.name)
        return False
    qm.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([tool, "-silent", str(ts), "-qm", str(qm)], capture_output=True, text=True, check=False)
    if result.returncode != 0 or not qm.exists():
        log.warning("lrelease failed for %s: %s", ts.name, result.stderr.strip()[-500:])
        return False
    return True


def qm_path(language: Language, cache_dir: Path | None = None) -> Path | None:
    """The compiled catalog for ``language``: next to the .ts when fresh, else built into
    ``cache_dir``. None when there is no catalog (source language) or it cannot be built."""
    ts = ts_path(language)
    if not ts.exists():
        return None
    beside = ts.with_suffix(".qm")
    if beside.exists() and beside.stat().st_mtime >= ts.stat().st_mtime:
        return beside
    if cache_dir is None:
        # Installed read-only or no cache given: try beside the .ts first.
        return beside if compile_ts(ts, beside) else None
    cached = cache_dir / "i18n" / beside.name
    if cached.exists() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    if _writable(beside.parent) and compile_ts(ts, beside):
        return beside
    return cached if compile_ts(ts, cached) else None


def _writable(directory: Path) -> bool:
    return os.access(directory, os.W_OK)


_installed: list[QTranslator] = []


def install_translators(app: QCoreApplication, language: Language, cache_dir: Path | None = None) -> bool:
    """Installs the app's catalog and Qt's own for ``language`` (replacing earlier ones).
    Returns False when the language's catalog could not be loaded (the UI stays Japanese)."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(language.value))
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language.value}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
    if language == SOURCE_LANGUAGE:
        return True
    qm = qm_path(language, cache_dir)
    translator = QTranslator(app)
    if qm is None or not translator.load(str(qm)):
        log.warning("no translation catalog for %s; showing Japanese", language.value)
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
