"""The app factory: settings, records folder, theme and passphrase worked out before the app is
built; what the settings file says reaches the app, and its problems reach the worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ui_support import open_meeting, press, screen_text, settle

from assistant.records import CaseStore, init_store
from assistant.settings import FolderProblem, UserSettings
from assistant.ui.app import CpiApp
from assistant.ui.screens.home import HomeScreen


def write_settings(path: Path, **values: object) -> Path:
    path.write_text(json.dumps(values))
    return path


async def test_the_theme_chosen_in_settings_is_used_at_the_next_start(make_app, tmp_path) -> None:
    app = make_app(settings_path=write_settings(tmp_path / "app.json", theme="cpi-daylight"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cpi-daylight"


async def test_the_theme_option_beats_the_one_chosen_in_settings(make_app, tmp_path) -> None:
    path = write_settings(tmp_path / "app.json", theme="cpi-daylight")
    app = make_app(theme="high-contrast", settings_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cpi-high-contrast"
    assert json.loads(path.read_text())["theme"] == "cpi-daylight"  # the option is for this run


async def test_hidden_guidance_stays_hidden_at_the_next_start(make_app, tmp_path) -> None:
    path = write_settings(tmp_path / "app.json", guidance=False)
    app = make_app(settings_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter")  # the welcome topic, with its guidance
        assert "Sit side by side" not in screen_text(app)
        await press(pilot, "f3")
        assert "Sit side by side" in screen_text(app)
    assert json.loads(path.read_text())["guidance"] is True


async def test_cpi_passphrase_opens_encrypted_records_without_asking(
    make_app, data_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    init_store(data_dir, "correct horse")
    CaseStore(data_dir, "correct horse").create_person("Sam")
    monkeypatch.setenv("CPI_PASSPHRASE", "correct horse")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "Sam" in screen_text(app) and app.store is not None and app.store.encrypted


async def test_a_damaged_settings_file_is_told_and_replaced_by_a_new_choice(
    make_app, tmp_path
) -> None:
    path = tmp_path / "app.json"
    path.write_text('{"theme": "cpi-dayl')
    app = make_app(settings_path=path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert "damaged" in screen_text(app)
        await press(pilot, "s")
        app.screen.query_one("#settings-theme").value = "cpi-daylight"
        await pilot.pause()
    assert json.loads(path.read_text())["theme"] == "cpi-daylight"


async def test_opening_settings_without_a_change_writes_nothing(make_app, tmp_path) -> None:
    path = write_settings(tmp_path / "app.json", theme="cpi-daylight")
    app = make_app(settings_path=path)
    saves: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.save_settings = lambda: saves.append(app.theme)  # type: ignore[method-assign]
        await press(pilot, "s")
        await settle(app, pilot)
        assert saves == []


async def test_choosing_in_settings_the_theme_given_for_this_run_saves_it(
    make_app, tmp_path
) -> None:
    # --theme high-contrast with Daylight saved: choosing High contrast in Settings saved
    # nothing (it was the theme in use), so the next start was in Daylight again.
    path = write_settings(tmp_path / "app.json", theme="cpi-daylight")
    app = make_app(theme="high-contrast", settings_path=path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "s")
        await settle(app, pilot)
        assert app.screen.query_one("#settings-theme").has_focus
        await press(pilot, "enter", "end", "enter")  # open the list, the last: High contrast
        await settle(app, pilot)
        assert app.theme == "cpi-high-contrast"
    assert json.loads(path.read_text())["theme"] == "cpi-high-contrast"


async def test_opening_settings_in_a_run_given_a_theme_writes_nothing(make_app, tmp_path) -> None:
    path = write_settings(tmp_path / "app.json", theme="cpi-daylight")
    app = make_app(theme="high-contrast", settings_path=path)
    saves: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.save_settings = lambda: saves.append(app.theme)  # type: ignore[method-assign]
        await press(pilot, "s")
        await settle(app, pilot)
        assert saves == []


async def test_settings_that_cannot_be_saved_are_told_and_still_used(make_app, tmp_path) -> None:
    (tmp_path / "not-a-folder").write_text("x")
    app = make_app(settings_path=tmp_path / "not-a-folder" / "app.json")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await press(pilot, "s")
        app.screen.query_one("#settings-theme").value = "cpi-daylight"
        await settle(app, pilot)
        assert app.theme == "cpi-daylight"
        assert "could not be saved" in screen_text(app)


def test_an_encrypted_folder_without_its_passphrase_asks_for_it(make_app, tmp_path) -> None:
    locked = tmp_path / "locked"
    init_store(locked, "correct horse")
    app = make_app()
    problem = app.use_data_dir(str(locked))
    assert isinstance(problem, FolderProblem) and problem.needs_passphrase
    assert app.data_dir != locked


def test_a_wrong_passphrase_is_a_problem_to_show_not_a_new_question(make_app, tmp_path) -> None:
    locked = tmp_path / "locked"
    init_store(locked, "correct horse")
    app = make_app()
    problem = app.use_data_dir(str(locked), "wrong")
    assert isinstance(problem, FolderProblem) and not problem.needs_passphrase
    assert "passphrase" in problem.message.lower()
    assert app.data_dir != locked


def test_building_the_app_reads_no_settings_file(data_dir, tmp_path) -> None:
    # What the file says reaches the app only through make_app, which reads it first.
    path = write_settings(tmp_path / "app.json", theme="cpi-daylight", data_dir="/elsewhere")
    app = CpiApp(data_dir=data_dir, settings_path=path)
    assert app.settings == UserSettings() and app.data_dir == data_dir
