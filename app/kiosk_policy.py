"""Kiosk policy: the settings a municipal administrator fixes for a kiosk, read from a JSON file.

The file is the administrator's, not the resident's: every value in it is locked (the
settings screen shows it but cannot change it), unknown keys are errors (a typo must not
silently leave a kiosk open), and the file must not be writable by the account the kiosk
runs as (:func:`lock_problems`). A newer ``schema_version`` than this release understands is
refused rather than half-applied.

Example (resources/kiosk/kiosk-policy.example.json)::

    {"schema_version": 1,
     "settings": {"language": "ja", "theme": "high_contrast", "idle_timeout_minutes": 2},
     "attract_after_seconds": 60,
     "keypad": {"enabled": true, "shuffle": true},
     "min_touch_target_px": 64,
     "admin_exit": {"corners": ["top_left", "top_right", "bottom_right", "bottom_left"],
                    "within_seconds": 6, "key_sequence": "Ctrl+Alt+Shift+F12",
                    "code_hash": "pbkdf2_sha256$200000$<salt hex>$<hash hex>"},
     "printing": {"allowed": true, "printer": "Kiosk-Printer-1"},
     "screenshot_protection": true}

Qt-free: parsed and validated here, applied by ``ui.kiosk``.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import os
import secrets
import stat
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.settings import FONT_SCALE_RANGE, IDLE_TIMEOUT_RANGE, Language, Settings, Theme

SCHEMA_VERSION = 1
POLICY_ENV = "MYNADESK_KIOSK_POLICY"
PBKDF2_PREFIX = "pbkdf2_sha256"
MIN_PBKDF2_ITERATIONS = 100_000
DEFAULT_PBKDF2_ITERATIONS = 200_000

#: Settings fields a policy may lock (never ``last_reader``: that is per machine state).
LOCKABLE_SETTINGS = ("language", "font_scale", "theme", "logout_on_card_removal", "idle_timeout_minutes")


class Corner(enum.StrEnum):
    TOP_LEFT = "top_left"
    TOP_RIGHT = "top_right"
    BOTTOM_RIGHT = "bottom_right"
    BOTTOM_LEFT = "bottom_left"


class KioskPolicyError(ValueError):
    """The policy file is unusable. ``where`` is the JSON path of the offending value."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"kiosk policy: {where}: {problem}")
        self.where = where
        self.problem = problem


@dataclass(frozen=True)
class AdminExit:
    """How an administrator leaves the kiosk: tap the corners in order within a few seconds
    (or press the key sequence, for keyboard-only administrators), then enter the admin code."""

    corners: tuple[Corner, ...] = (Corner.TOP_LEFT, Corner.TOP_RIGHT, Corner.BOTTOM_RIGHT, Corner.BOTTOM_LEFT)
    within_seconds: float = 6.0
    key_sequence: str = "Ctrl+Alt+Shift+F12"
    code_hash: str | None = None  # None: the kiosk cannot be left from the UI at all

    def verify(self, code: str) -> bool:
        return self.code_hash is not None and verify_admin_code(code, self.code_hash)


@dataclass(frozen=True)
class Printing:
    allowed: bool = False
    printer: str | None = None  # the only printer documents may go to

    def permits(self, printer_name: str) -> bool:
        return self.allowed and self.printer is not None and printer_name == self.printer


@dataclass(frozen=True)
class Keypad:
    enabled: bool = True
    shuffle: bool = False


@dataclass(frozen=True)
class KioskPolicy:
    settings: Mapping[str, object] = field(default_factory=dict)  # locked Settings values
    attract_after_seconds: int = 60  # back to the attract screen when idle before login
    keypad: Keypad = Keypad()
    min_touch_target_px: int = 64
    admin_exit: AdminExit = AdminExit()
    printing: Printing = Printing()
    screenshot_protection: bool = True
    source: str = "<defaults>"

    def is_locked(self, setting: str) -> bool:
        return setting in self.settings

    def apply(self, settings: Settings) -> Settings:
        """``settings`` with every locked value forced to the policy's."""
        return replace(settings, **self.settings) if self.settings else settings  # type: ignore[arg-type]


