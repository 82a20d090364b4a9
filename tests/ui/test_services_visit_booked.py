"""A 児童扶養手当 現況届 ends online with the visit booked: the status page says so, and says no
decision (issue 15, point 14)."""

from __future__ import annotations

from app.portal.models import ApplicationStatus
from ui.kosodate.status import FINAL
from ui.kosodate.wording import status_text


def test_every_status_the_server_answers_with_has_words() -> None:
    for status in ApplicationStatus:
        assert status_text(status)


def test_a_booked_visit_is_shown_as_booked_not_as_a_decision() -> None:
    text = status_text(ApplicationStatus.VISIT_BOOKED)
    assert "来庁予約済み" in text
    assert "決定（" not in text  # not 「決定（認定されました）」
    assert ApplicationStatus.VISIT_BOOKED in FINAL  # nothing more happens online: polling stops
