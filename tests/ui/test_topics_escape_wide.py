"""From 140 columns the topics have their own column and F4 moves the focus to them; Escape
there goes back to the question with the words typed in its box as they were, as it does
below 140 columns. (It offered to leave the meeting.)"""

from __future__ import annotations

import pytest
from ui_support import open_meeting, press

from assistant.ui.widgets.panels import TopicMap


@pytest.mark.parametrize("size", [(140, 40), (160, 50)])
async def test_escape_in_the_topic_column_goes_back_to_the_question(make_app, size) -> None:
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sa")  # the name box, Enter not pressed
        await press(pilot, "f4")
        assert screen.layout_name == "wide" and screen.query_one(TopicMap).has_focus
        await press(pilot, "escape")
        assert app.screen is screen  # no "Leave this meeting for now?"
        assert screen._answer is not None and screen._answer.has_focus_within
        assert screen.query_one("#answer-input").value == "Sa"
