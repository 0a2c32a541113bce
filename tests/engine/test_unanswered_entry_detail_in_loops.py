"""An entry of a list reached in a `{% for %}` over the list, or by its index, reads a detail
left unanswered as nothing, as a repeat's loop name and `item` do (flows.expressions). It
raised Jinja's undefined error, so a pack's prompt listing people with `{{ p.feeling }}`
could not be shown once someone was added without that optional answer."""

from __future__ import annotations

import pytest

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.flows.expressions import ExpressionError, evaluate, render

TOPIC = """
id: t
title: T
description: People, and how each one feels.
nodes:
  - id: people
    kind: ask
    type: records
    prompt: "Who is in your life?"
    store: net.people
    fields:
      - {name: name, label: Name, type: text, required: true}
      - {name: feeling, label: How you feel about them, type: text}
  - id: back
    kind: say
    text: "{% for p in net.people %}{{ p.name }}: {{ p.feeling or 'not said' }}. {% endfor %}"
  - {id: fin, kind: end}
"""


def test_a_prompt_looping_over_a_list_reads_an_unanswered_detail_as_nothing(
    write_topics,
) -> None:
    conv = Conversation(load_content(write_topics(t=TOPIC)))
    conv.goto_topic("t")
    conv.answer([{"name": "Jo", "feeling": "close"}, {"name": "Ana"}])
    assert conv.step.text == "Jo: close. Ana: not said. "


def test_an_entry_by_its_index_reads_an_unanswered_detail_as_nothing() -> None:
    data = {"net": {"people": [{"id": "a1", "name": "Ana"}]}}
    assert evaluate("not net.people[0].feeling", data) is True
    assert evaluate("net.people[0]['feeling'] != 'distant'", data) is True
    assert render("{{ net.people[0].feeling }}", data) == ""


def test_a_missing_name_that_is_not_an_entry_is_still_an_error() -> None:
    # Only a list's entries (each has an id) read a missing detail as nothing: a typo in an
    # answer's own path still fails loudly, so authors see it.
    with pytest.raises(ExpressionError):
        render("{{ about.nmae }}", {"about": {"name": "Ana"}})


def test_an_unanswered_detail_in_a_loop_compares_as_nothing() -> None:
    data = {"net": {"people": [{"id": "a1", "name": "Ana"}, {"id": "a2", "kind": "friend"}]}}
    assert evaluate("net.people[0].kind == net.people[1].kind", data) is False
    assert evaluate("net.people[0].kind != 'friend'", data) is True
    assert evaluate("net.people[0].kind == None", data) is True
    assert render("{{ net.people[0].kind | default('not said') }}", data) == "not said"
