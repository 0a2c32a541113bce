"""A `set` step with `text` that changes an answer already given is kept as a change: in the
log (so the conversation and the audit trail say so), by the step's speaker, and taken back
with the action it came with. Without `text`, or when nothing changes, it stays silent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import load_content
from assistant.records.case import audit_event_from_log

TOPIC = """
id: t
title: T
description: Words signed by today's worker.
nodes:
  - id: words
    kind: ask
    type: text
    prompt: "Your words?"
    store: letter.words
  - id: signed
    kind: set
    speaker: worker
    values:
      letter.signed: "'Tom'"
    {text}
  - id: note
    kind: ask
    type: text
    prompt: "Anything else?"
    store: letter.note
  - {{id: fin, kind: end}}
"""
SAID = "text: \"The letter is now signed by {{ get('letter.signed') }}.\""


def _conv(write_topics: Any, data: dict[str, Any], text: str = SAID) -> Conversation:
    root: Path = write_topics(t=TOPIC.format(text=text))
    conv = Conversation(load_content(root), data)
    conv.goto_topic("t")
    return conv


def test_a_change_made_by_a_set_step_with_words_is_logged_as_a_change(write_topics) -> None:
    conv = _conv(write_topics, {"letter": {"signed": "Priya"}})
    conv.answer("Hello", by="person")
    change = conv.log[-1]
    assert (change["action"], change["node"], change["by"]) == ("changed", "signed", "worker")
    assert (change["path"], change["old"], change["value"]) == ("letter.signed", "Priya", "Tom")
    assert change["prompt"] == "The letter is now signed by Tom."
    assert conv.transcript()[-1].prompt == "The letter is now signed by Tom."
    assert audit_event_from_log(change, "s1")["kind"] == "answer_changed"


def test_back_takes_the_change_back_with_the_answer_it_came_with(write_topics) -> None:
    conv = _conv(write_topics, {"letter": {"signed": "Priya"}})
    conv.answer("Hello", by="person")
    conv.back(by="person")
    assert conv.data["letter"]["signed"] == "Priya"
    assert conv.transcript() == []


def test_a_value_set_for_the_first_time_or_unchanged_is_not_logged(write_topics) -> None:
    for data in ({}, {"letter": {"signed": "Tom"}}):
        conv = _conv(write_topics, data)
        conv.answer("Hello", by="person")
        assert [e["action"] for e in conv.log] == ["answered"]


def test_a_set_step_without_words_changes_silently(write_topics) -> None:
    conv = _conv(write_topics, {"letter": {"signed": "Priya"}}, text="")
    conv.answer("Hello", by="person")
    assert conv.data["letter"]["signed"] == "Tom"
    assert [e["action"] for e in conv.log] == ["answered"]


def test_an_answer_a_set_step_changed_is_changed_again_through_its_question(
    write_topics,
) -> None:
    root: Path = write_topics(
        t="""
        id: t
        title: T
        description: Words signed by today's worker.
        nodes:
          - id: words
            kind: ask
            type: text
            prompt: "Your words?"
            store: letter.words
          - id: signed
            kind: set
            speaker: worker
            values:
              letter.words: "get('letter.words') ~ ' - Tom'"
            text: "Signed by Tom."
          - {id: fin, kind: end}
        """
    )
    conv = Conversation(load_content(root))
    conv.goto_topic("t")
    conv.answer("Hello", by="person")
    assert conv.data["letter"]["words"] == "Hello - Tom"
    conv.edit("letter.words", "Hi", by="person")
    assert (conv.log[-1]["node"], conv.log[-1]["prompt"]) == ("words", "Your words?")
    assert conv.data["letter"]["words"] == "Hi"
