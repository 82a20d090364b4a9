"""Attacks from an independent re-run of issue 14's list against the real stub over HTTPS.

Each test here is a case that the re-run found still open: a request that made the server fail
with a 500, a file name that could still pose as something else, and a list that took any cursor.
The client plays a resident holding their real card keys, so every signature verifies.
"""

from __future__ import annotations

import base64
import json
import os
import ssl
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.fixtures.stub import (
    PASSPORT_ANSWERS,
    StubServer,
    card_credentials,
    login,
    login_body,
    signed_application_body,
    start_stub_server,
    stub_client,
    valid_application_data,
)

pytestmark = [pytest.mark.integration]

RESIDENT = "r01"  # lives in 新座市 (112305)
PDF = b"%PDF-1.7\n" + bytes(64)


@pytest.fixture(scope="module")
def client(stub_server: StubServer) -> Iterator[httpx.Client]:
    with stub_client(stub_server, login(stub_server, RESIDENT)) as c:
        yield c


def post_json_text(client: httpx.Client, text: str, key: str) -> httpx.Response:
    """POST /applications with a body written by hand (JSON escapes a client library would refuse)."""
    return client.post("/applications", content=text.encode("ascii"),
                       headers={"Idempotency-Key": key, "Content-Type": "application/json"})


# -- no 5xx ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["key", "value"])
def test_a_lone_surrogate_in_the_form_data_is_refused_not_a_server_error(stub_server, client, where):
    """JSON may spell a lone UTF-16 surrogate (\\ud800), which no UTF-8 text can hold. A resident's
    correctly signed application whose request carries one in ``data`` must answer 4xx: the signed
    bytes cannot hold it, so the request differs from what was signed."""
    key = str(uuid.uuid4())
    body: dict[str, Any] = signed_application_body(stub_server.data_dir, RESIDENT, idempotency_key=key)
    text = json.dumps(body, ensure_ascii=True)
    marker = '"claimant": {'
    assert marker in text
    if where == "key":
        text = text.replace(marker, marker + '"\\ud800": "x", ', 1)
    else:
        occupation = json.dumps(body["data"]["claimant"]["occupation"])  # ASCII-escaped, as in text
        assert text.count(occupation) == 1
        text = text.replace(occupation, '"\\ud800"')
    before = client.get("/applications").json()["total"]
    response = post_json_text(client, text, key)
    assert response.status_code < 500, response.text
    assert (response.status_code, response.json()["error"]) == (422, "payload_mismatch")
    assert response.json()["fields"] == {"data": "different"}
    assert client.get("/applications").json()["total"] == before
    assert client.get("/health").status_code == 200  # the connection and the server are fine


# -- attachment names --------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "\u061cinvoice.pdf",  # ARABIC LETTER MARK: a Unicode bidi control (Bidi_Control=Yes) like U+200F
    "receipt\u2028.exe\u2028.pdf",  # LINE SEPARATOR: a line break, as "\n" is
    "a\u2029b.pdf",  # PARAGRAPH SEPARATOR
], ids=["U+061C", "U+2028", "U+2029"])
def test_attachment_names_with_other_bidi_marks_or_line_breaks_are_refused(stub_server, client, name):
    data = valid_application_data(**PASSPORT_ANSWERS)
    key = str(uuid.uuid4())
    body = signed_application_body(stub_server.data_dir, RESIDENT, data, idempotency_key=key,
                                   attachments=[("passport", name, "application/pdf", PDF)])
    response = client.post("/applications", json=body, headers={"Idempotency-Key": key})
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_form"
    assert response.json()["fields"] == {"attachments[0].name": "attachment.name"}


# -- cursors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cursor", ["W1tbW1tb", "forged", "eyJvZmZzZXQiOjB9.AAAA"])
def test_a_cursor_the_server_never_issued_for_the_applications_list_answers_400(client, cursor):
    response = client.get("/applications", params={"cursor": cursor})
    assert response.status_code == 400, response.text[:200]
    assert response.json()["error"] == "bad_request"


