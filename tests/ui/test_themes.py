"""The high-contrast theme keeps every pairing of text and background readable."""

from __future__ import annotations

import pytest
from textual.color import Color

from assistant.ui.themes import HIGH_CONTRAST


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
