"""The linter checks a multi_choice's `max` (how many may be ticked): E231."""

from __future__ import annotations

import pytest

from assistant.authoring.lint import lint_paths

TOPIC = """
id: t
title: T
description: A test topic.
nodes:
  - id: pick
    kind: ask
    type: multi_choice
    prompt: "Pick some"
    store: picks
    options: [a, b, c]
    max: {max}
  - id: done
    kind: end
"""


@pytest.mark.parametrize("most", ["0", "1.5", "-2"])
def test_max_that_is_not_a_whole_number_of_one_or_more_is_an_error(write_topics, most) -> None:
    found = lint_paths([write_topics(t=TOPIC.format(max=most))])
    assert [(p.code, p.line) for p in found] == [("E231", 12)]  # the `max:` line


def test_a_whole_number_max_is_clean(write_topics) -> None:
    assert lint_paths([write_topics(t=TOPIC.format(max="3"))]) == []
