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


@pytest.mark.parametrize("kind", [PinKind.AUTH, PinKind.SIGN])
def test_the_kiosk_reset_is_offered_with_its_conditions(qapp: QApplication, kind: PinKind) -> None:
    # src:jpki-reset-faq (both certificates valid), src:niigata-jpki-reset (within 24 hours of
    # booking, kiosks 6:30-23:00), src:jpki-reset-kiyaku (fewer stores reset the 4-digit PIN).
    from app.card_life import route
    from ui.card.card_life import router_text

    router = router_text(route(kind, {PinKind.AUTH: 3, PinKind.SIGN: 5, kind: 0}))
    for text in (blocked_text(kind), router):
        assert "両方の電子証明書が有効" in text
        assert "住所・氏名などの変更で失効" in text
        assert "24時間以内" in text
        assert "6時30分" in text
        assert "コンビニ" in text
    if kind is PinKind.AUTH:
        assert "セブン-イレブン" in blocked_text(kind)


def test_a_lapsed_signing_certificate_leaves_only_the_window(qapp: QApplication) -> None:
    import datetime as dt

    from app.card_life import SignLapse, Use, precheck
    from ui.card.card_life import precheck_text

    tries = {PinKind.AUTH: 3, PinKind.SIGN: 0, PinKind.KENHOJO: 3}
    lapse = SignLapse(dt.date(2026, 9, 1), "address_change")
    text = precheck_text(precheck([Use.PREFILL, Use.SIGNING], tries, lapse), tries)
    assert "署名用電子証明書の暗証番号がロック" in text
    assert "コンビニ" not in text
    assert "窓口" in text


def test_english_names_the_conditions(english: None) -> None:
    for kind in (PinKind.AUTH, PinKind.SIGN):
        text = blocked_text(kind)
        assert "both certificates are valid" in text
        assert "within 24 hours" in text
