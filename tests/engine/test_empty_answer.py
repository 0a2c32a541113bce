"""A question whose hint says to leave it empty ("Skip it if it was only us") gives its
``empty_answer`` words for an empty box: an answer, never "Not today"."""

from __future__ import annotations

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation

TOPIC = """
id: company
title: Company
description: Who was there.
nodes:
  - id: with_us
    kind: ask
    type: text
    speaker: person
    prompt: "Was anyone else with us today? Who?"
    hint: "If it was only us, just press Enter."
    empty_answer: "No one else, only the two of us"
    store: company.with_us
  - id: done
    kind: end
    speaker: person
"""


def _at_question(write_topics) -> Conversation:
    conv = Conversation(load_content(write_topics(company=TOPIC)))
    conv.goto_topic("company")
    return conv


def test_an_empty_answer_keeps_the_questions_words_for_it(write_topics) -> None:
    conv = _at_question(write_topics)
    conv.answer("  ")
    assert conv.data["company"]["with_us"] == "No one else, only the two of us"
    assert conv.log[-1]["action"] == "answered"  # not left for today


def test_words_typed_are_kept_as_typed(write_topics) -> None:
    conv = _at_question(write_topics)
    conv.answer("My sister")
    assert conv.data["company"]["with_us"] == "My sister"
