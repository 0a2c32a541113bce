"""`validate` finds texts that could never be shown (issue 13, section 5): texts that always
go past the rendering limits, and names that the sandbox always refuses. Each is reported
with the file and line, and `validate` itself stays quick and small while it checks them."""

from __future__ import annotations

from pathlib import Path

from assistant.authoring.lint import lint_paths
from assistant.cli import main

HEAD = """
id: t
title: T
description: A test topic.
nodes:
  - id: name
    kind: ask
    type: text
    prompt: "Name?"
    store: about.name
"""
END = "  - id: z\n    kind: end\n"


def lint_text(write_topics, text: str, field: str = "text") -> list:
    say = f"  - id: a\n    kind: say\n    {field}: {text}\n"
    if field != "text":
        say += "    text: Hello\n"
    root = write_topics(t=HEAD + say + END)
    return lint_paths([root])


def test_the_issue_s_nested_loops_are_an_error_at_their_line(write_topics) -> None:
    found = lint_text(
        write_topics,
        '"{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}"',
    )
    assert [(p.code, p.line) for p in found] == [("E214", 13)]
    assert "range() would count 100,000 numbers" in found[0].message


def test_the_issue_s_huge_string_is_an_error_and_validate_does_not_run_out_of_memory(
    write_topics,
) -> None:
    found = lint_text(write_topics, "\"{{ 'x'*3000000000 }}\"")
    assert [(p.code, p.line) for p in found] == [("E214", 13)]
    assert "more than 1,000,000 characters" in found[0].message


def test_loops_inside_loops_that_go_round_too_often_are_an_error(write_topics) -> None:
    found = lint_text(
        write_topics,
        '"{% for i in range(2000) %}{% for j in range(2000) %}{% endfor %}{% endfor %}"',
    )
    assert [p.code for p in found] == ["E214"]
    assert "would go round 4,000,000 times" in found[0].message


def test_a_condition_that_always_goes_past_a_limit_is_an_error(write_topics) -> None:
    found = lint_text(write_topics, "\"'x'.center(3000000000) == ''\"", field="when")
    assert [p.code for p in found] == ["E214"]
    assert found[0].message.startswith("this condition can never be used")


def test_a_double_underscore_attribute_is_an_error_at_its_line(write_topics) -> None:
    found = lint_text(write_topics, '"{{ about.name.__class__.__mro__ }}"')
    assert [(p.code, p.line) for p in found] == [("E213", 13), ("E213", 13)]
    assert "`__class__` can never be read" in found[0].message


def test_a_double_underscore_item_is_an_error(write_topics) -> None:
    found = lint_text(write_topics, "\"{{ about['__class__'] }}\"")
    assert [p.code for p in found] == ["E213"]


def test_the_line_within_a_long_text_is_named(write_topics) -> None:
    found = lint_text(write_topics, "|\n      Hello\n      {{ about.name.__dict__ }}")
    assert [p.code for p in found] == ["E213"]
    assert "(line 2 of the text)" in found[0].message


def test_texts_within_the_limits_are_clean(write_topics) -> None:
    found = lint_text(
        write_topics,
        "\"{% for i in range(100) %}{% for j in range(100) %}{{ 'ab' * 3 }}{% endfor %}"
        '{% endfor %}{{ about.name|center(20) }}"',
    )
    assert found == []


def test_validate_prints_file_and_line_and_fails(write_topics, capsys) -> None:
    root = write_topics(
        t=HEAD + "  - id: a\n    kind: say\n    text: \"{{ 'x'*3000000000 }}\"\n" + END
    )
    assert main(["validate", str(root)]) == 1
    out = capsys.readouterr().out
    assert f"{Path('flows') / 't.yaml'}:13:" in out and "E214" in out
