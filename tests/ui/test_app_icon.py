"""The window icon: drawn at every size a desktop asks for, without SVG support in the app
(the PNGs are rendered from resources/icons/mynadesk.svg by scripts/render-icons)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_window_icon_has_every_size_and_loads_no_svg_support() -> None:
    probe = textwrap.dedent("""
        from PySide6.QtWidgets import QApplication, QMainWindow
        from ui.style import APP_ICON_SIZES, app_icon
        app = QApplication([])
        window = QMainWindow()
        icon = app_icon()
        app.setWindowIcon(icon)
        window.show()
        app.processEvents()
        sizes = sorted(s.width() for s in icon.availableSizes())
        drawn = all(not icon.pixmap(s, s).isNull() for s in APP_ICON_SIZES)
        svg = "libQt6Svg" in open("/proc/self/maps").read()
        print(sizes == list(APP_ICON_SIZES), drawn, svg)
    """)
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={"PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert out.stdout.split() == ["True", "True", "False"], (out.stdout, out.stderr[-2000:])


def test_the_icon_pngs_are_the_svg_rendered() -> None:
    """Every size exists and is a real picture (not a blank square)."""
    from PySide6.QtGui import QImage

    from ui.style import APP_ICON_SIZES

    for size in APP_ICON_SIZES:
        image = QImage(str(ROOT / "resources" / "icons" / f"mynadesk-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
        colours = {image.pixel(x, y) for x in range(0, size, max(1, size // 8)) for y in range(0, size, max(1, size // 8))}
        assert len(colours) >= 3, size  # the card, its chip and the transparent corners at least
