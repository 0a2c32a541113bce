"""Where the list of topics starts, so Enter carries on: in a first meeting never on
Looking back, which has nothing to look back on yet."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, settle

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
