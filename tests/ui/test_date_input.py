"""A date question (and a date in an entry's form) shows its format before anything is typed,
and says what the words typed mean (or why they can't be read) as they are typed, before Enter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from textual.widgets import Input
from ui_support import open_meeting, press, screen_text, widget_text

from assistant.authoring.content import load_content
from assistant.ui.widgets.answers import DateAnswer
from assistant.ui.widgets.date_meaning import DateMeaning
from assistant.ui.widgets.record_form import RecordForm

WHEN_TOPIC = """
id: when
title: When we meet
description: One date.
order: 1
nodes:
  - id: meet
    kind: ask
    type: date
    prompt: "When shall we meet next?"
    store: agreement.next_meeting
  - id: then
    kind: ask
    type: date
    prompt: "And the one after?"
    store: agreement.after
    default: "2026-12-29"
  - id: done
    kind: end
"""

# The app's clock: Tuesday 1 December 2026, so the words for each day are known.
NOW = dt.datetime(2026, 12, 1, 10, 0)


@pytest.fixture
def date_app(make_app: Any, write_topics: Any) -> Any:
    content = load_content(write_topics(when=WHEN_TOPIC))
    return lambda: make_app(content=content, clock=lambda: NOW)


async def _at_date(app: Any, pilot: Any) -> Any:
    screen = await open_meeting(app, pilot)
    await press(pilot, "enter")  # the only topic
    assert screen.meeting.conv.step.node_id == "meet"
    return screen


def _type(text: str) -> list[str]:
    return ["space" if char == " " else char for char in text]


async def test_an_empty_date_shows_examples_of_what_to_type(date_app: Any) -> None:
    app = date_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_date(app, pilot)
        entry = screen.query_one(DateAnswer).query_one(Input)
        assert entry.value == ""
        assert entry.placeholder == "For example 15/12/2026, Friday, in 2 weeks"


async def test_the_meaning_of_next_friday_is_shown_as_it_is_typed(date_app: Any) -> None:
    app = date_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_date(app, pilot)
        await press(pilot, *_type("next friday"))
        meaning = screen.query_one(DateMeaning)
        assert widget_text(meaning) == "That is Friday 11 December (Friday of next week)."
        assert meaning.display
        assert not meaning.has_class("-heed")  # shown plainly: nothing to look out for
        # Nothing was given yet: the question is still open.
        assert screen.meeting.conv.step.node_id == "meet"


async def test_words_that_are_no_date_are_refused_before_enter(date_app: Any) -> None:
    app = date_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_date(app, pilot)
        await press(pilot, *_type("someday"))
        meaning = screen.query_one(DateMeaning)
        assert widget_text(meaning) == (
            "I can't read that as a date: try 15/12/2026 or 'next Friday'."
        )
        assert meaning.has_class("-heed")


async def test_a_day_that_has_passed_is_said_so(date_app: Any) -> None:
    app = date_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_date(app, pilot)
        await press(pilot, *"20/11/2026")
        meaning = screen.query_one(DateMeaning)
        assert widget_text(meaning) == "That is Friday 20 November. That day has passed."
        assert meaning.has_class("-heed")


async def test_the_meaning_follows_each_key(date_app: Any) -> None:
    app = date_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_date(app, pilot)
        meaning = screen.query_one(DateMeaning)
        await press(pilot, *"15/12")
        assert widget_text(meaning) == "That is Tuesday 15 December."
        await press(pilot, *"/2027")
        assert widget_text(meaning) == "That is Wednesday 15 December 2027."
        await press(pilot, *["backspace"] * 10)
        assert not meaning.display  # nothing typed: nothing to say under the examples


async def test_a_suggested_date_says_what_it_means_before_anything_is_typed(
    date_app: Any,
) -> None:
    app = date_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_date(app, pilot)
        await press(pilot, *"15/12/2026", "enter")
        assert screen.meeting.conv.step.node_id == "then"
        entry = screen.query_one(DateAnswer).query_one(Input)
        assert entry.value == "29/12/2026"
        assert widget_text(screen.query_one(DateMeaning)) == "That is Tuesday 29 December."


async def test_the_answer_given_reads_as_a_day_in_words(date_app: Any) -> None:
    app = date_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_date(app, pilot)
        await press(pilot, *"15/12/2099", "enter")
        shown = screen_text(app)
        assert "Tuesday 15 December 2099" in shown
        assert "15/12/2099" not in shown


SENT_TOPIC = """
id: sent
title: Getting in touch
description: When it was sent.
order: 1
nodes:
  - id: sent_on
    kind: ask
    type: date
    past: true
    prompt: "When was that?"
    store: referral.status_on
  - id: done
    kind: end
