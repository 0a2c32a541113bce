"""The 0 to 10 well-being questions by keys (walk findings 1 and 2), through the real app
and the shipped topics.

1. "10" can be typed: on a scale past 9 a digit chooses and Enter gives, so "1" "0" is 10
   (it used to answer 1, and the 0 answered the next question), "1" then Enter is 1.
2. A new question has no point ready for Enter: a stray Enter records nothing (it recorded
   0, the best score for "anxious"); ctrl+s asks for a number first.
"""

from __future__ import annotations

from typing import Any

from ui_support import first_meeting_begun, open_topic, press, widget_text

from assistant.ui.app import make_app
from assistant.ui.screens.session import SessionScreen

SIZE = (120, 40)


async def _to_satisfied(app: Any, pilot: Any) -> SessionScreen:
    """A first meeting, getting started, then the well-being topic up to its first 0-10
    question (nothing given yet)."""
    screen = await first_meeting_begun(app, pilot)
    await open_topic(pilot, screen, "wellbeing")
    for _ in range(5):
        if screen.meeting.conv.step.node_id == "satisfied":
            break
        await press(pilot, "enter")  # the topic's opening lines
    assert screen.meeting.conv.step.node_id == "satisfied"
    return screen


def _wellbeing(screen: SessionScreen) -> dict[str, Any]:
    return dict(screen.meeting.conv.data.get("wellbeing", {}))


async def test_ten_typed_in_one_burst_answers_ten_and_nothing_else(data_dir, content) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _to_satisfied(app, pilot)
        await press(pilot, "1", "0", "enter", "7", "enter")
        await pilot.pause()
        assert _wellbeing(screen) == {"satisfied": 10, "worthwhile": 7}
        assert screen.meeting.conv.step.node_id == "happy"


async def test_one_then_enter_answers_one(data_dir, content) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _to_satisfied(app, pilot)
        await press(pilot, "1", "enter")
        await pilot.pause()
        assert _wellbeing(screen) == {"satisfied": 1}


async def test_a_digit_off_the_scale_after_one_starts_again(data_dir, content) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _to_satisfied(app, pilot)
        await press(pilot, "1", "5", "enter")  # no 15 on a 0-10 scale: 5
        await pilot.pause()
        assert _wellbeing(screen) == {"satisfied": 5}


async def test_the_key_hint_says_type_the_number_then_enter(data_dir, content) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _to_satisfied(app, pilot)
        assert "Type the number, then Enter" in widget_text(screen.query_one("#keys-hint"))


async def test_a_stray_enter_on_a_new_rating_records_nothing(data_dir, content) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _to_satisfied(app, pilot)
        await press(pilot, "enter")
        await pilot.pause()
        assert _wellbeing(screen).get("satisfied") is None
        assert screen.meeting.conv.step.node_id == "satisfied"


async def test_done_on_a_new_rating_asks_for_a_number(data_dir, content) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _to_satisfied(app, pilot)
        await press(pilot, "ctrl+s")
        await pilot.pause()
        assert _wellbeing(screen).get("satisfied") is None
        assert "Pick one first: a number." in widget_text(screen.query_one("#answer-message"))


async def test_an_arrow_key_then_enter_answers(data_dir, content) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _to_satisfied(app, pilot)
        await press(pilot, "right", "right", "enter")
        await pilot.pause()
        assert _wellbeing(screen) == {"satisfied": 1}
