"""Closing fills in the next meeting four weeks on; keeping it or typing another day works."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ui_support import choice_ready, open_meeting, open_topic, press

from assistant.flows.expressions import days_on
from assistant.ui.app import make_app


async def _at_next_meeting(pilot: Any, app: Any) -> Any:
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "closing")
    conv = screen.meeting.conv
    for _ in range(40):  # bounded: a step that never moves on fails here, not by hanging
        if conv.step.node_id == "next_meeting":
            return conv
        # Enter gives a line break in a long answer (moving on, in Closing): skip it with F7.
        if conv.step.answer_type == "long_text":
            await press(pilot, "f7")
        elif conv.step.answer_type == "choice" and not choice_ready(app.screen):
            await press(pilot, "down", "enter")  # picked on purpose (the agreement)
        else:
            await press(pilot, "enter")
    raise AssertionError(f"never reached the next meeting question: stuck at {conv.step.node_id}")


async def test_the_next_meeting_is_filled_in_four_weeks_on(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        conv = await _at_next_meeting(pilot, app)
        await press(pilot, "enter")
        stored = conv.data["agreement"]["next_meeting"]
    # Four weeks on, moved to the Monday when that is a Saturday or Sunday.
    assert stored == days_on(dt.date.today(), 28, weekday=True)


@pytest.mark.slow
async def test_a_date_typed_over_the_suggestion_replaces_it(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        conv = await _at_next_meeting(pilot, app)
        await press(pilot, *"31/12/2099", "enter")
        stored = conv.data["agreement"]["next_meeting"]
    assert stored == "2099-12-31"


@pytest.mark.slow
async def test_the_hint_is_shown_rendered_not_as_its_template(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await _at_next_meeting(pilot, app)
        shown = str(app.screen.query_one("#step-hint").render())
    assert "About four weeks from today, on a weekday, is filled in" in shown
    assert "{%" not in shown
