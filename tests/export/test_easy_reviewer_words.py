"""The easy read's reviewer line ends with one full stop, whatever the name typed in Closing
ends with (issue 15, doubled punctuation: the `full_stop` filter in export templates)."""

from __future__ import annotations

import re

import pytest

from assistant.export.render import render
from assistant.plans.model import Plan


def _reviewer_line(plan: Plan, reviewer: str) -> str:
    changed = plan.model_copy(
        update={"agreement": plan.agreement.model_copy(update={"reviewer": reviewer})}
    )
    page = render(changed, "easy").decode()
    found = re.search(r"<p>You will look at it with (.*?)</p>", page, re.S)
    assert found, "no reviewer line"
    return re.sub(r"<[^>]+>", "", found.group(1))


@pytest.mark.parametrize(
    ("reviewer", "shown"),
    [("Dr J.", "Dr J."), ("my care coordinator", "my care coordinator."), ("Jo!", "Jo!")],
)
def test_the_reviewer_line_has_one_ending(plan: Plan, reviewer: str, shown: str) -> None:
    assert _reviewer_line(plan, reviewer) == shown
