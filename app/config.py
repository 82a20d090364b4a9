"""Launch configuration: the command line and the backend the client talks to.

Qt-free so that the command-line parsing can be unit tested and reused by other front ends.
No backend given means the embedded default (demo mode): the GUI starts the bundled stub.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from app.settings import Language


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


def parse_args(argv: Sequence[str] | None = None) -> LaunchOptions:
    """Parses the command line; on invalid options prints one clear line and exits with status 2."""
    parser = build_parser()
    ns = parser.parse_args(argv)
    try:
        backend = validate_backend(ns.backend, ns.ca_file)
    except ConfigError as exc:
        parser.error(str(exc))
    return LaunchOptions(
        backend=backend,
        kiosk=bool(ns.kiosk),
        self_test=bool(ns.self_test),
        language=Language(ns.lang) if ns.lang else None,
        data_dir=Path(ns.data_dir).expanduser().resolve() if ns.data_dir else None,
    )


def default_data_dir() -> Path:
    """The user's data directory for the app (platformdirs), imported lazily."""
    from platformdirs import user_data_path

    return user_data_path("mynadesk", appauthor=False)
