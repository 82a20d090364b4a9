"""The application font is the platform's Japanese UI face, named alone (ui.style): Japanese
text gets Japanese glyph forms, and Qt does not ask fontconfig for the fallbacks of every font
size before the first paint."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase, QFontInfo
from PySide6.QtWidgets import QApplication

from ui.style import japanese_family, prefer_japanese_font


def test_the_first_installed_face_of_the_platform_is_chosen() -> None:
    linux = ["DejaVu Sans", "ipagothic", "Noto Sans CJK JP", "Noto Sans CJK SC"]
    assert japanese_family(linux, "linux") == "Noto Sans CJK JP"
    assert japanese_family(["DejaVu Sans", "ipagothic"], "linux") == "IPAGothic"
    assert japanese_family(["Meiryo", "Yu Gothic UI", "Segoe UI"], "win32") == "Yu Gothic UI"
    assert japanese_family(["Hiragino Sans"], "win32") is None
    assert japanese_family(["DejaVu Sans", "Noto Sans CJK SC"], "linux") is None


def test_the_application_font_names_that_face_alone(qapp: QApplication) -> None:
    family = japanese_family(QFontDatabase.families())
    if family is None:
        pytest.skip("no Japanese UI face installed")
    before = qapp.font()
    prefer_japanese_font(qapp)
    font = qapp.font()
    assert font.families() == [family]
    assert QFontInfo(font).family() == family
    assert font.pointSizeF() == before.pointSizeF()
