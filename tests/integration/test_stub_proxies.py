"""代理人 over HTTPS against the real stub: a parent registers with both cards, acts for their child,
never reaches anyone else's data, and loses access the moment the grant ends (revoked by the
child's side, or blocked by the municipality for a resident under DV等支援措置)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.fixtures.stub import card_credentials, login, login_body, run_stub_cli, stub_client

pytestmark = pytest.mark.integration

JST = dt.timezone(dt.timedelta(hours=9))


def _principal_card(stub, client, resident_id: str, *, tamper: bool = False) -> dict[str, str]:
    challenge = client.post("/auth/challenge").json()
    cert_der, key = card_credentials(stub.data_dir, resident_id)
    body = login_body(challenge, stub.origin, cert_der, key)
    if tamper:
        body["signature"] = body["signature"][:-4] + ("AAAA" if not body["signature"].endswith("AAAA") else "BBBB")
    return body


def _register(stub, client, principal: str, kind: str = "legal", **extra):
    return client.post("/proxies", json={"kind": kind, "principal_card": _principal_card(stub, client, principal), **extra})


def _as(child: str) -> dict[str, str]:
    return {"X-Acting-For": child}


@pytest.fixture
def stub(stub_server_factory):
    return stub_server_factory()


def test_a_parent_registers_with_both_cards_and_acts_for_the_child(stub) -> None:
    with stub_client(stub, login(stub, "r02")) as parent, stub_client(stub, login(stub, "r08")) as child:
        # Before registration the parent reaches nothing of the child's.
        assert parent.get("/self-info/vaccination", headers=_as("r08")).json()["error"] == "not_represented"
        made = _register(stub, parent, "r08")
        assert made.status_code == 201, made.text
        grant = made.json()
        assert (grant["kind"], grant["relation"], grant["status"]) == ("legal", "parent", "active")
        assert grant["expires_at"].startswith("2032-09-18T00:00")  # the child's 18th birthday (民法第4条)
        # Acting: the child's わたしの情報, やりとり履歴 and notices, not the parent's.
        vac = parent.get("/self-info/vaccination", headers=_as("r08"))
        assert vac.status_code == 200, vac.text
        assert vac.json()["items"]
        own = parent.get("/self-info/vaccination").json()["items"]
        assert own == []  # the parent has no 予防接種 record of their own: the header chose the child
        child_history = {i["id"] for i in parent.get("/history", params={"limit": 200}, headers=_as("r08")).json()["items"]}
        assert child_history == {i["id"] for i in child.get("/history", params={"limit": 200}).json()["items"]}
        # The child's side: a 代理人の操作記録 and notices, the grant listed with the parent.
        actions = child.get("/proxies/actions").json()["items"]
        assert {a["proxy"]["id"] for a in actions} == {"r02"}
        assert {a["label"] for a in actions} >= {"わたしの情報の閲覧", "やりとり履歴の閲覧"}
        titles = [n["title"] for n in child.get("/notices", params={"limit": 50}).json()["items"]]
        assert "代理人が登録されました" in titles
        assert "代理人があなたの代わりに操作しました" in titles
        mine = child.get("/proxies").json()
        assert [g["proxy"]["id"] for g in mine["representatives"]] == ["r02"]
        assert mine["representatives"][0]["can_revoke"] is True
        # The login contract is untouched: /me is always the session's own resident.
        assert parent.get("/me", headers=_as("r08")).json()["display_name"] == "佐藤 健一"


def test_a_grant_for_one_child_opens_no_one_elses_data(stub) -> None:
    with (
        stub_client(stub, login(stub, "r02")) as parent,
        stub_client(stub, login(stub, "r10")) as other_child,
        stub_client(stub, login(stub, "r09")) as sibling,
    ):
        assert _register(stub, parent, "r08").status_code == 201
        # Another family's child, and the sibling with no grant: refused, whatever the endpoint.
        for who in ("r10", "r09", "r03", "nobody"):
            for path in ("/history", "/self-info", "/notices", "/applications"):
                r = parent.get(path, headers=_as(who))
                assert (r.status_code, r.json()["error"]) == (403, "not_represented"), (who, path)
        # Records of others are not found through the represented child either.
        foreign = other_child.get("/history", params={"limit": 1}).json()["items"][0]["id"]
        sibling_notice = sibling.get("/notices", params={"limit": 1}).json()["items"][0]["id"]
        assert parent.get(f"/history/{foreign}", headers=_as("r08")).status_code == 404
        assert parent.get(f"/notices/{sibling_notice}", headers=_as("r08")).status_code == 404
        # What a 代理人 may not do for the child at all.
        blocked = parent.get("/delivery", headers=_as("r08"))
        assert (blocked.status_code, blocked.json()["error"]) == (403, "not_permitted_for_proxy")
        # The child cannot turn the grant around.
        assert other_child.get("/history", headers=_as("r03")).json()["error"] == "not_represented"


@pytest.mark.parametrize(
    ("proxy", "principal", "kind", "extra", "code"),
    [
        ("r03", "r08", "legal", {}, "relationship_not_confirmed"),  # not in r03's 世帯
        ("r02", "r06", "legal", {}, "not_a_minor"),
        ("r02", "r02", "legal", {}, "self_grant"),
        ("r02", "r08", "voluntary", {"expires_on": "2030-01-01"}, "principal_is_a_minor"),
        ("r06", "r05", "voluntary", {}, "bad_expiry"),
    ],
)
def test_registration_is_refused_by_the_rules(stub, proxy, principal, kind, extra, code) -> None:
    with stub_client(stub, login(stub, proxy)) as client:
        r = _register(stub, client, principal, kind, **extra)
        assert (r.status_code, r.json()["error"]) == (422, code)


def test_registration_needs_the_principals_card_to_sign(stub) -> None:
    with stub_client(stub, login(stub, "r02")) as parent:
        r = parent.post("/proxies", json={"kind": "legal", "principal_card": _principal_card(stub, parent, "r08", tamper=True)})
        assert (r.status_code, r.json()["error"]) == (403, "principal_invalid_signature")
        assert parent.get("/proxies").json()["represented"] == []


def test_revocation_by_the_child_side_cuts_the_parent_at_once(stub) -> None:
    with stub_client(stub, login(stub, "r02")) as parent, stub_client(stub, login(stub, "r08")) as child:
        grant = _register(stub, parent, "r08").json()
        assert parent.get("/notices", headers=_as("r08")).status_code == 200
        with stub_client(stub, login(stub, "r06")) as stranger:
            assert stranger.delete(f"/proxies/{grant['id']}").status_code == 404
        assert child.delete(f"/proxies/{grant['id']}").status_code == 204
        after = parent.get("/notices", headers=_as("r08"))
        assert (after.status_code, after.json()["error"]) == (403, "not_represented")
        assert parent.get("/notices").status_code == 200  # the parent's own session goes on
        listed = parent.get("/proxies").json()["represented"][0]
        assert (listed["status"], listed["can_revoke"]) == ("revoked", False)
        titles = [n["title"] for n in child.get("/notices", params={"limit": 50}).json()["items"]]
        assert "代理人の登録が解除されました" in titles


def test_a_voluntary_grant_between_adults_and_its_end_by_the_proxy(stub) -> None:
    with stub_client(stub, login(stub, "r06")) as helper, stub_client(stub, login(stub, "r05")) as principal:
        made = _register(stub, helper, "r05", "voluntary", expires_on="2027-03-31")
        assert made.status_code == 201, made.text
        assert made.json()["expires_at"].startswith("2027-04-01T00:00")
        assert helper.get("/self-info/tax", headers=_as("r05")).status_code == 200
        assert principal.get("/proxies").json()["representatives"][0]["proxy"]["id"] == "r06"
        assert helper.delete(f"/proxies/{made.json()['id']}").status_code == 204
        assert helper.get("/self-info/tax", headers=_as("r05")).status_code == 403


def test_the_municipality_blocks_proxies_for_a_resident_under_dv_protection(stub) -> None:
    with stub_client(stub, login(stub, "r03")) as parent:
        assert _register(stub, parent, "r10").status_code == 201
        assert parent.get("/history", headers=_as("r10")).status_code == 200
        done = run_stub_cli("proxy-block", "--resident", "r10", "--json", "--data-dir", str(stub.data_dir))
        assert done.returncode == 0, done.stderr
        assert '"grants_ended": 1' in done.stdout
        cut = parent.get("/history", headers=_as("r10"))
        assert (cut.status_code, cut.json()["error"]) == (403, "not_represented")
        again = _register(stub, parent, "r10")
        assert (again.status_code, again.json()["error"]) == (403, "proxy_blocked")
        assert parent.get("/proxies").json()["represented"][0]["status"] == "blocked"


@pytest.fixture
def clocked(stub_server_factory):
    return stub_server_factory("--testing-clock")


def _events(lines):
    """(event, data) pairs of a text/event-stream, as they arrive."""
    kind, data = None, ""
    for line in lines:
        if line.startswith("event: "):
            kind = line[7:]
        elif line.startswith("data: "):
            data = line[6:]
        elif line == "" and kind:
            yield kind, data
            kind, data = None, ""


def test_the_parents_stream_of_the_childs_notices_ends_when_the_child_side_revokes(clocked) -> None:
    stub = clocked
    with stub_client(stub, login(stub, "r02")) as parent, stub_client(stub, login(stub, "r08")) as child:
        grant = _register(stub, parent, "r08").json()
        with parent.stream("GET", "/stream/notices", headers=_as("r08"), timeout=30.0) as stream:
            assert stream.status_code == 200
            events = _events(stream.iter_lines())
            assert next(events)[0] == "ready"
            with stub_client(stub) as c:
                assert c.post("/testing/notices", json={"resident_id": "r08", "title": "予防接種のお知らせ"}).status_code == 201
            kind, data = next(events)
            assert kind == "notice"
            assert "予防接種のお知らせ" in data
            assert child.delete(f"/proxies/{grant['id']}").status_code == 204
            kinds = []
            for kind, data in events:
                kinds.append(kind)
                if kind == "end":
                    assert "grant_ended" in data
                    break
            assert kinds[-1] == "end"
        # Acting on a stream without a grant: refused before it opens.
        assert parent.get("/stream/notices", headers=_as("r10")).status_code == 403
    with stub_client(stub, login(stub, "r08")) as child:
        assert "お知らせの受信" in {a["label"] for a in child.get("/proxies/actions").json()["items"]}


def test_a_voluntary_grant_expires_after_its_last_day(clocked) -> None:
    stub = clocked
    with stub_client(stub, login(stub, "r06")) as helper:
        made = _register(stub, helper, "r05", "voluntary", expires_on="2027-01-10")
        assert made.status_code == 201, made.text
        assert helper.get("/self-info/tax", headers=_as("r05")).status_code == 200
    days = (dt.datetime(2027, 1, 11, 0, 0, 1, tzinfo=JST) - dt.datetime.now(JST)).total_seconds()
    with stub_client(stub) as c:
        assert c.post("/testing/clock", json={"advance_seconds": days}).status_code == 200
    with stub_client(stub, login(stub, "r06")) as helper:
        gone = helper.get("/self-info/tax", headers=_as("r05"))
        assert (gone.status_code, gone.json()["error"]) == (403, "not_represented")
        assert helper.get("/proxies").json()["represented"][0]["status"] == "expired"
