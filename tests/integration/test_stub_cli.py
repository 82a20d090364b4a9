"""The ``mynastub`` command line (DESIGN.md §3): stable output, clear failures, clean stop."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.stub import StubServer, login, stub_client

pytestmark = pytest.mark.integration


def test_residents_json_lists_ids_names_and_demo_pins(run_stub: Callable[..., Any]) -> None:
    result = run_stub("residents", "--json")
    assert result.returncode == 0, result.stderr
    residents = json.loads(result.stdout)
    by_id = {r["id"]: r for r in residents}
    assert len(by_id) >= 6
    assert by_id["r01"]["name"] == "山田 花子"
    assert by_id["r01"]["pins"] == {"auth": "1234", "sign": "ABC123", "kenhojo": "4321"}
    assert {r["municipality_code"] for r in residents} >= {"112305", "085421", "131016"}


def test_residents_text_output(run_stub: Callable[..., Any]) -> None:
    result = run_stub("residents")
    assert result.returncode == 0
    assert "r03\t鈴木 美咲\t茨城県五霞町\tauth=3456" in result.stdout


def test_errors_are_one_line_and_json_with_json(
    run_stub: Callable[..., Any], stub_server: StubServer
) -> None:
    result = run_stub("revoke", "--resident", "nobody", "--data-dir", str(stub_server.data_dir), "--json")
    assert result.returncode != 0
    assert json.loads(result.stdout) == {
        "error": "unknown_resident",
        "message": "no card issued to resident 'nobody'",
    }
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("mynastub: error: ")
    plain = run_stub("card", "--resident", "nobody", "--data-dir", str(stub_server.data_dir))
    assert plain.returncode != 0
    assert plain.stdout == ""
    assert len(plain.stderr.strip().splitlines()) == 1


def test_bad_vpcd_address_is_refused(run_stub: Callable[..., Any], stub_server: StubServer) -> None:
    result = run_stub(
        "card", "--resident", "r01", "--vpcd", "nowhere", "--data-dir", str(stub_server.data_dir)
    )
    assert result.returncode != 0
    assert "HOST:PORT" in result.stderr


def test_seed_is_idempotent_on_a_running_server(
    run_stub: Callable[..., Any], stub_server: StubServer
) -> None:
    token = login(stub_server, "r02")
    result = run_stub("seed", "--json", "--data-dir", str(stub_server.data_dir))
    assert result.returncode == 0, result.stderr
    assert {"r01", "r02", "r07"} <= set(json.loads(result.stdout)["cards"])
    # Same cards: the session and the card keys still work after a re-seed.
    with stub_client(stub_server, token) as client:
        assert client.get("/me").status_code == 200
    assert login(stub_server, "r02")


def test_serve_restarts_on_its_data_and_stops_cleanly(
    stub_server: StubServer, stub_server_factory: Callable[..., StubServer], tmp_path: Path
) -> None:
    data_dir = tmp_path / "copy"
    shutil.copytree(stub_server.data_dir, data_dir)  # the server is idle: db and WAL are consistent
    first = stub_server_factory(data_dir=data_dir)
    ca_pem = first.ca_file.read_bytes()
    token = login(first, "r01")
    assert first.stop() == 0
    second = stub_server_factory(data_dir=data_dir)
    assert second.url != ""
    assert second.ca_file.read_bytes() == ca_pem  # clients keep trusting the same CA
    with stub_client(second, token) as client:
        assert client.get("/me").json()["display_name"] == "山田 花子"  # sessions survive a restart
    assert second.stop() == 0


def test_serve_reports_a_busy_port(
    run_stub: Callable[..., Any], stub_server: StubServer, tmp_path: Path
) -> None:
    port = stub_server.url.rsplit(":", 1)[1]
    result = run_stub("serve", "--port", port, "--data-dir", str(tmp_path / "d"))
    assert result.returncode != 0
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_a_sickness_allowance_claims_query_shows_in_the_residents_history(
    run_stub: Callable[..., Any], stub_server: StubServer
) -> None:
    result = run_stub("sickness-claim", "--resident", "r05", "--json", "--data-dir", str(stub_server.data_dir))
    assert result.returncode == 0, result.stderr
    claim = json.loads(result.stdout)
    assert (claim["insurer"], claim["beppyo2_item"], claim["outcome"]) == ("kyokai-kenpo", "2", "provided")
    with stub_client(stub_server, login(stub_server, "r05")) as client:
        record = client.get(f"/history/{claim['history_id']}").json()
    assert record["requester"]["code"] == "kyokai-kenpo"
    assert record["provider"]["code"] == "nenkin-kikou"
    assert record["information"] == "年金給付関係情報"
    unknown = run_stub("sickness-claim", "--resident", "nobody", "--json", "--data-dir", str(stub_server.data_dir))
    assert unknown.returncode != 0
    assert json.loads(unknown.stdout)["error"] == "unknown_resident"
