"""Logging to a rotating file in the user's data directory, redacted by construction.

Every line that reaches a handler installed here goes through :class:`RedactingFormatter`,
which rewrites the *final* text (message, arguments, exception and stack) so that nothing
depends on callers remembering to be careful:

- My Numbers: any 12-digit number, also written in groups (``1234 5678 9012``);
- PIN-like values after a PIN keyword (``pin=1234``, ``PIN 1234``, ``暗証番号: 1234``);
- the data of VERIFY and CHANGE REFERENCE DATA APDUs (``00 20 00 80 04 31 32 33 34``),
  as hex or as a bytes repr;
- values a caller declares secret with ``extra={"secrets": [...]}``;
- values wrapped in :class:`Secret`, whose ``str``/``repr``/``format`` are ``***``.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Generic, TypeVar

MASK = "***"
LOG_FILE_NAME = "mynadesk.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5

T = TypeVar("T")


class Secret(Generic[T]):
    """Holds a value that must never be shown: its text forms are always ``***``."""

    __slots__ = ("_value",)

    def __init__(self, value: T) -> None:
        self._value = value

    def reveal(self) -> T:
        return self._value

    def __str__(self) -> str:
        return MASK

    def __repr__(self) -> str:
        return f"Secret({MASK})"

    def __format__(self, spec: str) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled")


# 12 digits, optionally in 4-4-4 groups separated by a space or a hyphen, not part of a longer number.
_MY_NUMBER = re.compile(r"(?<![0-9])[0-9]{4}[ \-]?[0-9]{4}[ \-]?[0-9]{4}(?![0-9])")
# Full-width digits are what a Japanese IME may produce.
_MY_NUMBER_FULLWIDTH = re.compile(r"(?<![0-9０-９])[０-９]{12}(?![0-9０-９])")
_PIN_KEYWORD = r"(?:pin(?:[_\- ]?(?:code|number|value))?|passcode|password|暗証番号|パスワード)"
# "pin=1234", "pin: 'abc123'", "new_pin=..." -- any value after an explicit assignment.
_PIN_ASSIGNED = re.compile(
    rf"(?i)(\b\w*{_PIN_KEYWORD}\w*\s*[:=]\s*['\"]?)([^\s'\",;)}}\]]+)"
)
# "PIN 1234", "暗証番号 1234" -- a following token with a digit, 4 to 16 characters.
_PIN_SPACED = re.compile(rf"(?i)(\b{_PIN_KEYWORD}\s+['\"]?)(?=[^\s'\"]*[0-9０-９])([^\s'\",;)}}\]]{{4,16}})(?![^\s'\",;)}}\]])")
_HEX = r"[0-9A-Fa-f]{2}"
# VERIFY (INS 20) and CHANGE REFERENCE DATA (INS 24), CLA 00/80/0C: keep the header, hide the data.
_PIN_APDU_HEX = re.compile(
    rf"(?i)\b((?:00|0c|80)[ :]?2[04][ :]?{_HEX}[ :]?{_HEX})((?:[ :]?{_HEX})+)"
)
_PIN_APDU_REPR = re.compile(r"(\\x(?:00|0c|80)(?:\\x2[04]| |\$)\\x[0-9a-f]{2}\\x[0-9a-f]{2})([^'\"]+)")


def redact(text: str, secrets: Iterable[object] = ()) -> str:
    """Removes personal data and PINs from ``text`` (see the module docstring)."""
    for secret in secrets:
        value = secret.reveal() if isinstance(secret, Secret) else secret
        literal = str(value)
        if literal:
            text = text.replace(literal, MASK)
    text = _PIN_APDU_REPR.sub(lambda m: m.group(1) + MASK, text)
    text = _PIN_APDU_HEX.sub(lambda m: m.group(1) + " " + MASK, text)
    text = _PIN_ASSIGNED.sub(lambda m: m.group(1) + MASK, text)
    text = _PIN_SPACED.sub(lambda m: m.group(1) + MASK, text)
    text = _MY_NUMBER.sub(MASK, text)
    return _MY_NUMBER_FULLWIDTH.sub(MASK, text)


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts the whole line including tracebacks."""

    def format(self, record: logging.LogRecord) -> str:
        secrets = getattr(record, "secrets", ())
        if isinstance(secrets, str | bytes) or not isinstance(secrets, Iterable):
            secrets = (secrets,)
        return redact(super().format(record), secrets)


DEFAULT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"


def setup_logging(log_dir: Path, *, level: int = logging.INFO, console_level: int | None = logging.WARNING) -> Path:
    """Installs the rotating file handler (and a console handler for warnings) on the root
    logger, replacing handlers installed earlier by this function. The file goes in
    ``log_dir`` (see :func:`app.config.app_paths`). Returns the log file."""
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_mynadesk", False):
            root.removeHandler(handler)
            handler.close()
    formatter = RedactingFormatter(DEFAULT_FORMAT)
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8", delay=True
    )
    file_handler.setFormatter(formatter)
    file_handler.setLevel(level)
    file_handler._mynadesk = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    if console_level is not None:
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(RedactingFormatter("%(levelname)s %(name)s: %(message)s"))
        console.setLevel(console_level)
        console._mynadesk = True  # type: ignore[attr-defined]
        root.addHandler(console)
    root.setLevel(min(level, console_level or level))
    logging.captureWarnings(True)
    return path


def teardown_logging() -> None:
    """Removes and closes the handlers installed by :func:`setup_logging`."""
    logging.captureWarnings(False)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_mynadesk", False):
            root.removeHandler(handler)
            handler.close()
