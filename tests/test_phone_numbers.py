"""Phone numbers as people write them (assistant/phone_numbers.py): dialable, or made up."""

from __future__ import annotations

import re

import pytest

from assistant.phone_numbers import (
    ACCEPTED_FORMS,
    is_dialable,
    is_drama_number,
    not_dialable_message,
)


@pytest.mark.parametrize(
    "number", ["01632 960123", "+44 (0)113 496 0000", "999", "116 123", "0113 245 1111 ext 12"]
)
def test_numbers_as_dialled_are_dialable(number: str) -> None:
    assert is_dialable(number)


@pytest.mark.parametrize(
    "number",
    ["0161 496 0000 (option 2)", "07700 900123 / 0161 496 0000", "0161 496 0000 or 116 123"],
)
def test_a_note_in_brackets_or_a_second_number_is_dialable(number: str) -> None:
    assert is_dialable(number)


@pytest.mark.parametrize(
    "number",
    ["0113 245 111O (option 2)", "0161 496 0000 / call us", "0161 496 0000 /", "(option 2)"],
)
def test_each_number_beside_a_note_or_another_is_checked(number: str) -> None:
    assert not is_dialable(number)


def test_of_two_numbers_one_made_up_is_found() -> None:
    # A crisis line that reaches no one must not hide behind a real number beside it (A205).
    assert is_drama_number("0113 245 1111 / 0161 496 0000")
    assert is_drama_number("0161 496 0000 (option 2)")


@pytest.mark.parametrize("number", ["0113 245 111O", "abc", "12", "call reception"])
def test_words_or_letters_are_not_dialable(number: str) -> None:
    assert not is_dialable(number)


def test_ofcoms_drama_numbers_are_made_up_and_real_ones_are_not() -> None:
    assert is_drama_number("0113 496 0123") and is_drama_number("+44 7700 900123")
    assert not is_drama_number("0113 245 1111")


def test_the_message_for_a_number_not_dialable_says_every_accepted_form() -> None:
    # D116 and A204 once said "digits, spaces and a leading + only", refusing forms
    # is_dialable accepts (a note, a second number, brackets, dashes, an extension).
    message = not_dialable_message("ring Sam")
    assert message.startswith("`ring Sam` does not look like a phone number: ")
    assert "leading + only" not in message
    for form in ("dashes", "brackets", "`ext 12`", "a note in brackets", "after `/` or `or`"):
        assert form in message
    # Every example the message gives is itself accepted.
    for example in re.findall(r"`([^`]*[0-9][^`]*)`", ACCEPTED_FORMS):
        assert is_dialable(example) or example == "ext 12"


@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("0161 496 0000 / call us", "`call us` in `0161 496 0000 / call us` does not"),
        ("0113 245 111O (option 2)", "(a letter O where a nought 0 goes?)"),
        ("(option 2)", "`(option 2)` does not look like a phone number (a note, but no number)"),
        ("12", "(it has 2 digits)"),
    ],
)
def test_the_message_names_the_part_that_cannot_be_dialled_and_why(number: str, said: str) -> None:
    assert said in not_dialable_message(number)
