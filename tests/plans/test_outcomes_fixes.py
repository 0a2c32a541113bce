"""Outcome measures kept right in awkward cases (issue 19 review): a meeting saved as a
draft then agreed, a middle meeting erased, private items in a shared copy, counts for a
part of the plan not done yet."""

from __future__ import annotations

import copy
import json
from typing import Any

from test_measures_from_session import FIRST, _review, three_meetings
from test_outcomes_sharing import _shared

from assistant.meetings.opening import _LatestPlanOnly
from assistant.plans.diff import format_diff
from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.model import Audience, Plan, PlanState, plan_from_json
from assistant.plans.outcomes import change, series
from assistant.plans.sharing import CARE_TEAM, GP, audience_for, copy_for
from assistant.plans.team_outcomes import summarise
from assistant.plans.versions import agree_plan, versions
from assistant.records import CaseStore

AGREED = {"person_agrees": "yes", "worker_agrees": "yes"}


def _second(plan1: Any) -> dict[str, Any]:
    second = _review(
        data_for_next_meeting(FIRST, plan1),
        date="2026-04-04",
        wellbeing={"satisfied": 5, "anxious": 6},
        attainment="minus_1",
        try_status="tried",
    )
    second["agreement"].update(AGREED)
    return second


def test_a_meeting_saved_as_a_draft_then_agreed_counts_once(store: CaseStore) -> None:
    plan1 = build_plan(FIRST, number=1, created="2026-03-04T10:00:00+00:00")
    second = _second(plan1)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.add_plan_version(plan1.to_json(), agreed=True, session_id="m1")
        draft = build_plan(second, previous=plan1, session="m2", number=2)
        case.add_plan_version(draft.to_json(), agreed=False, session_id="m2")
        agreed = agree_plan(case, second, session_id="m2")
    assert [p.date for p in agreed.measures.history] == ["2026-03-04"]
    assert agreed.goals[0].attainment_history == []
    assert agreed.goals[0].attainment == -1
    assert [p.status for p in agreed.community.opportunities[0].status_history] == ["tried"]
    assert agreed.previous_number == 2  # it still follows the draft it replaces


def _no_consent_referral() -> dict[str, Any]:
    return {
        "id": "r2",
        "to": "Men's Shed",
        "route": "self",
        "consent": "no",
        "shared": "My address",
        "message": "Hello, I would like to join.",
        "status": "planned",
    }


def test_with_a_no_to_sharing_the_plan_keeps_nothing_to_share() -> None:
    data = copy.deepcopy(FIRST)
    data["referrals"]["list"].append(_no_consent_referral())
    plan = build_plan(data, number=1, created="2026-03-04T10:00:00+00:00")
    said_no = plan.referrals[1]
    assert (said_no.consent, said_no.shared) == (False, None)
    # Read back from JSON saved with the words (an older plan) it is the same.
    saved = plan.to_json()
    saved["referrals"][1]["shared"] = {"text": "My address"}
    assert plan_from_json(saved).referrals[1].shared is None


def test_the_wording_to_send_is_only_in_the_person_s_and_the_team_s_copy() -> None:
    data = copy.deepcopy(FIRST)
    data["referrals"]["list"][0]["message"] = "Could you ring Sam about Tuesdays?"
    data["agreement"].update({"share_with": [CARE_TEAM, GP]})
    plan = build_plan(data, number=1, created="2026-03-04T10:00:00+00:00")
    plan = plan.model_copy(update={"state": PlanState(status="agreed")})
    for asked, kept in (("person", True), ("team", True), ("gp", False)):
        copied = copy_for(plan, audience_for(plan, asked))
        assert (copied.referrals[0].message is not None) is kept, asked
        assert ("Could you ring Sam" in json.dumps(copied.to_json())) is kept


# -- private items are not counted in a shared copy (finding 2) -------------------------------


