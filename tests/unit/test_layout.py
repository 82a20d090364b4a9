"""The packages import and resources are reachable through importlib.resources."""

import importlib


def test_packages_import() -> None:
    for name in ("app", "ui", "backend_stub", "resources"):
        assert importlib.import_module(name).__name__ == name
