"""Outcome measures and referrals built from three meetings' answers (issue 19).

The answers are written as the content stores them (design: wellbeing.*, goals' GAS levels
and attainment, things to try's status, referrals.list), and carried from one meeting to
the next by data_for_next_meeting, as the app does.
"""

from __future__ import annotations

import copy
from typing import Any

from assistant import store_paths as sp
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan, plan_from_json

FIRST: dict[str, Any] = {
    "about": {"name": "Sam"},
    "wellbeing": {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7},
    "network": {
        "people": [
            {"id": "p1", "name": "Jo", "circle": 1, "support": ["practical", "company"]},
            {"id": "p2", "name": "Ali", "circle": 2, "support": ["company"]},
        ]
    },
    "community": {"list": [{"id": "t1", "what": "Walking group"}]},
    "goals": {
        "list": [
            {
                "id": "g1",
                "what": "See my brother more",
                "level_now": "We talk at Christmas",
                "level_expected": "We meet once a month",
                "level_better": "We go to football together",
            }
        ]
    },
    "referrals": {
        "list": [
            {
                "id": "r1",
                "to": "Befriending service",
                "route": "phone",
                "route_detail": "01632 960122",
                "consent": "yes",
                "shared": "My name and number",
                "by_whom": "worker",
                "status": "planned",
                "status_on": "2026-03-04",
                "notes": "Ask about Tuesdays",
                "flags": ["Check: Lives in Brackenford"],
            }
        ]
    },
    "agreement": {"date": "2026-03-04"},
}


def _review(data: dict[str, Any], **answers: Any) -> dict[str, Any]:
    """``data`` with a review meeting's answers put in place (as the review flows store them)."""
    new = copy.deepcopy(data)
    new["agreement"] = {"date": answers["date"]}
    if "wellbeing" in answers:
        new["wellbeing"] = answers["wellbeing"]
    if "attainment" in answers:
        new["goals"]["list"][0]["attainment"] = answers["attainment"]
    if "try_status" in answers:
        new["community"]["list"][0]["status"] = answers["try_status"]
    if "referral" in answers:
        new["referrals"]["list"][0].update(answers["referral"])
    if "people" in answers:
        new["network"]["people"] += answers["people"]
    return new


def three_meetings() -> tuple[Plan, Plan, Plan, dict[str, Any], dict[str, Any]]:
    plan1 = build_plan(FIRST, number=1, created="2026-03-04T10:00:00+00:00")
    seed2 = data_for_next_meeting(FIRST, plan1)
    second = _review(
        seed2,
        date="2026-04-08",
        wellbeing={"satisfied": 5, "anxious": 6},
        attainment="minus_1",
        try_status="tried",
        referral={"status": "sent", "status_on": "2026-03-10", "notes": "Sent by phone"},
        people=[{"id": "p3", "name": "Bea", "circle": 2, "support": ["advice"]}],
    )
    plan2 = build_plan(second, previous=plan1, number=2, created="2026-04-08T10:00:00+00:00")
    seed3 = data_for_next_meeting(second, plan2)
    third = _review(
        seed3,
        date="2026-05-13",
        wellbeing={"satisfied": 7, "worthwhile": 6, "happy": 6, "anxious": 4},
        attainment="plus_1",
        try_status="going",
        referral={"status": "started", "status_on": "2026-05-01"},
    )
    plan3 = build_plan(third, previous=plan2, number=3, created="2026-05-13T10:00:00+00:00")
    return plan1, plan2, plan3, seed2, seed3


def test_the_first_meeting_s_measures_are_its_own_answers_with_no_history() -> None:
    plan1 = three_meetings()[0]
    assert plan1.measures.date == "2026-03-04"
    assert plan1.measures.wellbeing is not None
    assert plan1.measures.wellbeing.model_dump() == {
        "satisfied": 4,
        "worthwhile": 5,
        "happy": 3,
        "anxious": 7,
    }
    assert plan1.measures.history == []


def test_connections_are_counted_from_the_version() -> None:
    plan1, plan2, _, _, _ = three_meetings()
    counts = plan1.measures.connections
    assert counts is not None
    assert counts.people == 2
    assert counts.circles == {"1": 1, "2": 1, "3": 0}
    assert counts.support_kinds == 2
    assert plan2.measures.connections is not None
    assert plan2.measures.connections.people == 3
    assert plan2.measures.connections.support_kinds == 3


def test_measures_history_grows_by_the_previous_version_s_own_point() -> None:
    _, plan2, plan3, _, _ = three_meetings()
    assert [(p.plan_version, p.date) for p in plan2.measures.history] == [(1, "2026-03-04")]
    assert [(p.plan_version, p.date) for p in plan3.measures.history] == [
        (1, "2026-03-04"),
        (2, "2026-04-08"),
    ]
    second = plan3.measures.history[1]
    assert second.wellbeing is not None and second.wellbeing.satisfied == 5
    assert second.wellbeing.happy is None  # not answered that time: no value invented
    assert second.attainment == {"g1": -1}


