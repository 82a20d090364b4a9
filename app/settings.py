"""Typed user settings: a frozen dataclass with defaults, a schema version and upgrades.

The store behind it (QSettings in the GUI, memory in kiosks and tests) only sees flat
string keys and values; this module owns their names, types, ranges and migrations.
Never personal data or secrets: only preferences.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from typing import Protocol

SCHEMA_VERSION = 3
VERSION_KEY = "schema_version"


class Language(enum.StrEnum):
    JA = "ja"
    EN = "en"


class Theme(enum.StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"
    HIGH_CONTRAST = "high_contrast"


FONT_SCALE_RANGE = (0.8, 2.0)
# The settings screen offers 100-200 %; values below 100 % stay readable from older files.
FONT_SCALE_UI_RANGE = (1.0, 2.0)
IDLE_TIMEOUT_RANGE = (1, 60)


@dataclass(frozen=True)
class Settings:
    language: Language = Language.JA
    font_scale: float = 1.0
    theme: Theme = Theme.SYSTEM
    logout_on_card_removal: bool = True
    idle_timeout_minutes: int = 10
    reduced_motion: bool = False
    last_reader: str | None = None

    def __post_init__(self) -> None:
        lo, hi = FONT_SCALE_RANGE
        if not lo <= self.font_scale <= hi:
            raise ValueError(f"font_scale must be within {lo}..{hi}")
        lo_i, hi_i = IDLE_TIMEOUT_RANGE
        if not lo_i <= self.idle_timeout_minutes <= hi_i:
            raise ValueError(f"idle_timeout_minutes must be within {lo_i}..{hi_i}")

    def with_changes(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


class SettingsStore(Protocol):
    """Loads and saves :class:`Settings`; implementations never raise on bad stored data."""

    def load(self) -> Settings: ...

    def save(self, settings: Settings) -> None: ...


def to_mapping(settings: Settings) -> dict[str, str]:
    """Flat string form for a key-value store; ``None`` values are omitted."""
    out: dict[str, str] = {VERSION_KEY: str(SCHEMA_VERSION)}
    for f in fields(settings):
        value = getattr(settings, f.name)
        if value is None:
            continue
        if isinstance(value, bool):
            out[f.name] = "true" if value else "false"
        else:
            out[f.name] = str(value)
    return out


def _parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise ValueError(text)


_PARSERS: dict[str, Callable[[str], object]] = {
    "language": Language,
    "font_scale": float,
    "theme": Theme,
    "logout_on_card_removal": _parse_bool,
    "idle_timeout_minutes": int,
    "reduced_motion": _parse_bool,
    "last_reader": str,
}


def _upgrade_0_to_1(raw: dict[str, str]) -> dict[str, str]:
    # Version 0 (pre-release) stored the idle timeout in seconds under "idle_timeout".
    seconds = raw.pop("idle_timeout", None)
    if seconds is not None and "idle_timeout_minutes" not in raw:
        with contextlib.suppress(ValueError):
            raw["idle_timeout_minutes"] = str(max(1, round(int(seconds) / 60)))
    return raw


def _upgrade_1_to_2(raw: dict[str, str]) -> dict[str, str]:
    # Version 1 had a boolean "dark_mode"; version 2 has a theme.
    dark = raw.pop("dark_mode", None)
    if dark is not None and "theme" not in raw:
        with contextlib.suppress(ValueError):
            raw["theme"] = Theme.DARK.value if _parse_bool(dark) else Theme.SYSTEM.value
    return raw


def _upgrade_2_to_3(raw: dict[str, str]) -> dict[str, str]:
    # Version 3 adds "reduced_motion" (default off); nothing to convert.
    return raw


UPGRADES: dict[int, Callable[[dict[str, str]], dict[str, str]]] = {
    0: _upgrade_0_to_1, 1: _upgrade_1_to_2, 2: _upgrade_2_to_3,
}


def from_mapping(raw: Mapping[str, str]) -> Settings:
    """Builds settings from stored strings: upgrades old versions, ignores unknown keys and
    falls back to the default for any value that does not parse or is out of range."""
    data = dict(raw)
    try:
        version = int(data.pop(VERSION_KEY, "0"))
    except ValueError:
        version = 0
    if version > SCHEMA_VERSION:
        # Written by a newer release: read what we understand, keep defaults for the rest.
        version = SCHEMA_VERSION
    while version < SCHEMA_VERSION:
        data = UPGRADES[version](data)
        version += 1
    settings = Settings()
    for name, parse in _PARSERS.items():
        if name not in data:
            continue
        try:
            settings = replace(settings, **{name: parse(data[name])})  # type: ignore[arg-type]
        except (ValueError, TypeError):
            continue
    return settings


class MemorySettingsStore:
    """Keeps settings in memory only (kiosk mode, tests)."""

    def __init__(self, initial: Settings | None = None) -> None:
        self._data = to_mapping(initial or Settings())

    def load(self) -> Settings:
        return from_mapping(self._data)

    def save(self, settings: Settings) -> None:
        self._data = to_mapping(settings)
