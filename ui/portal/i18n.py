"""The portal screens' English catalog (``resources/i18n/portal_en.ts``) and its upkeep.

At run time there is nothing to do here: :func:`ui.i18n.install_translators` installs every
``*_<language>.ts`` catalog, this one included, once per language change, and each portal
screen retranslates itself on the LanguageChange that follows.
"""

from __future__ import annotations

import logging
from pathlib import Path

import resources.i18n

log = logging.getLogger(__name__)

CATALOG = "portal"


def ts_path(language: str = "en") -> Path:
    return Path(resources.i18n.__file__).with_name(f"{CATALOG}_{language}.ts")


def ensure_portal_translations() -> None:
    """Kept for the portal screens that call it before building: the catalog is installed by
    :func:`ui.i18n.install_translators` with the others, so this installs nothing (a second
    translator for the same catalog would be searched twice for every string)."""


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
    "ui/portal/notice_model.py": "NoticeModel",
    "ui/portal/payment.py": "PaymentDialog",
    "ui/portal/push.py": "NoticePush",
    "ui/portal/desktop_notices.py": "NoticePush",
    "ui/portal/self_info_model.py": "SelfInfoModel",
    "ui/portal/names.py": "ServerNames",
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
