"""Entries picked from the community directory are named on every screen, never shown by id
(issue 15): by keys in the real app with the shipped topics, the picks in the conversation, the
plan panel and the list of things to try they are carried into."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList
from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant import store_paths as sp
from assistant.directory import directory_of
from assistant.ui.app import make_app
from assistant.ui.widgets.transcript import Transcript


def _ids_in(text: str, content: Any) -> list[str]:
    directory = directory_of(content)
    assert directory is not None
    return [e.id for e in directory.entries if e.id in text]


async def test_picks_are_named_on_screen_and_carried_into_the_list(
    data_dir: Path, content: Any
) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = await open_meeting(app, pilot)
        conv = screen.meeting.conv
        await open_topic(pilot, screen, "community")
        await press(pilot, "enter")
        assert conv.step.node_id == "interests"
        await press(pilot, *"Music", "ctrl+s")
        assert conv.step.node_id == "directory_matches"
        offered = [value for value, _ in conv.step.options]
        await press(pilot, "space", "down", "space", "ctrl+s")
        picked = conv.data["community"]["from_directory"]
        assert picked == offered[:2]
        assert conv.step.node_id == "directory_idea_from"
        await press(pilot, "enter")
        await settle(app, pilot)
        assert conv.step.node_id == "shared"
        directory = directory_of(content)
        assert directory is not None
        names = [directory.entry(code).name for code in picked]
        # The conversation so far: every answer in words, the picks by name.
        transcript = screen.query_one(Transcript)
        said = "\n".join(
            str(transcript.get_option_at_index(n).prompt) for n in range(transcript.option_count)
        )
        assert all(name in said for name in names)
        assert _ids_in(said, content) == []
        assert _ids_in(screen_text(app), content) == []
        # The picks are on the list of things to try when it is asked.
        await press(pilot, "f7", "f7")
        assert conv.step.node_id == "list"
        await settle(app, pilot)
        shown = screen_text(app)
        assert all(name in shown for name in names)
        assert _ids_in(shown, content) == []
        listed = conv.data["community"]["list"]
        assert [r[sp.TRY_DIRECTORY] for r in listed] == picked
        # Every option list on screen (the list editor included) names them too.
        for options in screen.query(OptionList):
            for n in range(options.option_count):
                assert _ids_in(str(options.get_option_at_index(n).prompt), content) == []


async def test_back_after_an_addition_from_the_directory_says_it_was_taken_off(
    data_dir: Path, content: Any
) -> None:
    """F8 undoes the addition with the question on screen unchanged: a notice says so."""
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        screen = await open_meeting(app, pilot)
        directory = directory_of(content)
        assert directory is not None
        entry = directory.entries[0]
        assert screen.meeting.add_to_try(entry.id).done
        await settle(app, pilot)
        await press(pilot, "f8")
        await settle(app, pilot)
        assert not sp.value_at(screen.meeting.conv.data, sp.COMMUNITY_LIST)
        assert f"Taken off things to try: {entry.name}" in screen_text(app)
