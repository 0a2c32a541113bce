"""assistant/identifiers.py: the NHS number's modulus-11 check digit, reading and showing it;
the date of birth, age and gender (issue 15): read as typed, checked, shown, and what
directory matching may use."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.identifiers import (
    OLDEST_AGE,
    InvalidBirthDate,
    InvalidNhsNumber,
    age_on,
    birth_date,
    format_birth_date,
    format_nhs_number,
    gender_from_text,
    gender_words_shown,
    nhs_check_digit,
    nhs_number,
    person_age,
    person_gender,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def _check_by_definition(first_nine: str) -> int | None:
    # The NHS Data Dictionary's steps, written out separately from the module's arithmetic.
    weighted = [int(first_nine[i]) * (10 - i) for i in range(9)]
    remainder = sum(weighted) % 11
    check = 11 - remainder
    return {11: 0, 10: None}.get(check, check)


def _valid(first_nine: str) -> str | None:
    """The valid NHS number starting with these nine digits, if there is one (the check digit
    fits, and it is not one digit ten times)."""
    check = nhs_check_digit(first_nine)
    if check is None or set(first_nine) == {str(check)}:
        return None
    return first_nine + str(check)


@pytest.mark.parametrize("number", ["943 476 5919", "9434765919", "401 023 2137", "9990001111"])
def test_known_valid_numbers_are_read_as_their_ten_digits(number: str) -> None:
    assert nhs_number(number) == number.replace(" ", "")


@pytest.mark.parametrize("number", ["943 476 5918", "401 023 2138", "999 000 1112"])
def test_a_wrong_check_digit_is_refused_and_named(number: str) -> None:
    with pytest.raises(InvalidNhsNumber, match=r"last digit \(the check digit\)"):
        nhs_number(number)


def test_nine_digits_whose_check_would_be_ten_are_refused_as_never_valid() -> None:
    # 1000000010: 1*10 + 1*2 = 12, 12 mod 11 = 1, check 10: no NHS number starts 100000001.
    assert nhs_check_digit("100000001") is None
    with pytest.raises(InvalidNhsNumber, match="no NHS number has these first nine digits"):
        nhs_number("1000000010")


@pytest.mark.parametrize("digit", "0123456789")
def test_one_digit_ten_times_is_refused_though_its_check_digit_fits(digit: str) -> None:
    assert nhs_check_digit(digit * 9) == int(digit)  # each passes modulus 11 on its own
    with pytest.raises(InvalidNhsNumber, match="same digit ten times"):
        nhs_number(f"{digit * 3} {digit * 3} {digit * 4}")


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("", "is needed"),
        ("943 476 591", "has 10 digits; this has 9"),
        ("943 476 59190", "has 10 digits; this has 11"),
        ("943-476-591X", "only digits"),
        ("٩٤٣٤٧٦٥٩١٩", "only digits"),  # Arabic-Indic digits look like digits but are not
    ],
)
def test_malformed_numbers_say_what_is_wrong(typed: str, why: str) -> None:
    with pytest.raises(InvalidNhsNumber, match=why):
        nhs_number(typed)


def test_hyphens_and_any_spaces_between_groups_are_accepted() -> None:
    assert nhs_number(" 943-476-5919 ") == "9434765919"
    assert nhs_number("943\u00a0476\u00a05919") == "9434765919"


@given(nine_digits)
def test_the_check_digit_follows_the_definition(first_nine: str) -> None:
    assert nhs_check_digit(first_nine) == _check_by_definition(first_nine)


@given(nine_digits)
def test_a_number_with_its_check_digit_is_valid_and_every_other_last_digit_is_not(
    first_nine: str,
) -> None:
    number = _valid(first_nine)
    for last in "0123456789":
        candidate = first_nine + last
        if candidate == number:
            assert nhs_number(candidate) == candidate
        else:
            with pytest.raises(InvalidNhsNumber):
                nhs_number(candidate)


@given(nine_digits, st.integers(0, 8), st.integers(1, 9))
def test_any_single_wrong_digit_is_caught(first_nine: str, place: int, change: int) -> None:
    number = _valid(first_nine)
    if number is None:
        return
    wrong = str((int(number[place]) + change) % 10)
    typo = number[:place] + wrong + number[place + 1 :]
    with pytest.raises(InvalidNhsNumber):
        nhs_number(typo)


@given(nine_digits, st.integers(0, 8))
def test_two_different_neighbours_swapped_are_caught(first_nine: str, place: int) -> None:
    number = _valid(first_nine)
    if number is None or number[place] == number[place + 1]:
        return
    swapped = number[:place] + number[place + 1] + number[place] + number[place + 2 :]
    with pytest.raises(InvalidNhsNumber):
        nhs_number(swapped)


@given(nine_digits)
def test_shown_in_groups_of_three_three_four_and_read_back(first_nine: str) -> None:
    number = _valid(first_nine)
    if number is None:
        return
    shown = format_nhs_number(number)
    assert [len(group) for group in shown.split(" ")] == [3, 3, 4]
    assert nhs_number(shown) == number


def test_format_leaves_anything_but_ten_digits_as_it_is() -> None:
    assert format_nhs_number("9434765919") == "943 476 5919"
    assert format_nhs_number("12345") == "12345"


# -- date of birth, age and gender (issue 15) ----------------------------------------------

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
