"""Issue 19 over three meetings, by keys only, through the real app and the shipped topics.

1. A first meeting: the four well-being questions, a goal with its levels in the person's
   words, a referral to a group (their own idea), a plan agreed.
2. A review: the well-being questions again, the goal's attainment, the referral sent.
3. A second review: the well-being questions again, the goal further on, the referral
   started; then "How things have changed" (``c`` on Home) shows every meeting's values
   and the plan's sentences.

After each meeting the record (session answers) and the plan versions on disk are checked:
every answer is durable before the meeting ends.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_three_meetings import form_keys
from ui_support import (
    first_meeting_begun,
    open_topic,
    press,
    settle,
    start_review_meeting,
    through_topic,
    widget_text,
)

from assistant.meetings.change_view import NOTHING_YET
from assistant.plans.model import plan_from_json
from assistant.plans.outcomes import ATTAINMENT_CODES, change
from assistant.records import CaseStore
from assistant.ui.app import make_app
from assistant.ui.screens.changes import ChangesScreen
from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.session import SessionScreen

SIZE = (120, 40)
GROUP = "Brackenford Walking Group"


def _record(data_dir: Path, person: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the last session's answers, the plan versions) as saved on disk."""
    with CaseStore(data_dir).read(person) as case:
        return case.sessions()[-1]["state"]["data"], case.plan_versions()


def _wellbeing(*scores: int) -> dict[str, list[str]]:
    """Keys answering the four ONS questions with ``scores``: on a 0-10 scale a number is
    typed, then Enter."""
    names = ("satisfied", "worthwhile", "happy", "anxious")
    return {name: [*str(score), "enter"] for name, score in zip(names, scores, strict=True)}


async def _close_and_agree(app: Any, pilot: Any, screen: SessionScreen) -> None:
    """Closing (the read-back, the next meeting as filled in, sharing) and "We both agree"."""
    await open_topic(pilot, screen, "closing")
    later = "previous" in screen.meeting.conv.data
    await through_topic(
        pilot,
        screen,
        {
            "read_back": ["enter"],
            "next_meeting": ["enter"],
            "share_with": ["f7"] if later else ["space", "ctrl+s"],
        },
    )
    await settle(app, pilot)
    assert isinstance(app.screen, FinishMeeting)
    await press(pilot, "enter")  # "We both agree this plan"
    await settle(app, pilot)
    assert isinstance(app.screen, HomeScreen)


async def first_meeting(data_dir: Path, content: Any) -> str:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_meeting_begun(app, pilot, "Sammy")
        await open_topic(pilot, screen, "wellbeing")
        await through_topic(pilot, screen, _wellbeing(4, 5, 3, 8))
        await open_topic(pilot, screen, "goals")
        add_goal = form_keys(content, "goals", "list", {"what": "Walk more"})
        await through_topic(
            pilot,
            screen,
            {
                "list": [*add_goal, "ctrl+s"],
                "level_now": [*"Stuck indoors", "enter"],
                "level_expected": [*"Out twice a week", "enter"],
                "level_better": [*"Out every day", "enter"],
            },
        )
        await open_topic(pilot, screen, "referrals")
        add_group = form_keys(content, "referrals", "list", {"to": GROUP})
        await through_topic(
            pilot,
            screen,
            {
                "list": [*add_group, "ctrl+s"],
                "consent": ["enter"],  # yes, details can be shared
                "route_detail": [*"01234 567890", "enter"],
                "shared": [*"My name and number", "ctrl+s"],
                "by_whom": ["enter"],  # me
                "status": ["enter"],  # planned
                "message": ["ctrl+s"],  # the suggested words, as they are
                "notes": ["f7"],
            },
        )
        await _close_and_agree(app, pilot, screen)
        return app.store.list_people()[0].id


async def review(data_dir: Path, content: Any, scores: tuple[int, ...], keys: dict) -> str:
    """A review: the well-being questions with ``scores``, then Looking back with ``keys``
    (the goal's attainment and the referral's status), then Closing. Returns the plan panel's
    words after Looking back."""
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_review_meeting(app, pilot)
        await open_topic(pilot, screen, "wellbeing")
        await through_topic(pilot, screen, _wellbeing(*scores))
        await open_topic(pilot, screen, "review")
        defaults = {
            "progress": ["enter"],
            "next": ["down", "enter"],  # keep going with it (nothing picked before)
            "status_on": ["enter"],  # today, as filled in
            "notes": ["f7"],
            "ratings_menu": ["down", "enter"],  # not today
            "network_menu": ["down", "enter"],
            "hard_times_menu": ["down", "enter"],
        }
        await through_topic(pilot, screen, {**defaults, **keys})
        await settle(app, pilot)
        panel = widget_text(screen.query_one("#plan-body"))
        await _close_and_agree(app, pilot, screen)
        return panel


async def changes_from_home(data_dir: Path, content: Any) -> str:
    """Home, ``c`` on the person: every word on the change screen (the agreed plan's)."""
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#people").focus()
        await press(pilot, "c")
        await settle(app, pilot)
        assert isinstance(app.screen, ChangesScreen)
        words = "\n".join(widget_text(w) for w in app.screen.query("#changes-body Static"))
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)
        return words


