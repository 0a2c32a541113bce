"""The text copy's wrapping counts the cells a line takes on screen (assistant.text_width)."""

from __future__ import annotations

import re
import textwrap

import pytest

from assistant.export import render as render_module
from assistant.export.escape import wrap_text
from assistant.plans.model import Plan
from assistant.text_width import cells

ACCENT = "\u0301"  # combining acute accent: drawn on the letter before it


def test_a_line_with_accents_typed_as_their_own_characters_is_not_wrapped_if_it_fits() -> None:
    # 78 cells in 93 characters: each accent was counted as a cell, and the line wrapped.
    line = f"Cafe{ACCENT} " * 15 + "end"
    assert wrap_text(line, 78) == line


FSI, PDI, RLO = "\u2068", "\u2069", "\u202e"


def _textwrap_wrapped(text: str, width: int) -> str:
    """The wrapping the text copy had before it measured cells (textwrap, characters)."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line.rstrip())
            continue
        match = re.match(r"^(\s*)([-*•]\s+|\d+[.)]\s+)?", line)
        assert match is not None
        hang = " " * (len(match.group(1)) + len(match.group(2) or ""))
        wrapped = textwrap.wrap(
            line,
            width=width,
            subsequent_indent=hang,
            break_long_words=False,
            break_on_hyphens=False,
            replace_whitespace=False,
        )
        out.extend(wrapped or [""])
    return "\n".join(out)


def test_wide_letters_are_wrapped_by_the_cells_they_take() -> None:
    # 40 characters of 2 cells each with their spaces: 119 cells on one "78 character" line.
    line = "猫 " * 40
    assert all(cells(row) <= 78 for row in wrap_text(line, 78).split("\n"))


def test_a_name_isolated_in_the_apps_words_keeps_its_marks_on_one_line() -> None:
    # The break fell inside the isolate: its override ran on, unclosed, over the next line.
    name = f"{FSI}{RLO}Sam Abdullah Rahman{PDI}"
    line = "  - " + "word " * 13 + f"by {name} and the worker"  # "Sam" ends at 77 characters
    rows = wrap_text(line, 78).split("\n")
    assert len(rows) > 1
    assert [(row.count(FSI), row.count(PDI)) for row in rows if FSI in row or PDI in row] == [
        (1, 1)
    ]


def test_ordinary_copies_wrap_exactly_as_before(
    plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The demo's text copy, unwrapped (a line as wide as it likes), then wrapped both ways.
    monkeypatch.setattr(render_module, "TEXT_WIDTH", 100_000)
    unwrapped = render_module.render(plan, "txt").decode()
    assert any(len(line) > 78 for line in unwrapped.split("\n"))
    assert wrap_text(unwrapped, 78) == _textwrap_wrapped(unwrapped, 78)
