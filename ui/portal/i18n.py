"""The portal screens' English catalog (``resources/i18n/portal_en.ts``).

``ui.i18n.install_translators`` loads one catalog (``mynadesk``). Rather than edit it, this
module follows its language changes: an application event filter sees each LanguageChange
and installs (English) or removes (Japanese) a second translator for the ``portal`` catalog.
"""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator

import resources.i18n

log = logging.getLogger(__name__)

CATALOG = "portal"


def ts_path(language: str = "en") -> Path:
    return Path(resources.i18n.__file__).with_name(f"{CATALOG}_{language}.ts")


def _qm(language: str) -> Path | None:
    from ui.i18n import compile_ts

    ts = ts_path(language)
    if not ts.exists():
        return None
    beside = ts.with_suffix(".qm")
    if beside.exists() and beside.stat().st_mtime >= ts.stat().st_mtime:
        return beside
    cached = Path(tempfile.gettempdir()) / "mynadesk-i18n" / beside.name
    if cached.exists() and cached.stat().st_mtime >= ts.stat().st_mtime:
        return cached
    for target in (beside, cached):
        try:
            if compile_ts(ts, target):
                return target
        except OSError:
            continue
    return None


class _CatalogFollower(QObject):
    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._translator: QTranslator | None = None
        self._language = "ja"
        self._busy = False
        app.installEventFilter(self)
        self.sync()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange and watched is self.parent() and not self._busy:
            self.sync()
        return False

    def sync(self) -> None:
        language = QLocale().name().split("_")[0]
        if language == self._language and (self._translator is not None) == (language != "ja"):
            return
        app = QCoreApplication.instance()
        if app is None:
            return
        self._busy = True
        try:
            if self._translator is not None:
                app.removeTranslator(self._translator)
                self._translator = None
            self._language = language
            if language != "ja":
                qm = _qm(language)
                translator = QTranslator(self)
                if qm is not None and translator.load(str(qm)):
                    app.installTranslator(translator)
                    self._translator = translator
                else:
                    log.warning("no portal catalog for %s", language)
        finally:
            self._busy = False


_follower: _CatalogFollower | None = None


def ensure_portal_translations() -> None:
    """Starts following the app's language (idempotent). Call before building a portal screen."""
    global _follower
    app = QCoreApplication.instance()
    if app is None:
        return
    if _follower is None or _follower.parent() is not app:
        _follower = _CatalogFollower(app)
    else:
        _follower.sync()
