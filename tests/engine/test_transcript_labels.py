"""Options worked out as a question is asked (``options_from``: a goal's own levels, the
people named so far) are shown in the conversation so far by the words they were offered
in. Worked out again later, outside the loop that offered them, they gave nothing, and a
goal's level read "Zero" instead of "What you hoped for: ..."."""

from __future__ import annotations

from assistant.authoring.content import load_content
from assistant.engine.answer_words import options_now
from assistant.engine.conversation import Conversation

TOPIC = """
id: t
title: T
description: A goal's levels, in a loop over the goals.
nodes:
  - id: goals
    kind: ask
    type: records
    prompt: "Your goals"
    store: goals
    fields:
      - {name: what, label: Goal, type: text}
      - {name: level_now, label: Now, type: text}
      - {name: level_expected, label: Hoped for, type: text}
  - id: each
    kind: repeat
    over: goals
    as: goal
    topic: level
  - {id: fin, kind: end}
"""

LEVEL = """
id: level
title: Level
description: Where one goal is now.
listed: false
nodes:
  - id: where
    kind: ask
    type: choice
    prompt: "Where are things now?"
    store: goal.attainment
    options_from: >-
      [{'value': 'minus_2', 'label': 'Much as it was: ' ~ goal.level_now},
       {'value': 'zero', 'label': 'What you hoped for: ' ~ goal.level_expected}]
  - id: pick
    kind: ask
    type: multi_choice
    prompt: "Who could help?"
    store: goal.helpers
    options_from: "[{'value': 'p1', 'label': 'Jo'}, {'value': 'p2', 'label': 'Dan'}, 'Pat']"
  - id: how
    kind: ask
    type: choice
    prompt: "How sure are you?"
    store: goal.sure
    options: [{value: very, label: Very sure}, {value: bit, label: A bit}]
  - {id: fin, kind: end}
"""

GOALS = {
    "goals": [{"id": "g1", "what": "Walk", "level_now": "I don't go", "level_expected": "One walk"}]
}


def _meeting(write_topics) -> Conversation:
    conv = Conversation(load_content(write_topics(t=TOPIC, level=LEVEL)), GOALS)
    conv.goto_topic("t")
    conv.answer(conv.step.value)  # the goals, as they are
    return conv


def test_a_choice_worked_out_when_asked_keeps_the_words_it_was_offered_in(write_topics) -> None:
    conv = _meeting(write_topics)
    conv.answer("zero")
    entry = conv.transcript()[-1]
    assert entry.value == "zero"
    assert entry.labels == (("zero", "What you hoped for: One walk"),)


def test_several_ticked_keep_the_words_of_those_ticked_only(write_topics) -> None:
    conv = _meeting(write_topics)
    conv.answer("zero")
    conv.answer(["p2", "Pat"])
    entry = conv.transcript()[-1]
    assert dict(entry.labels) == {"p2": "Dan", "Pat": "Pat"}


def test_written_options_keep_no_copy_of_their_words(write_topics) -> None:
    conv = _meeting(write_topics)
    conv.answer("zero")
    conv.answer(["p1"])
    conv.answer("bit")
    entry = conv.transcript()[-1]
    assert (entry.value, entry.labels) == ("bit", ())
    assert "labels" not in conv.log[-1]


def test_the_words_are_kept_when_the_meeting_is_saved_and_opened_again(write_topics) -> None:
    conv = _meeting(write_topics)
    conv.answer("zero")
    again = Conversation.from_state(conv.content, conv.to_state())
    assert again.transcript()[-1].labels == (("zero", "What you hoped for: One walk"),)


def test_an_answer_logged_without_its_words_finds_them_from_its_record(write_topics) -> None:
    # A log written before the words were kept: the path where the answer was stored binds
    # the loop's record again, outside the loop.
    conv = _meeting(write_topics)
    conv.answer("zero")
    entry = conv.transcript()[-1]
    node = conv.content.topics["level"].nodes["where"]
    assert dict(options_now(conv, node, entry.path))["zero"] == "What you hoped for: One walk"
    assert options_now(conv, node) == ()
