"""A life area the person left for today ("Not today") is in every copy, said as left, so a
reader sees it was offered; it never becomes a rating (the first meeting's plan)."""

from __future__ import annotations

import json

import pytest
from export_support import seen_text

from assistant.export.fhir import plan_to_fhir
from assistant.plans.area_words import NOT_TALKED_ABOUT
from assistant.plans.model import Audience, Code, LifeArea, Plan, PlanState, RatingPoint
from assistant.plans.sharing import GP, GP_NAME, copy_for

FAMILY = "Family or partner"


@pytest.fixture(scope="module")
def left(plans: tuple[Plan, Plan]) -> Plan:
    """The first meeting's plan with family or partner left for today, as F7 leaves it."""
    first = plans[0]
    areas = [
        LifeArea(area="family", label=FAMILY, left_today=True) if a.area == "family" else a
        for a in first.life_areas
    ]
    return first.model_copy(update={"life_areas": areas})


def _gp_may_have(plan: Plan) -> Plan:
    """``plan``, agreed, with the person's yes to a copy for their GP."""
    sharing = plan.sharing.model_copy(update={"share_with": [Code(code=GP, label="My GP")]})
    return plan.model_copy(update={"sharing": sharing, "state": PlanState(status="agreed")})


def _for(plan: Plan, kind: str) -> Plan:
    return plan.model_copy(update={"audience": Audience(kind=kind)})


def _beside(seen: str, label: str, words: str) -> bool:
    """``words`` follow ``label`` closely (the table's "Earlier" cell, or the easy read's
    scale of faces, may sit between)."""
    at = seen.find(label)
    return at >= 0 and words in seen[at : at + len(label) + 40]


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_team_s_copy_says_an_area_was_left_for_today(left: Plan, fmt: str) -> None:
    assert _beside(seen_text(_for(left, "team"), fmt), FAMILY, "not rated (left for today)")


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_person_s_copy_says_not_today(left: Plan, fmt: str) -> None:
    assert _beside(seen_text(_for(left, "person"), fmt), FAMILY, "not today")


def test_the_easy_read_says_it_was_left_for_today(left: Plan) -> None:
    assert _beside(seen_text(_for(left, "person"), "easy"), FAMILY, "You left this for today.")


def test_fhir_says_it_in_words_and_gives_it_no_value(left: Plan) -> None:
    bundle = plan_to_fhir(_for(left, "team").to_json())
    resources = [e["resource"] for e in bundle["entry"]]
    rated = [
        r["code"]["coding"][0]["code"]
        for r in resources
        if r["resourceType"] == "Observation" and "valueBoolean" not in r  # not "more help?"
    ]
    assert "family" not in rated and "friendships" in rated
    assert f"{FAMILY}: not rated (left for today)" in resources[0]["text"]["div"]


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_an_area_listed_with_no_rating_and_no_history_is_still_in_the_copy(
    left: Plan, fmt: str
) -> None:
    # The next version keeps an area left for today at the last meeting, unrated again:
    # copies left it out (they listed only areas with a value, history, focus or left_today).
    later = left.model_copy(
        update={
            "life_areas": [
                LifeArea(area="family", label=FAMILY) if a.area == "family" else a
                for a in left.life_areas
            ]
        }
    )
    assert _beside(seen_text(_for(later, "team"), fmt), FAMILY, NOT_TALKED_ABOUT)


def _carried(plan: Plan, **kept: object) -> Plan:
    """``plan`` with family or partner not talked about at this meeting: left for another day
    at the last one, or not; with earlier ratings, or none."""
    family = LifeArea(area="family", label=FAMILY, **kept)  # type: ignore[arg-type]
    return plan.model_copy(
        update={"life_areas": [family if a.area == "family" else a for a in plan.life_areas]}
    )


@pytest.mark.parametrize("kind", ["person", "team"])
@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_an_area_left_at_the_last_meeting_says_so_in_the_next_version(
    left: Plan, kind: str, fmt: str
) -> None:
    later = _carried(left, left_last_time=True)
    assert _beside(seen_text(_for(later, kind), fmt), FAMILY, "left for another day at the last")


def test_fhir_says_an_area_left_at_the_last_meeting_in_words_with_no_value(left: Plan) -> None:
    later = _carried(left, left_last_time=True)
    bundle = plan_to_fhir(_for(later, "team").to_json())
    resources = [e["resource"] for e in bundle["entry"]]
    rated = [
        r["code"]["coding"][0]["code"]
        for r in resources
        if r["resourceType"] == "Observation" and "valueBoolean" not in r  # not "more help?"
    ]
    assert "family" not in rated
    assert (
        f"{FAMILY}: not rated (left for another day at the last meeting"
        in (resources[0]["text"]["div"])
    )


