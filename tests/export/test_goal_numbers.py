"""A goal has the same number in every copy of a version: "Goal 1" in the person's copy is
"Goal 1" in the care team's, with no gap where a goal is kept private."""

from __future__ import annotations

import re

import pytest
from export_support import AGREED_STATE

from assistant.export.render import render
from assistant.plans.model import Code, Plan, PrivatePart
from assistant.plans.sharing import shared_copy

# How each readable format heads a goal, with its number.
GOAL_HEADING = {
    "md": r"### Goal (\d+): “([^”]+)”",
    "txt": r'GOAL (\d+): "([^"]+)"',
    "html": r"<h3 dir=\"auto\">Goal (\d+): “([^”]+)”</h3>",
}


@pytest.fixture(scope="module")
def first_goal_private(plan: Plan) -> Plan:
    """The demo review plan, shared with the care team, its first goal kept private."""
    first = plan.goals[0]
    return plan.model_copy(
        update={
            "state": AGREED_STATE,
            "sharing": plan.sharing.model_copy(
                update={
                    "share_with": [Code(code="care_team", label="My care team")],
                    "private": [PrivatePart(kind="item", code=first.id, label=first.what)],
                }
            ),
        }
    )


def _numbers(plan: Plan, fmt: str, reader: str) -> dict[str, str]:
    text = render(shared_copy(plan, reader), fmt).decode()
    return {what: number for number, what in re.findall(GOAL_HEADING[fmt], text)}


@pytest.mark.parametrize("fmt", sorted(GOAL_HEADING))
def test_a_goal_has_the_same_number_in_the_person_s_copy_and_the_team_s(
    first_goal_private: Plan, fmt: str
) -> None:
    mine = _numbers(first_goal_private, fmt, "person")
    team = _numbers(first_goal_private, fmt, "team")
    assert len(mine) == len(first_goal_private.goals) > len(team) > 0
    assert {what: mine[what] for what in team} == team
    assert sorted(team.values(), key=int) == [str(n) for n in range(1, len(team) + 1)]
