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
        if not ts_path(language).exists():
            language = "ja"  # the source language (also for "C" and languages without a catalog)
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


# -- catalog upkeep: ``python -m ui.portal.i18n`` ------------------------------------------------
#
# pyside6-lupdate only sees literal contexts; the portal modules call a module-level
# ``tr(text)`` that adds the module's context. This walks the sources with ``ast`` and
# refreshes portal_en.ts with the right context for each string, keeping translations.

SOURCES = {
    "ui/portal/chart.py": "MonthlyChart",
    "ui/portal/delivery.py": "DeliveryDialog",
    "ui/portal/export.py": "Export",
    "ui/portal/history_text.py": "HistoryText",
    "ui/portal/history_model.py": "HistoryModel",
    "ui/portal/messages.py": "PortalMessages",
    "ui/portal/notice_model.py": "NoticeModel",
    "ui/portal/payment.py": "PaymentDialog",
    "ui/portal/push.py": "NoticePush",
    "ui/portal/self_info_model.py": "SelfInfoModel",
    "ui/screens/history.py": "HistoryScreen",
    "ui/screens/notices.py": "NoticesScreen",
    "ui/screens/self_info.py": "SelfInfoScreen",
    "ui/screens/home.py": "HomeScreen",
}


def extract(root: Path) -> dict[str, list[str]]:
    """Context → source texts, in order of appearance."""
    import ast

    found: dict[str, list[str]] = {}
    for rel, module_context in SOURCES.items():
        tree = ast.parse((root / rel).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            consts = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name == "tr" and len(node.args) == 1 and len(consts) == 1:
                context, text = module_context, consts[0]
            elif name in ("translate", "t") and len(node.args) >= 2 and len(consts) >= 2 and consts[0] == getattr(node.args[0], "value", None):
                context, text = consts[0], consts[1]
            else:
                continue
            texts = found.setdefault(context, [])
            if text not in texts:
                texts.append(text)
    return found


def update_catalog(root: Path, ts: Path, extra: dict[str, str] | None = None) -> tuple[int, int]:
    """Rewrites ``ts``; returns (messages, untranslated)."""
    import xml.etree.ElementTree as ET

    known: dict[tuple[str, str], str] = {}
    if ts.exists():
        for ctx in ET.parse(ts).getroot().iter("context"):
            cname = ctx.findtext("name") or ""
            for msg in ctx.iter("message"):
                tr_el = msg.find("translation")
                if tr_el is not None and tr_el.text and tr_el.get("type") != "unfinished":
                    known[(cname, msg.findtext("source") or "")] = tr_el.text
    by_text = {src: text for (_c, src), text in known.items()}
    by_text.update(extra or {})
    top = ET.Element("TS", version="2.1", language="en_US", sourcelanguage="ja_JP")
    total = missing = 0
    for context, texts in sorted(extract(root).items()):
        ctx_el = ET.SubElement(top, "context")
        ET.SubElement(ctx_el, "name").text = context
        for text in texts:
            total += 1
            msg = ET.SubElement(ctx_el, "message")
            ET.SubElement(msg, "source").text = text
            translation = known.get((context, text)) or by_text.get(text)
            tr_el = ET.SubElement(msg, "translation")
            if translation:
                tr_el.text = translation
            else:
                missing += 1
                tr_el.set("type", "unfinished")
    ET.indent(top)
    body = ET.tostring(top, encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")
    return total, missing


if __name__ == "__main__":
    import sys

    repo = Path(__file__).resolve().parents[2]
    n, untranslated = update_catalog(repo, ts_path("en"))
    print(f"{ts_path('en').name}: {n} messages, {untranslated} untranslated")
    from ui.i18n import compile_ts

    sys.exit(0 if compile_ts(ts_path("en"), ts_path("en").with_suffix(".qm")) else 1)
