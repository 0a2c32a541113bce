"""A yes/no question with no earlier answer has nothing ready for Enter (walk finding F2.1a):
Enter on "Go on" then a stray second Enter used to record Yes to "anything you would rather
we did not write down?". Here the sample topics' consent question (a yes/no that matters just
as much): y or n answers; an arrow key then Enter answers too."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, screen_text


async def _to_consent(app: Any, pilot: Any) -> Any:
    """Welcome: Go on, then the name; the next question is the yes/no about keeping a
    record, with nothing given yet."""
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter", "enter", *"Sam", "enter")
    await pilot.pause()
    assert screen.meeting.conv.step.answer_type == "yes_no"
    return screen


def _consent(screen: Any) -> Any:
    return screen.meeting.conv.data.get("consent", {}).get("record")


async def test_a_stray_enter_on_a_new_yes_no_records_nothing(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _to_consent(app, pilot)
        await press(pilot, "enter")
        await pilot.pause()
        assert _consent(screen) is None
        assert screen.meeting.conv.step.answer_type == "yes_no"


async def test_done_on_a_new_yes_no_asks_for_y_or_n(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _to_consent(app, pilot)
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert _consent(screen) is None
        assert "Pick one first: y or n." in screen_text(app)


async def test_n_typed_in_the_same_burst_answers_no(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "n")
        await pilot.pause()
        assert _consent(screen) is False


async def test_an_arrow_key_then_enter_answers(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _to_consent(app, pilot)
        await press(pilot, "right", "enter")
        await pilot.pause()
        assert _consent(screen) is True
