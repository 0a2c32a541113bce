"""The measures and a referral through the shipped content (issue 19): two meetings played
through the real engine (How life feels, Getting in touch, then Looking back), each built
into a plan version, as the app does."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import pytest
from plan_support import play

from assistant.engine.conversation import Conversation
from assistant.flows import model as m
from assistant.flows.loader import Content
from assistant.plans.diff import format_diff
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan
from assistant.plans.outcomes import ONS4, Ons4Item, change

ENTRY = "brackenford_befriending"
R = "referrals.list.*."
START: dict[str, Any] = {
    "about": {"name": "Sam"},
    "community": {
        "from_directory": [ENTRY],
        "picks_carried": [ENTRY],
        "list": [{"id": "t1", "what": "Brackenford Befriending", "directory": ENTRY}],
    },
}
FIRST = {
    "wellbeing.satisfied": 4,
    "wellbeing.worthwhile": 5,
    "wellbeing.happy": 3,
    "wellbeing.anxious": 7,
    "referrals.from_directory": [ENTRY],
    R + "consent": "yes",
    R + "route": "phone",
    R + "route_detail": "01632 960122",
    R + "shared": "My name and number",
    R + "by_whom": "worker",
    R + "status": "sent",
    R + "status_on": "2026-11-02",
    R + "notes": "Ask for Maria",
}
REVIEW = {
    "wellbeing.satisfied": 6,
    "wellbeing.anxious": 5,
    "community.list.*.status": "going",
    R + "status": "started",
    R + "status_on": "2026-11-20",
    R + "notes": "Met Maria",
    "review.ratings_menu": "ratings_later",
    "review.network_menu": "keep_people",
}


@dataclass
class Two:
    first: Conversation
    plan1: Plan
    seed: dict[str, Any]
    plan2: Plan


@pytest.fixture(scope="module")
def two(content: Content) -> Two:
    first = play(content, ["wellbeing", "referrals"], FIRST, copy.deepcopy(START))
    data1 = {**first.data, "agreement": {"date": "2026-11-02"}}
    plan1 = build_plan(data1, first.log, content=content, number=1, created="2026-11-02T10:00Z")
    seed = data_for_next_meeting(data1, plan1)
    review = play(content, ["wellbeing", "review"], REVIEW, copy.deepcopy(seed))
    data2 = {**review.data, "agreement": {"date": "2026-11-30"}}
    plan2 = build_plan(
        data2, review.log, plan1, content=content, number=2, created="2026-11-30T10:00Z"
    )
    return Two(first, plan1, seed, plan2)


def test_a_referral_made_in_the_meeting_is_in_the_plan_with_its_flags(two: Two) -> None:
    referral = two.plan1.referrals[0]
    assert referral.to == "Brackenford Befriending"
    assert referral.entry is not None and referral.entry.code == ENTRY
    assert referral.entry.details is not None  # a copy of the entry as it was
    assert referral.consent is True
    assert referral.status is not None and referral.status.code == "sent"
    assert [(p.status, p.date) for p in referral.history] == [("sent", "2026-11-02")]
    assert "Lives in Brackenford" in referral.flags


def test_the_review_follows_the_referral_up_with_its_dated_history(two: Two) -> None:
    referral = two.plan2.referrals[0]
    assert referral.status is not None and referral.status.code == "started"
    assert referral.status.label != "Started"  # the review's own words, not a code
    assert [(p.status, p.date) for p in referral.history] == [
        ("sent", "2026-11-02"),
        ("started", "2026-11-20"),
    ]
    assert referral.notes is not None and referral.notes.text == "Met Maria"


def test_the_review_starts_from_last_time_s_answers(two: Two) -> None:
    previous = two.seed["previous"]
    assert previous["wellbeing"] == {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7}
    assert previous["referrals_open"] == [two.plan1.referrals[0].id]
    assert previous["opportunities_open"] == ["t1"]
    record = two.seed["referrals"]["list"][0]
    assert (record["status_before"], record["status_on_before"]) == ("sent", "2026-11-02")
    assert record["notes_before"] == "Ask for Maria"


def test_the_change_reads_in_words_from_the_two_meetings(two: Two) -> None:
    sentences = change(two.plan2).sentences()
    assert "Life satisfaction: 4 on 2 November, 6 now (up 2)." in sentences
    assert "Anxious yesterday: 7 on 2 November, 5 now (lower is better: down 2)." in sentences
    assert "Things to try kept up: 0 on 2 November, 1 now (up 1)." in sentences


def test_the_versions_diff_names_the_referral_and_how_it_moved(two: Two) -> None:
    report = format_diff(two.plan1, two.plan2)
    assert (
        'referral "Brackenford Befriending" › status: We have been in touch, or sent it → '
        "Started going, or started with them"
    ) in report
    assert "status history" not in report  # earlier statuses are not a change


@pytest.mark.parametrize("item", ONS4, ids=lambda i: i.id)
def test_the_content_asks_each_ons4_question_in_the_official_wording(
    content: Content, item: Ons4Item
) -> None:
    asks = [
        node
        for node in content.topics["wellbeing"].topic.nodes
        if isinstance(node, m.AskNode) and node.store == f"wellbeing.{item.id}"
    ]
    assert len(asks) == 1
    assert asks[0].prompt.startswith(item.question)
    assert (asks[0].min, asks[0].max) == (0, 10)
