"""The practice screens' keys, pressed: each does what the key bar and help say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from ui_support import (
    begin_practice,
    practice_app,
    press,
    screen_text,
    settle,
    widget_text,
)

from assistant.ui.screens.training import (
    FeedbackScreen,
    PersonaChooser,
    PracticeCommands,
    ReferralView,
)
from assistant.ui.widgets.keybar import KeyBar

WIDE = (120, 40)


def key_bar(app: Any) -> str:
    return widget_text(app.screen.query_one(KeyBar))


async def test_f2_on_the_chooser_switches_solo_and_paired(make_app, content) -> None:
    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        assert isinstance(chooser, PersonaChooser) and chooser.mode == "solo"
        assert "F2 Solo/paired" in key_bar(app)
        await press(pilot, "f2")
        assert chooser.mode == "paired"
        await press(pilot, "f2")
        assert chooser.mode == "solo"


async def test_ctrl_p_on_the_chooser_opens_the_command_palette(make_app, content) -> None:
    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        chooser = app.screen
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        assert chooser.mode == "solo"  # ctrl+p no longer means "switch the mode"


@pytest.mark.slow
async def test_the_mode_chosen_by_f2_is_the_practice_mode(make_app, content) -> None:
    app = practice_app(make_app, content)
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        await press(pilot, "f2", "enter")
        assert "^s Go on" in key_bar(app)
        screen = await begin_practice(app, pilot)
        assert not screen.training_meeting.solo


@pytest.mark.slow
async def test_f10_shows_what_you_know_and_f10_or_escape_goes_back(make_app, content) -> None:
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        screen = await begin_practice(app, pilot)
        assert "F10 About them" in key_bar(app)
        assert "^l" not in key_bar(app)  # the persona no longer answers on its own
        for back in ("f10", "escape"):
            await press(pilot, "f10")
            assert isinstance(app.screen, ReferralView)
            assert "What you know about Stan" in screen_text(app)
            assert "Begin" not in key_bar(app)  # only reading it: no second practice
            await press(pilot, back)
            assert app.screen is screen


@pytest.mark.slow
async def test_ctrl_o_opens_the_trainers_view_and_exports_from_it(
    make_app, content, tmp_path: Path
) -> None:
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        screen = await begin_practice(app, pilot)
        assert "^o Trainer's view" in key_bar(app)
        await press(pilot, "ctrl+o")
        feedback = app.screen
        assert isinstance(feedback, FeedbackScreen) and not feedback.ending
        assert "^o Export feedback" in key_bar(app)
        folder = tmp_path / "out"
        field = feedback.query_one("#export-folder")
        field.value = str(folder)
        field.focus()  # in the field, ctrl+e would be "end of line"; ctrl+o still exports
        await press(pilot, "ctrl+o")
        assert sorted(f.suffix for f in folder.iterdir()) == [".html", ".md"]
        await press(pilot, "escape")
        assert app.screen is screen


@pytest.mark.slow
async def test_the_practice_actions_are_in_the_command_palette(make_app, content) -> None:
    app = practice_app(make_app, content, persona_id="stan")
    async with app.run_test(size=WIDE) as pilot:
        await settle(app, pilot)
        screen = await begin_practice(app, pilot)
        provider = PracticeCommands(screen)
        found = [hit.text async for hit in provider.discover()]
        assert found == ["What you know", "Trainer's view"]
        hits = [hit async for hit in provider.search("trainer")]
        assert len(hits) == 1
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
