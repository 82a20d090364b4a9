"""The PIN, signing-PIN and payment dialogs read whole in English (issue 13, point 5): the same
journey as test_dialog_text.py, on a backend of its own (the module's app), where r02's 保育料 is
still unpaid."""

from __future__ import annotations

from tests.journeys.test_dialog_text import read_whole_as


def test_pin_and_payment_messages_read_whole_in_english(home):
    read_whole_as(home, "en", "r02", "User-certificate PIN", "Signing-certificate PIN")
