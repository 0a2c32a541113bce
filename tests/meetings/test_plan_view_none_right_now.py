"""The plan panel tells "No one right now" from "Not today" for My connections and Things
that make it hard, in the copies' words (Plan.none_right_now)."""

from __future__ import annotations

from assistant.meetings.plan_view import plan_sections
from assistant.plans.model import Network, Plan, Words

CREATED = "2026-01-05T10:00:00+00:00"


def answers(plan: Plan, topic: str) -> list[tuple[str, str]]:
    return [(i.prompt, i.answer) for s in plan_sections(plan) if s.topic == topic for i in s.items]


def test_no_one_right_now_is_said_under_my_connections() -> None:
    plan = Plan(created=CREATED, none_right_now=["network"])
    assert answers(plan, "network") == [("People", "No one right now.")]


def test_nothing_right_now_is_said_under_things_that_make_it_hard() -> None:
    plan = Plan(created=CREATED, none_right_now=["concerns"])
    assert answers(plan, "concerns") == [("Hard", "Nothing right now.")]


def test_a_network_left_for_another_day_reads_not_talked_about_beside_its_other_parts() -> None:
    plan = Plan(
        created=CREATED, network=Network(notice=Words(text="I see Jo less")), none_right_now=[]
    )
    assert answers(plan, "network")[0] == ("People", "Not talked about yet.")


def test_an_emptied_list_says_emptied_first() -> None:
    plan = Plan(created=CREATED, emptied_lists=["concerns"], none_right_now=["concerns"])
    assert answers(plan, "concerns") == [("Hard", "Emptied: nothing on this list now.")]


def test_lists_not_talked_about_add_no_section() -> None:
    plan = Plan(created=CREATED)
    assert answers(plan, "network") == [] and answers(plan, "concerns") == []


def test_a_plan_saved_before_none_right_now_was_kept_says_written_down() -> None:
    """It cannot tell "No one right now" from "Not today", so it says neither."""
    plan = Plan(created=CREATED, network=Network(notice=Words(text="I see Jo less")))
    assert answers(plan, "network")[0] == ("People", "No one written down yet.")
