"""Dates as people say them: reading what was typed, and writing a day in words.

One place for both, at the bottom of the layers, so the engine (date answers), the screens,
the plan panel and the exports read and write dates alike. Standard library only.

Reading (:func:`read_date`) understands ISO (``2026-12-15``), UK day/month order
(``15/12/2026``, ``15/12/26``, ``15/12``), a day and a month in words (``15 December``,
``15 Dec 2026``, ``Tuesday 15 December``), ``today``, ``tomorrow``, a weekday (``Friday``,
``this Friday``, ``next Friday``, ``Friday next week``), ``next week``, ``next month`` and
``in 3 days`` / ``in 2 weeks`` / ``in a month``. Everything is worked out from the ``today``
it is given, so the same words always mean the same day for the same conversation. Where a
phrase could mean two days, the reading is one fixed rule and the :class:`Reading` says which
(e.g. "Friday of next week"), so the pair can see it and correct it.

Writing (:func:`say_date`): ``Tuesday 15 December``, with the year when it is not this year
(or always, for a document that will be read later).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# Refusals name an example day still to come ({example}: see example_date), filled in by
# read_date; the rest of each message is numbers and month names, never what was typed.
NOT_READ = "I can't read that as a date: try {example} or 'next Friday'."
UK_ORDER = "Dates go day/month/year, like {example}."
TOO_FAR = "That is too far away. Please give a date, like {example}."

_WEEKDAY_WORDS: dict[str, int] = {}
for _index, _name in enumerate(WEEKDAYS):
    _low = _name.casefold()
    for _word in (_low, _low[:3]):
        _WEEKDAY_WORDS[_word] = _index
_WEEKDAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

_MONTH_WORDS: dict[str, int] = {}
for _index, _name in enumerate(MONTHS, start=1):
    _low = _name.casefold()
    _MONTH_WORDS[_low] = _index
    _MONTH_WORDS[_low[:3]] = _index
_MONTH_WORDS["sept"] = 9

_COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_UNIT_DAYS = {"day": 1, "week": 7, "fortnight": 14}

_WEEKDAY = "|".join(sorted(_WEEKDAY_WORDS, key=len, reverse=True))
_MONTH = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_COUNT = r"\d+|" + "|".join(_COUNT_WORDS)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2}|\d{4}))?")
_DAY_MONTH = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY}) )?(?P<d>\d{{1,2}}) (?P<m>{_MONTH})(?: (?P<y>\d{{4}}))?"
)
_MONTH_DAY = re.compile(
    rf"(?:(?P<wd>{_WEEKDAY}) )?(?P<m>{_MONTH}) (?P<d>\d{{1,2}})(?: (?P<y>\d{{4}}))?"
)
_A_WEEKDAY = re.compile(rf"(?P<which>this coming |this |coming |next )?(?P<wd>{_WEEKDAY})")
_WEEKDAY_NEXT_WEEK = re.compile(rf"(?P<wd>{_WEEKDAY}) next week|next week (?P<wd2>{_WEEKDAY})")
_IN_SOME = re.compile(
    rf"(?:in )?(?P<n>{_COUNT}) (?P<unit>day|week|fortnight|month|year)s?"
    r"(?: time| from (?:today|now))?"
)
_LAST_WEEKDAY = re.compile(rf"last (?P<wd>{_WEEKDAY})")
_AGO = re.compile(rf"(?P<n>{_COUNT}) (?P<unit>day|week|fortnight|month|year)s? ago")


class DateNotRead(ValueError):
    """What was typed names no date; the message says why, in plain words for the screen."""


@dataclass(frozen=True)
class Reading:
    """The day some words name, and how a phrase that could mean two days was read."""

    day: _dt.date
    note: str = ""


def _words(text: str) -> str:
    """Lower case, single spaces, no commas, ordinals or filler words ("on", "by", "of")."""
    # Quotes go too: people copy the examples with them ('next Friday').
    text = re.sub("[\"'‘’“”]", "", text.casefold().replace(",", " ")).strip()
    text = text.rstrip(".!? ")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"^(?:on|by|for) ", "", text)
    text = re.sub(r"^the ", "", text)
    return re.sub(r" of ", " ", text)


def _day_of(year: int, month: int, day: int) -> _dt.date:
    """The date, or a refusal naming the day that does not exist."""
    if not 1 <= month <= 12:
        raise DateNotRead(f"There is no month {month}. {UK_ORDER}")
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise DateNotRead(f"There is no {day} {MONTHS[month - 1]} {year}. {UK_ORDER}") from None


def _next_occurrence(month: int, day: int, today: _dt.date, *, past: bool = False) -> _dt.date:
    """The first ``day`` of ``month`` on or after today (29 February: the next leap year's);
    with ``past``, the last one on or before today (a question about what has happened)."""
    if not 1 <= month <= 12:
        raise DateNotRead(f"There is no month {month}. {UK_ORDER}")
    years = range(today.year, today.year - 9, -1) if past else range(today.year, today.year + 9)
    for year in years:
        try:
            found = _dt.date(year, month, day)
        except ValueError:
            continue
        if (found <= today) if past else (found >= today):
            return found
    raise DateNotRead(f"There is no {day} {MONTHS[month - 1]}. {UK_ORDER}")


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _add_months(day: _dt.date, months: int) -> _dt.date:
    """The same day ``months`` later; the month's last day when it is shorter (31 Jan + 1)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not _dt.MINYEAR <= year <= _dt.MAXYEAR:
        raise OverflowError("date out of range")
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _by_name(match: re.Match[str], today: _dt.date, past: bool = False) -> Reading:
    """``15 December``, ``Tuesday 15 Dec 2026``, ``December 15``: the weekday must agree."""
    month = _MONTH_WORDS[match["m"]]
    day = int(match["d"])
    if match["y"]:
        found = _day_of(int(match["y"]), month, day)
    else:
        found = _next_occurrence(month, day, today, past=past)
    if match["wd"] is None:
        return Reading(found)
    weekday = _WEEKDAY_WORDS[match["wd"]]
    if found.weekday() != weekday and not match["y"]:
        # "Sunday 15 November" said after the 15th: the weekday tells it was this year's.
        try:
            this_year = _dt.date(today.year, month, day)
        except ValueError:
            this_year = found
        if this_year.weekday() == weekday:
            found = this_year
    if found.weekday() != weekday:
        raise DateNotRead(
            f"{found.day} {MONTHS[found.month - 1]} {found.year} is a "
            f"{WEEKDAYS[found.weekday()]}, not a {WEEKDAYS[weekday]}."
        )
    return Reading(found)


def _weekday(match: re.Match[str], today: _dt.date, past: bool = False) -> Reading:
    weekday = _WEEKDAY_WORDS[match["wd"]]
    if past and match["which"] is None:
        # "Friday", asked when something happened: the last one (today, said on a Friday).
        return Reading(today - _dt.timedelta(days=(today.weekday() - weekday) % 7))
    if weekday == today.weekday():
        if match["which"] == "this ":
            return Reading(today)  # "this Friday" said on a Friday: today
        if match["which"] != "next ":
            # "Friday" said on a Friday: the next one, and the feedback says it is a week off.
            return Reading(today + _dt.timedelta(days=7), "a week today")
    coming = today + _dt.timedelta(days=(weekday - today.weekday()) % 7)
    if match["which"] != "next ":
        return Reading(coming)
    # "next Friday": the Friday of next week (Monday to Sunday); said at the weekend, when
    # this week's has gone, that is the coming one.
    monday_next = today + _dt.timedelta(days=7 - today.weekday())
    found = monday_next + _dt.timedelta(days=weekday)
    return Reading(found, f"{WEEKDAYS[weekday]} of next week")


def _in_some(match: re.Match[str], today: _dt.date, *, back: bool = False) -> Reading:
    count_text = match["n"]
    count = int(count_text) if count_text.isdecimal() else _COUNT_WORDS[count_text]
    count = -count if back else count
    unit = match["unit"]
    try:
        if unit in _UNIT_DAYS:
            return Reading(today + _dt.timedelta(days=count * _UNIT_DAYS[unit]))
        return Reading(_add_months(today, count * (12 if unit == "year" else 1)))
    except (OverflowError, ValueError):
        raise DateNotRead(TOO_FAR) from None


def example_date(today: _dt.date) -> str:
    """``15/12/2026``: the 15 December still to come, an example of how to type a date."""
    return f"15/12/{today.year if today <= _dt.date(today.year, 12, 15) else today.year + 1}"


def examples(today: _dt.date) -> str:
    """What people may type, for the words shown before a date is typed."""
    return f"{example_date(today)}, Friday, next week, in 2 weeks"


def read_date(text: str, today: _dt.date, *, past: bool = False) -> Reading:
    """The day ``text`` names, counted from ``today``; :class:`DateNotRead` when it names none.

    Numbers are read in UK order (day/month/year); a date without a year is the next such
    day (today counts); a weekday alone is the coming one (said on that weekday: a week
    today, with a note; "this Friday" on a Friday is today); "next Friday" is the
    Friday of next week; "next week" is a week from today. "last Friday" and "3 days ago"
    are days gone. With ``past`` (a question about something that has happened), a date
    without a year and a weekday alone are the last such day instead (today counts).
    """
    example = example_date(today)
    try:
        return _read(_words(str(text)), today, past)
    except DateNotRead as exc:
        raise DateNotRead(str(exc).format(example=example)) from None
    except OverflowError:  # before 1 January of year 1 or after 9999
        raise DateNotRead(TOO_FAR.format(example=example)) from None


def _read(words: str, today: _dt.date, past: bool = False) -> Reading:
    if words == "today":
        return Reading(today)
    if words == "tomorrow":
        return Reading(today + _dt.timedelta(days=1))
    if words == "day after tomorrow":
        return Reading(today + _dt.timedelta(days=2))
    if words == "yesterday":
        return Reading(today - _dt.timedelta(days=1))
    if words in ("next week", "a week today", "this time next week"):
        return Reading(today + _dt.timedelta(days=7), "a week from today")
    if words == "next month":
        return Reading(_add_months(today, 1), "a month from today")
    if match := _ISO.fullmatch(words):
        year, month, day = (int(g) for g in match.groups())
        return Reading(_day_of(year, month, day))
    if match := _NUMERIC.fullmatch(words):
        day, month = int(match[1]), int(match[2])
        if match[3] is None:
            return Reading(_next_occurrence(month, day, today, past=past))
        return Reading(_day_of(_year(match[3]), month, day))
    if match := _DAY_MONTH.fullmatch(words) or _MONTH_DAY.fullmatch(words):
        return _by_name(match, today, past)
    if match := _LAST_WEEKDAY.fullmatch(words):
        # The one before today: "last Friday" said on a Friday is a week ago.
        weekday = _WEEKDAY_WORDS[match["wd"]]
        return Reading(today - _dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1))
    if match := _AGO.fullmatch(words):
        return _in_some(match, today, back=True)
    if match := _WEEKDAY_NEXT_WEEK.fullmatch(words):
        name = match["wd"] or match["wd2"]
        weekday = _WEEKDAY_WORDS[name]
        monday_next = today + _dt.timedelta(days=7 - today.weekday())
        return Reading(
            monday_next + _dt.timedelta(days=weekday), f"{WEEKDAYS[weekday]} of next week"
        )
    if match := _A_WEEKDAY.fullmatch(words):
        return _weekday(match, today, past)
    if match := _IN_SOME.fullmatch(words):
        return _in_some(match, today)
    raise DateNotRead(NOT_READ)


