"""Dates as people type and read them (assistant/dates.py), counted from a fixed today."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.dates import (
    DateNotRead,
    date_feedback,
    example_date,
    local_iso_day,
    read_date,
    say_date,
)
from tests.conftest import LATE_JUNE_EVENING

# Tuesday 1 December 2026.
TODAY = dt.date(2026, 12, 1)


def _day(text: str, today: dt.date = TODAY) -> dt.date:
    return read_date(text, today).day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", dt.date(2026, 12, 1)),
        ("Tomorrow", dt.date(2026, 12, 2)),
        ("15/12/2026", dt.date(2026, 12, 15)),
        ("15/12/26", dt.date(2026, 12, 15)),
        ("15.12.2026", dt.date(2026, 12, 15)),
        ("1-2-2027", dt.date(2027, 2, 1)),
        ("2026-12-15", dt.date(2026, 12, 15)),
        ("15 December", dt.date(2026, 12, 15)),
        ("15 Dec 2026", dt.date(2026, 12, 15)),
        ("15th of December", dt.date(2026, 12, 15)),
        ("December 15", dt.date(2026, 12, 15)),
        ("Dec 15th, 2027", dt.date(2027, 12, 15)),
        ("Tuesday 15 December", dt.date(2026, 12, 15)),
        ("  on Tuesday, 15 December 2026.  ", dt.date(2026, 12, 15)),
        ("in 3 days", dt.date(2026, 12, 4)),
        ("in 2 weeks", dt.date(2026, 12, 15)),
        ("in two weeks' time", dt.date(2026, 12, 15)),
        ("in a fortnight", dt.date(2026, 12, 15)),
        ("3 weeks from today", dt.date(2026, 12, 22)),
        ("in a month", dt.date(2027, 1, 1)),
        ("in 1 year", dt.date(2027, 12, 1)),
        ("'next Friday'", dt.date(2026, 12, 11)),
        ("by Fri", dt.date(2026, 12, 4)),
    ],
)
def test_phrasings_name_the_expected_day(text: str, expected: dt.date) -> None:
    assert _day(text) == expected


def test_a_weekday_alone_is_the_coming_one() -> None:
    assert _day("Friday") == dt.date(2026, 12, 4)
    assert _day("this Friday") == dt.date(2026, 12, 4)


def test_a_weekday_said_on_that_weekday_is_a_week_today_and_says_so() -> None:
    reading = read_date("Tuesday", TODAY)  # today is a Tuesday
    assert (reading.day, reading.note) == (dt.date(2026, 12, 8), "a week today")
    assert date_feedback("Tue", TODAY) == "That is Tuesday 8 December (a week today)."


def test_this_weekday_said_on_that_weekday_is_today() -> None:
    assert _day("this Tuesday", TODAY) == TODAY
    assert date_feedback("this Tuesday", TODAY) == "That is today, Tuesday 1 December."


def test_next_friday_is_friday_of_next_week_and_says_so() -> None:
    reading = read_date("next Friday", TODAY)
    assert (reading.day, reading.note) == (dt.date(2026, 12, 11), "Friday of next week")
    assert _day("Friday next week") == dt.date(2026, 12, 11)


def test_next_friday_said_on_a_saturday_is_the_coming_friday() -> None:
    saturday = dt.date(2026, 12, 5)
    assert _day("next Friday", saturday) == dt.date(2026, 12, 11)


def test_next_week_is_the_same_weekday_a_week_on_and_says_so() -> None:
    reading = read_date("next week", TODAY)
    assert (reading.day, reading.note) == (dt.date(2026, 12, 8), "a week from today")


def test_a_date_without_a_year_is_the_next_such_day() -> None:
    assert _day("3 January") == dt.date(2027, 1, 3)
    assert _day("1/12") == TODAY
    assert _day("30/11") == dt.date(2027, 11, 30)


def test_29_february_without_a_year_is_the_next_leap_day() -> None:
    assert _day("29/02") == dt.date(2028, 2, 29)


def test_a_weekday_with_a_passed_day_means_this_year() -> None:
    # 15 November 2026 was a Sunday; 15 November 2027 is a Monday.
    assert _day("Sunday 15 November") == dt.date(2026, 11, 15)


def test_a_month_after_31_january_is_the_last_day_of_february() -> None:
    assert _day("in a month", dt.date(2027, 1, 31)) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("banana", "I can't read that as a date"),
        ("", "I can't read that as a date"),
        ("31/02/2027", "There is no 31 February 2027. Dates go day/month/year"),
        ("12/15/2026", "There is no month 15. Dates go day/month/year"),
        ("Friday 15 December 2026", "15 December 2026 is a Tuesday, not a Friday."),
        ("in 99999999 years", "too far away"),
        ("15", "I can't read that as a date"),
    ],
)
def test_unreadable_dates_are_refused_with_a_reason(text: str, words: str) -> None:
    with pytest.raises(DateNotRead, match=words):
        read_date(text, TODAY)


@given(st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_day_month_year_round_trips(day: dt.date) -> None:
    assert _day(f"{day.day}/{day.month}/{day.year}") == day
    assert _day(f"{day.day:02d}/{day.month:02d}/{day.year}") == day


@given(
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9990, 12, 31)),
)
def test_a_date_in_words_reads_back_as_the_same_day(day: dt.date, today: dt.date) -> None:
    assert _day(say_date(day, today), today) == day


def test_dates_read_as_words_with_the_year_only_when_not_this_year() -> None:
    assert say_date(dt.date(2026, 12, 15), TODAY) == "Tuesday 15 December"
    assert say_date("2027-01-05", TODAY) == "Tuesday 5 January 2027"
    assert say_date("2026-12-15", TODAY, year=True) == "Tuesday 15 December 2026"
    assert say_date("2026-12-15T10:00:00+00:00", TODAY, weekday=False) == "15 December"


def test_something_that_is_not_a_date_is_shown_as_given() -> None:
    assert say_date("soon", TODAY) == "soon"
    assert say_date(None, TODAY) == ""


def test_feedback_says_what_the_words_mean() -> None:
    assert date_feedback("Friday", TODAY) == "That is Friday 4 December."
    assert date_feedback("next Friday", TODAY) == (
        "That is Friday 11 December (Friday of next week)."
    )
    assert date_feedback("today", TODAY) == "That is today, Tuesday 1 December."


def test_feedback_says_when_a_day_has_passed() -> None:
    assert date_feedback("15/11/2026", TODAY) == "That is Sunday 15 November. That day has passed."


def test_feedback_refuses_at_once_with_examples() -> None:
    assert date_feedback("someday", TODAY) == (
        "I can't read that as a date: try 15/12/2026 or 'next Friday'."
    )


def test_no_feedback_for_nothing_typed() -> None:
    assert date_feedback("   ", TODAY) == ""


def test_the_example_in_a_refusal_is_a_day_still_to_come() -> None:
    with pytest.raises(DateNotRead, match="try 15/12/2027 or 'next Friday'"):
        read_date("someday", dt.date(2026, 12, 16))
    assert example_date(dt.date(2027, 1, 2)) == "15/12/2027"


# Pieces of dates and phrases, joined at random: near-misses of everything that is read.
PIECES = st.sampled_from(
    [
        *"0123456789/.-, ",
        "in ",
        "next ",
        "week",
        "fri",
        "dec ",
        "29",
        "this ",
        "a ",
        "days",
        "yesterday",
        "tomorrow",
        "sun",
        "last ",
        " ago",
    ]
)
ANY_DAY = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@given(st.lists(PIECES, max_size=12).map("".join), ANY_DAY, st.booleans())
def test_any_words_are_read_or_refused_never_an_error(
    text: str, today: dt.date, past: bool
) -> None:
    with contextlib.suppress(DateNotRead):
        assert isinstance(read_date(text, today, past=past).day, dt.date)


@given(st.text(), ANY_DAY, st.booleans())
def test_the_live_line_never_fails_whatever_is_typed(text: str, today: dt.date, past: bool) -> None:
    assert isinstance(date_feedback(text, today, past=past), str)


@pytest.mark.usefixtures("in_london")
def test_a_utc_time_stamp_gives_the_day_on_this_computers_calendar() -> None:
    assert local_iso_day(LATE_JUNE_EVENING) == "2026-06-16"


@pytest.mark.usefixtures("in_london")
def test_a_plain_date_keeps_its_day_and_no_day_gives_empty_text() -> None:
    assert local_iso_day("2026-06-15") == "2026-06-15"
    assert local_iso_day(None) == ""
    assert local_iso_day("not a day") == ""


# -- Questions about when something happened (`past: true`) ----------------------------------

# Sunday 6 December 2026: a referral sent on the 4th was typed "4/12" and stored as 2027.
SUNDAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4/12", dt.date(2026, 12, 4)),
        ("4 December", dt.date(2026, 12, 4)),
        ("1/12", dt.date(2026, 12, 1)),
        ("6/12", SUNDAY),
        ("20/12", dt.date(2025, 12, 20)),
        ("friday", dt.date(2026, 12, 4)),
        ("sunday", SUNDAY),
        ("29/2", dt.date(2024, 2, 29)),
    ],
)
def test_a_past_date_without_a_year_is_the_last_such_day(text: str, expected: dt.date) -> None:
    assert read_date(text, SUNDAY, past=True).day == expected


def test_without_past_a_date_without_a_year_is_still_the_next_one() -> None:
    assert _day("4/12", SUNDAY) == dt.date(2027, 12, 4)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last Friday", dt.date(2026, 12, 4)),
        ("last Sunday", dt.date(2026, 11, 29)),  # said on a Sunday: a week ago
        ("3 days ago", dt.date(2026, 12, 3)),
        ("a week ago", dt.date(2026, 11, 29)),
        ("two months ago", dt.date(2026, 10, 6)),
    ],
)
def test_days_gone_can_be_said_in_words(text: str, expected: dt.date) -> None:
    # Both were refused ("I can't read that as a date"), on any question.
    assert _day(text, SUNDAY) == expected
    assert read_date(text, SUNDAY, past=True).day == expected


def test_the_live_line_heeds_a_day_to_come_on_a_question_about_the_past() -> None:
    assert date_feedback("next Friday", SUNDAY, past=True).endswith("That day is still to come.")
    assert "has passed" not in date_feedback("4/12", SUNDAY, past=True)
