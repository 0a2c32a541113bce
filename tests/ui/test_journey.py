"""Whole meetings with the shipped CPI topics, driven by keys only.

First: a new person, Getting started, What matters (with the 1-7 ratings), My connections,
then Our plan and next time, agreed by both: the plan is on disk as agreed version 1.
Then, later, a review meeting: the earlier ratings are shown beside the new ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ui_support import (
    FIRST_RATINGS,
    first_meeting_played,
    open_topic,
    press,
    screen_text,
    settle,
    through_topic,
    widget_text,
)

from assistant.records import CaseStore
from assistant.ui.app import make_app
from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.session import SessionScreen


def _type(text: str) -> list[str]:
    return list(text)


async def first_meeting_by_keys(data_dir: Path, content: Any) -> str:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await press(pilot, "n", *_type("Sam"), "enter")
        await settle(app, pilot)
        await press(pilot, "enter")  # start our first meeting
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)

        await open_topic(pilot, screen, "getting_started")
        seen = await through_topic(
            pilot,
            screen,
            {"consent_record": ["y"]},
        )
        assert "consent_record" in seen
        assert "name" not in seen  # given on Home: not asked again
        assert "✓ Saved" in screen_text(app)

        await open_topic(pilot, screen, "what_matters")
        await through_topic(pilot, screen)
        assert screen.meeting.conv.data["ratings"]["friendships"] == int(FIRST_RATINGS[5])

        await open_topic(pilot, screen, "connections")
        add_mum = [
            "a",
            *_type("Mum"),
            "tab",
            "enter",
            "down",
            "enter",
            "tab",
            "enter",
            "down",
            "enter",
            "ctrl+s",
        ]
        await press(pilot, "enter", "enter", *add_mum)
        assert isinstance(app.screen, SessionScreen), type(app.screen)
        await press(pilot, "ctrl+s")
        await through_topic(pilot, screen)
        assert screen.meeting.conv.data["network"]["people"][0]["circle"] == 1

        await open_topic(pilot, screen, "closing")
        await through_topic(
            pilot,
            screen,
            {
                # "Worker: do you agree?" is the worker's: answered by the worker, no F2.
                "share_with": ["space", "ctrl+s"],
            },
        )
        # Closing done and both agreed: the app offers to finish.
        await settle(app, pilot)
        assert isinstance(app.screen, FinishMeeting)
        assert "You both said yes" in screen_text(app)
        await press(pilot, "enter")  # "We both agree this plan" has the focus
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        person_id = app.store.list_people()[0].id
    return person_id


@pytest.mark.slow
async def test_a_whole_first_meeting_by_keys_ends_with_an_agreed_plan_on_disk(
    data_dir: Path, content: Any
) -> None:
    person_id = await first_meeting_by_keys(data_dir, content)
    with CaseStore(data_dir).read(person_id) as case:
        [plan] = case.plan_versions()
        events = case.audit_events()
        session = case.sessions()[-1]
    assert plan["agreed"] and plan["version"] == 1
    assert plan["plan"]["about"]["name"]["text"] == "Sam"
    assert plan["plan"]["agreement"]["worker_agrees"]["code"] == "yes"
    assert any(e["kind"] == "meeting_closed" and e["agreed"] for e in events)
    assert any(e["kind"] == "plan_agreed" for e in events)
    worker = [e for e in session["state"]["log"] if e.get("path") == "agreement.worker_agrees"]
    assert worker[-1]["by"] == "worker"


async def test_a_later_review_shows_earlier_ratings_beside_the_new_ones(
    data_dir: Path, content: Any
) -> None:
    first_meeting_played(data_dir, content)
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Start a review meeting" in screen_text(app)
        assert "Plan agreed: version 1" in screen_text(app)
        await press(pilot, "enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        assert screen.meeting.kind == "review"
        assert screen.meeting.conv.data["previous"]["ratings"]["friendships"] == int(
            FIRST_RATINGS[5]
        )
        await open_topic(pilot, screen, "review")
        # Welcome back, then the ratings again.
        await press(pilot, "enter")
        assert screen.meeting.conv.step.node_id == "ratings_menu"
        await press(pilot, "enter")
        assert screen.meeting.conv.step.answer_type == "rating"
        earlier = widget_text(screen.query_one(".earlier"))
        assert f"last time {FIRST_RATINGS[0]}" in earlier
        await press(pilot, "6")
        await settle(app, pilot)
        plan_text = widget_text(screen.query_one("#plan-body"))
        assert f"6 out of 7 (last time {FIRST_RATINGS[0]})" in plan_text
        # The record is a new session beside the closed one.
        await press(pilot, "escape")
        await pilot.click("#confirm-yes")
        await settle(app, pilot)
    with CaseStore(data_dir).read(app.store.list_people()[0].id) as case:
        assert len(case.sessions()) == 2
        assert case.sessions()[-1]["state"]["data"]["ratings"]["mental_health"] == 6


async def test_the_record_is_locked_while_a_meeting_is_open(
    make_app, content: Any, data_dir: Path
) -> None:
    from assistant.records import RecordLocked

    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    app = make_app(content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        try:
            store.open(person)
        except RecordLocked:
            locked = True
        else:
            locked = False
        assert locked
