"""At a review, the goals list question marks the goals finished or let go as the plan panel
and the worker's list do ("(✓ done)", "(let go for now)"): display only, the words stored
stay as they were."""

from __future__ import annotations

import copy

from textual.widgets import OptionList
from ui_support import open_meeting, open_topic, press, settle

GOALS = [
    {"id": "g1", "what": "See Jo every week", "idea_from": "me", "next": "finished"},
    {"id": "g2", "what": "Sort out my benefits", "idea_from": "worker", "next": "let_go"},
    {"id": "g3", "what": "Go to the garden", "idea_from": "me", "next": "keep"},
]


async def test_the_goals_list_marks_goals_done_or_let_go(make_app, content) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        # As a review carries them over.
        screen.meeting.conv.data["goals"] = {"list": copy.deepcopy(GOALS)}
        await open_topic(pilot, screen, "goals")
        for _ in range(5):
            if screen.meeting.conv.step.node_id == "list":
                break
            await press(pilot, "enter")
        assert screen.meeting.conv.step.node_id == "list"
        await settle(app, pilot)
        rows = screen.query_one("#records-list", OptionList)
        shown = [str(rows.get_option_at_index(i).prompt) for i in range(rows.option_count)]
        assert [row.split("  ")[0] for row in shown] == [
            "See Jo every week (✓ done)",
            "Sort out my benefits (let go for now)",
            "Go to the garden",  # open: no mark
        ]
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert [g["what"] for g in screen.meeting.conv.data["goals"]["list"]] == [
            g["what"] for g in GOALS
        ]
