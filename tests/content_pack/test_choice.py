"""Which content pack a run uses: CPI_CONTENT_PACK beats the remembered one, and a pack that
cannot be used is said in words (the app goes on with its own content), never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.content_pack import manifest
from assistant.content_pack.choice import (
    ENV_CONTENT_PACK,
    PACK_FILE,
    SET_IN_SETTINGS,
    choose_pack,
    inside_the_app,
    pack_problem,
)
from assistant.locations import content_dir
from assistant.settings import UserSettings, load_settings, save_settings


def _pack(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / PACK_FILE).write_text("name: Ours\nformat: 1\n", encoding="utf-8")
    return folder


def test_nothing_chosen_is_the_shipped_content_alone() -> None:
    assert choose_pack(None, {}) == (None, None, None, None)


def test_the_remembered_pack_is_used(tmp_path: Path) -> None:
    pack = _pack(tmp_path / "our pack")
    choice = choose_pack(pack, {})
    assert (choice.path, choice.set_by, choice.problem) == (pack, SET_IN_SETTINGS, None)


def test_the_environment_beats_the_remembered_pack(tmp_path: Path) -> None:
    remembered, for_now = _pack(tmp_path / "a"), _pack(tmp_path / "b")
    choice = choose_pack(remembered, {ENV_CONTENT_PACK: str(for_now)})
    assert (choice.path, choice.set_by) == (for_now, ENV_CONTENT_PACK)


def test_an_empty_environment_variable_is_not_a_choice(tmp_path: Path) -> None:
    remembered = _pack(tmp_path / "a")
    assert choose_pack(remembered, {ENV_CONTENT_PACK: "  "}).path == remembered


def test_a_missing_remembered_folder_is_said_in_words_and_not_used(tmp_path: Path) -> None:
    choice = choose_pack(tmp_path / "gone", {})
    assert choice.path is None
    assert choice.chosen == tmp_path / "gone"
    assert choice.problem is not None
    assert "is not there" in choice.problem
    assert "content it came with" in choice.problem
    assert "Settings" in choice.problem


def test_a_broken_environment_choice_says_which_setting_to_fix(tmp_path: Path) -> None:
    choice = choose_pack(None, {ENV_CONTENT_PACK: str(tmp_path / "gone")})
    assert choice.path is None and choice.set_by == ENV_CONTENT_PACK
    assert choice.problem is not None and ENV_CONTENT_PACK in choice.problem


def test_a_folder_without_pack_yaml_is_not_a_pack(tmp_path: Path) -> None:
    problem = pack_problem(tmp_path)
    assert problem is not None and "pack.yaml" in problem and "pack new" in problem


def test_a_file_is_not_a_pack(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    problem = pack_problem(tmp_path / "f")
    assert problem is not None and "is a file" in problem


def test_the_shipped_content_is_never_a_pack() -> None:
    # Even with a pack.yaml there, it would be replaced by the next upgrade.
    assert inside_the_app(content_dir() / "flows")
    assert pack_problem(content_dir()) is not None


def test_the_marker_file_is_the_one_the_manifest_reads() -> None:
    # Named twice so choosing a pack at start loads no YAML; the two must never differ.
    assert PACK_FILE == manifest.PACK_FILE


def test_the_remembered_pack_survives_a_round_trip_with_unknown_keys(tmp_path: Path) -> None:
    # A newer version's keys are kept, and the pack stays chosen across an upgrade.
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"from_a_newer_version": {"x": 1}, "theme": "cpi-calm"}))
    loaded = load_settings(path).settings
    loaded.content_pack = tmp_path / "pack ü [b]"
    save_settings(path, loaded)
    again = load_settings(path)
    assert again.problem is None
    assert again.settings.content_pack == tmp_path / "pack ü [b]"
    assert json.loads(path.read_text())["from_a_newer_version"] == {"x": 1}


@pytest.mark.parametrize("odd", [["/srv/pack"], 3, ""])
def test_an_odd_remembered_pack_is_no_pack(tmp_path: Path, odd: object) -> None:
    path = tmp_path / "app.json"
    path.write_text(json.dumps({"content_pack": odd}))
    assert load_settings(path).settings.content_pack is None


def test_no_pack_is_written_as_no_key() -> None:
    assert "content_pack" not in UserSettings().to_json()
