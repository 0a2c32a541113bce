"""Escape while reading goes back to the question; only from the question does it leave.

Reading earlier answers (Shift+Tab up into the conversation so far), Escape had asked
whether to leave the meeting: a reader expects it to take them back to where they were."""

from __future__ import annotations

from test_consent import agreed
from ui_support import press, settle

from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.transcript import Transcript


async def test_escape_in_the_conversation_goes_back_to_the_answer(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await agreed(app, pilot)
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, Transcript)
        await press(pilot, "escape")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen._answer is not None and screen._answer.has_focus_within


async def test_escape_at_the_question_still_offers_to_leave(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await agreed(app, pilot)
        await press(pilot, "shift+tab", "escape", "escape")
        await settle(app, pilot)
        assert app.screen is not screen and not isinstance(app.screen, SessionScreen)
        assert "Leave this meeting" in str(app.screen.query_one("#confirm-question").visual)
