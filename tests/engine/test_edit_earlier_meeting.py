"""Changing an answer given at an earlier meeting (the network map moves a person the list
of an earlier meeting holds, issue 15): checked and logged through the question that stores
it, as an answer changed from today's transcript is."""

from __future__ import annotations

import pytest

from assistant.authoring.content import load_content
from assistant.engine.answers import AnswerError
from assistant.engine.conversation import Conversation

EARLIER = {
    "network": {
        "people": [
            {"id": "p1", "name": "Ann", "kind": "friend", "circle": 1, "feeling": "good"},
            {"id": "p2", "name": "Cy", "kind": "family", "circle": 2},
        ]
    }
}


def _moved(circle: int) -> list[dict[str, object]]:
    people = [dict(p) for p in EARLIER["network"]["people"]]
    people[1]["circle"] = circle
    return people


def test_an_answer_from_an_earlier_meeting_can_be_changed(sample_content) -> None:
    conv = Conversation(sample_content, EARLIER)
    conv.edit("network.people", _moved(1), by="both")
    assert [p["circle"] for p in conv.data["network"]["people"]] == [1, 1]
    assert conv.data["network"]["people"][0]["feeling"] == "good"  # details stay
    change = conv.log[-1]
    assert (change["action"], change["topic"], change["node"], change["by"]) == (
        "changed",
        "network",
        "people",
        "both",
    )


def test_it_is_checked_as_its_question_checks_it(sample_content) -> None:
    conv = Conversation(sample_content, EARLIER)
    with pytest.raises(AnswerError):
        conv.edit("network.people", _moved(9))


def test_the_change_can_be_undone(sample_content) -> None:
    conv = Conversation(sample_content, EARLIER)
    conv.edit("network.people", _moved(3))
    conv.back()
    assert [p["circle"] for p in conv.data["network"]["people"]] == [1, 2]


def test_an_answer_never_given_cannot_be_changed(sample_content) -> None:
    conv = Conversation(sample_content)
    with pytest.raises(AnswerError, match="can no longer be found"):
        conv.edit("network.people", _moved(1))


def test_the_change_logs_the_question_as_it_reads_not_its_template(write_topics) -> None:
    root = write_topics(
        hobbies="""
        id: hobbies
        title: Hobbies
        description: What the person enjoys.
        nodes:
          - id: enjoy
            kind: ask
            type: text
            prompt: "What do you enjoy, {{ person.name }}?"
            store: hobbies.enjoy
          - id: fin
            kind: end
        """
    )
    conv = Conversation(
        load_content(root, check=False), {"person": {"name": "Sam"}, "hobbies": {"enjoy": "x"}}
    )
    conv.edit("hobbies.enjoy", "Fishing")
    assert conv.log[-1]["prompt"] == "What do you enjoy, Sam?"
