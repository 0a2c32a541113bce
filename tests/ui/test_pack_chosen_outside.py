"""A pack chosen (or forgotten) with `cpi-assistant pack use` while the app runs is taken up
when Home is next shown or a meeting is next opened, checked as at start; a meeting already
open keeps its content. `pack use` said so, and the running app ignored it until restarted."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_settings_folder import open_settings
from ui_support import open_meeting, press, settle

from assistant.content_pack.choice import ENV_CONTENT_PACK
from assistant.content_pack.scaffold import new_pack
from assistant.settings import LoadedSettings, load_settings, save_settings
from assistant.ui import app as app_module
from assistant.ui.screens.home import HomeScreen


def _pack(tmp_path: Path) -> Path:
    pack = new_pack(tmp_path / "ours", "Eastgate").folder
    flows = pack / "flows"
    shutil.copy(flows / "example_topic.yaml.sample", flows / "our_welcome.yaml")
    return pack


def _pack_use(settings: Path, pack: Path | None) -> None:
    """What `cpi-assistant pack use DIR` (None: `pack forget`) writes."""
    loaded = load_settings(settings)
    loaded.settings.content_pack = pack
    save_settings(settings, loaded.settings)


async def test_the_next_meeting_opened_uses_a_pack_chosen_outside(make_app, tmp_path) -> None:
    pack, settings = _pack(tmp_path), tmp_path / "app.json"
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        _pack_use(settings, pack)
        screen = await open_meeting(app, pilot)
        assert screen.meeting.conv.content.pack == pack
        assert "our_welcome" in screen.meeting.conv.content.topics


async def test_home_shown_again_takes_up_the_pack(make_app, tmp_path) -> None:
    pack, settings = _pack(tmp_path), tmp_path / "app.json"
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        _pack_use(settings, pack)
        await open_settings(app, pilot)
        await press(pilot, "escape")
        await app.wait_for_content()
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert (app.content_pack, app.content_pack_name) == (pack, "Eastgate")
        assert app.topic_content is not None and app.topic_content.pack == pack


async def test_a_pack_forgotten_outside_is_dropped_for_the_next_meeting(make_app, tmp_path) -> None:
    pack, settings = _pack(tmp_path), tmp_path / "app.json"
    _pack_use(settings, pack)
    app = make_app(settings_path=settings, content=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.content_pack == pack
        _pack_use(settings, None)
        screen = await open_meeting(app, pilot)
        assert screen.meeting.conv.content.pack is None


async def test_a_meeting_open_keeps_its_content(make_app, tmp_path) -> None:
    pack, settings = _pack(tmp_path), tmp_path / "app.json"
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        before = screen.meeting.conv.content
        _pack_use(settings, pack)
        assert app.follow_pack_choice() is False
        assert app.content_pack is None and screen.meeting.conv.content is before


async def test_the_variables_pack_stays_while_it_is_set(make_app, tmp_path, monkeypatch) -> None:
    pack, settings = _pack(tmp_path), tmp_path / "app.json"
    other = new_pack(tmp_path / "other", "Other").folder
    monkeypatch.setenv(ENV_CONTENT_PACK, str(other))
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        _pack_use(settings, pack)
        assert app.follow_pack_choice() is False
        assert app.content_pack == other


async def test_a_save_in_the_app_keeps_a_pack_chosen_outside(make_app, tmp_path) -> None:
    pack, settings = _pack(tmp_path), tmp_path / "app.json"
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        _pack_use(settings, pack)
        app.settings.theme = "cpi-daylight"
        app.save_settings()  # a theme chosen in the app after `pack use`
    saved = load_settings(settings).settings
    assert (saved.content_pack, saved.theme) == (pack, "cpi-daylight")


async def test_home_shown_again_reads_the_settings_file_only_when_it_changed(
    make_app, tmp_path, monkeypatch
) -> None:
    pack, settings = _pack(tmp_path), tmp_path / "app.json"
    _pack_use(settings, None)  # a settings file there from the start
    app = make_app(settings_path=settings)
    reads: list[Path] = []

    def counted(path: Path) -> LoadedSettings:
        reads.append(path)
        return load_settings(path)

    monkeypatch.setattr(app_module, "load_settings", counted)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        for _ in range(3):  # Home shown again three times (after Help), the file as it was
            await press(pilot, "f1")
            assert not isinstance(app.screen, HomeScreen)
            await press(pilot, "escape")
            await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert len(reads) <= 1
        _pack_use(settings, pack)  # then `pack use` while the app runs
        await press(pilot, "f1")
        await press(pilot, "escape")
        await app.wait_for_content()
        await settle(app, pilot)
        assert app.content_pack == pack
