"""Goals and actions at a later meeting tells the goals it started with from new ones."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.opening import next_meeting_data

FIRST_MEETING: dict[str, Any] = {
    "about": {"name": "Sam"},
    "goals": {
        "list": [
            {"id": "g1", "what": "Text Jo", "smallest_step": "Find my phone"},
            # Agreed at the first meeting, and nothing more said about it yet.
            {"id": "g2", "what": "Sleep better"},
        ]
    },
}


def _goals_gone_through_with_only_the_new_ones(content: Content, seed: dict[str, Any]) -> list[str]:
    """The goals "Only the new ones" goes through after one goal is added to the list."""
    conv = Conversation(content, seed)
    conv.goto_topic("goals")
    conv.proceed()  # the intro
    conv.proceed()  # no ideas from other topics
    assert conv.step.node_id == "list"
    conv.answer([*seed["goals"]["list"], {"id": "g3", "what": "Join the library"}])
    conv.choose("Only the new ones")
    gone_through = []
    for _ in range(100):
        step = conv.step
        if step.topic == "goals" and step.node_id == "finish":
            return gone_through
        if step.node_id == "title":
            gone_through.append(step.text)
        if step.kind == "menu":
            conv.choose(step.options[-1][0])
        else:
            conv.skip()
    raise AssertionError("the goals did not come back to their end")


def test_the_next_meeting_knows_which_goals_it_started_with() -> None:
    seed = next_meeting_data(FIRST_MEETING)
    assert seed["previous"]["goals"] == ["g1", "g2"]


def test_only_the_new_ones_at_a_later_meeting_leaves_out_the_goals_agreed_before(
    content: Content,
) -> None:
    seed = next_meeting_data(FIRST_MEETING)
    titles = _goals_gone_through_with_only_the_new_ones(content, seed)
    assert titles == ['Your goal: "Join the library"']
