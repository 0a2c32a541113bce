"""The command palette's Quit line says what is true now: before the agreement to keep a
record nothing is saved, so it must not say "answers are already saved"."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press


def _quit_words(app: Any) -> str:
    commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
    return str(commands["Quit"])


async def test_quit_in_the_palette_does_not_claim_saved_before_consent(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter")  # named, not agreed yet
        assert _quit_words(app) == "Close the app (it asks first: some of this is not saved)"


async def test_quit_in_the_palette_says_saved_once_recorded(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        assert _quit_words(app) == "Close the app (answers are already saved)"
