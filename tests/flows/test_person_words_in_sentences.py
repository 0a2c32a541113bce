"""Shipped topics put the person's words into sentences punctuated once and quoted once
(the `full_stop` and `quoted` filters, assistant/sentences.py): issue 15, "Smaller things seen"."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.expressions import render
from assistant.flows.loader import Content


def _walk_to(conv: Conversation, node_id: str, limit: int = 100) -> str:
    """Say "not today" (menus: first option) until ``node_id`` is shown; its text."""
    for _ in range(limit):
        step = conv.step
        if step.node_id == node_id:
            return step.text or step.prompt
        if step.kind == "menu":
            conv.choose(step.options[0][0])
        else:
            conv.skip()
    raise AssertionError(f"{node_id} was not reached")


def _concern_intro(content: Content, concern: dict[str, Any]) -> str:
    conv = Conversation(content)
    conv.goto_topic("concerns")
    conv.skip()  # the introduction
    conv.answer([{"id": "c1", **concern}])
    assert conv.step.node_id == "which"
    return conv.step.text


def test_a_concern_that_ends_with_a_full_stop_gets_no_second_one(content: Content) -> None:
    text = _concern_intro(content, {"kind": "money", "words": "Bus fares add up."})
    assert text == 'Let\'s talk about this: "Bus fares add up."'


def test_a_concern_without_a_full_stop_is_quoted_as_typed(content: Content) -> None:
    text = _concern_intro(content, {"kind": "money", "words": "Bus fares add up"})
    assert text == 'Let\'s talk about this: "Bus fares add up"'


def test_a_concern_typed_in_quotes_is_not_quoted_twice(content: Content) -> None:
    text = _concern_intro(content, {"kind": "money", "words": '"Bus fares"'})
    assert text == 'Let\'s talk about this: "Bus fares"'


def test_thank_you_after_a_name_that_ends_with_a_full_stop(content: Content) -> None:
    conv = Conversation(content, {"about": {"name": "Sam J."}})
    conv.goto_topic("getting_started")
    text = _walk_to(conv, "finish")
    assert text.startswith("Thank you, Sam J. Pick any topic")


def test_welcome_back_after_a_name_that_ends_with_a_full_stop(content: Content) -> None:
    data = {
        "about": {"name": "Jo B."},
        "previous": {"date": "2026-11-03"},
        "goals": {"list": [{"id": "g1", "what": "See Jo"}]},
    }
    conv = Conversation(content, data)
    conv.goto_topic("review")
    text = _walk_to(conv, "welcome")
    assert text.startswith("Welcome back, Jo B. Let's look")


def test_goal_ideas_quote_the_persons_words_once(content: Content) -> None:
    data = {"network": {"would_like": '"People who like music"'}, "about": {"hopes": "A job"}}
    conv = Conversation(content, data)
    conv.goto_topic("goals")
    text = _walk_to(conv, "ideas")
    assert '- Meet people: "People who like music"\n' in text
    assert text.endswith('- Your hopes: "A job"')


def test_the_filters_leave_empty_words_empty() -> None:
    assert render("[{{ x | full_stop }}][{{ x | quoted }}]", {"x": ""}) == "[][]"


def test_the_filters_never_run_the_persons_words() -> None:
    assert render("{{ x | quoted }}", {"x": "{{ 7*7 }}"}) == '"{{ 7*7 }}"'
