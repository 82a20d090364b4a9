"""Every time a resident reads is Japan time (JST), on a computer whose clock runs in UTC:
the certificate's validity, the draft's saved time and the application's timeline, beside the
notices that already were (issue 13, point 8)."""

from __future__ import annotations

import datetime as dt
import os
import time
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509

from tests.journeys.test_focus import FILL

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture(scope="module", autouse=True)
def _utc_clock():
    """The computer's clock in UTC (TZ=UTC), where showing local time and JST differ by 9 h."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def _minutes(text_hhmm: str) -> int:
    h, m = text_hhmm.split(":")[:2]
    return int(h) * 60 + int(m)


def _near_now_jst(shown_hhmm: str) -> bool:
    now = dt.datetime.now(TOKYO)
    return abs(_minutes(shown_hhmm) - (now.hour * 60 + now.minute)) % (24 * 60) in (0, 1, 1439)


def test_times_read_in_japan_time_on_a_utc_computer(home):
    assert time.localtime().tm_gmtoff == 0
    home.login_as("r01")

    card = home.open_screen("card")
    home.click(card.cert_read)
    home.wait_until(lambda: card.cert_fields["not_after"].text() not in ("", "—"))
    der = (home.cards.data_dir / "cards" / "r01" / "auth.der").read_bytes()
    cert = x509.load_der_x509_certificate(der)
    expected = cert.not_valid_after_utc.astimezone(TOKYO).strftime("%Y-%m-%d %H:%M")
    assert expected in card.cert_fields["not_after"].text()

    screen = home.open_screen("services")
    home.wait_until(lambda: screen.search.model.rowCount() > 0)
    assert screen.search.select_service("jidou-teate-nintei")
    home.click(screen.search.apply_button)
    home.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    wizard = screen.wizard
    home.click(wizard.prefill_button)
    home.type_pin(home.resident("r01").kenhojo_pin)
    home.wait_until(lambda: not wizard.busy and bool(wizard.prefilled))
    for path, value in FILL:
        wizard.set_value(path, value)
    wizard.save_now()
    saved = wizard.save_label.text()  # 下書きを保存しました（HH:MM:SS）
    assert _near_now_jst(saved.split("（")[1][:5]), saved
    home.click(wizard.close_button)
    home.wait_until(lambda: screen.drafts_model.rowCount() == 1)
    listed = screen.drafts_model.item(0).text()  # …（入力途中・YYYY-MM-DD HH:MM）
    assert dt.datetime.now(TOKYO).strftime("%Y-%m-%d") in listed
    assert _near_now_jst(listed.rsplit(" ", 1)[1][:5]), listed

    home.click(screen.resume_button)
    home.wait_until(lambda: screen.wizard is not None and screen.wizard.isVisible())
    wizard = screen.wizard
    while wizard.step < wizard.review_step:
        home.click(wizard.next_button)
    home.click(wizard.submit_button)
    home.type_pin(home.resident("r01").sign_pin)
    home.wait_until(lambda: screen.status_view is not None and screen.status_view.application is not None, 20_000)
    timeline = screen.status_view.details.toPlainText()
    first = next(line for line in timeline.splitlines() if line[:2] == "20")
    assert first.startswith(dt.datetime.now(TOKYO).strftime("%Y-%m-%d")), timeline
    assert _near_now_jst(first.split(" ")[1]), timeline
