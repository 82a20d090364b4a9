"""Names the server provides (agencies, わたしの情報's categories) in the UI's language: the
English the backend sends beside the Japanese (``name_en``) when the UI is in English, else the
Japanese name marked 「(Japanese only)」, so a resident knows it is a name and not an untranslated
label. In Japanese, the Japanese name."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.portal.models import Agency
from app.settings import Language
from ui.i18n import current_language


def shown(name: str, name_en: str | None) -> str:
    if current_language() == Language.JA:
        return name
    if name_en:
        return name_en
    return QCoreApplication.translate("ServerNames", "{name} (Japanese only)").format(name=name)


def agency_name(agency: Agency) -> str:
    return shown(agency.name, agency.name_en)
