"""A screenshot of "How things have changed" at 80x24 (pytest-textual-snapshot): three
meetings' measures, from Home. Plain ``def``: ``snap_compare`` runs the app itself. Update with
``pytest tests/ui/test_changes_snapshot.py --snapshot-update`` and look at the SVG first."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

import pytest
from test_changes import three_meetings
from ui_support import press, settle

from assistant.records import CaseStore
from assistant.ui.app import make_app

NOON = _dt.datetime(2027, 4, 26, 12, 0)


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The records folder by the same relative path every run (Home shows it)."""
    monkeypatch.chdir(tmp_path)
    return Path("records")


def test_changes_at_80x24(snap_compare, records, sample_content) -> None:
    store = CaseStore(records)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.add_plan_version(three_meetings().to_json(), agreed=True)

    async def run_before(pilot: Any) -> None:
        await settle(pilot.app, pilot)
        pilot.app.screen.query_one("#people").focus()
        await press(pilot, "c")
        await settle(pilot.app, pilot)

    app = make_app(data_dir=records, content=sample_content, clock=lambda: NOON)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
