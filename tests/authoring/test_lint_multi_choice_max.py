"""The linter checks a multi_choice's `max` (how many may be ticked), E231, and where `alone`
can go, E233."""

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


CHOICE_ALONE = """
id: t
title: T
description: A test topic.
nodes:
  - id: pick
    kind: ask
    type: {kind}
    prompt: "Pick"
    store: picks
    options:
      - value: a
      - value: none
        alone: true
  - id: done
    kind: end
"""


def test_alone_on_an_option_of_a_single_choice_is_an_error(write_topics) -> None:
    found = lint_paths([write_topics(t=CHOICE_ALONE.format(kind="choice"))])
    assert [(p.code, p.line) for p in found] == [("E233", 14)]  # the `alone:` line


def test_alone_on_an_option_of_a_multi_choice_is_clean(write_topics) -> None:
    assert lint_paths([write_topics(t=CHOICE_ALONE.format(kind="multi_choice"))]) == []
