"""The two "Who they are to you" lists, My connections' and People who could help's, offer
the same choices in the same order: the same keys pick the same answer in both (a tester
saved friends as "Partner" when Friend was the second choice in one and the third in the
other)."""

from __future__ import annotations

from typing import Any

from assistant.flows.loader import Content


def _choices(content: Content, topic: str, field: str) -> list[list[tuple[str, str | None]]]:
    """Each ``field`` of a records step in ``topic``: its choices as (value, label)."""
    found = []
    for node in content.topics[topic].topic.nodes:
        fields: list[Any] = getattr(node, "fields", [])
        for f in fields:
            if f.name == field:
                found.append([(o.value, o.label) for o in f.options])
    return found


def test_my_connections_and_people_who_could_help_offer_the_same_choices(
    content: Content,
) -> None:
    (connections,) = _choices(content, "connections", "relationship")
    could_help = _choices(content, "resourceful_people", "tie")
    assert len(could_help) == 4  # everyday help, advice, skills, in an emergency
    for choices in could_help:
        assert choices == connections
