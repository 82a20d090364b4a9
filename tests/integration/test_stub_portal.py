"""The portal services of a real stub server over HTTPS (started by the stub_server fixture)."""

from __future__ import annotations

import uuid

import pytest

from tests.fixtures.stub import login, run_stub_cli, signed_application_body, stub_client

pytestmark = pytest.mark.integration


def test_history_self_info_and_scoping_over_https(stub_server):
    with stub_client(stub_server, login(stub_server, "r01")) as mine, stub_client(
        stub_server, login(stub_server, "r02")
    ) as theirs:
        page = mine.get("/history", params={"limit": 5}).json()
        assert len(page["items"]) == 5
        assert page["next_cursor"]
        assert page["total"] > 5
        following = mine.get("/history", params={"limit": 5, "cursor": page["next_cursor"]}).json()
        assert not {i["id"] for i in page["items"]} & {i["id"] for i in following["items"]}
        tax = mine.get("/self-info/tax").json()
        assert mine.get(f"/history/{tax['history_id']}").json()["trigger"]["kind"] == "self_info"
        assert theirs.get(f"/history/{tax['history_id']}").status_code == 404


def test_signed_application_is_processed_by_the_municipality(stub_server):
    key = str(uuid.uuid4())
    body = signed_application_body(stub_server.data_dir, "r01", idempotency_key=key)
    with stub_client(stub_server, login(stub_server, "r01")) as client:
        first = client.post("/applications", json=body, headers={"Idempotency-Key": key})
        again = client.post("/applications", json=body, headers={"Idempotency-Key": key})
        assert (first.status_code, again.status_code) == (201, 200)
        app_id = first.json()["id"]
        assert again.json()["id"] == app_id
        done = run_stub_cli("advance", "--data-dir", str(stub_server.data_dir))
        assert done.returncode == 0, done.stderr
        status = client.get(f"/applications/{app_id}").json()
        assert status["status"] == "approved"
        assert client.get(f"/notices/{status['notice_id']}").json()["application_id"] == app_id
        items = client.get("/history", params={"q": "児童手当", "limit": 200}).json()["items"]
        linked = [i for i in items if (i["trigger"] or {}).get("ref") == app_id]
        assert {i["legal_basis"]["beppyo2_item"] for i in linked} == {"74", "75"}
