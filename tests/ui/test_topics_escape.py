"""Below 140 columns F4 shows the topics in the conversation's place; Escape there goes back
to the question, as F4 again does, and the topics' title says so. (It offered to leave the
meeting.)"""

from __future__ import annotations

from ui_support import open_meeting, press, widget_text


async def test_escape_in_the_topics_goes_back_to_the_question(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "f4")
        assert screen.view == "topics"
        await press(pilot, "escape")
        assert app.screen is screen  # no "Leave this meeting for now?"
        assert screen.view == "conversation"
        assert screen._answer is not None and screen._answer.has_focus_within


async def test_the_topics_in_the_conversations_place_say_how_to_go_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await press(pilot, "f4")
        assert "Esc: go back" in widget_text(screen.query_one("#topics-title"))
        await press(pilot, "f4")
        assert "Esc" not in widget_text(screen.query_one("#topics-title"))
