"""A practice whose training records cannot be opened goes on unsaved: said in a dialog that
stays until it is closed (it was a toast gone in 5 seconds, as the practice opened)."""

from __future__ import annotations

from typing import Any

from ui_support import practice_app, screen_text, settle

import assistant.ui.screens.training as training_screens
from assistant.records import RecordsError
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.screens.training import PracticeScreen


def _no_training_records(*args: Any, **kwargs: Any) -> Any:
    raise RecordsError("The training records folder is locked by another window.")


async def test_a_practice_that_will_not_be_kept_says_so_until_closed(
    make_app, content, monkeypatch
) -> None:
    monkeypatch.setattr(training_screens, "open_training_store", _no_training_records)
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+s")  # solo: begin
        await settle(app, pilot)
        assert isinstance(app.screen, ProblemScreen)
        said = " ".join(screen_text(app).replace("│", " ").split())
        assert "This practice will not be kept" in said and "locked by another window" in said
        assert not app._notifications  # not a toast that times out
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PracticeScreen)
