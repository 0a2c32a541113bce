"""A community directory with a mistake is named at its file and line, on Home and when its
key is pressed: it used to vanish, with only "cannot be read" in a passing message. One broken
entry file leaves out that entry only; the rest of the directory stays in meetings."""

from __future__ import annotations

import shutil
from pathlib import Path

from ui_support import press, settle, widget_text

from assistant.authoring.content import load_content
from assistant.directory import directory_of
from assistant.directory.functions import directory_trouble
from assistant.locations import content_dir
from assistant.ui.screens.directory import DirectoryScreen


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(content_dir(), root)
    return root


def _broken_entry(tmp_path: Path) -> Path:
    """The shipped content with one directory entry missing its name."""
    root = _copy(tmp_path)
    entry = root / "directory" / "board_game_night.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("name: Board Game Night\n", ""))
    return root


def _broken_directory(tmp_path: Path) -> Path:
    """The shipped content with the directory's tags file broken."""
    root = _copy(tmp_path)
    (root / "directory" / "_tags.yaml").write_text("tags: [\n", encoding="utf-8")
    return root


def test_a_broken_entry_is_named_at_its_file_and_line(tmp_path: Path) -> None:
    words = directory_trouble(load_content(_broken_entry(tmp_path)))
    assert words is not None and "left out of meetings" in words
    assert "board_game_night.yaml line 3" in words


def test_a_broken_entry_leaves_the_rest_of_the_directory_in_meetings(tmp_path: Path) -> None:
    directory = directory_of(load_content(_broken_entry(tmp_path)))
    assert directory is not None
    ids = [e.id for e in directory.entries]
    assert "board_game_night" not in ids and len(ids) > 1


def test_a_broken_tags_file_names_its_file_and_line(tmp_path: Path) -> None:
    words = directory_trouble(load_content(_broken_directory(tmp_path)))
    assert words is not None and "cannot be read" in words
    assert "directory/_tags.yaml line 2)" in words


def test_an_unreadable_directory_is_one_line_naming_the_first_problem(tmp_path: Path) -> None:
    root = _broken_directory(tmp_path)
    (root / "directory" / "_area.yaml").unlink()
    words = directory_trouble(load_content(root))
    assert words is not None and "\n" not in words
    assert "directory/_area.yaml line 1, and 1 more)" in words
    assert words.endswith("`cpi-assistant validate` says what to fix.")


def test_a_readable_directory_is_no_trouble(content) -> None:
    assert directory_trouble(content) is None


async def test_home_names_the_entry_left_out(make_app, tmp_path: Path) -> None:
    app = make_app(content=load_content(_broken_entry(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        notice = widget_text(app.screen.query_one("#home-notices"))
        assert "One community directory entry is left out of meetings" in " ".join(notice.split())
        assert "board_game_night.yamlline3" in "".join(notice.split())  # a long path wraps


async def test_the_directory_key_opens_the_rest_of_the_directory(make_app, tmp_path: Path) -> None:
    app = make_app(content=load_content(_broken_entry(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "d")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectoryScreen)


async def test_the_directory_key_says_which_file_is_broken(make_app, tmp_path: Path) -> None:
    app = make_app(content=load_content(_broken_directory(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "d")
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert any("_tags.yaml line 2" in m for m in said)
