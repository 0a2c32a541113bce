"""A thing to try put off till later ("Maybe later") at a review: what applied only while it
was to try (what would make it easier, the worker going along the first time) leaves the plan,
and comes back if the pair go back to trying it."""

from __future__ import annotations

from typing import Any

from assistant.flows.loader import Content
from assistant.plans.diff import format_diff
from assistant.plans.from_session import build_plan

CREATED = "2026-12-06T10:00:00+00:00"
GO_ALONG = "asked-a1"


def _data(next_step: str, task_status: str = "not_yet") -> dict[str, Any]:
    """A review's answers: the pottery class not started yet (and what would make it easier
    said again), the worker's going along not done yet, then the next step chosen."""
    return {
        "community": {
            "list": [
                {
                    "id": "a1",
                    "what": "A pottery class",
                    "next_step": next_step,
                    "go_along": "worker",
                    "easier": "Finding a beginners session",
                    "status": "not_yet",
                }
            ]
        },
        "worker_journey": {
            "actions": [
                {
                    "id": GO_ALONG,
                    "what": "Go along the first time: A pottery class",
                    "status": task_status,
                    "found_out": "Waiting for the class dates",
                }
            ]
        },
    }


def test_what_would_make_it_easier_leaves_the_plan_when_the_thing_is_put_off(
    content: Content,
) -> None:
    plan = build_plan(_data("later"), content=content, created=CREATED)
    (pottery,) = plan.community.opportunities
    assert pottery.easier is None


def test_what_would_make_it_easier_stays_while_the_thing_is_to_try(content: Content) -> None:
    plan = build_plan(_data("try"), content=content, created=CREATED)
    (pottery,) = plan.community.opportunities
    assert pottery.easier is not None and pottery.easier.text == "Finding a beginners session"


def test_going_along_to_a_thing_put_off_is_not_in_the_plan_as_still_to_do(
    content: Content,
) -> None:
    plan = build_plan(_data("later"), content=content, created=CREATED)
    assert [a.id for a in plan.worker_journey.actions] == []


def test_going_along_is_back_in_the_plan_when_the_thing_is_to_try_again(content: Content) -> None:
    plan = build_plan(_data("try"), content=content, created=CREATED)
    assert [a.id for a in plan.worker_journey.actions] == [GO_ALONG]


def test_going_along_let_go_stays_in_the_plans_history_when_the_thing_is_put_off(
    content: Content,
) -> None:
    plan = build_plan(_data("later", task_status="dropped"), content=content, created=CREATED)
    (task,) = plan.worker_journey.actions
    assert task.status is not None and task.status.code == "dropped"


def _versions(content: Content, first: str, then: str) -> tuple[Any, Any]:
    plan1 = build_plan(_data(first), content=content, created=CREATED)
    plan2 = build_plan(_data(then), [], plan1, content=content, created=CREATED)
    return plan1.model_copy(update={"number": 1}), plan2.model_copy(update={"number": 2})


def test_the_diff_says_going_along_is_on_hold_while_the_thing_is_put_off(
    content: Content,
) -> None:
    report = format_diff(*_versions(content, "try", "later"))
    line = next(x for x in report.splitlines() if "Go along the first time" in x)
    assert line.strip() == (
        '~ action "Go along the first time: A pottery class": '
        'on hold while "A pottery class" is put off'
    )
