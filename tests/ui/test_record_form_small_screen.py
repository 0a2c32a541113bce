"""At 80x24 an entry's form keeps the date field being typed in, what the date means (or why
it cannot be read) and the buttons in view: the form scrolls to them (the goal's actions,
"Add an action", in a first meeting and in a review)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.widgets import Input
from ui_support import press, screen_text, settle

from assistant.ui.widgets.date_meaning import DateMeaning
from assistant.ui.widgets.dialog import DialogBody
from assistant.ui.widgets.record_form import RecordForm

# The app's clock: Tuesday 1 December 2026, so the words for each day are known.
NOW = dt.datetime(2026, 12, 1, 10, 0)


async def _by_when_typed(app: Any, pilot: Any, content: Any, words: str) -> RecordForm:
    """The shipped content's "Add an action" form, a "What" given, and ``words`` typed in its
    "By when" field (the fourth of five, before "If someone else, who")."""
    await settle(app, pilot)
    app.push_screen(RecordForm(content.topic("goal_steps").nodes["actions"], None))
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, RecordForm)
    await press(pilot, *"Ring", "enter", "tab", "tab")
    assert app.focused is form.query_one("#field-by_when", Input)
    await press(pilot, *["space" if char == " " else char for char in words])
    await settle(app, pilot)
    return form


def _in_view(form: RecordForm, widget: Any) -> bool:
    """Whether the whole of ``widget`` is inside the part of the form's body on screen."""
    body = form.query_one(DialogBody).content_region
    return body.contains_region(widget.region)


async def test_what_a_typed_date_means_is_in_view_under_the_field(
    make_app: Any, content: Any
) -> None:
    app = make_app(content=content, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _by_when_typed(app, pilot, content, "next friday")
        meaning = form.query_one(DateMeaning)
        assert str(meaning.visual).startswith("That is Friday 11 December")
        assert _in_view(form, form.query_one("#field-by_when", Input))
        assert _in_view(form, meaning)
        assert "That is Friday 11 December" in screen_text(app)
        assert "Save" in screen_text(app) and "Cancel" in screen_text(app)


async def test_after_a_refused_save_the_date_and_why_stay_in_view(
    make_app: Any, content: Any
) -> None:
    app = make_app(content=content, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _by_when_typed(app, pilot, content, "31/02/2099")
        await press(pilot, "ctrl+s")  # refused: the message line takes rows from the body
        await settle(app, pilot)
        assert app.screen is form
        assert _in_view(form, form.query_one("#field-by_when", Input))
        assert _in_view(form, form.query_one(DateMeaning))
        assert "31/02/2099" in screen_text(app)
        assert "Save" in screen_text(app) and "Cancel" in screen_text(app)


async def test_if_someone_else_who_comes_into_view_when_someone_else_is_picked(
    make_app: Any, content: Any
) -> None:
    app = make_app(content=content, clock=lambda: NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.push_screen(RecordForm(content.topic("goal_steps").nodes["actions"], None))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RecordForm)
        form.query_one("#field-who").focus()
        await press(pilot, "enter", *["down"] * 4, "enter")
        await settle(app, pilot)
        assert _in_view(form, form.query_one("#field-who_else", Input))
