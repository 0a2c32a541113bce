"""Screenshots of the practice's move panel and feedback screen (issue 17), at 80x24 and the
larger sizes (pytest-textual-snapshot). Plain ``def`` tests: ``snap_compare`` runs the app.

The practice's clocks are fixed (the session's and the meeting's "Saved 12:00"), so a
difference is a real change. Update with
``pytest tests/ui/test_snapshots_training.py --snapshot-update`` and look at the report.
"""

from __future__ import annotations

import datetime as _dt
import functools
from pathlib import Path
from typing import Any

import pytest
from ui_support import press

import assistant.ui.screens.training as training_screens
from assistant.training import TrainingLaunch
from assistant.training.session import TrainingSession
from assistant.ui.app import make_app

SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"]
)
NOON = _dt.datetime(2026, 3, 2, 12, 0, tzinfo=_dt.UTC)


@pytest.fixture
def practice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: Any) -> Any:
    """The app on a practice with Stan (solo, seed 7), every clock at noon."""
    monkeypatch.chdir(tmp_path)
    # The feedback's export folder, shown the same every run (it is absolute in use).
    monkeypatch.setattr(training_screens, "default_export_folder", lambda: Path("feedback"))
    monkeypatch.setattr(
        training_screens, "TrainingSession", functools.partial(TrainingSession, clock=lambda: NOON)
    )
    launch = TrainingLaunch(persona_id="stan", seed=7, trainee="Ann")
    return make_app(data_dir=Path("records"), content=content, training=launch)


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def at_first_question(pilot: Any) -> None:
    """Begin, open Getting started, go past its hello: the move panel."""
    await _settle(pilot)
    await press(pilot, "ctrl+s")
    await _settle(pilot)
    pilot.app.screen.meeting._clock = lambda: "12:00"  # "Saved 12:00", not the time now
    await press(pilot, "home", "enter")
    await _settle(pilot)
    await press(pilot, "enter")
    await _settle(pilot)


@SIZES
def test_practice_move_panel(snap_compare, practice, size) -> None:
    assert snap_compare(practice, terminal_size=size, run_before=at_first_question)


@SIZES
def test_practice_feedback(snap_compare, practice, size) -> None:
    # Before any move: the screen's layout, not the persona's words or the scores (those
    # have their own tests in tests/training).
    async def run_before(pilot: Any) -> None:
        await at_first_question(pilot)
        await press(pilot, "ctrl+f")
        await _settle(pilot)

    assert snap_compare(practice, terminal_size=size, run_before=run_before)
