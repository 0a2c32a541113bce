"""A list answer that takes every entry off a list that had some is marked ``emptied`` in the
conversation so far (the app says it was emptied); an empty list with nothing on it before
is not (it reads "Nothing added yet")."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation


def at_the_people(sample_content: Any) -> Conversation:
    conv = Conversation(sample_content)
    conv.goto_topic("network")
    assert conv.step.node_id == "people"
    return conv


def test_a_list_emptied_after_it_had_entries_is_marked_emptied(sample_content: Any) -> None:
    conv = at_the_people(sample_content)
    conv.answer([{"name": "Jo", "kind": "friend", "circle": 2}])
    conv.edit("network.people", [])
    assert conv.transcript()[-1].emptied


def test_an_empty_list_given_with_nothing_before_is_not_marked_emptied(
    sample_content: Any,
) -> None:
    conv = at_the_people(sample_content)
    conv.answer([])
    assert not conv.transcript()[-1].emptied
