"""A child's card with a locked 利用者証明用 PIN: the registration dialog says where it is reset and
does not contradict itself. A card issued under 15 has no 署名用 certificate
(src:fujimino-jpki-sign-under15), so the kiosk reset that needs it is not offered; the 法定代理人
applies at the municipality's counter (src:kasai-jpki-reset-under15)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.card.pin import PinKind
from app.settings import Language
from ui.error_words import kiosk_reset_text
from ui.i18n import install_translators
from ui.screens.proxy_registration import _locked_text


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    assert install_translators(qapp, Language.EN)
    try:
        yield
    finally:
        install_translators(qapp, Language.JA)


def test_a_childs_locked_pin_is_reset_at_the_counter_by_the_legal_representative(qapp: QApplication) -> None:
    text = _locked_text()
    assert "コンビニ等では再設定できません" in text
    assert kiosk_reset_text(PinKind.AUTH) not in text
    assert "JPKI暗証番号リセット" not in text
    assert "市区町村の窓口で、法定代理人（親権者など）が再設定の手続きをします" in text
    assert "お子さんのマイナンバーカードと、法定代理人の本人確認書類" in text


def test_in_english_a_childs_locked_pin_is_reset_at_the_counter(english: None) -> None:
    text = _locked_text()
    assert "convenience store" in text  # where it cannot be reset ...
    assert kiosk_reset_text(PinKind.AUTH) not in text  # ... and no sentence saying it can
    assert "JPKI" not in text
    assert "legal representative" in text
    assert "municipal office" in text
