"""A topic that runs itself (content the linter would refuse, E235) stops with a message
naming the step once topics run more than 20 (MAX_CALL_DEPTH) inside one another, instead of
starting again after every answer for ever."""

from __future__ import annotations

import pytest

from assistant.engine.conversation import Conversation, FlowError
from assistant.flows.loader import load_content

SELF = """
id: a
title: A
description: A topic that calls itself.
nodes:
  - id: hello
    kind: say
    text: "Hello"
  - id: again
    kind: call
    topic: a
  - id: done
    kind: end
"""


def test_a_topic_that_calls_itself_stops_at_the_depth_limit(write_topics) -> None:
    conv = Conversation(load_content(write_topics(a=SELF)), {})
    conv.goto_topic("a")
    with pytest.raises(FlowError) as caught:
        for _ in range(100):  # far past the limit: the old engine never stopped
            conv.proceed()
    message = str(caught.value)
    assert message.endswith(
        "a.yaml:11:12: step `again`: topics run inside one another more than 20 deep: a "
        "topic runs itself (run `cpi-assistant validate` to find the loop)"
    )
