"""Portal routes over the in-process stub app: scoping, paging, payments, applications."""

from __future__ import annotations

import base64
import datetime as dt
import threading

import pytest

from app.jst import today_jst
from app.notices import NoticePoller
from app.portal.models import NoticePage, parse_notice_page
from backend_stub.jlis import JLIS
from backend_stub.network import applications, generate, portal
from backend_stub.network.util import JST
from tests.fixtures.stub import signed_application_body, valid_application_data

API = "/api/v1"


@pytest.fixture(autouse=True)
def _no_auto_advance(monkeypatch):
    # Tests drive processing themselves (advance_all), never by timers.
    monkeypatch.setenv("MYNASTUB_AUTO_ADVANCE_SECONDS", "0")


def auth(stub, rid: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {stub.login(rid)}"}


def get(stub, path: str, headers, **params):
    return stub.client.get(API + path, headers=headers, params=params)


def test_history_pages_cover_every_record_once_newest_first(stub_app):
    h = auth(stub_app, "r03")
    seen, cursor, total = [], None, None
    while True:
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        body = get(stub_app, "/history", h, **params).json()
        total = body["total"]
        seen += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == total >= 20
    assert len({i["id"] for i in seen}) == total
    times = [i["requested_at"] for i in seen]
    assert times == sorted(times, reverse=True)
    oldest = get(stub_app, "/history", h, limit=1, sort="-requested_at").json()["items"][0]
    assert oldest["requested_at"] == times[-1]


def test_history_filters(stub_app):
    h = auth(stub_app, "r01")
    refused = get(stub_app, "/history", h, outcome="refused", limit=200).json()
    assert refused["total"] > 0
    assert {i["outcome"] for i in refused["items"]} == {"refused"}
    goka = get(stub_app, "/history", h, agency="085421", limit=200).json()["items"]
    assert goka
    assert all("085421" in (i["requester"]["code"], i["provider"]["code"]) for i in goka)
    dated = get(stub_app, "/history", h, **{"from": "2025-01-01", "to": "2025-12-31", "limit": 200}).json()["items"]
    assert dated
    assert all(i["requested_at"].startswith("2025-") for i in dated)
    q = get(stub_app, "/history", h, q="児童手当", limit=200).json()["items"]
    assert all("児童手当" in i["explanation"] + i["function"] for i in q)
    facets = get(stub_app, "/history/facets", h).json()
    assert {"code": "085421", "name": "五霞町長", "name_en": None} in facets["agencies"]
    assert get(stub_app, "/history", h, outcome="nope").status_code == 400
    assert get(stub_app, "/history", h, cursor="garbage").status_code == 400


def test_other_residents_ids_are_404(stub_app):
    mine = auth(stub_app, "r01")
    theirs = auth(stub_app, "r02")
    hid = get(stub_app, "/history", theirs, limit=1).json()["items"][0]["id"]
    assert get(stub_app, f"/history/{hid}", theirs).status_code == 200
    assert get(stub_app, f"/history/{hid}", mine).status_code == 404
    notice = get(stub_app, "/notices", theirs).json()["items"][0]
    assert get(stub_app, f"/notices/{notice['id']}", mine).status_code == 404
    assert stub_app.client.post(f"{API}/notices/{notice['id']}/read", headers=mine).status_code == 404
    pay = next(n["payment"] for n in get(stub_app, "/notices", theirs).json()["items"] if n["payment"])
    assert get(stub_app, f"/payments/{pay['id']}", mine).status_code == 404
    assert get(stub_app, "/history", {}).status_code == 401


def test_self_info_goes_through_the_network_and_is_recorded(stub_app):
    h = auth(stub_app, "r01")
    cats = {c["id"]: c for c in get(stub_app, "/self-info", h).json()["categories"]}
    assert cats["tax"]["provider"]["code"] == "085421"  # lived in 五霞町 on 1 January
    assert (cats["tax"]["name_en"], cats["tax"]["provider"]["name_en"]) == ("Tax and income", None)  # no English yet
    assert cats["pension"]["provider"]["name_en"] == "Japan Pension Service"
    body = get(stub_app, "/self-info/tax", h).json()
    assert any(i["label"] == "総所得金額" for i in body["items"])
    record = get(stub_app, f"/history/{body['history_id']}", h).json()
    assert record["trigger"]["kind"] == "self_info"
    assert record["outcome"] == "provided"
    assert get(stub_app, "/self-info/nope", h).status_code == 404


def test_notices_read_attachment_and_unread_count(stub_app):
    h = auth(stub_app, "r03")
    body = get(stub_app, "/notices", h).json()
    genkyo = next(n for n in body["items"] if "現況届" in n["title"])
    # The reminder's deadline (31 August) stands only until the 現況届 is made (提出済み after it).
    published = dt.date.fromisoformat(genkyo["published_at"][:10])
    due = dt.date(published.year, 8, 31)
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date()
    assert genkyo["deadline"] == (due.isoformat() if today <= due else None)
    (att,) = genkyo["attachments"]
    blob = get(stub_app, f"/notices/{genkyo['id']}/attachments/{att['id']}", h)
    assert blob.status_code == 200
    assert blob.content.startswith(b"%PDF")
    assert len(blob.content) == att["size"]
    unread = body["unread"]
    target = next(n for n in body["items"] if not n["read"])
    assert stub_app.client.post(f"{API}/notices/{target['id']}/read", headers=h).status_code == 204
    assert get(stub_app, "/notices", h).json()["unread"] == unread - 1


def _payment(stub, h) -> dict:
    return next(n["payment"] for n in get(stub, "/notices", h).json()["items"] if n["payment"])


def test_declined_card_never_pays_and_card_number_is_not_stored(stub_app):
    h = auth(stub_app, "r02")
    pay = _payment(stub_app, h)
    url = f"{API}/payments/{pay['id']}/card"
    bad_luhn = stub_app.client.post(url, headers=h, json={"number": "4111111111111112", "expiry": "12/39", "cvc": "123"})
    assert bad_luhn.status_code == 400
    assert bad_luhn.json()["error"] == "invalid_card"
    assert "4111" not in bad_luhn.text
    declined = stub_app.client.post(url, headers=h, json={"number": "4000000000000002", "expiry": "12/39", "cvc": "123"})
    assert declined.status_code == 402
    assert get(stub_app, f"/payments/{pay['id']}", h).json()["status"] == "failed"
    expired = stub_app.client.post(url, headers=h, json={"number": "4242424242424242", "expiry": "01/20", "cvc": "123"})
    assert expired.json()["error"] == "card_expired"
    ok = stub_app.client.post(url, headers=h, json={"number": "4242 4242 4242 4242", "expiry": "12/39", "cvc": "123"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "paid"
    assert ok.json()["receipt"]["card_last4"] == "4242"
    again = stub_app.client.post(url, headers=h, json={"number": "4242424242424242", "expiry": "12/39", "cvc": "123"})
    assert again.status_code == 409
    raw = (stub_app.data_dir / "stub.sqlite3").read_bytes()
    assert b"4242424242424242" not in raw


def test_delivery_link_forwards_new_notices(stub_app):
    h = auth(stub_app, "r05")
    no_consent = {"service": "らくらく送達便（架空）", "account": "demo@example.jp", "categories": [], "consent": False}
    assert stub_app.client.post(f"{API}/delivery", headers=h, json=no_consent).status_code == 400
    for bad in ("abc", "a@b", "yumi@@example.jp", "yumi example@example.jp"):
        refused = stub_app.client.post(f"{API}/delivery", headers=h, json={**no_consent, "account": bad, "consent": True})
        assert (refused.status_code, refused.json()["error"]) == (400, "invalid_account")
    assert get(stub_app, "/delivery", h).json()["linked"] is False
    linked = stub_app.client.post(f"{API}/delivery", headers=h, json={**no_consent, "consent": True}).json()
    assert linked["linked"] is True
    assert linked["forwarded"] == []
    app_id = _submit(stub_app, "r05", "ninshin-todoke", "k-deliv").json()["id"]
    applications.advance_all(stub_app.app.state.stub.db)
    state = get(stub_app, "/delivery", h).json()
    assert [f["notice_id"] for f in state["forwarded"]] == [get(stub_app, f"/applications/{app_id}", h).json()["notice_id"]]
    assert stub_app.client.delete(f"{API}/delivery", headers=h).status_code == 204
    assert get(stub_app, "/delivery", h).json()["linked"] is False


def test_services_and_municipalities(stub_app):
    munis = stub_app.client.get(f"{API}/municipalities", params={"q": "新座"}).json()
    assert munis == [{"code": "112305", "name": "新座市", "prefecture": "埼玉県"}]
    services = stub_app.client.get(f"{API}/services", params={"municipality": "112305", "situation": "newborn"}).json()
    nintei = next(s for s in services if s["id"] == "jidou-teate-nintei")
    assert nintei["form_id"] == "jidou-teate-nintei"
    assert any(d["replaced_by_linkage"] and d["beppyo2_item"] == "74" for d in nintei["documents"])
    assert stub_app.client.get(f"{API}/services", params={"municipality": "000000"}).status_code == 404


# -- applications ----------------------------------------------------------------------------------


def _body(stub, rid: str, form_id: str, key: str, *, data=None, tamper=False, key_of: str | None = None) -> dict:
    body = signed_application_body(stub.data_dir, rid, data, idempotency_key=key, form_id=form_id, signed_by=key_of)
    if tamper:
        body["signature"] = base64.b64encode(base64.b64decode(body["signature"])[::-1]).decode()
    return body


def _submit(stub, rid, form_id, key, **kw):
    return stub.client.post(f"{API}/applications", headers={**auth(stub, rid), "Idempotency-Key": key},
                            json=_body(stub, rid, form_id, key, **kw))


def test_application_is_processed_through_the_network(stub_app):
    created = _submit(stub_app, "r01", "jidou-teate-nintei", "key-1")
    assert created.status_code == 201, created.text
    app = created.json()
    assert app["status"] == "submitted"
    applications.advance_all(stub_app.app.state.stub.db)
    h = auth(stub_app, "r01")
    done = get(stub_app, f"/applications/{app['id']}", h).json()
    assert [e["status"] for e in done["events"]] == ["submitted", "processing", "approved"]
    assert done["notice_id"]
    notice = get(stub_app, f"/notices/{done['notice_id']}", h).json()
    assert notice["application_id"] == app["id"]
    records = [i for i in get(stub_app, "/history", h, limit=200).json()["items"]
               if i["trigger"] and i["trigger"]["ref"] == app["id"]]
    assert {(r["legal_basis"]["beppyo2_item"], r["provider"]["code"]) for r in records} == {
        ("74", "085421"), ("75", "nenkin-kikou")}
    assert all(r["trigger"]["kind"] == "application" for r in records)



def _all_history(stub, h) -> list[dict]:
    items, cursor = [], None
    while True:
        body = get(stub, "/history", h, limit=200, **({"cursor": cursor} if cursor else {})).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return items


def test_history_filters_by_trigger_page_by_page(stub_app):
    """trigger_kind/trigger_ref give exactly the records a scan of the whole history would keep,
    newest first, paged with the same cursors as any other list."""
    app_ids = []
    for key in ("trigger-1", "trigger-2"):  # two applications: each filter must keep only its own
        created = _submit(stub_app, "r01", "jidou-teate-nintei", key)
        assert created.status_code == 201, created.text
        app_ids.append(created.json()["id"])
    applications.advance_all(stub_app.app.state.stub.db)
    h = auth(stub_app, "r01")
    get(stub_app, "/self-info/tax", h)  # a self_info record next to the application's
    everything = _all_history(stub_app, h)
    for app_id in app_ids:
        expected = [i["id"] for i in everything if i["trigger"] and i["trigger"]["ref"] == app_id]
        assert len(expected) == 2
        seen, cursor = [], None
        while True:
            params = {"trigger_kind": "application", "trigger_ref": app_id, "limit": 1}
            body = get(stub_app, "/history", h, **params, **({"cursor": cursor} if cursor else {})).json()
            assert body["total"] == 2
            seen += body["items"]
            cursor = body["next_cursor"]
            if cursor is None:
                break
        assert [i["id"] for i in seen] == expected
        assert all(i["trigger"] == {"kind": "application", "ref": app_id} for i in seen)
        # The ref alone names the same records; another kind with this ref names none.
        assert [i["id"] for i in get(stub_app, "/history", h, trigger_ref=app_id).json()["items"]] == expected
        assert get(stub_app, "/history", h, trigger_kind="self_info", trigger_ref=app_id).json()["total"] == 0
    self_info = get(stub_app, "/history", h, trigger_kind="self_info", limit=200).json()
    assert self_info["total"] == sum(1 for i in everything if i["trigger"] and i["trigger"]["kind"] == "self_info") > 0
    assert {i["trigger"]["kind"] for i in self_info["items"]} == {"self_info"}
    # Combined with the other filters (AND).
    combined = get(stub_app, "/history", h, trigger_kind="application", trigger_ref=app_ids[0],
                   agency="nenkin-kikou").json()["items"]
    assert [i["legal_basis"]["beppyo2_item"] for i in combined] == ["75"]


def test_a_trigger_filter_never_reaches_another_residents_records(stub_app):
    created = _submit(stub_app, "r01", "jidou-teate-nintei", "someone-elses")
    assert created.status_code == 201, created.text
    app_id = created.json()["id"]
    applications.advance_all(stub_app.app.state.stub.db)
    assert get(stub_app, "/history", auth(stub_app, "r01"), trigger_kind="application",
               trigger_ref=app_id).json()["total"] == 2
    theirs = auth(stub_app, "r02")
    for params in ({"trigger_kind": "application", "trigger_ref": app_id}, {"trigger_ref": app_id}):
        body = get(stub_app, "/history", theirs, **params).json()
        assert (body["items"], body["next_cursor"], body["total"]) == ([], None, 0)


def test_trigger_filter_values_are_checked(stub_app):
    h = auth(stub_app, "r01")
    for params in ({"trigger_kind": "nope"}, {"trigger_kind": "APPLICATION"}, {"trigger_ref": "x" * 65}):
        response = get(stub_app, "/history", h, **params)
        assert response.status_code == 400, params
        body = response.json()
        assert body["error"] == "bad_request"
        assert set(body) == {"error", "message"}
        assert next(iter(params)) in body["message"]
    assert get(stub_app, "/history", h, trigger_ref="x" * 64).json()["total"] == 0
    document = stub_app.client.get("/openapi.json").json()
    declared = {p["name"]: p for p in document["paths"][f"{API}/history"]["get"]["parameters"]}
    kind_schema = next(s for s in declared["trigger_kind"]["schema"]["anyOf"] if s.get("type") == "string")
    assert kind_schema["enum"] == ["application", "periodic", "self_info"]
    ref_schema = next(s for s in declared["trigger_ref"]["schema"]["anyOf"] if s.get("type") == "string")
    assert ref_schema["maxLength"] == 64


def test_one_applications_records_are_an_index_range(stub_app):
    """However many records a resident has, a trigger filter reads its own index range (no timing
    here: the query plan SQLite chooses)."""
    from backend_stub.network import history

    conn = stub_app.app.state.stub.db.connection()
    for f, index in (
        (history.Filters(trigger_kind="application", trigger_ref="app"), "history_resident_trigger_ref_time"),
        (history.Filters(trigger_ref="app"), "history_resident_trigger_ref_time"),
        (history.Filters(trigger_kind="self_info"), "history_resident_trigger_kind_time"),
    ):
        where, params = history._where("r01", f)
        for sql in (f"SELECT * FROM history WHERE {where} ORDER BY requested_at DESC, id DESC LIMIT 50",
                    f"SELECT COUNT(*) FROM history WHERE {where}"):
            plan = " ".join(row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert index in plan, (f, plan)
            assert "TEMP B-TREE" not in plan, (f, plan)

def test_same_idempotency_key_returns_the_same_application(stub_app):
    h = {**auth(stub_app, "r02"), "Idempotency-Key": "same"}
    body = _body(stub_app, "r02", "jidou-teate-nintei", "same")  # a retry sends the very same request
    first = stub_app.client.post(f"{API}/applications", headers=h, json=body)
    second = stub_app.client.post(f"{API}/applications", headers=h, json=body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    other = _submit(stub_app, "r02", "jidou-teate-nintei", "same",
                    data=valid_application_data(**{"claimant.phone": "048-477-2222"}))
    assert other.status_code == 409


def test_concurrent_retries_make_exactly_one_application(stub_app):
    h = {**auth(stub_app, "r06"), "Idempotency-Key": "race"}
    body = _body(stub_app, "r06", "jidou-teate-nintei", "race")
    results: list = []

    def post():
        results.append(stub_app.client.post(f"{API}/applications", headers=h, json=body))

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [200] * 5 + [201]
    assert len({r.json()["id"] for r in results}) == 1
    assert len(get(stub_app, "/applications", auth(stub_app, "r06")).json()["items"]) == 1


def test_bad_signatures_and_certificates_are_refused(stub_app):
    tampered = _submit(stub_app, "r01", "jidou-teate-nintei", "t1", tamper=True)
    assert (tampered.status_code, tampered.json()["error"]) == (422, "invalid_signature")
    someone_else = _submit(stub_app, "r01", "jidou-teate-nintei", "t2", key_of="r02")
    assert (someone_else.status_code, someone_else.json()["error"]) == (422, "untrusted_certificate")
    unknown_form = _submit(stub_app, "r01", "no-such-form", "t3")
    assert (unknown_form.status_code, unknown_form.json()["error"]) == (400, "invalid_form")
    h = {**auth(stub_app, "r07"), "Idempotency-Key": "t4"}
    body = _body(stub_app, "r07", "jidou-teate-nintei", "t4")
    JLIS(stub_app.data_dir).revoke("r07")  # the card is lost after login
    revoked = stub_app.client.post(f"{API}/applications", headers=h, json=body)
    assert (revoked.status_code, revoked.json()["error"]) == (422, "certificate_revoked")
    assert get(stub_app, "/applications", auth(stub_app, "r01")).json()["items"] == []


def test_generate_history_bulk(stub_app):
    db = stub_app.app.state.stub.db
    generate.generate_history(db, "r07", 2000)
    h = auth(stub_app, "r07")
    body = get(stub_app, "/history", h, limit=50).json()
    assert body["total"] >= 2000
    assert len(body["items"]) == 50


def test_notices_since_returns_the_ones_at_or_after_it(stub_app):
    h = auth(stub_app, "r01")
    newest = get(stub_app, "/notices", h, limit=1).json()["items"][0]
    again = get(stub_app, "/notices", h, since=newest["published_at"]).json()["items"]
    assert [n["id"] for n in again] == [newest["id"]]  # the poller drops it by id
    app_id = _submit(stub_app, "r01", "jidou-teate-nintei", "since-1").json()["id"]
    applications.advance_all(stub_app.app.state.stub.db)
    fresh = get(stub_app, "/notices", h, since=newest["published_at"]).json()["items"]
    assert app_id in [n["application_id"] for n in fresh]
    assert all(n["published_at"] >= newest["published_at"] for n in fresh)
    assert get(stub_app, "/notices", h, since="not a time").status_code == 400


def test_a_notice_published_in_the_same_second_as_the_last_one_seen_is_delivered(stub_app):
    """The poller asks with the newest published_at it has seen (kept to the second); a notice
    published later within that same second reaches it, once."""
    db = stub_app.app.state.stub.db
    h = auth(stub_app, "r01")
    second = dt.datetime(2099, 4, 1, 9, 30, 15, tzinfo=JST)

    def publish(title: str, at: dt.datetime) -> str:
        with db.transaction() as conn:
            return portal.create_notice(conn, "r01", title=title, body="本文", sender="テスト市",
                                        category="child", published_at=at)

    def fetch(since: str | None, cursor: str | None) -> NoticePage:
        params = {"limit": 100, **({"since": since} if since else {}), **({"cursor": cursor} if cursor else {})}
        return parse_notice_page(get(stub_app, "/notices", h, **params).json())

    delivered: list[list[str]] = []
    poller = NoticePoller(None, lambda new: delivered.append([n.id for n in new]), fetch=fetch)
    first = publish("一通目", second)
    poller.poll_once()  # primes: everything there so far is not new
    assert poller.since == second
    later_same_second = publish("二通目", second + dt.timedelta(milliseconds=700))
    poller.poll_once()
    poller.poll_once()
    assert delivered == [[later_same_second]]
    assert first not in delivered[0]


def _list_all(stub, h, **filters) -> list[dict]:
    out, cursor = [], None
    while True:
        body = get(stub, "/history", h, limit=200, **filters, **({"cursor": cursor} if cursor else {})).json()
        out += body["items"]
        cursor = body["next_cursor"]
        if cursor is None:
            return out


@pytest.mark.parametrize(
    "filters", [{}, {"agency": "085421"}, {"outcome": "refused"}, {"from": "2025-01-01", "to": "2025-12-31"}, {"q": "児童手当"}]
)
def test_history_monthly_counts_what_the_list_shows(stub_app, filters):
    """A chart over the monthly endpoint shows, month by month and agency by agency, exactly
    the records the resident can page through with the same filters."""
    h = auth(stub_app, "r01")
    listed = _list_all(stub_app, h, **filters)
    expected: dict[str, dict[str, int]] = {}
    for i in listed:
        by_agency = expected.setdefault(i["requested_at"][:7], {})
        by_agency[i["requester"]["code"]] = by_agency.get(i["requester"]["code"], 0) + 1
    body = get(stub_app, "/history/monthly", h, **filters).json()
    assert {m["month"]: m["counts"] for m in body["months"]} == expected
    assert body["total"] == len(listed)
    if listed:
        assert [m["month"] for m in body["months"]] == sorted(expected)
        assert (body["first"], body["last"]) == (min(expected), max(expected))
        names = {a["code"]: a["name"] for a in body["agencies"]}
        assert all(names[i["requester"]["code"]] == i["requester"]["name"] for i in listed)


def test_history_monthly_is_scoped_and_skips_records_hidden_from_the_resident(stub_app):
    mine, theirs = auth(stub_app, "r01"), auth(stub_app, "r02")
    before = get(stub_app, "/history/monthly", mine).json()
    other = get(stub_app, "/history/monthly", theirs).json()
    assert other["total"] != 0
    # A record the list does not show (不開示) is not counted either.
    hidden = get(stub_app, "/history", mine, limit=1).json()["items"][0]
    db = stub_app.app.state.stub.db
    with db.transaction() as conn:
        conn.execute("UPDATE history SET undisclosed = 1 WHERE id = ?", (hidden["id"],))
    # (asked with a filter that covers everything, so not answered from the unfiltered count's cache)
    after = get(stub_app, "/history/monthly", mine, **{"from": "2000-01-01"}).json()
    assert after["total"] == before["total"] - 1
    assert get(stub_app, "/history/monthly", {}).status_code == 401
    assert get(stub_app, "/history/monthly", mine, outcome="nope").status_code == 400
    assert get(stub_app, "/history/monthly", mine, **{"from": "yesterday"}).status_code == 400


def test_an_application_whose_document_goes_to_the_counter_waits_for_it(stub_app):
    """The office cannot decide on a document it has not seen: the application waits for it,
    and the notice names the document and the counter (the filing municipality's)."""
    born = dt.date(today_jst().year - 20, 6, 1)
    data = valid_application_data(**{"older_children.has_older": "yes", "older_children.children": [
        {"name": "山田 一郎", "birth_date": born.isoformat(), "relationship": "child", "supported": True}]})
    body = signed_application_body(stub_app.data_dir, "r01", data, idempotency_key="counter-1",
                                   at_counter=["older_child_confirmation"])
    created = stub_app.client.post(f"{API}/applications", json=body,
                                   headers={**auth(stub_app, "r01"), "Idempotency-Key": "counter-1"})
    assert created.status_code == 201, created.text
    applications.advance_all(stub_app.app.state.stub.db)
    h = auth(stub_app, "r01")
    done = get(stub_app, f"/applications/{created.json()['id']}", h).json()
    assert [e["status"] for e in done["events"]] == ["submitted", "processing", "documents_requested"]
    notice = get(stub_app, f"/notices/{done['notice_id']}", h).json()
    assert "監護相当・生計費の負担についての確認書" in notice["body"]
    assert "新座市の窓口" in notice["body"]
    assert done["at_counter"]["documents"][0]["slot"] == "older_child_confirmation"


def test_records_of_an_older_data_dir_are_searched_in_nfkc_after_a_restart(stub_app_factory):
    import sqlite3

    def found(stub, h, q):  # the page itself (totals are cached by the highest rowid)
        return [i["id"] for i in get(stub, "/history", h, q=q, limit=200).json()["items"]]

    first = stub_app_factory()
    h = auth(first, "r03")
    stored = found(first, h, "（")
    assert stored
    assert found(first, h, "(") == stored
    # A data dir from before the search column: its records have none.
    with sqlite3.connect(first.data_dir / "stub.sqlite3") as conn:
        conn.execute("UPDATE history SET search = NULL")
    assert found(first, h, "(") == []
    second = stub_app_factory()  # the server starts again on it
    assert found(second, auth(second, "r03"), "(") == stored
    with sqlite3.connect(second.data_dir / "stub.sqlite3") as conn:
        assert conn.execute("SELECT COUNT(*) FROM history WHERE search IS NULL").fetchone()[0] == 0
