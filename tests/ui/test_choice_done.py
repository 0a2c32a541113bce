"""Done (ctrl+s) on a choice nobody has made yet does not pick the highlighted first line
(it is highlighted only so the arrow keys start somewhere): it says to pick one. Enter still
picks the highlighted line."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, screen_text


async def _to_first_feeling(app: Any, pilot: Any) -> Any:
    """Welcome (name, consent), then the people list: Mum added and given, so the next
    question is how the person feels about Mum (a choice, nothing given yet)."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
    await press(pilot, "home", "down", "enter")
    await pilot.pause()
    await press(pilot, "a")
    await pilot.pause()
    # Name, then the kind (a list: Enter opens it, Down, Enter), then the circle.
    await press(pilot, *"Mum", "tab", "enter", "down", "enter", "tab", "enter", "down", "enter")
    await press(pilot, "ctrl+s")
    await pilot.pause()
    await press(pilot, "ctrl+s")
    await pilot.pause()
    assert screen.meeting.conv.step.answer_type == "choice"
    return screen


def _feeling(screen: Any) -> Any:
    return screen.meeting.conv.data["network"]["people"][0].get("feeling")


async def test_done_on_a_choice_not_made_picks_nothing_and_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _to_first_feeling(app, pilot)
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert _feeling(screen) is None
        assert screen.meeting.conv.step.answer_type == "choice"
        assert "Pick one first" in screen_text(app)


async def test_enter_still_picks_the_highlighted_line(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _to_first_feeling(app, pilot)
        await press(pilot, "down", "enter")
        await pilot.pause()
        assert _feeling(screen) == "mixed"
