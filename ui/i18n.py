"""Translations: Japanese is the source language; English comes from resources/i18n/*_en.ts.

Every catalog for a language is loaded, each exactly once (``mynadesk_en.ts`` for the shell,
and whatever other parts add beside it: ``login_en.ts``, ``portal_en.ts``, ``services_en.ts``...);
this is the only place translators are installed, so a part adds a catalog file, not code. The ``.ts``
files are committed; the ``.qm`` files are built from them at setup time (scripts/setup.sh)
or, when missing or stale, here at run time (beside the .ts if writable, else in the cache).
Installing translators sends LanguageChange to every widget, which retranslates itself.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

import resources.i18n
from app.settings import Language

log = logging.getLogger(__name__)

CATALOG = "mynadesk"
SOURCE_LANGUAGE = Language.JA


def i18n_dir() -> Path:
    # Beside the package rather than importlib.resources, which costs 5 ms at start-up.
    return Path(resources.i18n.__file__).parent


def ts_path(language: Language, catalog: str = CATALOG) -> Path:
    return i18n_dir() / f"{catalog}_{language.value}.ts"


def ts_paths(language: Language) -> list[Path]:
    """Every catalog for ``language``, the shell's own first, then the others by name."""
    found = sorted(i18n_dir().glob(f"*_{language.value}.ts"))
    own = ts_path(language)
    return ([own] if own in found else []) + [ts for ts in found if ts != own]


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


def qm_path(language: Language, cache_dir: Path | None = None, catalog: str = CATALOG) -> Path | None:
    """The compiled ``catalog`` for ``language``: next to the .ts when fresh, else built into
    ``cache_dir``. None when there is no catalog (source language) or it cannot be built."""
    return qm_for(ts_path(language, catalog), cache_dir)


def qm_for(ts: Path, cache_dir: Path | None = None) -> Path | None:
    """The compiled form of ``ts`` (see :func:`qm_path`)."""
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
# Translators that stay above the catalogs across language switches (the pseudo-translator).
_on_top: list[QTranslator] = []


_current: list[Language] = [SOURCE_LANGUAGE]


def installed_catalogs() -> list[str]:
    """The files of the translators installed now (Qt's own first), for diagnostics and tests."""
    return [Path(t.filePath()).name for t in _installed]


def keep_on_top(app: QCoreApplication, translator: QTranslator | None) -> None:
    """Installs ``translator`` above every catalog, and again above the new ones after each
    :func:`install_translators`; None removes the one kept so far."""
    for old in _on_top:
        app.removeTranslator(old)
    _on_top.clear()
    if translator is not None:
        _on_top.append(translator)
        app.installTranslator(translator)


def current_language() -> Language:
    """The language last installed with :func:`install_translators`."""
    return _current[0]


def install_translators(app: QCoreApplication, language: Language, cache_dir: Path | None = None) -> bool:
    """Installs every catalog for ``language`` and Qt's own (replacing earlier ones).
    Returns False when the shell's catalog could not be loaded (the UI stays Japanese);
    a missing or broken catalog of another part is logged and skipped."""
    for translator in _installed:
        app.removeTranslator(translator)
        translator.setParent(None)  # freed with its last reference, not kept as a child of app
    _installed.clear()
    _current[0] = language
    QLocale.setDefault(QLocale(language.value))
    qt_translator = QTranslator(app)
    if qt_translator.load(f"qtbase_{language.value}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_translator)
        _installed.append(qt_translator)
    if language == SOURCE_LANGUAGE:
        gaps = _QtGapsTranslator(app)
        app.installTranslator(gaps)
        _installed.append(gaps)
        _raise_on_top(app)
        return True
    own_loaded = False
    own = ts_path(language)
    for ts in ts_paths(language):
        qm = qm_for(ts, cache_dir)
        translator = QTranslator(app)
        if qm is None or not translator.load(str(qm)):
            log.warning("translation catalog %s could not be loaded", ts.name)
            continue
        app.installTranslator(translator)
        _installed.append(translator)
        own_loaded = own_loaded or ts == own
    if not own_loaded:
        log.warning("no translation catalog for %s; showing Japanese", language.value)
    _raise_on_top(app)
    return own_loaded


class _QtGapsTranslator(QTranslator):
    """Japanese for the few strings of Qt's own file dialog that Qt's Japanese catalog
    (qtbase_ja) lacks, so a Japanese UI's save and open dialogs are Japanese throughout."""

    TEXTS: ClassVar[dict[tuple[str, str], str]] = {
        ("QFileDialog", "&Look in:"): "場所(&L):",
        ("QFileDialog", "Files of &type:"): "ファイルの種類(&T):",
    }

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        return self.TEXTS.get((context, source))  # None: not ours, Qt asks the next catalog

    def isEmpty(self) -> bool:
        return False


def _raise_on_top(app: QCoreApplication) -> None:
    # Qt asks the most recently installed translator first.
    for translator in _on_top:
        app.removeTranslator(translator)
        app.installTranslator(translator)
