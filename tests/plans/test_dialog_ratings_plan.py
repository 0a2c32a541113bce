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


def test_a_meeting_that_skips_the_ratings_keeps_last_time_for_the_meeting_after() -> None:
    first_data = {**FIRST, "agreement": {"date": "2026-12-02"}}
    first = build_plan(first_data, created=CREATED, number=1)
    second_data = data_for_next_meeting(first_data, first)
    # Meeting 2 rates only home, and agrees its plan on 9 December.
    second_data = {**second_data, "ratings": {"home": 6}, "agreement": {"date": "2026-12-09"}}
    second = build_plan(second_data, previous=first, created=CREATED, number=2)
    third_data = data_for_next_meeting(second_data, second)
    assert third_data["previous"]["ratings"] == {"friendships": 2, "home": 6, "medication": 3}
    assert third_data["previous"]["rating_dates"] == {
        "friendships": "2026-12-02",
        "home": "2026-12-09",
        "medication": "2026-12-02",
    }
    third = build_plan(
        {**third_data, "ratings": {"friendships": 4}}, previous=second, created=CREATED, number=3
    )
    friendships = next(a for a in third.life_areas if a.area == "friendships")
    assert [(p.plan_version, p.date, p.value) for p in friendships.history] == [
        (1, "2026-12-02", 2)
    ]
    assert (friendships.value, friendships.previous) == (4, 2)
