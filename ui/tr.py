"""``QT_TRANSLATE_NOOP`` with the type it really has.

Qt's marker returns its ``source`` unchanged, but PySide6's stub declares ``object``, so every
dict or tuple of marked texts would read as ``object`` to mypy. The name stays
``QT_TRANSLATE_NOOP`` because lupdate and ui.i18n_check find marked texts by that name.
"""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, source: str, /) -> str:
    """Marks ``source`` for translation in ``context`` (looked up later with translate())."""
    del context  # only lupdate reads it
    return source
