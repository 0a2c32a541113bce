"""While a dialog is open, the key bar and F1 speak of the dialog's keys: the keys of the
screen below it do nothing meanwhile (the bar used to show them, and F1 listed every
screen's keys)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant.ui.app import make_app
from assistant.ui.screens.help import HelpScreen
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.screens.person_details import ChangeDetails
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.record_form import RecordForm


def key_bar_row(app: Any) -> str:
    """The bottom row of the screen as drawn (the key bar the people see)."""
    return screen_text(app).splitlines()[-1]


async def test_a_list_question_add_dialog_shows_its_keys_not_the_meetings(
    data_dir: Path, content: Any
) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "concerns")
        await press(pilot, "enter")  # past the introduction, to the list of concerns
        await press(pilot, "a")
        assert isinstance(app.screen, RecordForm)
        row = key_bar_row(app)
        assert "Esc Cancel" in row and "^s Save" in row, row
        for meeting_key in ("F2", "F6 Park", "F7", "F8 Back", "^g"):
            assert meeting_key not in row, row


async def test_the_new_person_dialog_shows_its_keys_not_homes(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, NewPerson)
        row = key_bar_row(app)
        assert "Esc Cancel" in row and "^s Add" in row, row
        assert "New person" not in row and "Settings" not in row, row
        assert "F1 Help" in row and "F9 Hide" in row, row


async def test_the_change_details_dialog_names_ctrl_s_as_its_save_button_does(
    make_app: Any,
) -> None:
    # Its button says "Save": the key bar said "^s Add", as in the New person dialog.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.store.create_person("Jo")
        app.push_screen(ChangeDetails(app.store.list_people()[0]))
        await settle(app, pilot)
        row = key_bar_row(app)
        assert "^s Save" in row and "Add" not in row, row
        await press(pilot, "f1")
        parts = dict(app.screen.parts)
        assert ("ctrl+s", "Save") in parts["In this dialog"]


async def test_f1_in_a_dialog_lists_that_dialogs_keys(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "n", "f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        parts = dict(help_screen.parts)
        assert list(parts) == ["In this dialog", "Anywhere"]
        assert ("ctrl+s", "Add") in parts["In this dialog"]
        assert ("Escape", "Cancel") in parts["In this dialog"]
        assert "ctrl+s            Add" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, NewPerson)  # back in the dialog, as it was


async def test_f1_closes_the_help_it_opened(make_app: Any) -> None:
    # "Escape or F1 closes", the help says; F1 did nothing there.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "f1")
        assert app.screen is home


async def test_escape_in_a_question_is_named_by_the_button_it_stands_for(make_app: Any) -> None:
    # "Leave this meeting for now?" with Leave and Stay: the bar said "Esc No".
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "escape")
        assert isinstance(app.screen, Confirm)
        row = key_bar_row(app)
        assert "Esc Stay" in row and "Esc No" not in row, row


async def test_f1_in_a_question_names_escape_by_the_button_it_stands_for(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "escape", "f1")
        assert isinstance(app.screen, HelpScreen)
        assert ("Escape", "Stay") in dict(app.screen.parts)["In this dialog"]