@pytest.mark.parametrize(
    ("kept", "said"),
    [
        ({}, "not talked about this time"),
        ({"more_help": True}, "not rated this time; would like more help"),
    ],
)
@pytest.mark.parametrize("kind", ["person", "team"])
def test_fhir_says_an_area_listed_without_a_rating_in_words(
    left: Plan, kind: str, kept: dict[str, object], said: str
) -> None:
    # Only an area left for today (now or at the last meeting) was in the narrative: one not
    # talked about, or talked about without a rating, was silent in the receiving system.
    bundle = plan_to_fhir(_for(_carried(left, **kept), kind).to_json())
    assert f"<li>{FAMILY}: {said}</li>" in bundle["entry"][0]["resource"]["text"]["div"]


def test_the_gp_s_fhir_never_says_an_area_was_left_at_the_last_meeting(
    plans: tuple[Plan, Plan],
) -> None:
    history = [RatingPoint(value=5, date="2026-11-01", plan_version=1)]
    later = _gp_may_have(_carried(plans[1], left_last_time=True, history=history))
    bundle = plan_to_fhir(copy_for(later, Audience(kind="named", name=GP_NAME)).to_json())
    said = json.dumps(bundle)
    assert "another day" not in said and "left for" not in said


def test_the_easy_read_says_an_area_was_left_for_another_day_last_time(left: Plan) -> None:
    later = _carried(left, left_last_time=True)
    assert _beside(seen_text(_for(later, "person"), "easy"), FAMILY, "You left this for another")


def test_the_easy_read_says_an_area_was_not_talked_about_this_time(left: Plan) -> None:
    later = _carried(left)
    seen = seen_text(_for(later, "person"), "easy")
    assert _beside(seen, FAMILY, "We did not talk about this")


@pytest.mark.parametrize("fmt", ["txt", "html", "easy"])
def test_the_gp_s_copy_never_says_an_area_was_left_at_the_last_meeting(
    plans: tuple[Plan, Plan], fmt: str
) -> None:
    history = [RatingPoint(value=5, date="2026-11-01", plan_version=1)]
    later = _gp_may_have(_carried(plans[1], left_last_time=True, history=history))
    seen = seen_text(copy_for(later, Audience(kind="named", name=GP_NAME)), fmt)
    assert FAMILY in seen
    assert "another day" not in seen and "left for" not in seen


def test_the_gp_s_copy_leaves_out_an_area_left_last_time_with_nothing_else_to_show(
    plans: tuple[Plan, Plan],
) -> None:
    later = _gp_may_have(_carried(plans[1], left_last_time=True))
    assert FAMILY not in seen_text(copy_for(later, Audience(kind="named", name=GP_NAME)), "txt")


@pytest.fixture(scope="module")
def agreed_left(plans: tuple[Plan, Plan]) -> Plan:
    """The review's plan with family or partner left for today and never rated before,
    agreed, with the person's yes to a copy for their GP."""
    review = plans[1]
    areas = [
        LifeArea(area="family", label=FAMILY, left_today=True) if a.area == "family" else a
        for a in review.life_areas
    ]
    return _gp_may_have(review.model_copy(update={"life_areas": areas}))


def test_the_gp_s_copy_does_not_say_an_area_was_left(agreed_left: Plan) -> None:
    # The person may leave "family or partner" because of who reads the copy: only their own
    # copy and the care team's say it was left; the GP's leaves an area with nothing else
    # to show out, as before areas left for today were listed.
    gp = copy_for(agreed_left, Audience(kind="named", name=GP_NAME))
    assert FAMILY not in seen_text(gp, "txt")
    assert "left for today" not in seen_text(gp, "html")


def test_a_named_copy_says_an_area_with_earlier_ratings_was_not_rated_this_time(
    agreed_left: Plan,
) -> None:
    history = [RatingPoint(value=5, date="2026-11-01", plan_version=1)]
    later = agreed_left.model_copy(
        update={
            "life_areas": [
                a.model_copy(update={"history": history}) if a.area == "family" else a
                for a in agreed_left.life_areas
            ]
        }
    )
    gp = copy_for(later, Audience(kind="named", name=GP_NAME))
    seen = seen_text(gp, "txt")
    assert _beside(seen, FAMILY, "not rated this time")
    assert "left for today" not in seen
