"""Where the list of topics starts, so Enter carries on: in a first meeting never on
Looking back, which has nothing to look back on yet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import (
    first_meeting_played,
    open_meeting,
    press,
    screen_text,
    settle,
    start_review_meeting,
)

from assistant.flows.loader import Content
from assistant.plans.autoplay import play_meeting


async def test_a_first_meeting_with_the_topics_before_looking_back_done_starts_past_it(
    make_app: Any, content: Content
) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_meeting(app, pilot)
        listed = [t.id for t in content.listed()]
        play_meeting(screen.meeting.conv, listed[: listed.index("review")], {})
        await screen.show_step()
        await settle(app, pilot)
        assert screen.meeting.conv.step.kind == "topics"
        highlighted = screen.query_one("#answer-topics").highlighted
        assert listed[highlighted] == "closing"


async def test_a_review_list_started_part_way_down_says_what_is_out_of_view(
    make_app: Any, content: Content, data_dir: Path
) -> None:
    """At 100x30 a review's list opened on Looking back, the four topics above it out of
    sight and nothing to say so: they looked gone."""
    first_meeting_played(data_dir, content)
    app = make_app(content=content)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_review_meeting(app, pilot)
        while screen.meeting.conv.step.kind != "topics":  # the review's opening words
            await press(pilot, "enter")
            await settle(app, pilot)
        topics = screen.query_one("#answer-topics")
        assert topics.scroll_y > 0  # started on Looking back, low in a long list
        assert f"↑ {round(topics.scroll_y)} more above" in screen_text(app)
