"""Shared test set-up. Fixture modules live in tests/fixtures/ and are loaded as plugins."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = [
    "tests.fixtures.card",
    "tests.fixtures.stub",
]
