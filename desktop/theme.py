"""The look of the app in one place: the spacing grid, a light and a dark palette (both
checked for WCAG AA text contrast by tests/desktop/test_theme.py) and the status icons.

No style sheet: a palette on Qt's Fusion style draws every widget alike on every system
without the cost of parsing CSS at start-up. The style is chosen where the application is
made (STYLE_ARGS, desktop/app.py): setStyle() would load PySide's QStyle class, ~6 ms. The icons (Tabler Icons, MIT, the few used
are in resources/icons/status/) are rendered in the palette's status colours when first
drawn, not at start-up.
"""

from __future__ import annotations

# --- the spacing grid: every gap is a multiple of 4 px ----------------------------------
UNIT = 4
GAP = 2 * UNIT  # between a label and its field, between rows of a section
SECTION_GAP = 4 * UNIT  # between the sections of a page
MARGIN = 3 * UNIT  # around a page or a group's contents

MODES = ("system", "light", "dark")
STYLE_ARGS = ["-style", "Fusion"]  # Qt's own option, before the user's (a -style of theirs wins)
SETTING = "appearance"

# Colours by role. "muted" is the placeholder and secondary text; the status colours draw
# the icons (WCAG non-text contrast 3:1) and status words (text contrast 4.5:1).
PALETTES = {
    "light": {
        "window": "#f5f6f8", "base": "#ffffff", "alt_base": "#eef1f5", "text": "#1b1f24", "muted": "#58616c",
        "button": "#e9ecf0", "button_text": "#1b1f24", "highlight": "#1d5bb8", "highlighted_text": "#ffffff",
        "link": "#1a56b0", "link_visited": "#6a3aa8", "tooltip": "#fffdf2", "tooltip_text": "#1b1f24",
        "disabled_text": "#6e7680", "light": "#ffffff", "midlight": "#e2e6eb", "mid": "#b9c0c9", "dark": "#8c949e",
        "shadow": "#6b737d",
        "blocker": "#c0262d", "warning": "#a65400", "ok": "#2a7a33", "info": "#1d5bb8", "neutral": "#58616c",
    },
    "dark": {
        "window": "#1f2227", "base": "#2c3038", "alt_base": "#272b32", "text": "#e7e9ec", "muted": "#a5adb8",
        "button": "#363b44", "button_text": "#e7e9ec", "highlight": "#2f63b8", "highlighted_text": "#ffffff",
        "link": "#8ab4f8", "link_visited": "#c6a6f5", "tooltip": "#2c3037", "tooltip_text": "#e7e9ec",
        "disabled_text": "#8a929c", "light": "#3b4049", "midlight": "#30353c", "mid": "#474d57", "dark": "#111316",
        "shadow": "#000000",
        "blocker": "#f28b82", "warning": "#f5b94a", "ok": "#7fcf8e", "info": "#8ab4f8", "neutral": "#a5adb8",
    },
}

# (foreground, background) pairs drawn as text, and the least contrast each needs (WCAG 2.x
# AA: 4.5 for text; 3 for icons and the disabled state, which AA exempts, kept legible)
TEXT_PAIRS = [(fg, bg) for fg in ("text", "muted", "link", "blocker", "warning", "ok", "info")
              for bg in ("window", "base", "alt_base")] + [
    ("button_text", "button"), ("highlighted_text", "highlight"), ("tooltip_text", "tooltip"),
    ("link_visited", "base")]
ICON_PAIRS = [(fg, bg) for fg in ("blocker", "warning", "ok", "info", "neutral")
              for bg in ("window", "base", "alt_base", "button")] + [
    ("disabled_text", "window"), ("disabled_text", "button")]

# status icon → (file in resources/icons/status, colour role)
ICONS = {
    "blocker": ("circle-x", "blocker"), "warning": ("alert-triangle", "warning"), "info": ("info-circle", "info"),
    "ok": ("circle-check", "ok"), "not_started": ("circle-dashed", "neutral"), "in_progress": ("progress", "info"),
}
ICON_SIZES = (16, 20, 24, 32, 48)

