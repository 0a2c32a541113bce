"""A goal's heading is followed by one line saying whose idea it was and who said it, not the
idea in brackets on the heading and who said it on a loose line of its own."""

from __future__ import annotations

from assistant.export.render import render
from assistant.plans.model import Audience, Code, Plan


def _goal_block(plan: Plan, reader: str) -> list[str]:
    goal = plan.goals[0].model_copy(
        update={
            "what": "Join a walking group",
            "idea_from": Code(code="worker", label="My worker's idea"),
            "proposed_by": "person",
            "changed_by": [],
        }
    )
    copy = plan.model_copy(
        update={"goals": [goal, *plan.goals[1:]], "audience": Audience(kind=reader)}
    )
    lines = render(copy, "txt").decode().splitlines()
    start = lines.index('  GOAL 1: "Join a walking group"')
    return lines[start : start + 2]


def test_the_care_team_s_text_copy_says_whose_idea_and_who_said_it_on_one_line(
    plan: Plan,
) -> None:
    assert _goal_block(plan, "team") == [
        '  GOAL 1: "Join a walking group"',
        "    The worker's idea. Said by the person.",
    ]


def test_the_person_s_text_copy_says_whose_idea_and_who_said_it_on_one_line(
    plan: Plan,
) -> None:
    assert _goal_block(plan, "person") == [
        '  GOAL 1: "Join a walking group"',
        "    My worker's idea. You said.",
    ]
