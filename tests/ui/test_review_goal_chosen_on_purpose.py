"""A review's "What would you like to do with this goal now?" is chosen on purpose: it
starts with nothing highlighted, as "Do you agree with this plan?" does. With "Keep going"
highlighted from the start, Down counted one row off and a stray Enter kept the goal going
with nobody choosing it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import (
    choice_ready,
    demo_first_meeting_played,
    open_topic,
    press,
    screen_text,
    settle,
    start_review_meeting,
)


async def _at_what_now(app: Any, pilot: Any) -> Any:
    """A review of the demo's first meeting, at the first goal's "What would you like to
    do with this goal now?" (every question before it left for today)."""
    screen = await start_review_meeting(app, pilot)
    await open_topic(pilot, screen, "review")
    for _ in range(30):
        step = screen.meeting.conv.step
        if step.topic == "review_goal" and step.node_id == "next":
            return screen
        if step.node_id == "which_goals":
            await press(pilot, "space", "ctrl+s")  # the first goal today
        else:
            await press(pilot, "f7" if step.kind == "ask" else "enter")
    raise AssertionError(f"the review did not ask about the goal: {step.node_id}")


async def test_what_to_do_with_a_goal_starts_with_nothing_picked(
    make_app: Any, content: Any, data_dir: Path
) -> None:
    demo_first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _at_what_now(app, pilot)
        assert not choice_ready(screen)
        await press(pilot, "enter")  # a stray Enter records nothing
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "next"
        assert "Pick one first" in screen_text(app)


async def test_three_downs_at_what_to_do_with_a_goal_pick_the_third_answer(
    make_app: Any, content: Any, data_dir: Path
) -> None:
    demo_first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _at_what_now(app, pilot)
        await press(pilot, "down", "down", "down", "enter")
        await settle(app, pilot)
        [goal, *_] = screen.meeting.conv.data["goals"]["list"]
        assert goal["next"] == "finished"  # "It's done", the third
