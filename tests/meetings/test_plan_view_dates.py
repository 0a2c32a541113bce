"""'Our plan so far' writes days in words ("Wednesday 15 April 2099"), as the exports do."""

from __future__ import annotations

from assistant.meetings.plan_view import plan_sections
from assistant.plans.model import Action, Agreement, Goal, Plan


def _shown(plan: Plan, topic: str) -> list[str]:
    section = next(s for s in plan_sections(plan) if s.topic == topic)
    return [item.answer for item in section.items]


def test_the_next_meeting_is_a_day_in_words() -> None:
    plan = Plan(created="2026-01-05T10:00:00+00:00", agreement=Agreement(next_meeting="2099-04-15"))
    assert "Wednesday 15 April 2099" in _shown(plan, "agreement")


def test_an_action_is_due_by_a_day_in_words() -> None:
    action = Action(id="a1", what="Text Dan", by_when="2099-01-31")
    plan = Plan(
        created="2026-01-05T10:00:00+00:00", goals=[Goal(id="g1", what="See Dan", actions=[action])]
    )
    assert any("by Saturday 31 January 2099" in words for words in _shown(plan, "goals"))
