"""A concern in the list editor (shipped topics, by keys): its row shows the person's words
once, then the kind of concern by its label (issue 15: the words showed twice)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import open_meeting, open_topic, press, settle

from assistant.ui.app import make_app
from assistant.ui.widgets.record_form import RecordForm
from assistant.ui.widgets.records_editor import RecordsAnswer


async def test_a_concern_row_shows_the_words_once_and_the_kind(
    data_dir: Path, content: Any
) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        screen = await open_meeting(app, pilot)
        conv = screen.meeting.conv
        await open_topic(pilot, screen, "concerns")
        await press(pilot, "enter")  # past the introduction
        assert conv.step.node_id == "list"
        await press(pilot, "a")
        assert isinstance(app.screen, RecordForm)
        # What it is about (a list: Enter opens it; Money is seven down), then the words.
        await press(pilot, "enter", *["down"] * 7, "enter", "tab", *"Bus fares add up.", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        editor = screen.query_one(RecordsAnswer)
        rows = [o.prompt.plain for o in editor.query_one("#records-list").options]
        assert rows == ["Bus fares add up.  Money"]
