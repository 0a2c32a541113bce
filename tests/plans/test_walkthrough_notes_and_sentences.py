"""Walkthrough findings 10 and 12a (issue 19): a referral's notes stay when a review says
nothing new, and a measure given once reads with its day like the others."""

from __future__ import annotations

from test_measures_from_session import FIRST, _review, three_meetings

from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.outcomes import change


def test_a_referral_s_notes_stay_when_the_review_says_nothing_new() -> None:
    # Finding 10: review_referral's guidance says "Saying nothing keeps last time's words",
    # but a status that moved on (sent -> started) with no new notes left the plan with none.
    _, plan2, plan3, _, _ = three_meetings()
    assert plan2.referrals[0].notes is not None
    assert plan2.referrals[0].status is not None and plan2.referrals[0].status.code == "sent"
    referral = plan3.referrals[0]
    assert referral.status is not None and referral.status.code == "started"
    assert referral.notes is not None and referral.notes.text == "Sent by phone"


def test_a_referral_s_notes_stay_from_notes_before_without_the_previous_plan() -> None:
    # The plan version can be missing (an imported record): the meeting's own notes_before.
    plan1 = build_plan(FIRST, number=1, created="2026-03-04T10:00:00+00:00")
    moved_on = _review(
        data_for_next_meeting(FIRST, plan1), date="2026-04-08", referral={"status": "sent"}
    )
    referral = build_plan(moved_on, number=2).referrals[0]
    assert referral.notes is not None and referral.notes.text == "Ask about Tuesdays"


def test_new_notes_at_a_review_replace_last_time_s() -> None:
    _, plan2, _, _, _ = three_meetings()
    assert plan2.referrals[0].notes is not None
    assert plan2.referrals[0].notes.text == "Sent by phone"  # not "Ask about Tuesdays"


def test_a_measure_given_once_this_month_reads_on_its_day_like_the_others() -> None:
    # Finding 12a: at three meetings on one day, an item given once (at an earlier meeting
    # that day) read "Things I do are worthwhile: 1 in December." beside "on 2 December".
    day = "2026-12-02"
    first = {**FIRST, "agreement": {"date": day}}
    first["wellbeing"] = {"satisfied": 4, "worthwhile": 1}
    plan1 = build_plan(first, number=1, created=f"{day}T10:00:00+00:00")
    second = _review(data_for_next_meeting(first, plan1), date=day, wellbeing={"satisfied": 6})
    plan2 = build_plan(second, previous=plan1, number=2, created=f"{day}T11:00:00+00:00")
    found = change(plan2)
    satisfied = found.item(("wellbeing", "satisfied"))
    worthwhile = found.item(("wellbeing", "worthwhile"))
    assert satisfied is not None and worthwhile is not None
    assert satisfied.sentence == "Life satisfaction: 4 on 2 December, 6 now (up 2)."
    assert worthwhile.sentence == "Things I do are worthwhile: 1 on 2 December."


def test_a_measure_given_once_in_an_earlier_month_reads_in_that_month() -> None:
    happy = change(three_meetings()[1]).item(("wellbeing", "happy"))
    assert happy is not None
    assert happy.sentence == "Happy yesterday: 3 in March."