def test_wellbeing_is_asked_afresh_with_last_time_s_answers_beside_it() -> None:
    _, _, _, seed2, seed3 = three_meetings()
    assert sp.WELLBEING not in seed2
    assert sp.value_at(seed2, sp.PREVIOUS_WELLBEING) == {
        "satisfied": 4,
        "worthwhile": 5,
        "happy": 3,
        "anxious": 7,
    }
    assert sp.value_at(seed2, sp.PREVIOUS_WELLBEING_DATE) == "2026-03-04"
    # Items skipped at the second meeting keep the latest known answer.
    assert sp.value_at(seed3, sp.PREVIOUS_WELLBEING) == {
        "satisfied": 5,
        "worthwhile": 5,
        "happy": 3,
        "anxious": 6,
    }
    assert sp.value_at(seed3, sp.PREVIOUS_WELLBEING_DATE) == "2026-04-08"


def test_a_meeting_that_skips_wellbeing_keeps_last_time_s_date() -> None:
    plan1 = build_plan(FIRST, number=1, created="2026-03-04T10:00:00+00:00")
    seed2 = data_for_next_meeting(FIRST, plan1)
    second = _review(seed2, date="2026-04-08")
    plan2 = build_plan(second, previous=plan1, number=2)
    assert plan2.measures.wellbeing is None
    seed3 = data_for_next_meeting(second, plan2)
    assert sp.value_at(seed3, sp.PREVIOUS_WELLBEING_DATE) == "2026-03-04"
    assert sp.value_at(seed3, sp.PREVIOUS_WELLBEING)["anxious"] == 7


def test_goal_levels_and_attainment_with_its_history() -> None:
    plan1, plan2, plan3, _seed2, _ = three_meetings()
    goal1 = plan1.goals[0]
    assert goal1.levels is not None
    assert (goal1.levels.now, goal1.levels.expected, goal1.levels.better) == (
        "We talk at Christmas",
        "We meet once a month",
        "We go to football together",
    )
    assert goal1.attainment is None
    assert plan2.goals[0].attainment == -1
    assert plan2.goals[0].attainment_history == []
    goal3 = plan3.goals[0]
    assert goal3.attainment == 1
    assert [(p.plan_version, p.date, p.value) for p in goal3.attainment_history] == [
        (2, "2026-04-08", -1)
    ]


def test_attainment_moves_to_attainment_before_for_the_next_review() -> None:
    _, _, _, _, seed3 = three_meetings()
    goal = sp.value_at(seed3, sp.GOALS_LIST)[0]
    assert "attainment" not in goal
    assert goal["attainment_before"] == "minus_1"


def test_a_review_that_skips_attainment_gives_none_and_keeps_the_history() -> None:
    _, plan2, _, _, seed3 = three_meetings()
    third = _review(seed3, date="2026-05-13")
    plan3 = build_plan(third, previous=plan2, number=3)
    assert plan3.goals[0].attainment is None
    assert [p.value for p in plan3.goals[0].attainment_history] == [-1]


def test_things_to_try_status_history_grows_only_on_a_change() -> None:
    _, plan2, plan3, _seed2, seed3 = three_meetings()
    assert plan2.community.opportunities[0].status is not None
    assert plan2.community.opportunities[0].status.code == "tried"
    history = plan3.community.opportunities[0].status_history
    assert [(p.status, p.date) for p in history] == [
        ("tried", "2026-04-08"),
        ("going", "2026-05-13"),
    ]
    # Not asked at a fourth meeting: the last status stands and the history does not grow.
    seed4 = data_for_next_meeting(_review(seed3, date="2026-05-13", try_status="going"), plan3)
    plan4 = build_plan(_review(seed4, date="2026-06-10"), previous=plan3, number=4)
    assert plan4.community.opportunities[0].status is not None
    assert plan4.community.opportunities[0].status.code == "going"
    assert len(plan4.community.opportunities[0].status_history) == 2


def test_things_to_try_status_is_carried_as_status_before_with_the_open_ones_listed() -> None:
    _, _, _, seed2, seed3 = three_meetings()
    assert sp.value_at(seed2, sp.PREVIOUS_OPPORTUNITIES_OPEN) == ["t1"]
    record = sp.value_at(seed3, sp.COMMUNITY_LIST)[0]
    assert "status" not in record and record["status_before"] == "tried"
    stopped = _review(seed3, date="2026-05-13", try_status="stopped")
    assert sp.value_at(data_for_next_meeting(stopped), sp.PREVIOUS_OPPORTUNITIES_OPEN) == []


