"""Every error code the stub can answer is declared in its OpenAPI document (schema ErrorCode),
the list the client's wording test (tests/ui/test_error_words.py) words in both languages."""

from __future__ import annotations

import ast
from pathlib import Path

from backend_stub.server import ErrorCode
from tests.fixtures.stub import InProcessStub

STUB = Path(__file__).resolve().parents[2] / "backend_stub"
# Calls whose code argument is the ``error`` of an answer: (name, index of the code argument).
ERROR_CALLS = {"ApiError": 1, "ApplicationError": 1, "_error": 1, "CardRejectedError": 0, "GrantRefusedError": 1}


def _literal_codes(root: Path) -> dict[str, str]:
    """Code → where, for each literal code the stub's source passes to an error answer."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(root.parent)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                index = ERROR_CALLS.get(name)
                if index is not None and len(node.args) > index:
                    arg = node.args[index]
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.setdefault(arg.value, where)
            elif isinstance(node, ast.Dict):  # {"error": "payload_too_large", ...} written out
                for key, value in zip(node.keys, node.values, strict=True):
                    if (isinstance(key, ast.Constant) and key.value == "error"
                            and isinstance(value, ast.Constant) and isinstance(value.value, str)):
                        found.setdefault(value.value, where)
    return found


def test_every_code_the_stub_answers_with_is_declared() -> None:
    found = _literal_codes(STUB)
    assert {"bad_request", "invalid_form", "card_declined", "payload_too_large"} <= set(found)  # the scan sees them
    undeclared = {code: where for code, where in found.items() if code not in set(ErrorCode)}
    assert not undeclared, undeclared


def test_the_status_fallbacks_are_declared() -> None:
    from backend_stub.server.app import _STATUS_CODES

    assert set(_STATUS_CODES.values()) <= set(ErrorCode)


def test_the_document_declares_the_codes_and_errors_use_them(stub_app: InProcessStub) -> None:
    schemas = stub_app.client.get("/openapi.json").json()["components"]["schemas"]
    assert schemas["ErrorCode"]["enum"] == [code.value for code in ErrorCode]
    assert schemas["ErrorBody"]["properties"]["error"]["$ref"] == "#/components/schemas/ErrorCode"


def test_a_prefixed_login_code_is_declared_for_every_login_code() -> None:
    """Registering a 代理人 checks the represented person's card as login does and answers
    ``principal_<login code>`` (backend_stub/server/representation.py): each one is declared."""
    login = {"bad_request", "challenge_unknown", "challenge_expired", "challenge_used", "origin_mismatch",
             "untrusted_certificate", "certificate_expired", "certificate_revoked", "invalid_signature",
             "unknown_certificate"}
    assert login <= set(ErrorCode)
    assert {f"principal_{code}" for code in login} <= set(ErrorCode)
