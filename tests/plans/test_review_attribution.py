"""Who said what, across meetings: a review that edits or re-answers what an earlier meeting
said keeps who said it first, and adds only real changes to its words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan

CREATED = "2026-02-02T10:00:00+00:00"
HELPS = "A hot bath, my dog Biscuit"


def walk(
    conv: Conversation,
    answers: Mapping[str, Any],
    by: Mapping[str, str] | None = None,
    *,
    until: str = "keep",
) -> Conversation:
    """Answer the steps named in ``answers`` (by ``by``'s speaker, else the step's own), skip
    the rest, up to the step ``until`` or the topic's end."""
    speakers = by or {}
    while conv.step.kind != "end" and conv.step.node_id != until:
        step = conv.step
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id in answers:
            conv.answer(answers[step.node_id], by=speakers.get(step.node_id, step.speaker))
        else:
            conv.skip(by=step.speaker)
    return conv


def first_hard_times(content: Content) -> tuple[Conversation, Plan]:
    """A first meeting where the person says what helps in hard times, and its plan."""
    conv = Conversation(content, {"about": {"name": "Sam"}, "agreement": {"date": "2025-03-03"}})
    conv.goto_topic("hard_times")
    walk(conv, {"start": "start_now", "what_helps": HELPS}, {"what_helps": "person"})
    return conv, build_plan(conv.data, conv.log, content=content, created=CREATED)


def review_hard_times(content: Content, what_helps: str | None, by: str) -> Plan:
    """A review that changes the plan for hard times; ``what_helps`` is what the box holds
    when ``by`` saves it (None: the box is left as it was)."""
    first, plan1 = first_hard_times(content)
    conv = Conversation(content, data_for_next_meeting(first.data, plan1))
    conv.goto_topic("review")
    answers: dict[str, Any] = {"hard_times_menu": "hard_times_change", "start": "start_now"}
    if what_helps is not None:
        answers["what_helps"] = what_helps
    walk(conv, answers, {"what_helps": by})
    return build_plan(conv.data, conv.log, plan1, content=content, created=CREATED)


def test_words_added_to_at_a_review_stay_said_by_who_said_them_first(content: Content) -> None:
    plan = review_hard_times(content, f"{HELPS}. Going to the 5k on Saturday.", "worker")
    helps = plan.hard_times.what_helps if plan.hard_times else None
    assert helps is not None
    assert (helps.proposed_by, helps.changed_by) == ("person", ["worker"])


def test_words_kept_as_they_were_at_a_review_keep_their_attribution(content: Content) -> None:
    plan = review_hard_times(content, HELPS, "worker")
    helps = plan.hard_times.what_helps if plan.hard_times else None
    assert helps is not None
    assert (helps.proposed_by, helps.changed_by) == ("person", [])


GOAL = {
    "about": {"name": "Sam"},
    "agreement": {"date": "2025-03-03"},
    "goals": {
        "list": [
            {
                "id": "g1",
                "what": "Find a walking group",
                "actions": [{"id": "a1", "what": "Look online for groups", "who": "person"}],
            }
        ]
    },
}


def review_goal(
    content: Content, data: Mapping[str, Any], last: Plan, answers: Mapping[str, Any], by: str
) -> tuple[Conversation, Plan]:
    """A review of the goal and its action, every answer given by ``by``; the plan after it."""
    conv = Conversation(content, data_for_next_meeting(data, last))
    conv.goto_topic("review")
    walk(conv, answers, dict.fromkeys(answers, by))
    return conv, build_plan(conv.data, conv.log, last, content=content, created=CREATED)


def two_reviews(content: Content) -> Plan:
    """The person rewords the goal at review 1; review 2 answers how the goal and its action
    are going together (both), without touching their words."""
    plan1 = build_plan(GOAL, created=CREATED)
    review1 = {"status": "partly", "progress": "closer", "next": "change", "reword": "5k walk"}
    conv, plan2 = review_goal(content, GOAL, plan1, review1, "person")
    review2 = {"status": "done", "progress": "reached", "next": "keep"}
    return review_goal(content, conv.data, plan2, review2, "both")[1]


def test_a_goals_review_answers_are_not_changes_to_the_goal(content: Content) -> None:
    goal = two_reviews(content).goals[0]
    assert (goal.what, goal.changed_by) == ("5k walk", ["person"])


def test_an_actions_status_is_not_a_change_to_the_action(content: Content) -> None:
    action = two_reviews(content).goals[0].actions[0]
    assert action.status is not None and action.status.code == "done"
    assert action.changed_by == []