def as_day(value: object) -> _dt.date | None:
    """The day a date, a time, an ISO date or an ISO time stamp names; None for anything else."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def local_day(value: object) -> _dt.date | None:
    """The day ``value`` names on this computer's calendar: a time stamp with a time zone
    (records keep UTC) is moved to local time first, so 23:30 UTC on a June evening is the
    next day in London; a date, or a time without a zone, is taken as it is."""
    if isinstance(value, str) and len(value) > 10:
        try:
            value = _dt.datetime.fromisoformat(value)
        except ValueError:
            return as_day(value)
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        return value.astimezone().date()
    return as_day(value)


def local_iso_day(value: object) -> str:
    """:func:`local_day` as ``YYYY-MM-DD``; "" when ``value`` names no day. For dating a
    plan or a chart from a record's UTC time stamp: its first ten characters are the UTC
    day, a day early or late for an evening or early-morning meeting away from UTC."""
    day = local_day(value)
    return day.isoformat() if day is not None else ""


def say_date(
    value: object,
    today: _dt.date | None = None,
    *,
    weekday: bool = True,
    year: bool | None = None,
) -> str:
    """``Tuesday 15 December`` for a date (or ISO text); anything else as given.

    The year is added when it is not ``today``'s year (``year=True``: always, for a document
    read later; ``False``: never). ``weekday=False`` leaves out the day's name
    (``15 December 2026``), for dates that say when something was done.
    """
    day = as_day(value)
    if day is None:
        return "" if value is None else str(value)
    words = f"{day.day} {MONTHS[day.month - 1]}"
    if weekday:
        words = f"{WEEKDAYS[day.weekday()]} {words}"
    if year is None:
        year = day.year != (today or _dt.date.today()).year
    return f"{words} {day.year}" if year else words


def date_feedback(text: str, today: _dt.date, *, past: bool = False) -> str:
    """What typed words mean, for the line under a date being typed; ``""`` when empty.

    "That is Friday 11 December (Friday of next week)." or the refusal's words; a day that has
    passed is said so, as some questions (the next meeting) need a day still to come, and
    with ``past`` (a question about what has happened) a day still to come is.
    """
    if not str(text).strip():
        return ""
    try:
        reading = read_date(text, today, past=past)
    except DateNotRead as exc:
        return str(exc)
    day = reading.day
    said = say_date(day, today)
    if day == today:
        return f"That is today, {said}."
    words = f"That is {said}" + (f" ({reading.note})." if reading.note else ".")
    if past and day > today:
        words += " That day is still to come."
    elif day < today and not past:
        words += " That day has passed."
    return words
