"""Screenshots of every dialog at 80x24, 100x30 and 120x40 (pytest-textual-snapshot, issue 15):
the title at the top, the buttons at the bottom, the body scrolling between them.

Plain ``def`` tests: ``snap_compare`` runs the app itself. The cursor does not blink (see
conftest), the clock is fixed, the records folder is shown by the same relative path every run
and the export folder is one of the test's own (``exports``), so a difference is a real change.
Update with ``pytest tests/ui/test_snapshots_dialogs.py --snapshot-update`` and look at the
pictures before committing.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from pathlib import Path
from typing import Any

import pytest
from textual.content import Content
from ui_support import finish_naming_a_private_person, press

from assistant.agency import Agency, AgencyContact
from assistant.flows.loader import Content as TopicContent
from assistant.plans.model import Plan
from assistant.records import CaseStore, crypto, init_store
from assistant.ui.app import make_app
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.record_form import RecordForm

SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"]
)
NOON = _dt.datetime(2026, 3, 2, 12, 0)
AGREED_AT = "2026-03-02T12:00:00+00:00"


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty records folder of this test's own, named by the same relative path every run
    (Home shows it), and an ``exports`` folder beside it for the export dialog."""
    monkeypatch.chdir(tmp_path)
    Path("exports").mkdir()
    return Path("records")


def app_for(records: Path, content: TopicContent, people: tuple[str, ...] = ()) -> Any:
    app = make_app(data_dir=records, content=content, clock=lambda: NOON)
    store = CaseStore(records)
    for name in people:
        store.create_person(name)
    # The folder the export dialog offers: the test's own, not this machine's Documents.
    app.settings.export_dir = Path("exports")
    return app


def question(content: TopicContent, store: str) -> Any:
    """The shipped question that keeps its answer at ``store``."""
    return next(
        node
        for topic in content.topics.values()
        for node in topic.nodes.values()
        if getattr(node, "store", None) == store
    )


async def _settle(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _meeting(pilot: Any) -> None:
    """From Home, open Sam's first meeting and say welcome (a short plan so far)."""
    await _settle(pilot)
    await press(pilot, "enter")
    await _settle(pilot)
    await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")


@SIZES
def test_finish_the_meeting(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await _meeting(pilot)
        await press(pilot, "ctrl+f")

    app = app_for(records, sample_content, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_finish_warning_about_a_private_name_80x24(snap_compare, records, content) -> None:
    # The warning, its button and rows of the plan under them, with the buttons below.
    async def run_before(pilot: Any) -> None:
        await finish_naming_a_private_person(pilot.app, pilot)

    app = app_for(records, content)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@SIZES
def test_export(snap_compare, records, sample_content, size) -> None:
    app = app_for(records, sample_content)
    store = CaseStore(records)
    person = store.create_person("Sam")
    with store.open(person) as case:
        plan = Plan(created=AGREED_AT).to_json()
        case.add_plan_version(plan, agreed=True, agreed_at=AGREED_AT)

    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await press(pilot, "ctrl+o")
        await _settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_add_an_action(snap_compare, records, sample_content, content, size) -> None:
    """The list editor's add dialog for a list with many details (an action: what, whose
    idea, who, by when...), titled for what it adds."""
    actions = question(content, "goal.actions")

    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.push_screen(RecordForm(actions, None))
        await _settle(pilot)

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


@SIZES
def test_change_someone(snap_compare, records, sample_content, size) -> None:
    """The change dialog of the list of people, filled in."""
    people = question(sample_content, "network.people")
    mum = {"id": "p1", "name": "Mum", "kind": "family", "circle": 1}

    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.push_screen(RecordForm(people, mum))
        await _settle(pilot)

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


class _Entry:
    """A transcript entry as the edit dialog reads it: the question in its own words."""

    def __init__(self, prompt: str) -> None:
        self.prompt = prompt


@SIZES
def test_change_an_earlier_answer(snap_compare, records, sample_content, content, size) -> None:
    """Changing the list of concerns: the question stays in view, the list and its buttons
    scroll, Save change and Cancel stay at the bottom."""
    concerns = question(content, "concerns.list")
    value = [
        {"id": "c1", "kind": "confidence", "words": "I get nervous in groups."},
        {"id": "c2", "kind": "money", "words": "Bus fares add up."},
    ]

    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        entry = _Entry(concerns.prompt)
        pilot.app.push_screen(EditAnswer(entry, concerns, value, lambda _value, _by: None))
        await _settle(pilot)

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


@SIZES
def test_help(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await press(pilot, "f1")

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


@SIZES
def test_pause_for_safety(snap_compare, records, content, size) -> None:
    """On the shipped topics (it offers their plan for hard times): the words scroll, both
    buttons stay in view. The agency's details are fixed here (a made-up example), so the
    shipped agency file can change freely."""
    agency = Agency(
        example=True,
        organisation="Brackenford Community Connections",
        out_of_hours=[AgencyContact(name="Out-of-hours line", phone="01632 960999")],
        crisis=[AgencyContact(name="Crisis team", phone="0808 157 0123", when="any time")],
    )
    with_agency = dataclasses.replace(content, agency=agency)

    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await press(pilot, "enter")
        await _settle(pilot)
        await press(pilot, "ctrl+g")

    app = app_for(records, with_agency, ("Sam",))
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@SIZES
def test_settings(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await press(pilot, "s")

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


@SIZES
def test_new_person(snap_compare, records, sample_content, size) -> None:
    """Home's New person dialog (n): name, reference and NHS number, date of birth and
    gender (optional), Add and Cancel in view at every size."""

    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await press(pilot, "n")
        await _settle(pilot)

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


PROBLEM = "\n".join(
    f"  content/flows/topic_{n}.yaml:{n * 7}:5: E101 unknown key `promt` (did you mean `prompt`?)"
    for n in range(1, 25)
)


@SIZES
def test_problem(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.push_screen(
            ProblemScreen(
                "The topic files have problems",
                "Meetings cannot start. No records were touched. Ask whoever looks after the "
                "content to run `cpi-assistant validate`.\n" + PROBLEM,
            )
        )
        await _settle(pilot)

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


@SIZES
def test_confirm(snap_compare, records, sample_content, size) -> None:
    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        pilot.app.push_screen(
            Confirm(
                Content(
                    "Nothing will be kept from today. Erase today's answers, or keep what "
                    "was saved before the person said no?"
                ),
                yes="Erase today's answers",
                no="Keep what was saved",
            )
        )
        await _settle(pilot)

    assert snap_compare(app_for(records, sample_content), terminal_size=size, run_before=run_before)


@SIZES
def test_passphrase(snap_compare, records, sample_content, size, monkeypatch) -> None:
    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", (10, 8, 1))  # quick scrypt, as records tests
    init_store(records, "correct horse")

    async def run_before(pilot: Any) -> None:
        await pilot.pause()

    app = make_app(data_dir=records, content=sample_content, clock=lambda: NOON)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
