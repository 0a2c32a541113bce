"""A review meeting's Getting started offers back what the person said helps when we talk,
in the box, to be kept as it is or changed (as the other answers carried from last time)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import TextArea
from ui_support import demo_first_meeting_played, open_topic, press, start_review_meeting


async def _at_what_helps(app: Any, pilot: Any) -> Any:
    screen = await start_review_meeting(app, pilot)
    await open_topic(pilot, screen, "getting_started")
    for _ in range(6):  # the hello, who types (not today), how we will work
        if screen.meeting.conv.step.node_id == "what_helps":
            break
        step = screen.meeting.conv.step
        await press(pilot, "f7" if step.kind == "ask" else "enter")
    assert screen.meeting.conv.step.node_id == "what_helps"
    return screen


async def test_a_review_shows_last_times_words_on_what_helps_when_we_talk(
    make_app: Any, content: Any, data_dir: Path
) -> None:
    _, said = demo_first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_what_helps(app, pilot)
        box = screen.query_one("#answer-text", TextArea)
        assert box.text.rstrip("\n") == said["session"]["what_helps"]
        assert box.text.startswith("Going slowly.")


async def test_words_typed_after_last_times_start_on_a_line_of_their_own(
    make_app: Any, content: Any, data_dir: Path
) -> None:
    # Tester: typed straight after the words filled in, they ran on ("brotherLast words").
    _, said = demo_first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _at_what_helps(app, pilot)
        await pilot.press(*"Tea first", "ctrl+s")
        await pilot.pause()
        given = screen.meeting.conv.data["session"]["what_helps"]
        assert given == f"{said['session']['what_helps']}\nTea first"
