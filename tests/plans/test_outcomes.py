"""assistant.plans.outcomes: the measures' series and their change in plain words."""

from __future__ import annotations

from test_measures_from_session import FIRST, three_meetings

from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Plan
from assistant.plans.outcomes import GAS_LABELS, ONS4, change, connection_counts, series


def test_ons4_keeps_the_official_wording_and_says_anxious_is_lower_is_better() -> None:
    assert [i.question for i in ONS4] == [
        "Overall, how satisfied are you with your life nowadays?",
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        "Overall, how happy did you feel yesterday?",
        "Overall, how anxious did you feel yesterday?",
    ]
    assert [i.id for i in ONS4 if i.lower_is_better] == ["anxious"]


def test_gas_labels_cover_minus_two_to_plus_two() -> None:
    assert sorted(GAS_LABELS) == [-2, -1, 0, 1, 2]


def test_series_is_the_history_then_now_oldest_first() -> None:
    plan3 = three_meetings()[2]
    rows = series(plan3)
    assert [(r.plan_version, r.date, r.now) for r in rows] == [
        (1, "2026-03-04", False),
        (2, "2026-04-08", False),
        (3, "2026-05-13", True),
    ]
    assert [r.attainment for r in rows] == [{}, {"g1": -1}, {"g1": 1}]


def test_change_gives_first_to_latest_in_words() -> None:
    found = change(three_meetings()[2])
    satisfied = found.item(("wellbeing", "satisfied"))
    assert satisfied is not None
    assert satisfied.difference == 3 and satisfied.better is True
    assert satisfied.sentence == "Life satisfaction: 4 in March, 7 now (up 3)."


def test_anxious_going_down_is_better_and_the_sentence_says_lower_is_better() -> None:
    anxious = change(three_meetings()[2]).item(("wellbeing", "anxious"))
    assert anxious is not None
    assert anxious.difference == -3 and anxious.better is True
    assert anxious.sentence == "Anxious yesterday: 7 in March, 4 now (lower is better: down 3)."


def test_an_item_answered_once_says_so_without_a_change() -> None:
    plan2 = three_meetings()[1]
    happy = change(plan2).item(("wellbeing", "happy"))
    assert happy is not None
    assert happy.difference is None and happy.better is None
    assert happy.sentence == "Happy yesterday: 3 in March."


def test_goal_attainment_change_is_signed() -> None:
    goal = change(three_meetings()[2]).item(("attainment", "g1"))
    assert goal is not None
    assert goal.sentence == "See my brother more: −1 in April, +1 now (up 2)."
    assert (goal.low, goal.high) == (-2, 2)


def test_connection_counts_change_with_no_change_said_so() -> None:
    found = change(three_meetings()[2])
    people = found.item(("connections", "people"))
    assert people is not None
    assert people.sentence == "People in my network: 2 in March, 3 now (up 1)."
    closest = found.item(("connections", "circle:1"))
    assert closest is not None
    assert closest.sentence.endswith("(no change).")


def test_sentences_follow_the_items_in_order() -> None:
    found = change(three_meetings()[2])
    assert found.sentences() == [i.sentence for i in found.items]
    assert found.items[0].key == ("wellbeing", "satisfied")


def test_points_in_the_same_month_are_told_apart_by_the_day() -> None:
    plan1, _, _, _, _ = three_meetings()
    seed = data_for_next_meeting(FIRST, plan1)
    seed["agreement"] = {"date": "2026-03-25"}
    seed["wellbeing"] = {"satisfied": 6}
    plan2 = build_plan(seed, previous=plan1, number=2)
    item = change(plan2).item(("wellbeing", "satisfied"))
    assert item is not None
    assert item.sentence == "Life satisfaction: 4 on 4 March, 6 now (up 2)."


def test_an_empty_plan_has_no_wellbeing_or_attainment_change() -> None:
    plan = Plan(created="2026-01-01T00:00:00+00:00")
    assert connection_counts(plan).people is None  # no network drawn: not counted
    assert [i.key[0] for i in change(plan).items] == []
