"""The Qt binding keeps Python's reference counts straight.

PySide6 6.12.0 drops a reference to ``None`` on every call that returns nothing; on Python
3.11 the app then aborts ("none_dealloc") after a few thousand calls, which for a resident is
a window that vanishes mid-application. pyproject pins the binding below it; this test makes
sure no upgrade brings such a binding back unnoticed.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_calls_returning_nothing_leave_none_alone(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(2000):
        label.setText(str(i))
    # Other threads may hold or drop a few references meanwhile; a leak is one per call.
    assert abs(sys.getrefcount(None) - before) < 200
