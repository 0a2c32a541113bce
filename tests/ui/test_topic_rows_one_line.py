"""Each row of the list of topics to choose from is one line, its status words whole on it."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import open_meeting, screen_text, settle

from assistant.flows.loader import Content


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=str)
async def test_every_topic_row_is_one_line_with_its_status_whole(
    make_app: Any, content: Content, size: tuple[int, int]
) -> None:
    # At 100x30 "Getting in touch with a group or service  not started" wrapped: "not" at
    # the end of the row, "started" on a line of its own.
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await open_meeting(app, pilot)
        await settle(app, pilot)
        assert screen.meeting.conv.step.kind == "topics"
        topics = screen.query_one("#answer-topics")
        assert topics.option_count > 0
        for index in range(topics.option_count):
            topics.highlighted = index  # scrolled into view, to be read on the screen
            await settle(app, pilot)
            row = str(topics.get_option_at_index(index).prompt)
            assert row.endswith("  not started")
            assert row in screen_text(app)