"""


async def test_a_question_about_the_past_reads_a_date_without_a_year_as_gone(
    make_app: Any, write_topics: Any
) -> None:
    # "20/11" typed on 1 December was read as 20 November next year, and stored so.
    content = load_content(write_topics(sent=SENT_TOPIC))
    app = make_app(content=content, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter")
        await press(pilot, *"20/11")
        meaning = screen.query_one(DateMeaning)
        assert widget_text(meaning) == "That is Friday 20 November."
        assert not meaning.has_class("-heed")
        await press(pilot, *["backspace"] * 5, *_type("next friday"))
        assert widget_text(meaning).endswith("That day is still to come.")
        assert meaning.has_class("-heed")
        await press(pilot, *["backspace"] * 11, *"20/11", "enter")
        assert screen.meeting.conv.data["referral"]["status_on"] == "2026-11-20"


ACTIONS_TOPIC = """
id: acts
title: What we will do
description: A list with a date in each entry.
order: 1
nodes:
  - id: acts
    kind: ask
    type: records
    prompt: "What will we do?"
    store: plan.acts
    item_label: "{{ item.what }}"
    fields:
      - {name: what, label: "What", type: text, required: true}
      - {name: by_when, label: "By when", type: date}
  - id: done
    kind: end
"""


async def test_a_date_in_an_entry_form_says_what_it_means(make_app: Any, write_topics: Any) -> None:
    content = load_content(write_topics(acts=ACTIONS_TOPIC))
    app = make_app(content=content, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "enter")  # the only topic
        await press(pilot, "a")
        form = app.screen
        assert isinstance(form, RecordForm)
        await press(pilot, *_type("Ring Jo"), "tab", *_type("in 2 weeks"))
        meaning = form.query_one(DateMeaning)
        assert widget_text(meaning) == "That is Tuesday 15 December."
        assert form.query_one("#field-by_when", Input).placeholder.startswith("For example")
        assert screen.meeting.conv.step.node_id == "acts"


async def test_an_impossible_date_is_said_once(make_app) -> None:
    # Enter on 31/02 showed the refusal twice: under the box and again in the message line.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        await press(pilot, "home", "down", "down", "enter", "5", *"2", "enter")
        await press(pilot, *"31/02/2099", "enter")
        await pilot.pause()
        assert app.screen.meeting.conv.step.answer_type == "date"  # not given
        assert screen_text(app).count("There is no 31 February 2099") == 1


STEPS_TOPIC = """
id: steps
title: Steps
description: A list whose entry form is taller than the dialog at 80x24.
order: 1
nodes:
  - id: acts
    kind: ask
    type: records
    prompt: "What will we do?"
    store: plan.acts
    item_label: "{{ item.what }}"
    fields:
      - {name: what, label: "What", type: text, required: true}
      - name: who
        label: Who will do it
        type: choice
        options: [{value: me, label: Me}, {value: worker, label: My worker}]
      - {name: who_else, label: "If someone else, who", type: text}
      - {name: notes, label: "Anything else", type: long_text}
      - {name: by_when, label: "By when", type: date}
  - id: done
    kind: end
"""


async def test_the_examples_in_an_empty_entry_date_fit_its_box_at_80x24(
    make_app: Any, write_topics: Any
) -> None:
    # "For example 15/12/2026, Friday, next week, in 2 weeks" was cut to "... in 2 week"
    # in a form that scrolls (its scroll bar takes a column or two).
    content = load_content(write_topics(steps=STEPS_TOPIC))
    app = make_app(content=content, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "enter", "a")  # the only topic, then add an entry
        box = app.screen.query_one("#field-by_when", Input)
        # One cell kept for the cursor, which an empty box shows at its start.
        assert len(box.placeholder) < box.content_region.width
