"""Stub storage, configuration and demo data (no server)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
from pathlib import Path

import pytest
from cryptography import x509

from backend_stub.jlis import JLIS, is_valid_my_number
from backend_stub.server import StubConfig
from backend_stub.server import db as db_module
from backend_stub.server.db import Database
from backend_stub.server.residents import cert_fingerprint, load_demo_residents, seed
from backend_stub.server.tls import ensure_tls


def test_demo_residents_are_complete_and_consistent() -> None:
    demo = load_demo_residents()
    assert len(demo) >= 6
    codes = {d.resident.municipality_code for d in demo}
    assert {"112305", "085421", "131016"} <= codes
    numbers = [d.resident.my_number for d in demo] + [m.my_number for d in demo for m in d.resident.household]
    assert all(is_valid_my_number(n) for n in numbers)
    # A number names one person: a child resident is the same person as the parents' household entry.
    people = {(d.resident.my_number, d.resident.name, d.resident.birth_date) for d in demo} | {
        (m.my_number, m.name, m.birth_date) for d in demo for m in d.resident.household
    }
    assert len({p[0] for p in people}) == len(people)
    for child in (d.resident for d in demo if "minor" in d.resident.situations):
        parents = [d.resident for d in demo if any(
            m.relation == "child" and m.my_number == child.my_number for m in d.resident.household)]
        assert parents, f"{child.id} is no demo parent's household entry"
        assert {p.my_number for p in parents} <= {m.my_number for m in child.household if m.relation == "parent"}
    assert len({d.resident.id for d in demo}) == len(demo)
    situations = {s for d in demo for s in d.resident.situations}
    assert {
        "newborn",
        "several_children",
        "single_parent",
        "disability",
        "welfare",
        "nursery",
        "pregnancy",
    } <= situations
    for d in demo:
        r = d.resident
        assert re.fullmatch(r"\d{11}", r.juminhyo_code)
        assert re.fullmatch(r"\d{3}-\d{4}", r.postal_code)
        assert r.address.startswith(r.prefecture)
        assert r.municipality_name in r.address
        assert re.fullmatch(r"[ァ-ヶー ]+", r.name_kana)
        assert re.fullmatch(r"\d{4}", d.pins.auth)
        assert re.fullmatch(r"\d{4}", d.pins.kenhojo)
        # A child under 15 has no 署名用 certificate and so no sign PIN (src:fukuchiyama-jpki-age).
        if d.pins.sign is None:
            assert "minor" in r.situations
            assert (dt.date(2026, 12, 6) - r.birth_date).days < 15 * 365
        else:
            assert re.fullmatch(r"[A-Z0-9]{6,16}", d.pins.sign)
        assert all(m.birth_date > r.birth_date for m in r.household if m.relation == "child")
    assert len({d.pins.auth for d in demo}) == len(demo)


def test_migrations_are_versioned_and_idempotent(tmp_path: Path) -> None:
    db = Database.in_data_dir(tmp_path)
    first = db.migrate()
    assert first["core"] == len(db_module.CORE_MIGRATIONS)
    assert db.migrate() == first
    assert db.query_one("PRAGMA journal_mode")[0] == "wal"
    assert db.query_one("PRAGMA foreign_keys")[0] == 1
    db.close()


def test_registered_migrations_are_applied_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "_registered", {})
    db_module.register_migrations("extra", ["CREATE TABLE extra_a (x INTEGER);"])
    db = Database.in_data_dir(tmp_path)
    assert db.migrate()["extra"] == 1
    db_module.register_migrations(
        "extra", ["CREATE TABLE extra_a (x INTEGER);", "CREATE TABLE extra_b (y TEXT);"]
    )
    assert db.migrate()["extra"] == 2
    db.execute("INSERT INTO extra_b (y) VALUES ('ok')")
    db.close()


def test_failed_migration_leaves_the_version_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "_registered", {})
    db_module.register_migrations("broken", ["CREATE TABLE ok_t (x INTEGER); CREATE TABLE ok_t (x INTEGER);"])
    db = Database.in_data_dir(tmp_path)
    with pytest.raises(sqlite3.OperationalError):
        db.migrate()
    assert "broken" not in db.schema_versions()
    assert db.query_one("SELECT name FROM sqlite_master WHERE name = 'ok_t'") is None
    db.close()


def test_each_thread_gets_its_own_connection(tmp_path: Path) -> None:
    db = Database.in_data_dir(tmp_path)
    db.migrate()
    seen: list[sqlite3.Connection] = []
    thread = threading.Thread(target=lambda: seen.append(db.connection()))
    thread.start()
    thread.join(timeout=10)
    assert seen
    assert seen[0] is not db.connection()
    db.close()


def test_seed_is_idempotent_and_maps_both_certificates(seeded_stub_template: Path, tmp_path: Path) -> None:
    import shutil

    data_dir = tmp_path / "data"
    shutil.copytree(seeded_stub_template, data_dir)
    db = Database.in_data_dir(data_dir)
    db.migrate()
    jlis = JLIS(data_dir)
    before = {tuple(row) for row in db.query_all("SELECT fingerprint, resident_id FROM resident_certificates")}
    residents = seed(db, jlis, data_dir)
    after = {tuple(row) for row in db.query_all("SELECT fingerprint, resident_id FROM resident_certificates")}
    assert before == after
    # Both certificates of each card; a child under 15 has only the 利用者証明用 one (src:fukuchiyama-jpki-age).
    signing = {r.id: jlis.load_card(r.id).sign_cert is not None for r in residents}
    assert len(after) == sum(2 if has else 1 for has in signing.values())
    assert [rid for rid, has in signing.items() if not has] == ["r08", "r10", "r11"]
    profile = jlis.load_card("r01")
    assert (cert_fingerprint(profile.auth_cert), "r01") in after
    db.close()


def test_config_from_env_and_flags(tmp_path: Path) -> None:
    env = {"MYNASTUB_TOKEN_IDLE_SECONDS": "60", "MYNASTUB_LOGIN_FAILURES_PER_IP": "5"}
    config = StubConfig.from_env(tmp_path, env, token_lifetime_seconds=120.0, login_failures_per_ip=None)
    assert config.token_idle_seconds == 60.0
    assert config.token_lifetime_seconds == 120.0
    assert config.login_failures_per_ip == 5
    with pytest.raises(ValueError, match="MYNASTUB_TOKEN_IDLE_SECONDS"):
        StubConfig.from_env(tmp_path, {"MYNASTUB_TOKEN_IDLE_SECONDS": "soon"})
    with pytest.raises(ValueError, match="positive"):
        StubConfig.from_env(tmp_path, {}, challenge_ttl_seconds=0.0)


def test_origins_follow_host_port_or_public_origin(tmp_path: Path) -> None:
    loopback = StubConfig(data_dir=tmp_path, host="127.0.0.1", port=8443)
    assert loopback.origins() == {"https://127.0.0.1:8443", "https://localhost:8443"}
    public = StubConfig(data_dir=tmp_path, port=8443, public_origin="https://portal.example:9443/")
    assert public.origins() == {"https://portal.example:9443"}


def test_tls_material_is_created_once_and_covers_loopback(tmp_path: Path) -> None:
    files = ensure_tls(tmp_path)
    ca_pem = files.ca_file.read_bytes()
    cert = x509.load_pem_x509_certificate(files.cert_file.read_bytes())
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in san.get_values_for_type(x509.DNSName)
    assert any(str(ip) == "127.0.0.1" for ip in san.get_values_for_type(x509.IPAddress))
    ca = x509.load_pem_x509_certificate(ca_pem)
    cert.verify_directly_issued_by(ca)
    assert cert.not_valid_after_utc > dt.datetime.now(dt.UTC) + dt.timedelta(days=300)
    assert ensure_tls(tmp_path).ca_file.read_bytes() == ca_pem
    assert (tmp_path / "tls" / "ca-key.pem").stat().st_mode & 0o077 == 0


def test_residents_json_has_no_real_looking_secrets() -> None:
    text = (Path(__file__).resolve().parents[2] / "backend_stub" / "data" / "residents.json").read_text(
        "utf-8"
    )
    data = json.loads(text)
    assert "fictional" in data["_comment"].lower()


def test_challenge_store_stays_bounded_without_evicting_live_challenges() -> None:
    from backend_stub.server import auth

    store = auth.ChallengeStore(capacity=5)
    ids = [store.create(now=1000.0, ttl=300)[0] for _ in range(5)]
    with pytest.raises(auth.ChallengeStoreFullError) as full:
        store.create(now=1001.0, ttl=300)
    assert full.value.retry_after == 299  # when the first live one expires
    assert store.take(ids[0], 1001.0)[0] == "ok"  # nobody's challenge was evicted
    assert store.take(ids[0], 1001.0)[0] == "challenge_used"
    # Once they have expired, they make room.
    fresh, _ = store.create(now=1300.0, ttl=300)
    assert store.take(fresh, 1301.0)[0] == "ok"


def test_challenge_limits_come_from_the_environment_and_are_checked(tmp_path: Path) -> None:
    default = StubConfig.from_env(tmp_path, {})
    assert (default.challenge_burst, default.challenges_per_minute) == (20, 120.0)
    env = {"MYNASTUB_CHALLENGE_BURST": "5", "MYNASTUB_CHALLENGES_PER_MINUTE": "30"}
    config = StubConfig.from_env(tmp_path, env)
    assert (config.challenge_burst, config.challenges_per_minute) == (5, 30.0)
    with pytest.raises(ValueError, match="challenge limits"):
        StubConfig.from_env(tmp_path, {}, challenge_burst=0)


def test_challenge_issuance_refills_at_its_rate() -> None:
    from backend_stub.server.auth import IssueRateLimiter

    limiter = IssueRateLimiter(per_minute=120, burst=3)
    assert [limiter.take("a", 100.0) for _ in range(3)] == [None, None, None]
    assert limiter.take("a", 100.0) == 1  # two a second: the next one in half a second
    assert limiter.take("b", 100.0) is None  # another source has its own bucket
    assert limiter.take("a", 100.5) is None
    assert limiter.take("a", 100.5) == 1
