"""The API document the real stub serves says what a third-party client needs to know, and the
server's answers match it: every status an operation can answer, the enums of its inputs (the
catalog's lists generated from the catalog), an ``Allow`` header that names the methods the
document declares, and ``Cache-Control: no-store`` on every answer with personal data."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from app.forms.limits import MAX_REQUEST_BYTES
from tests.fixtures.stub import StubServer, login, stub_client

pytestmark = pytest.mark.integration

API = "/api/v1"
METHODS = ("get", "post", "put", "patch", "delete")


@pytest.fixture(scope="module")
def document(stub_server: StubServer) -> dict[str, Any]:
    with stub_client(stub_server) as client:
        response = client.get(stub_server.url + "/openapi.json")
    assert response.status_code == 200
    doc: dict[str, Any] = response.json()
    return doc


def operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    op: dict[str, Any] = document["paths"][API + path][method]
    return op


def parameter_schema(document: dict[str, Any], method: str, path: str, name: str) -> dict[str, Any]:
    param = next(p for p in operation(document, method, path)["parameters"] if p["name"] == name)
    schema: dict[str, Any] = param["schema"]
    return schema


def body_schema(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    ref = operation(document, method, path)["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema: dict[str, Any] = document["components"]["schemas"][ref.rsplit("/", 1)[1]]
    return schema


def enum_of(schema: dict[str, Any]) -> list[Any]:
    if "enum" in schema:
        return list(schema["enum"])
    return [v for alt in schema.get("anyOf", []) for v in alt.get("enum", [])]


# --- statuses -----------------------------------------------------------------------------------


def test_every_operation_on_an_id_declares_404(document: dict[str, Any]) -> None:
    with_ids = [
        (method, path)
        for path, item in document["paths"].items()
        for method in item
        if method in METHODS and "{" in path
    ]
    assert len(with_ids) >= 8
    assert [(m, p) for m, p in with_ids if "404" not in document["paths"][p][m]["responses"]] == []


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/payments/{payment_id}/card", {"200", "400", "401", "402", "404", "409"}),
        ("post", "/applications", {"200", "201", "400", "401", "409", "422"}),
        ("post", "/auth/login", {"200", "400", "401", "429"}),
        ("post", "/auth/challenge", {"200", "429"}),
        ("get", "/services", {"200", "400", "404"}),
        ("get", "/history", {"200", "400", "401"}),
    ],
)
def test_operations_declare_the_statuses_they_answer(
    document: dict[str, Any], method: str, path: str, statuses: set[str]
) -> None:
    assert statuses <= set(operation(document, method, path)["responses"])


def test_every_operation_declares_the_body_cap(stub_server: StubServer, document: dict[str, Any]) -> None:
    # The cap on request bodies holds for every request, with a body expected or not: a
    # challenge (no body in the contract) sent with one over the cap answers 413.
    without = [
        f"{method.upper()} {path}"
        for path, item in document["paths"].items()
        for method, op in item.items()
        if method in METHODS and "413" not in op["responses"]
    ]
    assert without == []
    with stub_client(stub_server) as client:
        response = client.post("/auth/challenge", content=b"x" * (MAX_REQUEST_BYTES + 1))
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"


def test_the_idempotency_key_is_required(document: dict[str, Any]) -> None:
    param = next(p for p in operation(document, "post", "/applications")["parameters"]
                 if p["name"] == "Idempotency-Key")
    assert param["required"] is True


# --- enums --------------------------------------------------------------------------------------


def test_the_login_declares_its_format_and_algorithm(document: dict[str, Any]) -> None:
    login_in = body_schema(document, "post", "/auth/login")["properties"]
    assert enum_of(login_in["format"]) == ["jpki-auth:1"]
    assert enum_of(login_in["algorithm"]) == ["RS256"]


def test_the_history_declares_its_sort_and_outcomes(document: dict[str, Any]) -> None:
    assert enum_of(parameter_schema(document, "get", "/history", "sort")) == ["requested_at", "-requested_at"]
    assert sorted(enum_of(parameter_schema(document, "get", "/history", "outcome"))) == [
        "not_held", "provided", "refused"]


def test_the_catalog_lists_are_the_documents_enums(stub_server: StubServer, document: dict[str, Any]) -> None:
    token = login(stub_server, "r07")
    with stub_client(stub_server, token) as client:
        situations = client.get("/services/situations").json()
        delivery = client.get("/delivery").json()
    assert sorted(enum_of(parameter_schema(document, "get", "/services", "situation"))) == sorted(situations)
    delivery_in = body_schema(document, "post", "/delivery")["properties"]
    assert enum_of(delivery_in["service"]) == delivery["available_services"]
    assert enum_of(delivery_in["categories"]["items"]) == delivery["available_categories"]
    assert enum_of(delivery_in["consent"]) == [True]
    form_ids = enum_of(body_schema(document, "post", "/applications")["properties"]["form_id"])
    assert "jidou-teate-nintei" in form_ids


def test_an_unknown_situation_is_refused_as_the_document_says(stub_server: StubServer) -> None:
    with stub_client(stub_server) as client:
        response = client.get("/services", params={"situation": "no-such-situation"})
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request"


def test_testing_operations_are_not_in_the_document(
    stub_server_factory: Callable[..., StubServer],
) -> None:
    server = stub_server_factory("--testing-clock")
    with stub_client(server) as client:
        paths = client.get(server.url + "/openapi.json").json()["paths"]
        assert client.post("/testing/clock", json={"advance_seconds": 0}).status_code == 200
    assert [p for p in paths if "/testing/" in p] == []


# --- Allow --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "template"),
    [
        ("PUT", "/delivery", "/delivery"),
        ("PATCH", "/history/some-id", "/history/{history_id}"),
        ("GET", "/auth/login", "/auth/login"),
        ("DELETE", "/notices/n1/read", "/notices/{notice_id}/read"),
    ],
)
def test_a_405_names_the_methods_the_document_declares(
    stub_server: StubServer, document: dict[str, Any], method: str, path: str, template: str
) -> None:
    with stub_client(stub_server, login(stub_server, "r07")) as client:
        response = client.request(method, path)
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    declared = {m.upper() for m in document["paths"][API + template] if m in METHODS}
    allowed = {m.strip() for m in response.headers["allow"].split(",")}
    assert allowed == declared


def _concrete(template: str) -> str:
    return re.sub(r"\{[^}]*\}", "some-id", template)


def test_every_documented_path_answers_405_to_every_method_it_does_not_declare(
    stub_server: StubServer, document: dict[str, Any]
) -> None:
    """Every path of the document, every method it does not declare: 405 naming exactly the
    declared ones. A literal path (``/proxies/actions``) is its own path, even where a templated
    sibling (``/proxies/{grant_id}``) would match its text: OpenAPI matches concrete paths first."""
    wrong: dict[str, Any] = {}
    tried = 0
    with stub_client(stub_server, login(stub_server, "r07")) as client:
        for template, item in document["paths"].items():
            declared = {m.upper() for m in item if m in METHODS}
            path = _concrete(template.removeprefix(API))
            for method in (m.upper() for m in METHODS if m not in item):
                tried += 1
                response = client.request(method, path)
                answer = (response.status_code, response.json().get("error"),
                          {m.strip() for m in response.headers.get("allow", "").split(",") if m.strip()})
                if answer != (405, "method_not_allowed", declared):
                    wrong[f"{method} {template}"] = answer
    assert tried > 50
    assert wrong == {}


# --- no-store -----------------------------------------------------------------------------------


def test_answers_with_personal_data_are_not_to_be_stored(stub_server: StubServer) -> None:
    token = login(stub_server, "r02")
    with stub_client(stub_server, token) as client:
        notices = client.get("/notices").json()["items"]
        payment_id = next(n["payment"]["id"] for n in notices if n["payment"])
        responses = {
            "me": client.get("/me"),
            "history": client.get("/history", params={"limit": 1}),
            "notices": client.get("/notices"),
            "payment": client.get(f"/payments/{payment_id}"),
            "self-info": client.get("/self-info"),
            "delivery": client.get("/delivery"),
            "applications": client.get("/applications"),
            "missing notice": client.get("/notices/no-such-notice"),
        }
        challenge = client.post("/auth/challenge")
    assert {name: r.headers.get("cache-control") for name, r in responses.items()} == dict.fromkeys(
        responses, "no-store"
    )
    assert challenge.headers.get("cache-control") == "no-store"


def test_the_document_declares_no_store_where_it_is_sent(document: dict[str, Any]) -> None:
    for path in ("/me", "/history", "/notices/{notice_id}", "/payments/{payment_id}"):
        headers = operation(document, "get", path)["responses"]["200"]["headers"]
        assert headers["Cache-Control"]["required"] is True
        assert headers["Cache-Control"]["schema"]["enum"] == ["no-store"]
    login_headers = operation(document, "post", "/auth/login")["responses"]["200"]["headers"]
    assert "Cache-Control" in login_headers
