"""Leaving a meeting with a list on screen whose changes were not given yet (Done not pressed):
the question on leaving says so, instead of "Everything is saved"."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, widget_text

from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.record_form import RecordForm


async def _to_people_list(app: Any, pilot: Any) -> None:
    """The sample's welcome topic (name, consent yes), then the people list (topic 2)."""
    await open_meeting(app, pilot)
    await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
    await press(pilot, "home", "down", "enter")


async def _leave_question(app: Any, pilot: Any) -> str:
    await press(pilot, "escape")
    await pilot.pause()
    assert isinstance(app.screen, Confirm)
    return widget_text(app.screen.query_one("#confirm-question"))


async def test_a_person_added_but_not_given_is_named_when_leaving(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_people_list(app, pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, RecordForm)
        await press(pilot, *"Mum", "ctrl+s")
        question = await _leave_question(app, pilot)
        assert "not saved yet" in question and "Done (ctrl+s)" in question
        assert "Everything is saved" not in question


async def test_an_untouched_list_leaves_with_everything_saved(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_people_list(app, pilot)
        question = await _leave_question(app, pilot)
        assert "Everything is saved" in question
