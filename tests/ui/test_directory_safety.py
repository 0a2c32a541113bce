"""The pause for safety (ctrl+g) while the community directory is open in a meeting: it opens
on top of the directory, and "Go to the plan for hard times" closes the directory and goes to
that topic, as from the meeting itself (issue 15, review R5)."""

from __future__ import annotations

from typing import Any

from directory_support import open_in_meeting
from textual.widgets import OptionList
from ui_support import open_meeting, press, screen_text, settle

from assistant.flows.loader import Content
from assistant.ui.screens.directory import MeetingDirectoryScreen
from assistant.ui.screens.safety import SafetyDialog
from assistant.ui.widgets.keybar import KeyBar


async def test_ctrl_g_in_the_directory_can_go_to_the_plan_for_hard_times(
    make_app: Any, content: Content
) -> None:
    app = make_app(content=content)  # the shipped topics: a plan for hard times to go to
    async with app.run_test(size=(80, 24)) as pilot:
        session = await open_meeting(app, pilot)
        directory = await open_in_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        assert isinstance(app.screen, SafetyDialog)
        assert app.screen_stack[-2] is directory  # on top of the directory
        await pilot.click("#safety-go")
        await settle(app, pilot)
        assert app.screen is session
        assert session.meeting.conv.current_topic == "hard_times"
        assert "Everyone has hard times now and then." in screen_text(app)


async def test_carry_on_returns_to_the_directory_as_it_was(make_app: Any, content: Content) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        session = await open_meeting(app, pilot)
        topic = session.meeting.conv.current_topic
        directory = await open_in_meeting(app, pilot)
        await press(pilot, "ctrl+g")
        assert isinstance(app.screen, SafetyDialog)
        await press(pilot, "escape")
        assert app.screen is directory
        assert app.focused is directory.query_one("#dir-list", OptionList)
        assert session.meeting.conv.current_topic == topic


async def test_the_directory_key_bar_keeps_safety_at_80_columns(
    make_app: Any, content: Content
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        directory = await open_in_meeting(app, pilot)
        assert isinstance(directory, MeetingDirectoryScreen)
        assert "^g" in directory.query_one(KeyBar).shown_keys
