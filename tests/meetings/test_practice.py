"""A practice meeting: the trainee's moves and the persona's reactions (solo), no case record."""

from __future__ import annotations

import pytest

from assistant.flows.loader import Content
from assistant.meetings.meeting import FAILED, HELD, SAVED, SaveStatus
from assistant.meetings.practice import TrainingMeeting, practice_meeting, resume_practice_meeting
from assistant.records import RecordLocked
from assistant.training.loader import get_persona
from assistant.training.moves import Move
from assistant.training.session import TrainingSession
from assistant.training.store import list_practices, load_practice, open_training_store


def practice(content: Content, mode: str) -> TrainingMeeting:
    training = TrainingSession(get_persona("stan"), content, mode=mode, seed=8)
    return practice_meeting(training, None)  # no training store: nothing is kept


def test_solo_opening_a_topic_shows_its_first_step_and_nobody_answers(content: Content) -> None:
    meeting = practice(content, "solo")
    assert meeting.session_id.startswith("practice-")
    outcome = meeting.goto_topic("getting_started")
    assert outcome.done
    assert meeting.said == []  # no topic plays itself
    assert (meeting.conv.step.topic, meeting.conv.step.node_id) == ("getting_started", "hello")


def test_solo_the_persona_reacts_to_the_trainees_move_and_goes_one_step_on(
    content: Content,
) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    meeting.proceed()  # past the hello: the trainee's own line
    assert meeting.conv.step.node_id == "name"
    outcome = meeting.move(Move("open_question", words="What would you like me to call you?"))
    assert outcome.done
    assert {who for who, _ in meeting.said} == {"Stan"}
    assert meeting.turn is not None and meeting.turn.reaction == "answered"
    assert meeting.conv.step.node_id == "keyboard"  # one step on, no further
    assert meeting.conv.log[-1]["by"] == "person"


def test_solo_typing_at_the_persons_step_is_answering_for_them(content: Content) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    meeting.proceed()
    outcome = meeting.answer("Stanley")
    assert outcome.done
    assert meeting.turn is not None and meeting.turn.reaction == "talked_over"
    assert meeting.conv.log[-1]["by"] == "worker"
    assert meeting.training.events[-2]["kind"] == "talked_over"


def test_a_move_that_does_not_fit_the_step_changes_nothing(content: Content) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    meeting.proceed()
    before = (len(meeting.conv.log), len(meeting.training.events))
    outcome = meeting.move(Move("propose", words="The allotment"))  # not a goal list
    assert not outcome.done and "does not fit" in outcome.message
    assert (len(meeting.conv.log), len(meeting.training.events)) == before


def test_each_move_is_saved_before_the_next_step_shows(content: Content, tmp_path) -> None:
    training = TrainingSession(get_persona("stan"), content, seed=8)
    meeting = practice_meeting(training, open_training_store(tmp_path))
    meeting.goto_topic("getting_started")
    meeting.proceed()
    status = meeting.move(Move("open_question")).save
    assert status is not None and status.state == SAVED
    saved = load_practice(
        meeting.training_store, meeting._record, meeting._practice_session, content=content
    )
    assert [e["kind"] for e in saved.events] == [e["kind"] for e in training.events]


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


def test_back_past_a_move_takes_the_move_and_its_reaction_back(content: Content) -> None:
    # The undone move stayed in the transcript, the replay and the scores.
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    meeting.proceed()
    before = list(meeting.training.events)
    warmth = meeting.training.warmth
    meeting.move(Move("open_question", words="What would you like me to call you?"))
    assert len(meeting.training.events) > len(before)
    assert meeting.back().done
    assert meeting.conv.step.node_id == "name"
    assert meeting.training.events == before
    assert meeting.training.warmth == warmth
    # Taken back, nothing was said: there is nothing to reflect back yet, said plainly.
    refused = meeting.move(Move("reflect"))
    assert not refused.done and "has not said anything yet" in (refused.message or "")
    meeting.move(Move("closed_question"))
    moves = [e["move"] for e in meeting.training.events if e["kind"] == "move"]
    assert moves == ["closed_question"]


def test_back_past_a_trainees_own_answer_keeps_the_moves_before_it(content: Content) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    meeting.proceed()
    meeting.move(Move("open_question"))
    kept = list(meeting.training.events)
    meeting.goto_topic("closing")  # another topic: nothing of the move is undone by Back
    assert meeting.back().done
    assert meeting.training.events == kept


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


