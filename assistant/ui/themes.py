"""The app's themes: calm by default, a light one, and a high-contrast one.

Status is never shown by colour alone (every mark has an icon and a word), so any theme,
including the terminal's own colours, stays usable.
"""

from __future__ import annotations

from textual.theme import Theme

CALM = Theme(
    name="cpi-calm",
    primary="#5b8fb9",
    secondary="#7a9e7e",
    accent="#d9a35b",
    warning="#d9a35b",
    error="#c96a6a",
    success="#7fb77e",
    foreground="#e4e6e8",
    background="#1e2428",
    surface="#262d32",
    panel="#2f383e",
    dark=True,
    # A colour, not Textual's "auto 60%": words styled in code (Content "$text-muted") came
    # out brighter than the rest, as "auto" is only worked out for CSS. Both of these keep
    # 4.5:1 on every surface and on a list's unfocused cursor.
    variables={"text-muted": "#b2b6b8"},
)

DAYLIGHT = Theme(
    name="cpi-daylight",
    primary="#2f6690",
    secondary="#4b7f52",
    accent="#a86518",
    warning="#a86518",
    error="#a33b3b",
    success="#2e7d32",
    foreground="#1f2328",
    background="#f7f5f0",
    surface="#efece5",
    panel="#e4e0d6",
    dark=False,
    variables={"text-muted": "#4a4d50"},
)

HIGH_CONTRAST = Theme(
    name="cpi-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffff00",
    error="#ff6060",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "border": "#ffffff",
        "border-blurred": "#c0c0c0",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#ffff00",
        # A dark grey, not a light one: the lines' own white and light-grey words stay
        # readable on it (white on #c0c0c0 was under 2:1).
        "block-cursor-blurred-foreground": "#ffffff",
        "block-cursor-blurred-background": "#3a3a3a",
        "input-selection-background": "#ffff00 60%",
        "footer-key-foreground": "#ffff00",
        "text-muted": "#e0e0e0",
    },
)

THEMES = (CALM, DAYLIGHT, HIGH_CONTRAST)
DEFAULT_THEME = CALM.name
THEME_WORDS = {
    CALM.name: "Calm (dark)",
    DAYLIGHT.name: "Daylight (light)",
    HIGH_CONTRAST.name: "High contrast",
}
ALIASES = {
    "calm": CALM.name,
    "dark": CALM.name,
    "daylight": DAYLIGHT.name,
    "light": DAYLIGHT.name,
    "high-contrast": HIGH_CONTRAST.name,
    "contrast": HIGH_CONTRAST.name,
}


def theme_name(name: str | None) -> str:
    """Our theme name for a short alias (``calm``, ``light``, ``high-contrast``), or as given."""
    if not name:
        return DEFAULT_THEME
    return ALIASES.get(name.strip().casefold(), name.strip())