# -- admin code ---------------------------------------------------------------------------
def hash_admin_code(code: str, *, salt: bytes | None = None, iterations: int = DEFAULT_PBKDF2_ITERATIONS) -> str:
    """The value for ``admin_exit.code_hash`` (``python -m app.kiosk_policy hash`` prints one)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", code.encode("utf-8"), salt, iterations)
    return f"{PBKDF2_PREFIX}${iterations}${salt.hex()}${digest.hex()}"


def _split_hash(value: str) -> tuple[int, bytes, bytes]:
    parts = value.split("$")
    if len(parts) != 4 or parts[0] != PBKDF2_PREFIX:
        raise ValueError("expected pbkdf2_sha256$<iterations>$<salt hex>$<hash hex>")
    iterations = int(parts[1])
    if iterations < MIN_PBKDF2_ITERATIONS:
        raise ValueError(f"at least {MIN_PBKDF2_ITERATIONS} iterations")
    salt, digest = bytes.fromhex(parts[2]), bytes.fromhex(parts[3])
    if len(salt) < 8 or len(digest) != 32:
        raise ValueError("salt of at least 8 bytes and a 32-byte SHA-256 hash")
    return iterations, salt, digest


def verify_admin_code(code: str, code_hash: str) -> bool:
    try:
        iterations, salt, digest = _split_hash(code_hash)
    except ValueError:
        return False
    candidate = hashlib.pbkdf2_hmac("sha256", code.encode("utf-8"), salt, iterations)
    return hmac.compare_digest(candidate, digest)


# -- parsing ------------------------------------------------------------------------------
_TOP_KEYS = frozenset({"schema_version", "settings", "attract_after_seconds", "keypad", "min_touch_target_px",
                       "admin_exit", "printing", "screenshot_protection", "comment"})


def _check_keys(obj: Mapping[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(set(obj) - allowed)
    if unknown:
        raise KioskPolicyError(f"{where}.{unknown[0]}" if where else unknown[0], "unknown key")


def _obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise KioskPolicyError(where, "must be an object")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise KioskPolicyError(where, "must be true or false")
    return value


def _int(value: Any, where: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise KioskPolicyError(where, f"must be a whole number within {lo}..{hi}")
    return value


def _number(value: Any, where: str, lo: float, hi: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not lo <= value <= hi:
        raise KioskPolicyError(where, f"must be a number within {lo}..{hi}")
    return float(value)


def _str(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise KioskPolicyError(where, "must be a non-empty string")
    return value


def _settings(raw: Mapping[str, Any]) -> dict[str, object]:
    _check_keys(raw, frozenset(LOCKABLE_SETTINGS), "settings")
    out: dict[str, object] = {}
    for name, value in raw.items():
        where = f"settings.{name}"
        if name == "language":
            if value not in {lang.value for lang in Language}:
                raise KioskPolicyError(where, f"one of {[lang.value for lang in Language]}")
            out[name] = Language(value)
        elif name == "theme":
            if value not in {t.value for t in Theme}:
                raise KioskPolicyError(where, f"one of {[t.value for t in Theme]}")
            out[name] = Theme(value)
        elif name == "font_scale":
            out[name] = _number(value, where, *FONT_SCALE_RANGE)
        elif name == "idle_timeout_minutes":
            out[name] = _int(value, where, *IDLE_TIMEOUT_RANGE)
        elif name == "logout_on_card_removal":
            if value is not True:
                # A kiosk always logs out when the card leaves; a policy cannot switch that off.
                raise KioskPolicyError(where, "must be true in a kiosk")
            out[name] = True
    return out


def _admin_exit(raw: Mapping[str, Any]) -> AdminExit:
    _check_keys(raw, frozenset({"corners", "within_seconds", "key_sequence", "code_hash"}), "admin_exit")
    admin = AdminExit()
    if "corners" in raw:
        corners = raw["corners"]
        valid = {c.value for c in Corner}
        if (not isinstance(corners, list) or not 3 <= len(corners) <= 8
                or any(c not in valid for c in corners)):
            raise KioskPolicyError("admin_exit.corners", f"a list of 3 to 8 of {sorted(valid)}")
        if len(set(corners)) < 3:
            raise KioskPolicyError("admin_exit.corners", "must use at least three different corners")
        admin = replace(admin, corners=tuple(Corner(c) for c in corners))
    if "within_seconds" in raw:
        admin = replace(admin, within_seconds=_number(raw["within_seconds"], "admin_exit.within_seconds", 2, 30))
    if "key_sequence" in raw:
        admin = replace(admin, key_sequence=_str(raw["key_sequence"], "admin_exit.key_sequence"))
    if "code_hash" in raw and raw["code_hash"] is not None:
        code_hash = _str(raw["code_hash"], "admin_exit.code_hash")
        try:
            _split_hash(code_hash)
        except ValueError as exc:
            raise KioskPolicyError("admin_exit.code_hash", str(exc)) from None
        admin = replace(admin, code_hash=code_hash)
    return admin


def _printing(raw: Mapping[str, Any]) -> Printing:
    _check_keys(raw, frozenset({"allowed", "printer"}), "printing")
    allowed = _bool(raw.get("allowed", False), "printing.allowed")
    printer = raw.get("printer")
    if printer is not None:
        printer = _str(printer, "printing.printer")
    if allowed and printer is None:
        raise KioskPolicyError("printing.printer", "required when printing is allowed")
    return Printing(allowed=allowed, printer=printer)


def parse_policy(data: Any, source: str = "<memory>") -> KioskPolicy:
    """Validates a decoded policy document; raises :class:`KioskPolicyError` naming the key."""
    raw = _obj(data, "(document)")
    version = raw.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise KioskPolicyError("schema_version", "required, a whole number")
    if version > SCHEMA_VERSION:
        raise KioskPolicyError("schema_version", f"{version} is newer than this release understands ({SCHEMA_VERSION})")
    if version < 1:
        raise KioskPolicyError("schema_version", "must be at least 1")
    _check_keys(raw, _TOP_KEYS, "")
    policy = KioskPolicy(source=source)
    if "settings" in raw:
        policy = replace(policy, settings=_settings(_obj(raw["settings"], "settings")))
    if "attract_after_seconds" in raw:
        policy = replace(policy, attract_after_seconds=_int(raw["attract_after_seconds"], "attract_after_seconds", 10, 3600))
    if "keypad" in raw:
        keypad = _obj(raw["keypad"], "keypad")
        _check_keys(keypad, frozenset({"enabled", "shuffle"}), "keypad")
        policy = replace(policy, keypad=Keypad(
            enabled=_bool(keypad.get("enabled", True), "keypad.enabled"),
            shuffle=_bool(keypad.get("shuffle", False), "keypad.shuffle")))
    if "min_touch_target_px" in raw:
        # 44 px is WCAG 2.5.5's minimum; above 160 a keypad no longer fits a 1280x800 screen.
        policy = replace(policy, min_touch_target_px=_int(raw["min_touch_target_px"], "min_touch_target_px", 44, 160))
    if "admin_exit" in raw:
        policy = replace(policy, admin_exit=_admin_exit(_obj(raw["admin_exit"], "admin_exit")))
    if "printing" in raw:
        policy = replace(policy, printing=_printing(_obj(raw["printing"], "printing")))
    if "screenshot_protection" in raw:
        policy = replace(policy, screenshot_protection=_bool(raw["screenshot_protection"], "screenshot_protection"))
    return policy


def load_policy(path: Path) -> KioskPolicy:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KioskPolicyError(str(path), f"cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise KioskPolicyError(str(path), f"not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    return parse_policy(data, source=str(path))


def default_policy_paths(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> list[Path]:
    """Where a kiosk looks for its policy, first match wins: $MYNADESK_KIOSK_POLICY, then the
    machine-wide location an administrator (not the kiosk account) owns."""
    paths: list[Path] = []
    if environ.get(POLICY_ENV):
        paths.append(Path(environ[POLICY_ENV]))
    if platform == "win32":
        paths.append(Path(environ.get("PROGRAMDATA", r"C:\ProgramData")) / "mynadesk" / "kiosk-policy.json")
    elif platform == "darwin":
        paths.append(Path("/Library/Application Support/mynadesk/kiosk-policy.json"))
    else:
        paths.append(Path("/etc/mynadesk/kiosk-policy.json"))
    return paths


def no_policy() -> KioskPolicy:
    """A kiosk without a policy file: locked down (DESIGN.md §8). Automatic logout is fixed at
    its default and logout on card removal is on; no admin code, so no way out through the UI;
    no printing. Language, font size and theme stay the resident's to change, for their visit
    only (the kiosk puts them back on every wipe)."""
    defaults = Settings()
    return KioskPolicy(settings={"idle_timeout_minutes": defaults.idle_timeout_minutes,
                                 "logout_on_card_removal": True})


def find_policy(platform: str = sys.platform, environ: Mapping[str, str] = os.environ) -> KioskPolicy:
    """The first policy file that exists, else :func:`no_policy`."""
    for path in default_policy_paths(platform, environ):
        if path.is_file():
            return load_policy(path)
    return no_policy()


def lock_problems(path: Path, *, uid: int | None = None) -> list[str]:
    """Why the policy file is not safely locked against the kiosk account (POSIX): writable
    by others, by its group, or owned by the account the kiosk runs as. Empty when fine."""
    if os.name != "posix":
        return []  # Windows: ACLs; checked by the installer, not here
    problems: list[str] = []
    info = path.stat()
    uid = os.getuid() if uid is None else uid
    if info.st_mode & stat.S_IWOTH:
        problems.append("writable by every user")
    if info.st_mode & stat.S_IWGRP:
        problems.append("writable by its group")
    if info.st_uid == uid and uid != 0:
        problems.append("owned by the account the kiosk runs as")
    return problems


def _main(argv: list[str]) -> int:
    if argv[:1] != ["hash"]:
        print("usage: python -m app.kiosk_policy hash   (reads the admin code from standard input)", file=sys.stderr)
        return 2
    import getpass

    code = getpass.getpass("admin code: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    if len(code) < 6:
        print("the admin code needs at least 6 characters", file=sys.stderr)
        return 1
    print(hash_admin_code(code))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
