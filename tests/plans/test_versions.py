"""Agreeing plan versions in a real case record."""

from __future__ import annotations

import copy

import pytest
from plan_support import Meetings

from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan
from assistant.plans.model import PersonRef
from assistant.plans.state import state_words, version_label
from assistant.plans.versions import (
    PlanError,
    agree_from_session,
    agree_plan,
    load_version,
    versions,
)
from assistant.records import CaseStore


def _agree_both(store: CaseStore, person: str, m: Meetings, content: Content) -> None:
    with store.open(person) as case:
        agree_plan(case, m.first.data, m.first.log, content=content, session_id="s1")
        agree_plan(case, m.review.data, m.review.log, content=content, session_id="s2")


def test_agreeing_saves_numbered_versions(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    _agree_both(store, person, meetings, content)
    with store.open(person) as case:
        found = versions(case)
    assert [(v.number, v.agreed, v.plan.previous_number) for v in found] == [
        (1, True, None),
        (2, True, 1),
    ]


def test_agreeing_writes_a_plan_agreed_audit_event(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        kinds = [e["kind"] for e in case.audit_events()]
    assert "plan_agreed" in kinds


def test_the_person_is_named_in_the_plan(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        plan = agree_plan(case, meetings.first.data, meetings.first.log, content=content)
    assert (plan.person.display_name, plan.person.reference) == ("Sam", "R-1")


def test_a_plan_not_agreed_by_the_person_is_not_saved(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    data = copy.deepcopy(meetings.first.data)
    data["agreement"]["person_agrees"] = "no"
    with store.open(person) as case:
        with pytest.raises(
            PlanError,
            match=r"^The plan was not saved: the person did not say yes or mostly to it\. ",
        ):
            agree_plan(case, data, meetings.first.log, content=content)
        assert case.plan_versions() == []


def test_a_plan_without_any_agreement_is_not_saved(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    data = {k: v for k, v in meetings.first.data.items() if k != "agreement"}
    with store.open(person) as case, pytest.raises(PlanError, match="have not said"):
        agree_plan(case, data, meetings.first.log, content=content)


def test_an_agreed_version_stays_as_it_was(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        first = agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        agree_plan(case, meetings.review.data, meetings.review.log, content=content)
        kept = load_version(case, 1)
        # As it was agreed; its state now says which version replaces it.
        assert kept.model_copy(update={"state": first.state}) == first


def test_a_version_says_which_later_agreed_version_replaces_it(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    # An old version exported again read as the plan in use (FHIR: a second active plan).
    with store.open(person) as case:
        agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        second = agree_plan(case, meetings.review.data, meetings.review.log, content=content)
        old, new = load_version(case, 1).state, load_version(case, 2).state
    assert old is not None and new is not None and second.state is not None
    assert (old.replaced_by, old.replaced_at) == (2, second.state.agreed_at)
    assert new.replaced_by is None
    assert version_label(1, old).endswith(", replaced by version 2")
    assert "Replaced by version 2, agreed on " in state_words(old)


def test_a_draft_after_the_latest_agreed_version_replaces_nothing(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        case.add_plan_version(
            load_version(case, 1).model_copy(update={"state": None}).to_json(), agreed=False
        )
        assert [v.plan.state.replaced_by for v in versions(case) if v.plan.state] == [None, None]


def test_the_latest_version_is_the_default(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    _agree_both(store, person, meetings, content)
    with store.open(person) as case:
        assert load_version(case).number == 2


def test_asking_for_a_missing_version_lists_those_there_are(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    _agree_both(store, person, meetings, content)
    with store.open(person) as case, pytest.raises(PlanError, match=r"version\(s\) 1, 2"):
        load_version(case, 7)


def test_a_record_without_plans_says_how_to_make_one(store: CaseStore, person: str) -> None:
    with store.open(person) as case, pytest.raises(PlanError, match="no agreed plan"):
        load_version(case)


def test_agreeing_from_a_saved_session_uses_its_answers_and_log(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        case.save_session("m1", meetings.first.to_state(), meetings.first.log)
        plan = agree_from_session(case, content=content)
    assert plan.session == "m1"
    assert plan.about.what_matters is not None
    assert plan.about.what_matters.proposed_by == "person"


def test_a_plan_built_before_for_another_person_is_built_again_when_agreed(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    m = meetings.first
    someone = PersonRef(display_name="Someone else")
    stale = build_plan(m.data, m.log, content=content, person=someone, session="s1")
    with store.open(person) as case:
        plan = agree_plan(case, m.data, m.log, content=content, session_id="s1", built=stale)
        assert plan.person == PersonRef.of(case.person)
