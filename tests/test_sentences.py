"""The one rule for sentences built around the person's words (assistant/sentences.py):
a full stop only where one is missing, the words quoted once, and never changed."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.sentences import ends_sentence, full_stop, quoted, said

ENDS = ".!?…"
words = st.text(min_size=1, max_size=60).filter(lambda t: t.strip())


@given(words)
def test_a_full_stop_is_never_doubled(text: str) -> None:
    result = full_stop(text)
    assert not result.endswith("..") or text.rstrip().endswith("..")


@given(words)
def test_the_result_always_ends_a_sentence(text: str) -> None:
    assert ends_sentence(full_stop(text))


@given(words)
def test_the_persons_words_are_kept_as_typed_with_at_most_one_stop_added(text: str) -> None:
    result = full_stop(text)
    assert result in (text.rstrip(), text.rstrip() + ".")


@given(words)
def test_full_stop_is_idempotent(text: str) -> None:
    once = full_stop(text)
    assert full_stop(once) == once


@given(words, st.sampled_from(ENDS))
def test_words_that_end_a_sentence_get_nothing_more(text: str, end: str) -> None:
    assert full_stop(text + end) == (text + end).rstrip()


@given(words.filter(lambda t: t.rstrip()[-1] not in ENDS + "\"”»'’"))
def test_words_without_an_ending_get_one_full_stop(text: str) -> None:
    assert full_stop(text) == text.rstrip() + "."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I don't know", "I don't know."),
        ("I don't know.", "I don't know."),
        ("I don't know...", "I don't know..."),
        ("Really?", "Really?"),
        ("Wait…", "Wait…"),
        ('"Bus fares add up."', '"Bus fares add up."'),
        ('He said "Stop!"', 'He said "Stop!"'),
        ("She said “no”", "She said “no”."),
        ("I see my mates'", "I see my mates'."),  # a possessive, not a closing quote
        ("He said 'no'", "He said 'no'."),
        ("Sam  ", "Sam."),
        ("", ""),
    ],
)
def test_full_stop_examples(text: str, expected: str) -> None:
    assert full_stop(text) == expected


def test_a_name_ending_in_a_quote_still_gets_its_full_stop() -> None:
    assert full_stop('This copy is for Ana <sister> & "Bo"') == (
        'This copy is for Ana <sister> & "Bo".'
    )


@given(words)
def test_quoted_words_are_quoted_exactly_once(text: str) -> None:
    once = quoted(text)
    assert quoted(once) == once


@given(words.filter(lambda t: '"' not in t and "“" not in t and "'" not in t))
def test_quoted_keeps_the_words_inside_the_quotes(text: str) -> None:
    assert quoted(text) == f'"{text.strip()}"'


def test_a_sentence_that_ends_with_quoted_words_needs_no_full_stop() -> None:
    assert said("You told me", "I used to love fishing") == 'You told me: "I used to love fishing"'
    assert full_stop(said("Let's talk about this", "Bus fares add up.")) == (
        'Let\'s talk about this: "Bus fares add up."'
    )


def test_words_already_in_quotes_are_not_quoted_again() -> None:
    assert said("You told me", '"Fishing"') == 'You told me: "Fishing"'
    assert quoted("“Fishing”") == "“Fishing”"


def test_nothing_said_leaves_only_the_lead_in() -> None:
    assert said("You told me", "  ") == "You told me."
