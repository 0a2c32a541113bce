"""A changed answer works out the next step again.

It asks a follow-up it made relevant: "Yes" to "Do you agree with this plan?", the topic gone on
past where the "No" follow-up would have been asked, then changed to "No": "What don't you agree
with?" was never asked, so the disagreement was never written down.

It passes by the question on screen that only the old answer asked for: "No", changed to "Yes"
while its follow-up was on screen, still asked "What don't you agree with?"."""

from __future__ import annotations

import pytest

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content, load_content

AGREE = """
id: agree
title: Agree
description: Agreeing.
nodes:
  - id: agrees
    kind: ask
    type: choice
    prompt: "Do you agree?"
    store: agree.agrees
    options: ["yes", "no"]
  - id: soon
    kind: ask
    type: text
    when: "today() != '' and get('agree.agrees') == 'no'"
    prompt: "Soon?"
    store: agree.soon
  - id: not_agreed
    kind: ask
    type: text
    when: "get('agree.agrees') == 'no'"
    prompt: "What don't you agree with?"
    store: agree.not_agreed
  - id: worker
    kind: ask
    type: text
    prompt: "Worker: do you agree?"
    store: agree.worker
  - id: next_time
    kind: ask
    type: text
    prompt: "When shall we meet next?"
    store: agree.next_time
  - id: fin
    kind: end
"""

OTHER = """
id: other
title: Other
description: Another topic.
nodes:
  - id: other
    kind: ask
    type: text
    prompt: "Anything else?"
    store: other.words
  - id: fin
    kind: end
"""


@pytest.fixture(scope="module")
def agree(tmp_path_factory: pytest.TempPathFactory) -> Content:
    flows = tmp_path_factory.mktemp("content") / "flows"
    flows.mkdir()
    (flows / "agree.yaml").write_text(AGREE, encoding="utf-8")
    (flows / "other.yaml").write_text(OTHER, encoding="utf-8")
    return load_content(flows.parent)


def _past_the_follow_up(agree: Content) -> Conversation:
    conv = Conversation(agree)
    conv.goto_topic("agree")
    conv.answer("yes")
    conv.answer("Yes, I do")
    assert conv.step.node_id == "next_time"
    return conv


def test_the_follow_up_is_asked_next(agree: Content) -> None:
    conv = _past_the_follow_up(agree)
    conv.edit("agree.agrees", "no")
    assert conv.step.node_id == "not_agreed"


def test_after_it_the_topic_goes_back_to_where_it_stood(agree: Content) -> None:
    conv = _past_the_follow_up(agree)
    conv.edit("agree.agrees", "no")
    conv.answer("The second goal")
    assert conv.step.node_id == "next_time"
    assert conv.data["agree"]["not_agreed"] == "The second goal"


def test_a_when_about_the_date_is_not_asked_by_a_changed_answer(agree: Content) -> None:
    conv = _past_the_follow_up(agree)
    conv.edit("agree.agrees", "no")
    conv.answer("The second goal")
    assert "soon" not in conv.data["agree"]


def test_a_follow_up_answered_before_is_not_asked_again(agree: Content) -> None:
    conv = Conversation(agree)
    conv.goto_topic("agree")
    conv.answer("no")
    conv.answer("Next week")
    conv.answer("The second goal")
    conv.answer("Yes, I do")
    conv.edit("agree.agrees", "yes")
    conv.edit("agree.agrees", "no")
    assert conv.step.node_id == "next_time"


def test_a_follow_up_the_changed_answer_no_longer_asks_for_is_passed_by(agree: Content) -> None:
    conv = Conversation(agree)
    conv.goto_topic("agree")
    conv.answer("no")
    conv.answer("Next week")
    assert conv.step.node_id == "not_agreed"
    conv.edit("agree.agrees", "yes")
    assert conv.step.node_id == "worker"


def test_a_follow_up_passed_by_before_it_was_answered_is_asked(agree: Content) -> None:
    conv = Conversation(agree)
    conv.goto_topic("agree")
    conv.answer("no")
    conv.answer("Next week")
    conv.edit("agree.agrees", "yes")  # the follow-up on screen is passed by
    conv.answer("Yes, I do")
    conv.edit("agree.agrees", "no")
    assert conv.step.node_id == "not_agreed"


def test_back_undoes_it_exactly(agree: Content) -> None:
    conv = _past_the_follow_up(agree)
    conv.edit("agree.agrees", "no")
    conv.back()
    assert (conv.step.node_id, conv.data["agree"]["agrees"]) == ("next_time", "yes")


def test_a_topic_left_part_way_asks_it_when_opened_again(agree: Content) -> None:
    conv = _past_the_follow_up(agree)
    conv.goto_topic("other")
    conv.edit("agree.agrees", "no")
    conv.goto_topic("agree")
    assert conv.step.node_id == "not_agreed"


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
  - id: more
    kind: ask
    type: text
    prompt: "More contact?"
    store: someone.more
  - id: fin
    kind: end
"""


def test_in_a_loop_the_follow_up_is_asked_for_the_record_on_screen(write_topics) -> None:
    content = load_content(write_topics(people=PEOPLE, someone=SOMEONE))
    people = {"people": {"list": [{"id": "a", "name": "Ann"}, {"id": "b", "name": "Bo"}]}}
    conv = Conversation(content, people)
    conv.goto_topic("people")
    conv.answer("yes")
    assert conv.step.node_id == "more"
    conv.edit("people.list.#a.close", "no")
    conv.answer("We argued")
    assert conv.data["people"]["list"][0]["why"] == "We argued"
    assert (conv.step.node_id, conv.step.loop_label) == ("more", "1 of 2")


LATER = """
id: later
title: Later
description: A question asked on what comes after it.
nodes:
  - id: first
    kind: ask
    type: text
    prompt: "First?"
    store: later.first
  - id: looking_back
    kind: ask
    type: text
    when: "answered('later.second')"
    prompt: "Looking back?"
    store: later.looking_back
  - id: second
    kind: ask
    type: text
    prompt: "Second?"
    store: later.second
  - id: third
    kind: ask
    type: text
    prompt: "Third?"
    store: later.third
  - id: fin
    kind: end
"""


def test_a_change_asks_only_what_it_made_relevant(write_topics) -> None:
    conv = Conversation(load_content(write_topics(later=LATER)))
    conv.goto_topic("later")
    conv.answer("One")
    conv.answer("Two")  # `looking_back` holds now, but the walk went past it before
    conv.edit("later.first", "Uno")
    assert conv.step.node_id == "third"
