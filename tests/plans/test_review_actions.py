"""Looking back at a goal's actions at a review (issue 16 walk fixes): each action is asked of
whoever does it, and last time's words are shown, not typed into."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

CREATED = "2026-02-02T10:00:00+00:00"

FIRST = {
    "about": {"name": "Sam"},
    "agreement": {"date": "2025-03-03"},
    "goals": {
        "list": [
            {
                "id": "g1",
                "what": "Go to live music",
                "actions": [
                    {
                        "id": "a1",
                        "what": "Ring venues about folk nights",
                        "who": "worker",
                        "status": "partly",
                        "review_notes": "two venues rang back",
                    },
                    {"id": "a2", "what": "Go to a folk night", "who": "both"},
                ],
            }
        ]
    },
}


def review(content: Content, answers: dict[str, Any]) -> tuple[Conversation, Plan]:
    """A review that answers each action's questions (by the step's speaker, as the screen
    does) from ``answers`` (step id -> value; a missing one is "not today"), up to the goal's
    progress question; and the plan it makes after the first one."""
    first = build_plan(FIRST, created=CREATED)
    conv = Conversation(content, data_for_next_meeting(FIRST, first))
    conv.goto_topic("review")
    while conv.step.node_id != "progress":
        step = conv.step
        if step.kind in ("say", "end"):
            conv.proceed(by=step.speaker)
        elif step.node_id in answers:
            conv.answer(answers[step.node_id], by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    plan = build_plan(conv.data, conv.log, first, content=content, created=CREATED)
    return conv, plan


def said_by(conv: Conversation, path_end: str) -> list[str]:
    return [e["by"] for e in conv.log if str(e.get("path", "")).endswith(path_end)]


def test_the_workers_action_is_answered_by_the_worker(content: Content) -> None:
    conv, plan = review(
        content,
        {"status_worker": "done", "notes_worker": "found the Crown folk club"},
    )
    assert said_by(conv, "#a1.status") == ["worker"]
    notes = plan.goals[0].actions[0].review_notes
    assert notes is not None and notes.proposed_by == "worker"


def test_an_action_for_both_is_answered_by_both(content: Content) -> None:
    conv, _ = review(content, {"status_both": "done"})
    assert said_by(conv, "#a2.status") == ["both"]


def test_the_box_starts_empty_and_new_words_replace_last_times(content: Content) -> None:
    conv, plan = review(content, {"notes_worker": "found the Crown folk club"})
    notes = plan.goals[0].actions[0].review_notes
    assert notes is not None and notes.text == "found the Crown folk club"
    # Last time's words were shown in the question, not in the box.
    asked = [e["prompt"] for e in conv.log if e.get("node") == "notes_worker"]
    assert asked and 'Last time: "two venues rang back"' in asked[0]


def test_saying_nothing_keeps_last_times_words(content: Content) -> None:
    _, plan = review(content, {"status_worker": "partly"})
    notes = plan.goals[0].actions[0].review_notes
    assert notes is not None and notes.text == "two venues rang back"


def test_a_new_status_without_words_does_not_keep_last_times(content: Content) -> None:
    # Beside "Done", last time's "two venues rang back" would read as today's words.
    _, plan = review(content, {"status_worker": "done"})
    assert plan.goals[0].actions[0].review_notes is None
