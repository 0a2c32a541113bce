"""Settings: the agency's content pack, checked before it is taken, remembered, cleared; Home
names the pack in use, and one that cannot be used is said there (the app still starts)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from test_settings_folder import open_settings
from ui_support import open_meeting, press, screen_text, settle, widget_text

from assistant.content_pack.choice import ENV_CONTENT_PACK
from assistant.content_pack.scaffold import new_pack
from assistant.ui.screens.home import HomeScreen

HOSTILE_NAME = "Ünïty [b]bold[/b] team"


def _saved(path: Path) -> dict[str, object]:
    return json.loads(path.read_text()) if path.exists() else {}


async def _use_pack(app, pilot, folder: Path | str) -> None:
    field = app.screen.query_one("#settings-pack")
    field.value = str(folder)
    field.focus()
    await press(pilot, "enter")
    await settle(app, pilot)


def _message(app) -> str:
    return widget_text(app.screen.query_one("#pack-message"))


async def test_a_pack_is_checked_then_used_and_remembered(make_app, tmp_path) -> None:
    pack = new_pack(tmp_path / "our pack", HOSTILE_NAME).folder
    settings = tmp_path / "app.json"
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await _use_pack(app, pilot, pack)
        assert f"Now using {HOSTILE_NAME}" in _message(app)
        # The content for the next meeting is the shipped content with the pack over it.
        assert app.content_pack == pack and app.topic_content.pack == pack
    assert _saved(settings)["content_pack"] == str(pack)


async def test_the_next_meeting_opened_runs_on_the_pack(make_app, tmp_path) -> None:
    pack = new_pack(tmp_path / "ours").folder
    flows = pack / "flows"
    shutil.copy(flows / "example_topic.yaml.sample", flows / "our_welcome.yaml")
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await _use_pack(app, pilot, pack)
        await press(pilot, "escape")
        screen = await open_meeting(app, pilot)
        assert "our_welcome" in screen.meeting.conv.content.topics


async def test_settings_says_when_the_environment_chose_the_pack(
    make_app, tmp_path, monkeypatch
) -> None:
    pack = new_pack(tmp_path / "ours", "Env team").folder
    monkeypatch.setenv(ENV_CONTENT_PACK, str(pack))
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_settings(app, pilot)
        note = widget_text(app.screen.query_one("#pack-note"))
        assert "In use: Env team" in note and f"{ENV_CONTENT_PACK} chose it" in note


async def test_a_pack_chosen_while_the_environment_chose_one_is_only_remembered(
    make_app, tmp_path, monkeypatch
) -> None:
    env_pack = new_pack(tmp_path / "env", "Env team").folder
    mine = new_pack(tmp_path / "mine", "My team").folder
    monkeypatch.setenv(ENV_CONTENT_PACK, str(env_pack))
    settings = tmp_path / "app.json"
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_settings(app, pilot)
        # The field shows the remembered pack (none), not the variable's.
        assert app.screen.query_one("#settings-pack").value == ""
        before = await app.wait_for_content()
        assert before is not None
        await _use_pack(app, pilot, mine)
        assert f"Remembered. While {ENV_CONTENT_PACK} is set" in _message(app)
        # The variable's pack stays in use for this run.
        assert app.content_pack == env_pack and app.topic_content is before
    assert _saved(settings)["content_pack"] == str(mine)


async def test_a_broken_pack_is_refused_naming_its_file(make_app, tmp_path) -> None:
    pack = new_pack(tmp_path / "broken").folder
    (pack / "flows" / "ours.yaml").write_text("id: ours\ntitle: Ours\nnodes: 3\n")
    settings = tmp_path / "app.json"
    app = make_app(settings_path=settings)
    before = app.topic_content
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await _use_pack(app, pilot, pack)
        message = _message(app)
        assert "not chosen and nothing changed" in message
        assert "ours.yaml" in message
        assert app.content_pack is None and app.topic_content is before
    assert "content_pack" not in _saved(settings)


async def test_the_refusal_is_brought_into_view(make_app, tmp_path) -> None:
    # At 80x24 and 100x30 it sat under the fold: Enter looked as if it did nothing.
    pack = new_pack(tmp_path / "broken").folder
    (pack / "flows" / "ours.yaml").write_text("id: ours\ntitle: Ours\nnodes: 3\n")
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_settings(app, pilot)
        await _use_pack(app, pilot, pack)
        await settle(app, pilot)
        message = app.screen.query_one("#pack-message")
        assert "not chosen and nothing changed" in _message(app)
        shown = message.region.intersection(message.parent.scrollable_content_region)
        assert shown.height > 0 and shown.y == message.region.y  # its first line is in view


async def test_a_pack_with_a_broken_directory_entry_is_refused(make_app, tmp_path) -> None:
    # Its topics load; the check validate runs also reads its directory.
    pack = new_pack(tmp_path / "broken").folder
    (pack / "directory" / "walks.yaml").write_text("id: walks\nname: Walks\ntags: [a, b\n")
    settings = tmp_path / "app.json"
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await _use_pack(app, pilot, pack)
        message = _message(app)
        assert (
            "not chosen and nothing changed" in message and "walks.yaml:3:7" in message
        )  # the `[` never closed
        assert app.content_pack is None
    assert "content_pack" not in _saved(settings)


async def test_a_folder_that_is_not_a_pack_is_refused_in_words(make_app, tmp_path) -> None:
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await _use_pack(app, pilot, tmp_path)
        assert "has no pack.yaml" in _message(app)
        assert app.content_pack is None


async def test_a_relative_path_is_refused(make_app, tmp_path) -> None:
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_settings(app, pilot)
        await _use_pack(app, pilot, "our-pack")
        assert "whole path" in _message(app)


async def test_clear_goes_back_to_the_apps_own_content(make_app, tmp_path) -> None:
    pack = new_pack(tmp_path / "ours").folder
    settings = tmp_path / "app.json"
    settings.write_text(json.dumps({"content_pack": str(pack), "theme": "cpi-calm"}))
    app = make_app(settings_path=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert app.content_pack == pack
        await open_settings(app, pilot)
        app.screen.query_one("#settings-clear-pack").press()
        await settle(app, pilot)
        assert "No pack now" in _message(app)
        assert app.content_pack is None and app.topic_content.pack is None
        assert app.screen.query_one("#settings-pack").value == ""
    assert "content_pack" not in _saved(settings)
    assert _saved(settings)["theme"] == "cpi-calm"


async def test_home_names_the_pack_in_use_as_typed(make_app, tmp_path) -> None:
    pack = new_pack(tmp_path / "ours", HOSTILE_NAME).folder
    app = make_app(content_pack=pack)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert f"Content pack: {HOSTILE_NAME}" in screen_text(app)


async def test_home_names_a_pack_given_with_content_too(make_app, tmp_path) -> None:
    # `cpi-assistant --content PACK` laid the pack over the content, but Home did not say so.
    pack = new_pack(tmp_path / "ours", HOSTILE_NAME).folder
    app = make_app(content_root=pack, content=None)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        assert f"Content pack: {HOSTILE_NAME}" in screen_text(app)


async def test_at_80_columns_home_keeps_its_title_and_the_records_folder(
    make_app, tmp_path
) -> None:
    long_name = "Eastgate and Riverside Community Mental Health Team"
    pack = new_pack(tmp_path / "ours", long_name).folder
    app = make_app(content_pack=pack)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        top = screen_text(app).splitlines()[0]
        # The pack's words give way ("Pack:", the name cut with an ellipsis), never the app's
        # name, "Records" or the folder's last part.
        assert "Connecting People Assistant" in top
        assert "Records:" in top and "Pack: Eastgate" in top and "…" in top
        assert top.rstrip().endswith("/records")


async def test_a_remembered_pack_that_is_gone_is_said_and_the_app_starts(
    make_app, tmp_path
) -> None:
    settings = tmp_path / "app.json"
    settings.write_text(json.dumps({"content_pack": str(tmp_path / "gone")}))
    app = make_app(settings_path=settings)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        notices = widget_text(app.screen.query_one("#home-notices"))
        assert f"{tmp_path / 'gone'} is not there" in notices
        assert "content it came with" in notices
        assert app.content_pack is None
    # Not forgotten: the folder may only be unplugged for now.
    assert _saved(settings)["content_pack"] == str(tmp_path / "gone")


async def test_the_pack_is_not_changed_during_a_meeting(make_app, tmp_path) -> None:
    pack = new_pack(tmp_path / "ours").folder
    app = make_app(settings_path=tmp_path / "app.json")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await open_meeting(app, pilot)
        app.push_screen(open_settings_screen())
        await settle(app, pilot)
        await _use_pack(app, pilot, pack)
        assert "Finish or leave the meeting first" in _message(app)
        assert app.content_pack is None


def open_settings_screen():
    from assistant.ui.screens.settings import SettingsScreen

    return SettingsScreen()
