"""A meeting's answers in words for the readable subject access export (no Textual)."""

from __future__ import annotations

from typing import Any

from assistant.engine.answer_words import emptied_words, value_words
from assistant.flows.model import AskNode, RecordField
from assistant.meetings.subject_access import meeting_answers


def _entry(seq: int, action: str, value: Any = None, **more: Any) -> dict[str, Any]:
    return {
        "seq": seq,
        "action": action,
        "topic": "review",
        "node": "goals_today",
        "prompt": "Which goals would you like to look at today?",
        "path": "review.goals_today",
        "value": value,
        "by": "person",
        **more,
    }


def test_an_answer_stored_as_ids_is_said_in_the_words_it_was_offered_in() -> None:
    labels = {"916b21eb": "Join a walking group", "483e3be9": "Ring Raj"}
    [answer] = meeting_answers(
        [_entry(1, "answered", ["916b21eb", "483e3be9"], labels=labels)], None
    )
    assert (answer.question, answer.answer, answer.by) == (
        "Which goals would you like to look at today?",
        "Join a walking group, Ring Raj",
        "given by you",
    )


def test_an_undone_answer_and_a_skipped_question_say_so() -> None:
    log = [
        _entry(1, "answered", "Walk more", by="both"),
        {"seq": 2, "action": "undone", "of": 1, "by": "both"},
        _entry(3, "skipped"),
    ]
    undone, skipped = meeting_answers(log, None)
    assert undone.by == "given by you and the worker together"
    # An older record's undo, kept as by both whoever pressed Back, names no one: "both"
    # there was not who did it.
    assert undone.note == "This answer was taken back (undone) in the meeting."
    assert (skipped.answer, skipped.by) == ("Not answered (left for now).", "")


def test_an_undone_answer_says_who_took_it_back() -> None:
    log = [
        _entry(1, "answered", "Walk more"),
        {"seq": 2, "action": "undone", "of": 1, "by": "worker", "by_known": True},
    ]
    [undone] = meeting_answers(log, None)
    assert (undone.by, undone.note) == (
        "given by you",
        "This answer was taken back (undone) in the meeting by the worker.",
    )


def test_the_person_taking_an_answer_back_is_told_they_did() -> None:
    log = [
        _entry(1, "answered", "Walk more", by="worker"),
        {"seq": 2, "action": "undone", "of": 1, "by": "person", "by_known": True},
    ]
    [undone] = meeting_answers(log, None)
    assert (undone.by, undone.note) == (
        "given by the worker",
        "This answer was taken back (undone) in the meeting by you.",
    )


def test_a_corrected_answer_says_it_put_right_a_mistake() -> None:
    log = [
        _entry(1, "answered", "Walk more"),
        _entry(2, "changed", "Swim more", old="Walk more", reason="correction"),
        _entry(3, "changed", "Swim twice a week", old="Swim more"),
    ]
    _, corrected, changed = meeting_answers(log, None)
    assert corrected.note == "Corrected from: Walk more (that was a mistake in the record)."
    assert changed.note == "Changed from: Swim more."  # an ordinary change, as before


def test_an_answer_given_again_differently_says_what_it_was_before() -> None:
    # A rating given 5, then 3 going through the topic again: the audit trail of the same
    # copy says "5 → 3"; the meetings part said only "3".
    log = [_entry(1, "answered", 5), _entry(2, "answered", 3, old=5)]
    first, again = meeting_answers(log, None)
    assert (first.note, again.answer, again.note) == ("", "3", "Changed from: 5.")


def test_an_answer_given_again_as_it_was_has_no_change_note() -> None:
    log = [_entry(1, "answered", "Walk more"), _entry(2, "answered", "Walk more", old="Walk more")]
    assert meeting_answers(log, None)[1].note == ""


def test_a_list_saved_whole_by_the_worker_says_what_they_added_not_the_whole_list() -> None:
    # The person's two goals were shown as "given by the worker" with the one they added.
    old = [{"id": "g1", "title": "Meet up with an old friend"}, {"id": "g2", "title": "Garden"}]
    new = [*old, {"id": "g3", "title": "Find a volunteering role"}]
    [answer] = meeting_answers([_entry(1, "changed", new, old=old, by="worker")], None)
    assert (answer.answer, answer.by) == (
        "Added: Find a volunteering role.",
        "given by the worker",
    )


def test_a_filled_in_list_saved_again_by_the_worker_says_what_they_added() -> None:
    # Shown filled in (the goals carried from the last meeting, things to try picked from the
    # directory together) and saved with one more: logged as answered, with what it held
    # before. The meeting said the whole list was given by the worker, while the audit trail
    # of the same copy said "Added: ...".
    old = [{"id": "g1", "title": "Meet up with an old friend"}]
    new = [*old, {"id": "g3", "title": "Find a volunteering role"}]
    [answer] = meeting_answers([_entry(1, "answered", new, old=old, by="worker")], None)
    assert (answer.answer, answer.by) == ("Added: Find a volunteering role.", "given by the worker")
    assert answer.note == (
        "The list after this: Meet up with an old friend, Find a volunteering role."
    )


def test_a_list_kept_as_it_was_is_said_whole_as_kept() -> None:
    old = [{"id": "g1", "title": "Meet up with an old friend"}]
    [answer] = meeting_answers([_entry(1, "answered", old, old=old, kept=True)], None)
    assert (answer.answer, answer.by) == ("Meet up with an old friend", "kept as it was by you")


def test_a_list_emptied_says_so_not_that_nothing_was_added() -> None:
    # "Taken out: Meet up with an old friend." then "The list after this: Nothing added yet."
    # read as if nothing had ever been on it.
    old = [{"id": "g1", "title": "Meet up with an old friend"}]
    [answer] = meeting_answers([_entry(1, "changed", [], old=old)], None)
    assert (answer.answer, answer.note) == (
        "Taken out: Meet up with an old friend.",
        "Emptied: nothing on this list now.",
    )


def test_an_entry_ending_in_a_full_stop_is_not_given_a_second_one() -> None:
    old = [{"id": "c1", "title": "Bus fares add up."}]
    [answer] = meeting_answers([_entry(1, "changed", [], old=old)], None)
    assert answer.answer == "Taken out: Bus fares add up."


def test_an_emptied_list_of_people_says_no_one_as_its_editor_does() -> None:
    # The conversation went by the list's item name ("someone"), the copies by its store:
    # "Emptied: no one on this list now" on screen, "nothing" in the person's copy.
    node = AskNode(
        kind="ask",
        id="practical",
        prompt="Who could help with practical things?",
        store="resourceful.practical",
        type="records",
        item_name="someone",
        fields=[RecordField(name="who", label="Who", type="text")],
    )
    assert emptied_words(node) == "Emptied: no one on this list now"
    assert value_words([], node) == "No one added yet"
