"""assistant/identifiers.py: date of birth, age and gender (issue 15) - read as typed, checked,
shown, and what directory matching may use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.identifiers import (
    OLDEST_AGE,
    InvalidBirthDate,
    age_on,
    birth_date,
    format_birth_date,
    gender_from_text,
    gender_words_shown,
    person_age,
    person_gender,
)

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    "typed",
    [
        "15/12/1980",
        "1980-12-15",
        "15-12-1980",
        "15.12.1980",
        " 15 / 12 / 1980 ",
        "15 Dec 1980",
        "15th December 1980",
        "15 december, 1980",
    ],
)
def test_a_date_of_birth_is_read_day_first_or_iso(typed: str) -> None:
    assert birth_date(typed, TODAY) == date(1980, 12, 15)


def test_a_single_digit_day_and_month_are_read() -> None:
    assert birth_date("5/3/1980", TODAY) == date(1980, 3, 5)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "A date of birth is needed"),
        ("next Tuesday", "That is not a date"),
        ("15/12/80", "year in full"),
        ("31/02/1980", "There is no 31 February 1980"),
        ("12/13/1980", "There is no month 13"),
        ("15 Smarch 1980", "'Smarch' is not a month"),
        ("2/12/2026", "cannot be in the future"),
        ("30/11/1906", f"more than {OLDEST_AGE} years ago"),
    ],
)
def test_a_date_of_birth_that_cannot_be_is_refused_with_the_reason(typed: str, says: str) -> None:
    with pytest.raises(InvalidBirthDate, match=says):
        birth_date(typed, TODAY)


def test_today_and_exactly_the_oldest_age_are_accepted() -> None:
    assert birth_date("1/12/2026", TODAY) == TODAY
    assert birth_date("1/12/1906", TODAY) == date(1906, 12, 1)


@pytest.mark.parametrize(
    ("born", "today", "age"),
    [
        (date(1980, 12, 15), date(2026, 12, 14), 45),
        (date(1980, 12, 15), date(2026, 12, 15), 46),
        (date(2000, 2, 29), date(2001, 2, 28), 0),
        (date(2000, 2, 29), date(2001, 3, 1), 1),
        (date(2000, 2, 29), date(2004, 2, 29), 4),
    ],
)
def test_age_on_counts_whole_years_to_the_birthday(born: date, today: date, age: int) -> None:
    assert age_on(born, today) == age


@given(
    born=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    days=st.integers(min_value=0, max_value=50_000),
)
def test_age_on_never_goes_down_and_is_never_off_by_more_than_a_year(born: date, days: int) -> None:
    today = born + timedelta(days=days)
    age = age_on(born, today)
    assert age_on(born, today + timedelta(days=1)) >= age >= 0
    assert days / 366 - 1 <= age <= days / 365


def test_a_stored_date_of_birth_is_shown_in_words() -> None:
    assert format_birth_date("1980-12-05") == "5 December 1980"
    assert format_birth_date("not a date") == "not a date"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("woman", ("woman", None)),
        ("Female", ("woman", None)),
        ("MAN", ("man", None)),
        ("non-binary", ("non_binary", None)),
        ("Non binary", ("non_binary", None)),
        ("prefer not to say", ("prefer_not_to_say", None)),
        ("  genderfluid,  mostly ", ("own_words", "genderfluid, mostly")),
        ("", (None, None)),
        ("   ", (None, None)),
    ],
)
def test_gender_typed_is_a_choice_or_the_persons_own_words(
    typed: str, stored: tuple[str | None, str | None]
) -> None:
    assert gender_from_text(typed) == stored


def test_a_gender_reads_as_its_choice_or_the_words() -> None:
    assert gender_words_shown("non_binary", None) == "Non-binary"
    assert gender_words_shown("own_words", "two-spirit") == "two-spirit"
    assert gender_words_shown(None, None) == ""


def test_matching_uses_only_a_gender_the_person_chose_never_a_guess_from_words() -> None:
    assert person_gender({"gender": "woman"}) == "woman"
    assert person_gender({"gender": "non_binary"}) == "non_binary"
    assert person_gender({"gender": "own_words", "gender_words": "woman, trans"}) is None
    assert person_gender({"gender": "prefer_not_to_say"}) is None
    assert person_gender({}) is None


def test_matching_age_comes_from_the_date_of_birth_when_recorded() -> None:
    assert person_age({"born": "1980-12-15"}, TODAY) == 45
    assert person_age({"born": None}, TODAY) is None
    assert person_age({}, TODAY) is None
