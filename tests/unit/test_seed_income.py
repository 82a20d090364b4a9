"""One income per resident per year: わたしの情報, the network, notices and processing agree.

- 住民税 of a fiscal year (令和X年度) is one figure: what わたしの情報 shows is what the tax
  municipality answers a query with (now and for every year it holds), and a resident receives a
  住民税額決定 notice only when that figure is taxable.
- A pensioner's 総所得 is the pension minus the 公的年金等控除 (65歳以上, 年金以外の所得1,000万円以下:
  1,100,000円 for the income of 2020 and after, 10万円 more before; src:kaizuka-kotekinenkin-kojo).
- 「公的年金給付の支給に関する情報」 (row 57) and row 106's pension-payment information are held only for
  someone who receives a pension: r03 pays 国民年金 premiums and is answered 「該当なし」.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.unit.test_network_http import auth, get

JST = dt.timezone(dt.timedelta(hours=9))
RESIDENTS = [f"r{n:02d}" for n in range(1, 13)]

PAYMENT_INFO = ("公的年金給付の支給に関する情報", "国民年金法その他の法令による年金である給付の支給に関する情報")


def _items(body: dict) -> dict[str, str]:
    return {i["label"]: i["value"] for i in body["items"]}


def _tax_answer(conn, rid: str, at: dt.datetime) -> dict[str, str] | None:
    """The tax municipality's answer to 日本年金機構 (row 48) at ``at``, or None when not held."""
    from backend_stub.network import network, profiles
    from backend_stub.server.residents import ResidentRow

    r = ResidentRow.from_row(conn.execute("SELECT * FROM residents WHERE id = ?", (rid,)).fetchone())
    fy = at.year if at.month >= 6 else at.year - 1  # 住民税 is assessed in June
    taxer = profiles.profile(r, dt.date(fy, 6, 1)).tax_municipality
    result = network.query_for(conn, rid, "nenkin-kikou", "48", taxer, "地方税関係情報",
                               trigger=network.Trigger("periodic"), at=at)
    assert result.outcome in ("provided", "not_held")
    return {i["label"]: i["value"] for i in result.records[0]["items"]} if result.records else None


@pytest.mark.parametrize("rid", RESIDENTS)
def test_the_network_answers_the_tax_figures_wakatashi_no_joho_shows(stub_app, rid):
    h = auth(stub_app, rid)
    shown = _items(get(stub_app, "/self-info/tax", h).json())
    conn = stub_app.app.state.stub.db.connection()
    answered = _tax_answer(conn, rid, dt.datetime.now(JST))
    if not shown:  # a child: no 住民税 record anywhere
        assert answered is None
        return
    assert answered is not None
    for label in ("年度", "総所得金額", "市町村民税所得割額", "道府県民税所得割額", "課税区分"):
        assert answered[label] == shown[label], label
    titles = [n["title"] for n in get(stub_app, "/notices", h, limit=100).json()["items"]]
    told = any("住民税" in t and "決定" in t for t in titles)
    assert told == (shown["課税区分"] == "課税")


@pytest.mark.parametrize("rid", RESIDENTS)
def test_every_year_the_network_holds_is_the_one_figure_of_that_year(stub_app, rid):
    from backend_stub.network import seed
    from backend_stub.server.residents import ResidentRow

    conn = stub_app.app.state.stub.db.connection()
    r = ResidentRow.from_row(conn.execute("SELECT * FROM residents WHERE id = ?", (rid,)).fetchone())
    now = dt.datetime.now(JST)
    years = 0
    for fy in range(now.year - seed.HISTORY_YEARS, now.year + 1):
        at = dt.datetime(fy, 7, 25, 10, tzinfo=JST)
        if at > now or at.date() < dt.date(2019, 7, 1):  # 日本年金機構 on the network from 2019-07
            continue
        answered = _tax_answer(conn, rid, at)
        if "minor" in r.situations:
            assert answered is None
            continue
        assert answered is not None, fy
        assert answered["年度"] == f"令和{fy - 2018}年度"
        assert answered["総所得金額"] == f"{seed.assessed_income(r, fy):,}円", fy
        years += 1
    assert years or "minor" in r.situations


def test_a_pensioners_income_is_the_pension_minus_the_public_pension_deduction(stub_app):
    from backend_stub.network import seed

    h = auth(stub_app, "r07")
    pension = _items(get(stub_app, "/self-info/pension", h).json())
    assert pension["年金額（年額）"] == "1,782,000円"
    tax = _items(get(stub_app, "/self-info/tax", h).json())
    assert tax["総所得金額"] == "682,000円"  # 1,782,000 - 1,100,000 (65歳以上, 330万円以下)
    assert seed.assessed_income_of_pension(1_782_000, fy=2026) == 682_000
    assert seed.assessed_income_of_pension(1_782_000, fy=2020) == 582_000  # 令和2年度: 120万円
    assert seed.assessed_income_of_pension(1_000_000, fy=2026) == 0


def _records(stub, rid: str) -> list[dict]:
    h, out, cursor = auth(stub, rid), [], None
    while True:
        page = get(stub, "/history", h, limit=200, **({"cursor": cursor} if cursor else {})).json()
        out += page["items"]
        cursor = page.get("next_cursor")
        if not cursor:
            return out


@pytest.mark.parametrize("rid", RESIDENTS)
def test_pension_payment_information_is_provided_only_for_a_pension_recipient(stub_app, rid):
    pension = _items(get(stub_app, "/self-info/pension", auth(stub_app, rid)).json())
    receives = "受給年金" in pension or "障害基礎年金" in pension
    for record in _records(stub_app, rid):
        if record["information"] in PAYMENT_INFO and record["outcome"] != "refused":
            assert record["outcome"] == ("provided" if receives else "not_held"), record["explanation"]


def test_a_premium_payer_is_answered_not_held_for_pension_payments(stub_app):
    from backend_stub.network import agencies, network

    assert "受給年金" not in _items(get(stub_app, "/self-info/pension", auth(stub_app, "r03")).json())
    asked = [r for r in _records(stub_app, "r03") if r["information"] == PAYMENT_INFO[0]]
    assert asked, "the seed asks under row 57 for a single parent"
    assert {r["outcome"] for r in asked} == {"not_held"}
    conn = stub_app.app.state.stub.db.connection()
    now = dt.datetime.now(JST)
    office = agencies.prefecture_code("085421")  # 五霞町 has no 福祉事務所: 茨城県知事 decides
    assert network.query_for(conn, "r03", office, "57", "nenkin-kikou", PAYMENT_INFO[0], at=now).outcome == "not_held"
    # A recipient's pension payments are held (新座市 runs its own 福祉事務所).
    assert network.query_for(conn, "r07", "112305", "57", "nenkin-kikou", PAYMENT_INFO[0], at=now).outcome == "provided"
