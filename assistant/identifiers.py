"""A person's identifiers: the NHS number, checked with its modulus-11 check digit.

A small plain-Python module at the bottom of the layers (docs/architecture.md): the records
check a number before they store it, plans and their JSON Schema check it again (a plan file
can be imported), and the screens and exports show it the same way.

An NHS number is stored as its 10 digits, no spaces (``9434765919``), and shown in the
3-3-4 groups people read from letters and cards (``943 476 5919``). The tenth digit is a
check digit: the first nine are weighted 10, 9, ..., 2 and summed; the check digit is
``11 - (sum mod 11)``, where 11 stands for 0 and 10 means no valid number has those nine
digits. A number typed with one digit wrong, or two neighbours swapped, fails the check.

Messages about a number never repeat other record data: they say only what is wrong with the
digits given.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "NHS_NUMBER_PATTERN",
    "InvalidNhsNumber",
    "format_nhs_number",
    "nhs_check_digit",
    "nhs_number",
    "nhs_number_digits",
]

# What a stored NHS number looks like (the JSON Schema's pattern too).
NHS_NUMBER_PATTERN: Final = "^[0-9]{10}$"
_WEIGHTS: Final = tuple(range(10, 1, -1))  # 10, 9, ..., 2 for the first nine digits
# Spaces (any kind) and hyphens people type between the groups; nothing else is dropped.
_SEPARATORS: Final = re.compile(r"[\s\-\u2010-\u2015]+")


class InvalidNhsNumber(ValueError):
    """Not a valid NHS number; ``str()`` says why in plain words."""


def nhs_check_digit(first_nine: str) -> int | None:
    """The check digit for nine digits, or None when no valid NHS number starts with them."""
    if len(first_nine) != 9 or not (first_nine.isascii() and first_nine.isdigit()):
        raise ValueError("nine digits are needed")
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number_digits(text: str) -> str:
    """The digits of ``text`` with spaces and hyphens between them left out (no checks)."""
    return _SEPARATORS.sub("", text.strip())


def nhs_number(text: str) -> str:
    """A valid NHS number from what was typed (``943 476 5919``), as its 10 stored digits.

    Raises :class:`InvalidNhsNumber` saying what is wrong: not digits, not 10 of them, one
    digit ten times, or which check failed (the check digit, or nine digits no NHS number can
    have).
    """
    digits = nhs_number_digits(text)
    if not digits:
        raise InvalidNhsNumber("An NHS number is needed here (10 digits, e.g. 943 476 5919).")
    if not (digits.isascii() and digits.isdigit()):
        raise InvalidNhsNumber(
            "An NHS number has only digits (spaces between them are fine), e.g. 943 476 5919."
        )
    if len(digits) != 10:
        raise InvalidNhsNumber(f"An NHS number has 10 digits; this has {len(digits)}.")
    if len(set(digits)) == 1:
        # 0000000000, 1111111111, ...: each passes the modulus-11 check, but no NHS number is
        # one digit ten times (NHS guidance treats them as invalid; they are typed as fillers).
        raise InvalidNhsNumber(
            "Not a valid NHS number: no NHS number is the same digit ten times. Please check "
            "each digit."
        )
    expected = nhs_check_digit(digits[:9])
    if expected is None:
        raise InvalidNhsNumber(
            "Not a valid NHS number: no NHS number has these first nine digits (the "
            "modulus-11 check). Please check each digit."
        )
    if int(digits[9]) != expected:
        raise InvalidNhsNumber(
            "Not a valid NHS number: the last digit (the check digit) does not match the "
            "first nine. Please check each digit."
        )
    return digits


def format_nhs_number(digits: str) -> str:
    """A stored NHS number as people read it, in groups of 3, 3 and 4: ``943 476 5919``.

    Anything that is not 10 digits is returned as it is (a screen never hides what is stored).
    """
    if len(digits) == 10 and digits.isascii() and digits.isdigit():
        return f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return digits
