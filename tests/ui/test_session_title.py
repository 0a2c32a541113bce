"""The meeting's title row: whose meeting it is and what kind, a review's cue kept when a
review is carried on after the app stopped."""

from __future__ import annotations

from pathlib import Path

from ui_support import press, screen_text, settle, widget_text

from assistant.flows.loader import Content
from assistant.meetings.meeting import SAVED
from assistant.meetings.opening import open_meeting
from assistant.records import CaseStore
from assistant.ui.screens.session import SessionScreen


def review_left_open(data_dir: Path, content: Content, name: str) -> None:
    """A first meeting with its plan agreed, then a review with one answer saved, left open
    (as a kill -9 leaves it)."""
    store = CaseStore(data_dir)
    case = store.open(store.create_person(name))
    first = open_meeting(case, content).meeting
    first.goto_topic("welcome")
    first.proceed()
    first.answer(name)
    first.answer("yes")
    first.finish(agreed=False)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)
    review = open_meeting(case, content).meeting
    assert review.kind == "review"
    review.goto_topic("wellbeing")
    assert review.answer(5).save.state == SAVED
    case.close()


async def test_a_review_carried_on_after_a_stop_still_says_it_is_a_review(
    make_app, data_dir: Path, sample_content: Content
) -> None:
    review_left_open(data_dir, sample_content, "Mary-Elizabeth Fotheringham-Smythe")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "Resume where we left off" in screen_text(app)
        app.screen.query_one("#people").focus()
        await press(pilot, "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.meeting.kind == "resumed"
        title = screen.query_one("#session-title")
        text = widget_text(title)
        assert text.endswith("·  review meeting · carrying on")
        assert len(text) <= title.region.width
