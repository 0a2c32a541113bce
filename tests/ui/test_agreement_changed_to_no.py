""" "Yes" to "Do you agree with this plan?", the worker's answer given too, then changed to
"No" from the conversation (Shift+Tab): "What don't you agree with?" is asked next and the
person's words are kept in the plan. It was never asked, so the disagreement was never
written down."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, screen_text, settle

from assistant.ui.screens.edit_answer import EditAnswer


async def test_changing_yes_to_no_asks_what_is_not_agreed(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        conv = screen.meeting.conv
        ids = [t.id for t in conv.topics()]
        await press(pilot, "home", *["down"] * ids.index("closing"), "enter")
        await press(pilot, "enter", "f7", "enter")  # the intro, Moving on not today, read-back
        await press(pilot, "down", "enter")  # the person: "Yes"
        await press(pilot, "down", "enter")  # the worker: "Yes"
        await settle(app, pilot)
        assert conv.step.node_id == "next_meeting"
        await press(pilot, "shift+tab", "up", "enter")  # the person's "Yes", to change it
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)
        await press(pilot, "down", "down", "down", "ctrl+s")  # "No"
        await settle(app, pilot)
        assert app.screen is screen
        assert conv.data["agreement"]["person_agrees"] == "no"
        assert conv.step.node_id == "person_not_agreed"
        assert "What don't you agree with?" in screen_text(app)
        await press(pilot, *"Not the second goal", "ctrl+s")
        await settle(app, pilot)
        assert conv.step.node_id == "next_meeting"
        plan = screen.meeting.plan()
    assert plan.agreement.person_not_agreed is not None
    assert plan.agreement.person_not_agreed.text == "Not the second goal"
