"""Below 100 columns F5 shows "Our plan so far" in the conversation's place; it has the
focus there, so Page Down and the arrows scroll it at once (they did nothing until Tab)."""

from __future__ import annotations

from ui_support import open_meeting, press

from assistant.ui.widgets.panels import PlanPanel


async def test_the_plan_shown_in_the_conversations_place_has_the_focus(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "f5")
        assert screen.view == "plan"
        assert screen.focused is screen.query_one(PlanPanel)


async def test_back_in_the_conversation_the_answer_has_the_focus_again(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "f5", "f5", "f5")
        assert screen.view == "conversation"
        assert screen._answer is not None and screen._answer.has_focus_within
