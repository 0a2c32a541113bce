"""The measures and referrals over three meetings, through the shipped topics (issue 19).

Each meeting is a real conversation over the shipped content: How life feels, a goal with
its attainment levels, a thing to try and a referral at the first meeting; two reviews after
it. Each next meeting starts from ``data_for_next_meeting``, as the app starts one, and each
meeting's plan is built from its answers with the one before, as the app saves versions.
So the flows store what the plan builder reads, and show last time's answers back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

import pytest

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan
from assistant.plans.outcomes import change

Answer = Any | Callable[[Any], Any]


def _play(conv: Conversation, topic: str, answers: Mapping[str, Answer]) -> list[str]:
    """Open ``topic`` and go through it: a step named in ``answers`` gets that answer (a
    menu: that option; a function: called with the step, for an answer it works out);
    every other question is left for another day and every other menu takes its first
    option. Gives the texts shown, for checking what the people saw."""
    conv.goto_topic(topic)
    shown: list[str] = []
    for _ in range(400):
        step = conv.step
        if step.kind == "topics":
            return shown
        shown.append(step.text)
        wanted = answers.get(step.node_id or "")
        if callable(wanted):
            wanted = wanted(step)
        if step.kind == "menu":
            conv.choose(wanted if wanted is not None else step.options[0][0])
        elif step.kind in ("say", "end"):
            conv.proceed()
        elif wanted is None:
            conv.skip()
        else:
            conv.answer(wanted, by=step.speaker if step.speaker != "both" else "both")
    raise AssertionError(f"{topic} did not end")


def _meeting(content: Content, data: Mapping[str, Any], day: str) -> Conversation:
    return Conversation(
        content, dict(data), clock=lambda: dt.datetime.fromisoformat(f"{day}T10:00")
    )


def _closed(conv: Conversation, day: str) -> dict[str, Any]:
    """The meeting's answers as Closing leaves them: the agreement's date is the meeting's
    date in the plan's history (Closing itself is played by its own playthroughs)."""
    return {**conv.data, "agreement": {"date": day}}


FIRST_DAY, SECOND_DAY, THIRD_DAY = "2026-03-04", "2026-04-01", "2026-05-06"


def _first(content: Content) -> tuple[dict[str, Any], Plan]:
    conv = _meeting(
        content,
        {
            "about": {"name": "Sam"},
            "community": {
                "from_directory": ["brackenford_befriending"],
                "picks_carried": ["brackenford_befriending"],
                "list": [
                    {
                        "id": "t1",
                        "what": "Brackenford Befriending",
                        "directory": "brackenford_befriending",
                    }
                ],
            },
        },
        FIRST_DAY,
    )
    _play(conv, "wellbeing", {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7})
    _play(
        conv,
        "goals",
        {
            "list": [{"id": "g1", "what": "See Jo more"}],
            "levels_menu": "levels_now",
            "level_now": "We have not spoken for a year.",
            "level_expected": "We text now and then.",
            "level_better": "We meet for coffee.",
        },
    )
    _play(
        conv,
        "referrals",
        {
            "from_directory": ["brackenford_befriending"],
            "list": lambda step: step.value,  # the pick, as the list shows it
            "consent": "yes",
            "route": "phone",
            "by_whom": "both",
            "status": "planned",
        },
    )
    data = _closed(conv, FIRST_DAY)
    return data, build_plan(data, conv.log, content=content, created=f"{FIRST_DAY}T11:00:00")


def _review(
    content: Content,
    before: Mapping[str, Any],
    plan: Plan,
    day: str,
    wellbeing: Mapping[str, int],
    review: Mapping[str, Answer],
) -> tuple[dict[str, Any], Plan, list[str], list[str]]:
    conv = _meeting(content, data_for_next_meeting(before, plan), day)
    felt = _play(conv, "wellbeing", wellbeing)
    looked = _play(conv, "review", review)
    data = _closed(conv, day)
    built = build_plan(data, conv.log, plan, content=content, created=f"{day}T11:00:00")
    return data, built, felt, looked


