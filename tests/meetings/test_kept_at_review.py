"""A carried answer saved again unchanged at a review is kept, not newly said: the record and
its copies keep who said it first, and say who kept it today."""

from __future__ import annotations

from typing import Any

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.opening import open_meeting
from assistant.meetings.subject_access import meeting_answers
from assistant.records import CaseStore
from assistant.records.case import audit_event_from_log

EARLY_SIGNS = "I stop answering the phone."


def _review_with_hard_times(content: Content) -> Conversation:
    """A review started from a plan for hard times, opened to be changed."""
    seed = {
        "about": {"name": "Sam"},
        "previous": {"date": "2025-01-06"},
        "hard_times": {"early_signs": EARLY_SIGNS, "what_helps": "Walking the dog."},
    }
    conv = Conversation(content, seed)
    conv.goto_topic("hard_times")
    conv.choose("Change it", by="worker")
    conv.proceed(by="worker")
    assert conv.step.path == "hard_times.early_signs"
    return conv


def test_a_carried_answer_saved_unchanged_is_kept(content: Content) -> None:
    conv = _review_with_hard_times(content)
    conv.answer(EARLY_SIGNS, by="worker")
    [entry] = [e for e in conv.transcript() if e.path == "hard_times.early_signs"]
    assert (entry.by, entry.kept) == ("worker", True)
    assert audit_event_from_log(conv.log[-1], "s2")["kind"] == "answer_kept"


def test_a_carried_answer_changed_is_newly_said(content: Content) -> None:
    conv = _review_with_hard_times(content)
    conv.answer("I stay in bed.", by="worker")
    [entry] = [e for e in conv.transcript() if e.path == "hard_times.early_signs"]
    assert not entry.kept
    assert audit_event_from_log(conv.log[-1], "s2")["kind"] == "answer_given"


def _entry(by: str, **more: Any) -> dict[str, Any]:
    return {
        "seq": 1,
        "action": "answered",
        "topic": "hard_times",
        "node": "early_signs",
        "prompt": "What are the first signs that things are getting hard for you?",
        "path": "hard_times.early_signs",
        "value": EARLY_SIGNS,
        "old": EARLY_SIGNS,
        "by": by,
        **more,
    }


def test_the_subject_access_words_say_who_kept_it_not_who_gave_it() -> None:
    [answer] = meeting_answers([_entry("worker", kept=True)], None, "Sam")
    assert answer.by == "kept as it was by the worker"


def test_at_a_review_the_plan_and_the_audit_keep_who_said_it_first(store: CaseStore) -> None:
    content = load_content()
    case = store.open(store.create_person("Sam"))
    first = open_meeting(case, content).meeting
    first.goto_topic("getting_started")
    while first.conv.step.node_id != "consent_record":
        first.proceed() if first.conv.step.kind == "say" else first.skip()
    first.answer("yes")
    first.goto_topic("hard_times")
    first.proceed()
    first.choose("Yes, let's start")
    assert first.conv.step.path == "hard_times.early_signs"
    first.answer(EARLY_SIGNS)  # the person's words
    first.finish(agreed=False)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)

    review = open_meeting(case, content).meeting
    review.goto_topic("hard_times")
    review.choose("Change it")
    review.proceed()
    assert review.conv.step.path == "hard_times.early_signs"
    review.choose_by("worker")
    review.answer(EARLY_SIGNS)  # saved again, unchanged, with the worker answering
    review.save()
    plan = review.plan()
    assert plan.hard_times is not None and plan.hard_times.early_signs is not None
    assert plan.hard_times.early_signs.proposed_by == "person"
    kinds = [
        (e["kind"], e["by"])
        for e in case.audit_events()
        if e.get("path") == "hard_times.early_signs"
    ]
    assert kinds == [("answer_given", "person"), ("answer_kept", "worker")]


def test_at_a_first_meeting_an_answer_given_again_is_given(content: Content) -> None:
    # Nothing is carried into a first meeting: going through a topic again, each answer
    # given again is said today, as the transcript shows above it.
    first = Conversation(content, {"hard_times": {"early_signs": EARLY_SIGNS}})
    first.goto_topic("hard_times")
    first.choose("Change it", by="worker")
    first.proceed(by="worker")
    assert first.step.path == "hard_times.early_signs"
    first.answer(EARLY_SIGNS, by="worker")
    assert not first.transcript()[-1].kept


def test_words_given_earlier_today_and_given_again_are_not_kept(content: Content) -> None:
    # "Kept" is for what the meeting started with: words first said today, given again when
    # the topic is opened again, are today's.
    conv = _review_with_hard_times(content)
    conv.answer("I stay in bed.", by="person")
    while conv.current_topic == "hard_times":
        if conv.step.kind in ("say", "end"):
            conv.proceed(by="worker")
        else:
            conv.skip(by="worker")
    conv.goto_topic("hard_times")
    conv.choose("Change it", by="worker")
    conv.proceed(by="worker")
    assert conv.step.path == "hard_times.early_signs"
    conv.answer("I stay in bed.", by="worker")
    assert conv.log[-1]["path"] == "hard_times.early_signs"
    assert not conv.log[-1].get("kept")


def test_a_question_left_for_another_day_comes_up_again_at_the_review(
    store: CaseStore,
) -> None:
    # "Not today" means not today: the review asks it again, empty, and shows nothing as
    # its answer; the answer given beside it is carried as it was.
    content = load_content()
    case = store.open(store.create_person("Sam"))
    first = open_meeting(case, content).meeting
    first.goto_topic("getting_started")
    while first.conv.step.node_id != "consent_record":
        first.proceed() if first.conv.step.kind == "say" else first.skip()
    first.answer("yes")
    first.goto_topic("what_matters")
    first.proceed()
    assert first.conv.step.path == "about.interests"
    first.answer("Football")
    assert first.conv.step.path == "about.strengths"
    first.skip()
    first.finish(agreed=False)
    case.add_plan_version(first.plan().to_json(), agreed=True, session_id=first.session_id)

    review = open_meeting(case, content).meeting
    assert review.kind == "review"
    [topic] = [t for t in review.conv.topics() if t.id == "what_matters"]
    assert topic.status == "not_started"
    review.goto_topic("what_matters")
    review.proceed()
    assert (review.conv.step.path, review.conv.step.value) == ("about.interests", "Football")
    review.answer("Football")
    assert review.conv.step.path == "about.strengths"
    assert review.conv.step.value is None
