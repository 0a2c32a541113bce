"""A version's state comes from the record and reads the same everywhere."""

from __future__ import annotations

import pytest
from plan_support import Meetings

from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan
from assistant.plans.model import Plan, PlanState
from assistant.plans.state import (
    agreed_in_part,
    earlier_plan_heading,
    state_easy_words,
    state_of,
    state_words,
    version_label,
)
from assistant.plans.versions import PlanError, agree_plan, version_to_export, versions
from assistant.records import CaseStore

SAVED = "2027-03-04T10:00:00.000+00:00"
AGREED = PlanState(status="agreed", saved_at=SAVED, agreed_at=SAVED, agreed_by="both")
DRAFT = PlanState(status="draft", saved_at=SAVED)


def test_a_version_saved_not_agreed_is_a_draft_whatever_closing_said(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    plan = build_plan(meetings.first.data, meetings.first.log, content=content)
    assert plan.agreement.both_agreed
    with store.open(person) as case:
        case.add_plan_version(plan.to_json(), agreed=False)
        [version] = versions(case)
    assert not version.agreed and version.state.status == "draft"
    assert version.plan.state == version.state


def test_a_draft_agreed_later_is_agreed_from_then(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    plan = build_plan(meetings.first.data, meetings.first.log, content=content)
    with store.open(person) as case:
        case.add_plan_version(plan.to_json(), agreed=False)
        case.agree_plan(1)
        [doc] = case.plan_versions()
        [version] = versions(case)
    assert version.agreed and version.state.agreed_at == doc["agreed_at"]


def test_agreeing_returns_the_plan_as_the_record_holds_it(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        plan = agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        [version] = versions(case)
    assert plan.state == version.state and plan.state is not None and plan.state.agreed


def test_the_words_for_an_agreed_version_say_when_and_by_whom() -> None:
    assert state_words(AGREED, "Sam") == "Agreed together on 4 March 2027 by Sam and the worker."


def test_the_words_for_a_draft_say_it_is_not_agreed() -> None:
    assert state_words(DRAFT, "Sam") == "Draft: not agreed yet. Saved on 4 March 2027."
    assert state_words(None) == "Draft: not agreed yet. Not saved as a plan version."


def test_easy_read_words_speak_to_the_person() -> None:
    assert state_easy_words(AGREED) == "You and your worker agreed this plan on 4 March 2027."
    assert state_easy_words(DRAFT) == "This plan is a draft. You have not agreed it yet."


def test_a_version_label_for_lists() -> None:
    assert version_label(2, AGREED) == "Version 2, agreed 4 March 2027"
    assert version_label(3, DRAFT) == "Version 3, draft (not agreed), saved 4 March 2027"


def test_a_version_label_says_agreed_in_part() -> None:
    # The top of every printed page said "agreed" over a body that said "Agreed in part".
    assert version_label(2, AGREED, in_part=True) == "Version 2, agreed in part 4 March 2027"


@pytest.mark.parametrize(
    ("state", "heading"),
    [
        (AGREED, "Last time we agreed (plan version 2, 4 March 2027)"),
        (DRAFT, "Last time (plan version 2, a draft: not agreed yet)"),
    ],
)
def test_a_later_meeting_says_whether_last_time_was_agreed(state, heading) -> None:
    plan = Plan(created=SAVED, number=2, state=state)
    assert earlier_plan_heading(plan) == heading


def test_the_record_document_gives_the_state() -> None:
    assert state_of({"agreed": False, "at": SAVED}) == DRAFT
    assert state_of({"agreed": True, "at": SAVED}) == AGREED


def test_export_takes_the_latest_agreed_version_over_a_newer_draft(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        draft = build_plan(meetings.review.data, meetings.review.log, content=content)
        case.add_plan_version(draft.to_json(), agreed=False)
        found = versions(case)
    assert version_to_export(found).number == 1
    assert version_to_export(found, 2).number == 2


def test_export_with_nothing_agreed_says_how_to_choose_a_draft(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    plan = build_plan(meetings.first.data, meetings.first.log, content=content)
    with store.open(person) as case:
        case.add_plan_version(plan.to_json(), agreed=False)
        found = versions(case)
    with pytest.raises(PlanError, match=r"No version of this plan has been agreed.*--version 1"):
        version_to_export(found)


def test_mostly_from_either_is_agreed_in_part() -> None:
    assert agreed_in_part({"person_agrees": "mostly", "worker_agrees": "yes"})
    assert agreed_in_part({"person_agrees": "yes", "worker_agrees": "mostly"})
    assert not agreed_in_part({"person_agrees": "yes", "worker_agrees": "yes"})
