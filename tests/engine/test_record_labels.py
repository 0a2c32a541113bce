"""How one entry of a list is shown in the list editor (assistant/engine/answer_words.py):
its name, then its other details, each once, in words (issue 15: concern rows showed the
person's words twice, and a concern without words showed its internal value)."""

from __future__ import annotations

from assistant.engine.answer_words import record_details, record_name
from assistant.flows import model as m
from assistant.flows.loader import Content


def _shape(content: Content, topic: str, node: str) -> m.AskNode:
    found = content.topics[topic].nodes[node]
    assert isinstance(found, m.AskNode)
    return found


def _row(record: dict[str, object], shape: m.AskNode) -> tuple[str, str]:
    name = record_name(record, shape)
    return name, record_details(record, shape.fields, shown=name)


def test_a_concern_row_shows_the_persons_words_once(content: Content) -> None:
    shape = _shape(content, "concerns", "list")
    name, details = _row({"id": "c1", "kind": "money", "words": "Bus fares add up."}, shape)
    assert (name, details) == ("Bus fares add up.", "Money")


def test_a_concern_without_words_is_named_by_its_label_not_its_value(content: Content) -> None:
    shape = _shape(content, "concerns", "list")
    name, details = _row({"id": "c1", "kind": "transport"}, shape)
    assert (name, details) == ("Getting there", "")


def test_a_person_row_still_shows_their_other_details(content: Content) -> None:
    shape = _shape(content, "connections", "people")
    record = {"id": "p1", "name": "Dan", "relationship": "friend", "circle": 1}
    assert _row(record, shape) == ("Dan", "Friend · Closest")


def test_a_name_typed_like_a_stored_value_is_kept_as_typed(content: Content) -> None:
    shape = _shape(content, "connections", "people")
    record = {"id": "p1", "name": "friend", "relationship": "friend", "circle": 2}
    assert _row(record, shape)[0] == "friend"
