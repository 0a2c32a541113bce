"""Phone numbers as people write them (assistant/phone_numbers.py): dialable, or made up."""

from __future__ import annotations

import pytest

from assistant.phone_numbers import is_dialable, is_drama_number


@pytest.mark.parametrize(
    "number", ["01632 960123", "+44 (0)113 496 0000", "999", "116 123", "0113 245 1111 ext 12"]
)
def test_numbers_as_dialled_are_dialable(number: str) -> None:
    assert is_dialable(number)


@pytest.mark.parametrize("number", ["0113 245 111O", "abc", "12", "call reception"])
def test_words_or_letters_are_not_dialable(number: str) -> None:
    assert not is_dialable(number)


def test_ofcoms_drama_numbers_are_made_up_and_real_ones_are_not() -> None:
    assert is_drama_number("0113 496 0123") and is_drama_number("+44 7700 900123")
    assert not is_drama_number("0113 245 1111")
