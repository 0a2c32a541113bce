"""The goals' actions show "If someone else, who" only while "Who will do it" is "Someone
else" (`shown_when` in goal_steps.yaml): words given there for an action the person will do
are not kept, so the entry and the plan say the same thing."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan

CREATED = "2026-02-02T10:00:00+00:00"


def _actions_given(content: Content, actions: list[dict[str, Any]]) -> Conversation:
    """A first meeting's goal, its questions left for another day, then ``actions``."""
    conv = Conversation(content, {"about": {"name": "Sam"}})
    conv.goto_topic("goals")
    while conv.step.node_id != "barriers":
        step = conv.step
        if step.kind in ("say", "end"):
            conv.proceed(by=step.speaker)
        elif step.node_id == "list":
            conv.answer([{"id": "g1", "what": "Get back in touch with Jo"}], by=step.speaker)
        elif step.node_id == "actions":
            conv.answer(actions, by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    return conv


def test_who_else_for_an_action_the_person_will_do_is_not_kept(content: Content) -> None:
    conv = _actions_given(
        content, [{"id": "x1", "what": "Text Jo", "who": "me", "who_else": "Pat"}]
    )
    (action,) = conv.data["goals"]["list"][0]["actions"]
    assert "who_else" not in action


def test_who_else_for_an_action_someone_else_will_do_reaches_the_plan(content: Content) -> None:
    given = [{"id": "x1", "what": "Text Jo", "who": "someone_else", "who_else": "Pat"}]
    conv = _actions_given(content, given)
    plan = build_plan(conv.data, conv.log, content=content, created=CREATED)
    (action,) = plan.goals[0].actions
    assert action.who is not None and (action.who.kind, action.who.name) == ("other", "Pat")
