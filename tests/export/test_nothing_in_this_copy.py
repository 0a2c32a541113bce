"""A shared copy says "nothing in this copy" under a part only when something of that part
was left out for its reader: a part never talked about reads as in the person's own copy.

A care coordinator read "THINGS THAT MAKE IT HARD (nothing in this copy)" as concerns
withheld, when what the person kept private was a goal."""

from __future__ import annotations

import pytest
from export_support import Page

from assistant.export.render import render
from assistant.plans.model import (
    Audience,
    Code,
    Concern,
    Plan,
    PrivatePart,
    ResourceDomain,
    Resourceful,
    ResourcefulPerson,
)
from assistant.plans.sharing import copy_for, shared_copy

FORMATS = ["md", "txt", "html"]  # the PDF is printed from the HTML
KINDS = (
    ResourceDomain(domain=Code(code="practical", label="Showing me how to do things")),
    ResourceDomain(domain=Code(code="advice", label="Good advice")),
)


def _team_copy(plan: Plan, private: list[PrivatePart], **parts: object) -> Plan:
    sharing = plan.sharing.model_copy(
        update={"share_with": [Code(code="care_team", label="My care team")], "private": private}
    )
    return shared_copy(plan.model_copy(update={**parts, "sharing": sharing}), "team")


def _text(plan: Plan, fmt: str) -> str:
    text = render(plan, fmt).decode("utf-8")
    return " ".join((Page(text).joined if fmt == "html" else text).split()).casefold()


def _under(text: str, heading: str) -> str:
    """What follows ``heading`` (its first words), past the heading's own markup."""
    return text.split(heading.casefold(), 1)[1].lstrip(" <>/h2_(#*:")[:40]


def _goal_kept_private(plan: Plan) -> PrivatePart:
    goal = plan.goals[0]
    return PrivatePart(kind="item", code=goal.id, label=f"Goal: {goal.what}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_parts_never_talked_about_read_as_in_the_persons_own_copy(
    agreed_plan: Plan, fmt: str
) -> None:
    copy = _team_copy(
        agreed_plan, [_goal_kept_private(agreed_plan)], concerns=[], resourceful=Resourceful()
    )
    assert copy.audience is not None and copy.audience.withheld  # the goal was left out
    text = _text(copy, fmt)
    assert _under(text, "Things that make it hard").startswith("nothing written down")
    assert _under(text, "People who could help").startswith("nothing written down")


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_part_with_something_left_out_says_nothing_in_this_copy(
    agreed_plan: Plan, fmt: str
) -> None:
    concern = Concern(id="zc", words="Money")
    private = [PrivatePart(kind="item", code="zc", label="What makes it hard: Money")]
    text = _text(_team_copy(agreed_plan, private, concerns=[concern]), fmt)
    assert _under(text, "Things that make it hard").startswith("nothing in this copy")


@pytest.mark.parametrize("fmt", FORMATS)
def test_only_the_kind_of_help_whose_people_were_left_out_says_so(
    agreed_plan: Plan, fmt: str
) -> None:
    helper = ResourcefulPerson(id="zr", who="Pat")
    kinds = [KINDS[0].model_copy(update={"people": [helper]}), KINDS[1]]
    private = [PrivatePart(kind="item", code="zr", label="Could help: Pat")]
    copy = _team_copy(agreed_plan, private, resourceful=Resourceful(domains=kinds))
    text = _text(copy, fmt)
    assert _under(text, "Showing me how to do things").startswith("no one in this copy")
    assert _under(text, "Good advice").startswith("no one yet")


def test_the_parts_left_out_are_not_in_the_shared_json(agreed_plan: Plan) -> None:
    # The copy says which parts only under them, in words; its data never lists them.
    copy = _team_copy(agreed_plan, [_goal_kept_private(agreed_plan)])
    assert copy.audience is not None
    assert "goals" in copy.audience.left_out and "concerns" not in copy.audience.left_out
    assert b"left_out" not in render(copy, "json")


def test_the_persons_own_copy_has_nothing_left_out(agreed_plan: Plan) -> None:
    private = [_goal_kept_private(agreed_plan)]
    sharing = agreed_plan.sharing.model_copy(update={"private": private})
    copy = copy_for(agreed_plan.model_copy(update={"sharing": sharing}), Audience(kind="person"))
    assert copy.audience is not None and copy.audience.left_out == []
