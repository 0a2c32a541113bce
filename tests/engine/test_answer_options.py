"""Answers to questions whose options are worked out when asked (``options_from``) are stored
as ids; the meeting gives their words, so the conversation shows names, never ids (issue 15)."""

from __future__ import annotations

from typing import Any

from assistant.directory import directory_of
from assistant.engine.answer_words import value_words
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.flows.model import AskNode
from assistant.meetings.meeting import Meeting

DATA: dict[str, Any] = {
    "about": {"interests": "Music"},
    "network": {"people": [{"id": "p1a2b3c4", "name": "Dan", "circle": 1}]},
}


def _node(content: Content, topic: str, node_id: str) -> AskNode:
    node = content.topics[topic].nodes[node_id]
    assert isinstance(node, AskNode) and node.options_from
    return node


def _words(content: Content, topic: str, node_id: str, value: Any) -> str:
    meeting = Meeting(Conversation(content, DATA), None, "s1")
    node = _node(content, topic, node_id)
    return value_words(value, node, meeting.answer_options(node))


def _names(content: Content, *ids: str) -> str:
    directory = directory_of(content)
    assert directory is not None
    return ", ".join(directory.entry(i).name for i in ids)


def test_directory_picks_are_named(content: Content) -> None:
    picks = ["northfield_jam_room", "sing_for_joy_choir"]
    shown = _words(content, "community", "directory_matches", picks)
    assert shown == _names(content, *picks)


def test_a_pick_that_is_not_offered_now_is_still_named(content: Content) -> None:
    # Not a match for "Music": named from the directory all the same.
    picks = ["brackenford_repair_cafe"]
    assert _words(content, "community", "directory_matches", picks) == _names(content, *picks)


def test_people_picked_from_the_network_are_named(content: Content) -> None:
    assert _words(content, "contacts", "from_network", ["p1a2b3c4"]) == "Dan"


def test_parts_kept_private_are_named(content: Content) -> None:
    shown = _words(content, "closing", "private_parts", ["section:network", "item:p1a2b3c4"])
    assert "p1a2b3c4" not in shown and "section:" not in shown
    assert "Dan" in shown


def test_an_id_with_no_words_left_is_shown_humanised_not_raw(content: Content) -> None:
    shown = _words(content, "community", "directory_matches", ["gone_from_the_list"])
    assert shown == "Gone from the list"


GOAL = {"id": "g1", "what": "Walk", "level_now": "I don't go", "level_expected": "One walk"}


def _level_words(content: Content, path: str) -> str:
    meeting = Meeting(Conversation(content, {"goals": {"list": [GOAL]}}), None, "s1")
    node = _node(content, "review_goal", "attainment")
    return value_words("zero", node, meeting.answer_options(node, path))


def test_a_goal_level_logged_without_its_words_is_named_from_its_goal(content: Content) -> None:
    # Meetings saved before the log kept the words offered: the answer's path names the goal.
    shown = _level_words(content, "goals.list.#g1.attainment")
    assert "One walk" in shown and shown.startswith("What you hoped for")


def test_a_goal_level_whose_goal_is_gone_is_shown_humanised(content: Content) -> None:
    assert _level_words(content, "goals.list.#gone.attainment") == "Zero"
