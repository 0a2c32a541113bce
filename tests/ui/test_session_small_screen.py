"""The meeting on a small terminal (70x20, 60x18): the question, its answer and the keys to
finish are always whole; the worker's guidance folds to one line that says how to open it
(F3), rather than showing its edge with no words. 80x24 is as before (test_layout.py and the
snapshots)."""

from __future__ import annotations

from typing import Any

import pytest
from test_layout import open_first_topic, whole_on_screen
from ui_support import press, screen_text, settle

from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.panels import GuidancePanel

SMALL = [(70, 20), (60, 18)]
IDS = ["70x20", "60x18"]
FOLDED = "For the worker: F3 to read"


def question_whole(screen: SessionScreen, height: int) -> list[str]:
    """The parts of the question area cut off, or drawn under the key bar (none, when whole)."""
    cut = []
    for selector in ("#step-header", "#answer-slot", "#speaker", "#answer-bar"):
        widget = screen.query_one(selector)
        if not whole_on_screen(screen, widget) or widget.region.bottom > height - 1:
            cut.append(selector)
    return cut


async def to_step(app: Any, pilot: Any, screen: SessionScreen, node: str) -> None:
    """Enter, step by step through Getting started, until the step ``node``."""
    for _ in range(6):
        if screen.meeting.conv.step.node_id == node:
            return
        await press(pilot, "enter")
        await settle(app, pilot)
    raise AssertionError(f"never reached {node}: at {screen.meeting.conv.step.node_id}")


@pytest.mark.parametrize("size", SMALL, ids=IDS)
async def test_a_long_text_question_with_its_hint_is_whole(make_app, content, size) -> None:
    # Not recorded yet (a note above), a hint under the question and a long text box.
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        await to_step(app, pilot, screen, "what_helps")
        assert question_whole(screen, size[1]) == []


@pytest.mark.parametrize("size", SMALL, ids=IDS)
async def test_the_guidance_folds_to_one_line_that_says_how_to_open_it(
    make_app, content, size
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        assert screen.meeting.conv.step.node_id == "hello"  # a step with guidance
        guidance = screen.query_one(GuidancePanel)
        assert guidance.region.height == 1 and whole_on_screen(screen, guidance)
        assert FOLDED in screen_text(app)
        assert question_whole(screen, size[1]) == []


@pytest.mark.parametrize("size", SMALL, ids=IDS)
async def test_f3_opens_the_folded_guidance(make_app, content, size) -> None:
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        words = screen.query_one(GuidancePanel).text.removeprefix("For the worker").strip()
        await press(pilot, "f3")
        await settle(app, pilot)
        text = screen_text(app)
        assert FOLDED not in text
        assert words.split(".")[0] in " ".join(text.split())  # its first sentence, read
        assert question_whole(screen, size[1]) == []
        assert app.settings.guidance  # opened, not turned off


@pytest.mark.parametrize("size", SMALL, ids=IDS)
async def test_f3_on_the_opened_guidance_turns_it_off_and_on_again(make_app, content, size) -> None:
    # Opened, F3 folded it again: nothing under 24 lines turned the guidance off.
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_first_topic(app, pilot)
        guidance = screen.query_one(GuidancePanel)
        await press(pilot, "f3")  # opened
        await settle(app, pilot)
        await press(pilot, "f3")
        await settle(app, pilot)
        assert not app.settings.guidance  # off, as F3 at 80x24 turns it off
        assert not guidance.display and FOLDED not in screen_text(app)
        assert question_whole(screen, size[1]) == []
        await press(pilot, "f3")
        await settle(app, pilot)
        assert app.settings.guidance and guidance.display  # on again, open to read
        assert FOLDED not in screen_text(app)
        assert question_whole(screen, size[1]) == []


@pytest.mark.parametrize("size", SMALL, ids=IDS)
async def test_the_opened_guidance_says_f3_hides_it(make_app, content, size) -> None:
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        await open_first_topic(app, pilot)
        await press(pilot, "f3")
        await settle(app, pilot)
        assert "F3 to hide" in screen_text(app)


async def test_made_taller_the_question_gets_the_focus_back_from_the_opened_guidance(
    make_app, content
) -> None:
    # F3 under 24 lines focuses the opened guidance (the arrows read on). Made taller, it is
    # a panel beside the question again, and Enter went to it: nothing happened.
    app = make_app(content=content)
    async with app.run_test(size=(70, 20)) as pilot:
        screen = await open_first_topic(app, pilot)
        await press(pilot, "f3")
        await settle(app, pilot)
        assert isinstance(app.focused, GuidancePanel)
        await pilot.resize_terminal(120, 40)
        await settle(app, pilot)
        assert screen._answer is not None and screen._answer in app.focused.ancestors_with_self
