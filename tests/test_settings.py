"""The app user's settings file: read at start, never a traceback; written crash-safe."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from assistant.settings import UserSettings, load_settings, save_settings, settings_path

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def test_no_file_yet_gives_the_usual_settings_and_nothing_to_say(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "app.json")
    assert loaded.settings == UserSettings()
    assert loaded.problem is None


def test_what_is_saved_is_read_back(tmp_path: Path) -> None:
    chosen = UserSettings(data_dir=tmp_path / "shared", theme="cpi-daylight", guidance=False)
    save_settings(tmp_path / "app.json", chosen)
    loaded = load_settings(tmp_path / "app.json")
    assert loaded.settings == chosen
    assert loaded.problem is None


def test_the_file_the_previous_version_wrote_is_read(tmp_path: Path) -> None:
    # Before typed settings the app wrote a plain dict with whatever keys were set.
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"theme": "cpi-high-contrast", "data_dir": "/srv/records"}))
    settings = load_settings(path).settings
    assert (settings.theme, settings.data_dir, settings.guidance) == (
        "cpi-high-contrast",
        Path("/srv/records"),
        True,
    )


def test_keys_this_version_does_not_know_survive_a_save(tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    newer = {"theme": "cpi-calm", "font_size": 3, "agency": {"name": "North Team"}}
    path.write_text(json.dumps(newer))
    settings = load_settings(path).settings
    settings.guidance = False
    save_settings(path, settings)
    saved = json.loads(path.read_text())
    assert saved["font_size"] == 3 and saved["agency"] == {"name": "North Team"}
    assert saved["guidance"] is False and saved["theme"] == "cpi-calm"


@pytest.mark.parametrize(
    "text",
    [b'{"theme": "cpi-calm"', b"", b'["cpi-calm"]', b'"just words"', b"\xff\xfe{}"],
    ids=["cut-off", "empty", "a-list", "a-string", "not-utf8"],
)
def test_a_damaged_file_gives_the_usual_settings_and_says_so(tmp_path: Path, text: bytes) -> None:
    path = tmp_path / "app.json"
    path.write_bytes(text)
    loaded = load_settings(path)
    assert loaded.settings == UserSettings()
    assert loaded.problem is not None
    assert "damaged" in loaded.problem and str(path) in loaded.problem


def test_a_setting_of_the_wrong_kind_is_back_to_the_usual_and_named(tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"theme": "cpi-daylight", "guidance": "no", "data_dir": 7}))
    loaded = load_settings(path)
    assert loaded.settings.theme == "cpi-daylight"  # the good one is kept
    assert (loaded.settings.guidance, loaded.settings.data_dir) == (True, None)
    assert loaded.problem is not None
    assert "the records folder" in loaded.problem and "the guidance" in loaded.problem
    assert "data_dir" not in loaded.problem  # the file's key names are not for the screen


def test_the_export_folder_is_saved_and_read_back(tmp_path: Path) -> None:
    chosen = UserSettings(export_dir=tmp_path / "exports")
    save_settings(tmp_path / "app.json", chosen)
    assert json.loads((tmp_path / "app.json").read_text())["export_dir"] == str(
        tmp_path / "exports"
    )
    assert load_settings(tmp_path / "app.json").settings == chosen


def test_an_export_folder_of_the_wrong_kind_is_forgotten_and_named(tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"export_dir": ["/srv"], "theme": "cpi-daylight"}))
    loaded = load_settings(path)
    assert (loaded.settings.export_dir, loaded.settings.theme) == (None, "cpi-daylight")
    assert loaded.problem is not None and "the export folder" in loaded.problem


def test_empty_values_are_the_usual_ones_without_a_message(tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"theme": "", "data_dir": "  ", "guidance": None, "export_dir": ""}))
    loaded = load_settings(path)
    assert (loaded.settings, loaded.problem) == (UserSettings(), None)


def test_a_file_that_cannot_be_read_gives_the_usual_settings_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "app.json"
    path.mkdir()  # something is in the way: reading it fails with an OSError
    loaded = load_settings(path)
    assert loaded.settings == UserSettings()
    assert loaded.problem is not None and "could not be read" in loaded.problem


@posix_only
def test_the_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "config" / "cpi-assistant" / "app.json"
    save_settings(path, UserSettings(theme="cpi-calm"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700  # the new folder too


def test_a_failed_save_leaves_the_old_file_whole_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "app.json"
    save_settings(path, UserSettings(theme="cpi-calm"))
    before = path.read_bytes()

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
        patch.setattr(os, "replace", disk_full)
        with pytest.raises(OSError):
            save_settings(path, UserSettings(theme="cpi-daylight"))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.json"]


@pytest.mark.skipif(sys.platform != "linux", reason="platformdirs follows XDG on Linux")
def test_the_file_lives_in_the_users_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert settings_path() == tmp_path / "config" / "cpi-assistant" / "app.json"