def test_a_private_person_is_not_counted_in_the_team_copy() -> None:
    plan = _shared(three_meetings()[2], ("item", "p1"))  # Jo, circle 1
    team = copy_for(plan, Audience(kind="team"))
    counts = team.measures.connections
    assert counts is not None
    assert counts.people == len(team.network.people) == 2
    assert counts.circles["1"] == 0
    # Earlier meetings' counts cannot be counted again without Jo: they go.
    assert [p.connections for p in team.measures.history] == [None, None]


def test_a_private_thing_to_try_is_not_counted_as_started() -> None:
    plan = _shared(three_meetings()[2], ("item", "t1"))
    counts = copy_for(plan, Audience(kind="team")).measures.connections
    assert counts is not None
    assert (counts.activities_started, counts.activities_kept_up) == (0, 0)


def test_private_looking_back_takes_things_to_try_started_and_kept_up() -> None:
    plan = _shared(three_meetings()[2], ("section", "review"))
    team = copy_for(plan, Audience(kind="team"))
    counts = team.measures.connections
    assert counts is not None and counts.people == 3
    assert (counts.activities_started, counts.activities_kept_up) == (None, None)
    for point in team.measures.history:
        assert point.connections is not None
        assert point.connections.activities_started is None


# -- counts of a part not talked about yet (finding 7) and counts never above 0 (8a) ---------


def test_a_network_first_drawn_at_the_second_meeting_is_not_a_rise_from_nought() -> None:
    first = {k: v for k, v in FIRST.items() if k not in ("network", "community")}
    plan1 = build_plan(first, number=1, created="2026-03-04T10:00:00+00:00")
    assert plan1.measures.connections is None  # nothing to count yet: not nought
    second = copy.deepcopy(data_for_next_meeting(first, plan1))
    second["agreement"] = {"date": "2026-04-08"}
    second["network"] = copy.deepcopy(FIRST["network"])
    plan2 = build_plan(second, previous=plan1, number=2, created="2026-04-08T10:00:00+00:00")
    item = change(plan2).item(("connections", "people"))
    assert item is not None and [p.value for p in item.points] == [2]
    assert item.sentence == "People in my network: 2 now."


def test_kinds_of_support_are_not_taken_when_no_one_was_asked_what_they_help_with() -> None:
    # "Say a bit more about each person?" answered "Not today": the team report counted
    # "Kinds of support from them" as measured (0 -> 0, the same), not "not taken".
    first = copy.deepcopy(FIRST)
    for person in first["network"]["people"]:
        del person["support"]
    plan1 = build_plan(first, number=1, created="2026-03-04T10:00:00+00:00")
    assert plan1.measures.connections is not None
    assert plan1.measures.connections.people == 2
    assert plan1.measures.connections.support_kinds is None


def test_a_count_never_above_nought_has_no_sentence() -> None:
    plan1 = build_plan(FIRST, number=1, created="2026-03-04T10:00:00+00:00")
    second = _review(data_for_next_meeting(FIRST, plan1), date="2026-04-08")
    plan2 = build_plan(second, previous=plan1, number=2, created="2026-04-08T10:00:00+00:00")
    assert plan2.measures.connections is not None
    assert plan2.measures.connections.activities_started == 0  # a thing to try, not started
    sentences = change(plan2).sentences()
    assert "People in my network: 2 in March, 2 now (no change)." in sentences
    assert not any(s.startswith("Things to try") for s in sentences)


def test_the_plan_diff_says_how_the_measures_changed_and_signs_attainment() -> None:
    _, plan2, plan3, _, _ = three_meetings()
    lines = format_diff(plan2, plan3).splitlines()
    section = lines[lines.index("How things have changed") :]
    assert "  ~ Life satisfaction: 5 → 7" in section
    assert "  ~ Anxious yesterday: 6 → 4" in section
    attainment = "where things are now (\u22122 to +2): \u22121 → +1"
    assert any(line.endswith(attainment) for line in lines)


# -- erasing a middle meeting (finding 1) -----------------------------------------------------


