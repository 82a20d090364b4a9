"""The stub network: 別表第二 checks, 符号 per agency, and a record for every query."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from backend_stub.network import agencies, beppyo2, codes, network
from backend_stub.server.db import Database

NIIZA, GOKA, CHIYODA, IBARAKI = "112305", "085421", "131016", "080004"
MY_NUMBER = "388571356323"


def add_resident(db: Database, rid: str, my_number: str, juminhyo: str, municipality: str = NIIZA) -> None:
    db.execute(
        "INSERT INTO residents (id, my_number, juminhyo_code, name, name_kana, birth_date, sex, postal_code,"
        " address, municipality_code, municipality_name, prefecture) VALUES (?, ?, ?, '試験 太郎', 'シケン タロウ',"
        " '1990-01-01', '1', '000-0000', '架空県架空市', ?, '架空市', '架空県')",
        (rid, my_number, juminhyo, municipality),
    )


@pytest.fixture
def db(tmp_path) -> Iterator[Database]:
    d = Database.in_data_dir(tmp_path)
    d.migrate()
    add_resident(d, "r1", MY_NUMBER, "60543141025")
    add_resident(d, "r2", "958169745900", "38255203153", GOKA)
    yield d
    d.close()


def history(db: Database, rid: str) -> list:
    return db.query_all("SELECT * FROM history WHERE resident_id = ? ORDER BY requested_at", (rid,))


def test_beppyo2_has_all_120_rows_with_arabic_items():
    items = [r.item for r in beppyo2.rows()]
    assert len(items) == 120
    assert "56の2" in items
    assert items[:3] == ["1", "2", "3"]
    assert beppyo2.row(74).provisions[0].terms == ("地方税関係情報",)


def test_allowed_follows_the_rows():
    assert beppyo2.allowed("市町村長", "74", "市町村長", "地方税関係情報").item == "74"
    # Row 74 names only 地方税関係情報 from 市町村長.
    assert beppyo2.allowed("市町村長", "74", "市町村長", "住民票関係情報") is None
    assert beppyo2.allowed("市町村長", "74", "日本年金機構", "地方税関係情報") is None
    # 特別児童扶養手当関係情報 is not a mention of 児童扶養手当関係情報.
    assert beppyo2.allowed("都道府県知事等", "57", "厚生労働大臣", "児童扶養手当関係情報") is None
    assert beppyo2.allowed("都道府県知事等", "57", "厚生労働大臣", "特別児童扶養手当関係情報").item == "57"


def test_towns_leave_child_support_allowance_to_the_prefecture():
    goka, ibaraki, niiza = (agencies.require(c) for c in (GOKA, IBARAKI, NIIZA))
    assert agencies.authorize(niiza, 57, niiza, "住民票関係情報") is not None  # a city runs it
    assert agencies.authorize(goka, 57, goka, "住民票関係情報") is None  # a town does not
    assert agencies.authorize(ibaraki, 57, goka, "地方税関係情報") is not None


def test_fugo_differs_per_agency_and_reveals_no_number(db):
    conn = db.connection()
    a = codes.fugo(conn, "r1", NIIZA)
    b = codes.fugo(conn, "r1", GOKA)
    c = codes.fugo(conn, "r1", "nenkin-kikou")
    assert len({a, b, c}) == 3
    for f in (a, b, c):
        assert MY_NUMBER not in f
        assert "60543141025" not in f
        assert not re.search(r"\d{12}", f)
    assert codes.fugo(conn, "r1", NIIZA) == a  # stable
    assert codes.fugo(conn, "r2", NIIZA) != a
    assert codes.translate(conn, NIIZA, a, GOKA) == b


def test_agency_data_is_keyed_by_its_own_fugo(db):
    conn = db.connection()
    network.store(conn, "r1", GOKA, "tax", "地方税関係情報", [{"label": "所得", "value": "1"}])
    stored = db.query_one("SELECT fugo FROM agency_records WHERE agency_code = ?", (GOKA,))["fugo"]
    assert stored == codes.fugo(conn, "r1", GOKA)
    assert stored != codes.fugo(conn, "r1", NIIZA)


def test_allowed_query_is_provided_and_recorded(db):
    conn = db.connection()
    network.store(conn, "r1", GOKA, "tax", "地方税関係情報", [{"label": "市町村民税所得割額", "value": "98,000円"}])
    res = network.query(
        conn, NIIZA, codes.fugo(conn, "r1", NIIZA), 74, GOKA, "地方税関係情報",
        trigger=network.Trigger("application", "app1"),
    )
    assert res.outcome == "provided"
    assert res.records[0]["items"][0]["value"] == "98,000円"
    (h,) = history(db, "r1")
    assert (h["outcome"], h["beppyo2_item"], h["law"]) == ("provided", "74", "番号法第19条第7号")
    assert (h["requester_name"], h["provider_name"]) == ("新座市長", "五霞町長")
    assert h["trigger_kind"] == "application"
    assert h["provided_at"] == h["requested_at"]
    assert h["explanation"] == (
        "新座市長が児童手当の支給のため、五霞町長にあなたの地方税関係情報を照会し、提供されました。"
        "別表第二の74の項で認められています。"
    )


def test_query_without_a_row_is_refused_and_recorded(db):
    conn = db.connection()
    network.store(conn, "r1", "nenkin-kikou", "pension", "年金給付関係情報", [{"label": "x", "value": "y"}])
    res = network.query_for(conn, "r1", NIIZA, 74, "nenkin-kikou", "年金給付関係情報")
    assert res.outcome == "refused"
    assert res.records == ()
    (h,) = history(db, "r1")
    assert h["outcome"] == "refused"
    assert h["provided_at"] is None
    assert "拒否" in h["explanation"]


def test_query_for_data_not_held_is_recorded_as_not_held(db):
    conn = db.connection()
    res = network.query_for(conn, "r1", NIIZA, 75, "nenkin-kikou", "年金給付関係情報")
    assert res.outcome == "not_held"
    assert [h["outcome"] for h in history(db, "r1")] == ["not_held"]
    assert history(db, "r2") == []


def test_unknown_fugo_is_not_answered(db):
    with pytest.raises(KeyError):
        network.query(db.connection(), NIIZA, "NOTAFUGO", 74, GOKA, "地方税関係情報")


def _demo_db(path) -> tuple[Database, list]:
    from backend_stub.server.residents import load_demo_residents

    d = Database.in_data_dir(path)
    d.migrate()
    demo = [x.resident for x in load_demo_residents()]
    for r in demo:
        d.execute(
            "INSERT INTO residents (id, my_number, juminhyo_code, name, name_kana, birth_date, sex, postal_code,"
            " address, municipality_code, municipality_name, prefecture) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (r.id, r.my_number, r.juminhyo_code, r.name, r.name_kana, r.birth_date.isoformat(), r.sex,
             r.postal_code, r.address, r.municipality_code, r.municipality_name, r.prefecture),
        )
    return d, demo


def _summary(db: Database) -> list[tuple]:
    return [tuple(r) for r in db.query_all(
        "SELECT resident_id, requested_at, requester_code, provider_code, information, outcome FROM history"
        " ORDER BY resident_id, requested_at, requester_code, provider_code, information")]


def test_seed_is_idempotent_deterministic_and_shows_refusals(tmp_path):
    import datetime as dt

    from backend_stub.network.seed import seed_portal

    day = dt.date(2026, 11, 26)
    a, demo = _demo_db(tmp_path / "a")
    b, _ = _demo_db(tmp_path / "b")
    try:
        assert seed_portal(a, demo, tmp_path, today=day) == len(demo)
        assert seed_portal(a, demo, tmp_path, today=day) == 0
        seed_portal(b, demo, tmp_path, today=day)
        assert _summary(a) == _summary(b)
        per_resident = {r.id: [row for row in _summary(a) if row[0] == r.id] for r in demo}
        for rid, rows in per_resident.items():
            if rid in {r.id for r in demo if "minor" in r.situations}:
                assert 1 <= len(rows) <= 10  # a child: a few of its own lookups
                continue
            assert 8 <= len(rows) <= 400  # at least one query a year over the 7 kept
            assert rows[0][1] < "2021"  # spread over the 7 years the records are kept
        refused = [row for row in _summary(a) if row[5] == "refused"]
        assert refused  # the demo shows what a refusal looks like
        # ...asked only by a resident's own employees' health insurer (国保 residents have none)
        assert {row[2] for row in refused} <= {"kyokai-kenpo", "hayate-kenpo"}
        # Everything an agency holds is under its own 符号, never a My Number.
        for (fugo,) in a.query_all("SELECT DISTINCT fugo FROM agency_records"):
            assert not any(r.my_number in fugo or r.juminhyo_code in fugo for r in demo)
    finally:
        a.close()
        b.close()


def test_an_existing_history_gets_the_trigger_indexes_on_upgrade(tmp_path, monkeypatch) -> None:
    """A data dir made before the trigger filter keeps its records and gains the indexes the
    filter reads, on the next start (portal schema version 4)."""
    from backend_stub.server import portal_schema

    monkeypatch.setattr(portal_schema, "MIGRATIONS", portal_schema.MIGRATIONS[:3])
    old = Database.in_data_dir(tmp_path)
    assert old.migrate()["portal"] == 3
    add_resident(old, "r1", MY_NUMBER, "60543141025")
    old.execute(  # a record as the version-3 schema stored it
        "INSERT INTO history (id, resident_id, requested_at, requester_code, requester_name, provider_code,"
        " provider_name, function, information, law, beppyo2_item, outcome, trigger_kind, trigger_ref, explanation)"
        " VALUES ('h1', 'r1', '2026-01-05T10:00:00+09:00', ?, '新座市長', ?, '五霞町長', 'f', '地方税関係情報',"
        " '番号法第19条第7号', '74', 'provided', 'application', 'app1', 'e')",
        (NIIZA, GOKA),
    )
    old.close()
    monkeypatch.undo()

    db = Database.in_data_dir(tmp_path)
    assert db.migrate()["portal"] == len(portal_schema.MIGRATIONS) >= 4
    indexes = {r["name"] for r in db.query_all("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"history_resident_trigger_kind_time", "history_resident_trigger_ref_time"} <= indexes
    assert [r["trigger_ref"] for r in history(db, "r1")] == ["app1"]
    db.close()
