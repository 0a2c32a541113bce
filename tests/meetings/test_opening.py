"""Opening a meeting from a record: the first, a later one, a review, or the open one again."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.meeting import HELD, NOTHING_YET, SAVED, Meeting
from assistant.meetings.opening import (
    NothingToResume,
    next_meeting_data,
    open_meeting,
    starting_data,
    with_earlier_goals,
)
from assistant.plans.model import Action, Goal, Plan
from assistant.records import CaseStore


def first_meeting_with_a_rating(store: CaseStore, content: Content, rating: int = 4) -> Any:
    """A first meeting with a yes to keeping a record and one rating, left open."""
    case = store.open(store.create_person("Sam"))
    meeting = open_meeting(case, content).meeting
    meeting.goto_topic("welcome")
    meeting.proceed()
    meeting.answer("Sam")
    assert meeting.answer("yes").save.state == SAVED
    meeting.goto_topic("wellbeing")
    assert meeting.answer(rating).save.state == SAVED
    return case, meeting


def test_a_first_meeting_starts_with_the_name_on_record(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    opened = open_meeting(case, sample_content)
    assert opened.meeting.kind == "first"
    assert opened.history.meetings == 0
    assert opened.meeting.conv.data == {"about": {"name": "Sam", "name_from_record": True}}
    assert opened.warnings == ()


def test_a_meeting_that_needs_agreement_says_from_the_start_that_nothing_is_kept(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    meeting = open_meeting(case, sample_content).meeting
    assert meeting.status.state == HELD
    assert meeting.status.message.startswith("Not recorded yet")
    assert meeting.unsaved_warning() is None  # nothing said yet, so nothing to lose


def test_the_opening_note_names_the_key_the_screen_gives_later(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    meeting = open_meeting(case, sample_content).meeting
    meeting.topics_key = "F4"
    assert "F4" in meeting.status.message


def test_a_meeting_that_needs_no_agreement_opens_with_nothing_saved_yet(
    store: CaseStore, sample_content: Content
) -> None:
    case = store.open(store.create_person("Sam"))
    meeting = Meeting(Conversation(sample_content), case, "s1", consent_required=False)
    assert meeting.status.state == NOTHING_YET
    meeting.topics_key = "F4"
    assert meeting.status.state == NOTHING_YET


def test_resuming_carries_on_the_open_meeting_in_the_same_session(
    store: CaseStore, sample_content: Content
) -> None:
    case, first = first_meeting_with_a_rating(store, sample_content)
    opened = open_meeting(case, sample_content, resume=True)
    meeting = opened.meeting
    assert meeting.kind == "resumed"
    assert meeting.session_id == first.session_id
    assert meeting.conv.data["ratings"] == {"friendships": 4}
    assert meeting.status.state == SAVED  # what was said before is already in the record
    assert len(case.sessions()) == 1


def test_without_resume_a_new_meeting_starts_from_the_last_answers(
    store: CaseStore, sample_content: Content
) -> None:
    case, first = first_meeting_with_a_rating(store, sample_content)
    first.finish(agreed=False)
    opened = open_meeting(case, sample_content)
    meeting = opened.meeting
    assert meeting.kind == "next"
    assert meeting.session_id != first.session_id
    assert "ratings" not in meeting.conv.data
    assert meeting.conv.data["previous"]["ratings"] == {"friendships": 4}
    assert meeting.previous_plan is not None and meeting.previous_plan.number == 1


def test_resuming_a_finished_meeting_is_refused_not_replaced_by_a_new_one(
    store: CaseStore, sample_content: Content
) -> None:
    # Finished in another window after Home offered "Resume": a new meeting started silently.
    case, first = first_meeting_with_a_rating(store, sample_content)
    first.finish(agreed=False)
    sessions = len(case.sessions())
    with pytest.raises(NothingToResume):
        open_meeting(case, sample_content, resume=True)
    assert len(case.sessions()) == sessions


def test_after_an_agreed_plan_the_next_meeting_is_a_review(
    store: CaseStore, sample_content: Content
) -> None:
    case, first = first_meeting_with_a_rating(store, sample_content)
    first.finish(agreed=False)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)
    assert open_meeting(case, sample_content).meeting.kind == "review"


def test_a_review_carried_on_after_a_stop_is_still_a_review(
    store: CaseStore, sample_content: Content
) -> None:
    case, first = first_meeting_with_a_rating(store, sample_content)
    first.finish(agreed=False)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)
    review = open_meeting(case, sample_content).meeting
    review.goto_topic("wellbeing")
    assert review.answer(5).save.state == SAVED  # then the app stops, the meeting open
    resumed = open_meeting(case, sample_content, resume=True).meeting
    assert (resumed.kind, resumed.session_id) == ("resumed", review.session_id)
    assert resumed.review


def test_a_first_meeting_carried_on_is_not_a_review(
    store: CaseStore, sample_content: Content
) -> None:
    case, _first = first_meeting_with_a_rating(store, sample_content)
    assert not open_meeting(case, sample_content, resume=True).meeting.review


def test_a_first_meeting_agreed_while_open_is_not_called_a_review_when_carried_on(
    store: CaseStore, sample_content: Content
) -> None:
    # `plan agree` on a first meeting the app left open: its own plan made it "a review".
    case, first = first_meeting_with_a_rating(store, sample_content)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)
    assert not open_meeting(case, sample_content, resume=True).meeting.review


def test_after_a_no_to_keeping_a_record_a_new_meeting_saves_nothing_until_yes(
    store: CaseStore, sample_content: Content
) -> None:
    case, first = first_meeting_with_a_rating(store, sample_content)
    first.finish(agreed=False)
    case.note_consent(False, session=first.session_id)
    meeting = open_meeting(case, sample_content).meeting
    assert "record" not in meeting.conv.data["consent"]  # the earlier yes no longer counts
    meeting.goto_topic("wellbeing")
    assert meeting.answer(2).save.state == HELD
    assert len(case.sessions()) == 1


def test_a_later_meeting_without_a_record_starts_from_the_answers_alone() -> None:
    # The CLI's demo and the authoring tools' walks: no person on record.
    last = {"about": {"name": "Sam"}, "ratings": {"friendships": 3}, "consent": {"record": True}}
    data = next_meeting_data(last)
    assert data["about"] == {"name": "Sam"}
    assert data["consent"] == {"record": True}
    assert data["previous"] == {"ratings": {"friendships": 3}}


def test_a_later_meeting_for_a_person_takes_their_record_into_account() -> None:
    last = {"about": {"name": "Sam"}, "consent": {"record": True}}
    person = {"display_name": "Sam", "consent_record": False}
    data = next_meeting_data(last, None, person)
    assert data["consent"] == {}


def test_renaming_the_record_does_not_change_what_the_person_likes_to_be_called() -> None:
    last = {"about": {"name": "Maureen"}, "consent": {"record": True}}
    person = {"display_name": "Maureen H"}  # the team renamed the record (details --name)
    data = next_meeting_data(last, None, person)
    assert data["about"] == {"name": "Maureen"}


def test_a_name_only_filled_in_from_the_record_follows_a_corrected_record_name() -> None:
    first = starting_data(None, {"display_name": "Jhon Smith"})  # named on Home, a typo
    data = next_meeting_data(first, None, {"display_name": "John Smith"}, log=[])
    assert data["about"]["name"] == "John Smith"


def test_a_name_only_filled_in_from_the_record_follows_it_meeting_after_meeting() -> None:
    first = starting_data(None, {"display_name": "Jhon Smith"})
    second = next_meeting_data(first, None, {"display_name": "Jhon Smith"}, log=[])
    third = next_meeting_data(second, None, {"display_name": "John Smith"}, log=[])
    assert third["about"]["name"] == "John Smith"


def test_a_name_the_person_confirmed_at_the_name_question_survives_a_rename() -> None:
    first = starting_data(None, {"display_name": "Maureen"})
    log = [{"seq": 1, "action": "answered", "path": "about.name", "value": "Maureen"}]
    data = next_meeting_data(first, None, {"display_name": "Maureen H"}, log=log)
    assert data["about"]["name"] == "Maureen"


def test_a_name_answer_taken_back_leaves_the_name_filled_in_from_the_record() -> None:
    first = starting_data(None, {"display_name": "Jhon"})
    log = [
        {"seq": 1, "action": "changed", "path": "about.name", "value": "Jo"},
        {"seq": 2, "action": "undone", "of": 1},
    ]
    data = next_meeting_data(first, None, {"display_name": "John"}, log=log)
    assert data["about"]["name"] == "John"


def test_a_later_meeting_with_no_name_given_starts_with_the_records_name() -> None:
    data = next_meeting_data({"consent": {"record": True}}, None, {"display_name": "Sam"})
    assert data["about"]["name"] == "Sam"


def test_a_stored_plan_with_dates_the_old_app_wrote_still_seeds_the_next_meeting(
    store: CaseStore, sample_content: Content
) -> None:
    # Plans are records: a date that has the shape YYYY-MM-DD but is no real day, and an
    # earlier rating dated in words, were always accepted; such a plan must still open.
    case, first = first_meeting_with_a_rating(store, sample_content)
    first.finish(agreed=False)
    stored = first.plan().to_json()
    stored["agreement"]["date"] = "2025-02-30"
    stored["life_areas"][0]["history"] = [{"plan_version": 1, "date": "March 2025", "value": 3}]
    case.add_plan_version(stored, agreed=True, session_id=first.session_id)
    meeting = open_meeting(case, sample_content).meeting
    assert meeting.kind == "review"
    assert meeting.previous_plan is not None and meeting.previous_plan.number == 2
    assert meeting.previous_plan.life_areas[0].history[0].date == "March 2025"
    assert meeting.conv.data["previous"]["date"] == "2025-02-30"


def test_a_resumed_meetings_content_changes_go_into_the_audit_trail_with_their_ids(
    store: CaseStore, sample_content: Content, write_topics
) -> None:
    case, first = first_meeting_with_a_rating(store, sample_content)
    step = first.conv.step.node_id
    changed = write_topics(
        wellbeing="""
        id: wellbeing
        title: How things are
        description: Changed.
        nodes:
          - id: start_again
            kind: say
            text: "New first step"
          - id: fin
            kind: end
        """
    )
    opened = open_meeting(case, load_content(changed), resume=True)
    details = [e["detail"] for e in case.audit_events() if e["kind"] == "content_changed"]
    assert any(f"wellbeing.{step}" in d for d in details)
    assert not any(f"wellbeing.{step}" in w for w in opened.warnings)


def _plan_with_goals(*ids: str) -> Plan:
    return Plan(created="2026-01-05T10:00:00+00:00", goals=[Goal(id=i, what=i) for i in ids])


def test_a_later_meeting_saved_before_it_kept_its_goals_gets_those_of_its_plan() -> None:
    # Saved by an older version, carried on now: without `previous.goals` Looking back would
    # look at no goal at all.
    data = {"previous": {"date": "2026-01-05"}, "goals": {"list": [{"id": "g1", "what": "x"}]}}
    filled = with_earlier_goals(data, _plan_with_goals("g1", "g2"))
    assert filled["previous"]["goals"] == ["g1", "g2"]
    assert "goals" not in data["previous"]  # a copy: the saved answers are not changed


def test_a_later_meeting_saved_before_it_kept_its_goal_actions_gets_those_of_its_plan() -> None:
    # Without `previous.goal_actions` Looking back would ask about an action added that day.
    plan = Plan(
        created="2026-01-05T10:00:00+00:00",
        goals=[Goal(id="g1", what="x", actions=[Action(id="a1", what="Ring the club")])],
    )
    data = {"previous": {"goals": ["g1"]}, "goals": {"list": [{"id": "g1", "what": "x"}]}}
    assert with_earlier_goals(data, plan)["previous"]["goal_actions"] == ["a1"]


def test_a_meeting_that_knows_its_goals_or_is_a_first_one_is_left_as_it_is() -> None:
    plan = _plan_with_goals("g1", "g2")
    knows = {"previous": {"goals": ["g1"], "goal_actions": []}}
    assert with_earlier_goals(knows, plan) == knows
    first = {"goals": {"list": [{"id": "g1", "what": "x"}]}}
    assert with_earlier_goals(first, plan) == first


def _first_meeting_with_a_thing_to_try(store: CaseStore, content: Content) -> Any:
    """A first meeting (the shipped content) with a yes to keeping a record and one thing to
    try that someone the person knows would go along to; left open."""
    case = store.open(store.create_person("Sam"))
    meeting = open_meeting(case, content).meeting
    meeting.goto_topic("getting_started")
    while meeting.conv.step.node_id != "consent_record":
        meeting.proceed() if meeting.conv.step.kind == "say" else meeting.skip()
    assert meeting.answer("yes").save.state == SAVED
    meeting.goto_topic("community")
    answers = {
        "list": [{"id": "a1", "what": "Walking football", "where": "near", "idea_from": "me"}],
        "next_step": "try",
        "go_along": "someone_i_know",
        "go_along_who": "My brother",
    }
    while meeting.conv.step.node_id != "finish":
        step = meeting.conv.step
        if step.node_id in answers:
            meeting.answer(answers[step.node_id])
        else:
            meeting.proceed() if step.kind == "say" else meeting.skip()
    return case, meeting


def test_answers_the_plan_left_out_are_not_carried_into_the_review(
    store: CaseStore, content: Content
) -> None:
    # Changed to "Maybe later" after someone was to go along: whether someone goes, and who,
    # no longer apply, so the plan leaves them out; the review must not offer them as current.
    case, first = _first_meeting_with_a_thing_to_try(store, content)
    assert first.edit("community.list.#a1.next_step", "later").save.state == SAVED
    first.finish(agreed=False)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)
    review = open_meeting(case, content).meeting
    assert review.kind == "review"
    carried = review.conv.data["community"]["list"]
    assert carried == [
        {
            "id": "a1",
            "what": "Walking football",
            "where": "near",
            "idea_from": "me",
            "next_step": "later",
        }
    ]
    # The record keeps what was said.
    kept = case.sessions()[0]["state"]["data"]["community"]["list"][0]
    assert kept["go_along_who"] == "My brother"


def test_answers_that_still_apply_are_carried_into_the_review(
    store: CaseStore, content: Content
) -> None:
    case, first = _first_meeting_with_a_thing_to_try(store, content)
    first.finish(agreed=False)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)
    carried = open_meeting(case, content).meeting.conv.data["community"]["list"][0]
    assert (carried["go_along"], carried["go_along_who"]) == ("someone_i_know", "My brother")
