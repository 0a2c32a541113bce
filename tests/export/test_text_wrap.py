"""The text copy's wrapping counts the cells a line takes on screen (assistant.text_width)."""

from __future__ import annotations

from assistant.export.escape import wrap_text

ACCENT = "\u0301"  # combining acute accent: drawn on the letter before it


def test_a_line_with_accents_typed_as_their_own_characters_is_not_wrapped_if_it_fits() -> None:
    # 78 cells in 93 characters: each accent was counted as a cell, and the line wrapped.
    line = f"Cafe{ACCENT} " * 15 + "end"
    assert wrap_text(line, 78) == line
