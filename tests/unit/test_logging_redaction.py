"""The log file never holds a PIN, a My Number or a value declared secret."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.logging_setup import LOG_FILE_NAME, MASK, Secret, redact, setup_logging, teardown_logging

MY_NUMBER = "123456789018"
PIN = "4821"
SIGN_PIN = "Abc123xyz"
NAME = "山田 太郎"


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    path = setup_logging(tmp_path / "logs", console_level=None)
    yield path
    teardown_logging()


def _read(path: Path) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return path.read_text(encoding="utf-8")


def test_log_file_lives_in_the_log_directory(log_file: Path, tmp_path: Path) -> None:
    logging.getLogger("t").info("hello")
    assert log_file == tmp_path / "logs" / LOG_FILE_NAME
    assert "hello" in _read(log_file)


def test_pins_my_numbers_and_secrets_never_reach_the_file(log_file: Path) -> None:
    log = logging.getLogger("app.card")
    log.info("verify pin=%s", PIN)
    log.info("user typed PIN %s for auth", PIN)
    log.info("暗証番号: %s", PIN)
    log.info("sign with new_pin='%s'", SIGN_PIN)
    log.info("card holder my_number %s", MY_NUMBER)
    log.info("grouped %s", f"{MY_NUMBER[:4]} {MY_NUMBER[4:8]} {MY_NUMBER[8:]}")
    log.info("hyphenated %s-%s-%s", MY_NUMBER[:4], MY_NUMBER[4:8], MY_NUMBER[8:])
    log.info("full width %s", MY_NUMBER.translate(str.maketrans("0123456789", "０１２３４５６７８９")))
    log.info("name %s", Secret(NAME))
    log.info("resident %s arrived", NAME, extra={"secrets": [NAME]})
    log.debug("debug is not written but redacted anyway: pin=%s", PIN)
    pin_hex = PIN.encode().hex()
    log.info("> 00 20 00 81 04 %s", " ".join(pin_hex[i:i + 2] for i in range(0, 8, 2)))
    log.info("> %s", "0020008104" + pin_hex)
    log.info("> %r", bytes.fromhex("0020008104") + PIN.encode())
    try:
        raise ValueError(f"wrong PIN {PIN} for card {MY_NUMBER}")
    except ValueError:
        log.exception("operation failed")
    text = _read(log_file)
    assert PIN not in text
    assert pin_hex not in text
    assert SIGN_PIN not in text
    assert MY_NUMBER not in text
    assert MY_NUMBER[4:8] + " " + MY_NUMBER[8:] not in text
    assert "９０１８" not in text
    assert NAME not in text
    assert "operation failed" in text  # the line itself is kept, only values go
    assert text.count(MASK) >= 13


def test_ordinary_numbers_and_status_words_survive() -> None:
    line = "SW 63C2: 2 tries left; PIN tries 3; serial 1234567890123; at 2026-11-26 20:05:38; 00200080 -> 9000"
    assert redact(line) == line


def test_secret_never_shows_its_value() -> None:
    secret = Secret(PIN)
    assert str(secret) == MASK
    assert PIN not in repr(secret)
    assert f"{secret}" == MASK
    assert f"{secret:>10}" == MASK
    assert secret.reveal() == PIN
