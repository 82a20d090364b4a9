"""The 設定 (settings) screen: language, font size, theme, logout on card removal, idle
timeout and reduced motion.

Every change applies at once, app-wide, and is saved through the typed settings store
(``AppContext.update_settings``); there is no separate save step. In a kiosk, values the
administrator's policy fixes are shown but cannot be changed, and logout on card removal is
always on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.settings import FONT_SCALE_UI_RANGE, IDLE_TIMEOUT_RANGE, Language, Settings, Theme
from ui.style import available_themes, emphasize

if TYPE_CHECKING:
    from ui.app_context import AppContext

USER_ROLE = 0x0100
# Each language is named in itself, so a resident who cannot read the current one finds theirs.
LANGUAGE_NAMES = {Language.JA: "日本語", Language.EN: "English"}


def plain_label(text: str) -> str:
    """A label's text without its mnemonic ("(&L)" or "&") and trailing colon: an accessible name."""
    return re.sub(r"\(&.\)", "", text).replace("&", "").rstrip(":： ")


def theme_name(theme: Theme) -> str:
    names = {
        Theme.SYSTEM: QCoreApplication.translate("SettingsScreen", "システムに合わせる"),
        Theme.LIGHT: QCoreApplication.translate("SettingsScreen", "ライト"),
        Theme.DARK: QCoreApplication.translate("SettingsScreen", "ダーク"),
        Theme.HIGH_CONTRAST: QCoreApplication.translate("SettingsScreen", "ハイコントラスト"),
    }
    return names[theme]


