"""The text copy's empty parts: the words in brackets straight under the heading, then one
blank line before the next heading."""

from __future__ import annotations

import pytest
from export_support import render

from assistant.plans.model import Plan, Words

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


def _only(part: str, field: str) -> Plan:
    plan = Plan(created=CREATED)
    section = getattr(plan, part).model_copy(update={field: Words(text="Cats")})
    return plan.model_copy(update={part: section})


@pytest.mark.parametrize(
    ("part", "field", "heading", "said"),
    [
        ("about", "good_week", "ABOUT ME", "A good week for me"),
        ("resourceful", "can_offer", "PEOPLE WHO COULD HELP", "What I could help others with"),
        (
            "community",
            "try_new",
            "THINGS TO DO AND PLACES TO GO",
            "Something new I would like to try",
        ),
    ],
)
def test_an_optional_line_left_empty_leaves_no_blank_line_under_the_heading(
    part: str, field: str, heading: str, said: str
) -> None:
    # "ABOUT ME", a blank line, then "What matters to me": the empty lines above it each left
    # one behind.
    text = render(_only(part, field), "txt")
    start = text.index(heading.encode())
    assert text[start:].startswith(f"{heading}\n  {said}: Cats\n\n".encode())
