"""Records the law would produce, seen through the portal API: rows matched on their structured
fields, holdings over time, join dates, 不開示 records and the 7-year retention, a clock-relative seed."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backend_stub.network import agencies, network
from backend_stub.network.util import JST, iso
from tests.fixtures.stub import API, InProcessStub

JOINED_NENKIN = "2019-07-01"  # src:mhlw-nenpatsu-0611-2019
NETWORK_START = "2017-07-18"  # src:myna-faq-2397
DAY = 86400


def _history(stub: InProcessStub, resident_id: str, **params: Any) -> list[dict[str, Any]]:
    headers = {"Authorization": f"Bearer {stub.login(resident_id)}"}
    out: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = {"limit": 200, **params, **({"cursor": cursor} if cursor else {})}
        body = stub.client.get(f"{API}/history", params=query, headers=headers).json()
        out += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return out


def _get(stub: InProcessStub, resident_id: str, path: str, **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {stub.login(resident_id)}"}
    return stub.client.get(f"{API}{path}", params=params, headers=headers)


def test_row_108_welfare_recipient_in_a_town_is_a_normal_query(stub_app: InProcessStub) -> None:
    records = [r for r in _history(stub_app, "r04") if r["legal_basis"]["beppyo2_item"] == "108"]
    assert records
    assert {r["outcome"] for r in records} == {"provided"}
    assert {(r["requester"]["name"], r["provider"]["name"], r["information"]) for r in records} == {
        ("五霞町長", "茨城県知事", "生活保護関係情報")
    }


def test_no_national_health_insurance_queries_for_a_welfare_recipient(stub_app: InProcessStub) -> None:
    # r04 lives on 生活保護 and so is not in 国保: 五霞町 has no row-42 business with her.
    assert [r for r in _history(stub_app, "r04") if r["legal_basis"]["beppyo2_item"] == "42"] == []


def test_row_106_lets_jasso_ask_for_pension_payments(stub_app: InProcessStub) -> None:
    jasso, nenkin = agencies.require("jasso"), agencies.require("nenkin-kikou")
    words = "国民年金法その他の法令による年金である給付の支給に関する情報"
    assert agencies.authorize(jasso, 106, nenkin, words) is not None
    # Matched on the row's fields: an information the row does not name is refused, whatever
    # words it shares with a cell.
    assert agencies.authorize(jasso, 106, nenkin, "年金給付の支給") is None
    db = stub_app.app.state.stub.db
    with db.transaction() as conn:
        network.query_for(conn, "r07", "jasso", 106, "nenkin-kikou", words, at=network.now())
    seen = [r for r in _history(stub_app, "r07", agency="jasso") if r["provider"]["code"] == "nenkin-kikou"]
    assert [r["outcome"] for r in seen] == ["provided"]
    assert "認める項がない" not in seen[0]["explanation"]


def test_former_municipality_answers_for_the_years_it_assessed_tax(stub_app: InProcessStub) -> None:
    # r06 lived in 新座市 (112305) until 2024-03-20: it assessed his 住民税 up to fiscal 2024.
    records = [
        r for r in _history(stub_app, "r06", agency="112305")
        if r["provider"]["code"] == "112305" and r["information"] == "地方税関係情報"
    ]
    assert len(records) >= 3
    assert {r["outcome"] for r in records} == {"provided"}
    assert all("2019" <= r["requested_at"][:4] <= "2024" for r in records)


def test_undisclosed_records_leave_no_trace(stub_app: InProcessStub) -> None:
    before = _get(stub_app, "r07", "/history").json()["total"]
    facets_before = _get(stub_app, "r07", "/history/facets").json()
    db = stub_app.app.state.stub.db
    with db.transaction() as conn:
        hidden = network.query_for(conn, "r07", "hellowork", 77, "112305", "住民票関係情報",
                                   at=network.now(), undisclosed=True)
    assert _get(stub_app, "r07", "/history").json()["total"] == before
    assert _get(stub_app, "r07", "/history", agency="hellowork").json()["total"] == 0
    assert _get(stub_app, "r07", "/history/facets").json() == facets_before
    assert "hellowork" not in {a["code"] for a in facets_before["agencies"]}
    one = _get(stub_app, "r07", f"/history/{hidden.history_id}")
    unknown = _get(stub_app, "r07", "/history/no-such-record-id")
    assert one.status_code == unknown.status_code == 404
    assert one.json() == unknown.json()  # not even its existence shows


def test_records_older_than_seven_years_are_purged(stub_app: InProcessStub) -> None:
    db = stub_app.app.state.stub.db
    now = dt.datetime.fromtimestamp(stub_app.clock.now(), JST)
    requester, provider = agencies.require("hellowork"), agencies.require("112305")

    def add(at: dt.datetime) -> str:
        with db.transaction() as conn:
            return network.record(conn, resident_id="r07", requester=requester, provider=provider, function="f",
                                  information="住民票関係情報", law=network.LAW_BEPPYO2, item="77", outcome="provided",
                                  trigger=None, explanation="e", at=at)

    seven_years_ago = now.replace(year=now.year - 7)
    expired = add(seven_years_ago - dt.timedelta(days=1))
    kept = add(seven_years_ago + dt.timedelta(days=1))
    ids = {r["id"] for r in _history(stub_app, "r07", agency="hellowork")}
    assert ids == {kept}
    assert _get(stub_app, "r07", f"/history/{expired}").status_code == 404
    assert "hellowork" in {a["code"] for a in _get(stub_app, "r07", "/history/facets").json()["agencies"]}
    total = _get(stub_app, "r07", "/history").json()["total"]
    stub_app.clock.offset += 2 * DAY  # two days later the other one is past the period too
    assert _history(stub_app, "r07", agency="hellowork") == []
    assert _get(stub_app, "r07", "/history").json()["total"] <= total - 1
    assert "hellowork" not in {a["code"] for a in _get(stub_app, "r07", "/history/facets").json()["agencies"]}
    assert db.query_one("SELECT COUNT(*) FROM history WHERE id IN (?, ?)", (expired, kept))[0] == 0
    assert iso(now)  # the clock, not the wall, decided


@pytest.fixture
def clocked_stub(tmp_path: Path) -> Iterator[Any]:
    """Fresh stubs (own data dir, own seed) whose clock stands at a given time."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*httpx2.*")
        from fastapi.testclient import TestClient

    from backend_stub.server import Clock, StubConfig
    from backend_stub.server.app import create_app

    clients: list[Any] = []

    def build(at: float, name: str) -> InProcessStub:
        config = StubConfig(data_dir=tmp_path / name, public_origin="https://testserver")
        clock = Clock(lambda: at)
        app = create_app(config, clock=clock)
        client = TestClient(app, base_url="https://testserver")
        client.__enter__()
        clients.append(client)
        return InProcessStub(app=app, client=client, clock=clock, config=config, data_dir=tmp_path / name)

    yield build
    for c in clients:
        c.__exit__(None, None, None)


