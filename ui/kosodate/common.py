"""Shared pieces of the 子育てワンストップ screens: translation, wording of codes, where the
``services`` English catalog lives, and small widget helpers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QWidget

import resources.i18n
from app.forms import Text, message_catalog
from app.validators import Severity, ValidationIssue
from ui.kosodate.wording import lang
from ui.tr import QT_TRANSLATE_NOOP

CATALOG = "services"


translate = QCoreApplication.translate


def text(t: Text | None) -> str:
    return "" if t is None else t.get(lang())


def issue_text(issue: ValidationIssue) -> str:
    template = message_catalog().get(issue.code)
    if template is None:
        return translate("Services", "入力内容を確認してください。")
    try:
        return template.get(lang()).format(**issue.params)
    except (KeyError, IndexError, ValueError):
        return template.get(lang())


def issue_role(issue: ValidationIssue) -> str:
    if issue.severity is Severity.ERROR:
        return "error"
    return "warning" if issue.severity is Severity.WARNING else "info"


SITUATIONS: tuple[tuple[str, str], ...] = (
    ("pregnancy", QT_TRANSLATE_NOOP("ServiceSituations", "妊娠したとき")),
    ("newborn", QT_TRANSLATE_NOOP("ServiceSituations", "子どもが生まれたとき")),
    ("moving", QT_TRANSLATE_NOOP("ServiceSituations", "引っ越したとき")),
    ("nursery", QT_TRANSLATE_NOOP("ServiceSituations", "保育所などを利用したいとき")),
    ("single_parent", QT_TRANSLATE_NOOP("ServiceSituations", "ひとり親家庭になったとき")),
    ("disability", QT_TRANSLATE_NOOP("ServiceSituations", "子どもに障害があるとき")),
    ("several_children", QT_TRANSLATE_NOOP("ServiceSituations", "子どもが増えたとき")),
    ("annual", QT_TRANSLATE_NOOP("ServiceSituations", "毎年の手続")),
)


def situation_label(code: str) -> str:
    for key, label in SITUATIONS:
        if key == code:
            return translate("ServiceSituations", label)
    return code


# Message roles: bold so that colour is never the only signal; the error and warning colours
# come with the theme (ui.a11y.themes.theme_stylesheet), so they read in every theme.
ROLE_STYLE = """
QLabel[role="error"] { font-weight: bold; }
QLabel[role="warning"] { font-weight: bold; }
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
# resources/i18n/services_en.ts is installed by ui.i18n.install_translators with every other
# catalog, once per language change; the screens retranslate on the LanguageChange that follows.


def ts_path(language: str = "en") -> Path:
    return Path(resources.i18n.__file__).with_name(f"{CATALOG}_{language}.ts")

