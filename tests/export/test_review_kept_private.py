"""A shared copy whose Looking back is kept private claims no review status it lacks.

How each action went and whether a goal is done are said at the review and go with a private
Looking back (assistant.plans.sharing). The care team's or GP's copy must then not read
"not reviewed yet" (or FHIR "not-started", a Goal "active") for an action done or a goal
finished: it says neutrally that it may be kept private (assistant.export.views)."""

from __future__ import annotations

import json

import pytest
from fhir_schema import schema_errors

from assistant.export.render import render
from assistant.plans.model import Code, Plan, PrivatePart
from assistant.plans.sharing import shared_copy

NEUTRAL = "not reviewed yet, or kept private"
DONE_GOAL = "See more of my brother Dan"


@pytest.fixture(scope="module")
def review_private(agreed_plan: Plan) -> Plan:
    """The demo review (version 2) with its first goal done and Looking back kept private."""
    goals = [g.model_copy(deep=True) for g in agreed_plan.goals]
    assert goals[0].what == DONE_GOAL
    assert goals[0].actions[0].status is not None and goals[0].actions[0].status.code == "done"
    goals[0] = goals[0].model_copy(
        update={"next": Code(code="finished", label="It's done"), "progress": None}
    )
    mark = PrivatePart(kind="section", code="review", label="All of: Looking back")
    return agreed_plan.model_copy(
        update={
            "goals": goals,
            "sharing": agreed_plan.sharing.model_copy(update={"private": [mark]}),
        }
    )


def _text(plan: Plan, fmt: str, audience: str = "team") -> str:
    return render(shared_copy(plan, audience), fmt).decode("utf-8")


@pytest.mark.parametrize("fmt", ["txt", "md"])
def test_a_hidden_action_status_reads_kept_private_in_text(review_private: Plan, fmt: str) -> None:
    text = _text(review_private, fmt)
    assert text.count(NEUTRAL) >= 2  # an action done, and the worker's task done
    assert "not reviewed yet" not in text.replace(NEUTRAL, "")


def test_a_hidden_action_status_reads_kept_private_in_html(review_private: Plan) -> None:
    text = _text(review_private, "html", "gp")
    assert NEUTRAL.capitalize() in text
    assert "Not reviewed yet<" not in text


def test_a_hidden_action_status_is_not_to_do_in_the_easy_read(review_private: Plan) -> None:
    text = _text(review_private, "easy")
    assert "Not looked at yet, or kept private." in text
    assert "To do." not in text  # an action without a status may be done


def test_a_goal_whose_review_is_hidden_says_so_in_text(review_private: Plan) -> None:
    text = _text(review_private, "txt")
    goal = text.split(f'"{DONE_GOAL}"', 1)[1].split("GOAL 2", 1)[0]
    assert f"At the review: {NEUTRAL}." in goal


def test_the_persons_own_copy_keeps_the_statuses(review_private: Plan) -> None:
    text = _text(review_private, "txt", "person")
    assert NEUTRAL not in text
    assert f'"{DONE_GOAL}" (done)' in text


def test_a_copy_with_nothing_left_out_still_says_not_reviewed_yet(agreed_plan: Plan) -> None:
    nothing = agreed_plan.sharing.model_copy(update={"private": [], "keep_private": None})
    text = _text(agreed_plan.model_copy(update={"sharing": nothing}), "txt")
    assert "status: not reviewed yet" in text  # "Restring the guitar", never reviewed
    assert NEUTRAL not in text


def _fhir(plan: Plan, audience: str = "team") -> dict[str, object]:
    return dict(json.loads(render(shared_copy(plan, audience), "fhir")))


def _resources(bundle: dict[str, object], kind: str) -> list[dict[str, object]]:
    entries = bundle["entry"]
    assert isinstance(entries, list)
    return [e["resource"] for e in entries if e["resource"]["resourceType"] == kind]


def test_fhir_gives_a_hidden_action_status_as_unknown(review_private: Plan) -> None:
    bundle = _fhir(review_private)
    (plan,) = [
        c
        for c in _resources(bundle, "CarePlan")
        if "partOf" not in c  # not hard times
    ]
    details = [a["detail"] for a in plan["activity"] if "detail" in a]
    tasks = [d for d in details if d.get("kind") == "Task"]
    by_what = {t["description"]: t["status"] for t in tasks}
    assert by_what["Text Dan about lunch"] == "unknown"
    assert "not-started" not in by_what.values()


def test_fhir_never_calls_a_goal_whose_review_is_hidden_active(review_private: Plan) -> None:
    goals = _resources(_fhir(review_private), "Goal")
    done = next(g for g in goals if g["description"] == {"text": DONE_GOAL})
    assert done["lifecycleStatus"] == "accepted"
    assert "achievementStatus" not in done
    assert {"text": f"At the review: {NEUTRAL}"} in done["note"]


def test_fhir_of_the_persons_own_copy_says_the_goal_is_done(review_private: Plan) -> None:
    goals = _resources(_fhir(review_private, "person"), "Goal")
    done = next(g for g in goals if g["description"] == {"text": DONE_GOAL})
    assert done["lifecycleStatus"] == "completed"


def test_fhir_with_a_hidden_review_is_valid_r4(review_private: Plan) -> None:
    assert schema_errors(_fhir(review_private)) == []


def _tries(bundle: dict[str, object]) -> list[dict[str, object]]:
    (plan,) = [c for c in _resources(bundle, "CarePlan") if "partOf" not in c]
    details = [a["detail"] for a in plan["activity"] if "detail" in a]
    return [d for d in details if str(d["description"]).startswith("Try: ")]


def _tried(plan: Plan, status: str) -> Plan:
    """``plan`` with its first thing to try given ``status`` at the review."""
    tries = [o.model_copy(deep=True) for o in plan.community.opportunities]
    assert tries, "the demo review has things to try"
    tries[0] = tries[0].model_copy(update={"status": Code(code=status, label=status)})
    community = plan.community.model_copy(update={"opportunities": tries})
    return plan.model_copy(update={"community": community})


@pytest.mark.parametrize(
    ("status", "fhir"), [("going", "in-progress"), ("tried", "in-progress"), ("stopped", "stopped")]
)
def test_fhir_says_how_a_thing_to_try_went_in_the_persons_copy(
    agreed_plan: Plan, status: str, fhir: str
) -> None:
    # Every thing to try was "not-started", whatever the review said.
    tries = _tries(_fhir(_tried(agreed_plan, status), "person"))
    assert tries[0]["status"] == fhir


def test_fhir_never_says_not_started_for_a_thing_to_try_whose_review_is_hidden(
    review_private: Plan,
) -> None:
    bundle = _fhir(_tried(review_private, "going"))
    assert _tries(bundle)[0]["status"] == "unknown"
    assert schema_errors(bundle) == []
