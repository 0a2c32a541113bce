""" "Did you mean" for a wrong value matches words and their starts before spelling alone:
`kind: sports` in a directory entry suggests `sport_and_walking`, not `arts`."""

from __future__ import annotations

import pytest

from assistant.flows.validation import suggest

KINDS = ("arts", "music", "sport_and_walking", "gardening", "gaming_and_online", "other")


@pytest.mark.parametrize(
    ("word", "meant"),
    [("sports", "sport_and_walking"), ("walk", "sport_and_walking"), ("garden", "gardening")],
)
def test_a_word_of_a_choice_wins_over_spelling(word: str, meant: str) -> None:
    assert suggest(word, KINDS) == f" (did you mean `{meant}`?)"


def test_spelling_still_finds_a_slip() -> None:
    assert suggest("musci", KINDS) == " (did you mean `music`?)"
