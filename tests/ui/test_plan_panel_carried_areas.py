"""'Our plan so far' in a later meeting lists the life areas carried from the last version,
in the words of the person's copy: the pair see the plan they will agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ui_support import settle, start_review_meeting, widget_text

from assistant.engine.conversation import Conversation
from assistant.meetings.meeting import Meeting
from assistant.plans.autoplay import play_meeting
from assistant.plans.demo_data import demo_meetings
from assistant.records import CaseStore
from assistant.ui.app import make_app
from assistant.ui.widgets.panels import PlanPanel


def _first_meeting_leaving_family_for_today(data_dir: Path, content: Any) -> None:
    """The demo's first meeting, agreed, with "Family or partner" left for today (the
    autoplay says "Not today" to a rating it has no answer for, as F7 does)."""
    topics, answers = demo_meetings(dt.date.today())[0]
    answers = {k: v for k, v in answers.items() if k != "ratings.family"}
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        conv = play_meeting(Conversation(content), topics, answers)
        version, message = Meeting(conv, case, "first").finish(agreed=True)
        assert version == 1, message


async def test_the_plan_panel_shows_an_area_left_for_today_at_the_last_meeting(
    data_dir: Path, content: Any
) -> None:
    _first_meeting_leaving_family_for_today(data_dir, content)
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
