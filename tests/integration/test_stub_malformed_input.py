"""Malformed and hostile input to the real stub over HTTPS answers 4xx ``{"error", "message"}``,
never a 5xx (DESIGN.md §10); and when something unexpected does fail, the 500 closes its
connection so that the client's next request is not lost with it.

Each case here once made the server fail: a cursor nested 5,000 deep, dates at the ends of the
calendar with an offset, digits such as "²" or full-width digits in card fields (the declined
test card written in full-width digits was paid), a history search typed decomposed (NFD).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import stat
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.portal import PortalClient
from app.portal.errors import ServerError
from tests.fixtures.stub import (
    StubServer,
    card_credentials,
    login,
    login_body,
    signed_application_body,
    start_stub_server,
    stub_client,
    valid_application_data,
)

pytestmark = [pytest.mark.integration, pytest.mark.slow]

DECLINED_TEST_CARD = "4000000000000002"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.fixture(scope="module")
def stub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StubServer]:
    """A server of this module's own: these tests pay (or fail to pay) a resident's charge."""
    base = tmp_path_factory.mktemp("stub-malformed")
    server = start_stub_server(base / "data", log_dir=base)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api(stub: StubServer) -> Iterator[httpx.Client]:
    with stub_client(stub, login(stub, "r07")) as client:
        yield client


@pytest.fixture(scope="module")
def payer(stub: StubServer) -> Iterator[httpx.Client]:
    """A resident with a charge to pay (r02's 保育料)."""
    with stub_client(stub, login(stub, "r02")) as client:
        yield client


def assert_error(response: httpx.Response, status: int = 400) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"error", "message"}
    assert isinstance(body["message"], str)
    code: str = body["error"]
    return code


# --- cursors ------------------------------------------------------------------------------------

NESTED = base64.urlsafe_b64encode(b"[" * 5000).decode().rstrip("=")


def _old_style(position: list[str]) -> str:
    """A cursor as the server once made them: base64url of the JSON position, unauthenticated."""
    return base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")


@pytest.mark.parametrize("path", ["/history", "/notices", "/applications"])
def test_a_cursor_nested_five_thousand_deep_is_refused(api: httpx.Client, path: str) -> None:
    assert assert_error(api.get(path, params={"cursor": NESTED})) == "bad_request"


@pytest.mark.parametrize("path", ["/history", "/notices"])
def test_a_cursor_the_server_never_issued_is_refused(api: httpx.Client, path: str) -> None:
    first = api.get(path, params={"limit": 1}).json()
    issued = first["next_cursor"]
    assert issued
    assert first["items"]
    assert api.get(path, params={"limit": 1, "cursor": issued}).status_code == 200
    # A well-formed position the client made up (here: "after the first row", as an attacker
    # who read the old format would write it) is not one the server gave.
    row = first["items"][0]
    made_up = _old_style([row.get("requested_at") or row.get("published_at"), row["id"]])
    assert assert_error(api.get(path, params={"limit": 1, "cursor": made_up})) == "bad_request"
    # Nor is an issued cursor with one character changed.
    flipped = issued[:-1] + ("A" if issued[-1] != "A" else "B")
    assert assert_error(api.get(path, params={"limit": 1, "cursor": flipped})) == "bad_request"


@pytest.mark.parametrize("path", ["/history", "/notices", "/applications"])
@pytest.mark.parametrize("values", [("2026-01-01T00:00:00+09:00", "x"), ("[" * 300,)], ids=["position", "nested"])
def test_a_cursor_in_the_servers_format_but_not_signed_by_it_is_refused(
    api: httpx.Client, path: str, values: tuple[str, ...]
) -> None:
    # The issued format (base64url position "." base64url MAC) with a MAC the client made up:
    # short enough to pass the length bound, refused because the server did not sign it.
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    made_up = b64("\x1f".join(values).encode()) + "." + b64(bytes(16))
    assert len(made_up) <= 512
    assert assert_error(api.get(path, params={"cursor": made_up})) == "bad_request"


def test_a_cursor_is_good_only_for_the_resident_and_list_it_was_issued_for(
    stub: StubServer, api: httpx.Client
) -> None:
    issued = api.get("/history", params={"limit": 1}).json()["next_cursor"]
    assert assert_error(api.get("/notices", params={"cursor": issued})) == "bad_request"
    with stub_client(stub, login(stub, "r01")) as other:
        assert assert_error(other.get("/history", params={"cursor": issued})) == "bad_request"


