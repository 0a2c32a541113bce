"""A person's identifiers and details: the NHS number (checked with its modulus-11 check
digit), the date of birth and gender (both optional), and the age matching uses.

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

A date of birth is stored as ISO text (``1980-12-15``), typed as ``15/12/1980`` (UK order),
``1980-12-15`` or ``15 December 1980``; it is never in the future nor more than 120 years
ago. Gender is one of :data:`GENDERS`, ``own_words`` with the person's words beside it; both
are optional, never required and never guessed. Directory matching reads the person's age
(:func:`person_age`) and gender (:func:`person_gender`) from here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any, Final, Literal, get_args

from assistant.dates import MONTHS

__all__ = [
    "BIRTH_DATE_PATTERN",
    "GENDERS",
    "GENDER_LABELS",
    "MATCHING_GENDERS",
    "NHS_NUMBER_PATTERN",
    "OLDEST_AGE",
    "Gender",
    "InvalidBirthDate",
    "InvalidNhsNumber",
    "age_on",
    "birth_date",
    "format_birth_date",
    "format_nhs_number",
    "gender_from_text",
    "gender_words_shown",
    "nhs_check_digit",
    "nhs_number",
    "nhs_number_digits",
    "person_age",
    "person_gender",
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


# -- date of birth --------------------------------------------------------------------------

# What a stored date of birth looks like (YYYY-MM-DD).
BIRTH_DATE_PATTERN: Final = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# No one alive is older: a date further back is a typing slip (1880 for 1980).
OLDEST_AGE: Final = 120
_MONTHS: Final = MONTHS
_ISO: Final = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# 15/12/1980, 15-12-1980, 15.12.1980 (day first, as dates are written in the UK).
_UK: Final = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{1,4})")
# 15 December 1980, 15 Dec 1980.
_WORDS: Final = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,})\.?,?\s+(\d{1,4})")
_EXAMPLE: Final = "e.g. 15/12/1980"


class InvalidBirthDate(ValueError):
    """Not a date of birth the records take; ``str()`` says why in plain words."""


def _month(word: str) -> int | None:
    folded = word.casefold()
    for number, name in enumerate(_MONTHS, start=1):
        if name.casefold() == folded or (len(folded) >= 3 and name.casefold()[:3] == folded):
            return number
    return None


def _parts(text: str) -> tuple[int, int, int]:
    """Year, month and day from what was typed (no range checks yet)."""
    if found := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in found.groups())
        return year, month, day
    if found := _UK.fullmatch(text):
        day_text, month_text, year_text = found.groups()
        month = int(month_text)
    elif found := _WORDS.fullmatch(text):
        day_text, month_word, year_text = found.groups()
        number = _month(month_word)
        if number is None:
            raise InvalidBirthDate(f"'{month_word}' is not a month. Try the date as {_EXAMPLE}.")
        month = number
    else:
        raise InvalidBirthDate(f"That is not a date: type it as day/month/year, {_EXAMPLE}.")
    if len(year_text) != 4:
        # 15/12/80 could be 1880, 1980 or 2080 to a program: ask rather than guess.
        raise InvalidBirthDate(f"Please give the year in full (four digits), {_EXAMPLE}.")
    return int(year_text), month, int(day_text)


def birth_date(text: str, today: date) -> date:
    """A date of birth from what was typed: ``15/12/1980``, ``1980-12-15`` or ``15 Dec 1980``.

    Raises :class:`InvalidBirthDate` saying what is wrong: not a date, no such day, in the
    future, or more than :data:`OLDEST_AGE` years before ``today``.
    """
    text = text.strip()
    if not text:
        raise InvalidBirthDate(f"A date of birth is needed here, {_EXAMPLE}.")
    year, month, day = _parts(text)
    if not 1 <= month <= 12:
        raise InvalidBirthDate(f"There is no month {month}: the month comes second, {_EXAMPLE}.")
    try:
        born = date(year, month, day)
    except ValueError:
        raise InvalidBirthDate(
            f"There is no {day} {_MONTHS[month - 1]} {year}. Please check the day."
        ) from None
    if born > today:
        raise InvalidBirthDate("A date of birth cannot be in the future. Please check the year.")
    if born < _years_before(today, OLDEST_AGE):
        raise InvalidBirthDate(f"That is more than {OLDEST_AGE} years ago. Please check the year.")
    return born


def _years_before(today: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February in a common year)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def age_on(born: date, today: date) -> int:
    """Age in whole years on ``today`` (someone born on 29 February is a year older on
    1 March in other years)."""
    before_birthday = (today.month, today.day) < (born.month, born.day)
    return today.year - born.year - before_birthday


def format_birth_date(stored: str) -> str:
    """A stored date of birth as people read it: ``15 December 1980`` (anything else as it is)."""
    try:
        day = date.fromisoformat(stored)
    except (TypeError, ValueError):
        return stored
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def person_age(person: Mapping[str, Any], today: date) -> int | None:
    """The person's age from their record's details (``born``), None when not recorded."""
    stored = person.get("born")
    if not isinstance(stored, str):
        return None
    try:
        return age_on(date.fromisoformat(stored), today)
    except ValueError:
        return None


# -- gender ---------------------------------------------------------------------------------

# Stored codes, in the order they are offered. "own_words" keeps the person's words in
# ``gender_words``; not recorded at all is no ``gender`` (None).
Gender = Literal["woman", "man", "non_binary", "own_words", "prefer_not_to_say"]
GENDERS: Final[tuple[str, ...]] = get_args(Gender)
GENDER_LABELS: Final = {
    "woman": "Woman",
    "man": "Man",
    "non_binary": "Non-binary",
    "own_words": "In their own words",
    "prefer_not_to_say": "Prefer not to say",
}
# What a directory entry's who-for may name; own words and "prefer not to say" match none of
# them (never guessed from the words).
MATCHING_GENDERS: Final = ("woman", "man", "non_binary")
# Typed words taken as one of the choices (spaces, hyphens and case do not matter).
_GENDER_WORDS: Final = {
    "woman": "woman",
    "female": "woman",
    "man": "man",
    "male": "man",
    "nonbinary": "non_binary",
    "enby": "non_binary",
    "prefernottosay": "prefer_not_to_say",
    "rathernotsay": "prefer_not_to_say",
}


def gender_from_text(text: str) -> tuple[str | None, str | None]:
    """``(gender, words)`` from typed text: a choice's name (``woman``, ``non-binary``,
    ``prefer not to say``, ...) gives its code; other text is the person's own words
    (``("own_words", text)``); nothing typed gives ``(None, None)``."""
    words = " ".join(text.split())
    if not words:
        return None, None
    key = re.sub(r"[\s_\-]+", "", words.casefold())
    code = _GENDER_WORDS.get(key)
    if code is not None:
        return code, None
    return "own_words", words


def gender_words_shown(gender: str | None, words: str | None) -> str:
    """How a recorded gender reads on a screen: the choice, or the person's own words."""
    if gender is None:
        return ""
    if gender == "own_words" and words:
        return words
    return GENDER_LABELS.get(gender, gender)


def person_gender(person: Mapping[str, Any]) -> str | None:
    """The gender directory matching may use: ``woman``, ``man`` or ``non_binary`` as the
    person chose; None when not recorded, in their own words, or they prefer not to say."""
    gender = person.get("gender")
    return gender if gender in MATCHING_GENDERS else None
