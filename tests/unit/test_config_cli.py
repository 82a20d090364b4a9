"""Command-line options: embedded default, --backend/--ca-file, and clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import config
from app.config import BackendConfig, origin_of, parse_args
from app.settings import Language


def test_no_options_is_the_embedded_demo_default() -> None:
    options = parse_args([])
    assert options.demo
    assert options.backend == BackendConfig()
    assert not options.kiosk
    assert not options.self_test
    assert options.language is None


def test_backend_and_ca_file(tmp_path: Path) -> None:
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    options = parse_args(["--backend", "https://portal.example:8443/", "--ca-file", str(ca),
                          "--kiosk", "--lang", "en", "--data-dir", str(tmp_path)])
    assert not options.demo
    assert options.backend.url == "https://portal.example:8443"
    assert options.backend.ca_file == ca
    assert options.backend.origin == "https://portal.example:8443"
    assert options.kiosk
    assert options.language is Language.EN
    assert options.data_dir == tmp_path.resolve()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--backend", "http://portal.example"], "https://"),
        (["--ca-file", "ca.pem"], "--ca-file needs --backend"),
        (["--backend", "https://portal.example", "--ca-file", "/nonexistent/ca.pem"], "no such file"),
        (["--lang", "fr"], "invalid choice"),
    ],
)
def test_invalid_options_exit_with_one_clear_line(argv: list[str], message: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_origin_has_an_explicit_port() -> None:
    assert origin_of("https://portal.example/api") == "https://portal.example:443"
    assert origin_of("https://127.0.0.1:5000") == "https://127.0.0.1:5000"


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--kiosk", "--self-test"],
        ["--lang", "en", "--lang=ja"],
        ["--data-dir", "~/mynadesk", "--kiosk"],
        ["--data-dir="],
        ["--backend=https://portal.example:8443/"],
        ["--backend", "https://portal.example", "--backend", "https://other.example/"],
    ],
)
def test_common_command_lines_parse_as_argparse_does(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    quick = parse_args(argv)
    monkeypatch.setattr(config, "_parse_plain", lambda _args: None)  # argparse for everything
    assert quick == parse_args(argv)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--backend"], "expected one argument"),
        (["--lang", "--kiosk"], "expected one argument"),
        (["--kiosk=yes"], "ignored explicit argument"),
        (["--kio"], None),  # an abbreviation, as argparse allows
        (["--lang=fr"], "invalid choice"),
        (["--backend=http://portal.example"], "https://"),
        (["extra"], "unrecognized arguments"),
    ],
)
def test_other_command_lines_are_argparse_s(argv: list[str], message: str | None,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    if message is None:
        assert parse_args(argv).kiosk
        return
    with pytest.raises(SystemExit) as exc:
        parse_args(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_a_plain_launch_does_not_load_argparse(tmp_path: Path) -> None:
    # argparse and building the parser cost ~3 % of the launch (DESIGN.md §9).
    code = ("import sys; from app.config import parse_args; "
            f"parse_args(['--data-dir', {str(tmp_path)!r}, '--kiosk']); print('argparse' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
                            capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.strip() == "False"
