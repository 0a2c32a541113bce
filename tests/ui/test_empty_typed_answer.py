"""An empty box given by a stray key is not "Not today": Enter (or ctrl+s in a long box) with
nothing written says what to do and stays on the question, as a pick list with nothing picked
does; F7 still leaves it for today at once. In the change dialog, saving with the words
cleared asks first: it takes the earlier answer away."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import open_meeting, open_topic, press, screen_text, settle, widget_text

from assistant.authoring.content import load_content
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.confirm import Confirm

TOPIC = """
id: words
title: Words
description: Typed answers.
nodes:
  - id: said
    kind: ask
    type: text
    speaker: person
    prompt: "What would you like to do this week?"
    store: words.said
  - id: notes
    kind: ask
    type: long_text
    speaker: person
    prompt: "Anything else to note?"
    store: words.notes
  - id: must
    kind: ask
    type: text
    speaker: person
    prompt: "What shall we call this plan?"
    store: words.must
    can_skip: false
  - id: done
    kind: end
    speaker: person
"""

SKIPPABLE = "Nothing written yet. Write an answer, or press F7 for Not today."


async def _at(app: Any, pilot: Any, node: str, keys: tuple[str, ...] = ()) -> SessionScreen:
    """The meeting open on the words topic, answered by ``keys`` up to step ``node``."""
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "words")
    await press(pilot, *keys)
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id == node
    return screen


def _app(make_app: Any, write_topics: Any) -> Any:
    return make_app(content=load_content(write_topics(words=TOPIC)))


@pytest.mark.parametrize("typed", ["", "   "])
async def test_enter_with_nothing_written_stays_and_says_what_to_do(
    make_app, write_topics, typed: str
) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at(app, pilot, "said")
        logged = len(screen.meeting.conv.log)
        await press(pilot, *typed, "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "said"
        assert len(screen.meeting.conv.log) == logged  # nothing saved, not even Not today
        assert SKIPPABLE in widget_text(screen.query_one("#answer-message"))


async def test_words_typed_after_a_refused_space_are_saved_without_it(
    make_app, write_topics
) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at(app, pilot, "said")
        await press(pilot, "space", "enter", *"Ama", "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.data["words"]["said"] == "Ama"


async def test_done_in_an_empty_long_box_stays_and_says_what_to_do(make_app, write_topics) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at(app, pilot, "notes", (*"Walk", "enter"))
        logged = len(screen.meeting.conv.log)
        await press(pilot, "enter", "ctrl+s")  # a new line only: still nothing written
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "notes"
        assert len(screen.meeting.conv.log) == logged
        assert SKIPPABLE in widget_text(screen.query_one("#answer-message"))


async def test_a_question_that_cannot_be_left_does_not_offer_not_today(
    make_app, write_topics
) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at(app, pilot, "must", (*"Walk", "enter", "f7"))
        await press(pilot, "enter")
        await settle(app, pilot)
        said = widget_text(screen.query_one("#answer-message"))
        assert screen.meeting.conv.step.node_id == "must"
        assert "Nothing written yet" in said and "F7" not in said


async def test_f7_in_an_empty_box_still_leaves_it_for_today(make_app, write_topics) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at(app, pilot, "said")
        await press(pilot, "f7")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "notes"
        assert screen.meeting.conv.transcript()[-1].action == "skipped"


async def _changing_what_was_said(app: Any, pilot: Any) -> SessionScreen:
    """The answer "Walk" given (the notes left for today), then opened again from the
    conversation to be changed."""
    screen = await _at(app, pilot, "must", (*"Walk", "enter", "f7"))
    await press(pilot, "shift+tab", "up", "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, EditAnswer)
    return screen


async def test_saving_a_cleared_answer_asks_first(make_app, write_topics) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _changing_what_was_said(app, pilot)
        await press(pilot, "ctrl+u", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "Clear this answer?" in screen_text(app)
        assert screen.meeting.conv.data["words"]["said"] == "Walk"  # not changed yet


async def test_going_back_from_clearing_keeps_the_answer_and_the_dialog(
    make_app, write_topics
) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _changing_what_was_said(app, pilot)
        logged = len(screen.meeting.conv.log)
        await press(pilot, "ctrl+u", "ctrl+s", "enter")  # Enter: Go back has the focus
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)
        assert len(screen.meeting.conv.log) == logged
        assert screen.meeting.conv.data["words"]["said"] == "Walk"


async def test_yes_to_clearing_clears_the_answer(make_app, write_topics) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _changing_what_was_said(app, pilot)
        await press(pilot, "ctrl+u", "enter")
        await settle(app, pilot)
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.data["words"]["said"] is None
        assert screen.meeting.conv.log[-1]["action"] == "changed"


async def test_saving_an_empty_box_where_nothing_was_given_says_what_to_do(
    make_app, write_topics
) -> None:
    # The notes were left for today: opened to be changed, there is nothing to clear.
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at(app, pilot, "must", (*"Walk", "enter", "f7"))
        logged = len(screen.meeting.conv.log)
        await press(pilot, "shift+tab", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)
        assert "Nothing written yet" in screen_text(app)
        assert len(screen.meeting.conv.log) == logged


async def test_the_done_button_with_nothing_written_puts_the_focus_back_in_the_box(
    make_app, write_topics
) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at(app, pilot, "notes", (*"Walk", "enter"))
        await pilot.click("#done")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "notes"
        assert app.focused is screen.query_one("#answer-text")


COMPANY = """
id: company
title: Company
description: Who was there.
nodes:
  - id: with_us
    kind: ask
    type: text
    speaker: person
    prompt: "Was anyone else with us today? Who?"
    hint: "If it was only us, just press Enter."
    empty_answer: "No one else, only the two of us"
    store: company.with_us
  - id: done
    kind: end
    speaker: person
"""


async def test_enter_on_an_empty_box_the_hint_says_to_leave_gives_its_words(
    make_app, write_topics
) -> None:
    # "Skip it if it was only us" was refused: "Nothing written yet ... F7 for Not today".
    app = make_app(content=load_content(write_topics(company=COMPANY)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "company")
        await press(pilot, "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id != "with_us"  # gone on (the topic ended)
        assert screen.meeting.conv.data["company"]["with_us"] == "No one else, only the two of us"
        assert "Nothing written yet" not in screen_text(app)
