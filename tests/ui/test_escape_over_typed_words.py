"""Escape in the New person and Change an earlier answer dialogs asks before closing over
words typed in them, as the Add-action dialog does (``test_record_form_escape``): in a burst
of fast typing an Escape closed the dialog, and everything typed in it was gone unseen.
Over an untouched dialog, Escape still closes it at once."""

from __future__ import annotations

from typing import Any

from test_key_order import burst, until
from textual.widgets import Input
from ui_support import open_meeting, open_topic, press, settle, widget_text

from assistant.authoring.content import load_content
from assistant.records import CaseStore
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.screens.person_details import ChangeDetails
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.confirm import Confirm

TOPIC = """
id: words
title: Words
description: A typed answer.
nodes:
  - id: said
    kind: ask
    type: text
    speaker: person
    prompt: "What would you like to do this week?"
    store: words.said
  - id: bye
    kind: say
    speaker: person
    text: "Thank you."
  - id: done
    kind: end
    speaker: person
"""


def _question(app: Any) -> str:
    return " ".join(widget_text(app.screen.query_one("#confirm-question")).split())


async def _new_person(app: Any, pilot: Any) -> NewPerson:
    """The New person dialog, open over Home (``n``)."""
    await settle(app, pilot)
    await press(pilot, "n")
    await settle(app, pilot)
    assert isinstance(app.screen, NewPerson)
    return app.screen


async def _changing(app: Any, pilot: Any) -> tuple[SessionScreen, EditAnswer]:
    """A meeting with "Walk" given, and the dialog open to change that answer."""
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "words")
    await press(pilot, *"Walk", "enter")
    await settle(app, pilot)
    await press(pilot, "shift+tab", "up", "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, EditAnswer)
    return screen, app.screen


async def test_new_person_escape_after_typing_asks_before_closing(make_app, data_dir) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _new_person(app, pilot)
        await press(pilot, *"Alice", "escape")
        assert isinstance(app.screen, Confirm)
        assert "What you typed here is not saved yet" in _question(app)
        assert "press Stay, then Add" in _question(app)
        await press(pilot, "left", "enter")  # "Close without it"
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    assert CaseStore(data_dir).list_people() == []


async def test_new_person_escape_escape_in_a_burst_keeps_the_name(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_person(app, pilot)
        # The second Escape answers the question (Stay): the dialog and its words stay.
        burst(app, "Alice", "escape", "escape")
        await until(pilot, lambda: app.screen is dialog, "back at the dialog")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.query_one("#person-name", Input).value == "Alice"


async def test_new_person_escape_with_nothing_typed_closes_at_once(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _new_person(app, pilot)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)


async def test_change_details_escape_with_nothing_changed_closes_at_once(
    make_app, data_dir
) -> None:
    # The fields are filled in from the record as it opens: that is not typing.
    store = CaseStore(data_dir)
    sam = store.create_person("Sam", "R1", "9434765919", born="1980-12-15", gender="woman")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        closed: list[Any] = []
        app.push_screen(ChangeDetails(app.store.find(sam)), closed.append)
        await settle(app, pilot)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert closed == [None]


async def test_change_answer_escape_after_typing_asks_before_closing(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(words=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _dialog = await _changing(app, pilot)
        await press(pilot, "end", *" the dog", "escape")
        assert isinstance(app.screen, Confirm)
        assert "press Stay, then Save change" in _question(app)
        await press(pilot, "left", "enter")  # "Close without it"
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.data["words"]["said"] == "Walk"


async def test_change_answer_escape_escape_in_a_burst_keeps_the_words(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(words=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        _screen, dialog = await _changing(app, pilot)
        await press(pilot, "end")
        burst(app, " the dog", "escape", "escape")
        await until(pilot, lambda: app.screen is dialog, "back at the dialog")
        await settle(app, pilot)
        assert app.screen is dialog
        assert dialog.query_one(Input).value == "Walk the dog"


async def test_change_answer_escape_with_nothing_typed_closes_at_once(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(words=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen, _dialog = await _changing(app, pilot)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert app.screen is screen