@pytest.fixture(scope="module")
def meetings(content: Content) -> dict[str, Any]:
    first, plan1 = _first(content)
    second, plan2, felt2, looked2 = _review(
        content,
        first,
        plan1,
        SECOND_DAY,
        {"satisfied": 6, "worthwhile": 5, "happy": 5, "anxious": 5},
        {
            "attainment": "minus_1",
            "status": lambda step: "tried" if step.topic == "review_opportunity" else "sent",
            "status_on": SECOND_DAY,
        },
    )
    third, plan3, felt3, looked3 = _review(
        content,
        second,
        plan2,
        THIRD_DAY,
        {"satisfied": 7, "worthwhile": 6, "happy": 6, "anxious": 3},
        {
            "attainment": "zero",
            "status": lambda step: "going" if step.topic == "review_opportunity" else "started",
            "status_on": THIRD_DAY,
        },
    )
    return {
        "plans": (plan1, plan2, plan3),
        "data": (first, second, third),
        "shown": {"felt2": felt2, "looked2": looked2, "felt3": felt3, "looked3": looked3},
    }


def test_the_first_meeting_stores_what_the_plan_reads(meetings: dict[str, Any]) -> None:
    plan = meetings["plans"][0]
    assert plan.measures.wellbeing is not None
    assert (plan.measures.wellbeing.satisfied, plan.measures.wellbeing.anxious) == (4, 7)
    goal = plan.goals[0]
    assert goal.levels is not None and goal.levels.expected == "We text now and then."
    [referral] = plan.referrals
    assert referral.entry is not None and referral.to == "Brackenford Befriending"
    assert referral.status is not None and referral.status.code == "planned"
    assert referral.flags  # the worker's checks the flow showed (Lives in Brackenford...)


def test_each_review_shows_last_times_wellbeing_beside_the_question(
    meetings: dict[str, Any],
) -> None:
    felt2, felt3 = meetings["shown"]["felt2"], meetings["shown"]["felt3"]
    assert any(t.endswith("nowadays? Last time you said 4, on Wednesday 4 March.") for t in felt2)
    assert any(t.endswith("yesterday? Last time you said 7, on Wednesday 4 March.") for t in felt2)
    assert any(t.endswith("nowadays? Last time you said 6, on Wednesday 1 April.") for t in felt3)


def test_each_review_shows_last_times_attainment_and_statuses(meetings: dict[str, Any]) -> None:
    looked3 = meetings["shown"]["looked3"]
    assert any("Last time: a bit better, not yet what you hoped." in t for t in looked3)
    assert any(
        t.startswith(
            '"Brackenford Befriending": have you been? Last time: you had been once or twice.'
        )
        for t in looked3
    )
    assert any(
        t.startswith("Brackenford Befriending: what has happened? Last time")
        and "we had been in touch" in t
        for t in looked3
    )


def test_the_third_plan_holds_every_measure_over_time(meetings: dict[str, Any]) -> None:
    plan = meetings["plans"][2]
    assert [p.date for p in plan.measures.history] == [FIRST_DAY, SECOND_DAY]
    assert [p.wellbeing.anxious for p in plan.measures.history if p.wellbeing] == [7, 5]
    goal = plan.goals[0]
    assert goal.attainment == 0
    assert [a.value for a in goal.attainment_history] == [-1]
    [thing] = plan.community.opportunities
    assert thing.status is not None and thing.status.code == "going"
    assert [h.status for h in thing.status_history] == ["tried", "going"]
    [referral] = plan.referrals
    assert [h.status for h in referral.history] == ["planned", "sent", "started"]
    assert referral.history[-1].date == THIRD_DAY


def test_the_change_reads_as_words_with_anxious_lower_is_better(meetings: dict[str, Any]) -> None:
    words = " ".join(change(meetings["plans"][2]).sentences())
    assert "lower is better" in words
    assert "down 4" in words  # anxious 7 -> 3
