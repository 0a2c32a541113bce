"""A practice meeting: the trainee's actions, the persona's turns (solo), no case record."""

from __future__ import annotations

from assistant.flows.loader import Content
from assistant.meetings.meeting import FAILED, HELD, SaveStatus
from assistant.meetings.practice import TrainingMeeting, practice_meeting
from assistant.training.loader import get_persona
from assistant.training.session import TrainingSession


def practice(content: Content, mode: str) -> TrainingMeeting:
    training = TrainingSession(get_persona("stan"), content, mode=mode, seed=8)
    return practice_meeting(training, None)  # no training store: nothing is kept


def test_solo_the_persona_answers_its_own_steps_after_the_trainees(content: Content) -> None:
    meeting = practice(content, "solo")
    assert meeting.session_id.startswith("practice-")
    outcome = meeting.goto_topic("getting_started")
    assert outcome.done
    assert meeting.said  # the persona said something in answer
    assert {who for who, _ in meeting.said} == {"Stan"}


def test_paired_a_colleague_answers_so_the_persona_says_nothing(content: Content) -> None:
    meeting = practice(content, "paired")
    assert meeting.goto_topic("getting_started").done
    assert meeting.said == []
    assert meeting.conv.step.kind != "topics"  # the topic's first step waits for them


def test_going_back_does_not_make_the_persona_answer_again(content: Content) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    assert meeting.back().done
    assert meeting.said == []


def test_practice_without_training_records_says_it_is_not_kept(content: Content) -> None:
    meeting = practice(content, "paired")
    status = meeting.goto_topic("getting_started").save
    assert status is not None and status.state == HELD
    assert "not kept" in status.message


def test_a_finished_practice_takes_no_more_answers(content: Content) -> None:
    meeting = practice(content, "solo")
    version, message = meeting.finish(agreed=False)
    assert version is None and "Practice finished" in message
    before = len(meeting.conv.log)
    for outcome in (meeting.goto_topic("getting_started"), meeting.answer("Stan")):
        assert not outcome.done
        assert outcome.message == "This practice has finished."
    assert len(meeting.conv.log) == before


def test_leaving_a_practice_warns_only_when_its_save_failed(content: Content) -> None:
    meeting = practice(content, "paired")
    meeting.goto_topic("getting_started")
    assert meeting.unsaved_warning() is None  # not kept on purpose (no training records)
    meeting.status = SaveStatus(FAILED, "Practice not saved: disk full")
    assert meeting.unsaved_warning() == "The practice could not be saved to the training records."
