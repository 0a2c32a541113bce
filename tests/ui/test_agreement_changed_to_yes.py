""" "No" to "Do you agree with this plan?", changed to "Yes" from the conversation while its
follow-up was on screen: the follow-up goes, and the worker is asked next. It stayed:
"What don't you agree with? I will write it down in your words." after "Changed to: Yes"."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, screen_text, settle

from assistant.ui.screens.edit_answer import EditAnswer


async def test_changing_no_to_yes_asks_the_worker_next(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        ids = [t.id for t in screen.meeting.conv.topics()]
        await press(pilot, "home", *["down"] * ids.index("closing"), "enter")
        await press(pilot, "enter", "f7", "enter")  # the intro, Moving on not today, read-back
        await press(pilot, "down", "down", "down", "enter")  # "No"
        assert screen.meeting.conv.step.node_id == "person_not_agreed"
        await press(pilot, "shift+tab", "enter")  # the answer just given, to change it
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)
        await press(pilot, "down", "ctrl+s")  # "Yes"
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.step.node_id == "worker_agrees"
        text = screen_text(app)
    assert "Changed to: Yes" in text
    assert "What don't you agree with?" not in text