def _choice(content: Any, topic: str, step: str, value: str) -> list[str]:
    """Keys that pick ``value`` in a choice from the top (Home, down, Enter); attainment's
    options are worked out when asked (the person's words), in the scale's order."""
    node = content.topics[topic].nodes[step]
    values = [o.value for o in node.options] or list(ATTAINMENT_CODES)
    return ["home", *["down"] * values.index(value), "enter"]


@pytest.mark.slow
async def test_three_meetings_keep_the_measures_and_the_referral_and_show_the_change(
    data_dir: Path, content: Any
) -> None:
    person = await first_meeting(data_dir, content)
    data, plans = _record(data_dir, person)
    assert data["wellbeing"] == {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 8}
    [goal] = data["goals"]["list"]
    assert (goal["level_now"], goal["level_expected"], goal["level_better"]) == (
        "Stuck indoors",
        "Out twice a week",
        "Out every day",
    )
    [referral] = data["referrals"]["list"]
    assert (referral["to"], referral["consent"], referral["status"]) == (GROUP, "yes", "planned")
    assert referral["route_detail"] == "01234 567890"
    assert [(p["version"], p["agreed"]) for p in plans] == [(1, True)]
    first = plan_from_json(plans[0]["plan"])
    assert first.measures.wellbeing is not None and first.measures.wellbeing.anxious == 8
    assert first.referrals[0].to == GROUP

    await review(
        data_dir,
        content,
        (5, 6, 5, 6),
        {
            "attainment": _choice(content, "review_goal", "attainment", "minus_1"),
            "status": _choice(content, "review_referral", "status", "sent"),
        },
    )
    data, plans = _record(data_dir, person)
    assert data["goals"]["list"][0]["attainment"] == "minus_1"
    assert data["referrals"]["list"][0]["status"] == "sent"
    assert data["wellbeing"]["satisfied"] == 5
    assert [(p["version"], p["agreed"]) for p in plans] == [(1, True), (2, True)]

    panel = await review(
        data_dir,
        content,
        (7, 6, 6, 3),
        {
            "attainment": _choice(content, "review_goal", "attainment", "plus_1"),
            "status": _choice(content, "review_referral", "status", "started"),
        },
    )
    data, plans = _record(data_dir, person)
    assert data["goals"]["list"][0]["attainment"] == "plus_1"
    assert data["referrals"]["list"][0]["status"] == "started"
    assert len(plans) == 3 and plans[2]["agreed"]
    # The plan panel during the meeting: today's answers beside last time's.
    assert "Anxious yesterday\n  3 out of 10 (last time 6)" in panel
    assert "How far it has come\n  +1 More than hoped" in panel
    assert f"Getting in touch with\n  {GROUP} (by phone: 01234 567890)" in panel
    assert "Where it is up to\n  Started" in panel
    third = plan_from_json(plans[2]["plan"])
    assert [p.wellbeing.satisfied for p in third.measures.history if p.wellbeing] == [4, 5]
    assert third.goals[0].attainment == 1
    assert [p.value for p in third.goals[0].attainment_history] == [-1]
    assert [p.status for p in third.referrals[0].history] == ["planned", "sent", "started"]

    words = await changes_from_home(data_dir, content)
    for value in ("4 out of 10", "5 out of 10", "7 out of 10", "8 out of 10", "3 out of 10"):
        assert value in words
    said = change(third)
    for key in [("wellbeing", "satisfied"), ("wellbeing", "anxious"), ("attainment", goal["id"])]:
        item = said.item(key)
        assert item is not None and item.sentence in words
    assert "lower is better: down 5" in words
    assert '"Out every day"' in words  # the goal's levels in the person's words
    assert f"{GROUP}: planned" in words and "started" in words


@pytest.mark.slow
async def test_every_measure_can_be_skipped_and_the_change_screen_says_what_will_appear(
    data_dir: Path, content: Any
) -> None:
    app = make_app(data_dir=data_dir, content=content)
    async with app.run_test(size=SIZE) as pilot:
        screen = await first_meeting_begun(app, pilot)
        await open_topic(pilot, screen, "wellbeing")
        seen = await through_topic(
            pilot, screen, {q: ["f7"] for q in ("satisfied", "worthwhile", "happy", "anxious")}
        )
        assert {"satisfied", "worthwhile", "happy", "anxious"} <= set(seen)
        await _close_and_agree(app, pilot, screen)
        person = app.store.list_people()[0].id
        app.screen.query_one("#people").focus()
        await press(pilot, "c")
        await settle(app, pilot)
        assert isinstance(app.screen, ChangesScreen)
        words = "\n".join(widget_text(w) for w in app.screen.query("#changes-body Static"))
    data, plans = _record(data_dir, person)
    assert not any(data.get("wellbeing", {}).values())
    assert plan_from_json(plans[0]["plan"]).measures.wellbeing is None
    assert words == NOTHING_YET
