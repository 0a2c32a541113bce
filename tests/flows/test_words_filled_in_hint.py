"""A review's network questions come with last time's words in the box; the hint says so
(typed straight on, new words ran into the old: "...always there for mePriya ...")."""

from __future__ import annotations

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content


def _at(conv: Conversation, node: str) -> None:
    conv.goto_topic("connections")
    for _ in range(40):
        step = conv.step
        if step.node_id == node:
            return
        if step.kind == "ask":
            conv.skip()
        else:
            conv.proceed()
    raise AssertionError(f"never reached {node}")


def test_last_times_words_filled_in_are_said_in_the_hint(content: Content) -> None:
    conv = Conversation(content, {"network": {"would_like": "Maria is always there for me"}})
    _at(conv, "would_like")
    assert "filled in" in conv.step.hint


def test_with_nothing_filled_in_the_hint_gives_an_example(content: Content) -> None:
    conv = Conversation(content)
    _at(conv, "would_like")
    assert conv.step.hint.startswith("For example:")
