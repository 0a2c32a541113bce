"""A line break, a tab or another character that separates words, pasted or typed into a
one-line box (a person's name, a name in a list, a one-line answer), is a space between the
words. (Dropped, it joined them: "Sam", newline, "Jones" was kept as "SamJones"; a tab
stayed in the answer.)"""

from __future__ import annotations

from typing import Any

import pytest
from textual import events
from ui_support import open_meeting, press, settle

from assistant.records import CaseStore
from assistant.ui.screens.new_person import NewPerson
from assistant.ui.widgets.record_form import RecordForm

BREAKS = ["\n", "\r\n", "\t", "\r", "\x0b", "\x0c", "\x1f", "\x85", "\u2028", "\n\t  \n"]


async def _paste(app: Any, pilot: Any, text: str) -> None:
    app.post_message(events.Paste(text))
    await pilot.pause()


async def _new_person_dialog(app: Any, pilot: Any) -> NewPerson:
    await pilot.pause()
    await press(pilot, "n")
    await settle(app, pilot)
    assert isinstance(app.screen, NewPerson)
    return app.screen


@pytest.mark.parametrize("between", BREAKS)
async def test_a_name_pasted_over_two_lines_keeps_a_space_between_its_words(
    make_app, data_dir, between
) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_person_dialog(app, pilot)
        await _paste(app, pilot, f"Sam{between}Jones")
        assert dialog.query_one("#person-name").value == "Sam Jones"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
    assert [p.display_name for p in CaseStore(data_dir).list_people()] == ["Sam Jones"]


async def test_a_newline_typed_in_a_name_is_a_space(make_app, data_dir) -> None:
    # A terminal sends a typed newline (ctrl+j, or a paste the terminal types out) as a key
    # with "\n" in it; a one-line box inserted nothing.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_person_dialog(app, pilot)
        await press(pilot, *"Sam", "ctrl+j", *"Jones")
        assert dialog.query_one("#person-name").value == "Sam Jones"


@pytest.mark.parametrize("pasted", ["\nJones", "\n\tJones\n"])
async def test_a_paste_starting_with_a_break_after_a_word_keeps_the_words_apart(
    make_app, pasted
) -> None:
    # The break at the paste's start was dropped, gluing its first word to "Sam": "SamJones".
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_person_dialog(app, pilot)
        await press(pilot, *"Sam")
        await _paste(app, pilot, pasted)
        assert dialog.query_one("#person-name").value == "Sam Jones"


async def test_a_paste_ending_with_a_break_before_a_word_keeps_the_words_apart(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_person_dialog(app, pilot)
        await press(pilot, *"Jones", "home")
        await _paste(app, pilot, "Sam\n")
        assert dialog.query_one("#person-name").value == "Sam Jones"


async def test_a_paste_with_a_break_after_a_space_adds_no_second_space(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = await _new_person_dialog(app, pilot)
        await press(pilot, *"Sam ")
        await _paste(app, pilot, "\nJones")
        assert dialog.query_one("#person-name").value == "Sam Jones"


async def test_a_name_in_a_list_pasted_with_a_tab_keeps_a_space(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        await press(pilot, "home", "down", "enter")  # the people list
        await press(pilot, "a")
        assert isinstance(app.screen, RecordForm)
        await _paste(app, pilot, "Aunt\tJo")
        await press(pilot, "ctrl+s")  # the form saved: the entry is in the list on screen
        assert [entry["name"] for entry in screen._answer.records] == ["Aunt Jo"]


async def test_a_name_given_in_the_meeting_pasted_with_a_tab_keeps_a_space(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter")  # the name question
        await _paste(app, pilot, "Sam\tJones")
        await press(pilot, "enter")
        assert screen.meeting.conv.data["about"]["name"] == "Sam Jones"


async def test_a_paste_in_a_burst_after_n_is_cleaned_for_the_name_box(make_app) -> None:
    # Sent at once, the paste arrived while Home had the focus: it was cleaned for Home and
    # the name kept its tab.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.post_message(events.Key("n", "n"))
        app.post_message(events.Paste("Sam\tJones"))
        await settle(app, pilot)
        assert isinstance(app.screen, NewPerson)
        assert app.screen.query_one("#person-name").value == "Sam Jones"


async def test_a_newline_typed_in_a_burst_after_n_is_a_space_in_its_place(make_app) -> None:
    # The newline's space was made from the key on its way up, after the name box had it,
    # and queued behind the keys typed after it: "SamJo ".
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        for key, character in [("n", "n"), *((c, c) for c in "Sam")]:
            app.post_message(events.Key(key, character))
        app.post_message(events.Key("ctrl+j", "\n"))
        for character in "Jo":
            app.post_message(events.Key(character, character))
        await settle(app, pilot)
        assert isinstance(app.screen, NewPerson)
        assert app.screen.query_one("#person-name").value == "Sam Jo"
