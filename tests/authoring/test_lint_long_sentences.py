"""W312: a sentence of more than 30 words in a step's guidance, prompt or text is a warning
from `cpi-assistant validate`: these are read aloud on the shared screen, and a long sentence
is hard to follow by ear."""

from __future__ import annotations

from assistant.authoring.lint import LONG_SENTENCE_WORDS, lint_paths, long_sentences
from assistant.cli import main
from assistant.locations import content_dir

HEAD = """
id: t
title: T
description: A test topic.
nodes:
  - id: a
    kind: say
    text: Hello.
"""


def _words(count: int) -> str:
    return " ".join(["word"] * count)


def _topic(write_topics, key: str, value: str):
    root = write_topics(t=HEAD + f"    {key}: {value}\n  - {{id: b, kind: end}}\n")
    return root, [p for p in lint_paths([root]) if p.code == "W312"]


def test_a_long_guidance_sentence_is_a_warning_naming_its_length(write_topics) -> None:
    _, found = _topic(write_topics, "guidance", f'"{_words(31)}."')
    assert [(p.code, p.severity) for p in found] == [("W312", "warning")]
    assert "a sentence of 31 words in the guidance" in found[0].message


def test_a_sentence_of_thirty_words_passes(write_topics) -> None:
    _, found = _topic(write_topics, "guidance", f'"{_words(LONG_SENTENCE_WORDS)}."')
    assert found == []


def test_short_sentences_adding_up_to_many_words_pass(write_topics) -> None:
    _, found = _topic(write_topics, "guidance", f'"{_words(20)}. {_words(20)}? {_words(20)}!"')
    assert found == []


def test_a_long_prompt_sentence_is_a_warning(write_topics) -> None:
    root = write_topics(
        t=HEAD
        + f'  - {{id: q, kind: ask, type: text, store: x.y, prompt: "{_words(35)}?"}}\n'
        + "  - {id: b, kind: end}\n"
    )
    found = [p for p in lint_paths([root]) if p.code == "W312"]
    assert len(found) == 1
    assert "a sentence of 35 words in the prompt" in found[0].message


def test_validate_names_the_file_and_line(write_topics, capsys) -> None:
    root, _ = _topic(write_topics, "guidance", f'"{_words(40)}."')
    assert main(["validate", str(root)]) == 0  # a warning: clean unless --strict
    assert "t.yaml:9:15: W312 warning: a sentence of 40 words" in capsys.readouterr().out
    assert main(["validate", "--strict", str(root)]) == 1


def test_a_quote_closing_a_sentence_ends_it() -> None:
    text = f'Say "{_words(20)}." Then {_words(20)}.'
    assert long_sentences(text) == ()


def test_template_alternatives_are_counted_apart() -> None:
    text = f"{{% if x %}}{_words(20)}{{% else %}}{_words(20)}{{% endif %}}."
    assert long_sentences(text) == ()


def test_a_template_value_counts_as_one_word() -> None:
    text = f"{_words(30)} {{{{ get('about.name') | upper }}}}."
    assert long_sentences(text) == ((31, " ".join(["word"] * 8)),)


def test_the_shipped_content_has_no_long_sentences() -> None:
    found = [p for p in lint_paths([content_dir()]) if p.code == "W312"]
    assert found == []
