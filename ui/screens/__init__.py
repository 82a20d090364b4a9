"""The screens of the main window and how they are found.

The navigation has a fixed list of entries (:data:`NAV_ENTRIES`). The screen for entry
``key`` is the module ``ui/screens/<key>.py`` with a function::

    def create_screen(ctx: PortalContext) -> QWidget    # or LoginContext, CardContext, ...

whose argument is the typed context the composition root builds for that key
(``CompositionRoot.screen_context``, types in :mod:`ui.screen_context`).
Screens are created lazily, the first time they are shown (the login screen at start-up).
A screen may implement ``screen_shown()`` to refresh when it becomes visible.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.tr import QT_TRANSLATE_NOOP

#: ``create_screen(context)``: each screen takes its own context type (ui.screen_context).
ScreenFactory = Callable[[Any], QWidget]

CONTEXT = "Navigation"


class NavEntry(NamedTuple):
    """One entry of the navigation. (A NamedTuple rather than a frozen dataclass: the class is
    made before the window's first paint, and a frozen dataclass takes ~0.5 ms more to make,
    DESIGN.md §9.)"""

    key: str  # module name under ui/screens/ and objectName suffix
    title: str  # source text (Japanese), translated in CONTEXT

    def translated_title(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.title)


NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("login", QT_TRANSLATE_NOOP("Navigation", "ログイン")),
    NavEntry("home", QT_TRANSLATE_NOOP("Navigation", "ホーム")),
    NavEntry("history", QT_TRANSLATE_NOOP("Navigation", "やりとり履歴")),
    NavEntry("self_info", QT_TRANSLATE_NOOP("Navigation", "わたしの情報")),
    NavEntry("notices", QT_TRANSLATE_NOOP("Navigation", "お知らせ")),
    NavEntry("services", QT_TRANSLATE_NOOP("Navigation", "サービス検索・申請")),
    NavEntry("card", QT_TRANSLATE_NOOP("Navigation", "カードと証明書")),
    NavEntry("proxies", QT_TRANSLATE_NOOP("Navigation", "わたしの代理人")),
    NavEntry("settings", QT_TRANSLATE_NOOP("Navigation", "設定")),
)

_overrides: dict[str, ScreenFactory] = {}


def entry(key: str) -> NavEntry:
    for candidate in NAV_ENTRIES:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def register_screen(key: str, factory: ScreenFactory) -> None:
    """Overrides the screen for ``key`` (tests, kiosk variants). Normal screens need not call
    this: the module ``ui.screens.<key>`` is found by name."""
    entry(key)
    _overrides[key] = factory


def unregister_screen(key: str) -> None:
    _overrides.pop(key, None)


def find_factory(key: str) -> ScreenFactory:
    """The screen factory for ``key``: a registered one, else ``ui.screens.<key>.create_screen``."""
    if key in _overrides:
        return _overrides[key]
    module = importlib.import_module(f"{__name__}.{key}")
    factory: ScreenFactory = module.create_screen
    return factory


def create_screen(nav: NavEntry, context: object) -> QWidget:
    """Builds the screen for ``nav`` with ``context`` (what the composition root hands that
    screen, ui.composition_root.CompositionRoot.screen_context)."""
    widget = find_factory(nav.key)(context)
    if not widget.objectName():
        widget.setObjectName(f"screen_{nav.key}")
    return widget
