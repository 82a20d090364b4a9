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


@pytest.mark.xfail(strict=True, reason="app.forms.state imports app.jst")
def test_the_stub_reaches_only_the_shared_form_rules_of_app(graph: grimp.ImportGraph) -> None:
    reached = {m for m in graph.find_upstream_modules("backend_stub", as_package=True) if m.startswith("app.")}
    assert {m for m in reached if not _shared(m)} == set()
    assert {"app.forms.payload", "app.forms.schema", "app.forms.state", "app.validators"} <= reached


@pytest.mark.xfail(strict=True, reason="app.forms.state imports app.jst")
def test_the_shared_form_rules_import_nothing_else_of_app(graph: grimp.ImportGraph) -> None:
    for root in SHARED:
        reached = graph.find_upstream_modules(root, as_package=True)
        assert {m for m in reached if m.split(".")[0] in {"app", "ui", "backend_stub"} and not _shared(m)} == set(), root
