"""A changed answer works out the next step again: the question on screen that only the old
answer asked for is passed by. "No" to "Do you agree with this plan?", changed to "Yes" while
its follow-up was on screen, still asked "What don't you agree with?"."""

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
  - id: not_agreed
    kind: ask
    type: text
    when: "get('agree.agrees') == 'no'"
    prompt: "What don't you agree with?"
    store: agree.not_agreed
  - id: next_time
    kind: ask
    type: text
    prompt: "When shall we meet next?"
    store: agree.next_time
  - id: fin
    kind: end
"""


@pytest.fixture(scope="module")
def agree(tmp_path_factory: pytest.TempPathFactory) -> Content:
    flows = tmp_path_factory.mktemp("content") / "flows"
    flows.mkdir()
    (flows / "agree.yaml").write_text(AGREE, encoding="utf-8")
    return load_content(flows.parent)


def test_a_follow_up_the_changed_answer_no_longer_asks_for_is_passed_by(agree: Content) -> None:
    conv = Conversation(agree)
    conv.goto_topic("agree")
    conv.answer("no")
    assert conv.step.node_id == "not_agreed"
    conv.edit("agree.agrees", "yes")
    assert conv.step.node_id == "next_time"