_state = {"mode": "system", "name": "light"}
_icons: dict = {}


def luminance(color: str) -> float:
    """WCAG 2.x relative luminance of "#rrggbb"."""
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def resolve(mode: str, system_dark: bool) -> str:
    """The palette a mode uses: System follows the desktop's light or dark setting."""
    if mode in ("light", "dark"):
        return mode
    return "dark" if system_dark else "light"


def current() -> str:
    """The palette in use: "light" or "dark"."""
    return _state["name"]


def color(role: str) -> str:
    return PALETTES[_state["name"]][role]


def qpalette(name: str):
    from PySide6.QtGui import QColor, QPalette

    c = PALETTES[name]
    R, G = QPalette.ColorRole, QPalette.ColorGroup
    pal = QPalette()
    for role, key in ((R.Window, "window"), (R.WindowText, "text"), (R.Base, "base"), (R.AlternateBase, "alt_base"),
                      (R.Text, "text"), (R.PlaceholderText, "muted"), (R.Button, "button"),
                      (R.ButtonText, "button_text"), (R.BrightText, "highlighted_text"), (R.Highlight, "highlight"),
                      (R.HighlightedText, "highlighted_text"), (R.Link, "link"), (R.LinkVisited, "link_visited"),
                      (R.ToolTipBase, "tooltip"), (R.ToolTipText, "tooltip_text"), (R.Light, "light"),
                      (R.Midlight, "midlight"), (R.Mid, "mid"), (R.Dark, "dark"), (R.Shadow, "shadow")):
        pal.setColor(role, QColor(c[key]))
    for role in (R.WindowText, R.Text, R.ButtonText):
        pal.setColor(G.Disabled, role, QColor(c["disabled_text"]))
    pal.setColor(G.Disabled, R.Base, QColor(c["window"]))
    return pal


def system_dark(app) -> bool:
    """Whether the desktop is set to dark. At start-up, from the desktop's own palette (the
    style hints' colorScheme() would build PySide's Qt.ColorScheme enum: ~20 ms); once our
    palette is set, from the style hints."""
    if _state.get("applied"):
        from PySide6.QtCore import Qt

        return app.styleHints().colorScheme() == Qt.ColorScheme.Dark
    from PySide6.QtGui import QPalette

    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def apply(app, mode: str | None) -> str:
    """Use the mode's palette ("system", "light" or "dark"; anything else is System) on
    Fusion; returns the palette's name. System mode follows the desktop when it changes."""
    mode = mode if mode in MODES else "system"
    if _state.get("app") is not app:  # once per application: System's follow-up
        _state["app"] = app
        follow = lambda *_a: _state["mode"] == "system" and apply(app, "system")  # noqa: E731

        def watch():
            # from the style hints once the window is up: a desktop whose palette does not say
            # it is dark (the start-up guess) still gets the dark palette, a moment later; and
            # from then on whenever the desktop switches
            app.styleHints().colorSchemeChanged.connect(follow)
            _state["watching"] = True
            follow()
        from PySide6.QtCore import QTimer
        QTimer.singleShot(300, app, watch)
    name = resolve(mode, system_dark(app))
    _state["mode"] = mode
    if name != _state["name"] or not _state.get("applied"):
        _icons.clear()  # drawn again in the new colours
        _state["name"] = name
        app.setPalette(qpalette(name))
    _state["applied"] = True
    return name


def mode() -> str:
    return _state["mode"]


def status_icon(name: str):
    """A status icon (see ICONS) in the current palette's colour, rendered on first use."""
    key = (name, _state["name"])
    icon = _icons.get(key)
    if icon is None:
        icon = _icons[key] = _render(*ICONS[name])
    return icon


def _render(file: str, role: str):
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QIcon, QImage, QPainter, QPixmap
    from PySide6.QtSvg import QSvgRenderer

    from forms.common.paths import resource

    svg = resource("icons", "status", f"{file}.svg").read_text(encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", color(role)).encode()))
    icon = QIcon()
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        icon.addPixmap(QPixmap.fromImage(image))
    return icon