def _three_saved(store: CaseStore) -> str:
    person = store.create_person("Sam")
    with store.open(person) as case:
        for n, plan in enumerate(three_meetings()[:3], start=1):
            case.save_session(f"m{n}", {"data": {}}, [])
            case.add_plan_version(plan.to_json(), agreed=True, session_id=f"m{n}", by="both")
    return person


def _erased_meeting_left_no_trace(plan: Plan) -> None:
    assert [p.date for p in plan.measures.history] == ["2026-03-04"]  # not 8 April's
    assert [r.date for r in series(plan)] == ["2026-03-04", "2026-05-13"]
    assert [p.value for p in plan.goals[0].attainment_history] == []  # its -1 went
    assert [p.status for p in plan.referrals[0].history] == ["planned", "started"]
    assert [p.status for p in plan.community.opportunities[0].status_history] == ["going"]


def test_erasing_a_middle_meeting_takes_its_points_out_of_later_versions(
    store: CaseStore,
) -> None:
    person = _three_saved(store)
    with store.open(person) as case:
        case.erase_session("m2", reason="asked by the person")
        found = versions(case)
    assert [v.number for v in found] == [1, 3]
    _erased_meeting_left_no_trace(found[-1].plan)
    sentences = " ".join(change(found[-1].plan).sentences())
    assert "April" not in sentences


def test_the_next_meeting_builds_on_the_latest_version_without_the_erased_one(
    store: CaseStore,
) -> None:
    person = _three_saved(store)
    with store.open(person) as case:
        case.erase_session("m2", reason="asked by the person")
        [latest] = versions(_LatestPlanOnly(case))
    _erased_meeting_left_no_trace(latest.plan)


def test_a_plan_whose_history_names_versions_of_another_copy_keeps_it(store: CaseStore) -> None:
    """An imported plan's history names the versions of the copy it came from."""
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.add_plan_version(three_meetings()[2].to_json(), agreed=True, session_id="m9")
        [only] = versions(case)
    assert [p.plan_version for p in only.plan.measures.history] == [1, 2]


def test_an_erased_version_s_number_is_never_given_again(store: CaseStore) -> None:
    person = _three_saved(store)
    with store.open(person) as case:
        case.erase_session("m3", reason="asked by the person")
        assert case.add_plan_version(three_meetings()[2].to_json(), session_id="m4") == 4
        assert case.erased_plan_versions == {3}


# -- each well-being answer carried with its own day (finding 8b) -----------------------------


def test_an_older_wellbeing_answer_keeps_its_own_day() -> None:
    plan1 = build_plan(FIRST, number=1, created="2026-03-04T10:00:00+00:00")
    second = _review(
        data_for_next_meeting(FIRST, plan1), date="2026-04-08", wellbeing={"satisfied": 5}
    )
    plan2 = build_plan(second, previous=plan1, number=2, created="2026-04-08T10:00:00+00:00")
    carried = data_for_next_meeting(second, plan2)["previous"]
    assert carried["wellbeing"] == {"satisfied": 5, "worthwhile": 5, "happy": 3, "anxious": 7}
    assert carried["wellbeing_dates"] == {
        "satisfied": "2026-04-08",
        "worthwhile": "2026-03-04",
        "happy": "2026-03-04",
        "anxious": "2026-03-04",
    }
    assert carried["wellbeing_date"] == "2026-04-08"


def test_the_team_summary_leaves_out_an_erased_middle_meeting(store: CaseStore) -> None:
    person = _three_saved(store)
    with store.open(person) as case:
        case.erase_session("m2", reason="asked by the person")
    for index in ("kept", "rebuilt"):
        if index == "rebuilt":
            store.index_path.write_text("{ damaged")
        summary = summarise(CaseStore(store.root), names=True)
        [row] = summary.rows
        assert (row.meetings_measured, row.first_date) == (2, "2026-03-04"), index
        assert summary.referrals.planned_to_sent.n == 0, index  # the "sent" step went
