"""Answers holding text the terminal or the disk cannot take as it is (issue 13 §4)."""

from __future__ import annotations

from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.meeting import SAVED, Meeting
from assistant.records import CaseStore


def start(store: CaseStore, content: Content) -> Meeting:
    person = store.create_person("Sam")
    case = store.open(person)
    return Meeting(Conversation(content), case, "s1", person=case.person, consent_required=False)


def saved_data(store: CaseStore, person_id: str) -> dict[str, Any]:
    with CaseStore(store.root).read(person_id) as case:
        state = case.load_session("s1")
    assert state is not None
    return state["data"]


def test_an_answer_with_a_lone_surrogate_is_saved_with_a_replacement_mark(
    store: CaseStore, sample_content: Content
) -> None:
    meeting = start(store, sample_content)
    meeting.goto_topic("welcome")
    meeting.proceed()  # past the hello
    outcome = meeting.answer("Sa\ud800m")
    assert outcome.done and outcome.save.state == SAVED
    assert saved_data(store, meeting.case.person_id)["about"]["name"] == "Sa\ufffdm"


def test_an_answer_keeps_the_persons_other_characters(
    store: CaseStore, sample_content: Content
) -> None:
    meeting = start(store, sample_content)
    meeting.goto_topic("welcome")
    meeting.proceed()  # past the hello
    meeting.answer("Zoë \u05e9\u05dc\u05d5\u05dd 👋")
    assert (
        saved_data(store, meeting.case.person_id)["about"]["name"]
        == "Zoë \u05e9\u05dc\u05d5\u05dd 👋"
    )
