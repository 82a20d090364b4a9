"""The stub checks a filed application with the client's own form rules (issue 14 §1): it may
reach app.forms and app.validators, and through them nothing else of app, directly or not.
The import contracts in pyproject.toml say so; this walks the real import graph to hold them
to it, so a module added to app later cannot slip in through the shared rules."""

from __future__ import annotations

import grimp
import pytest

SHARED = ("app.forms", "app.validators")


def _shared(module: str) -> bool:
    return any(module == s or module.startswith(s + ".") for s in SHARED)


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("app", "backend_stub", "ui", cache_dir=None)


def test_the_stub_reaches_only_the_shared_form_rules_of_app(graph: grimp.ImportGraph) -> None:
    reached = {m for m in graph.find_upstream_modules("backend_stub", as_package=True) if m.startswith("app.")}
    assert {m for m in reached if not _shared(m)} == set()
    assert {"app.forms.payload", "app.forms.schema", "app.forms.state", "app.validators"} <= reached


def test_the_shared_form_rules_import_nothing_else_of_app(graph: grimp.ImportGraph) -> None:
    for root in SHARED:
        reached = graph.find_upstream_modules(root, as_package=True)
        assert {m for m in reached if m.split(".")[0] in {"app", "ui", "backend_stub"} and not _shared(m)} == set(), root


def test_the_contract_names_every_other_module_of_app(graph: grimp.ImportGraph) -> None:
    """The import contract lists what the shared rules may not import; a new module of app joins it."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads(Path(__file__).resolve().parents[2].joinpath("pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"]
                    if c["name"] == "the form rules the stub shares are pure")
    top_level = {".".join(m.split(".")[:2]) for m in graph.modules if m.startswith("app.")}
    assert set(contract["forbidden_modules"]) >= top_level - set(SHARED)