def test_started_and_kept_up_are_counted_from_the_statuses() -> None:
    plan1, plan2, plan3, _, _ = three_meetings()
    counts = [p.measures.connections for p in (plan1, plan2, plan3)]
    assert [(c.activities_started, c.activities_kept_up) for c in counts if c] == [
        (0, 0),
        (1, 0),
        (1, 1),
    ]


def test_a_referral_keeps_every_status_with_its_date() -> None:
    plan1, _plan2, plan3, _, _ = three_meetings()
    referral = plan3.referrals[0]
    assert referral.to == "Befriending service"
    assert referral.consent is True
    assert referral.route is not None and referral.route.code == "phone"
    assert referral.status is not None and referral.status.code == "started"
    assert referral.status_on == "2026-05-01"
    assert [(p.status, p.date) for p in referral.history] == [
        ("planned", "2026-03-04"),
        ("sent", "2026-03-10"),
        ("started", "2026-05-01"),
    ]
    assert plan1.referrals[0].flags == ["Check: Lives in Brackenford"]


def test_referral_notes_move_to_notes_before_and_open_ones_are_listed() -> None:
    _, plan2, _, seed2, seed3 = three_meetings()
    record = sp.value_at(seed2, sp.REFERRALS_LIST)[0]
    assert "notes" not in record and record["notes_before"] == "Ask about Tuesdays"
    assert record["status"] == "planned"  # the current state stays
    assert sp.value_at(seed2, sp.PREVIOUS_REFERRALS_OPEN) == ["r1"]
    assert plan2.referrals[0].notes is not None
    assert plan2.referrals[0].notes.text == "Sent by phone"
    started = _review(seed3, date="2026-05-13", referral={"status": "started"})
    assert sp.value_at(data_for_next_meeting(started), sp.PREVIOUS_REFERRALS_OPEN) == []


def test_a_referral_without_consent_is_recorded_as_not_agreed() -> None:
    data = copy.deepcopy(FIRST)
    data["referrals"]["list"][0].update(consent="no", route="self", shared=None)
    referral = build_plan(data).referrals[0]
    assert referral.consent is False
    assert referral.shared is None
    assert referral.route is not None and referral.route.code == "self"


def test_the_plans_read_back_equal_from_their_json() -> None:
    for plan in three_meetings()[:3]:
        assert plan_from_json(plan.to_json()) == plan


def test_a_plan_saved_before_the_measures_still_loads_and_counts_its_connections() -> None:
    plan1 = build_plan(FIRST, number=1, created="2026-03-04T10:00:00+00:00")
    old = plan1.to_json()
    for key in ("measures", "referrals"):
        del old[key]
    for goal in old["goals"]:
        for key in ("levels", "attainment", "attainment_history"):
            del goal[key]
    for thing in old["community"]["opportunities"]:
        del thing["status"], thing["status_history"]
    loaded = plan_from_json(old)
    assert loaded.measures.wellbeing is None and loaded.referrals == []
    plan2 = build_plan(
        _review(data_for_next_meeting(FIRST, loaded), date="2026-04-08"),
        previous=loaded,
        number=2,
    )
    point = plan2.measures.history[0]
    assert point.connections is not None and point.connections.people == 2
    assert point.wellbeing is None


def test_a_referral_not_followed_up_keeps_its_status_day() -> None:
    plan1, _, _, seed2, _ = three_meetings()
    record = sp.value_at(seed2, sp.REFERRALS_LIST)[0]
    assert (record["status_before"], record["status_on_before"]) == ("planned", "2026-03-04")
    assert "status_on" not in record
    skipped = _review(seed2, date="2026-04-08")
    for previous in (plan1, None):
        referral = build_plan(skipped, previous=previous, number=2).referrals[0]
        assert referral.status_on == "2026-03-04"
        assert [(p.status, p.date) for p in referral.history] == [("planned", "2026-03-04")]


def _support_counted(*support: list[str]) -> int | None:
    people = [
        {"id": f"p{n}", "name": f"Friend {n}", "circle": 1, "support": said}
        for n, said in enumerate(support)
    ]
    counts = build_plan({"network": {"people": people}}, []).measures.connections
    assert counts is not None
    return counts.support_kinds


def test_someone_who_helps_with_nothing_at_the_moment_gives_no_kind_of_support() -> None:
    # Help was talked about (a nought, not "not asked"), and none was named.
    assert _support_counted(["nothing"]) == 0


def test_nothing_at_the_moment_is_not_counted_beside_the_kinds_others_give() -> None:
    assert _support_counted(["nothing"], ["company", "practical"]) == 2
