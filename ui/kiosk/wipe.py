"""Wipe of everything the resident left in memory, and a check that nothing reached the disk.

The composition root makes one coordinator for a kiosk (``root.wipe``); what holds the
resident's data enlists once: ``wipe.register(obj)`` where ``obj`` has
``clear_personal_data()`` (or is a callable). Only weak references are held, so enlisting
never keeps a screen alive. On logout in kiosk mode the coordinator calls them all, clears
the clipboard, runs its discard hooks (the kiosk controller's: close the resident's dialogs,
then discard the screens, their models going with them). The checks after it scan: :func:`residue_in_memory` looks at every live item model and every
widget's text for the resident's data, :func:`residue_on_disk` at every file under the
data directory.
"""

from __future__ import annotations

import gc
import logging
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

log = logging.getLogger(__name__)

MAX_MODEL_CELLS = 200_000


class Clearable(Protocol):
    def clear_personal_data(self) -> None: ...


class WipeCoordinator(QObject):
    wiped = Signal(str)  # reason

    def __init__(self, ctx: QObject) -> None:
        super().__init__(ctx)
        self._ctx = ctx
        self._refs: list[weakref.ref[Any] | weakref.WeakMethod[Any]] = []
        self._discard_hooks: list[Callable[[], None]] = []

    def register(self, obj: Clearable | Callable[[], None]) -> None:
        """Enlists ``obj`` (weakly): its ``clear_personal_data()`` (or itself, if callable) runs on every wipe."""
        if hasattr(obj, "clear_personal_data"):
            self._refs.append(weakref.WeakMethod(obj.clear_personal_data))
        elif hasattr(obj, "__self__"):
            self._refs.append(weakref.WeakMethod(obj))
        else:
            self._refs.append(weakref.ref(obj))

    def add_discard_hook(self, hook: Callable[[], None]) -> None:
        """Runs after the clearables, e.g. ``window.reset_screens`` to drop every screen."""
        self._discard_hooks.append(hook)

    @property
    def registered(self) -> int:
        return sum(1 for ref in self._refs if ref() is not None)

    def wipe(self, reason: str) -> None:
        alive = []
        for ref in self._refs:
            target = ref()
            if target is None:
                continue
            alive.append(ref)
            try:
                target()
            except Exception:
                log.exception("a clearable failed during the wipe")
        self._refs = alive
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.clipboard().clear()
        for hook in self._discard_hooks:
            try:
                hook()
            except Exception:
                log.exception("a discard hook failed during the wipe")
        gc.collect()
        log.info("kiosk wipe done (%s)", reason)
        self.wiped.emit(reason)


def discard_screens(window: Any, keep: Iterable[str] = ()) -> None:
    """Drops every screen of ``window`` but ``keep`` (``MainWindow.reset_screens``); they are
    recreated empty on next use, the current one at once, so the window never shows a hole."""
    window.reset_screens(tuple(keep))


# -- residue checks ---------------------------------------------------------------------------
def _model_texts(model: QAbstractItemModel, parent: QModelIndex, budget: list[int]) -> Iterable[str]:
    try:
        rows = model.rowCount(parent)
    except RuntimeError:  # deleted on the C++ side
        return
    try:
        cols = model.columnCount(parent)
    except TypeError:  # list models keep columnCount private: one column
        cols = 1
    for row in range(rows):
        for col in range(cols):
            if budget[0] <= 0:
                return
            budget[0] -= 1
            index = model.index(row, col, parent)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                value = model.data(index, role)
                if value is not None:
                    yield str(value)
            if col == 0 and model.hasChildren(index):
                yield from _model_texts(model, index, budget)


def live_models() -> list[QAbstractItemModel]:
    return [obj for obj in gc.get_objects() if isinstance(obj, QAbstractItemModel)]


def _widget_text(widget: QWidget) -> list[str]:
    out = [widget.windowTitle(), widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        out.append(widget.text())
    if isinstance(widget, QLineEdit):
        out.append(widget.placeholderText())
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        out.append(widget.toPlainText())
    return out


def residue_in_memory(needles: Iterable[str], roots: Iterable[QWidget] | None = None) -> list[str]:
    """Where any of ``needles`` (the resident's name, kana, number, address, ...) still shows:
    in a live item model (anywhere in the process) or a widget's text under ``roots``
    (default: every top-level widget)."""
    needles = [n for n in needles if n and len(n) >= 2]
    found: list[str] = []
    budget = [MAX_MODEL_CELLS]
    for model in live_models():
        try:
            texts = list(_model_texts(model, QModelIndex(), budget))
        except RuntimeError:  # deleted on the C++ side
            continue
        for text in texts:
            hits = [n for n in needles if n in text]
            if hits:
                found.append(f"model {type(model).__name__} ({model.objectName()}): {hits[0]!r}")
                break
    app = QApplication.instance()
    if roots is None:
        # A scan of every window is the point of this check: residue in a window nobody
        # tracks (a dialog without a parent) is exactly what it must find.
        roots = app.topLevelWidgets() if isinstance(app, QApplication) else []
    for root in roots:
        for widget in [root, *root.findChildren(QWidget)]:
            for text in _widget_text(widget):
                hits = [n for n in needles if text and n in text]
                if hits:
                    found.append(f"widget {widget.objectName() or type(widget).__name__}: {hits[0]!r}")
                    break
    return found


def residue_on_disk(data_dir: Path, needles: Iterable[str]) -> list[Path]:
    """Files under ``data_dir`` that contain any of ``needles`` (UTF-8 or UTF-16)."""
    encoded = [form for n in needles if n and len(n) >= 2
               for form in (n.encode("utf-8"), n.encode("utf-16-le"))]
    hits: list[Path] = []
    if not data_dir.exists():
        return hits
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if any(form in data for form in encoded):
            hits.append(path)
    return hits
