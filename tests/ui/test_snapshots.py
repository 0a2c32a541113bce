"""Screenshots of the main screens at 80x24, 100x30 and 120x40 (pytest-textual-snapshot).

Plain ``def`` tests: ``snap_compare`` runs the app itself. The cursor does not blink (see
conftest), the clock is fixed, and the records folder is shown with the same path every run
(``records``, relative to the test's own folder), so a difference is a real change. Update
with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and look at the report before
committing.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from pathlib import Path
from typing import Any

import pytest
from test_layout import LAYOUT_TOPIC
from ui_support import press

from assistant.agency import Agency, AgencyContact
from assistant.authoring.content import load_content
from assistant.flows.loader import Content
from assistant.ui.app import make_app

SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"]
)
#: Where a side panel sits beside the conversation (below 100 columns they take turns).
BESIDE = pytest.mark.parametrize("size", [(100, 30), (120, 40)], ids=["100x30", "120x40"])
NOON = _dt.datetime(2026, 3, 2, 12, 0)


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty records folder of this test's own, named by the same relative path every run
    (Home shows it), so snapshots do not depend on where pytest puts its folders and two runs
    never share one."""
    monkeypatch.chdir(tmp_path)
    return Path("records")


def app_for(records: Path, content: Content, people: tuple[str, ...] = (), **kw: Any) -> Any:
    app = make_app(data_dir=records, content=content, clock=lambda: NOON, **kw)
    if people:
        from assistant.records import CaseStore

        store = CaseStore(records)
        for name in people:
            store.create_person(name)
    return app


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_first(pilot: Any) -> None:
    await _settle(pilot)
    await press(pilot, "enter")
    await _settle(pilot)


async def welcome(pilot: Any) -> None:
    await open_first(pilot)
    await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")


@SIZES
def test_home_first_run(snap_compare, records, sample_content, size) -> None:
    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=_settle)


@SIZES
def test_home_with_people(snap_compare, records, sample_content, size) -> None:
    app = app_for(records, sample_content, ("Alex", "Jo [/] Smith", "Sam"))
    assert snap_compare(app, terminal_size=size, run_before=_settle)


@SIZES
def test_session_topic_choice(snap_compare, records, sample_content, size) -> None:
    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=open_first)


@SIZES
def test_session_text_question(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await open_first(pilot)
        await press(pilot, "home", "enter", "enter")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_session_rating_with_transcript(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await welcome(pilot)
        await press(pilot, "home", "down", "down", "enter")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
@pytest.mark.slow
def test_session_network_map(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await welcome(pilot)
        await press(pilot, "home", "down", "enter")
        for name, kind, circle in (("Mum", 0, 0), ("Jo", 1, 1), ("Dr Patel", 3, 2)):
            await press(
                pilot,
                "a",
                *name,
                "tab",
                "enter",
                *["down"] * (kind + 1),
                "enter",
                "tab",
                "enter",
                *["down"] * (circle + 1),
                "enter",
                "ctrl+s",
            )
        # The map: beside the conversation (wide), or in its place (narrow: plan, then map).
        await press(pilot, "f5")
        if pilot.app.size.width < 100:
            await press(pilot, "f5")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@BESIDE
def test_session_side_panel_put_away(snap_compare, records, sample_content, size) -> None:
    """F5 beside the conversation: plan, map, then no panel (the conversation takes it all)."""

    async def run_before(pilot: Any) -> None:
        await welcome(pilot)
        await press(pilot, "f5", "f5")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@BESIDE
def test_session_topics_in_place_of_the_plan(snap_compare, records, sample_content, size) -> None:
    """F4 where one side panel fits: the topics take the plan's place, the focus on them."""

    async def run_before(pilot: Any) -> None:
        await welcome(pilot)
        await press(pilot, "f4")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_session_wide_three_columns(snap_compare, records, sample_content) -> None:
    """From 140 columns: topics, conversation and plan side by side."""

    async def run_before(pilot: Any) -> None:
        await welcome(pilot)
        await press(pilot, "home", "down", "down", "enter")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)


@SIZES
def test_session_long_guidance(snap_compare, records, write_topics, size) -> None:
    """Guidance longer than its panel: it says there is more below (and scrolls)."""
    app = app_for(records, load_content(write_topics(layout=LAYOUT_TOPIC)), ("Sam",))

    async def run_before(pilot: Any) -> None:
        await open_first(pilot)
        await press(pilot, "home", "enter")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_session_ticks_and_long_options(snap_compare, records, write_topics, size) -> None:
    """Ticked boxes marked [✓], a long option wrapped, the buttons in view (80x24 too)."""
    app = app_for(records, load_content(write_topics(layout=LAYOUT_TOPIC)), ("Sam",))

    async def run_before(pilot: Any) -> None:
        await open_first(pilot)
        await press(pilot, "home", "enter", "enter", "space", "down", "down", "space")

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_help(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await press(pilot, "f1")

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


def test_privacy_screen(snap_compare, records, sample_content) -> None:
    async def run_before(pilot: Any) -> None:
        await open_first(pilot)
        await press(pilot, "f9")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_high_contrast_session(snap_compare, records, sample_content) -> None:
    async def run_before(pilot: Any) -> None:
        await welcome(pilot)
        await press(pilot, "home", "down", "down", "enter")

    app = app_for(records, sample_content, ("Sam",), theme="high-contrast")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_finish_dialog(snap_compare, records, sample_content) -> None:
    async def run_before(pilot: Any) -> None:
        await welcome(pilot)
        await press(pilot, "ctrl+f")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_pause_for_safety_dialog(snap_compare, records, content) -> None:
    """The pause on the shipped topics (it offers their plan for hard times), at 80x24: the
    words scroll, both buttons stay in view. The agency's details are fixed here (a made-up
    example), so the shipped agency file can change freely."""
    agency = Agency(
        example=True,
        organisation="Brackenford Community Connections",
        out_of_hours=[AgencyContact(name="Out-of-hours line", phone="01632 960999")],
        crisis=[AgencyContact(name="Crisis team", phone="0808 157 0123", when="any time")],
    )
    with_agency = dataclasses.replace(content, agency=agency)

    async def run_before(pilot: Any) -> None:
        await open_first(pilot)
        await press(pilot, "ctrl+g")

    app = app_for(records, with_agency, ("Sam",))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
