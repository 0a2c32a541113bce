"""A community directory that cannot be read is named at its file and line, on Home and when
its key is pressed: it used to vanish, with only "cannot be read" in a passing message."""

from __future__ import annotations

import shutil
from pathlib import Path

from ui_support import press, settle, widget_text

from assistant.authoring.content import load_content
from assistant.directory.functions import directory_trouble
from assistant.locations import content_dir


def _broken_directory(tmp_path: Path) -> Path:
    """The shipped content with one directory entry missing its name."""
    root = tmp_path / "content"
    shutil.copytree(content_dir(), root)
    entry = root / "directory" / "board_game_night.yaml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("name: Board Game Night\n", ""))
    return root


def test_the_trouble_names_the_file_and_line(tmp_path: Path) -> None:
    words = directory_trouble(load_content(_broken_directory(tmp_path)))
    assert words is not None and "cannot be read" in words
    assert "board_game_night.yaml:3:1: D102" in words


def test_a_readable_directory_is_no_trouble(content) -> None:
    assert directory_trouble(content) is None


async def test_home_names_the_broken_directory_file(make_app, tmp_path: Path) -> None:
    app = make_app(content=load_content(_broken_directory(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        notice = widget_text(app.screen.query_one("#home-notices"))
        assert "The community directory cannot be read" in " ".join(notice.split())
        assert "board_game_night.yaml:3:1" in "".join(notice.split())  # a long path wraps


async def test_the_directory_key_says_which_file_is_broken(make_app, tmp_path: Path) -> None:
    app = make_app(content=load_content(_broken_directory(tmp_path)))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await press(pilot, "d")
        await settle(app, pilot)
        said = [n.message for n in app._notifications]
        assert any("board_game_night.yaml:3:1" in m for m in said)
