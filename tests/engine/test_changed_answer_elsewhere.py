"""A changed answer that makes a follow-up relevant asks it wherever it is: in the record on
screen, in an earlier record of a repeat, or in the topic that called the one on screen; then
the conversation goes back to where it stood, asking nothing twice."""

from __future__ import annotations

from assistant.engine.conversation import Conversation
from assistant.flows.loader import load_content

PEOPLE = """
id: people
title: People
description: Each person.
nodes:
  - id: each
    kind: repeat
    over: people.list
    as: someone
    topic: someone
  - id: fin
    kind: end
"""

SOMEONE = """
id: someone
title: Someone
description: One person.
listed: false
nodes:
  - id: close
    kind: ask
    type: choice
    prompt: "Are you close?"
    store: someone.close
    options: ["yes", "no"]
  - id: why
    kind: ask
    type: text
    when: "someone.close == 'no'"
    prompt: "Why not?"
    store: someone.why
  - id: thanks
    kind: say
    when: "someone.close == 'no'"
    text: "Thank you for telling me."
  - id: more
    kind: ask
    type: text
    prompt: "More contact?"
    store: someone.more
  - id: fin
    kind: end
"""

TWO = {"people": {"list": [{"id": "a", "name": "Ann"}, {"id": "b", "name": "Bo"}]}}


def _people(write_topics) -> Conversation:
    conv = Conversation(load_content(write_topics(people=PEOPLE, someone=SOMEONE)), TWO)
    conv.goto_topic("people")
    return conv


def test_a_say_shown_for_another_record_is_shown_for_this_one(write_topics) -> None:
    conv = _people(write_topics)
    conv.answer("no")
    conv.answer("We argued")
    conv.proceed()  # "Thank you for telling me." for Ann
    conv.answer("Yes")
    conv.answer("yes")  # Bo: the follow-up and the thanks passed by
    conv.edit("people.list.#b.close", "no")
    conv.answer("We moved apart")
    assert (conv.step.node_id, conv.step.loop_label) == ("thanks", "2 of 2")
