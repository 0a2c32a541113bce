"""Every list shown afresh starts on its first line (docs/app.md, Keys), so keys typed ahead
count from the top whatever kind of list it is: a list of entries and a list to tick."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from textual.widgets import OptionList
from ui_support import open_meeting, open_topic, press, settle

from assistant.ui.app import make_app

GOALS = [
    {"id": "g1", "what": "See Jo every week", "idea_from": "me", "next": "keep"},
    {"id": "g2", "what": "Sort out my benefits", "idea_from": "worker", "next": "keep"},
    {"id": "g3", "what": "Go to the garden", "idea_from": "me", "next": "keep"},
]


async def test_down_once_in_the_goals_list_editor_is_on_the_second_goal(make_app, content) -> None:
    # It started on the last goal: Down went round to the first, and Down Down on the second.
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        screen.meeting.conv.data["goals"] = {"list": copy.deepcopy(GOALS)}  # as a review has
        await open_topic(pilot, screen, "goals")
        for _ in range(5):
            if screen.meeting.conv.step.node_id == "list":
                break
            await press(pilot, "enter")
        assert screen.meeting.conv.step.node_id == "list"
        await settle(app, pilot)
        await press(pilot, "down")
        rows = screen.query_one("#records-list", OptionList)
        assert rows.highlighted is not None
        assert str(rows.get_option_at_index(rows.highlighted).prompt).startswith(
            "Sort out my benefits"
        )


async def test_down_three_times_in_the_directory_picks_ticks_the_fourth(
    data_dir: Path, content: Any
) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await open_meeting(app, pilot)
        conv = screen.meeting.conv
        await open_topic(pilot, screen, "community")
        await press(pilot, "enter")
        await press(pilot, *"Music", "ctrl+s")
        assert conv.step.node_id == "directory_matches"
        offered = [value for value, _ in conv.step.options]
        assert len(offered) >= 4
        await press(pilot, "down", "down", "down", "space", "ctrl+s")
        assert conv.data["community"]["from_directory"] == [offered[3]]
