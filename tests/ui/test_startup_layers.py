"""Layer rules (STYLE.md 1 and 3, DESIGN.md §2) as import-linter contracts, run here: nothing in ui
but the composition root knows the backend is a stub; screens do not import one another nor the
collaborators the composition root hands them, widgets know no screens, and an ignored import
that no longer exists fails the contracts."""

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


def _check_stub_contract(tmp_path: Path, demo_cards: str, home: str) -> subprocess.CompletedProcess[str]:
    for package in ("ui", "ui/screens", "backend_stub"):
        (tmp_path / package).mkdir(parents=True, exist_ok=True)
        (tmp_path / package / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "backend_stub" / "card.py").write_text("", encoding="utf-8")
    (tmp_path / "ui" / "demo_cards.py").write_text(demo_cards, encoding="utf-8")
    (tmp_path / "ui" / "screens" / "home.py").write_text(home, encoding="utf-8")
    config = REPO.joinpath("pyproject.toml").read_text(encoding="utf-8")
    block = config[config.index(f'name = "{CONTRACT}"'):]
    block = block[:block.index("\n\n")] if "\n\n" in block else block
    (tmp_path / "contracts.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["ui", "backend_stub"]\n\n[[tool.importlinter.contracts]]\n' + block + "\n",
        encoding="utf-8")
    return subprocess.run([_lint_imports(), "--config", "contracts.toml", "--no-cache"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_contract_catches_a_screen_importing_the_stub(tmp_path: Path) -> None:
    result = _check_stub_contract(tmp_path, "import backend_stub.card\n", "import backend_stub\n")
    assert result.returncode != 0
    assert "ui.screens.home -> backend_stub" in result.stdout
    assert "ui.demo_cards -> backend_stub" not in result.stdout.split("Broken contracts")[-1]


UI_LAYER_CONTRACTS = ("screens do not import one another", "screens are handed their collaborators",
                      "only the services screen imports its parts", "what screens share imports no screen",
                      "widgets and the card's parts know no screens")
SCREENS = ("card", "history", "home", "login", "notices", "self_info", "services", "settings")


def _check_ui_layers(tmp_path: Path, sources: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Runs the ui layer contracts of pyproject.toml on a small tree: every screen module, the
    shared and widget modules the contracts name, and ``sources`` (module path -> code)."""
    files = {f"ui/screens/{s}.py": "" for s in SCREENS}
    files |= {f"ui/kosodate/{m}.py": "" for m in ("attachments", "fields", "screen", "search", "status", "wizard")}
    files |= {"ui/portal/desktop_notices.py": "", "ui/main_window.py": "import ui.composition_root\n",
              "ui/composition_root.py": "import ui.session_controller\nimport ui.card.reader_hub\nimport ui.demo_cards\n",
              "ui/session_controller.py": "", "ui/card/reader_hub.py": "", "ui/demo_cards.py": "",
              "ui/screen_context.py": "", "ui/widgets/focus.py": ""}
    files |= sources
    for name, code in files.items():
        path = tmp_path / name
        for package in reversed(path.relative_to(tmp_path).parents):
            if package != Path("."):
                (tmp_path / package).mkdir(exist_ok=True)
                (tmp_path / package / "__init__.py").touch()
        path.write_text(code, encoding="utf-8")
    config = REPO.joinpath("pyproject.toml").read_text(encoding="utf-8")
    blocks = []
    for name in UI_LAYER_CONTRACTS:
        block = config[config.index(f'name = "{name}"'):]
        blocks.append(block[:block.index("\n\n")] if "\n\n" in block else block)
    (tmp_path / "contracts.toml").write_text(
        '[tool.importlinter]\nroot_packages = ["ui"]\n\n'
        + "".join(f"[[tool.importlinter.contracts]]\n{b}\n\n" for b in blocks), encoding="utf-8")
    return subprocess.run([_lint_imports(), "contracts.toml", "--no-cache"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_ui_layer_contracts_keep_a_tree_that_follows_them(tmp_path: Path) -> None:
    result = _check_ui_layers(tmp_path, {"ui/screens/services.py": "import ui.kosodate.screen\n",
                                         "ui/screens/login.py": "import ui.screen_context\n",
                                         "ui/kosodate/screen.py": "import ui.screen_context\n",
                                         "ui/widgets/focus.py": "import ui.style\n", "ui/style.py": ""})
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(("module", "code", "broken"), [
    ("ui/screens/home.py", "import ui.screens.history\n", "ui.screens.home -> ui.screens.history"),
    ("ui/screens/home.py", "import ui.kosodate.wizard\n", "ui.screens.home -> ui.kosodate.wizard"),
    ("ui/portal/delivery.py", "import ui.screens.notices\n", "ui.portal.delivery -> ui.screens.notices"),
    ("ui/widgets/focus.py", "import ui.kosodate.screen\n", "ui.widgets.focus -> ui.kosodate.screen"),
    ("ui/card/pin_dialog.py", "import ui.screens.login\n", "ui.card.pin_dialog -> ui.screens.login"),
    ("ui/screens/login.py", "import ui.session_controller\n", "ui.screens.login -> ui.session_controller"),
    ("ui/screens/card.py", "import ui.card.reader_hub\n", "ui.screens.card -> ui.card.reader_hub"),
    ("ui/kosodate/screen.py", "import ui.main_window\n", "ui.main_window -> ui.composition_root"),
    ("ui/screens/login.py", "import ui.demo_cards\n", "ui.screens.login -> ui.demo_cards"),
])
def test_the_ui_layer_contracts_catch_a_screen_reached_across_layers(
        tmp_path: Path, module: str, code: str, broken: str) -> None:
    result = _check_ui_layers(tmp_path, {module: code})
    assert result.returncode != 0
    assert broken in result.stdout


def test_an_ignored_import_that_no_longer_exists_fails_the_contracts(tmp_path: Path) -> None:
    result = _check_stub_contract(tmp_path, "", "")  # ui.demo_cards no longer imports the stub
    assert result.returncode != 0
    assert "No matches for ignored import ui.demo_cards -> backend_stub.**" in result.stdout
