"""F4 at "Which topic shall we talk about?" shows the topics with a row picked: the one the
question's list is on (Looking back, in a review), in view. The topic list had no row
highlighted there, so nothing showed which topic Enter would open, and the first arrow key
started from the top whatever the question's list was on."""

from __future__ import annotations

from typing import Any

import pytest
from ui_support import first_meeting_played, press, screen_text, start_review_meeting

from assistant.ui.widgets.panels import TopicMap


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)])
async def test_f4_at_the_topics_question_picks_the_row_the_question_is_on(
    make_app, content: Any, data_dir: Any, size: tuple[int, int]
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=size) as pilot:
        screen = await start_review_meeting(app, pilot)
        assert screen._answer.current() == "review"  # the question's list is on Looking back
        await press(pilot, "f4")
        topic_map = screen.query_one(TopicMap)
        picked = topic_map.highlighted
        expected = topic_map.get_option_index("map-review")
        region = topic_map.region
        rows = screen_text(app).splitlines()[region.y : region.bottom]
        shown = "\n".join(row[region.x : region.right] for row in rows)
        await press(pilot, "enter")
        opened = screen.meeting.conv.current_topic
    assert picked == expected
    assert "Looking back" in shown  # the picked row is in view
    assert opened == "review"
