"""The harness itself: launch, login, logout and a second resident on one app run."""

from __future__ import annotations


def test_login_logout_and_another_resident(home):
    home.login_as("r01")
    assert home.window.resident_label.isVisible()
    assert home.resident("r01").name.split()[0] in home.window.resident_label.text()
    home.logout()
    assert home.screen_key == "login"
    home.login_as("r02")
    assert home.resident("r02").name.split()[0] in home.window.resident_label.text()


def test_kiosk_with_the_example_policy_starts_on_the_attract_screen_and_logs_in(kiosk):
    assert kiosk.kiosk.attract.isVisible()
    kiosk.start_kiosk_session()
    kiosk.login_as("r03")
    assert kiosk.session.is_logged_in
    kiosk.logout()
    kiosk.wait_until(lambda: kiosk.kiosk.attract.isVisible())


def test_kiosk_without_a_policy_starts_and_logs_in(kiosk_no_policy):
    kiosk_no_policy.start_kiosk_session()
    kiosk_no_policy.login_as("r01")
    assert kiosk_no_policy.session.is_logged_in