def test_the_applications_list_pages_with_the_cursors_it_issues(stub_server, client):
    for _ in range(3):
        key = str(uuid.uuid4())
        body = signed_application_body(stub_server.data_dir, RESIDENT, idempotency_key=key)
        assert client.post("/applications", json=body, headers={"Idempotency-Key": key}).status_code == 201
    everything = client.get("/applications").json()
    seen: list[str] = []
    cursor = None
    while True:
        page = client.get("/applications", params={"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        assert len(page["items"]) <= 2
        assert page["total"] == everything["total"]
        seen += [a["id"] for a in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [a["id"] for a in everything["items"]]
    with stub_client(stub_server, login(stub_server, "r02")) as other:
        first = client.get("/applications", params={"limit": 1}).json()
        assert first["next_cursor"] is not None
        foreign = other.get("/applications", params={"limit": 1, "cursor": first["next_cursor"]})
        assert (foreign.status_code, foreign.json()["error"]) == (400, "bad_request")


# -- the API document ------------------------------------------------------------------------------

MIB = 1024 * 1024


def test_every_operation_that_takes_a_body_declares_the_413_it_answers_to_one_over_32_mib(stub_server, client):
    """The body cap holds for every request: an operation that takes a body can answer 413, and the
    API document declares every status an operation can answer (a third-party client reads it)."""
    document = client.get(stub_server.url + "/openapi.json").json()
    with_body = [(method, path) for path, item in document["paths"].items()
                 for method, operation in item.items() if isinstance(operation, dict) and "requestBody" in operation]
    assert len(with_body) >= 5

    def pieces() -> Iterator[bytes]:  # chunked: no Content-Length to refuse it by
        for _ in range(33):
            yield b" " * MIB

    undeclared = []
    for method, path in with_body:
        url = stub_server.url + path.replace("{payment_id}", "x")
        response = client.request(method.upper(), url, content=pieces(),
                                  headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())})
        assert (response.status_code, response.json()["error"]) == (413, "payload_too_large"), (path, response.text)
        if "413" not in document["paths"][path][method]["responses"]:
            undeclared.append(f"{method.upper()} {path}")
    assert undeclared == []


# -- limits ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def limits_stub(stub_server: StubServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StubServer]:
    """A stub with the default limits, on the session stub's (seeded) data dir."""
    server = start_stub_server(stub_server.data_dir, log_dir=tmp_path_factory.mktemp("review-limits"))
    yield server
    server.stop()


def client_at(stub: StubServer, source: str) -> httpx.Client:
    """An HTTPS client whose connections come from ``source`` (a kiosk's address)."""
    context = ssl.create_default_context(cafile=str(stub.ca_file))
    return httpx.Client(base_url=stub.api, transport=httpx.HTTPTransport(verify=context, local_address=source),
                        timeout=30.0)


def test_failures_from_a_shared_kiosk_do_not_lock_out_the_next_resident_at_it(limits_stub):
    """A kiosk (or an office behind one NAT address) is one source for every resident using it.
    Someone there sends garbage logins until the source is throttled; the next resident's real
    card still logs in, while further garbage from the source stays refused."""
    kiosk = "127.0.0.91"

    def garbage(client: httpx.Client) -> httpx.Response:
        return client.post("/auth/login", json={
            "format": "jpki-auth:1", "challenge_id": "no-such-challenge", "origin": limits_stub.origin,
            "certificate": base64.b64encode(os.urandom(16)).decode(),  # another certificate each time
            "algorithm": "RS256", "signature": base64.b64encode(bytes(256)).decode(),
        })

    with client_at(limits_stub, kiosk) as client:
        codes = [garbage(client).status_code for _ in range(25)]
        assert codes[-1] == 429  # the source is throttled for failures
        cert, key = card_credentials(limits_stub.data_dir, "r04")
        challenge = client.post("/auth/challenge")
        assert challenge.status_code == 200, challenge.text
        response = client.post("/auth/login", json=login_body(challenge.json(), limits_stub.origin, cert, key))
        assert response.status_code == 200, response.text
        assert garbage(client).status_code == 429
