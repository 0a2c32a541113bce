"""The text copy's empty parts: the words in brackets straight under the heading, then one
blank line before the next heading."""

from __future__ import annotations

import pytest
from export_support import render

from assistant.plans.model import Plan

CREATED = "2026-01-05T10:00:00+00:00"


@pytest.mark.parametrize(
    ("heading", "said"),
    [
        ("ABOUT ME", "  (not talked about yet)"),
        ("PEOPLE WHO COULD HELP", "  (nothing written down)"),
        ("THINGS TO DO AND PLACES TO GO", "  (nothing chosen yet)"),
        ("GOALS AND ACTIONS", "  (no goals yet)"),
    ],
)
def test_an_empty_part_says_so_on_the_line_under_its_heading(heading: str, said: str) -> None:
    # "PEOPLE WHO COULD HELP", a blank line, then "(nothing written down)".
    lines = render(Plan(created=CREATED), "txt").decode("utf-8").splitlines()
    at = lines.index(heading)
    assert lines[at + 1 : at + 3] == [said, ""]
