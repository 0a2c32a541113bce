"""The plan panel (F5) shows the worker's actions and the picture of needing us less, as the
exports do (issue 16), and no empty sections for them."""

from __future__ import annotations

from assistant.meetings.plan_view import PlanSection, plan_sections
from assistant.plans.model import Code, MovingOn, Plan, Words, WorkerAction, WorkerJourney

CREATED = "2026-01-05T10:00:00+00:00"


def _section(plan: Plan, topic: str) -> PlanSection | None:
    return next((s for s in plan_sections(plan) if s.topic == topic), None)


def test_the_workers_actions_are_shown_with_what_for_when_and_how_they_went() -> None:
    task = WorkerAction(
        id="w1",
        what="Ring the allotment society",
        why="A community garden",
        by_when="2026-02-01",
        status=Code(code="done", label="Done"),
        found_out=Words(text="Open day on Saturdays."),
        proposed_by="worker",
    )
    plan = Plan(created=CREATED, worker_journey=WorkerJourney(actions=[task]))
    section = _section(plan, "worker_journey")
    assert section is not None
    [item] = section.items
    assert item.answer.startswith("Ring the allotment society (for A community garden, by ")
    # "last time: Done" read as done before this meeting, for a status given today.
    assert item.answer.endswith(" - status: Done. Found out: Open day on Saturdays.")
    assert item.by == "worker"


def test_moving_on_is_shown_in_the_persons_words() -> None:
    picture = Words(text="On my own, and a class.", proposed_by="person")
    section = _section(Plan(created=CREATED, moving_on=MovingOn(picture=picture)), "moving_on")
    assert section is not None
    assert [(i.prompt, i.answer) for i in section.items] == [
        ("What life would look like", "On my own, and a class.")
    ]


def test_nothing_said_shows_neither_section() -> None:
    plan = Plan(created=CREATED)
    assert _section(plan, "worker_journey") is None
    assert _section(plan, "moving_on") is None
