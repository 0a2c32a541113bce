"""The linter checks a record field's `shown_when` (E234): it names another `choice` field of
the same entry, and only values among that field's options."""

from __future__ import annotations

import pytest

from assistant.authoring.lint import lint_paths

TOPIC = """\
id: t
title: T
description: A test topic.
nodes:
  - id: actions
    kind: ask
    type: records
    prompt: "What will happen?"
    store: actions
    item_label: "{{{{ item.what }}}}"
    fields:
      - name: what
        label: What
        type: text
      - name: who
        label: Who will do it
        type: choice
        options: [me, someone_else]
      - name: who_else
        label: If someone else, who
        type: text
        shown_when: {{field: {field}, is: [{values}]}}
  - id: done
    kind: end
"""


def _found(write_topics, field: str, values: str) -> list[tuple[str, int, int]]:
    path = write_topics(t=TOPIC.format(field=field, values=values))
    return [(p.code, p.line, p.col) for p in lint_paths([path])]


def test_a_field_shown_when_another_choice_has_one_of_its_values_is_clean(write_topics) -> None:
    assert _found(write_topics, "who", "someone_else") == []


def test_shown_when_naming_no_field_of_the_entry_is_an_error_at_its_line(write_topics) -> None:
    found = lint_paths([write_topics(t=TOPIC.format(field="whom", values="someone_else"))])
    assert [(p.code, p.line, p.col) for p in found] == [("E234", 23, 29)]
    assert "`whom` is not a field of this list (did you mean `who`?)" in found[0].message


def test_shown_when_naming_a_field_that_is_not_a_choice_is_an_error(write_topics) -> None:
    found = lint_paths([write_topics(t=TOPIC.format(field="what", values="someone_else"))])
    assert [(p.code, p.line) for p in found] == [("E234", 23)]
    assert "`what` is a `text` field" in found[0].message


def test_shown_when_naming_the_field_itself_is_an_error(write_topics) -> None:
    assert _found(write_topics, "who_else", "someone_else") == [("E234", 23, 29)]


@pytest.mark.parametrize(
    ("values", "col"), [("someone", 39), ("me, Someone else", 43)], ids=["only", "second"]
)
def test_a_value_that_is_not_an_option_of_the_choice_is_an_error_at_it(
    write_topics, values: str, col: int
) -> None:
    assert _found(write_topics, "who", values) == [("E234", 23, col)]


CYCLE = """\
id: t
title: T
description: A test topic.
nodes:
  - id: actions
    kind: ask
    type: records
    prompt: "What will happen?"
    store: actions
    item_label: "{{ item.what }}"
    fields:
      - name: what
        label: What
        type: text
      - name: who
        label: Who will do it
        type: choice
        options: [me, someone_else]
        shown_when: {field: how, is: [by_phone]}
      - name: how
        label: How
        type: choice
        options: [by_phone, in_person]
        shown_when: {field: %s, is: [%s]}
      - name: when
        label: When
        type: choice
        options: [soon, later]
        shown_when: {field: who, is: [me]}
  - id: done
    kind: end
"""


def test_two_fields_each_shown_when_the_other_has_a_value_is_an_error_naming_the_cycle(
    write_topics,
) -> None:
    found = lint_paths([write_topics(t=CYCLE % ("who", "me"))])
    assert [(p.code, p.line, p.col) for p in found] == [("E234", 20, 29)]
    assert "(`who` → `how` → `who`)" in found[0].message


def test_a_longer_cycle_of_shown_when_is_an_error_naming_it(write_topics) -> None:
    found = lint_paths([write_topics(t=CYCLE % ("when", "soon"))])
    assert [(p.code, p.line, p.col) for p in found] == [("E234", 20, 29)]
    assert "(`who` → `how` → `when` → `who`)" in found[0].message


def test_a_chain_of_shown_when_ending_at_a_field_shown_always_is_clean(write_topics) -> None:
    chain = (CYCLE % ("who", "me")).replace("        shown_when: {field: who, is: [me]}\n", "", 1)
    assert lint_paths([write_topics(t=chain)]) == []
