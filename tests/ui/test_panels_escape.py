"""Below 100 columns F5 shows the plan, then the map, in the conversation's place; Escape
there goes back to the question, as it does from the topics (F4). It offered to leave the
meeting, and what was typed next went nowhere."""

from __future__ import annotations

from ui_support import open_meeting, press, show_map

from assistant.ui.widgets.panels import PlanPanel


async def test_escape_from_the_plan_in_the_conversations_place_goes_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "f5")
        assert screen.view == "plan"
        await press(pilot, "escape")
        assert app.screen is screen  # no "Leave this meeting for now?"
        assert screen.view == "conversation"
        assert screen._answer is not None and screen._answer.has_focus_within


async def test_escape_from_the_map_in_the_conversations_place_goes_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await show_map(app, pilot, screen)
        assert screen.view == "network"
        await press(pilot, "escape")
        assert app.screen is screen
        assert screen.view == "conversation"
        assert screen._answer is not None and screen._answer.has_focus_within


async def test_escape_from_the_plan_beside_the_conversation_goes_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        screen.query_one(PlanPanel).focus()
        await pilot.pause()
        await press(pilot, "escape")
        assert app.screen is screen
        assert screen._answer is not None and screen._answer.has_focus_within
