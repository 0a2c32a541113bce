"""Who gave a goal's review answers (how it is going, what next) is kept with the goal
(``reviewed_by``) and printed in the copies, so a view the worker gave on the person's
behalf is never read as the person's own."""

from __future__ import annotations

import re
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

CREATED = "2026-02-02T10:00:00+00:00"

FIRST = {
    "about": {"name": "Sam"},
    "agreement": {"date": "2025-03-03"},
    "goals": {"list": [{"id": "g1", "what": "Go to live music"}]},
}


def reviewed(content: Content, by: str, *, next_too: bool = True, next_by: str = "") -> Plan:
    """A review whose goal questions are answered by ``by`` (progress "closer", then "keep"
    by ``next_by`` or ``by``, unless ``next_too`` is False); every other question is skipped."""
    return review_of(content, FIRST, by, next_too=next_too, next_by=next_by)[1]


def review_of(
    content: Content, data: dict[str, Any], by: str, *, next_too: bool = True, next_by: str = ""
) -> tuple[dict[str, Any], Plan]:
    """As :func:`reviewed`, after the meeting whose answers are ``data``: the review's answers
    and its plan."""
    first = build_plan(data, created=CREATED)
    conv = Conversation(content, data_for_next_meeting(data, first))
    conv.goto_topic("review")
    answers = {"progress": "closer", "next": "keep"} if next_too else {"progress": "closer"}
    speakers = {"progress": by, "next": next_by or by}
    while conv.step.kind != "end" and answers:
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id in answers:
            conv.answer(answers.pop(step.node_id), by=speakers[step.node_id])
        else:
            conv.skip(by=step.speaker)
    return conv.data, build_plan(conv.data, conv.log, first, content=content, created=CREATED)


def test_a_review_answered_by_the_worker_says_so(content: Content) -> None:
    goal = reviewed(content, "worker").goals[0]
    assert goal.progress is not None and goal.progress.code == "closer"
    assert goal.reviewed_by == "worker"


def test_a_review_answered_by_the_person_says_so(content: Content) -> None:
    assert reviewed(content, "person").goals[0].reviewed_by == "person"


def test_progress_alone_is_credited_to_who_gave_it(content: Content) -> None:
    goal = reviewed(content, "both", next_too=False).goals[0]
    assert goal.next is None
    assert goal.reviewed_by == "both"


def test_a_review_carried_over_unchanged_keeps_who_gave_it(content: Content) -> None:
    data, last = review_of(content, FIRST, "worker")
    # The next meeting leaves the goal's review as it was: last time's words still stand.
    plan = build_plan(data_for_next_meeting(data, last), [], last, created=CREATED)
    assert plan.goals[0].reviewed_by == "worker"


def test_answers_given_by_two_speakers_credit_neither(content: Content) -> None:
    # The person's own view of progress was printed "(said by the worker)" when the worker
    # gave "what next".
    goal = reviewed(content, "person", next_by="worker").goals[0]
    assert (goal.progress is not None, goal.next is not None) == (True, True)
    assert goal.reviewed_by is None


def test_a_goal_not_reviewed_has_no_reviewer() -> None:
    assert build_plan(FIRST, created=CREATED).goals[0].reviewed_by is None


def test_the_copies_print_who_gave_the_review(content: Content) -> None:
    plan = reviewed(content, "worker")
    for fmt in ("md", "txt", "html"):
        raw = re.sub(r"<[^>]+>", "", render(plan, fmt).decode())
        text = " ".join(raw.replace("**", "").split())
        said = r"At the review: A bit closer\. Next: [^.]+\. \(said by the worker\)"
        assert re.search(said, text), fmt
