"""The high-contrast theme keeps every pairing of text and background readable."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.content import Content
from textual.geometry import Region
from textual.theme import Theme
from textual.widgets import Static

from assistant.ui.themes import CALM, DAYLIGHT, HIGH_CONTRAST, THEMES


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(colour: str) -> float:
        r, g, b = (c / 255 for c in Color.parse(colour).rgb)
        channel = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in (r, g, b)]
        return 0.2126 * channel[0] + 0.7152 * channel[1] + 0.0722 * channel[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("text", ["foreground", "text-muted"])
def test_a_highlighted_line_in_a_list_without_focus_stays_readable(text: str) -> None:
    # Lists draw their own words (white, or muted) on the blurred cursor's background.
    colours = {"foreground": HIGH_CONTRAST.foreground, **HIGH_CONTRAST.variables}
    background = HIGH_CONTRAST.variables["block-cursor-blurred-background"]
    assert contrast(colours[text], background) >= 7.0  # WCAG AAA


class _Muted(App[None]):
    """Words made muted in code, as Home's details and notes are, beside plain words."""

    def __init__(self, theme: str) -> None:
        super().__init__()
        self._theme_name = theme

    def compose(self) -> ComposeResult:
        yield Static(Content("plain"), id="plain")
        yield Static(Content("muted").stylize("$text-muted"), id="muted")

    def on_mount(self) -> None:
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = self._theme_name


def _word_colour(widget: Static) -> Color:
    width, height = widget.outer_size
    line = widget.render_lines(Region(0, 0, width, height))[0]
    style = next(segment.style for segment in line if segment.text.strip())
    assert style is not None and style.color is not None
    return Color.from_rich_color(style.color)


@pytest.mark.parametrize("theme", [CALM, DAYLIGHT], ids=lambda theme: theme.name)
async def test_muted_words_drawn_in_code_are_quieter_than_plain_ones_and_readable(
    theme: Theme,
) -> None:
    # "auto 60%" (Textual's own text-muted) came out full white in code-styled words, brighter
    # than the plain text beside them.
    app = _Muted(theme.name)
    async with app.run_test(size=(40, 4)):
        plain = _word_colour(app.query_one("#plain", Static))
        muted = _word_colour(app.query_one("#muted", Static))
    background = Color.parse(theme.background or "#000000")
    assert contrast(muted.hex, background.hex) < contrast(plain.hex, background.hex)
    surfaces = [theme.background, theme.surface, theme.panel]
    blurred = (
        Color.parse(theme.surface or "")
        + Color.parse(theme.to_color_system().generate()["block-cursor-blurred-background"])
    ).hex
    for surface in [*surfaces, blurred]:
        assert contrast(muted.hex, surface or "") >= 4.5  # WCAG AA
