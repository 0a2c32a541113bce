"""Days in the exports read as words ("Wednesday 15 April 2099"), not 15/04/2099; the
machine formats (JSON, FHIR) keep ISO dates."""

from __future__ import annotations

import re

import pytest
from export_support import Page

from assistant.export.fhir import plan_to_fhir
from assistant.export.measures import measures_view
from assistant.export.render import render
from assistant.export.templates import day_date, long_date, short_date
from assistant.plans.model import Plan
from assistant.plans.state import long_day
from tests.conftest import LATE_JUNE_EVENING

MEETING = "2099-04-15"  # a Wednesday
ACTION_BY = "2099-01-31"  # a Saturday


@pytest.fixture(scope="module")
def dated_plan(plan: Plan) -> Plan:
    """The review's plan with a next meeting and an action's date known."""
    goals = [goal.model_copy(deep=True) for goal in plan.goals]
    # One still to do: the easy read gives no date for what is done.
    goal, index = next(
        (goal, i)
        for goal in goals
        for i, act in enumerate(goal.actions)
        if act.status is None or act.status.code != "done"
    )
    goal.actions[index] = goal.actions[index].model_copy(update={"by_when": ACTION_BY})
    agreement = plan.agreement.model_copy(update={"next_meeting": MEETING})
    return plan.model_copy(update={"goals": goals, "agreement": agreement})


def _text(plan: Plan, kind: str) -> str:
    out = render(plan, kind).decode()
    out = Page(out).joined if kind in ("html", "easy") else out
    return " ".join(out.split())  # the plain text wraps its lines


@pytest.mark.parametrize("kind", ["md", "txt", "html", "easy"])
def test_the_next_meeting_is_a_day_in_words(dated_plan: Plan, kind: str) -> None:
    text = _text(dated_plan, kind)
    assert "Wednesday 15 April 2099" in text
    assert "15/04/2099" not in text


@pytest.mark.parametrize("kind", ["md", "txt", "html", "easy"])
def test_an_action_is_due_by_a_day_in_words(dated_plan: Plan, kind: str) -> None:
    text = _text(dated_plan, kind)
    assert "Saturday 31 January 2099" in text
    assert "31/01/2099" not in text


def test_the_plain_text_says_when_the_plan_was_made_in_words(dated_plan: Plan) -> None:
    text = _text(dated_plan, "txt")
    assert f"plan made {long_date(dated_plan.created)}" in text
    assert re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", text) is None  # no dd/mm/yyyy anywhere


@pytest.mark.parametrize("kind", ["json", "fhir"])
def test_machine_formats_keep_iso_dates(dated_plan: Plan, kind: str) -> None:
    text = render(dated_plan, kind).decode()
    assert MEETING in text
    if kind == "fhir":
        # Only the words for people (the narrative, the notes) say days in words.
        text = re.sub(r'"(div|text)": "(?:[^"\\]|\\.)*"', "", text)
    assert "Wednesday 15 April" not in text


def test_day_and_long_dates_always_carry_the_year() -> None:
    # A document is read later (often in another year): its dates always say which year.
    assert (day_date("2099-04-15"), long_date("2099-04-15")) == (
        "Wednesday 15 April 2099",
        "15 April 2099",
    )


@pytest.mark.usefixtures("in_london")
def test_a_time_stamp_is_dated_by_the_local_day_as_on_screen() -> None:
    assert long_date(LATE_JUNE_EVENING) == "16 June 2026"
    assert day_date(LATE_JUNE_EVENING) == "Tuesday 16 June 2026"
    assert short_date(LATE_JUNE_EVENING) == "16/06/2026"
    assert long_date(LATE_JUNE_EVENING) == long_day(LATE_JUNE_EVENING)  # the screens' day
    assert long_date("2026-06-15") == "15 June 2026"  # a plain date stays that day


@pytest.mark.usefixtures("in_london")
@pytest.mark.parametrize("kind", ["md", "txt", "html"])
def test_the_plan_made_late_on_a_summer_evening_is_dated_the_next_day(
    dated_plan: Plan, kind: str
) -> None:
    late = dated_plan.model_copy(update={"created": LATE_JUNE_EVENING})
    text = _text(late, kind)
    assert "16 June 2026" in text
    assert "15 June 2026" not in text


def _undated_made_late(plan: Plan) -> Plan:
    """The plan made at 23:30 UTC on a June evening, with no day of agreement or measures."""
    return plan.model_copy(
        update={
            "created": LATE_JUNE_EVENING,
            "agreement": plan.agreement.model_copy(update={"date": None}),
            "measures": plan.measures.model_copy(update={"date": None}),
        }
    )


@pytest.mark.usefixtures("in_london")
def test_undated_measures_are_dated_by_the_local_day_the_plan_was_made(plan: Plan) -> None:
    view = measures_view(_undated_made_late(plan))
    assert view is not None
    latest = [row["points"][-1] for row in view["wellbeing"] if row["points"][-1]["now"]]
    assert latest, "the demo plan's measures include this meeting's"
    assert {point["date"] for point in latest} == {"2026-06-16"}


@pytest.mark.usefixtures("in_london")
def test_an_undated_fhir_goal_starts_on_the_local_day_the_plan_was_made(plan: Plan) -> None:
    bundle = plan_to_fhir(_undated_made_late(plan).to_json())
    goals = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"]
    assert goals, "the demo plan has goals"
    assert {goal["startDate"] for goal in goals} == {"2026-06-16"}
