"""Settings: choosing another records folder (remembered for the next start)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui_support import open_meeting, press, screen_text, settle, widget_text

from assistant.records import CaseStore, init_store
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.settings import SettingsScreen


async def open_settings(app, pilot) -> SettingsScreen:
    await pilot.pause()
    await press(pilot, "s")
    await pilot.pause()
    assert isinstance(app.screen, SettingsScreen)
    return app.screen


async def use_folder(app, pilot, folder: Path | str) -> None:
    field = app.screen.query_one("#settings-folder")
    field.value = str(folder)
    field.focus()
    await press(pilot, "enter")
    await settle(app, pilot)


async def test_another_folder_is_used_and_remembered(make_app, tmp_path) -> None:
    other = tmp_path / "shared"
    CaseStore(other).create_person("Robin")
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, other)
        assert f"Now using {other}" in widget_text(app.screen.query_one("#folder-message"))
        await press(pilot, "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Robin" in screen_text(app)
    assert json.loads((tmp_path / "app.json").read_text())["data_dir"] == str(other)


async def test_a_file_is_refused_and_nothing_changes(make_app, data_dir, tmp_path) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("x")
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, not_a_folder)
        message = widget_text(app.screen.query_one("#folder-message"))
        assert "is a file, not a folder" in message
        assert app.data_dir == data_dir
    saved = tmp_path / "app.json"
    assert "data_dir" not in (json.loads(saved.read_text()) if saved.exists() else {})


async def test_a_folder_that_is_not_there_is_made_only_when_asked_again(
    make_app, data_dir, tmp_path
) -> None:
    # A mistyped path said "Now using ..." and showed an empty Home: everyone seemed gone.
    missing = tmp_path / "shared" / "records"
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, missing)
        message = widget_text(app.screen.query_one("#folder-message"))
        assert f"There is no folder {missing}" in message and "Now using" not in message
        assert app.data_dir == data_dir and not missing.exists()
        await use_folder(app, pilot, missing)  # asked again: a new, empty records folder
        assert f"Now using {missing}" in widget_text(app.screen.query_one("#folder-message"))
        assert app.data_dir == missing and missing.is_dir()
        assert missing.stat().st_mode & 0o777 == 0o700


async def test_a_missing_folder_above_it_is_named_before_it_is_made(
    make_app, data_dir, tmp_path
) -> None:
    # A drive not connected: making its folder here would hide the drive's when it connects.
    drive = tmp_path / "mnt" / "shared"
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, drive / "records")
        message = widget_text(app.screen.query_one("#folder-message"))
        assert f"{tmp_path / 'mnt'} is not there either, so it would be made too" in message
        assert app.data_dir == data_dir and not drive.exists()


async def test_another_missing_folder_after_one_is_not_made_at_once(
    make_app, data_dir, tmp_path
) -> None:
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, tmp_path / "recrods")
        await use_folder(app, pilot, tmp_path / "records2")  # a different path: asked first
        assert "There is no folder" in widget_text(app.screen.query_one("#folder-message"))
        assert app.data_dir == data_dir and not (tmp_path / "records2").exists()


@pytest.mark.slow
async def test_an_encrypted_folder_asks_for_its_passphrase(make_app, tmp_path) -> None:
    locked = tmp_path / "locked"
    init_store(locked, "correct horse")
    CaseStore(locked, "correct horse").create_person("Robin")
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, locked)
        secret = app.screen.query_one("#settings-folder-passphrase")
        assert secret.display and secret.has_focus
        await press(pilot, *"wrong", "enter")
        await settle(app, pilot)
        assert app.data_dir != locked
        assert "passphrase" in widget_text(app.screen.query_one("#folder-message")).lower()
        await press(pilot, *"correct horse", "enter")
        await settle(app, pilot)
        assert app.data_dir == locked and app.store.encrypted
        await press(pilot, "escape")
        await settle(app, pilot)
        assert "Robin" in screen_text(app)


async def test_a_folder_nothing_can_be_written_in_is_refused_and_not_remembered(
    make_app, data_dir, tmp_path, monkeypatch
) -> None:
    # Before: "Now using /proc/1." was said and remembered, and only adding a person failed.
    read_only = tmp_path / "backup copy"
    CaseStore(read_only).create_person("Robin")
    monkeypatch.setattr(
        "assistant.ui.app.cannot_write",
        lambda folder: OSError(30, "Read-only file system") if folder == read_only else None,
    )
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, read_only)
        message = widget_text(app.screen.query_one("#folder-message"))
        assert f"Nothing can be saved in {read_only}" in message
        assert "Choose another folder" in message
        assert app.data_dir == data_dir
    saved = tmp_path / "app.json"
    assert "data_dir" not in (json.loads(saved.read_text()) if saved.exists() else {})


async def test_after_a_switch_the_note_no_longer_says_the_command_line_chose_it(
    make_app, tmp_path
) -> None:
    other = tmp_path / "shared"
    CaseStore(other).create_person("Robin")
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        assert "--data-dir chose this folder" in widget_text(app.screen.query_one("#folder-note"))
        await use_folder(app, pilot, other)
        assert "chose this folder" not in widget_text(app.screen.query_one("#folder-note"))


async def test_after_a_switch_the_note_says_cpi_data_dir_still_wins_next_time(
    make_app, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "from-env"))
    other = tmp_path / "shared"
    CaseStore(other).create_person("Robin")
    app = make_app(data_dir=None, settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await use_folder(app, pilot, other)
        note = " ".join(widget_text(app.screen.query_one("#folder-note")).split())
        assert "CPI_DATA_DIR is set" in note and "from the next start" in note


async def test_the_remembered_folder_is_used_at_the_next_start(make_app, tmp_path) -> None:
    remembered = tmp_path / "remembered"
    (tmp_path / "app.json").write_text(json.dumps({"data_dir": str(remembered)}))
    app = make_app(data_dir=None, settings_path=tmp_path / "app.json")
    assert app.data_dir == remembered


async def test_the_command_line_folder_beats_the_remembered_one(
    make_app, data_dir, tmp_path
) -> None:
    (tmp_path / "app.json").write_text(json.dumps({"data_dir": str(tmp_path / "other")}))
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        assert app.data_dir == data_dir
        assert "--data-dir chose this folder for this run" in screen_text(app)


async def test_cpi_data_dir_beats_the_remembered_folder(make_app, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "from-env"))
    (tmp_path / "app.json").write_text(json.dumps({"data_dir": str(tmp_path / "other")}))
    app = make_app(data_dir=None, settings_path=tmp_path / "app.json")
    assert (app.data_dir, app.data_dir_set_by) == (tmp_path / "from-env", "CPI_DATA_DIR")


async def test_the_folder_cannot_change_during_a_meeting(make_app, data_dir, tmp_path) -> None:
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_meeting(app, pilot)
        app.action_settings()
        await pilot.pause()
        await use_folder(app, pilot, tmp_path / "elsewhere")
        message = widget_text(app.screen.query_one("#folder-message"))
        assert "Finish or leave the meeting first" in message
        assert app.data_dir == data_dir


async def test_a_folder_that_cannot_be_read_gets_a_message_not_a_crash(
    make_app, data_dir, tmp_path, monkeypatch
) -> None:
    def refuse(self: Path) -> bool:
        raise PermissionError(13, "Permission denied")

    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
            patch.setattr(Path, "exists", refuse)
            await use_folder(app, pilot, tmp_path / "private")
        message = widget_text(app.screen.query_one("#folder-message"))
        assert "cannot be used: Permission denied" in message
        assert app.data_dir == data_dir


async def test_a_switch_that_ends_after_settings_closed_updates_home(make_app, tmp_path) -> None:
    other = tmp_path / "shared"
    CaseStore(other).create_person("Robin")
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        settings = await open_settings(app, pilot)
        await press(pilot, "escape")
        await pilot.pause()
        assert app.use_data_dir(str(other)) is None  # as the worker does, finishing late
        settings._switched(None)
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Robin" in screen_text(app)


@pytest.mark.parametrize("chosen_by", ["--data-dir", "CPI_DATA_DIR"])
async def test_the_encryption_hint_names_the_folder_chosen_for_this_run(
    make_app, tmp_path, monkeypatch, chosen_by: str
) -> None:
    # It said "cpi-assistant init --encrypt" alone, which encrypts another (new, empty)
    # folder when --data-dir or CPI_DATA_DIR chose this one.
    folder = tmp_path / "team records"
    if chosen_by == "CPI_DATA_DIR":
        monkeypatch.setenv("CPI_DATA_DIR", str(folder))
        app = make_app(data_dir=None)
    else:
        app = make_app(data_dir=folder)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        hint = " ".join(widget_text(app.screen.query_one("#encryption")).split())
        assert f"cpi-assistant init --encrypt --data-dir '{folder}'" in hint


async def test_the_encryption_hint_names_no_folder_when_none_was_given(make_app, tmp_path) -> None:
    remembered = tmp_path / "remembered"
    (tmp_path / "app.json").write_text(json.dumps({"data_dir": str(remembered)}))
    app = make_app(data_dir=None, settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        hint = " ".join(widget_text(app.screen.query_one("#encryption")).split())
        assert hint.endswith("run: cpi-assistant init --encrypt")
