"""Screenshots of the community directory view at 80x24, 100x30 and 120x40
(pytest-textual-snapshot): browsing from Home, a stale entry's card, and in a meeting the
suggestions and an entry just added to things to try.

Plain ``def`` tests: ``snap_compare`` runs the app itself. The clock is fixed (it also says
which entries are stale), the cursor does not blink (conftest). Update with
``pytest tests/ui/test_snapshots_directory.py --snapshot-update`` and look at the SVGs before
committing.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import pytest
from directory_support import (
    meeting_at_list,
    open_from_home,
    open_in_meeting,
    write_directory_content,
)
from ui_support import press

from assistant.authoring.content import load_content
from assistant.flows.loader import Content
from assistant.ui.app import make_app

SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"]
)
NOON = _dt.datetime(2026, 12, 2, 12, 0)


@pytest.fixture(scope="module")
def directory_content(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return load_content(write_directory_content(tmp_path_factory.mktemp("directory-content")))


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The records folder by the same relative path every run (nothing on screen depends on
    where pytest puts its folders)."""
    monkeypatch.chdir(tmp_path)
    return Path("records")


def app_for(records: Path, content: Content) -> Any:
    return make_app(data_dir=records, content=content, clock=lambda: NOON)


@SIZES
def test_directory_from_home(snap_compare, records, directory_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await open_from_home(pilot.app, pilot)

    app = app_for(records, directory_content)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_directory_stale_entry_card(snap_compare, records, directory_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await open_from_home(pilot.app, pilot)
        # "var" is only in the hostile, long-unchecked entry; Enter in the list opens its card.
        await press(pilot, *"var", "enter", "enter")

    app = app_for(records, directory_content)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_directory_in_a_meeting(snap_compare, records, directory_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await meeting_at_list(pilot.app, pilot)
        await open_in_meeting(pilot.app, pilot)

    app = app_for(records, directory_content)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_directory_entry_added(snap_compare, records, directory_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await meeting_at_list(pilot.app, pilot)
        await open_in_meeting(pilot.app, pilot)
        await press(pilot, "down", "enter", "ctrl+s", "1")  # the Men's Shed: its fit note

    app = app_for(records, directory_content)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_directory_whose_idea(snap_compare, records, directory_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await meeting_at_list(pilot.app, pilot)
        await open_in_meeting(pilot.app, pilot)
        await press(pilot, "down", "enter", "ctrl+s")  # asked before it is added

    app = app_for(records, directory_content)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
