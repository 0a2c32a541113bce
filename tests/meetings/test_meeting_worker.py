"""Each meeting keeps who the worker was when it started (a handover changes agency.yaml), and
records saved before that fall back to the agency details their plan versions kept."""

from __future__ import annotations

import dataclasses

from assistant.agency import Agency, Worker
from assistant.flows.loader import Content
from assistant.meetings.meeting import SAVED
from assistant.meetings.opening import open_meeting
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
