"""A topic that runs itself by `call` or `repeat`, directly or through other topics, never
ends: the linter names the loop (E235) at each step that closes it, explore flags a walk that
could never end, and the engine, given such content anyway, stops with a message naming the step
once topics run more than 20 (MAX_CALL_DEPTH) inside one another, instead of starting again after
every answer for ever."""

from __future__ import annotations

import pytest

from assistant.authoring.explore import explore
from assistant.authoring.lint import lint_paths
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

CALLS_B = """
id: a
title: A
description: A topic that calls another.
nodes:
  - id: to_b
    kind: call
    topic: b
  - id: done
    kind: end
"""

B = """
id: b
title: B
description: A topic that calls {callee}.
listed: false
nodes:
  - id: hello
    kind: say
    text: "Hello"
  - id: back
    kind: call
    topic: {callee}
  - id: done
    kind: end
"""

C = """
id: c
title: C
description: A topic that ends.
listed: false
nodes:
  - id: done
    kind: end
"""


def test_a_topic_that_calls_itself_is_an_error_naming_the_loop(write_topics) -> None:
    found = [p for p in lint_paths([write_topics(a=SELF)]) if p.code == "E235"]
    assert [(p.file.endswith("a.yaml"), p.line, p.col) for p in found] == [(True, 11, 12)]
    assert "(a -> a)" in found[0].message
    assert "remove the step" in found[0].message


def test_a_loop_through_another_topic_is_named_at_both_calls(write_topics) -> None:
    root = write_topics(a=CALLS_B, b=B.format(callee="a"))
    found = sorted((p.file.rsplit("/", 1)[-1], p.line, p.message) for p in lint_paths([root]))
    loops = [(name, line, message.split("(")[1].split(")")[0]) for name, line, message in found]
    assert loops == [("a.yaml", 8, "a -> b -> a"), ("b.yaml", 12, "b -> a -> b")]


def test_calls_that_come_to_an_end_are_clean(write_topics) -> None:
    assert lint_paths([write_topics(a=CALLS_B, b=B.format(callee="c"), c=C)]) == []


def test_explore_flags_a_walk_that_would_never_end(write_topics) -> None:
    failures = explore(load_content(write_topics(a=SELF)), seed=1, runs=1)
    assert [f.error for f in failures] == [
        "the walk would never end: the topic `a` started again inside itself (a -> a); "
        "`cpi-assistant validate` names the step to change"
    ]


def test_the_engine_stops_a_topic_that_calls_itself_at_the_depth_limit(write_topics) -> None:
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
