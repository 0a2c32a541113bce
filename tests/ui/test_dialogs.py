"""Export and passphrase dialogs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import first_meeting_played, press, screen_text, settle, widget_text

from assistant.records import CaseStore, init_store
from assistant.ui.screens.export import ExportScreen
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.passphrase import PassphraseScreen


def agreed_person(data_dir: Path, content: Any) -> str:
    return first_meeting_played(data_dir, content)


async def test_export_writes_the_chosen_formats_and_notes_it_in_the_record(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    person = agreed_person(data_dir, content)
    out = tmp_path / "out"
    out.mkdir()
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        assert isinstance(app.screen, ExportScreen)
        await settle(app, pilot)
        assert "Version 1, agreed" in screen_text(app)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        formats.select("json")
        app.screen.query_one("#export-folder").value = str(out)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        result = widget_text(app.screen.query_one("#export-result"))
        assert "plan-v1.txt" in result and "plan-v1.json" in result, result
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
    assert "Sammy" in (out / "plan-v1.txt").read_text()
    with CaseStore(data_dir).read(person) as case:
        exported = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert sorted(e["format"] for e in exported) == ["json", "txt"]


async def test_export_never_replaces_a_file(make_app, content, data_dir, tmp_path) -> None:
    agreed_person(data_dir, content)
    (tmp_path / "plan-v1.txt").write_text("mine")
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(tmp_path)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert "plan-v1-2.txt" in widget_text(app.screen.query_one("#export-result"))
    assert (tmp_path / "plan-v1.txt").read_text() == "mine"
    assert "Sammy" in (tmp_path / "plan-v1-2.txt").read_text()


def draft_after_agreed_person(data_dir: Path, content: Any) -> str:
    """Version 1 agreed, then version 2 saved "not agreed yet" (its Closing said yes)."""
    person = agreed_person(data_dir, content)
    with CaseStore(data_dir).open(person) as case:
        [first] = case.plan_versions()
        case.add_plan_version(first["plan"], agreed=False)
    return person


async def test_export_chooses_the_latest_agreed_version_and_says_so(
    make_app, content, data_dir: Path
) -> None:
    draft_after_agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        assert app.screen.query_one("#export-version").value == 1
        state = widget_text(app.screen.query_one("#export-state"))
        assert state.startswith("Agreed together on ")
        assert "This is the latest agreed version." in state


async def test_exporting_a_draft_says_so_and_marks_every_file(
    make_app, content, data_dir: Path, tmp_path: Path
) -> None:
    person = draft_after_agreed_person(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "ctrl+o")
        await settle(app, pilot)
        app.screen.query_one("#export-version").value = 2
        await settle(app, pilot)
        state = widget_text(app.screen.query_one("#export-state"))
        assert state.startswith("Draft: not agreed yet. Saved on ")
        assert "marked as a draft on every page" in state
        formats = app.screen.query_one("#export-formats")
        formats.deselect_all()
        formats.select("txt")
        app.screen.query_one("#export-folder").value = str(tmp_path)
        app.screen.query_one("#export-for").value = "person"
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
    text = (tmp_path / "plan-v2-draft.txt").read_text("utf-8")
    assert text.startswith("*** DRAFT – NOT AGREED YET ***") and "Agreed together" not in text
    with CaseStore(data_dir).read(person) as case:
        [exported] = [e for e in case.audit_events() if e["kind"] == "exported"]
    assert (exported["plan_version"], exported["plan_state"]) == (2, "draft")


async def test_encrypted_records_ask_for_the_passphrase_first(make_app, data_dir) -> None:
    init_store(data_dir, "correct horse")
    CaseStore(data_dir, "correct horse").create_person("Sam")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PassphraseScreen)
        assert "Sam" not in screen_text(app)
        await press(pilot, *"wrong", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PassphraseScreen)
        assert "passphrase" in widget_text(app.screen.query_one("#unlock-message")).lower()
        await press(pilot, *"correct horse", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Sam" in screen_text(app)
        await press(pilot, "s")
        assert "On: the records are encrypted" in screen_text(app)
