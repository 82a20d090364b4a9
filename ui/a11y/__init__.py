"""Accessibility infrastructure (JIS X 8341-3 / WCAG 2.x level AA as the aim).

- :mod:`ui.a11y.themes`: light, dark and high-contrast palettes (``apply_theme``).
- :mod:`ui.a11y.contrast`: WCAG contrast ratios over a palette's text/background role pairs.
- :mod:`ui.a11y.motion`: the reduced-motion flag and animation durations that honour it.
- :mod:`ui.a11y.layout_check`: finds labels and buttons whose text is clipped or overlaps.
- :mod:`ui.a11y.focus_walk`: tabs through a window and lists what keyboard focus reaches.
"""