def _shape(stub: InProcessStub, rid: str) -> list[tuple[str, ...]]:
    return sorted(
        (r["requested_at"][:10], r["requester"]["code"], r["provider"]["code"], r["information"], r["outcome"])
        for r in _history(stub, rid)
    )


def test_seed_is_the_same_demo_one_day_later(clocked_stub) -> None:
    t = dt.datetime.now(JST).timestamp()
    today, tomorrow = clocked_stub(t, "a"), clocked_stub(t + DAY, "b")
    for rid in (f"r{i:02d}" for i in range(1, 13)):  # every demo resident
        a, b = _shape(today, rid), _shape(tomorrow, rid)
        assert a
        shifted = [((dt.date.fromisoformat(d) + dt.timedelta(days=1)).isoformat(), *rest) for d, *rest in a]
        assert shifted == b  # the same records, one day on


def test_no_agency_appears_before_it_joined(clocked_stub) -> None:
    # With the clock in 2020 the kept 7 years reach back before the network started. (Cards are
    # issued by the wall clock, so this reads the list the way the route does, not through login.)
    from backend_stub.network import history

    stub = clocked_stub(dt.datetime(2020, 9, 15, 12, tzinfo=JST).timestamp(), "a")
    conn = stub.app.state.stub.db.connection()
    from backend_stub.server.portal_routes import cursors

    signer = cursors(stub.app.state.stub)
    records = [r for rid in ("r02", "r04", "r06")
               for r in history.page(conn, rid, history.Filters(), limit=200, cursors=signer)["items"]]
    assert any(r["requested_at"][:4] == "2018" for r in records)  # the municipalities took part then
    assert min(r["requested_at"][:10] for r in records) >= NETWORK_START
    pension = [r for r in records if "nenkin-kikou" in (r["requester"]["code"], r["provider"]["code"])]
    assert pension
    assert min(r["requested_at"][:10] for r in pension) >= JOINED_NENKIN


