"""Letters typed at a step that only says "Go on" (people type ahead the answer they expect
next): the screen says there is nothing to type there, rather than the words vanishing."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, screen_text, widget_text

from assistant.ui.screens.session import SessionScreen


async def _at_hello(app: Any, pilot: Any) -> SessionScreen:
    """The welcome topic's first line (a 'say' step: one "Go on" button)."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter")
    await pilot.pause()
    assert screen.meeting.conv.step.kind == "say"
    return screen


async def test_letters_at_a_go_on_step_say_there_is_nothing_to_type(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_hello(app, pilot)
        node = screen.meeting.conv.step.node_id
        await press(pilot, *"Sam")
        await pilot.pause()
        hint = widget_text(screen.query_one("#keys-hint"))
        assert hint == "Nothing to type here: press Enter for “Go on”."
        assert screen.meeting.conv.step.node_id == node  # the letters answered nothing


async def test_the_note_goes_with_the_next_step(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_hello(app, pilot)
        await press(pilot, "x", "enter")
        await pilot.pause()
        assert "Nothing to type" not in widget_text(screen.query_one("#keys-hint"))


async def test_the_note_is_not_said_twice(make_app) -> None:
    # It once sat above the keys hint, which says nearly the same ("Press Enter to go on.").
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await _at_hello(app, pilot)
        await press(pilot, *"Sam")
        await pilot.pause()
        text = screen_text(app)
        assert text.count("press Enter") + text.count("Press Enter") == 1, text