class SettingsScreen(QWidget):
    """Controls bound to ``ctx.settings``; each edit goes straight to ``ctx.update_settings``."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("screen_settings")
        self._syncing = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        self.title = QLabel(self)
        self.title.setObjectName("screenTitle")
        emphasize(self.title, 1.5)
        outer.addWidget(self.title)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        # Narrow (large text, a small window): a label above its control instead of beside it.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form = form

        self.language = QComboBox(self)
        self.language.setObjectName("languageCombo")
        for language in Language:
            self.language.addItem(LANGUAGE_NAMES.get(language, language.value), language.value)

        self.font_scale = QSpinBox(self)
        self.font_scale.setObjectName("fontScaleSpin")
        lo, hi = FONT_SCALE_UI_RANGE
        self.font_scale.setRange(round(lo * 100), round(hi * 100))
        self.font_scale.setSingleStep(10)
        self.font_scale.setSuffix(" %")
        self.font_scale.setKeyboardTracking(False)  # "150" typed digit by digit is one change

        self.theme = QComboBox(self)
        self.theme.setObjectName("themeCombo")
        for theme in available_themes():
            self.theme.addItem("", theme.value)
        for combo in (self.language, self.theme):
            # Sized to the current language's texts, not only to those of the first show.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.logout_on_removal = QCheckBox(self)
        self.logout_on_removal.setObjectName("logoutOnRemovalCheck")

        self.idle_timeout = QSpinBox(self)
        self.idle_timeout.setObjectName("idleTimeoutSpin")
        self.idle_timeout.setRange(*IDLE_TIMEOUT_RANGE)
        self.idle_timeout.setKeyboardTracking(False)

        self.reduced_motion = QCheckBox(self)
        self.reduced_motion.setObjectName("reducedMotionCheck")

        # (setting name, control, label); labels are buddies, so Alt+mnemonic and screen readers work.
        self._rows: list[tuple[str, QWidget, QLabel, QLabel]] = []
        for setting, control in (
            ("language", self.language),
            ("font_scale", self.font_scale),
            ("theme", self.theme),
            ("logout_on_card_removal", self.logout_on_removal),
            ("idle_timeout_minutes", self.idle_timeout),
            ("reduced_motion", self.reduced_motion),
        ):
            label = QLabel(self)
            label.setObjectName(f"{control.objectName()}Label")
            label.setBuddy(control)
            lock = QLabel(self)
            lock.setObjectName(f"{control.objectName()}Lock")
            row = QWidget(self)
            row_layout = QHBoxLayout(row)
            row_layout.setContentsMargins(0, 0, 0, 0)
            row_layout.addWidget(control)
            row_layout.addWidget(lock)
            row_layout.addStretch(1)
            form.addRow(label, row)
            self._rows.append((setting, control, label, lock))
        outer.addLayout(form)

        self.note = QLabel(self)
        self.note.setObjectName("settingsNote")
        self.note.setWordWrap(True)
        outer.addWidget(self.note)
        outer.addStretch(1)

        self.setTabOrder(self.language, self.font_scale)
        self.setTabOrder(self.font_scale, self.theme)
        self.setTabOrder(self.theme, self.logout_on_removal)
        self.setTabOrder(self.logout_on_removal, self.idle_timeout)
        self.setTabOrder(self.idle_timeout, self.reduced_motion)

        self.language.currentIndexChanged.connect(self._on_language_current_index_changed)
        self.font_scale.valueChanged.connect(self._on_font_scale_value_changed)
        self.theme.currentIndexChanged.connect(self._on_theme_current_index_changed)
        self.logout_on_removal.toggled.connect(self._on_logout_on_removal_toggled)
        self.idle_timeout.valueChanged.connect(self._on_idle_timeout_value_changed)
        self.reduced_motion.toggled.connect(self._on_reduced_motion_toggled)
        ctx.settings_changed.connect(self._on_ctx_settings_changed)

        self.retranslate()
        self._sync(ctx.settings)

    # -- public --------------------------------------------------------------------------
    def is_locked(self, setting: str) -> bool:
        return self.ctx.is_locked(setting)

    def screen_shown(self) -> None:
        self._sync(self.ctx.settings)

    # -- slots ---------------------------------------------------------------------------
    def _change(self, **changes: object) -> None:
        if self._syncing:
            return
        self.ctx.update_settings(self.ctx.settings.with_changes(**changes))
        # A locked or refused value snaps back to what is in force.
        self._sync(self.ctx.settings)

    def _on_language_current_index_changed(self, index: int) -> None:
        if index >= 0:
            self._change(language=Language(self.language.itemData(index, USER_ROLE)))

    def _on_font_scale_value_changed(self, percent: int) -> None:
        self._change(font_scale=percent / 100)

    def _on_theme_current_index_changed(self, index: int) -> None:
        if index >= 0:
            self._change(theme=Theme(self.theme.itemData(index, USER_ROLE)))

    def _on_logout_on_removal_toggled(self, on: bool) -> None:
        self._change(logout_on_card_removal=on)

    def _on_idle_timeout_value_changed(self, minutes: int) -> None:
        self._change(idle_timeout_minutes=minutes)

    def _on_reduced_motion_toggled(self, on: bool) -> None:
        self._change(reduced_motion=on)

    def _on_ctx_settings_changed(self, settings: Settings) -> None:
        self._sync(settings)

    # -- internals -----------------------------------------------------------------------
    def _sync(self, settings: Settings) -> None:
        """Shows ``settings`` in the controls without feeding the change back."""
        self._syncing = True
        try:
            self.language.setCurrentIndex(max(0, self.language.findData(settings.language.value)))
            self.font_scale.setValue(round(settings.font_scale * 100))
            index = self.theme.findData(settings.theme.value)
            self.theme.setCurrentIndex(index if index >= 0 else 0)
            self.logout_on_removal.setChecked(settings.logout_on_card_removal)
            self.idle_timeout.setValue(settings.idle_timeout_minutes)
            self.reduced_motion.setChecked(settings.reduced_motion)
        finally:
            self._syncing = False
        self._update_locks()

    def _update_locks(self) -> None:
        for setting, control, _label, lock in self._rows:
            locked = self.is_locked(setting)
            control.setEnabled(not locked)
            lock.setVisible(locked)
            description = QCoreApplication.translate("SettingsScreen", "この端末の管理者が固定しているため変更できません。") if locked else ""
            control.setAccessibleDescription(description)
            control.setToolTip(description)

    def retranslate(self) -> None:
        self.title.setText(QCoreApplication.translate("SettingsScreen", "設定"))
        labels = {
            "language": QCoreApplication.translate("SettingsScreen", "表示言語(&L):"),
            "font_scale": QCoreApplication.translate("SettingsScreen", "文字の大きさ(&S):"),
            "theme": QCoreApplication.translate("SettingsScreen", "配色(&C):"),
            "logout_on_card_removal": QCoreApplication.translate("SettingsScreen", "カードを抜いたとき(&R):"),
            "idle_timeout_minutes": QCoreApplication.translate("SettingsScreen", "自動ログアウト(&T):"),
            "reduced_motion": QCoreApplication.translate("SettingsScreen", "動き(&M):"),
        }
        for setting, _control, label, lock in self._rows:
            label.setText(labels[setting])
            lock.setText(QCoreApplication.translate("SettingsScreen", "管理者が固定"))
        self.logout_on_removal.setText(QCoreApplication.translate("SettingsScreen", "ログアウトする"))
        self.reduced_motion.setText(QCoreApplication.translate("SettingsScreen", "画面の動き（アニメーション）を減らす"))
        self.idle_timeout.setSuffix(QCoreApplication.translate("SettingsScreen", " 分間操作がないとき"))
        self._syncing = True
        try:
            for i in range(self.theme.count()):
                self.theme.setItemText(i, theme_name(Theme(self.theme.itemData(i, USER_ROLE))))
        finally:
            self._syncing = False
        if self.ctx.kiosk:
            self.note.setText(QCoreApplication.translate("SettingsScreen", "変更はすぐに反映されます。この端末では、次の利用者のために設定を保存しません。"))
        else:
            self.note.setText(QCoreApplication.translate("SettingsScreen", "変更はすぐに反映され、自動的に保存されます。"))
        self.setAccessibleName(QCoreApplication.translate("SettingsScreen", "設定"))
        for _setting, control, label, _lock in self._rows:
            control.setAccessibleName(plain_label(label.text()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._update_locks()
        super().changeEvent(event)


def create_screen(ctx: AppContext) -> QWidget:
    return SettingsScreen(ctx)
