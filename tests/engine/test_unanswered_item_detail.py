"""A list's `item_label` and its details' `validate` rules read an entry as `item`. A detail
left unanswered reads as nothing there, as in a repeat's `where` (flows.expressions.Record):
it raised Jinja's undefined error, so the label fell back to the entry's first detail and
the rule refused the answer as one that "could not be checked"."""

from __future__ import annotations

from assistant.authoring.content import load_content
from assistant.engine.answer_words import record_name
from assistant.engine.conversation import Conversation
from assistant.flows import model as m

TOPIC = """
id: t
title: T
description: Things to do, and who will do each.
nodes:
  - id: actions
    kind: ask
    type: records
    prompt: "What will we do?"
    store: actions
    item_label: "{{ item.what }}, by {{ item.who or 'either of us' }}"
    fields:
      - {name: what, label: What, type: text, required: true}
      - {name: who, label: Who, type: text}
      - name: when
        label: By when
        type: text
        validate:
          - if: "item.who and answer == item.who"
            message: "Say when, not who."
  - {id: fin, kind: end}
"""


def _actions(write_topics) -> m.AskNode:
    node = load_content(write_topics(t=TOPIC)).topics["t"].nodes["actions"]
    assert isinstance(node, m.AskNode)
    return node


def test_a_label_reads_an_unanswered_detail_as_nothing(write_topics) -> None:
    assert record_name({"id": "a1", "what": "Walk"}, _actions(write_topics)) == (
        "Walk, by either of us"
    )


def test_a_rule_reads_an_unanswered_detail_as_nothing(write_topics) -> None:
    conv = Conversation(load_content(write_topics(t=TOPIC)))
    conv.goto_topic("t")
    conv.answer([{"what": "Walk", "when": "Friday"}])  # no one said who: not refused
    assert [r["when"] for r in conv.data["actions"]] == ["Friday"]
