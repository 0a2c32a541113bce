"""Goals and actions at a later meeting tells the goals it started with from new ones."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.opening import next_meeting_data
from assistant.plans.diff import diff_plans
from assistant.plans.from_session import build_plan

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


# A first review changed the goal: the new words, and what else to change.
CHANGED_AT_A_REVIEW: dict[str, Any] = {
    "about": {"name": "Sam"},
    "previous": {"date": "2025-03-03", "goals": ["g1"]},
    "goals": {
        "list": [
            {
                "id": "g1",
                "what": "Walk every day",
                "progress": "closer",
                "next": "change",
                "change_notes": "A shorter walk to start with.",
            }
        ]
    },
}


def _what_now(content: Content, seed: dict[str, Any]) -> Any:
    """The next review's "What would you like to do with this goal now?" as first shown."""
    conv = Conversation(content, seed)
    conv.goto_topic("review")
    for _ in range(20):
        step = conv.step
        if step.topic == "review_goal" and step.node_id == "next":
            return step
        if step.kind == "ask":
            conv.skip()
        else:
            conv.proceed()
    raise AssertionError("the review did not ask what to do with the goal")


def test_a_goal_changed_last_time_is_not_ready_to_be_changed_again(content: Content) -> None:
    step = _what_now(content, next_meeting_data(CHANGED_AT_A_REVIEW))
    # Nothing given yet: "Change it" is not the answer before, to be kept by one Enter.
    assert step.value is None
    assert step.options[0] == ("keep", "Keep going")


def test_last_times_words_on_how_to_change_a_goal_are_not_carried() -> None:
    # Kept, they would fill the box the next time "Change it" is chosen, as if said that day.
    seed = next_meeting_data(CHANGED_AT_A_REVIEW)
    assert "change_notes" not in seed["goals"]["list"][0]


def test_a_goal_kept_going_last_time_carries_keep_going_as_before(content: Content) -> None:
    kept = next_meeting_data(CHANGED_AT_A_REVIEW)
    kept["goals"]["list"][0]["next"] = "keep"
    assert _what_now(content, next_meeting_data(kept)).value == "keep"


def test_a_change_made_last_time_is_not_said_to_be_rubbed_out_when_the_goal_is_not_looked_at(
    content: Content,
) -> None:
    first = {**CHANGED_AT_A_REVIEW, "agreement": {"date": "2025-04-07"}}
    before = build_plan(first, content=content, created="2025-04-07T10:00:00+00:00")
    later = {**next_meeting_data(first, before), "agreement": {"date": "2025-05-05"}}
    after = build_plan(later, [], before, content=content, created="2025-05-05T10:00:00+00:00")
    changed = [c.describe() for c in diff_plans(before, after)]
    assert (
        '~ Goals and actions › goal "Walk every day" › what next: Change it → not given this time'
        in changed
    )
    assert not [line for line in changed if "left blank" in line]


def test_the_next_meeting_knows_which_goal_actions_it_started_with() -> None:
    """Looking back asks about these only: not about an action added to a goal that day."""
    first = {
        "goals": {
            "list": [
                {"id": "g1", "what": "Text Jo", "actions": [{"id": "a1", "what": "Charge it"}]},
                {"id": "g2", "what": "Sleep better"},
            ]
        }
    }
    seed = next_meeting_data(first)
    assert seed["previous"]["goal_actions"] == ["a1"]


def test_looking_back_goes_on_past_a_goal_action_without_an_id(content) -> None:
    # Older or hand-made data without previous.goal_actions: the fallback read every
    # action's id, and one without an id stopped the whole topic with a FlowError.
    from assistant.engine.conversation import Conversation

    goal = {
        "id": "g1",
        "what": "Walk",
        "actions": [{"what": "Buy shoes"}, {"id": "a2", "what": "Ring Jo"}],
    }
    data = {
        "previous": {"date": "2025-01-01", "goals": ["g1"]},
        "agreement": {"date": "2025-03-03"},
        "goals": {"list": [goal]},
    }
    conv = Conversation(content, data)
    conv.goto_topic("review")
    asked = []
    for _ in range(60):
        step = conv.step
        if step.kind in ("end", "topics") or step.node_id == "ratings_menu":
            break
        asked.append(step.text)
        if step.kind == "say":
            conv.proceed(by=step.speaker)
        elif step.node_id == "which_goals":
            conv.answer([v for v, _ in step.options], by=step.speaker)
        else:
            conv.skip(by=step.speaker)
    assert any("Ring Jo" in text for text in asked)
