"""One count of terminal cells (assistant.text_width) for the CLI's tables, the text copy's
wrapping and the drawings' labels."""

from __future__ import annotations

import pytest

from assistant.text_width import cells

ACCENT = "\u0301"  # combining acute accent: drawn on the letter before it


@pytest.mark.parametrize(
    ("text", "taken"),
    [
        ("Zoe", 3),
        ("Zoë", 3),  # one character with its accent
        (f"Zoe{ACCENT}", 3),  # the accent typed as its own character
        ("山田", 4),  # wide East Asian letters: two cells each
        ("ｓａｍ", 6),  # full-width Latin
        ("😀", 2),
        ("👍🏽", 2),  # the skin tone colours the emoji before it
        ("❤️", 1),  # the variation selector takes no cell of its own
        ("a\u200db", 2),  # a zero-width joiner
        ("\u2068Sam\u2069", 3),  # bidi isolates
    ],
)
def test_cells_counts_what_a_terminal_draws(text: str, taken: int) -> None:
    assert cells(text) == taken
