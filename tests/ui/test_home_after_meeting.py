"""After a meeting, Home's focus is not on the action that opened it (walk finding F2.1b):
"Start a review meeting" was ready for Enter, so one stray Enter opened a new meeting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import first_meeting_played, press, seed_answer, settle, start_review_meeting

from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.session import SessionScreen


async def test_a_stray_enter_after_an_agreed_meeting_opens_no_new_one(
    make_app, content: Any, data_dir: Path
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        await start_review_meeting(app, pilot)
        yes = {"person_agrees": "yes", "worker_agrees": "yes"}
        seed_answer(app.screen.meeting, "agreement", yes)
        await press(pilot, "ctrl+f")
        await settle(app, pilot)
        await press(pilot, "enter")  # Agree and save
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.focused is not None and app.focused.id == "actions"
        assert app.focused.highlighted is None  # nothing ready for Enter
        await press(pilot, "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, SessionScreen)
        await press(pilot, "down", "enter")  # an arrow key first: the review meeting opens
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)


async def test_the_added_toast_is_gone_when_the_first_meeting_opens(make_app) -> None:
    # Walk finding F2.3: "Added. Press Enter to start the first meeting." stayed on top.
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await press(pilot, "n", *"Jo", "enter")
        await settle(app, pilot)
        assert any("Press Enter to start" in n.message for n in app._notifications)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        assert not any("Press Enter to start" in n.message for n in app._notifications)
