"""PortalClient against a scripted HTTPS backend: every error class, retries, timeouts, TLS trust."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

import app.portal.client as client_module
from app.history import HistoryFilters
from app.portal import (
    AuthError,
    AuthErrorCode,
    BackendTimeout,
    BackendUnreachable,
    MalformedResponse,
    NotFound,
    PortalClient,
    RateLimited,
    RequestRejected,
    ServerError,
    SessionExpired,
    TlsError,
    ValidationFailed,
    origin_of,
)
from app.portal.models import Outcome, PaymentStatus
from tests.unit.test_portal_support import (
    FakeBackend,
    Reply,
    TlsFiles,
    closed_port,
    error,
    history_page,
    history_record,
    login_ok,
    notice,
    notice_page,
    reply,
    tls_files,
)

TOKEN = "secret-token-" + "q" * 30


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return tls_files(str(tmp_path_factory.mktemp("tls")))


@pytest.fixture
def backend(tls: TlsFiles) -> Iterator[FakeBackend]:
    b = FakeBackend(tls)
    yield b
    b.close()


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(backend: FakeBackend, tls: TlsFiles, sleeps: list[float]) -> Iterator[PortalClient]:
    c = PortalClient(backend.url, str(tls.ca_a), timeout=(2.0, 2.0), session_token=TOKEN, sleep=sleeps.append)
    yield c
    c.close()


# -- success paths -------------------------------------------------------------------------------


def test_health_and_bearer_token_only_on_resident_calls(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/health", reply(200, {"status": "ok", "version": "1.2"}))
    backend.on("GET", "/history/facets", reply(200, {"agencies": [], "information": [], "outcomes": []}))
    assert client.health().version == "1.2"
    client.history_facets()
    assert "authorization" not in backend.requests_to("/health")[0].headers
    assert backend.requests_to("/history/facets")[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_history_monthly_is_parsed_with_the_list_filters_but_not_its_sort(
    client: PortalClient, backend: FakeBackend
) -> None:
    body = {
        "months": [{"month": "2024-01", "counts": {"085421": 2, "112305": 1}}, {"month": "2024-04", "counts": {"085421": 5}}],
        "agencies": [{"code": "085421", "name": "五霞町長"}, {"code": "112305", "name": "新座市長"}],
        "total": 8, "first": "2024-01", "last": "2024-04",
    }
    backend.on("GET", "/history/monthly", reply(200, body))
    monthly = client.history_monthly({"outcome": "refused", "sort": "-requested_at", "q": ""})
    assert [(m.month, m.total) for m in monthly.months] == [("2024-01", 3), ("2024-04", 5)]
    assert dict(monthly.months[0].counts) == {"085421": 2, "112305": 1}
    assert monthly.agencies[1].name == "新座市長"
    assert backend.requests_to("/history/monthly")[0].query == {"outcome": ["refused"]}
    for bad in ({**body, "months": [{"month": "2024-13", "counts": {}}]},
                {**body, "months": [{"month": "2024-01", "counts": {"085421": -1}}]},
                {**body, "months": list(reversed(body["months"]))}):
        backend.on("GET", "/history/monthly", reply(200, bad))
        with pytest.raises(MalformedResponse):
            client.history_monthly()


def test_history_page_is_parsed_and_filters_become_query_parameters(
    client: PortalClient, backend: FakeBackend
) -> None:
    backend.on("GET", "/history", reply(200, history_page(range(3), "c2", total=42)))
    page = client.history(limit=3, cursor="c1", filters={"outcome": "refused", "q": "年金", "agency": ""})
    assert [r.id for r in page.items] == ["h000000", "h000001", "h000002"]
    assert page.next_cursor == "c2"
    assert page.total == 42
    assert page.items[0].outcome is Outcome.PROVIDED
    assert page.items[0].requested_at.utcoffset() is not None
    q = backend.requests_to("/history")[0].query
    assert q == {"limit": ["3"], "cursor": ["c1"], "outcome": ["refused"], "q": ["年金"]}
    client.history(limit=50, filters=HistoryFilters(application="app-1").to_params())
    q = backend.requests_to("/history")[1].query
    assert q == {"limit": ["50"], "trigger_kind": ["application"], "trigger_ref": ["app-1"]}


def test_notices_attachment_and_read(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/notices", reply(200, notice_page([notice(1)])))
    backend.on("GET", "/notices/n1/attachments/a1", Reply(200, b"%PDF-1.7 bytes", {"Content-Type": "application/pdf"}))
    backend.on("POST", "/notices/n1/read", Reply(204))
    page = client.notices(since="2024-06-01T00:00:00+09:00")
    assert page.items[0].payment is not None
    assert page.items[0].payment.status is PaymentStatus.UNPAID
    assert backend.requests_to("/notices")[0].query["since"] == ["2024-06-01T00:00:00+09:00"]
    assert client.notice_attachment("n1", "a1") == b"%PDF-1.7 bytes"
    client.mark_notice_read("n1")
    assert len(backend.requests_to("/notices/n1/read")) == 1


def test_ids_are_one_path_segment_and_cannot_reach_another_endpoint(
    client: PortalClient, backend: FakeBackend
) -> None:
    with pytest.raises(NotFound):
        client.history_record("../me")
    assert backend.seen[-1].path == "/api/v1/history/..%2Fme"
    with pytest.raises(ValueError, match="segment"):
        client.application("..")


def test_async_view_runs_on_the_clients_pool(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/health", reply(200, {"status": "ok", "version": "9"}))

    async def main() -> str:
        return (await client.run(client.health)).version

    assert asyncio.run(main()) == "9"


def test_environment_ca_bundle_does_not_override_the_configured_ca(
    client: PortalClient, backend: FakeBackend, tls: TlsFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tls.ca_b))
    monkeypatch.setenv("CURL_CA_BUNDLE", str(tls.ca_b))
    backend.on("GET", "/health", reply(200, {"status": "ok", "version": "1"}))
    assert client.health().status == "ok"


# -- HTTP errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "expected", "code"),
    [
        (error(401, "token_expired"), SessionExpired, "token_expired"),
        (error(401, "token_invalid"), SessionExpired, "token_invalid"),
        (reply(401, {"detail": "odd"}), SessionExpired, "token_invalid"),
        (error(404, "not_found"), NotFound, "not_found"),
        (error(403, "forbidden"), RequestRejected, "forbidden"),
        (error(409, "conflict"), RequestRejected, "conflict"),
    ],
)
def test_error_statuses_map_to_typed_errors(
    client: PortalClient, backend: FakeBackend, route: Reply, expected: type[Exception], code: str
) -> None:
    backend.on("GET", "/me", route)
    with pytest.raises(expected) as info:
        client.me()
    assert info.value.code == code
    assert len(backend.requests_to("/me")) == 1  # 4xx is never retried


def test_validation_errors_carry_code_and_field_errors(client: PortalClient, backend: FakeBackend) -> None:
    backend.on(
        "POST",
        "/applications",
        reply(400, {"error": "invalid_form", "message": "x", "fields": {"child.birth_date": "required"}}),
    )
    with pytest.raises(ValidationFailed) as info:
        client.submit_application(
            idempotency_key="k1", form_id="f", municipality_code="112305", data={}, attachments=[],
            signed_payload=b"{}", signature=b"s", certificate=b"c",
        )
    assert info.value.code == "invalid_form"
    assert dict(info.value.field_errors) == {"child.birth_date": "required"}
    backend.on("POST", "/applications", error(422, "certificate_revoked"))
    with pytest.raises(ValidationFailed) as info:
        client.submit_application(
            idempotency_key="k2", form_id="f", municipality_code="112305", data={}, attachments=[],
            signed_payload=b"{}", signature=b"s", certificate=b"c",
        )
    assert (info.value.code, info.value.status) == ("certificate_revoked", 422)


def test_attachment_storage_is_read_from_one_page_of_applications(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/applications", reply(200, {"items": [], "next_cursor": None, "total": 0,
                                                   "attachment_storage": {"stored_bytes": 5, "quota_bytes": 9}}))
    storage = client.attachment_storage()
    assert (storage.stored_bytes, storage.quota_bytes) == (5, 9)
    backend.on("GET", "/applications", reply(200, {"items": [], "next_cursor": None, "total": 0}))
    with pytest.raises(MalformedResponse):
        client.attachment_storage()


def test_rate_limited_carries_retry_after_in_seconds(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/me", error(429, "rate_limited", {"Retry-After": "7"}))
    with pytest.raises(RateLimited) as info:
        client.me()
    assert info.value.retry_after == 7.0
    backend.on("GET", "/me", error(429, "rate_limited", {"Retry-After": "soon"}))
    with pytest.raises(RateLimited) as info:
        client.me()
    assert info.value.retry_after is None


@pytest.mark.parametrize("value", ["\u00b2", "1\u00b9"])
def test_a_retry_after_in_other_digits_is_no_hint(client: PortalClient, backend: FakeBackend, value: str) -> None:
    # RFC 9110 §10.2.3: delay-seconds is ASCII digits. Header values are Latin-1, so "²" can
    # arrive; the answer is still a RateLimited the UI can word, only without a wait.
    backend.on("GET", "/me", error(429, "rate_limited", {"Retry-After": value}))
    with pytest.raises(RateLimited) as info:
        client.me()
    assert info.value.retry_after is None


@pytest.mark.parametrize("month", ["2024-0\u00b2", "\uff12\uff10\uff12\uff14-01"])
def test_a_month_in_other_digits_is_off_contract(client: PortalClient, backend: FakeBackend, month: str) -> None:
    body = {"months": [{"month": month, "counts": {}}], "agencies": [], "total": 0, "first": month, "last": month}
    backend.on("GET", "/history/monthly", reply(200, body))
    with pytest.raises(MalformedResponse):
        client.history_monthly()


def test_a_resident_call_without_a_token_fails_before_any_request(
    backend: FakeBackend, tls: TlsFiles
) -> None:
    with PortalClient(backend.url, str(tls.ca_a)) as c, pytest.raises(SessionExpired):
        c.me()
    assert backend.seen == []


def test_exceptions_and_logs_carry_neither_server_text_nor_token(
    client: PortalClient, backend: FakeBackend, caplog: pytest.LogCaptureFixture
) -> None:
    backend.on("GET", "/history", error(400, "bad_request"))
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ValidationFailed) as info:
        client.history(filters={"q": "佐藤花子 123456789012"})
    text = str(info.value) + repr(info.value) + caplog.text
    assert "server text" not in text
    assert TOKEN not in text
    assert "123456789012" not in text


# -- retries ----------------------------------------------------------------------------------------


def test_get_is_retried_with_backoff_on_503_then_succeeds(
    client: PortalClient, backend: FakeBackend, sleeps: list[float]
) -> None:
    backend.on("GET", "/health", [error(503, "x"), error(503, "x"), reply(200, {"status": "ok", "version": "1"})])
    assert client.health().status == "ok"
    assert len(backend.requests_to("/health")) == 3
    assert sleeps == [0.2, 0.4]


def test_retries_are_bounded_and_end_in_server_error(
    client: PortalClient, backend: FakeBackend, sleeps: list[float]
) -> None:
    backend.on("GET", "/me", error(500, "internal_error"))
    with pytest.raises(ServerError) as info:
        client.me()
    assert info.value.status == 500
    assert len(backend.requests_to("/me")) == 3
    assert len(sleeps) == 2


def test_retry_after_on_503_is_honoured_but_capped(
    client: PortalClient, backend: FakeBackend, sleeps: list[float]
) -> None:
    backend.on("GET", "/health", [error(503, "x", {"Retry-After": "1"}), error(503, "x", {"Retry-After": "3600"}),
                                  reply(200, {"status": "ok", "version": "1"})])
    client.health()
    assert sleeps == [1.0, 2.0]


def test_post_without_idempotency_key_is_never_retried(
    client: PortalClient, backend: FakeBackend, sleeps: list[float]
) -> None:
    backend.on("POST", "/payments/p1/card", error(503, "unavailable"))
    with pytest.raises(ServerError):
        client.pay_by_card("p1", number="4111111111111111", expiry="12/30", cvc="123")
    assert len(backend.requests_to("/payments/p1/card")) == 1
    assert sleeps == []


def test_login_is_never_retried(client: PortalClient, backend: FakeBackend, sleeps: list[float]) -> None:
    backend.on("POST", "/auth/login", error(502, "bad_gateway"))
    with pytest.raises(ServerError):
        client.login(challenge_id="c", origin=client.origin, certificate=b"c", signature=b"s")
    assert len(backend.requests_to("/auth/login")) == 1
    assert sleeps == []


def test_submission_with_idempotency_key_is_retried_with_the_same_key(
    client: PortalClient, backend: FakeBackend
) -> None:
    ok = {"id": "a1", "receipt_number": "R-1", "status": "submitted"}
    backend.on("POST", "/applications", [error(503, "x"), reply(201, ok)])
    receipt = client.submit_application(
        idempotency_key="key-123", form_id="f", municipality_code="112305", data={"a": 1},
        attachments=[("proof", "a.pdf", "application/pdf", b"%PDF")], signed_payload=b"{}", signature=b"s",
        certificate=b"c",
    )
    assert receipt.created
    assert receipt.receipt_number == "R-1"
    seen = backend.requests_to("/applications")
    assert json.loads(seen[0].body)["attachments"] == [
        {"slot": "proof", "name": "a.pdf", "mime": "application/pdf", "content": "JVBERg=="}]
    assert [s.headers["idempotency-key"] for s in seen] == ["key-123", "key-123"]
    assert seen[0].body == seen[1].body
    backend.on("POST", "/applications", reply(200, ok))
    again = client.submit_application(
        idempotency_key="key-123", form_id="f", municipality_code="112305", data={"a": 1},
        attachments=[], signed_payload=b"{}", signature=b"s", certificate=b"c",
    )
    assert not again.created


# -- transport failures ---------------------------------------------------------------------------


def test_unreachable_backend_is_retried_then_reported(tls: TlsFiles, sleeps: list[float]) -> None:
    with PortalClient(f"https://127.0.0.1:{closed_port()}", str(tls.ca_a), sleep=sleeps.append) as c:
        with pytest.raises(BackendUnreachable):
            c.health()
        assert len(sleeps) == 2
        with pytest.raises(BackendUnreachable):
            c.create_challenge()
        assert len(sleeps) == 2  # a POST is not retried


def test_wrong_ca_is_a_tls_error_and_not_retried(
    backend: FakeBackend, tls: TlsFiles, sleeps: list[float]
) -> None:
    backend.on("GET", "/health", reply(200, {"status": "ok", "version": "1"}))
    with PortalClient(backend.url, str(tls.ca_b), sleep=sleeps.append) as c, pytest.raises(TlsError):
        c.health()
    assert sleeps == []
    assert backend.seen == []


def test_host_name_not_in_certificate_is_a_tls_error(tls: TlsFiles) -> None:
    misnamed = FakeBackend(tls, misnamed=True)  # trusted CA, but the certificate names another host
    try:
        misnamed.on("GET", "/health", reply(200, {"status": "ok", "version": "1"}))
        with PortalClient(misnamed.url, str(tls.ca_a)) as c, pytest.raises(TlsError):
            c.health()
        assert misnamed.seen == []
    finally:
        misnamed.close()


def test_unreadable_ca_file_is_a_tls_error(backend: FakeBackend, tmp_path: Path) -> None:
    with PortalClient(backend.url, str(tmp_path / "missing.pem")) as c, pytest.raises(TlsError):
        c.health()


def test_slow_backend_hits_the_read_timeout_once(backend: FakeBackend, tls: TlsFiles, sleeps: list[float]) -> None:
    import threading

    release = threading.Event()
    backend.on("GET", "/me", Reply(200, b"{}", hold=release))
    try:
        with PortalClient(
            backend.url, str(tls.ca_a), timeout=(2.0, 0.2), session_token=TOKEN, sleep=sleeps.append
        ) as c, pytest.raises(BackendTimeout) as info:
            c.me()
    finally:
        release.set()
    assert info.value.phase == "read"
    assert len(backend.requests_to("/me")) == 1
    assert sleeps == []


def test_connect_timeout_is_reported_and_retried_for_gets(
    client: PortalClient, sleeps: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def fake_request(self: requests.Session, method: str, url: str, **kwargs: object) -> requests.Response:
        calls.append(method)
        raise requests.exceptions.ConnectTimeout("connect timed out")

    monkeypatch.setattr(requests.Session, "request", fake_request)
    with pytest.raises(BackendTimeout) as info:
        client.health()
    assert info.value.phase == "connect"
    assert len(calls) == 3
    assert len(sleeps) == 2


# -- malformed responses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b"<html>oops</html>", "$"),
        (b"", "$"),
        (b"\xff\xfe\x00", "$"),
        (b"[]", "$"),
        (b'{"items": {}, "next_cursor": null, "total": 1}', "items"),
        (b'{"items": [], "next_cursor": null, "total": "1"}', "total"),
        (b'{"items": [], "next_cursor": null, "total": true}', "total"),
        (b'{"items": [], "next_cursor": null, "total": -1}', "total"),
        (b'{"items": [], "next_cursor": "", "total": 1}', "next_cursor"),
    ],
)
def test_malformed_json_is_malformed_response(
    client: PortalClient, backend: FakeBackend, body: bytes, where: str
) -> None:
    backend.on("GET", "/history", Reply(200, body, {"Content-Type": "application/json"}))
    with pytest.raises(MalformedResponse) as info:
        client.history()
    assert info.value.where == where


def test_a_wrong_field_deep_in_a_page_names_its_path(client: PortalClient, backend: FakeBackend) -> None:
    page = history_page(range(3), None)
    bad = history_record(2)
    bad["provider"] = {"code": "X", "name": 5}
    page["items"] = [history_record(0), history_record(1), bad]
    backend.on("GET", "/history", reply(200, page))
    with pytest.raises(MalformedResponse) as info:
        client.history()
    assert info.value.where == "items[2].provider.name"


def test_naive_timestamp_is_malformed(client: PortalClient, backend: FakeBackend) -> None:
    record = history_record(1)
    record["requested_at"] = "2024-05-01T10:00:00"
    backend.on("GET", "/history/h1", reply(200, record))
    with pytest.raises(MalformedResponse, match="requested_at"):
        client.history_record("h1")


def test_oversized_body_is_refused(
    client: PortalClient, backend: FakeBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(client_module, "MAX_JSON_BYTES", 1000)
    backend.on("GET", "/history", reply(200, history_page(range(50), None)))
    with pytest.raises(MalformedResponse, match="body_too_large"):
        client.history()


def test_redirects_are_not_followed(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/me", Reply(302, b"", {"Location": "https://evil.example/steal"}))
    with pytest.raises(MalformedResponse):
        client.me()
    assert len(backend.seen) == 1


# -- login endpoint ---------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [c.value for c in AuthErrorCode if c not in (AuthErrorCode.BAD_REQUEST, AuthErrorCode.UNRECOGNISED)])
def test_every_login_error_code_is_an_auth_error(client: PortalClient, backend: FakeBackend, code: str) -> None:
    backend.on("POST", "/auth/login", error(401, code))
    with pytest.raises(AuthError) as info:
        client.login(challenge_id="c", origin=client.origin, certificate=b"c", signature=b"s")
    assert info.value.code is AuthErrorCode(code)


def test_login_bad_request_unknown_code_and_rate_limit(client: PortalClient, backend: FakeBackend) -> None:
    def attempt() -> None:
        client.login(challenge_id="c", origin=client.origin, certificate=b"c", signature=b"s")

    backend.on("POST", "/auth/login", error(400, "bad_request"))
    with pytest.raises(AuthError) as info:
        attempt()
    assert info.value.code is AuthErrorCode.BAD_REQUEST
    backend.on("POST", "/auth/login", error(401, "brand_new_code"))
    with pytest.raises(AuthError) as info:
        attempt()
    assert info.value.code is AuthErrorCode.UNRECOGNISED
    backend.on("POST", "/auth/login", error(429, "rate_limited", {"Retry-After": "30"}))
    with pytest.raises(RateLimited) as rl:
        attempt()
    assert rl.value.retry_after == 30


def test_login_body_follows_the_contract(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("POST", "/auth/login", reply(200, login_ok("T" * 43)))
    result = client.login(challenge_id="cid", origin=client.origin, certificate=b"\x30\x82", signature=b"\x01\x02")
    assert result.resident.municipality_name == "新座市"
    assert "T" * 43 not in repr(result)
    assert backend.requests_to("/auth/login")[0].json() == {
        "format": "jpki-auth:1",
        "challenge_id": "cid",
        "origin": client.origin,
        "certificate": "MII=",
        "algorithm": "RS256",
        "signature": "AQI=",
    }


@pytest.mark.parametrize(
    "patch",
    [{"token_type": "MAC"}, {"expires_in": 0}, {"access_token": "a b"}, {"access_token": "x\r\nEvil: 1"}, {"resident": None}],
)
def test_login_response_off_contract_is_malformed(
    client: PortalClient, backend: FakeBackend, patch: dict[str, object]
) -> None:
    backend.on("POST", "/auth/login", reply(200, {**login_ok(), **patch}))
    with pytest.raises(MalformedResponse):
        client.login(challenge_id="c", origin=client.origin, certificate=b"c", signature=b"s")


def test_logout_drops_the_token_even_when_the_backend_fails(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("POST", "/auth/logout", error(503, "x"))
    with pytest.raises(ServerError):
        client.logout()
    assert not client.has_token


# -- origin ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://127.0.0.1:8443", "https://127.0.0.1:8443"),
        ("https://127.0.0.1:8443/", "https://127.0.0.1:8443"),
        ("HTTPS://LocalHost:8443/portal/", "https://localhost:8443"),
        ("https://portal.example.jp:443", "https://portal.example.jp"),
        ("https://portal.example.jp", "https://portal.example.jp"),
        ("http://[::1]:80/", "http://[::1]"),
        ("https://[::1]:9000", "https://[::1]:9000"),
    ],
)
def test_origin_is_normalised(url: str, origin: str) -> None:
    assert origin_of(url) == origin


@pytest.mark.parametrize("url", ["ftp://x", "https://", "127.0.0.1:8443", "https://h:99999"])
def test_bad_backend_urls_are_refused(url: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message is not part of the contract
        origin_of(url)


def test_service_situations_must_map_text_to_text(client: PortalClient, backend: FakeBackend) -> None:
    backend.on("GET", "/services/situations", reply(200, {"newborn": "子どもが生まれた"}))
    assert client.service_situations() == {"newborn": "子どもが生まれた"}
    backend.on("GET", "/services/situations", reply(200, {"newborn": 1}))
    with pytest.raises(MalformedResponse):
        client.service_situations()
