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


def _at_bos_last_question(write_topics) -> Conversation:
    conv = _people(write_topics)
    conv.answer("yes")
    conv.answer("Yes")  # Ann done: close, without the follow-up
    conv.answer("yes")
    assert (conv.step.node_id, conv.step.loop_label) == ("more", "2 of 2")
    return conv


def test_a_follow_up_of_an_earlier_record_is_asked(write_topics) -> None:
    conv = _at_bos_last_question(write_topics)
    conv.edit("people.list.#a.close", "no")
    assert (conv.step.node_id, conv.step.loop_label) == ("why", "1 of 2")


def test_after_an_earlier_record_the_conversation_goes_back_to_where_it_stood(
    write_topics,
) -> None:
    conv = _at_bos_last_question(write_topics)
    conv.edit("people.list.#a.close", "no")
    conv.answer("We argued")
    conv.proceed()  # "Thank you for telling me." for Ann, never shown for her
    assert (conv.step.node_id, conv.step.loop_label) == ("more", "2 of 2")
    assert conv.data["people"]["list"][0]["why"] == "We argued"


def test_back_undoes_the_detour_exactly(write_topics) -> None:
    conv = _at_bos_last_question(write_topics)
    conv.edit("people.list.#a.close", "no")
    conv.back()
    assert (conv.step.node_id, conv.step.loop_label) == ("more", "2 of 2")
    assert conv.data["people"]["list"][0]["close"] == "yes"


OUTER = """
id: outer
title: Outer
description: Runs two others.
nodes:
  - id: run_likes
    kind: call
    topic: likes
  - id: why_not
    kind: ask
    type: text
    when: "get('likes.likes') == 'no'"
    prompt: "What puts you off?"
    store: outer.why_not
  - id: run_last
    kind: call
    topic: last
  - id: after
    kind: ask
    type: text
    prompt: "Anything after?"
    store: outer.after
  - id: fin
    kind: end
"""

LIKES = """
id: likes
title: Likes
description: Likes.
listed: false
nodes:
  - id: likes
    kind: ask
    type: choice
    prompt: "Do you like groups?"
    store: likes.likes
    options: ["yes", "no"]
  - id: fin
    kind: end
"""

LAST = """
id: last
title: Last
description: Last.
listed: false
nodes:
  - id: first
    kind: ask
    type: text
    prompt: "First?"
    store: last.first
  - id: second
    kind: ask
    type: text
    prompt: "Second?"
    store: last.second
  - id: fin
    kind: end
"""


def _in_the_last_topic(write_topics) -> Conversation:
    conv = Conversation(load_content(write_topics(outer=OUTER, likes=LIKES, last=LAST)))
    conv.goto_topic("outer")
    conv.answer("yes")
    conv.answer("One")
    assert conv.step.node_id == "second"
    return conv


def test_a_follow_up_of_the_calling_topic_is_asked(write_topics) -> None:
    conv = _in_the_last_topic(write_topics)
    conv.edit("likes.likes", "no")
    assert conv.step.node_id == "why_not"


def test_after_the_calling_topic_the_conversation_goes_back_to_where_it_stood(
    write_topics,
) -> None:
    conv = _in_the_last_topic(write_topics)
    conv.edit("likes.likes", "no")
    conv.answer("Crowds")
    assert (conv.step.topic, conv.step.node_id) == ("last", "second")
    conv.answer("Two")
    assert conv.step.node_id == "after"
    assert (conv.data["outer"]["why_not"], conv.data["last"]["first"]) == ("Crowds", "One")
