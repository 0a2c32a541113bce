"""Three meetings in a row, by keys only, through the real app and the shipped topics.

1. A first meeting: a person, a goal with one action, a plan agreed with the next meeting
   four weeks on (kept as filled in).
2. A review: the action is done, the goal is reworded; the people list and the goals list
   come back pre-filled and are saved again (one goal added); a new plan is agreed.
3. A second review: done actions are not asked about again; the pair choose which open
   goal to look at; it is marked done and stays in the plan's history.

After each meeting the record (session answers) and the plan versions on disk are checked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from ui_support import (
    first_meeting_begun,
    open_topic,
    press,
    settle,
    start_review_meeting,
    through_topic,
    widget_text,
)

from assistant.engine.answers import rating_range
from assistant.flows.expressions import days_on
from assistant.records import CaseStore
from assistant.ui.app import make_app
from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.session import SessionScreen

SIZE = (120, 40)


def form_keys(content: Any, topic: str, step: str, values: dict[str, str]) -> list[str]:
    """Keys that add one entry through the list editor's form: each field in the form's
    order (Tab between them), typing text or picking a choice; then Save."""
    fields = content.topics[topic].nodes[step].fields
    keys = ["a"]
    for number, field in enumerate(fields):
        if number:
            keys.append("tab")
        value = values.get(field.name)
        if value is None:
            continue
        if field.type in ("choice", "rating"):
            low, high = rating_range(field)
            picks = (
                [o.value for o in field.options]
                if field.type == "choice"
                else [str(n) for n in range(low, high + 1)]
            )
            # Open the drop-down; its first line is the "Choose…" prompt.
            keys += ["enter", *["down"] * (picks.index(value) + 1), "enter"]
        else:
            keys += list(value)
    return [*keys, "ctrl+s"]


def _record(data_dir: Path, person: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the last session's answers, the plan versions) as saved on disk."""
    with CaseStore(data_dir).read(person) as case:
        return case.sessions()[-1]["state"]["data"], case.plan_versions()


async def _finish_agreed(app: Any, pilot: Any) -> None:
    await settle(app, pilot)
    assert isinstance(app.screen, FinishMeeting)
    await press(pilot, "enter")  # "We both agree this plan"
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)


async def _closing(app: Any, pilot: Any, screen: SessionScreen) -> list[str]:
    await open_topic(pilot, screen, "closing")
    texts = [screen.meeting.conv.step.text]
    seen = await through_topic(
        pilot,
        screen,
        {
            "read_back": ["enter"],
            "next_meeting": ["enter"],  # keep the date filled in
            # Nobody else; at a later meeting "Not today" keeps last time's choice.
            "share_with": ["f7"] if "previous" in screen.meeting.conv.data else ["space", "ctrl+s"],
        },
    )
    assert "read_back" in seen
    return texts


async def first_meeting(data_dir: Path, content: Any) -> str:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_meeting_begun(app, pilot, "Sammy")
        await open_topic(pilot, screen, "connections")
        mum = {"name": "Mum", "relationship": "family", "circle": "1"}
        add_mum = form_keys(content, "connections", "people", mum)
        await through_topic(pilot, screen, {"people": [*add_mum, "ctrl+s"]})
        await open_topic(pilot, screen, "goals")
        action = {"what": "Walk to the shop", "who": "me", "by_when": "31/12/2099"}
        add_action = form_keys(content, "goal_steps", "actions", action)
        add_goal = form_keys(content, "goals", "list", {"what": "Walk more"})
        await through_topic(
            pilot, screen, {"list": [*add_goal, "ctrl+s"], "actions": [*add_action, "ctrl+s"]}
        )
        await _closing(app, pilot, screen)
        await _finish_agreed(app, pilot)
        return app.store.list_people()[0].id


async def review_meeting(data_dir: Path, content: Any) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review_meeting(app, pilot)
        conv = screen.meeting.conv
        await open_topic(pilot, screen, "review")
        assert conv.step.text.startswith(f"Welcome back, {conv.data['about']['name']}.")
        await press(pilot, "enter")
        # One open goal: straight to it, then its action with who and by when.
        assert conv.step.text == 'Your goal: "Walk more"'
        await press(pilot, "enter")
        assert (
            conv.step.text
            == '"Walk to the shop" (you, by Thursday 31 December 2099): how did it go?'
        )
        await through_topic(
            pilot,
            screen,
            {
                "status": ["enter"],  # Done
                "progress": ["down", "enter"],  # A bit closer
                "next": ["down", "down", "enter"],  # Change it (nothing picked before)
                "reword": ["ctrl+u", *"Walk every day", "enter"],
                "ratings_menu": ["down", "enter"],  # not today
                # Update the people: the list comes back pre-filled; keep it as it is.
                "people": ["ctrl+s"],
                "each_menu_again": ["enter"],
            },
        )
        # Goals: the list comes back pre-filled; one goal is added.
        await open_topic(pilot, screen, "goals")
        await through_topic(
            pilot,
            screen,
            {
                "list": [*form_keys(content, "goals", "list", {"what": "Sleep better"}), "ctrl+s"],
                "which_menu": ["enter"],  # only the new one
            },
        )
        await _closing(app, pilot, screen)
        await _finish_agreed(app, pilot)


