"""Layer rules (STYLE.md 1, DESIGN.md §2) as import-linter contracts, run here: nothing in ui
but the composition root knows the backend is a stub."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CONTRACT = "within ui only the composition root imports backend_stub"


def _lint_imports() -> str:
    exe = Path(sys.executable).with_name("lint-imports")
    found = str(exe) if exe.exists() else shutil.which("lint-imports")
    if found is None:
        pytest.skip("import-linter not installed")
    return found


def test_every_import_contract_is_kept() -> None:
    result = subprocess.run([_lint_imports(), "--no-cache"], cwd=REPO, capture_output=True, text=True,
                            timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert f"{CONTRACT} KEPT" in result.stdout


def test_the_contract_catches_a_screen_importing_the_stub(tmp_path: Path) -> None:
    for package in ("ui", "ui/screens", "backend_stub"):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "ui" / "demo_cards.py").write_text("import backend_stub\n", encoding="utf-8")
    (tmp_path / "ui" / "screens" / "home.py").write_text("import backend_stub\n", encoding="utf-8")
    config = REPO.joinpath("pyproject.toml").read_text(encoding="utf-8")
    block = config[config.index(f'name = "{CONTRACT}"'):]
    block = block[:block.index("\n\n")] if "\n\n" in block else block
    (tmp_path / "contracts.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["ui", "backend_stub"]\n\n[[tool.importlinter.contracts]]\n' + block + "\n",
        encoding="utf-8")
    result = subprocess.run([_lint_imports(), "--config", "contracts.toml", "--no-cache"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode != 0
    assert "ui.screens.home -> backend_stub" in result.stdout
    assert "ui.demo_cards -> backend_stub" not in result.stdout.split("Broken contracts")[-1]