def test_a_resumed_practice_saves_into_its_own_record(content: Content, tmp_path) -> None:
    store = open_training_store(tmp_path)
    first = practice_meeting(TrainingSession(get_persona("stan"), content, seed=8), store)
    first.goto_topic("getting_started")
    record, session = first.saved_as
    first.release()  # that window is closed
    resumed = resume_practice_meeting(
        store, record, session, lambda: load_practice(store, record, session, content=content)
    )
    resumed.proceed()
    assert resumed.saved_as == (record, session)
    assert [p.record_id for p in list_practices(store)] == [record]


def test_a_practice_once_saved_is_held_so_no_other_window_can_open_it(
    content: Content, tmp_path
) -> None:
    store = open_training_store(tmp_path)
    meeting = practice_meeting(TrainingSession(get_persona("stan"), content, seed=8), store)
    meeting.goto_topic("getting_started")
    record, _ = meeting.saved_as
    assert record is not None
    with pytest.raises(RecordLocked, match="is open in another window"):
        open_training_store(tmp_path).open(record)  # another window's store


def test_a_practice_open_in_another_window_is_not_resumed(content: Content, tmp_path) -> None:
    store = open_training_store(tmp_path)
    first = practice_meeting(TrainingSession(get_persona("stan"), content, seed=8), store)
    first.goto_topic("getting_started")
    record, session = first.saved_as
    assert record is not None and session is not None
    other = open_training_store(tmp_path)
    with pytest.raises(RecordLocked, match="is open in another window"):
        resume_practice_meeting(
            other, record, session, lambda: load_practice(other, record, session, content=content)
        )


def test_ending_a_practice_lets_another_window_open_it(content: Content, tmp_path) -> None:
    store = open_training_store(tmp_path)
    meeting = practice_meeting(TrainingSession(get_persona("stan"), content, seed=8), store)
    meeting.goto_topic("getting_started")
    record, _ = meeting.saved_as
    assert record is not None
    meeting.finish(agreed=False)
    with open_training_store(tmp_path).open(record) as case:
        assert case.person_id == record


def test_ending_a_practice_marks_it_finished(content: Content, tmp_path) -> None:
    store = open_training_store(tmp_path)
    meeting = practice_meeting(TrainingSession(get_persona("stan"), content, seed=8), store)
    meeting.goto_topic("getting_started")
    assert not list_practices(store)[0].is_finished
    meeting.finish(agreed=False)
    assert list_practices(store)[0].is_finished


def test_solo_picking_the_persons_menu_option_is_answering_for_them(content: Content) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("what_matters")
    while meeting.conv.step.node_id != "ratings_menu":
        step = meeting.conv.step
        assert (meeting.proceed() if step.kind == "say" else meeting.skip()).done
    outcome = meeting.choose("ratings_now")
    assert outcome.done
    assert meeting.turn is not None and meeting.turn.reaction == "talked_over"
    assert meeting.training.events[meeting.turn.moment]["move"] == "answer_for"
    assert meeting.conv.log[-1]["by"] == "worker"


def test_a_name_typed_for_the_persona_stays_an_answer_and_the_person_is_still_the_persona(
    content: Content,
) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    meeting.proceed()
    assert meeting.conv.step.node_id == "name"
    assert meeting.answer("Margaret Jones").done  # the worker answers for them (move 8)
    assert meeting.conv.log[-1]["value"] == "Margaret Jones"
    assert meeting.person_name == "Stan"


def test_solo_changing_the_personas_answer_is_refused_and_nothing_changes(
    content: Content,
) -> None:
    meeting = practice(content, "solo")
    meeting.goto_topic("getting_started")
    meeting.proceed()
    meeting.move(Move("open_question"))
    log = len(meeting.conv.log)
    outcome = meeting.edit("about.name", "Margaret Jones", by="person")
    assert not outcome.done and "Stan's words stay Stan's" in outcome.message
    assert (meeting.conv.data["about"]["name"], len(meeting.conv.log)) == ("Stan", log)


def test_paired_the_colleague_playing_the_persona_may_change_their_answer(
    content: Content,
) -> None:
    meeting = practice(content, "paired")
    meeting.goto_topic("getting_started")
    meeting.proceed()
    meeting.answer("Stan")
    outcome = meeting.edit("about.name", "Stanley", by="person")
    assert outcome.done and meeting.conv.log[-1]["by"] == "person"
