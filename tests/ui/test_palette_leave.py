"""The command palette's "Leave the meeting" asks to leave wherever the focus is. (It ran
Escape's action, which first goes back to the question from the topics or the
conversation: chosen there, it only moved the focus.)"""

from __future__ import annotations

import pytest
from ui_support import open_meeting, press, run_palette_command

from assistant.ui.widgets.confirm import Confirm


@pytest.mark.parametrize(("size", "away"), [((160, 50), "f4"), ((100, 30), "shift+tab")])
async def test_leave_from_the_palette_asks_to_leave(make_app, size, away) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sa")
        await press(pilot, away)  # the focus in the topic column, or in the conversation
        await run_palette_command(app, pilot, "Leave the meeting")
        assert isinstance(app.screen, Confirm)
