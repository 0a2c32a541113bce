"""Each meeting keeps who the worker was when it started (a handover changes agency.yaml), and
records saved before that fall back to the agency details their plan versions kept."""

from __future__ import annotations

import dataclasses

from assistant.agency import Agency, Worker
from assistant.flows.loader import Content
from assistant.meetings.meeting import SAVED
from assistant.meetings.opening import open_meeting
from assistant.plans.model import Plan
from assistant.plans.workers import MeetingWorker, meeting_workers
from assistant.records import CaseStore


def with_worker(content: Content, name: str | None, team: str | None = "Riverside Team") -> Content:
    agency = Agency(organisation="Brackenford Mind", team=team, worker=Worker(name=name))
    return dataclasses.replace(content, agency=agency)


def start_meeting(case: object, content: Content) -> str:
    """A first meeting with a yes to keeping a record; its session id."""
    meeting = open_meeting(case, content).meeting  # type: ignore[arg-type]
    meeting.goto_topic("welcome")
    meeting.proceed()
    meeting.answer("Sam")
    assert meeting.answer("yes").save.state == SAVED
    return meeting.session_id


def test_a_meeting_keeps_the_worker_and_team_in_force_when_it_started(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    session = start_meeting(case, with_worker(sample_content, "Priya Patel"))
    assert case.session_workers() == {session: {"name": "Priya Patel", "team": "Riverside Team"}}
    assert meeting_workers(case) == {session: MeetingWorker("Priya Patel", "Riverside Team")}


def test_the_worker_is_kept_from_the_start_not_from_a_later_save(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    session = start_meeting(case, with_worker(sample_content, "Priya Patel"))
    later = open_meeting(case, with_worker(sample_content, "Tom Baker"), resume=True).meeting
    later.goto_topic("wellbeing")
    assert later.answer(4).save.state == SAVED
    assert case.session_workers()[session]["name"] == "Priya Patel"


def test_agency_details_without_a_worker_name_keep_none(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    start_meeting(case, with_worker(sample_content, None))
    assert case.session_workers() == {}
    assert meeting_workers(case) == {}


def test_an_older_meeting_falls_back_to_the_agency_copy_its_plan_version_kept(
    store: CaseStore,
) -> None:
    case = store.open(store.create_person("Sam"))
    # As an older version saved it: a session with no worker, a plan with the agency's copy.
    case.save_session("s-old", {"data": {}})
    agency = {"organisation": "Brackenford Mind", "team": "Riverside Team"}
    case.add_plan_version(
        {"agency": {**agency, "worker": {"name": "Priya Patel"}}}, session_id="s-old"
    )
    case.save_session("s-none", {"data": {}})
    assert meeting_workers(case) == {"s-old": MeetingWorker("Priya Patel", "Riverside Team")}


def agreed_meeting_with(case: object, worker: dict[str, str] | None, data: dict) -> None:
    """A closed meeting with an agreed plan version, as the record keeps it."""
    case.save_session("s1", {"data": data}, worker=worker)  # type: ignore[attr-defined]
    agency = Agency(organisation="Brackenford Mind", worker=Worker(name="Priya Patel"))
    case.add_plan_version(  # type: ignore[attr-defined]
        Plan(created="2026-12-06T10:00:00+00:00", agency=agency).to_json(),
        agreed=True,
        session_id="s1",
    )
    case.audit("meeting_closed", session="s1", plan_version=1, agreed=True)  # type: ignore[attr-defined]


def test_a_review_starts_knowing_the_last_meetings_worker(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    agreed_meeting_with(case, {"name": "Priya Patel"}, {"about": {"name": "Sam"}})
    meeting = open_meeting(case, with_worker(sample_content, "Tom Baker")).meeting
    assert meeting.kind == "review"
    assert meeting.conv.data["previous"]["worker"] == "Priya Patel"


def test_a_review_after_an_older_meeting_knows_its_worker_from_the_plan_version(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    agreed_meeting_with(case, None, {"about": {"name": "Sam"}})  # saved before workers were kept
    meeting = open_meeting(case, with_worker(sample_content, "Tom Baker")).meeting
    assert meeting.conv.data["previous"]["worker"] == "Priya Patel"


def test_the_new_worker_is_not_told_an_earlier_workers_action_was_theirs(
    store: CaseStore, content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    task = {"id": "w1", "what": "Check bus times to the Men's Shed"}
    data = {"about": {"name": "Sam"}, "worker_journey": {"actions": [task]}}
    agreed_meeting_with(case, {"name": "Priya Patel"}, data)
    meeting = open_meeting(case, with_worker(content, "Tom Baker")).meeting
    meeting.goto_topic("review")
    assert "Last time Priya Patel was your worker; today it is Tom Baker." in meeting.conv.step.text
    meeting.proceed()
    assert meeting.conv.step.node.id == "worker_actions_intro"
    meeting.proceed()
    step = meeting.conv.step
    assert "(Priya Patel's action)" in step.text
    assert "Priya Patel took this on, not you" in step.guidance
    assert "This was your action" not in step.guidance


def test_a_review_is_not_told_the_worker_of_an_earlier_meetings_plan(
    store: CaseStore, sample_content: Content
) -> None:
    # Meeting 1 with Priya Patel made version 1; meeting 2 (saved before workers were kept)
    # made none: who the last meeting's worker was is not known, and is not said to be Priya.
    case = store.open(store.create_person("Sam"))
    agreed_meeting_with(case, {"name": "Priya Patel"}, {"about": {"name": "Sam"}})
    case.save_session("s2", {"data": {"about": {"name": "Sam"}}})
    case.audit("meeting_closed", session="s2", agreed=False)
    meeting = open_meeting(case, with_worker(sample_content, "Tom Baker")).meeting
    assert meeting.kind == "review"
    assert "worker" not in meeting.conv.data["previous"]
