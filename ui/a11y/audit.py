"""Layout audit of the real main window, one process per display scale::

    QT_SCALE_FACTOR=2 python -m ui.a11y.audit --font-scale 2 --lang en [--pseudo] [--shots DIR]

Builds the MainWindow (embedded demo context whose backend never comes up, so nothing
touches the network), visits every navigation screen and prints one JSON line per screen:
``{"screen": key, "issues": [...]}``, then ``{"done": true}``. QT_SCALE_FACTOR must be set
before the QApplication exists, hence the separate process (tests/ui/test_a11y_layout.py).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.a11y.audit")
    parser.add_argument("--font-scale", type=float, default=1.0)
    parser.add_argument("--lang", choices=["ja", "en"], default="ja")
    parser.add_argument("--pseudo", action="store_true", help="pseudo-translation (longer strings)")
    parser.add_argument("--theme", default="light")
    parser.add_argument("--shots", metavar="DIR", help="save a screenshot of each screen here")
    parser.add_argument("--size", default="1024x700", help="window size in logical pixels")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)

    from app.config import LaunchOptions
    from app.settings import Language, MemorySettingsStore, Theme
    from ui.a11y.fonts import apply_font_scale
    from ui.a11y.layout_check import find_layout_issues, settle
    from ui.a11y.themes import apply_theme, theme_stylesheet
    from ui.app_context import AppContext
    from ui.composition_root import CompositionRoot
    from ui.i18n import install_translators
    from ui.main_window import MainWindow
    from ui.screens import NAV_ENTRIES
    from ui.style import stylesheet

    apply_font_scale(app, args.font_scale)
    theme = Theme(args.theme)
    apply_theme(app, theme)
    install_translators(app, Language(args.lang))
    if args.pseudo:
        from ui.i18n_check import install_pseudo_translator

        install_pseudo_translator(app)
    width, height = (int(v) for v in args.size.split("x"))
    with tempfile.TemporaryDirectory(prefix="mynadesk-audit-") as tmp:
        never_ready = (sys.executable, ["-c", "import time; time.sleep(3600)"])
        ctx = AppContext(LaunchOptions(), Path(tmp), MemorySettingsStore(), stub=never_ready)
        window = MainWindow(CompositionRoot(ctx))
        window.setStyleSheet(stylesheet() + theme_stylesheet(theme))
        window.resize(width, height)
        window.show()
        try:
            for nav in NAV_ENTRIES:
                window.show_screen(nav.key)
                settle()
                issues = [str(issue) for issue in find_layout_issues(window)]
                print(json.dumps({"screen": nav.key, "issues": issues}, ensure_ascii=False), flush=True)
                if args.shots:
                    Path(args.shots).mkdir(parents=True, exist_ok=True)
                    window.grab().save(str(Path(args.shots) / f"{nav.key}.png"))
        finally:
            window.close()
            ctx.shutdown()
            window.deleteLater()
    print(json.dumps({"done": True}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
