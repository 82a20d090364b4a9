"""A kiosk set up for large text (the example policy with its font size raised to 200 %): the
resident logs in with the PIN dialog's own keypad. Every key shows its digit whole, no key
lies over another, and the whole dialog (keys, OK and キャンセル) is on the screen."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QPushButton, QWidget

from tests.journeys.harness import EXAMPLE_POLICY
from ui.card.pin_dialog import PinDialog


def _rect(widget: QWidget) -> QRect:
    return QRect(widget.mapToGlobal(widget.rect().topLeft()), widget.size())


def test_kiosk_pin_keypad_at_200_percent_fits_without_overlapping_keys(launch_app, tmp_path):
    policy = json.loads(EXAMPLE_POLICY.read_text(encoding="utf-8"))
    policy["settings"]["font_scale"] = 2.0
    policy_file = tmp_path / "kiosk-policy.json"
    policy_file.write_text(json.dumps(policy), encoding="utf-8")
    j = launch_app(kiosk=True, policy_file=policy_file)
    assert round(j.ctx.settings.font_scale * 100) == 200

    j.start_kiosk_session()
    r = j.resident("r01")
    j.place_demo_card("r01")
    login = j.screen("login")
    j.wait_until(lambda: login.state == "ready" and not login._busy)
    j.click(login.login_button)
    dialog = j.wait_dialog(PinDialog)
    j.settle()
    pad = dialog.findChild(QWidget, "pinKeypad")
    assert pad is not None, "the kiosk's PIN dialog has no keypad"
    assert pad.isVisible()
    keys = [b for b in pad.findChildren(QPushButton) if b.isVisible()]
    assert len(keys) >= 11, [b.text() for b in keys]

    problems: list[str] = []
    for key in keys:
        need = key.minimumSizeHint()
        if key.height() < need.height() or key.width() < need.width():
            problems.append(f"key {key.text()!r} is {key.width()}x{key.height()}, its text needs {need.width()}x{need.height()}")
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            inter = _rect(a).intersected(_rect(b))
            if inter.width() > 1 and inter.height() > 1:
                problems.append(f"key {a.text()!r} overlaps {b.text()!r} by {inter.width()}x{inter.height()}")
    screen = dialog.screen().availableGeometry()
    if not screen.contains(dialog.frameGeometry()):
        problems.append(f"the dialog {dialog.frameGeometry()} is not inside the screen {screen}")
    for widget in (dialog.ok_button, dialog.cancel_button, dialog.edit, *keys):
        inside = QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())
        if not screen.contains(_rect(widget)) or not dialog.rect().contains(inside):
            problems.append(f"{widget.objectName()} is off the dialog or the screen")
    assert not problems, "\n".join(problems)

    # And the keys work: the resident types the PIN on them and is logged in.
    by_text = {k.text(): k for k in keys}
    for digit in r.auth_pin:
        j.click(by_text[digit])
    j.click(dialog.ok_button)
    j.wait_until(lambda: j.session.is_logged_in)
