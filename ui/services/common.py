"""Shared pieces of the 子育てワンストップ screens: translation, wording of codes, the
``services`` English catalog and small widget helpers."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, QObject, QTranslator
from PySide6.QtWidgets import QLabel, QWidget

import resources.i18n
from app.forms import Text, message_catalog
from app.validators import Severity, ValidationIssue

log = logging.getLogger(__name__)

CATALOG = "services"


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def lang() -> str:
    """The UI language for texts that come as ja/en data (forms, messages)."""
    return "en" if QLocale().name().startswith("en") else "ja"


def text(t: Text | None) -> str:
    return "" if t is None else t.get(lang())


def issue_text(issue: ValidationIssue) -> str:
    template = message_catalog().get(issue.code)
    if template is None:
        return tr("Services", "入力内容を確認してください。")
    try:
        return template.get(lang()).format(**issue.params)
    except (KeyError, IndexError, ValueError):
        return template.get(lang())


def issue_role(issue: ValidationIssue) -> str:
    if issue.severity is Severity.ERROR:
        return "error"
    return "warning" if issue.severity is Severity.WARNING else "info"


SITUATIONS: tuple[tuple[str, str], ...] = (
    ("pregnancy", "妊娠したとき"),
    ("newborn", "子どもが生まれたとき"),
    ("moving", "引っ越したとき"),
    ("nursery", "保育所などを利用したいとき"),
    ("single_parent", "ひとり親家庭になったとき"),
    ("disability", "子どもに障害があるとき"),
    ("several_children", "子どもが増えたとき"),
    ("annual", "毎年の手続"),
)


def situation_label(code: str) -> str:
    for key, label in SITUATIONS:
        if key == code:
            return tr("ServiceSituations", label)
    return code


# Message colours by role; fixed hues that read on light and dark palettes (as app.qss does for
# its warnings), bold so that colour is never the only signal.
ROLE_STYLE = """
QLabel[role="error"] { color: #b3261e; font-weight: bold; }
QLabel[role="warning"] { color: #8a5300; font-weight: bold; }
QLabel[role="help"] { color: palette(placeholder-text); }
"""


def set_role(label: QLabel, role: str) -> None:
    label.setProperty("role", role)
    style = label.style()
    style.unpolish(label)
    style.polish(label)


def name(widget: QWidget, object_name: str, accessible: str = "") -> None:
    widget.setObjectName(object_name)
    if accessible:
        widget.setAccessibleName(accessible)


# --- the services catalog -------------------------------------------------------------------
# ui.i18n.install_translators loads only the "mynadesk" catalog; this follows its language
# changes and installs the "services" catalog beside it (as ui/portal/i18n.py does for its own).


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
        language = lang()  # Japanese is the source; anything else but English shows it
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
                    log.warning("no services catalog for %s", language)
        finally:
            self._busy = False


_follower: _CatalogFollower | None = None


def ensure_translations() -> None:
    """Starts following the app's language (idempotent)."""
    global _follower
    app = QCoreApplication.instance()
    if app is None:
        return
    if _follower is None or _follower.parent() is not app:
        _follower = _CatalogFollower(app)
    else:
        _follower.sync()
