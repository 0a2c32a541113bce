"""'Our plan so far' in a later meeting lists the life areas carried from the last version,
in the words of the person's copy: the pair see the plan they will agree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import demo_first_meeting_played, settle, start_review_meeting, widget_text

from assistant.ui.app import make_app
from assistant.ui.widgets.panels import PlanPanel


async def test_the_plan_panel_shows_an_area_left_for_today_at_the_last_meeting(
    data_dir: Path, content: Any
) -> None:
    demo_first_meeting_played(data_dir, content, left_for_today=("ratings.family",))
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await start_review_meeting(app, pilot)
        await settle(app, pilot)
        body = screen.query_one(PlanPanel).query_one("#plan-body")
        text = " ".join(widget_text(body).split())
        assert (
            "Family or partner left for another day at the last meeting; not talked about "
            "this time" in text
        )