def test_the_cursor_key_is_readable_by_the_server_only(stub: StubServer, api: httpx.Client) -> None:
    assert api.get("/history", params={"limit": 1}).status_code == 200
    mode = stat.S_IMODE((stub.data_dir / "cursor.key").stat().st_mode)
    assert mode == 0o600


# --- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "name", "value", "keeps"),
    [
        ("/history", "from", "0001-01-01T00:00:00+09:00", "all"),
        ("/history", "from", "0001-01-01T00:00:00+14:00", "all"),
        ("/history", "to", "0001-01-01T00:00:00+14:00", "none"),
        ("/history", "to", "9999-12-31T23:59:59-09:00", "all"),
        ("/history", "from", "9999-12-31T23:00:00-12:00", "none"),
        ("/notices", "since", "0001-01-01T00:00:00+09:00", "all"),
        ("/notices", "since", "9999-12-31T23:59:59-05:00", "none"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_filter_like_any_other(
    api: httpx.Client, path: str, name: str, value: str, keeps: str
) -> None:
    # Valid RFC 3339 times that Japan time cannot express: before or after every record.
    everything = api.get(path, params={"limit": 1}).json()["total"]
    response = api.get(path, params={name: value, "limit": 1})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == (everything if keeps == "all" else 0)


def test_a_voluntary_grant_to_the_last_day_of_the_calendar_is_registered(stub: StubServer) -> None:
    # A 任意代理 runs through its last day; 9999-12-31 is a date like any other, whose end the
    # server cannot write as the next midnight.
    with stub_client(stub, login(stub, "r06")) as helper:
        challenge = helper.post("/auth/challenge").json()
        cert_der, key = card_credentials(stub.data_dir, "r05")
        card = login_body(challenge, stub.origin, cert_der, key)
        made = helper.post("/proxies", json={"kind": "voluntary", "expires_on": "9999-12-31", "principal_card": card})
        assert made.status_code == 201, made.text
        assert made.json()["expires_at"].startswith("9999-12-31T")
        assert helper.get("/self-info/tax", headers={"X-Acting-For": "r05"}).status_code == 200
        listed = helper.get("/proxies")
        assert listed.status_code == 200
        assert helper.delete(f"/proxies/{made.json()['id']}").status_code == 204


@pytest.mark.parametrize("value", ["2026-13-01T00:00:00+09:00", "yesterday", "2026-01-01T00:00:00+24:00", "²０２６-01-01"])
def test_a_malformed_time_is_refused(api: httpx.Client, value: str) -> None:
    assert assert_error(api.get("/history", params={"from": value})) == "bad_request"
    assert assert_error(api.get("/notices", params={"since": value})) == "bad_request"


# --- digits -------------------------------------------------------------------------------------


def _unpaid_payment(api: httpx.Client) -> str:
    for notice in api.get("/notices", params={"limit": 200}).json()["items"]:
        if notice["payment"] and notice["payment"]["status"] == "unpaid":
            payment_id: str = notice["payment"]["id"]
            return payment_id
    raise AssertionError("the demo resident has no unpaid charge")


@pytest.mark.parametrize(
    ("number", "expiry", "cvc", "code"),
    [
        ("4111111111111111".translate(FULL_WIDTH), "12/30", "123", "invalid_card"),
        ("4111111111111111", "1²/30", "123", "invalid_expiry"),
        ("4111111111111111", "12/3²", "123", "invalid_expiry"),
        ("4111111111111111", "12/30".translate(FULL_WIDTH), "123", "invalid_expiry"),
        ("4111111111111111", "12/30", "１２３", "invalid_cvc"),
        ("4111111111111111", "12/30", "12³", "invalid_cvc"),
        ("411111111111111¹", "12/30", "123", "invalid_card"),
    ],
    ids=["fullwidth-number", "superscript-month", "superscript-year", "fullwidth-expiry", "fullwidth-cvc",
         "superscript-cvc", "superscript-number"],
)
def test_card_fields_take_ascii_digits_only(payer: httpx.Client, number: str, expiry: str, cvc: str, code: str) -> None:
    api = payer
    payment_id = _unpaid_payment(api)
    response = api.post(f"/payments/{payment_id}/card", json={"number": number, "expiry": expiry, "cvc": cvc})
    assert assert_error(response) == code
    assert api.get(f"/payments/{payment_id}").json()["status"] == "unpaid"


def test_the_declined_test_card_in_full_width_digits_is_not_paid(payer: httpx.Client) -> None:
    api = payer
    payment_id = _unpaid_payment(api)
    body = {"number": DECLINED_TEST_CARD.translate(FULL_WIDTH), "expiry": "12/30", "cvc": "123"}
    response = api.post(f"/payments/{payment_id}/card", json=body)
    assert assert_error(response) == "invalid_card"
    payment = api.get(f"/payments/{payment_id}").json()
    assert (payment["status"], payment["receipt"]) == ("unpaid", None)


@pytest.mark.parametrize("value", [b"\xb2", b"1\xb9", b"\xb3\xb2"], ids=["two", "one-one", "three-two"])
def test_a_last_event_id_in_superscript_digits_is_refused(api: httpx.Client, value: bytes) -> None:
    # HTTP header values are Latin-1, which holds "¹", "²" and "³": str.isdigit takes them,
    # int() does not. Only an event id this server gave (ASCII digits) resumes a stream.
    assert assert_error(api.get("/stream/notices", headers={"Last-Event-ID": value})) == "bad_request"


def test_an_application_dated_the_last_day_of_the_calendar_is_refused_with_its_fields(stub: StubServer) -> None:
    # The server checks the form with the client's own rules; a date at the end of the calendar
    # is an answer a resident can correct, not a failure.
    key = "hoiku-9999"
    data = valid_application_data("hoiku-riyou")
    data["preferences"]["start_date"] = "9999-12-31"
    body = signed_application_body(stub.data_dir, "r01", data, idempotency_key=key, form_id="hoiku-riyou",
                                   attachments=[("child_health_sheet", "sheet.pdf", "application/pdf",
                                                 b"%PDF-1.4\n%%EOF\n")])
    with stub_client(stub, login(stub, "r01")) as applicant:
        response = applicant.post("/applications", json=body, headers={"Idempotency-Key": key})
    assert assert_error(response) == "invalid_form"
    assert response.json()["fields"].get("preferences.start_date") == "date.too_far"


# --- search text --------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["NFD", "NFKD"])
def test_a_decomposed_history_search_finds_the_composed_records(api: httpx.Client, form: str) -> None:
    word = "ポータル"
    composed = api.get("/history", params={"q": word}).json()["total"]
    assert composed > 0
    decomposed = unicodedata.normalize(form, word)
    assert decomposed != word
    assert api.get("/history", params={"q": decomposed}).json()["total"] == composed


def test_a_full_width_bracket_in_a_search_still_finds_its_records(api: httpx.Client) -> None:
    # The stored texts keep full-width brackets; normalising the query alone must not lose them.
    items = api.get("/history", params={"q": "（", "limit": 5}).json()["items"]
    assert items
    assert all(
        "（" in " ".join([r["explanation"], r["function"], r["information"], r["requester"]["name"],
                          r["provider"]["name"]])
        for r in items
    )


@pytest.mark.parametrize(("typed", "stored"), [("(", "（"), (")", "）")])
def test_an_ascii_bracket_finds_the_records_with_a_full_width_one(api: httpx.Client, typed: str, stored: str) -> None:
    # NFKC on both sides, as the catalog search does: "(" and "（" are one character to a reader.
    with_stored = api.get("/history", params={"q": stored}).json()["total"]
    assert with_stored > 0
    assert api.get("/history", params={"q": typed}).json()["total"] == with_stored


# --- an unexpected failure ----------------------------------------------------------------------


def test_an_internal_error_is_a_json_500_that_closes_its_connection(tmp_path: Path) -> None:
    server = start_stub_server(tmp_path / "data", log_dir=tmp_path)
    try:
        token = login(server, "r07")
        # Break the server's storage under it: the facets table is gone.
        with sqlite3.connect(server.data_dir / "stub.sqlite3") as db:
            db.execute("DROP TABLE history_facets")
        with stub_client(server, token) as raw:
            response = raw.get("/history/facets")
            assert response.status_code == 500
            assert response.headers["connection"] == "close"
            assert response.json()["error"] == "internal_error"
            assert "history_facets" not in response.text
            assert raw.get("/me").status_code == 200  # a new connection, not the dropped one
        # The client, with no retries at all: its next request on the same session succeeds.
        with PortalClient(server.url, str(server.ca_file), session_token=token, retries=0) as client:
            with pytest.raises(ServerError):
                client.history_facets()
            assert client.me().display_name
            assert client.health().status == "ok"
        assert "history_facets" not in server.stderr_file.read_text()
    finally:
        server.stop()


# -- found by a second re-run -----------------------------------------------------------------------


def _raw_exchange(stub: StubServer, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes no HTTP library would send, over TLS, and read the answer up to its close."""
    import socket
    import ssl
    from urllib.parse import urlsplit

    url = urlsplit(stub.url)
    context = ssl.create_default_context(cafile=str(stub.ca_file))
    with socket.create_connection((url.hostname, url.port), timeout=10) as sock, \
            context.wrap_socket(sock, server_hostname=url.hostname) as tls:
        tls.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < _length(data):
            chunk = tls.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def _length(data: bytes) -> int:
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").lower()
    for line in head.split("\r\n"):
        if line.startswith("content-length:"):
            return int(line.split(":", 1)[1])
    return 1 << 30


@pytest.mark.parametrize("request_bytes", [
    pytest.param(b"FOO /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n", id="extension-method"),
    pytest.param(b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Name: v\r\n\r\n", id="space-in-header-name"),
    pytest.param(b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n", id="length-and-chunked"),
    pytest.param(b"POST /api/v1/health HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", id="negative-length"),
])
def test_a_request_the_http_parser_refuses_gets_a_json_error(stub: StubServer, request_bytes: bytes) -> None:
    status, headers, body = _raw_exchange(stub, request_bytes)
    assert status in (400, 405)
    assert headers["content-type"].startswith("application/json")
    answer = json.loads(body)
    assert set(answer) == {"error", "message"}
    assert answer["error"] in ("bad_request", "method_not_allowed")


@pytest.mark.parametrize("consent", ["true", 1, "1", "yes", None, "missing"])
def test_only_the_json_true_is_consent_to_a_delivery_service(api: httpx.Client, consent: object) -> None:
    body: dict[str, object] = {"service": "らくらく送達便（架空）", "account": "someone@example.jp", "categories": []}
    if consent != "missing":
        body["consent"] = consent
    assert assert_error(api.post("/delivery", json=body)) == "consent_required"
    assert api.get("/delivery").json()["linked"] is False


def test_a_history_cursor_is_good_only_for_the_sort_and_filters_it_was_issued_for(api: httpx.Client) -> None:
    issued = api.get("/history", params={"limit": 1}).json()["next_cursor"]
    assert issued
    assert api.get("/history", params={"limit": 1, "cursor": issued}).status_code == 200  # the control
    assert assert_error(api.get("/history", params={"limit": 1, "cursor": issued, "sort": "-requested_at"})) == "bad_request"
    assert assert_error(api.get("/history", params={"limit": 1, "cursor": issued, "q": "年金"})) == "bad_request"
    filtered = api.get("/history", params={"limit": 1, "q": "住民"}).json()["next_cursor"]
    if filtered:
        assert assert_error(api.get("/history", params={"limit": 1, "cursor": filtered})) == "bad_request"


@pytest.mark.parametrize("expires_on", [1893456000, 1893456000.0, "2030-01-01T00:00:00", True])
def test_a_grants_last_day_is_a_date_written_as_one(api: httpx.Client, expires_on: object) -> None:
    # Not a number of seconds or a date-time that a lax reader would take for a day: when a
    # 代理人's grant ends is not guessed. Refused before the represented person's card is read.
    card = {"format": "jpki-auth:1", "challenge_id": "c", "origin": "https://127.0.0.1", "certificate": "AAAA",
            "algorithm": "RS256", "signature": "AAAA"}
    response = api.post("/proxies", json={"kind": "voluntary", "expires_on": expires_on, "principal_card": card})
    assert assert_error(response) == "bad_request"
    assert "expires_on" in response.json()["message"]
