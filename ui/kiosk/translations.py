"""The kiosk's own catalog (resources/kiosk/kiosk_<lang>.ts), installed once and following the
app language: it answers only while the default locale is that language, so
``ui.i18n.install_translators`` switching languages needs no help from here."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QStandardPaths, QTranslator

import resources.kiosk
from ui.i18n import compile_ts

log = logging.getLogger(__name__)

LANGUAGES = ("en",)


class _FollowingTranslator(QTranslator):
    def __init__(self, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self._catalogs: dict[str, QTranslator] = {}
        for lang in LANGUAGES:
            qm = _qm(lang)
            catalog = QTranslator(self)
            if qm is not None and catalog.load(str(qm)):
                self._catalogs[lang] = catalog
            else:
                log.warning("kiosk catalog for %s not available", lang)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:  # type: ignore[override]
        catalog = self._catalogs.get(QLocale().name().split("_")[0])
        if catalog is None:
            return None
        found = catalog.translate(context, source, disambiguation, n)
        return found or None

    def isEmpty(self) -> bool:
        return not self._catalogs


def _qm(lang: str) -> Path | None:
    ts = Path(resources.kiosk.__file__).with_name(f"kiosk_{lang}.ts")
    beside = ts.with_suffix(".qm")
    if beside.exists() and beside.stat().st_mtime >= ts.stat().st_mtime:
        return beside
    cache = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation) or "/tmp")
    target = cache / "mynadesk-i18n" / beside.name
    if target.exists() and target.stat().st_mtime >= ts.stat().st_mtime:
        return target
    return target if compile_ts(ts, target) else None


_installed: _FollowingTranslator | None = None


def ensure_kiosk_translations() -> None:
    """Installs the kiosk catalog (idempotent). Call before building kiosk widgets."""
    global _installed
    app = QCoreApplication.instance()
    if app is None or (_installed is not None and _installed.parent() is app):
        return
    _installed = _FollowingTranslator(app)
    app.installTranslator(_installed)
