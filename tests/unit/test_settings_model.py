"""Typed settings: defaults, round trip, bad stored values, upgrades from older schemas."""

from __future__ import annotations

import pytest

from app.settings import (
    SCHEMA_VERSION,
    Language,
    MemorySettingsStore,
    Settings,
    Theme,
    from_mapping,
    to_mapping,
)


def test_defaults_are_japanese_and_safe() -> None:
    settings = Settings()
    assert settings.language is Language.JA
    assert settings.logout_on_card_removal is True
    assert settings.last_reader is None


def test_round_trip_through_strings() -> None:
    settings = Settings(language=Language.EN, font_scale=1.5, theme=Theme.HIGH_CONTRAST,
                        logout_on_card_removal=False, idle_timeout_minutes=3, last_reader="ACS ACR39U 00 00")
    raw = to_mapping(settings)
    assert raw["schema_version"] == str(SCHEMA_VERSION)
    assert from_mapping(raw) == settings


def test_bad_values_fall_back_to_defaults_one_by_one() -> None:
    raw = to_mapping(Settings(language=Language.EN))
    raw.update(font_scale="huge", theme="purple", idle_timeout_minutes="9999", unknown_key="x")
    settings = from_mapping(raw)
    assert settings.language is Language.EN
    assert settings.font_scale == Settings().font_scale
    assert settings.theme is Theme.SYSTEM
    assert settings.idle_timeout_minutes == Settings().idle_timeout_minutes


def test_upgrade_from_version_0_and_1() -> None:
    assert from_mapping({"idle_timeout": "300"}).idle_timeout_minutes == 5
    upgraded = from_mapping({"schema_version": "1", "dark_mode": "true", "language": "en"})
    assert upgraded.theme is Theme.DARK
    assert upgraded.language is Language.EN


def test_out_of_range_values_are_rejected_on_construction() -> None:
    with pytest.raises(ValueError, match="font_scale"):
        Settings(font_scale=5.0)
    with pytest.raises(ValueError, match="idle_timeout"):
        Settings(idle_timeout_minutes=0)


def test_memory_store_round_trip() -> None:
    store = MemorySettingsStore()
    store.save(Settings(theme=Theme.DARK))
    assert store.load().theme is Theme.DARK
