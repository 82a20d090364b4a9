"""What is signed is what is filed: POST /applications on the real stub over HTTPS.

Each test plays a careless or hostile client holding a resident's real signing key (the
virtual card's), so every signature verifies; the server must still refuse what the
signature does not bind, what the form's rules refuse, and what is too big.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from app.jst import now_jst
from backend_stub.server.db import Database
from tests.fixtures.stub import (
    PASSPORT_ANSWERS,
    StubServer,
    canonical,
    login,
    signed_application_body,
    stub_client,
    valid_application_data,
)

MIB = 1024 * 1024
PDF = b"%PDF-1.7\n"
RESIDENT = "r01"  # lives in 新座市 (112305)


@pytest.fixture(scope="module")
def client(stub_server: StubServer) -> Iterator[httpx.Client]:
    with stub_client(stub_server, login(stub_server, RESIDENT)) as c:
        yield c


def count(client: httpx.Client) -> int:
    total: int = client.get("/applications").json()["total"]
    return total


def post(client: httpx.Client, body: dict[str, Any], key: str) -> httpx.Response:
    return client.post("/applications", json=body, headers={"Idempotency-Key": key})


def body_for(stub: StubServer, key: str, **kwargs: Any) -> dict[str, Any]:
    return signed_application_body(stub.data_dir, RESIDENT, idempotency_key=key, **kwargs)


def pdf(size: int) -> bytes:
    return PDF + bytes(size - len(PDF))


def refused(response: httpx.Response) -> tuple[int, str, dict[str, str]]:
    body = response.json()
    return response.status_code, body["error"], body.get("fields", {})


# -- the signature binds the whole application ---------------------------------------------------


@pytest.mark.parametrize("signed", [{}, "hello", []], ids=["empty-object", "string", "array"])
def test_a_valid_signature_over_something_else_files_nothing(stub_server, client, signed):
    before = count(client)
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, payload=lambda _obj: signed), key)
    status, code, fields = refused(response)
    assert (status, code) == (422, "payload_mismatch")
    assert fields == ({"format": "missing"} if signed == {} else {"$": "type"})
    assert count(client) == before


MEMBERS = ("format", "form_id", "municipality_code", "data", "attachments", "attachments_at_counter", "idempotency_key",
           "signed_at")


@pytest.mark.parametrize("member", MEMBERS)
def test_a_payload_lacking_a_member_is_refused_naming_it(stub_server, client, member):
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, payload=lambda obj: {k: v for k, v in obj.items()
                                                                           if k != member}), key)
    assert refused(response) == (422, "payload_mismatch", {member: "missing"})


DIFFERENT: dict[str, Any] = {
    "format": "mynadesk-application:2",
    "form_id": "jidou-teate-genkyo",
    "municipality_code": "131016",
    "data": valid_application_data(**{"claimant.phone": "048-477-9999"}),
    "attachments": [{"slot": "passport", "name": "p.pdf", "mime": "application/pdf", "sha256": "0" * 64}],
    "attachments_at_counter": ["older_child_confirmation"],
    "idempotency_key": "another-key",
}


@pytest.mark.parametrize("member", sorted(DIFFERENT))
def test_a_payload_differing_in_a_member_is_refused_naming_it(stub_server, client, member):
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, payload=lambda obj: {**obj, member: DIFFERENT[member]}), key)
    assert refused(response) == (422, "payload_mismatch", {member: "different"})


@pytest.mark.parametrize(("member", "value"), [
    ("format", 1), ("format", ["mynadesk-application:1"]), ("municipality_code", 112305),
    ("municipality_code", None), ("form_id", 7), ("data", [1]), ("attachments", {"slot": "x"}), ("attachments", [["passport"]]),
    ("attachments_at_counter", "older_child_confirmation"), ("attachments_at_counter", [1]),
    ("idempotency_key", None), ("signed_at", "yesterday"), ("signed_at", "2026-01-01T09:00:00"),
    ("signed_at", 1767225600),
])
def test_a_payload_member_of_another_type_is_refused_naming_it(stub_server, client, member, value):
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, payload=lambda obj: {**obj, member: value}), key)
    assert refused(response) == (422, "payload_mismatch", {member: "type"})


def test_a_signed_member_the_request_does_not_carry_is_refused(stub_server, client):
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, payload=lambda obj: {**obj, "note": "x"}), key)
    assert refused(response) == (422, "payload_mismatch", {"note": "unexpected"})


def test_only_canonical_bytes_are_accepted(stub_server, client):
    """Duplicate members read differently by different parsers: the server takes none."""
    key = str(uuid.uuid4())

    def with_duplicate(obj: dict[str, Any]) -> bytes:
        text = canonical(obj).decode()
        return ('{"form_id":"jidou-teate-genkyo",' + text[1:]).encode()

    response = post(client, body_for(stub_server, key, payload=with_duplicate), key)
    assert refused(response)[:2] == (422, "payload_mismatch")
    spaced = post(client, body_for(stub_server, key, payload=lambda obj: canonical(obj).replace(b",", b", ")), key)
    assert refused(spaced) == (422, "payload_mismatch", {"$": "not_canonical"})


def test_a_duplicate_member_is_named_not_canonical(stub_server, client):
    """docs/api.md: canonical JSON has no duplicate keys; ``type`` means "not a JSON object"."""
    key = str(uuid.uuid4())

    def with_duplicate(obj: dict[str, Any]) -> bytes:
        return ('{"form_id":"jidou-teate-genkyo",' + canonical(obj).decode()[1:]).encode()

    response = post(client, body_for(stub_server, key, payload=with_duplicate), key)
    assert refused(response) == (422, "payload_mismatch", {"$": "not_canonical"})


def test_the_same_signed_bytes_under_a_new_key_file_nothing_more(stub_server, client):
    key = str(uuid.uuid4())
    body = body_for(stub_server, key)
    first = post(client, body, key)
    assert first.status_code == 201, first.text
    before = count(client)
    replay = post(client, body, str(uuid.uuid4()))
    assert refused(replay) == (422, "payload_mismatch", {"idempotency_key": "different"})
    again = post(client, body, key)  # the same key is a retry: the same application
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    assert count(client) == before


# -- the data passes the form's own rules --------------------------------------------------------


def test_invalid_form_data_is_refused_with_field_paths(stub_server, client):
    data = valid_application_data()
    data["claimant"].update({"my_number": "123456789019", "pension": "unknown"})
    del data["claimant"]["name"]
    data["children"]["children"][0]["birth_date"] = "2999-01-01"
    key = str(uuid.uuid4())
    status, code, fields = refused(post(client, body_for(stub_server, key, data=data), key))
    assert (status, code) == (400, "invalid_form")
    assert fields["claimant.name"] == "required"
    assert fields["claimant.my_number"] == "my_number.check_digit"
    assert fields["claimant.pension"] == "choice.invalid"
    assert "children.children[0].birth_date" in fields


@pytest.mark.parametrize(("path", "value", "code"), [
    ("claimant.phone", 484771111, "value.type"),  # a number where the form has text
    ("claimant.name", ["山田 太郎"], "value.type"),
    ("claimant.phone", "048-477-111x", "phone.format"),  # the form's pattern for a phone number
    ("claimant.postal_code", "3520011", "not_normalised"),  # the client sends 352-0011
    ("claimant.my_number", "１２３４５６７８９０１８", "not_normalised"),  # the client sends ASCII digits
    ("claimant.birth_date", "2020/01/01", "not_normalised"),
])
def test_a_value_of_the_wrong_type_or_pattern_is_refused_with_its_path(stub_server, client, path, value, code):
    data = valid_application_data()
    section, field = path.split(".")
    data[section][field] = value
    before = count(client)
    key = str(uuid.uuid4())
    assert refused(post(client, body_for(stub_server, key, data=data), key)) == (400, "invalid_form", {path: code})
    assert count(client) == before


def test_a_file_whose_bytes_are_not_its_declared_type_is_refused(stub_server, client):
    """The MIME allow-list is checked against the content too: text sent as a PDF is no PDF."""
    data = valid_application_data(**PASSPORT_ANSWERS)
    key = str(uuid.uuid4())
    posing = [("passport", "p.pdf", "application/pdf", b"hello, not a pdf")]
    assert refused(post(client, body_for(stub_server, key, data=data, attachments=posing), key)) == (
        400, "invalid_form", {"attachments.passport": "attachment.content_mismatch"})


def test_a_newborn_whose_my_number_is_not_yet_notified_is_accepted(stub_server, client):
    """Within the 15 days after a birth the child's 個人番号 is often not known yet: the form's
    「未通知・申請中」 leaves it empty, and the server's validation (the same form) accepts that;
    an empty number without it is still refused."""
    data = valid_application_data()
    child = data["children"]["children"][0]
    del child["my_number"]
    key = str(uuid.uuid4())
    status, code, fields = refused(post(client, body_for(stub_server, key, data=data), key))
    assert (status, code) == (400, "invalid_form")
    assert fields == {"children.children[0].my_number": "required"}
    child["my_number_pending"] = True
    before = count(client)
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, data=data), key)
    assert response.status_code == 201, response.text
    assert count(client) == before + 1


def test_fields_the_form_does_not_have_are_refused(stub_server, client):
    data = valid_application_data()
    data["claimant"]["favourite_colour"] = "blue"
    data["extra_section"] = {"x": "y"}
    key = str(uuid.uuid4())
    status, code, fields = refused(post(client, body_for(stub_server, key, data=data), key))
    assert (status, code) == (400, "invalid_form")
    assert fields == {"claimant.favourite_colour": "unknown_field", "extra_section": "unknown_field"}


def test_attachments_must_fit_the_forms_slots_and_types(stub_server, client):
    data = valid_application_data(**PASSPORT_ANSWERS)
    key = str(uuid.uuid4())
    missing = refused(post(client, body_for(stub_server, key, data=data), key))
    assert missing == (400, "invalid_form", {"attachments.passport": "attachment.missing"})
    key = str(uuid.uuid4())
    wrong_type = [("passport", "p.txt", "text/plain", b"hello")]
    assert refused(post(client, body_for(stub_server, key, data=data, attachments=wrong_type), key)) == (
        400, "invalid_form", {"attachments.passport": "attachment.type"})
    key = str(uuid.uuid4())
    no_such_slot = [("passport", "p.pdf", "application/pdf", pdf(100)), ("selfie", "s.pdf", "application/pdf", pdf(9))]
    assert refused(post(client, body_for(stub_server, key, data=data, attachments=no_such_slot), key)) == (
        400, "invalid_form", {"attachments.selfie": "attachment.not_applicable"})
    key = str(uuid.uuid4())
    fine = post(client, body_for(stub_server, key, data=data, attachments=no_such_slot[:1]), key)
    assert fine.status_code == 201, fine.text


# -- a document handed in at the counter (a kiosk takes no file) ---------------------------------

COUNTER = "older_child_confirmation"  # src:okazaki-kango-kakuninsho: also taken at the counter


def older_child_answers() -> dict[str, Any]:
    born = dt.date(now_jst().year - 20, 6, 1)  # of university age (20) whatever the day
    return {"older_children.has_older": "yes", "older_children.children": [
        {"name": "山田 一郎", "birth_date": born.isoformat(), "relationship": "child", "supported": True}]}


def test_a_document_declared_at_the_counter_is_filed_only_where_the_form_allows_it(stub_server, client):
    data = valid_application_data(**older_child_answers())
    key = str(uuid.uuid4())
    # Not declared: still missing.
    assert refused(post(client, body_for(stub_server, key, data=data), key)) == (
        400, "invalid_form", {f"attachments.{COUNTER}": "attachment.missing"})
    # Declared (and signed): filed, and the application says what to bring and where.
    before = count(client)
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, data=data, at_counter=[COUNTER]), key)
    assert response.status_code == 201, response.text
    assert count(client) == before + 1
    filed = client.get(f"/applications/{response.json()['id']}").json()
    assert filed["at_counter"]["office"] == {"code": "112305", "name": "新座市"}
    assert [d["slot"] for d in filed["at_counter"]["documents"]] == [COUNTER]
    assert filed["at_counter"]["documents"][0]["name"] == "監護相当・生計費の負担についての確認書"


def test_a_document_no_source_lets_the_counter_take_cannot_be_declared_there(stub_server, client):
    data = valid_application_data(**PASSPORT_ANSWERS)
    key = str(uuid.uuid4())
    assert refused(post(client, body_for(stub_server, key, data=data, at_counter=["passport"]), key)) == (
        400, "invalid_form", {"attachments.passport": "attachment.counter_not_allowed"})
    # Nor a document the answers do not ask for, nor one that is attached as well.
    key = str(uuid.uuid4())
    assert refused(post(client, body_for(stub_server, key, at_counter=[COUNTER]), key)) == (
        400, "invalid_form", {f"attachments.{COUNTER}": "attachment.not_applicable"})
    key = str(uuid.uuid4())
    both = post(client, body_for(stub_server, key, data=valid_application_data(**older_child_answers()),
                                 at_counter=[COUNTER], attachments=[(COUNTER, "k.pdf", "application/pdf", pdf(64))]), key)
    assert refused(both) == (400, "invalid_form", {f"attachments.{COUNTER}": "attachment.counter_with_file"})


def test_the_counter_declaration_is_signed(stub_server, client):
    data = valid_application_data(**older_child_answers())
    before = count(client)
    key = str(uuid.uuid4())
    # Declared in the request, not in what was signed...
    added = body_for(stub_server, key, data=data, payload=lambda obj: {**obj, "attachments_at_counter": []})
    added["attachments_at_counter"] = [COUNTER]
    assert refused(post(client, added, key)) == (422, "payload_mismatch", {"attachments_at_counter": "different"})
    # ...or signed, then dropped from the request: the server files neither.
    key = str(uuid.uuid4())
    dropped = body_for(stub_server, key, data=data, at_counter=[COUNTER])
    dropped["attachments_at_counter"] = []
    assert refused(post(client, dropped, key)) == (422, "payload_mismatch", {"attachments_at_counter": "different"})
    assert count(client) == before


@pytest.mark.parametrize("name", [
    "../../etc/passwd", "a/b.pdf", "a\\b.pdf", "a\x00b.pdf", "a\x07.pdf", "line\nbreak.pdf", "\x7f.pdf",
    "invoice\u202efdp.exe", "x\u2066y.pdf", "\u200fp.pdf", "\u200ep.pdf", "\u202ap.pdf", "\u2069p.pdf", "..",
])
def test_attachment_names_that_could_pose_as_something_else_are_refused(stub_server, client, name):
    data = valid_application_data(**PASSPORT_ANSWERS)
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, data=data,
                                     attachments=[("passport", name, "application/pdf", pdf(64))]), key)
    assert refused(response) == (400, "invalid_form", {"attachments[0].name": "attachment.name"})


@pytest.mark.parametrize("name", [
    "a\u200bb.pdf", "a\u200db.pdf", "\ufeffa.pdf", "a\u00adb.pdf", "a\ufff9b.pdf", "a\U000e0041.pdf", "a\U000e007f.pdf",
    "a\u2060b.pdf", "a\u034fb.pdf", "a\u3164b.pdf", "a\ufe0fb.pdf",
    "..\uff0fetc.pdf", "a\uff3cb.pdf", "a\u2215b.pdf", "a\u29f8b.pdf", "a\u2044b.pdf",
    "a.pdf:evil", "C:x.pdf", "CON", "con.pdf", "PRN.pdf", "AUX", "NUL.txt.pdf", "COM1.pdf", "com9", "LPT1.pdf",
    "lpt9.PDF", "COM\u00b9.pdf", "report.pdf.", "report.pdf ", "a\ue000b.pdf", "a\U000f0000b.pdf",
])
def test_names_invisible_or_special_to_windows_are_refused(stub_server, client, name):
    data = valid_application_data(**PASSPORT_ANSWERS)
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, data=data,
                                     attachments=[("passport", name, "application/pdf", pdf(64))]), key)
    assert refused(response) == (400, "invalid_form", {"attachments[0].name": "attachment.name"})


@pytest.mark.parametrize("name", [
    "住民票の写し（2026年）.pdf", "パスポート　写し.pdf", "ｽｷｬﾝ 1.pdf", "CONSENT.pdf", "console.pdf", "com10.pdf",
    "report.v2.pdf", "Ａ４スキャン.pdf",
])
def test_ordinary_japanese_names_are_filed(stub_server, client, name):
    data = valid_application_data(**PASSPORT_ANSWERS)
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, data=data,
                                     attachments=[("passport", name, "application/pdf", pdf(64))]), key)
    assert response.status_code == 201, response.text


# -- when it was signed, and where it goes -------------------------------------------------------


def _signed(hours: float) -> str:
    return (now_jst() + dt.timedelta(hours=hours)).isoformat(timespec="seconds")


@pytest.mark.parametrize("hours", [-25, 25])
def test_a_signature_more_than_a_day_off_the_servers_clock_is_refused(stub_server, client, hours):
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, signed_at=_signed(hours)), key)
    assert refused(response) == (422, "signed_at_out_of_range", {"signed_at": "out_of_range"})


@pytest.mark.parametrize("hours", [-23, 23])
def test_a_signature_within_a_day_files(stub_server, client, hours):
    key = str(uuid.uuid4())
    response = post(client, body_for(stub_server, key, signed_at=_signed(hours)), key)
    assert response.status_code == 201, response.text


def test_an_application_for_another_municipality_is_refused(stub_server, client):
    before = count(client)
    for code in ("131016", "085421"):  # real municipalities, consistently signed, not the resident's
        key = str(uuid.uuid4())
        response = post(client, body_for(stub_server, key, municipality_code=code), key)
        assert refused(response) == (400, "wrong_municipality", {"municipality_code": "not_the_filing_office"})
    assert count(client) == before


# -- sizes ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_body_over_32_mib_is_refused_as_it_streams(stub_server, client, chunked):
    blob = b"[" + b"0," * (33 * MIB // 2) + b"0]"
    headers = {"Idempotency-Key": str(uuid.uuid4()), "Content-Type": "application/json"}

    def pieces() -> Iterator[bytes]:  # no Content-Length: only counting can catch it
        for i in range(0, len(blob), MIB):
            yield blob[i:i + MIB]

    response = client.post("/applications", content=pieces() if chunked else blob, headers=headers)
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert client.get("/health").status_code == 200  # the server is fine afterwards


def test_a_body_just_under_32_mib_reaches_the_application_checks(stub_server, client):
    blob = b'{"x":"' + b"0" * (32 * MIB - 100) + b'"}'
    response = client.post("/applications", content=blob,
                           headers={"Idempotency-Key": str(uuid.uuid4()), "Content-Type": "application/json"})
    assert (response.status_code, response.json()["error"]) == (400, "bad_request")  # not 413: it fits


def test_files_over_the_forms_and_the_applications_limits_are_refused(stub_server, client):
    data = valid_application_data(**PASSPORT_ANSWERS)
    before = count(client)
    key = str(uuid.uuid4())
    one_big = [("passport", "p.pdf", "application/pdf", pdf(5 * MIB + 1))]
    assert refused(post(client, body_for(stub_server, key, data=data, attachments=one_big), key)) == (
        413, "quota_exceeded", {"attachments.passport": "attachment.too_large"})
    key = str(uuid.uuid4())
    many = [("passport", f"p{i}.pdf", "application/pdf", pdf(int(4.5 * MIB))) for i in range(5)]
    assert refused(post(client, body_for(stub_server, key, data=data, attachments=many), key)) == (
        413, "quota_exceeded", {"attachments.passport": "attachment.total_too_large"})
    assert count(client) == before


def test_a_residents_stored_attachments_stay_within_200_mib(stub_server):
    """r07 has 199 MiB stored already (put there directly; uploading it would take minutes)."""
    resident = "r07"
    db = Database.in_data_dir(stub_server.data_dir)
    try:
        with db.transaction() as conn:
            conn.execute(
                "INSERT INTO applications (id, resident_id, idempotency_key, payload_sha256, receipt_number, form_id,"
                " municipality_code, data, status, notice_id, submitted_at) VALUES ('quota-old', ?, 'quota-old',"
                " '', 'x', 'jidou-teate-nintei', '112305', '{}', 'approved', NULL, '2026-01-01T00:00:00+09:00')",
                (resident,),
            )
            conn.execute("INSERT INTO application_attachments (id, application_id, name, mime, content)"
                         " VALUES ('quota-old-1', 'quota-old', 'old.pdf', 'application/pdf', zeroblob(?))",
                         (199 * MIB,))
        data = valid_application_data(**PASSPORT_ANSWERS)
        with stub_client(stub_server, login(stub_server, resident)) as client:
            # What a client checks before the PIN: what is stored, against the quota.
            assert client.get("/applications", params={"limit": 1}).json()["attachment_storage"] == {
                "stored_bytes": 199 * MIB, "quota_bytes": 200 * MIB}
            key = str(uuid.uuid4())
            over = [("passport", "p.pdf", "application/pdf", pdf(int(1.5 * MIB)))]
            body = signed_application_body(stub_server.data_dir, resident, data, idempotency_key=key, attachments=over)
            assert refused(post(client, body, key)) == (413, "quota_exceeded", {"attachments": "resident_quota"})
            key = str(uuid.uuid4())
            within = [("passport", "p.pdf", "application/pdf", pdf(MIB // 2))]
            body = signed_application_body(stub_server.data_dir, resident, data, idempotency_key=key,
                                           attachments=within)
            assert post(client, body, key).status_code == 201
    finally:
        with db.transaction() as conn:
            conn.execute("DELETE FROM application_attachments WHERE application_id = 'quota-old'")
            conn.execute("DELETE FROM applications WHERE id = 'quota-old'")
        db.close()


def test_the_servers_own_clock_decides_and_a_filed_retry_is_answered_days_later(stub_server_factory):
    """Signed at T: the server (its clock moved) files it at T+23 h, refuses another at T+25 h,
    and still answers a retry of what it filed at T with that application, not a refusal."""
    stub = stub_server_factory("--testing-clock")
    keys = [str(uuid.uuid4()) for _ in range(3)]
    bodies = [signed_application_body(stub.data_dir, RESIDENT, idempotency_key=k) for k in keys]

    def advance(hours: float) -> None:
        with stub_client(stub) as c:
            assert c.post("/testing/clock", json={"advance_seconds": hours * 3600}).status_code == 200

    with stub_client(stub, login(stub, RESIDENT)) as client:
        filed = post(client, bodies[0], keys[0])
        assert filed.status_code == 201, filed.text
    advance(23)
    with stub_client(stub, login(stub, RESIDENT)) as client:
        assert post(client, bodies[1], keys[1]).status_code == 201
    advance(2)
    with stub_client(stub, login(stub, RESIDENT)) as client:
        assert refused(post(client, bodies[2], keys[2]))[:2] == (422, "signed_at_out_of_range")
        retry = post(client, bodies[0], keys[0])
        assert (retry.status_code, retry.json()["id"]) == (200, filed.json()["id"])
        assert count(client) == 2


def test_the_forms_date_rules_are_checked_on_the_day_it_was_signed(stub_server_factory):
    """A child born "tomorrow" by the server's clock but on the day the resident signed files
    (a retry the next day still files); one born after the day it was signed does not, even
    though it is no longer in the future by the server's clock. The server's clock stands at
    12:00 JST, so 20 hours either side is another day."""
    stub = stub_server_factory("--testing-clock")
    noon = dt.datetime.combine(now_jst().date() + dt.timedelta(days=1), dt.time(12), now_jst().tzinfo)
    with stub_client(stub) as c:
        moved = c.post("/testing/clock", json={"advance_seconds": (noon - now_jst()).total_seconds()})
        assert moved.status_code == 200
    server_day = noon.date()

    def born_on(day: dt.date) -> dict[str, Any]:
        data = valid_application_data()
        data["children"]["children"][0]["birth_date"] = day.isoformat()
        return data

    with stub_client(stub, login(stub, RESIDENT)) as client:
        # Signed at 08:00 tomorrow (by the server's day), the child born that day: not in the future then.
        key = str(uuid.uuid4())
        tomorrow = server_day + dt.timedelta(days=1)
        body = signed_application_body(stub.data_dir, RESIDENT, born_on(tomorrow), idempotency_key=key,
                                       signed_at=(noon + dt.timedelta(hours=20)).isoformat(timespec="seconds"))
        filed = post(client, body, key)
        assert filed.status_code == 201, filed.text
        # Signed at 16:00 yesterday, the child born today: in the future on the day it was signed.
        key = str(uuid.uuid4())
        body = signed_application_body(stub.data_dir, RESIDENT, born_on(server_day), idempotency_key=key,
                                       signed_at=(noon - dt.timedelta(hours=20)).isoformat(timespec="seconds"))
        assert refused(post(client, body, key)) == (
            400, "invalid_form", {"children.children[0].birth_date": "date.future"})
        assert count(client) == 1
