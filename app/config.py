"""Launch configuration: the command line and the backend the client talks to.

Qt-free so that the command-line parsing can be unit tested and reused by other front ends.
No backend given means the embedded default (demo mode): the GUI starts the bundled stub.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.settings import Language

if TYPE_CHECKING:
    import argparse


SETTINGS_FILE_NAME = "settings.ini"


class ConfigError(ValueError):
    """A launch option is invalid; the message names the option and what to do."""


@dataclass(frozen=True)
class BackendConfig:
    """Where the backend is. ``url is None`` means: start the embedded stub (demo mode)."""

    url: str | None = None
    ca_file: Path | None = None

    @property
    def embedded(self) -> bool:
        return self.url is None

    @property
    def origin(self) -> str | None:
        """scheme://host:port of the backend, as used by the login protocol (DESIGN.md §5)."""
        if self.url is None:
            return None
        return origin_of(self.url)


@dataclass(frozen=True)
class LaunchOptions:
    backend: BackendConfig = BackendConfig()
    kiosk: bool = False
    self_test: bool = False
    language: Language | None = None
    data_dir: Path | None = None

    @property
    def demo(self) -> bool:
        return self.backend.embedded


def origin_of(url: str) -> str:
    """The origin (scheme://host:port, port always explicit) of an http(s) URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise ConfigError(f"not an http(s) URL: {url!r}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    return f"{parts.scheme}://{host}:{port}"


def validate_backend(url: str | None, ca_file: str | None) -> BackendConfig:
    if url is None:
        if ca_file is not None:
            raise ConfigError("--ca-file needs --backend URL")
        return BackendConfig()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise ConfigError(f"--backend must be an https:// URL with a host, not {url!r}")
    if parts.query or parts.fragment:
        raise ConfigError("--backend must not carry a query or fragment")
    ca: Path | None = None
    if ca_file is not None:
        ca = Path(ca_file).expanduser()
        if not ca.is_file():
            raise ConfigError(f"--ca-file: no such file: {ca}")
    return BackendConfig(url=url.rstrip("/"), ca_file=ca)


def app_version() -> str:
    """The release version (app/version.py), or "unknown" where that module is missing."""
    import importlib

    try:
        module = importlib.import_module("app.version")
    except ImportError:
        return "unknown"
    return str(getattr(module, "__version__", "unknown"))


def build_parser(prog: str = "mynadesk") -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog=prog,
        description="My Number (Mynaportal) desktop client. With no options it starts on its "
        "embedded default: the bundled stub backend on 127.0.0.1 (demo mode).",
    )
    parser.add_argument("--backend", metavar="URL", help="use this backend (https://host:port) instead of the embedded stub")
    parser.add_argument("--ca-file", metavar="FILE", help="CA certificate (PEM) to trust for --backend")
    parser.add_argument("--kiosk", action="store_true", help="kiosk mode (municipal terminals)")
    parser.add_argument("--self-test", action="store_true",
                        help="run offscreen, exercise every capability end to end, print each step and exit")
    parser.add_argument("--lang", choices=[lang.value for lang in Language],
                        help="user interface language (default: the saved setting, Japanese at first)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {app_version()}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="directory for logs, settings and the embedded backend's data")
    return parser


# The options that take a value and the flags, by their full spelling (build_parser's dests).
_VALUE_OPTIONS = {"--backend": "backend", "--ca-file": "ca_file", "--lang": "lang", "--data-dir": "data_dir"}
_FLAG_OPTIONS = {"--kiosk": "kiosk", "--self-test": "self_test"}


def _parse_plain(args: Sequence[str]) -> tuple[dict[str, str | None], set[str]] | None:
    """The values and flags argparse would make of ``args`` when they hold only the options
    above, spelled in full, each value valid for argparse; None for anything else (help,
    --version, abbreviations, unknown or incomplete options...), which is argparse's to parse.
    Launches then skip importing argparse and building the parser (~3 % of the launch,
    DESIGN.md §9)."""
    values: dict[str, str | None] = dict.fromkeys(_VALUE_OPTIONS.values())
    flags: set[str] = set()
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token in _FLAG_OPTIONS:
            flags.add(_FLAG_OPTIONS[token])
            continue
        name, equals, value = token.partition("=")
        if name not in _VALUE_OPTIONS:
            return None
        if not equals:
            if i >= len(args) or not args[i] or args[i].startswith("-"):
                return None  # missing, empty or option-like: argparse decides
            value = args[i]
            i += 1
        if name == "--lang" and value not in tuple(Language):
            return None  # argparse reports the invalid choice
        values[_VALUE_OPTIONS[name]] = value  # the last one wins, as with argparse
    return values, flags


def parse_args(argv: Sequence[str] | None = None) -> LaunchOptions:
    """Parses the command line; on invalid options prints one clear line and exits with status 2."""
    args = sys.argv[1:] if argv is None else list(argv)
    plain = _parse_plain(args)
    if plain is None:
        ns = build_parser().parse_args(args)
        values: dict[str, str | None] = {dest: getattr(ns, dest) for dest in _VALUE_OPTIONS.values()}
        flags = {dest for dest in _FLAG_OPTIONS.values() if getattr(ns, dest)}
    else:
        values, flags = plain
    try:
        backend = validate_backend(values["backend"], values["ca_file"])
    except ConfigError as exc:
        build_parser().error(str(exc))
    lang = values["lang"]
    data_dir = values["data_dir"]
    return LaunchOptions(
        backend=backend,
        kiosk="kiosk" in flags,
        self_test="self_test" in flags,
        language=Language(lang) if lang else None,
        data_dir=Path(data_dir).expanduser().resolve() if data_dir else None,
    )


def default_data_dir() -> Path:
    """The user's data directory for the app (platformdirs), imported lazily."""
    from platformdirs import user_data_path

    return user_data_path("mynadesk", appauthor=False)


@dataclass(frozen=True)
class AppPaths:
    """Where the app keeps its files: data (drafts, the demo backend, caches), the settings
    file, and the logs."""

    data_dir: Path
    settings_file: Path
    log_dir: Path


def app_paths(data_dir: Path | None) -> AppPaths:
    """``--data-dir`` puts everything under that folder. Without it, each kind of file goes
    where the desktop expects it (platformdirs; on Linux the XDG folders): settings to the
    config folder, logs to the state folder's ``log``, everything else to the data folder."""
    if data_dir is not None:
        return AppPaths(data_dir, data_dir / SETTINGS_FILE_NAME, data_dir / "logs")
    from platformdirs import user_config_path, user_log_path

    return AppPaths(
        default_data_dir(),
        user_config_path("mynadesk", appauthor=False) / SETTINGS_FILE_NAME,
        user_log_path("mynadesk", appauthor=False),
    )


def move_legacy_settings(paths: AppPaths) -> bool:
    """Earlier versions kept ``settings.ini`` in the data folder: move it, once, to where
    settings now live (never over a newer one). True if it was moved."""
    legacy = paths.data_dir / SETTINGS_FILE_NAME
    if legacy == paths.settings_file or not legacy.is_file() or paths.settings_file.exists():
        return False
    paths.settings_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(legacy, paths.settings_file)
    except OSError:  # another file system: copy, then remove
        import shutil

        shutil.copy2(legacy, paths.settings_file)
        legacy.unlink()
    return True
