"""Outcome measures kept right in awkward cases (issue 19 review): a meeting saved as a
draft then agreed, a middle meeting erased, private items in a shared copy, counts for a
part of the plan not done yet."""

from __future__ import annotations

from typing import Any

from test_measures_from_session import FIRST, _review

from assistant.plans.from_session import build_plan, data_for_next_meeting
from assistant.plans.versions import agree_plan
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
