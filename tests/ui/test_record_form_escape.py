"""Escape in a list entry's dialog ("Add an action") asks before closing over words typed or
choices made, rather than closing silently: in a burst of fast typing two Escapes closed
the dialog and left the meeting, and everything typed in it was gone unseen."""

from __future__ import annotations

from typing import Any

from test_key_order import burst, until
from textual.widgets import Input
from ui_support import press, settle

from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.record_form import RecordForm


async def _open(app: Any, pilot: Any, content: Any) -> tuple[RecordForm, list[Any]]:
    """The shipped "Add an action" dialog, open over Home."""
    await settle(app, pilot)
    closed: list[Any] = []
    app.push_screen(RecordForm(content.topic("goal_steps").nodes["actions"], None), closed.append)
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, RecordForm)
    return form, closed


async def test_escape_after_typing_asks_and_stay_keeps_the_words(
    make_app: Any, content: Any
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        form, closed = await _open(app, pilot, content)
        # Typed in one burst, as the tester did: the second Escape answers the question
        # (Stay), so the dialog and its words are still there.
        burst(app, "Ring the church", "escape", "escape")
        await until(pilot, lambda: app.screen is form and not closed, "back at the dialog")
        await settle(app, pilot)
        assert app.screen is form
        assert form.query_one("#field-what", Input).value == "Ring the church"
        assert closed == []


async def test_escape_after_typing_shows_the_question(make_app: Any, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        _form, closed = await _open(app, pilot, content)
        await press(pilot, *"Ring", "escape")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "left", "enter")  # "Close without it"
        await settle(app, pilot)
        assert closed == [None]


async def test_escape_with_nothing_typed_closes_at_once(make_app: Any, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        _form, closed = await _open(app, pilot, content)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert closed == [None]
