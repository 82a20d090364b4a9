"""The screens of the main window and how they are found.

The navigation has a fixed list of entries (:data:`NAV_ENTRIES`). The screen for entry
``key`` is the module ``ui/screens/<key>.py`` with a function::

    def create_screen(ctx: AppContext) -> QWidget

Adding a screen is adding that one file. Until it exists the entry shows a
:class:`~ui.screens.not_yet.NotYetScreen` that says plainly what the screen will do.
Screens are created lazily, the first time they are shown (the login screen at start-up).
A screen may implement ``screen_shown()`` to refresh when it becomes visible.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from ui.tr import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from ui.composition import AppContext

log = logging.getLogger(__name__)

ScreenFactory = Callable[["AppContext"], QWidget]

CONTEXT = "Navigation"


class NavEntry(NamedTuple):
    """One entry of the navigation. (A NamedTuple rather than a frozen dataclass: the class is
    made before the window's first paint, and a frozen dataclass takes ~0.5 ms more to make,
    DESIGN.md §9.)"""

    key: str  # module name under ui/screens/ and objectName suffix
    title: str  # source text (Japanese), translated in CONTEXT
    summary: str  # what the screen will do (shown while it is not built)

    def translated_title(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.title)

    def translated_summary(self) -> str:
        return QCoreApplication.translate(CONTEXT, self.summary)


NAV_ENTRIES: tuple[NavEntry, ...] = (
    NavEntry("login", QT_TRANSLATE_NOOP("Navigation", "ログイン"),
             QT_TRANSLATE_NOOP("Navigation", "マイナンバーカードを読み取り機に置き、利用者証明用の暗証番号（4桁）でログインします。"
                               "暗証番号の残り回数は入力の前に表示します。")),
    NavEntry("home", QT_TRANSLATE_NOOP("Navigation", "ホーム"),
             QT_TRANSLATE_NOOP("Navigation", "未読のお知らせ、申請の状況、期限の近い手続きをまとめて表示します。")),
    NavEntry("history", QT_TRANSLATE_NOOP("Navigation", "やりとり履歴"),
             QT_TRANSLATE_NOOP("Navigation", "行政機関の間であなたの情報がいつ、誰から誰へ、どの法律に基づいてやりとりされたかを、"
                               "絞り込み・並べ替え・検索・書き出しつきで表示します。")),
    NavEntry("self_info", QT_TRANSLATE_NOOP("Navigation", "わたしの情報"),
             QT_TRANSLATE_NOOP("Navigation", "税・所得、住民票、給付、年金、保険などについて、行政機関が持っているあなたの情報を分野ごとに表示します。")),
    NavEntry("notices", QT_TRANSLATE_NOOP("Navigation", "お知らせ"),
             QT_TRANSLATE_NOOP("Navigation", "あなた宛てのお知らせを未読・期限・添付ファイルつきで表示し、"
                               "民間送達サービスへの転送や公金の支払いもここから行います。")),
    NavEntry("services", QT_TRANSLATE_NOOP("Navigation", "サービス検索・申請"),
             QT_TRANSLATE_NOOP("Navigation", "子育てなどのサービスを状況と市区町村で探し、必要な書類（情報連携で省略できるものを含む）を確認して、"
                               "電子署名つきでオンライン申請し、その状況を確認します。")),
    NavEntry("card", QT_TRANSLATE_NOOP("Navigation", "カードと証明書"),
             QT_TRANSLATE_NOOP("Navigation", "カードの電子証明書と有効期限、暗証番号の残り回数を表示し、暗証番号の変更や読み取り機の診断を行います。")),
    NavEntry("proxies", QT_TRANSLATE_NOOP("Navigation", "わたしの代理人"),
             QT_TRANSLATE_NOOP("Navigation", "あなたの代わりに使える人（代理人）と、あなたが代理人になっている人を表示し、"
                               "解除と、代理人の操作記録の確認を行います。")),
    NavEntry("settings", QT_TRANSLATE_NOOP("Navigation", "設定"),
             QT_TRANSLATE_NOOP("Navigation", "表示言語、文字の大きさ、配色、カードを抜いたときのログアウト、自動ログアウトまでの時間を設定します。")),
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


def find_factory(key: str) -> ScreenFactory | None:
    """The screen factory for ``key``, or None when the screen has not been built yet."""
    if key in _overrides:
        return _overrides[key]
    name = f"{__name__}.{key}"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:
            return None
        raise
    factory: ScreenFactory | None = getattr(module, "create_screen", None)
    if factory is None:
        log.error("%s has no create_screen(ctx)", name)
    return factory


def create_screen(nav: NavEntry, ctx: AppContext) -> QWidget:
    """Builds the screen for ``nav``; a NotYetScreen when it is not built yet."""
    factory = find_factory(nav.key)
    if factory is None:
        from ui.screens.not_yet import NotYetScreen

        widget: QWidget = NotYetScreen(nav)
    else:
        widget = factory(ctx)
    if not widget.objectName():
        widget.setObjectName(f"screen_{nav.key}")
    return widget
