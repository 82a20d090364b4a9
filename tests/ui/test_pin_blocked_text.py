"""A blocked PIN: the message says, for that PIN, what the resident can do today — a kiosk reset
(JPKI暗証番号リセット) when the other certificate PIN is known, the municipal office otherwise,
and the kenhojo PIN only at the office — in Japanese and in English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from app.card.errors import PinBlocked
from app.card.pin import PinKind
from app.settings import Language
from ui.error_words import blocked_text
from ui.i18n import install_translators
from ui.kosodate.wizard import card_error_text


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    assert install_translators(qapp, Language.EN)
    try:
        yield
    finally:
        install_translators(qapp, Language.JA)


def test_locked_auth_pin_names_the_kiosk_reset_with_the_signing_password(qapp: QApplication) -> None:
    text = blocked_text(PinKind.AUTH)
    assert text.startswith("利用者証明用電子証明書の暗証番号がロックされています")
    assert "署名用電子証明書の暗証番号（英数字6〜16文字）が分かる場合" in text
    assert "JPKI暗証番号リセット" in text
    assert "コンビニ" in text
    assert "市区町村の窓口" in text
    assert "窓口でのみ" not in text


def test_locked_signing_password_needs_the_4_digit_pin_for_the_kiosk(qapp: QApplication) -> None:
    text = blocked_text(PinKind.SIGN)
    assert text.startswith("署名用電子証明書の暗証番号がロックされています")
    assert "利用者証明用電子証明書の暗証番号（数字4桁）が分かる場合" in text
    assert "JPKI暗証番号リセット" in text


def test_locked_kenhojo_pin_is_only_reset_at_the_office(qapp: QApplication) -> None:
    text = blocked_text(PinKind.KENHOJO)
    assert "コンビニでは再設定できません" in text
    assert "JPKI暗証番号リセット" not in text
    assert "マイナンバーカード" in text


def test_the_wizard_says_the_same_for_a_blocked_signing_password(qapp: QApplication) -> None:
    text = card_error_text(PinBlocked(PinKind.SIGN))
    assert blocked_text(PinKind.SIGN) in text
    assert "下書き" in text


def test_english_texts_per_pin(english: None) -> None:
    auth = blocked_text(PinKind.AUTH)
    sign = blocked_text(PinKind.SIGN)
    kenhojo = blocked_text(PinKind.KENHOJO)
    assert "If you know the signing password" in auth
    assert "If you know the user-authentication PIN" in sign
    assert "cannot be reset at a convenience store" in kenhojo
    for text in (auth, sign, kenhojo):
        assert "municipal office" in text
        assert "ロックされています" not in text
