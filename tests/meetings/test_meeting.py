"""A meeting saves after every action, before the next prompt; nothing is ever lost."""

from __future__ import annotations

import errno
import os
from typing import Any

import pytest

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content, load_content
from assistant.meetings.history import history_of
from assistant.meetings.meeting import FAILED, HELD, SAVED, Meeting
from assistant.meetings.opening import next_meeting_data, starting_data
from assistant.meetings.paths import agreement_of, needs_consent
from assistant.records import CaseStore, atomic


def fail_case_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.replace

    def failing(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        if ".case" in str(dst):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", failing)


def start(store: CaseStore, content: Content, **kw: Any) -> Meeting:
    person = store.create_person("Sam")
    case = store.open(person)
    return Meeting(Conversation(content), case, "s1", person=case.person, **kw)


def saved_state(store: CaseStore, person_id: str) -> dict[str, Any] | None:
    with CaseStore(store.root).read(person_id) as case:
        return case.load_session("s1")


def test_each_answer_is_on_disk_when_act_returns(store: CaseStore, sample_content) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    outcome = meeting.answer(5)
    assert outcome.done and outcome.save.state == SAVED
    state = saved_state(store, meeting.case.person_id)
    assert state["data"]["ratings"]["friendships"] == 5
    assert state["log"][-1]["by"] == "both"  # the rating is addressed to both


def test_who_answered_is_recorded(store: CaseStore, sample_content) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    assert meeting.by == "both"  # the question is addressed to both
    assert meeting.cycle_by() == "person"
    assert meeting.cycle_by() == "worker"
    meeting.answer(3)
    assert meeting.conv.log[-1]["by"] == "worker"
    with CaseStore(store.root).read(meeting.case.person_id) as case:
        assert case.audit_events()[-1]["by"] == "worker"


def test_nothing_is_saved_until_the_person_agrees_to_a_record(
    store: CaseStore, sample_content
) -> None:
    assert needs_consent(sample_content)
    meeting = start(store, sample_content)
    meeting.goto_topic("welcome")
    meeting.proceed()
    assert meeting.answer("Sam").save.state == HELD
    assert saved_state(store, meeting.case.person_id) is None
    assert meeting.answer("yes").save.state == SAVED
    # Everything said before the yes is saved with it.
    assert saved_state(store, meeting.case.person_id)["data"]["about"]["name"] == "Sam"


def test_a_refused_answer_keeps_everything_and_says_why(store: CaseStore, sample_content) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    outcome = meeting.answer(99)
    assert not outcome.done
    assert outcome.message == "Please pick a number from 1 to 7."
    assert meeting.conv.step.node_id == "friends"


def test_a_failed_save_keeps_the_answer_and_a_retry_writes_it(
    store: CaseStore, sample_content, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
        fail_case_writes(patch)
        outcome = meeting.answer(6)
        assert outcome.done  # the conversation moves on: the answer is kept in memory
        assert outcome.save.state == FAILED
        assert "the disk is full" in outcome.save.message
        assert meeting.conv.data["ratings"]["friendships"] == 6
    assert meeting.retry_save().state == SAVED
    assert saved_state(store, meeting.case.person_id)["data"]["ratings"]["friendships"] == 6


def test_a_failed_save_is_retried_with_the_next_answer(
    store: CaseStore, sample_content, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
        fail_case_writes(patch)
        meeting.answer(6)
    assert meeting.answer(10).save.state == SAVED
    with CaseStore(store.root).read(meeting.case.person_id) as case:
        kinds = [e["kind"] for e in case.audit_events()]
    assert kinds.count("answer_given") == 2


def test_back_is_saved_too(store: CaseStore, sample_content) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    meeting.answer(6)
    assert meeting.back().done
    state = saved_state(store, meeting.case.person_id)
    assert "ratings" not in state["data"] or not state["data"]["ratings"]


def test_back_is_recorded_as_undone_by_whoever_is_answering(
    store: CaseStore, sample_content
) -> None:
    # Not "both" whoever pressed it: the one answering on screen undid it, as for any action.
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    meeting.answer(6)
    meeting.choose_by("worker")
    assert meeting.back().done
    with CaseStore(store.root).read(meeting.case.person_id) as case:
        undo = case.audit_events()[-1]
    assert (undo["kind"], undo["by"]) == ("answer_undone", "worker")


def test_back_at_the_start_says_so_calmly(store: CaseStore, sample_content) -> None:
    meeting = start(store, sample_content, consent_required=False)
    outcome = meeting.back()
    assert not outcome.done
    assert "nothing to go back to" in outcome.message


def test_history_knows_an_unfinished_meeting(store: CaseStore, sample_content) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    meeting.answer(4)
    history = history_of(meeting.case)
    assert history.can_resume and history.meetings == 1
    assert history.last_data["ratings"]["friendships"] == 4


def test_finishing_without_agreement_saves_a_plan_not_yet_agreed(
    store: CaseStore, sample_content
) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    meeting.answer(4)
    version, message = meeting.finish(agreed=False)
    assert version == 1 and "not agreed yet" in message
    history = history_of(meeting.case)
    assert not history.open_session and history.agreed_plan is None
    assert history.ratings[-1]["ratings"] == {"friendships": 4}


TWO_RATINGS = """
id: rate
title: Two ratings
description: Two life areas.
nodes:
  - id: friends
    kind: ask
    type: rating
    prompt: "Friendships?"
    store: ratings.friendships
    min: 1
    max: 7
  - id: family
    kind: ask
    type: rating
    prompt: "Family?"
    store: ratings.family
    min: 1
    max: 7
  - id: fin
    kind: end
"""


@pytest.mark.parametrize(
    ("speakers", "credited"),
    [
        (["person", "person"], "person"),
        (["worker", "worker"], "worker"),
        (["person", "worker"], "both"),
        (["both", "both"], "both"),
    ],
)
def test_ratings_are_credited_to_who_gave_them(
    store: CaseStore, write_topics: Any, speakers: list[str], credited: str
) -> None:
    # Saved "by both" whoever answered: the ratings history misstated who gave the numbers.
    meeting = start(store, load_content(write_topics(rate=TWO_RATINGS)), consent_required=False)
    meeting.goto_topic("rate")
    for by in speakers:
        while meeting.by != by:
            meeting.cycle_by()
        assert meeting.answer(4).done
    meeting.finish(agreed=False)
    [given] = history_of(meeting.case).ratings
    assert given["ratings"] == {"friendships": 4, "family": 4}
    assert given["by"] == credited


def test_ratings_given_again_as_they_were_stay_credited_to_who_gave_them(
    store: CaseStore, write_topics: Any
) -> None:
    # The topic gone through again and each number confirmed by the worker: the ratings
    # history said the worker gave the person's numbers.
    meeting = start(store, load_content(write_topics(rate=TWO_RATINGS)), consent_required=False)
    for by in ("person", "worker"):
        meeting.goto_topic("rate")
        for _ in range(2):
            while meeting.by != by:
                meeting.cycle_by()
            assert meeting.answer(4).done
    assert meeting.conv.status("rate") == "done"
    assert [e["by"] for e in meeting.conv.log if e.get("path") == "ratings.family"] == [
        "person",
        "worker",
    ]
    meeting.finish(agreed=False)
    [given] = history_of(meeting.case).ratings
    assert given["by"] == "person"


def test_an_agreed_plan_needs_both_to_agree_in_closing(store: CaseStore, content) -> None:
    meeting = start(store, content, consent_required=False)
    version, message = meeting.finish(agreed=True)
    assert version is None
    assert "not said" in message
    assert not meeting.closed


def test_agreement_words() -> None:
    assert agreement_of({}) is None
    assert agreement_of({"agreement": {"person_agrees": "yes", "worker_agrees": "mostly"}})
    assert agreement_of({"agreement": {"person_agrees": "no", "worker_agrees": "yes"}}) is False


def test_a_later_meeting_starts_from_earlier_answers_with_previous_ratings() -> None:
    seed = next_meeting_data(
        {
            "about": {"name": "Sam"},
            "ratings": {"friendships": 3},
            "agreement": {"date": "2026-01-02"},
        }
    )
    assert seed["about"] == {"name": "Sam"}
    assert "ratings" not in seed and "agreement" not in seed
    assert seed["previous"] == {
        "ratings": {"friendships": 3},
        "rating_dates": {"friendships": "2026-01-02"},  # the day each rating was given
        "date": "2026-01-02",
    }


# -- consent over time, and names ---------------------------------------------------------


def recorded_welcome(store: CaseStore, content: Content, name: str = "Sam") -> Meeting:
    """Welcome answered with a yes to keeping a record: the meeting is being saved."""
    meeting = start(store, content)
    meeting.goto_topic("welcome")
    meeting.proceed()
    meeting.answer(name)
    assert meeting.answer("yes").save.state == SAVED
    return meeting


def files_text(store: CaseStore, person_id: str) -> str:
    path = store.case_path(person_id)
    return path.read_bytes().decode() + path.with_name(path.name + ".bak").read_bytes().decode()


def test_a_later_no_stops_saving_and_waits_for_the_peoples_choice(
    store: CaseStore, sample_content
) -> None:
    meeting = recorded_welcome(store, sample_content)
    outcome = meeting.edit("consent.record", False)
    assert outcome.save.state == HELD
    assert meeting.withdrawal_pending
    assert saved_state(store, meeting.case.person_id)["data"]["consent"]["record"] is True


def test_keeping_what_was_saved_is_audited_and_nothing_more_is_saved(
    store: CaseStore, sample_content
) -> None:
    meeting = recorded_welcome(store, sample_content)
    meeting.edit("consent.record", False)
    message = meeting.keep_saved()
    assert "stay in the record" in message
    meeting.edit("about.name", "Samira")
    person_id = meeting.case.person_id
    assert saved_state(store, person_id)["data"]["about"]["name"] == "Sam"
    with CaseStore(store.root).read(person_id) as case:
        event = case.audit_events()[-1]
        assert case.person["consent_record"] is False
    assert (event["kind"], event["saved_today"]) == ("consent_withdrawn", "kept")


def test_erasing_today_removes_the_meeting_from_the_record_and_its_backup(
    store: CaseStore, sample_content
) -> None:
    meeting = recorded_welcome(store, sample_content, name="Zebedee")
    person_id = meeting.case.person_id
    assert "Zebedee" in files_text(store, person_id)
    meeting.edit("consent.record", False)
    assert meeting.erase_today().startswith("Erased")
    assert not meeting.withdrawal_pending
    assert "Zebedee" not in files_text(store, person_id)
    index = store.index_path
    for path in (index, index.with_name(index.name + ".bak")):
        assert "Zebedee" not in path.read_text(encoding="utf-8")
    with CaseStore(store.root).read(person_id) as case:
        assert case.sessions() == []
        kinds = [e["kind"] for e in case.audit_events()]
    assert kinds[-2:] == ["session_erased", "consent_withdrawn"]
    assert "today's answers were erased" in meeting.status.message


def test_a_yes_after_an_erasure_saves_the_whole_meeting_again(
    store: CaseStore, sample_content
) -> None:
    meeting = recorded_welcome(store, sample_content)
    meeting.edit("consent.record", False)
    meeting.erase_today()
    assert meeting.edit("consent.record", True).save.state == SAVED
    state = saved_state(store, meeting.case.person_id)
    assert state["data"]["about"]["name"] == "Sam"
    with CaseStore(store.root).read(meeting.case.person_id) as case:
        assert case.audit_events()[-1]["kind"] != "consent_withdrawn"
        assert case.person["consent_record"] is True


def test_not_recorded_yet_says_how_to_agree(store: CaseStore, sample_content) -> None:
    meeting = start(store, sample_content, topics_key="F4")  # the key the UI gives
    meeting.goto_topic("welcome")
    status = meeting.proceed().save
    assert status.state == HELD
    assert status.message == (
        "Not recorded yet: nothing from today is kept until you agree. "
        "To agree, press F4 and open Welcome."
    )


def test_a_new_name_given_in_a_recorded_meeting_becomes_the_display_name(
    store: CaseStore, sample_content
) -> None:
    meeting = recorded_welcome(store, sample_content, name="Sammy")
    assert meeting.person_name == "Sammy"
    people = CaseStore(store.root).list_people()
    assert [p.display_name for p in people] == ["Sammy"]


def test_a_name_given_before_agreeing_to_a_record_is_not_stored(
    store: CaseStore, sample_content
) -> None:
    meeting = start(store, sample_content)
    meeting.goto_topic("welcome")
    meeting.proceed()
    meeting.answer("Sammy")
    assert meeting.person_name == "Sammy"  # shown on screen at once
    assert [p.display_name for p in CaseStore(store.root).list_people()] == ["Sam"]


def test_a_new_meeting_starts_with_the_name_already_given() -> None:
    # The name the person gave is kept over the record's (the team's filing name).
    data = starting_data({"about": {"name": "Sammy"}}, {"display_name": "Sam"})
    assert data["about"]["name"] == "Sammy"
    assert starting_data(None, {"display_name": "Sam"}) == {
        "about": {"name": "Sam", "name_from_record": True}
    }


def test_after_a_no_an_earlier_yes_no_longer_counts() -> None:
    seed = {"consent": {"record": True}}
    assert starting_data(seed, {"consent_record": False}) == {"consent": {}}
    assert starting_data(seed, {"consent_record": True}) == seed


def test_old_words_of_what_not_to_write_down_are_not_carried_over() -> None:
    seed = {"consent": {"record": True, "not_recorded": "my brother"}}
    assert starting_data(seed, {}, new=False) == {"consent": {"record": True}}


def test_finishing_after_keeping_says_what_was_kept(store: CaseStore, sample_content) -> None:
    meeting = recorded_welcome(store, sample_content)
    meeting.edit("consent.record", False)
    meeting.keep_saved()
    assert "nothing more will be saved" in meeting.not_recorded_note()
    version, message = meeting.finish(agreed=False)
    assert version is None
    assert "What was saved before the no to keeping a record stays." in message


def test_finishing_with_no_record_at_all_says_nothing_was_recorded(
    store: CaseStore, sample_content
) -> None:
    meeting = start(store, sample_content)
    meeting.goto_topic("welcome")
    meeting.proceed()
    assert meeting.not_recorded_note().endswith("so nothing will be saved.")
    assert meeting.finish(agreed=False) == (
        None,
        "Finished. Nothing from this meeting was recorded.",
    )


# -- saves written alongside (the session screen's steps) ---------------------------------------


def test_a_step_saved_alongside_is_in_flight_until_settled(
    store: CaseStore, sample_content
) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    with meeting.writing_alongside():
        meeting.answer(5)
    assert meeting.in_flight
    assert meeting.settle().state == SAVED
    assert not meeting.in_flight
    assert saved_state(store, meeting.case.person_id)["data"]["ratings"]["friendships"] == 5


def test_a_step_saved_outside_the_block_is_on_disk_when_it_returns(
    store: CaseStore, sample_content
) -> None:
    meeting = start(store, sample_content, consent_required=False)
    with meeting.writing_alongside():
        meeting.goto_topic("wellbeing")
    meeting.settle()
    meeting.answer(5)
    assert not meeting.in_flight


def test_a_failed_save_alongside_is_failed_once_settled_and_kept(
    store: CaseStore, sample_content, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
        fail_case_writes(patch)
        with meeting.writing_alongside():
            outcome = meeting.answer(6)
        assert outcome.done
        status = meeting.settle()
        assert status.state == FAILED and "the disk is full" in status.message
    assert meeting.retry_save().state == SAVED
    assert saved_state(store, meeting.case.person_id)["data"]["ratings"]["friendships"] == 6


def test_finishing_after_a_step_saved_alongside_waits_for_it(
    store: CaseStore, sample_content, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = start(store, sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    fail_case_writes(monkeypatch)
    with meeting.writing_alongside():
        meeting.answer(6)
    # Not settled by the screen: finishing finds the failure before it says anything.
    version, message = meeting.finish(agreed=False)
    assert version is None and "the disk is full" in message


@pytest.mark.parametrize(
    ("path", "about"),
    [
        ("goals.list.#g1.next", "See Dave every Sunday"),
        ("goals.list.#g1.actions.#a1.status", "Ring Dave"),
        ("goals.list", None),  # the list itself: about no one record
        ("goals.list.#gone.next", None),
    ],
)
def test_an_answer_in_a_loop_says_which_record_it_is_about(
    content: Content, path: str, about: str | None
) -> None:
    goal = {
        "id": "g1",
        "what": "See Dave every Sunday",
        "actions": [{"id": "a1", "what": "Ring Dave"}],
    }
    meeting = Meeting(Conversation(content, {"goals": {"list": [goal]}}), None, "first")
    assert meeting.record_about(path) == about


def test_the_meetings_plan_leaves_out_answers_whose_question_no_longer_applies(
    store: CaseStore, content: Content
) -> None:
    # "What would help you feel ready for that?" is asked after "Meet less often" only: back
    # at "Keep meeting like now", its words stay stored but are in no plan the app shows.
    review = {"moving_on": "same", "moving_on_help": "Knowing the choir well"}
    person = store.create_person("Sam")
    case = store.open(person)
    conv = Conversation(content, {"review": {**review, "keep": "The walks"}})
    meeting = Meeting(conv, case, "s1", person=case.person)
    plan_review = meeting.plan().review
    assert plan_review is not None and plan_review.keep is not None
    assert plan_review.moving_on_help is None
