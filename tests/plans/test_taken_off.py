"""A goal or a person taken off their list at a meeting is kept as a line in the plan
(``Plan.taken_off``), so later copies can say what went and when."""

from __future__ import annotations

from typing import Any

from assistant.plans.from_session import build_plan
from assistant.plans.model import Audience, Code, Plan, PrivatePart, Sharing
from assistant.plans.sharing import copy_for
from assistant.plans.versions import versions, without_erased
from assistant.records import CaseStore

FIRST: dict[str, Any] = {
    "goals": {
        "list": [
            {"id": "g1", "what": "Sort out a CV", "idea_from": "worker"},
            {"id": "g2", "what": "Walk on Sundays", "idea_from": "me"},
        ]
    },
    "network": {"people": [{"id": "p1", "name": "Dan"}, {"id": "p2", "name": "Mum"}]},
}
LATER: dict[str, Any] = {
    "goals": {"list": [{"id": "g2", "what": "Walk on Sundays", "idea_from": "me"}]},
    "network": {"people": [{"id": "p2", "name": "Mum"}]},
    "agreement": {"date": "2026-12-07"},
}


def test_a_goal_and_a_person_taken_off_are_kept_with_the_day_they_went() -> None:
    first = build_plan(FIRST, number=1, created="2026-11-30T10:00:00+00:00")
    later = build_plan(LATER, previous=first, number=2)
    assert [(t.kind, t.id, t.what, t.on, t.plan_version) for t in later.taken_off] == [
        ("goal", "g1", "Sort out a CV", "2026-12-07", 2),
        ("person", "p1", "Dan", "2026-12-07", 2),
    ]
    assert later.taken_off[0].idea_from is not None
    assert later.taken_off[0].idea_from.code == "worker"


def test_what_was_taken_off_earlier_stays_at_the_next_meeting() -> None:
    first = build_plan(FIRST, number=1, created="2026-11-30T10:00:00+00:00")
    second = build_plan(LATER, previous=first, number=2)
    third = build_plan(LATER, previous=second, number=3, created="2026-12-14T10:00:00+00:00")
    assert [(t.id, t.plan_version) for t in third.taken_off] == [("g1", 2), ("p1", 2)]


def test_one_marked_private_when_taken_off_is_kept_as_private() -> None:
    first = build_plan(FIRST, number=1, created="2026-11-30T10:00:00+00:00")
    marked = first.sharing.model_copy(
        update={"private": [PrivatePart(kind="item", code="g1", label="Sort out a CV")]}
    )
    first = first.model_copy(update={"sharing": marked})
    later = build_plan(LATER, previous=first, number=2)
    assert {t.id: t.private for t in later.taken_off} == {"g1": True, "p1": False}


def test_what_was_taken_off_at_an_erased_meeting_is_not_said_by_later_versions() -> None:
    first = build_plan(FIRST, number=1, created="2026-11-30T10:00:00+00:00")
    second = build_plan(LATER, previous=first, number=2)
    third = build_plan(LATER, previous=second, number=3, created="2026-12-14T10:00:00+00:00")
    assert without_erased(third, {2}).taken_off == []


def _private(plan: Plan, *parts: PrivatePart) -> Plan:
    return plan.model_copy(update={"sharing": plan.sharing.model_copy(update={"private": parts})})


def test_a_goal_taken_off_while_goals_were_private_stays_private_once_they_are_not() -> None:
    goals = PrivatePart(kind="section", code="goals", label="Goals")
    first = _private(build_plan(FIRST, number=1, created="2026-11-30T10:00:00+00:00"), goals)
    later = build_plan(LATER, previous=first, number=2)
    unmarked = _private(later)
    assert [t.id for t in unmarked.taken_off if t.private] == ["g1"]


def test_a_goal_marked_private_at_the_meeting_it_is_taken_off_at_stays_private() -> None:
    first = build_plan(FIRST, number=1, created="2026-11-30T10:00:00+00:00")
    marked = {**LATER, "sharing": {"private": ["item:g1"]}}
    later = build_plan(marked, previous=first, number=2)
    assert {t.id: t.private for t in later.taken_off} == {"g1": True, "p1": False}


def test_a_goal_taken_off_that_names_someone_kept_private_is_not_in_a_shared_copy() -> None:
    first = build_plan(
        {
            "goals": {"list": [{"id": "g1", "what": "Ring Carol every week", "idea_from": "me"}]},
            "network": {"people": [{"id": "p1", "name": "Carol"}]},
        },
        number=1,
        created="2026-11-30T10:00:00+00:00",
    )
    later = build_plan(
        {"network": {"people": [{"id": "p1", "name": "Carol"}]}}, previous=first, number=2
    )
    carol = PrivatePart(kind="item", code="p1", label="Person: Carol")
    sharing = Sharing(share_with=[Code(code="care_team", label="My care team")], private=[carol])
    copy = copy_for(later.model_copy(update={"sharing": sharing}), Audience(kind="team"))
    assert copy.taken_off == []
    assert copy.audience is not None and copy.audience.withheld


def _save_older(case: Any, plan: Plan, session: str) -> None:
    """``plan`` saved as an app before ``Plan.taken_off`` saved it: without the key."""
    stored = {k: v for k, v in plan.to_json().items() if k != "taken_off"}
    case.save_session(session, {"data": {}}, [])
    case.add_plan_version(stored, agreed=True, session_id=session, by="both")


def _older_pair(store: CaseStore) -> str:
    person = store.create_person("Sam")
    first = build_plan(FIRST, number=1, created="2026-11-30T10:00:00+00:00")
    second = build_plan(LATER, previous=first, number=2, created="2026-12-07T10:00:00+00:00")
    with store.open(person) as case:
        _save_older(case, first, "m1")
        _save_older(case, second, "m2")
    return person


def test_a_version_saved_before_taken_off_lines_says_what_went_kept_private(
    store: CaseStore,
) -> None:
    with store.open(_older_pair(store)) as case:
        latest = versions(case)[-1].plan
    assert [(t.id, t.on, t.plan_version, t.private) for t in latest.taken_off] == [
        ("g1", "2026-12-07", 2, True),
        ("p1", "2026-12-07", 2, True),
    ]


def test_no_line_is_worked_out_across_a_meeting_erased(store: CaseStore) -> None:
    person = _older_pair(store)
    later = build_plan(LATER, number=3, created="2026-12-14T10:00:00+00:00")
    with store.open(person) as case:
        _save_older(case, later.model_copy(update={"previous_number": 2}), "m3")
        case.erase_session("m2", reason="asked by the person")
        latest = versions(case)[-1].plan
    assert latest.taken_off == []
