"""The kiosk policy file: what an administrator writes is applied and locked; mistakes are refused."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from app.kiosk_policy import (
    SCHEMA_VERSION,
    Corner,
    KioskPolicy,
    KioskPolicyError,
    default_policy_paths,
    find_policy,
    hash_admin_code,
    load_policy,
    lock_problems,
    parse_policy,
    verify_admin_code,
)
from app.settings import Language, Settings, Theme

EXAMPLE = Path(__file__).parents[2] / "resources" / "kiosk" / "kiosk-policy.example.json"


def test_example_policy_loads_and_locks_its_settings() -> None:
    policy = load_policy(EXAMPLE)
    assert policy.keypad.shuffle
    assert policy.printing.permits("Kiosk-Printer-1")
    assert not policy.printing.permits("Microsoft Print to PDF")
    assert policy.admin_exit.corners[0] is Corner.TOP_LEFT
    assert policy.admin_exit.verify("246810")
    assert not policy.admin_exit.verify("246811")
    resident_choice = Settings(language=Language.EN, theme=Theme.DARK, font_scale=2.0, idle_timeout_minutes=30)
    applied = policy.apply(resident_choice)
    assert (applied.language, applied.theme, applied.font_scale, applied.idle_timeout_minutes) == (
        Language.JA, Theme.LIGHT, 1.25, 2)
    assert policy.is_locked("theme")
    assert not policy.is_locked("last_reader")


def test_defaults_are_locked_down() -> None:
    policy = KioskPolicy()
    assert policy.admin_exit.code_hash is None
    assert not policy.admin_exit.verify("")
    assert not policy.printing.allowed
    assert not policy.printing.permits("anything")
    assert policy.screenshot_protection
    assert policy.apply(Settings()) == Settings()


def test_no_policy_file_fixes_automatic_logout_and_logout_on_card_removal(tmp_path: Path) -> None:
    policy = find_policy("linux", {"MYNADESK_KIOSK_POLICY": str(tmp_path / "none.json")})
    if policy.source != "<defaults>":
        pytest.skip("this machine has a kiosk policy file")
    resident = Settings(idle_timeout_minutes=1, logout_on_card_removal=False, font_scale=1.5)
    applied = policy.apply(resident)
    assert applied.idle_timeout_minutes == Settings().idle_timeout_minutes
    assert applied.logout_on_card_removal
    assert applied.font_scale == 1.5  # the resident's own, for the visit
    assert policy.admin_exit.code_hash is None


@pytest.mark.parametrize(("doc", "where"), [
    ({}, "schema_version"),
    ({"schema_version": "1"}, "schema_version"),
    ({"schema_version": SCHEMA_VERSION + 1}, "schema_version"),
    ({"schema_version": 1, "fulscreen": True}, "fulscreen"),
    ({"schema_version": 1, "settings": {"theme": "neon"}}, "settings.theme"),
    ({"schema_version": 1, "settings": {"last_reader": "x"}}, "settings.last_reader"),
    ({"schema_version": 1, "settings": {"font_scale": 3}}, "settings.font_scale"),
    ({"schema_version": 1, "settings": {"idle_timeout_minutes": 0}}, "settings.idle_timeout_minutes"),
    ({"schema_version": 1, "settings": {"logout_on_card_removal": False}}, "settings.logout_on_card_removal"),
    ({"schema_version": 1, "keypad": {"shuffle": "yes"}}, "keypad.shuffle"),
    ({"schema_version": 1, "min_touch_target_px": 20}, "min_touch_target_px"),
    ({"schema_version": 1, "admin_exit": {"corners": ["top_left", "top_left", "top_left"]}}, "admin_exit.corners"),
    ({"schema_version": 1, "admin_exit": {"corners": ["middle", "top_left", "top_right"]}}, "admin_exit.corners"),
    ({"schema_version": 1, "admin_exit": {"code_hash": "246810"}}, "admin_exit.code_hash"),
    ({"schema_version": 1, "admin_exit": {"code_hash": "pbkdf2_sha256$10$00112233445566778899$" + "00" * 32}},
     "admin_exit.code_hash"),
    ({"schema_version": 1, "printing": {"allowed": True}}, "printing.printer"),
    ({"schema_version": 1, "attract_after_seconds": True}, "attract_after_seconds"),
])
def test_bad_policies_name_the_offending_key(doc: dict[str, Any], where: str) -> None:
    with pytest.raises(KioskPolicyError) as info:
        parse_policy(doc)
    assert info.value.where == where


def test_unreadable_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(KioskPolicyError, match="cannot read"):
        load_policy(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1,', encoding="utf-8")
    with pytest.raises(KioskPolicyError, match="not valid JSON"):
        load_policy(broken)


def test_admin_code_hash_round_trip_and_salting() -> None:
    first = hash_admin_code("135790", iterations=100_000)
    second = hash_admin_code("135790", iterations=100_000)
    assert first != second  # salted
    assert verify_admin_code("135790", first)
    assert not verify_admin_code("135791", first)
    assert not verify_admin_code("135790", "garbage")
    assert "135790" not in first


def test_policy_location_env_first_then_machine_wide(tmp_path: Path) -> None:
    custom = tmp_path / "p.json"
    assert default_policy_paths("linux", {"MYNADESK_KIOSK_POLICY": str(custom)}) == [
        custom, Path("/etc/mynadesk/kiosk-policy.json")]
    assert default_policy_paths("win32", {"PROGRAMDATA": "D:/PD"})[0] == Path("D:/PD/mynadesk/kiosk-policy.json")
    assert "Library" in str(default_policy_paths("darwin", {})[0])
    custom.write_text(json.dumps({"schema_version": 1, "keypad": {"shuffle": True}}), encoding="utf-8")
    assert find_policy("linux", {"MYNADESK_KIOSK_POLICY": str(custom)}).keypad.shuffle
    assert find_policy("linux", {"MYNADESK_KIOSK_POLICY": str(tmp_path / "none.json")}).source in (
        "<defaults>", "/etc/mynadesk/kiosk-policy.json")


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_a_policy_the_kiosk_account_can_edit_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0o666)
    problems = lock_problems(path)
    assert "writable by every user" in problems
    assert "owned by the account the kiosk runs as" in problems or os.getuid() == 0
    path.chmod(0o644)
    assert lock_problems(path, uid=os.getuid() + 1) == []
