"""The card screen with an in-process virtual card and the real stub server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.card.pin import PinKind
from tests.ui import test_login_support as support
from tests.ui.test_login_support import LoginEnv, enter_pin, pin_dialog
from ui.card.pin_change_dialog import PinChangeDialog
from ui.screens.card import CardScreen

aloop = support.aloop
make_env = support.make_env


@pytest.fixture
def env(make_env: Any, stub_server: Any) -> LoginEnv:
    return make_env(stub_server)


def card_screen(qtbot: Any, env: LoginEnv, card: Any) -> CardScreen:
    screen = CardScreen(env.card_context())
    qtbot.addWidget(screen)
    screen.show()
    env.reader().insert(card)
    qtbot.waitUntil(lambda: screen.reader_name() is not None, timeout=10000)
    screen.screen_shown()
    qtbot.waitUntil(lambda: screen.pin_labels[PinKind.SIGN].text() != "—", timeout=5000)
    return screen


def test_certificate_details_check_and_export(qtbot: Any, env: LoginEnv, tmp_path: Path) -> None:
    card = env.card("r01")
    screen = card_screen(qtbot, env, card)
    screen.cert_read.click()
    qtbot.waitUntil(lambda: screen.cert_fields["serial"].text() != "—", timeout=5000)
    assert "RSA 2048" in screen.cert_fields["key"].text()
    assert screen.cert_fields["issuer"].text()
    assert screen.cert_fields["not_after"].text() != "—"
    screen.check_button.click()
    qtbot.waitUntil(lambda: screen.check_result.text() != "", timeout=10000)
    assert "有効です" in screen.check_result.text()
    target = tmp_path / "auth.pem"
    screen.save_path_provider = lambda _title, _name: str(target)
    screen.pem_button.click()
    qtbot.waitUntil(target.exists)
    assert target.read_text().startswith("-----BEGIN CERTIFICATE-----")
    der_target = tmp_path / "auth.cer"
    screen.save_path_provider = lambda _title, _name: str(der_target)
    screen.der_button.click()
    qtbot.waitUntil(der_target.exists)
    from cryptography import x509

    assert x509.load_der_x509_certificate(der_target.read_bytes()).serial_number == int(
        screen.cert_fields["serial"].text(), 16)


def test_pin_status_for_all_three(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01", tries={"sign": 4, "kenhojo": 0})
    screen = card_screen(qtbot, env, card)
    assert "残り3回" in screen.pin_labels[PinKind.AUTH].text()
    assert "残り4回" in screen.pin_labels[PinKind.SIGN].text()
    assert "ロック" in screen.pin_labels[PinKind.KENHOJO].text()


def test_pin_change_with_rules_and_confirmation(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = card_screen(qtbot, env, card)
    screen.pin_change_buttons[PinKind.AUTH].click()
    dialogs: list[PinChangeDialog] = []
    qtbot.waitUntil(lambda: bool(dialogs.extend(d for d in screen.findChildren(PinChangeDialog) if d.isVisible()) or dialogs))
    dialog = dialogs[0]
    assert "残り3回" in dialog.tries_label.text()
    before = card.apdu_count
    dialog.current.setText(card.pin("auth"))
    dialog.new.setText("2580")
    dialog.confirm.setText("2581")
    dialog.ok_button.click()
    assert "同じになっていません" in dialog.error_label.text()
    dialog.confirm.setText("1111")
    dialog.new.setText("1111")
    dialog.ok_button.click()
    assert "推測されやすい" in dialog.error_label.text()
    assert card.apdu_count == before
    dialog.new.setText("2580")
    dialog.confirm.setText("2580")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "変更しました" in screen.message.text(), timeout=5000)
    assert card.pin("auth") == "2580"


def test_text_data_with_my_number_masked(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = card_screen(qtbot, env, card)
    screen.text_read.click()
    enter_pin(qtbot, screen, card.pin("kenhojo"))
    qtbot.waitUntil(lambda: screen.text_fields["name"].text() == "山田 花子", timeout=5000)
    assert "一致しました" in screen.message.text()  # checked against the card's own record (EF 0003)
    assert screen.text_fields["my_number"].text() == "●●●● ●●●● 6323"  # the last four tell whose it is
    screen.reveal_button.click()
    assert screen.text_fields["my_number"].text() == "3885 7135 6323"
    screen.reveal_button.click()
    assert "●" in screen.text_fields["my_number"].text()


def test_text_data_wrong_pin_shows_tries(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = card_screen(qtbot, env, card)
    screen.text_read.click()
    enter_pin(qtbot, screen, "0000" if card.pin("kenhojo") != "0000" else "1111")
    qtbot.waitUntil(lambda: "残り2回" in screen.message.text(), timeout=5000)
    assert "残り2回" in screen.pin_labels[PinKind.KENHOJO].text()
    assert screen.text_fields["name"].text() == "—"


def test_text_data_failing_its_integrity_check_is_not_shown(qtbot: Any, env: LoginEnv) -> None:
    import dataclasses

    from backend_stub.card import VirtualCard

    genuine = env.card("r01")
    basic4 = bytearray(genuine.image.kenhojo[0x0002])
    basic4[-12] ^= 0x01  # one byte of the address changed after the card was written
    image = dataclasses.replace(genuine.image, kenhojo={**genuine.image.kenhojo, 0x0002: bytes(basic4)})
    card = VirtualCard(image)
    screen = card_screen(qtbot, env, card)
    screen.text_read.click()
    enter_pin(qtbot, screen, card.pin("kenhojo"))
    qtbot.waitUntil(lambda: "整合性を確認できませんでした" in screen.message.text(), timeout=5000)
    assert all(label.text() == "—" for label in screen.text_fields.values())
    assert not screen.reveal_button.isEnabled()
    assert "残り3回" in screen.pin_labels[PinKind.KENHOJO].text()  # the PIN itself was right


def test_text_data_of_a_card_without_its_check_record_is_shown_as_unchecked(qtbot: Any, env: LoginEnv) -> None:
    import dataclasses

    from backend_stub.card import VirtualCard

    genuine = env.card("r01")
    kenhojo = {fid: data for fid, data in genuine.image.kenhojo.items() if fid != 0x0003}
    card = VirtualCard(dataclasses.replace(genuine.image, kenhojo=kenhojo))
    screen = card_screen(qtbot, env, card)
    screen.text_read.click()
    enter_pin(qtbot, screen, card.pin("kenhojo"))
    qtbot.waitUntil(lambda: screen.text_fields["name"].text() == "山田 花子", timeout=5000)
    assert "照合していません" in screen.message.text()


def test_sign_certificate_needs_its_pin(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01")
    screen = card_screen(qtbot, env, card)
    screen.cert_combo.setCurrentIndex(screen.cert_combo.findData("sign"))
    screen.cert_read.click()
    dialog = pin_dialog(qtbot, screen)
    assert "残り5回" in dialog.tries_label.text()
    dialog.edit.setText(card.pin("sign").lower())  # lower case is accepted as upper case
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: screen.cert_fields["serial"].text() != "—", timeout=5000)


def test_diagnostics_without_personal_data(qtbot: Any, env: LoginEnv, tmp_path: Path) -> None:
    card = env.card("r01")
    screen = card_screen(qtbot, env, card)
    screen.diag_button.click()
    qtbot.waitUntil(lambda: "backend health" in screen.diag_text.toPlainText(), timeout=15000)
    text = screen.diag_text.toPlainText()
    assert "Test Reader 0" in text
    assert "atr=3b" in text
    assert "backend health: ok" in text
    for personal in ("山田", "388571356323", card.pin("auth"), "新座市野火止"):
        assert personal not in text
    target = tmp_path / "diag.txt"
    screen.save_path_provider = lambda _title, _name: str(target)
    screen.diag_save.click()
    qtbot.waitUntil(target.exists)
    assert target.read_text(encoding="utf-8").strip() == text


def test_a_blocked_pin_label_leaves_the_where_to_the_router(qtbot: Any, env: LoginEnv) -> None:
    card = env.card("r01", tries={"auth": 0})
    screen = card_screen(qtbot, env, card)
    label = screen.pin_labels[PinKind.AUTH].text()
    assert label == "ロックされています"  # the router below says where, for this PIN
    assert "コンビニ" in screen.pin_router.text()
    assert "窓口" in screen.pin_router.text()


@pytest.mark.parametrize("new", ["123456", "ABCDEF"])
def test_a_new_signing_password_must_mix_letters_and_digits(qtbot: Any, env: LoginEnv, new: str) -> None:
    card = env.card("r01")
    screen = card_screen(qtbot, env, card)
    screen.pin_change_buttons[PinKind.SIGN].click()
    dialogs: list[PinChangeDialog] = []
    qtbot.waitUntil(lambda: bool(dialogs.extend(d for d in screen.findChildren(PinChangeDialog) if d.isVisible()) or dialogs))
    dialog = dialogs[0]
    assert "英字と数字の両方" in dialog.rules.text()  # said before anything is typed
    before, old = card.apdu_count, card.pin("sign")
    dialog.current.setText(old)
    dialog.new.setText(new)
    dialog.confirm.setText(new)
    dialog.ok_button.click()
    assert "英字と数字の両方を入れてください" in dialog.error_label.text()
    assert card.apdu_count == before  # nothing reached the card, no try spent
    assert card.pin("sign") == old
    dialog.reject()