def test_a_data_dir_from_before_keeps_its_facets_on_upgrade(tmp_path: Path, monkeypatch) -> None:
    from backend_stub.network import history
    from backend_stub.server import portal_schema
    from backend_stub.server.db import Database

    monkeypatch.setattr(portal_schema, "MIGRATIONS", portal_schema.MIGRATIONS[:4])
    old = Database.in_data_dir(tmp_path)
    old.migrate()
    for hid, hidden in (("h1", 0), ("h2", 1)):
        old.execute(
            "INSERT INTO history (id, resident_id, requested_at, requester_code, requester_name, provider_code,"
            " provider_name, function, information, law, beppyo2_item, outcome, explanation, undisclosed)"
            " VALUES (?, 'r1', '2026-01-05T10:00:00+09:00', ?, ?, '112305', '新座市長', 'f', ?,"
            " '番号法第19条第7号', '77', 'provided', 'e', ?)",
            (hid, *(("hellowork", "厚生労働大臣（ハローワーク）", "住民票関係情報") if hidden else
                    ("jasso", "独立行政法人日本学生支援機構", "地方税関係情報")), hidden),
        )
    old.execute("INSERT INTO history_facets SELECT DISTINCT resident_id, 'agency', requester_code, requester_name"
                " FROM history")
    old.close()
    monkeypatch.undo()
    db = Database.in_data_dir(tmp_path)
    db.migrate()
    facets = history.facets(db.connection(), "r1")
    db.close()
    assert [a["code"] for a in facets["agencies"]] == ["jasso"]  # the undisclosed record's agency is gone


def test_an_undisclosed_record_is_in_no_count_chart_or_search(stub_app: InProcessStub) -> None:
    # 番号法第23条第2項 (src:bangouho-h27): whether a 不開示 record exists is itself withheld
    # (src:gyoseikojinjoho-h15 第17条), so no total, monthly count, filter or search shows it.
    def views() -> list[Any]:
        return [
            _get(stub_app, "r07", "/history/monthly").json(),
            _get(stub_app, "r07", "/history/monthly", agency="hellowork").json(),
            _get(stub_app, "r07", "/history", information="雇用保険給付関係情報").json()["total"],
            _get(stub_app, "r07", "/history", q="ハローワーク").json()["total"],
            _get(stub_app, "r07", "/history", outcome="refused").json()["total"],
            _get(stub_app, "r07", "/history", trigger_kind="periodic").json()["total"],
        ]

    before = views()
    db = stub_app.app.state.stub.db
    with db.transaction() as conn:
        network.query_for(conn, "r07", "hellowork", 77, "112305", "住民票関係情報", at=network.now(), undisclosed=True,
                          trigger=network.Trigger("periodic"))
        network.query_for(conn, "r07", "hellowork", 77, "112305", "雇用保険給付関係情報", at=network.now(),
                          undisclosed=True, trigger=network.Trigger("periodic"))
    assert views() == before
    chart = _get(stub_app, "r07", "/history/monthly").json()
    assert "hellowork" not in {a["code"] for a in chart["agencies"]}
    assert all("hellowork" not in m["counts"] for m in chart["months"])
