"""Each plan version names the worker of its meeting (docs/records.md, "Who the worker was"):
after a handover, `plan list`, `plan show`, every copy's agreement and the audit say which
worker it was, never "the worker" as if it were today's."""

from __future__ import annotations

import dataclasses

import pytest
from plan_support import Meetings

from assistant.agency import Agency, Worker
from assistant.cli import main
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.model import Audience
from assistant.plans.sharing import copy_for
from assistant.plans.state import plan_state_words
from assistant.plans.versions import agree_plan, versions
from assistant.records import CaseStore

PRIYA = {"name": "Priya Patel", "team": "Riverside Team"}


def with_worker(content: Content, name: str) -> Content:
    agency = Agency(
        organisation="Brackenford Mind", team="Riverside Team", worker=Worker(name=name)
    )
    return dataclasses.replace(content, agency=agency)


@pytest.fixture
def priyas(store: CaseStore, person: str, meetings: Meetings, content: Content) -> str:
    """Version 1 agreed at a meeting with Priya Patel; the agency now names Tom Baker."""
    with store.open(person) as case:
        case.save_session("s1", meetings.first.to_state(), meetings.first.log, worker=PRIYA)
        agree_plan(
            case,
            meetings.first.data,
            meetings.first.log,
            content=with_worker(content, "Tom Baker"),
            session_id="s1",
        )
    return person


def run(store: CaseStore, *args: str) -> int:
    return main([*args, "--data-dir", str(store.root)])


def test_a_version_names_the_worker_of_its_meeting_not_todays(
    store: CaseStore, priyas: str
) -> None:
    plan = versions(store.read(priyas))[0].plan
    assert plan.state is not None and plan.state.worker == "Priya Patel"
    assert "by Sam and Priya Patel, their worker" in plan_state_words(plan, "Sam")


def test_a_version_from_an_older_record_names_the_worker_its_agency_copy_kept(
    store: CaseStore, person: str, meetings: Meetings, content: Content
) -> None:
    with store.open(person) as case:
        case.save_session("s1", meetings.first.to_state(), meetings.first.log)  # no worker kept
        agree_plan(
            case,
            meetings.first.data,
            meetings.first.log,
            content=with_worker(content, "Priya Patel"),
            session_id="s1",
        )
    assert versions(store.read(person))[0].state.worker == "Priya Patel"


def test_the_persons_own_copy_speaks_to_them(store: CaseStore, priyas: str) -> None:
    plan = versions(store.read(priyas))[0].plan
    own = copy_for(plan, Audience(kind="person"))
    assert "by you and Priya Patel, your worker" in plan_state_words(own, "Sam")


def test_every_copy_names_the_worker_who_agreed(
    store: CaseStore, priyas: str, content: Content
) -> None:
    plan = versions(store.read(priyas))[0].plan
    made = render(copy_for(plan, Audience(kind="person")), "txt", agency=content.agency)
    text = made.decode() if isinstance(made, bytes) else made
    assert "Your worker, Priya Patel, agrees: Yes" in text
    assert "by you and Priya Patel, your worker" in " ".join(text.split())


def test_plan_list_names_the_worker_of_each_version(
    store: CaseStore, priyas: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "plan", "list", "Sam") == 0
    assert "by Sam and Priya Patel, their worker" in capsys.readouterr().out


def test_the_audit_says_which_worker_gave_an_answer_and_agreed(
    store: CaseStore, priyas: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "audit", "Sam") == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(
        "plan agreed" in line and "by both (the person and Priya Patel)" in line for line in lines
    )
    assert any("answer given" in line and "by worker (Priya Patel)" in line for line in lines)
    assert not any(line.endswith("by worker") for line in lines)


def test_the_audit_json_stays_as_stored(
    store: CaseStore, priyas: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "audit", "Sam", "--json") == 0
    assert "Priya Patel" not in capsys.readouterr().out