async def second_review(data_dir: Path, content: Any) -> list[str]:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review_meeting(app, pilot)
        conv = screen.meeting.conv
        await open_topic(pilot, screen, "review")
        await press(pilot, "enter")
        assert conv.step.node_id == "which_goals"
        assert [label for _, label in conv.step.options] == ["Walk every day", "Sleep better"]
        await press(pilot, "space", "ctrl+s")  # only the first goal today
        assert conv.step.text == 'Your goal: "Walk every day"'
        await press(pilot, "enter")
        # The action was done last time: not asked about again.
        assert conv.step.node_id == "progress"
        seen = await through_topic(
            pilot,
            screen,
            {
                # Last review's answers come highlighted: move from the top.
                "progress": ["home", "enter"],  # I've got there
                "next": ["home", "down", "down", "enter"],  # It's done
                "ratings_menu": ["down", "enter"],
                "network_menu": ["down", "enter"],
            },
        )
        await settle(app, pilot)
        plan_panel = widget_text(screen.query_one("#plan-body"))
        await open_topic(pilot, screen, "closing")
        read_back = conv.step.text if conv.step.node_id == "read_back" else ""
        if not read_back:
            await press(pilot, "enter")
            read_back = conv.step.text
        await through_topic(
            pilot,
            screen,
            {"next_meeting": ["enter"], "share_with": ["f7"]},  # kept from before
        )
        await _finish_agreed(app, pilot)
        return [*seen, plan_panel, read_back]


def _goals(data: dict[str, Any]) -> list[dict[str, Any]]:
    return data["goals"]["list"]


@pytest.mark.slow
async def test_three_meetings_by_keys_keep_every_detail_in_the_record_and_plan(
    data_dir: Path, content: Any
) -> None:
    four_weeks_on = days_on(dt.date.today(), 28, weekday=True)  # a weekend day: the Monday

    person = await first_meeting(data_dir, content)
    data, plans = _record(data_dir, person)
    [goal] = _goals(data)
    [action] = goal["actions"]
    assert (goal["what"], action["what"], action["who"], action["by_when"]) == (
        "Walk more",
        "Walk to the shop",
        "me",
        "2099-12-31",
    )
    assert data["agreement"]["next_meeting"] == four_weeks_on
    assert [(p["version"], p["agreed"]) for p in plans] == [(1, True)]
    mum = data["network"]["people"][0]
    assert {"contact", "feeling", "want"} <= set(mum)

    await review_meeting(data_dir, content)
    data, plans = _record(data_dir, person)
    walk, sleep = _goals(data)
    # The new words beside the goal's own, in force while "Change it" stands.
    assert (walk["id"], walk["what"], walk["new_what"], walk["progress"], walk["next"]) == (
        goal["id"],
        "Walk more",
        "Walk every day",
        "closer",
        "change",
    )
    assert walk["actions"][0]["status"] == "done"
    assert walk["going_well"] == goal["going_well"]  # kept through the re-saved list
    assert sleep["what"] == "Sleep better"
    assert data["network"]["people"][0] == mum  # kept through "keep as it is"
    assert [(p["version"], p["agreed"]) for p in plans] == [(1, True), (2, True)]
    assert plans[0]["plan"]["goals"][0]["what"] == "Walk more"  # the old words in history
    assert plans[1]["plan"]["goals"][0]["what"] == "Walk every day"

    seen = await second_review(data_dir, content)
    data, plans = _record(data_dir, person)
    walk3, sleep3 = _goals(data)
    assert "status" not in seen  # the done action was not asked about again
    assert (walk3["next"], walk3["progress"]) == ("finished", "reached")
    assert "progress" not in sleep3  # not chosen today
    assert 'Goal: "Walk every day" (done)' in seen[-1]
    assert "What now" in seen[-2] and "It's done" in seen[-2]  # still in the plan, marked
    assert data["review"]["goals_today"] == [walk["id"]]
    assert len(plans) == 3 and plans[2]["agreed"]
    finished = plans[2]["plan"]["goals"][0]
    assert (finished["what"], finished["next"]["code"]) == ("Walk every day", "finished")
