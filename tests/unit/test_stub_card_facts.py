"""What the stub's /me says of the resident's card (its end, both certificates', a lapsed 署名用
certificate after a move), and the server date a client counts expiry from."""

from __future__ import annotations

import datetime as dt
import email.utils

from backend_stub.jlis import JLIS, card_end, nth_birthday_after
from tests.unit.test_network_http import auth, get


def test_me_gives_the_card_end_and_both_certificate_ends(stub_app):
    card = get(stub_app, "/me", auth(stub_app, "r02")).json()["card"]
    assert card["sign_lapsed_at"] is None
    assert card["sign_lapse_reason"] is None
    auth_end = dt.datetime.fromisoformat(card["auth_not_after"])
    card_until = dt.datetime.fromisoformat(card["valid_until"])
    # an adult's card lasts to the 10th birthday after issue, its certificates to the 5th
    # (src:minato-card-validity)
    assert card_until.year - auth_end.year == 5
    assert card["sign_not_after"] == card["auth_not_after"]


def test_a_move_lapses_the_signing_certificate_only(stub_app):
    JLIS(stub_app.data_dir).lapse_signing("r06", dt.date(2026, 2, 14))
    card = get(stub_app, "/me", auth(stub_app, "r06")).json()["card"]
    assert card["sign_lapse_reason"] == "address_change"
    assert dt.datetime.fromisoformat(card["sign_lapsed_at"]).astimezone(dt.timezone(dt.timedelta(hours=9))).date() \
        == dt.date(2026, 2, 14)
    # 利用者証明用 goes on: the resident still logs in (auth() above did)


def test_the_near_renewal_demo_card_ends_on_her_next_birthday(stub_app):
    card = get(stub_app, "/me", auth(stub_app, "r07")).json()["card"]
    end = dt.datetime.fromisoformat(card["auth_not_after"]).astimezone(dt.timezone(dt.timedelta(hours=9))).date()
    today = dt.datetime.fromtimestamp(stub_app.clock.now(), dt.UTC).date()
    assert end == nth_birthday_after(dt.date(1952, 10, 10), today, 1)


def test_under_18_a_card_lasts_to_the_5th_birthday():
    issued = dt.datetime(2026, 6, 1, tzinfo=dt.UTC)
    assert card_end(dt.date(2012, 3, 3), issued).astimezone(dt.timezone(dt.timedelta(hours=9))).date() == dt.date(2031, 3, 3)
    assert card_end(dt.date(2000, 3, 3), issued).astimezone(dt.timezone(dt.timedelta(hours=9))).date() == dt.date(2036, 3, 3)


def test_the_date_header_follows_the_stub_clock(stub_app):
    stub_app.clock.offset += 400 * 86400
    response = get(stub_app, "/me", auth(stub_app, "r02"))
    server = email.utils.parsedate_to_datetime(response.headers["date"])
    assert abs(server.timestamp() - stub_app.clock.now()) < 5


def test_the_demo_resident_who_moved_after_his_card_was_issued_has_a_lapsed_signing_certificate(stub_app):
    """r12 (中村 直樹) moved in on the seeded day of his 転入 (backend_stub.network.profiles); his card
    was issued before it, so the move lapsed his 署名用 certificate then (src:fuchu-move-sign-lapse)."""
    from backend_stub.network.profiles import demo_move

    jst = dt.timezone(dt.timedelta(hours=9))
    card = get(stub_app, "/me", auth(stub_app, "r12")).json()["card"]  # 利用者証明用 still logs in
    assert card["sign_lapse_reason"] == "address_change"
    assert dt.datetime.fromisoformat(card["sign_lapsed_at"]).astimezone(jst).date() == demo_move("r12")
    assert dt.datetime.fromisoformat(card["auth_not_after"]) > dt.datetime.fromtimestamp(stub_app.clock.now(), dt.UTC)
    # and the stub refuses what that certificate signs
    assert JLIS(stub_app.data_dir).is_revoked(JLIS(stub_app.data_dir).load_card("r12").sign_cert)
    assert not JLIS(stub_app.data_dir).is_revoked(JLIS(stub_app.data_dir).load_card("r12").auth_cert)


def test_the_lapse_sign_admin_command_lapses_a_residents_signing_certificate(stub_app, capsys):
    from backend_stub.cli import main

    assert main(["lapse-sign", "--resident", "r05", "--on", "2026-11-30", "--json", "--data-dir", str(stub_app.data_dir)]) == 0
    assert '"sign_lapsed_on": "2026-11-30"' in capsys.readouterr().out
    card = get(stub_app, "/me", auth(stub_app, "r05")).json()["card"]  # 利用者証明用 still logs in
    assert card["sign_lapse_reason"] == "address_change"
    assert dt.datetime.fromisoformat(card["sign_lapsed_at"]).astimezone(dt.timezone(dt.timedelta(hours=9))).date() \
        == dt.date(2026, 11, 30)
    # a child's card has no 署名用 certificate to lapse; an unknown resident is refused
    assert main(["lapse-sign", "--resident", "r10", "--data-dir", str(stub_app.data_dir)]) != 0
    assert main(["lapse-sign", "--resident", "nobody", "--data-dir", str(stub_app.data_dir)]) != 0
    assert main(["lapse-sign", "--resident", "r05", "--on", "30.11.2026", "--data-dir", str(stub_app.data_dir)]) != 0
