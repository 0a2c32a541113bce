"""The ratings in the plan (issue 16, DIALOG+ borrowed accurately): the areas picked to talk
about, the agency's treatment aspects, and what a later meeting starts from."""

from __future__ import annotations

from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

CREATED = "2026-01-05T10:00:00+00:00"
FIRST = {
    "ratings": {"friendships": 2, "home": 5, "medication": 3},
    "more_help": {"friendships": True, "medication": True},
    "ratings_focus": ["friendships", "leisure"],
}


def _areas(plan: Plan) -> dict[str, tuple[int | None, bool | None, bool]]:
    return {a.area: (a.value, a.more_help, a.focus) for a in plan.life_areas}


def test_picked_areas_are_marked_in_the_plan_even_without_a_rating() -> None:
    plan = build_plan(FIRST, created=CREATED)
    assert _areas(plan)["friendships"] == (2, True, True)
    assert _areas(plan)["home"] == (5, None, False)
    assert _areas(plan)["leisure"] == (None, None, True)


def test_a_treatment_aspect_is_kept_like_a_life_area_with_its_own_words() -> None:
    plan = build_plan(FIRST, created=CREATED)
    medication = next(a for a in plan.life_areas if a.area == "medication")
    assert (medication.label, medication.value, medication.more_help) == ("Medication", 3, True)
    assert "More help with: Medication" in [n.text for n in plan.support_needed]


def test_the_next_meeting_picks_afresh_and_compares_every_rating_with_this_one() -> None:
    first = build_plan(FIRST, created=CREATED, number=1)
    later = data_for_next_meeting(FIRST, first)
    assert "ratings_focus" not in later
    assert later["previous"]["ratings"] == FIRST["ratings"]
    second = build_plan({"ratings": {"medication": 5}}, previous=first, created=CREATED)
    medication = next(a for a in second.life_areas if a.area == "medication")
    assert (medication.value, medication.previous, medication.focus) == (5, 3, False)
