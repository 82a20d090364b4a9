"""The settings store behind :class:`app.settings.Settings`: QSettings in an INI file.

Only this module touches QSettings; the rest of the app sees typed ``Settings``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from app.settings import VERSION_KEY, Settings, from_mapping, to_mapping

GROUP = "preferences"


class QSettingsStore:
    """Typed settings over an INI file (``settings.ini`` in the data directory)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._qsettings = QSettings(str(path), QSettings.Format.IniFormat)

    @property
    def path(self) -> Path:
        return self._path

    def load(self) -> Settings:
        q = self._qsettings
        q.beginGroup(GROUP)
        try:
            raw = {key: str(q.value(key)) for key in q.childKeys() if q.value(key) is not None}
        finally:
            q.endGroup()
        if VERSION_KEY not in raw and not raw:
            return Settings()
        return from_mapping(raw)

    def save(self, settings: Settings) -> None:
        q = self._qsettings
        q.beginGroup(GROUP)
        try:
            q.remove("")  # drop keys of older schema versions
            for key, value in to_mapping(settings).items():
                q.setValue(key, value)
        finally:
            q.endGroup()
        q.sync()
