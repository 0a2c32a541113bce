"""'Our plan so far' shows the ratings as DIALOG+ words them (issue 16): how satisfied, 1 to 7,
with the areas picked to talk about today."""

from __future__ import annotations

from assistant.meetings.plan_view import plan_sections
from assistant.plans.model import LifeArea, Plan


def _shown(*areas: LifeArea) -> tuple[str, list[tuple[str, str]]]:
    plan = Plan(created="2026-01-05T10:00:00+00:00", life_areas=list(areas))
    section = next(s for s in plan_sections(plan) if s.topic == "life_areas")
    return section.title, [(i.prompt, i.answer) for i in section.items]


def test_the_ratings_are_how_satisfied_and_a_pick_is_marked() -> None:
    title, items = _shown(
        LifeArea(area="friendships", label="Friendships", value=2, more_help=True, focus=True),
        LifeArea(area="home", label="Where I live", value=6),
    )
    assert title == "How satisfied, 1 to 7"
    assert items == [
        ("Friendships", "2 out of 7, would like more help, picked to talk about today"),
        ("Where I live", "6 out of 7"),
    ]


def test_an_area_picked_without_a_rating_is_still_shown() -> None:
    _, items = _shown(LifeArea(area="leisure", label="Free time", focus=True))
    # In the words of the person's copy (plans.area_words).
    assert items == [("Free time", "not rated this time, picked to talk about today")]
