"""The conversation engine: any order, exact undo, attribution, resume."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from assistant.authoring.content import load_content
from assistant.engine.answers import AnswerError
from assistant.engine.conversation import Conversation, FlowError, StateError

PEOPLE = [
    {"name": "Ann", "kind": "friend", "circle": 1},
    {"name": "Dr Lee", "kind": "professional", "circle": 3},
    {"name": "Cy", "kind": "family", "circle": 2},
]


def fixed_clock() -> dt.datetime:
    return dt.datetime(2027, 3, 1, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def conv(sample_content):
    return Conversation(sample_content, clock=fixed_clock)


def start_welcome(conv: Conversation) -> None:
    conv.goto_topic("welcome")
    conv.proceed()


def test_a_new_conversation_starts_at_the_topic_list(conv) -> None:
    assert conv.step.kind == "topics"


def test_topic_list_hides_sub_flows_and_keeps_order(conv) -> None:
    assert [t.id for t in conv.topics()] == ["welcome", "network", "wellbeing"]


def test_topics_can_start_in_any_order(conv) -> None:
    conv.goto_topic("wellbeing")
    assert conv.step.node_id == "friends"


def test_answer_is_stored_at_its_path(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    assert conv.data["about"]["name"] == "Sam"


def test_answer_records_who_gave_it_and_when(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam", by="worker")
    entry = conv.log[-1]
    assert (entry["by"], entry["at"], entry["path"]) == (
        "worker",
        "2027-03-01T10:00:00+00:00",
        "about.name",
    )


def test_unknown_speaker_is_refused(conv) -> None:
    start_welcome(conv)
    with pytest.raises(ValueError):
        conv.answer("Sam", by="manager")


def test_user_text_is_never_rendered_as_a_template(conv) -> None:
    start_welcome(conv)
    conv.answer("{{ 7*7 }} [b]x[/]")
    assert "{{ 7*7 }} [b]x[/]?" in conv.step.text


def test_back_restores_the_exact_state(conv) -> None:
    start_welcome(conv)
    before = conv.to_state()
    conv.answer("Sam")
    conv.answer(True)  # runs set and branch steps automatically too
    conv.back()
    conv.back()
    after = conv.to_state()
    for key in ("data", "topics", "current", "visits", "chosen", "skipped"):
        assert after[key] == before[key], key


def test_back_returns_to_the_previous_question(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.back()
    assert conv.step.node_id == "name"


def test_back_with_nothing_to_undo_says_so(conv) -> None:
    assert conv.back() is False


def test_undo_is_logged_not_erased(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.back()
    assert [e["action"] for e in conv.log] == ["answered", "undone"]


def test_an_undo_is_logged_as_done_by_who_pressed_back(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.back(by="worker")
    assert (conv.log[-1]["action"], conv.log[-1]["by"]) == ("undone", "worker")


def test_an_undo_says_who_pressed_back_is_known(conv) -> None:
    # Older records logged every undo "by both", whoever pressed Back: only an undo marked
    # known is read as naming who did it (meetings.subject_access).
    start_welcome(conv)
    conv.answer("Sam")
    conv.back(by="person")
    assert conv.log[-1].get("by_known") is True


def test_undone_answers_leave_the_transcript(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.back()
    assert conv.transcript() == []


def test_edit_changes_an_earlier_answer_and_logs_old_and_new(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.edit("about.name", "Sammy", by="person")
    assert conv.data["about"]["name"] == "Sammy"
    assert (conv.log[-1]["action"], conv.log[-1]["old"], conv.log[-1]["value"]) == (
        "changed",
        "Sam",
        "Sammy",
    )


def test_an_edit_saved_as_it_was_logs_nothing(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    before = list(conv.log)
    conv.edit("about.name", "Sam", by="worker")
    assert (conv.log, conv.data["about"]["name"]) == (before, "Sam")


def test_an_edit_that_corrects_a_mistake_says_so_in_its_log_entry(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.edit("about.name", "Samir", by="worker", correction=True)
    assert (conv.log[-1]["action"], conv.log[-1]["reason"]) == ("changed", "correction")


def test_an_ordinary_edit_gives_no_reason(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.edit("about.name", "Sammy")
    assert "reason" not in conv.log[-1]


def test_a_correction_is_marked_as_one_in_the_transcript(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.edit("about.name", "Samir", by="worker", correction=True)
    assert conv.transcript()[-1].corrected is True


def test_an_ordinary_change_is_no_correction_in_the_transcript(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.edit("about.name", "Sammy")
    assert conv.transcript()[-1].corrected is False


def test_edit_does_not_move_the_conversation(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.edit("about.name", "Sammy")
    assert conv.step.node_id == "consent"


def test_edit_is_validated_like_the_original_question(conv) -> None:
    conv.goto_topic("wellbeing")
    conv.answer(5)
    with pytest.raises(AnswerError):
        conv.edit("ratings.friendships", 12)


def test_edit_can_be_undone(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.edit("about.name", "Sammy")
    conv.back()
    assert conv.data["about"]["name"] == "Sam"


def test_required_question_refuses_blank_text(conv) -> None:
    start_welcome(conv)
    with pytest.raises(AnswerError, match="not today"):
        conv.answer("   ")


def test_not_today_skips_and_remembers_the_skip(conv) -> None:
    start_welcome(conv)
    conv.skip()
    assert (conv.step.node_id, conv.log[-1]["action"]) == ("consent", "skipped")


def test_a_question_that_cannot_be_skipped_says_so(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    with pytest.raises(AnswerError, match="needs an answer"):
        conv.skip()


def test_branch_routes_by_condition(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.answer("no")
    assert conv.step.node_id == "no_record"


def test_set_step_computes_values(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.answer("yes")
    assert conv.data["meta"]["greeted"] == "yes"


def test_finishing_a_topic_marks_it_done(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.answer("yes")
    conv.proceed()
    assert (conv.status("welcome"), conv.step.kind) == ("done", "topics")


def test_park_keeps_the_place_and_resume_returns_to_it(conv) -> None:
    conv.goto_topic("wellbeing")
    conv.answer(4)
    conv.park()
    assert conv.status("wellbeing") == "parked"
    conv.goto_topic("wellbeing")
    assert conv.step.node_id == "hours"


def test_opening_another_topic_parks_the_current_one(conv) -> None:
    conv.goto_topic("wellbeing")
    conv.answer(4)
    conv.goto_topic("network")
    assert conv.status("wellbeing") == "parked"


def test_a_topic_only_looked_at_and_left_is_not_started(conv) -> None:
    # Opened to see what it is about, then another chosen: not "come back to this".
    conv.goto_topic("wellbeing")
    conv.goto_topic("network")
    assert conv.status("wellbeing") == "not_started"
    conv.goto_topic("wellbeing")  # and it starts at its beginning
    assert (conv.step.node_id, conv.status("wellbeing")) == ("friends", "in_progress")


def test_a_topic_whose_answer_was_undone_is_only_looked_at(conv) -> None:
    conv.goto_topic("wellbeing")
    conv.answer(4)
    conv.back()
    conv.goto_topic("network")
    assert conv.status("wellbeing") == "not_started"


def test_a_topic_given_an_entry_while_looked_at_is_parked(conv) -> None:
    # Nothing moved, but its list gained an entry (as from the community directory).
    conv.goto_topic("network")
    conv.add_record("network.people", {"name": "Pat", "kind": "friend", "circle": 2})
    conv.goto_topic("wellbeing")
    assert conv.status("network") == "parked"


def test_a_topic_looked_at_and_parked_by_name_is_parked(conv) -> None:
    conv.goto_topic("wellbeing")
    conv.park()
    assert conv.status("wellbeing") == "parked"


def test_revisiting_a_done_topic_starts_it_again_with_answers_kept(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.answer("yes")
    conv.proceed()
    conv.goto_topic("welcome")
    conv.proceed()
    assert (conv.step.node_id, conv.step.value) == ("name", "Sam")


def finish_welcome_and_reopen(conv: Conversation) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.answer("yes")
    conv.proceed()
    assert conv.status("welcome") == "done"
    conv.goto_topic("welcome")
    conv.proceed()


def test_a_done_topic_looked_at_again_and_left_for_another_is_done(conv) -> None:
    finish_welcome_and_reopen(conv)
    assert conv.status("welcome") == "in_progress"
    conv.goto_topic("network")
    assert conv.status("welcome") == "done"


def test_a_topic_left_at_its_closing_line_is_done_not_parked(content) -> None:
    # Every answer given, on the topic's last "Go on": leaving by the topic list read as
    # "come back to this" (parked). The plan for hard times ends on such a line.
    conv = Conversation(content, clock=fixed_clock)
    conv.goto_topic("hard_times")
    for _ in range(50):
        step = conv.step
        if step.kind == "end":
            break
        first = step.options[0][0] if step.options else None
        if step.kind == "say":
            conv.proceed()
        elif step.kind == "menu":
            conv.choose(first)
        elif step.answer_type == "multi_choice":
            conv.answer([first])
        else:
            conv.answer(first if first is not None else "Walks")
    assert (conv.step.kind, conv.step.depth) == ("end", 0)
    conv.goto_topic("getting_started")
    assert conv.status("hard_times") == "done"
    conv.back()
    assert (conv.status("hard_times"), conv.step.kind) == ("in_progress", "end")


def test_a_topic_left_before_its_closing_line_is_parked(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.goto_topic("network")
    assert conv.status("welcome") == "parked"


def test_a_done_topic_opened_again_and_parked_by_name_is_parked(conv) -> None:
    finish_welcome_and_reopen(conv)
    conv.park()
    assert conv.status("welcome") == "parked"


def test_a_reopened_topic_parked_then_left_from_resume_is_parked(conv) -> None:
    finish_welcome_and_reopen(conv)
    conv.park()
    conv.goto_topic("welcome")
    conv.goto_topic("network")
    assert conv.status("welcome") == "parked"


def test_an_answer_changed_in_a_reopened_topic_stands_when_it_is_left(conv) -> None:
    finish_welcome_and_reopen(conv)
    conv.answer("Samira")
    conv.goto_topic("network")
    assert (conv.status("welcome"), conv.data["about"]["name"]) == ("done", "Samira")


def test_leaving_a_reopened_topic_is_undone_exactly(conv) -> None:
    finish_welcome_and_reopen(conv)
    conv.goto_topic("network")
    conv.back()
    assert (conv.status("welcome"), conv.step.node_id) == ("in_progress", "name")


def test_a_reopened_topic_left_keeps_done_after_save_and_resume(conv, sample_content) -> None:
    finish_welcome_and_reopen(conv)
    resumed = Conversation.from_state(sample_content, conv.to_state())
    resumed.goto_topic("network")
    assert resumed.status("welcome") == "done"


def test_repeat_runs_the_sub_flow_for_each_matching_record(conv) -> None:
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    seen = []
    while conv.step.node_id == "feeling":
        seen.append(conv.step.text)
        conv.answer("good")
        conv.answer(["practical"])
    assert seen == ["How do you feel about Ann?", "How do you feel about Cy?"]


def test_repeat_where_reads_a_field_left_unanswered_as_not_answered(conv) -> None:
    # `where: "person.kind != 'professional'"`: Bo was added without the optional
    # relationship, which is not "professional", so Bo is asked about, not a content error.
    conv.goto_topic("network")
    conv.answer([{"name": "Bo", "circle": 2}, PEOPLE[1]])
    assert conv.step.text == "How do you feel about Bo?"


def test_a_loop_record_read_in_text_shows_an_unanswered_field_as_blank(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: The people, then a word about each.
        nodes:
          - id: people
            kind: ask
            type: records
            prompt: "Who?"
            store: people
            fields:
              - {name: name, label: Name, type: text}
              - {name: kind, label: Relationship, type: text}
          - {id: each, kind: repeat, over: people, as: person, topic: one}
          - {id: fin, kind: end}
        """,
        one="""
        id: one
        title: One
        description: One person.
        listed: false
        nodes:
          - {id: say, kind: say, text: "{{ person.name }} ({{ person.kind }})"}
          - {id: out, kind: end}
        """,
    )
    conv = Conversation(load_content(root), clock=fixed_clock)
    conv.goto_topic("t")
    conv.answer([{"name": "Bo"}])
    assert conv.step.text == "Bo ()"


def test_repeat_writes_into_each_record(conv) -> None:
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    conv.answer("hard")
    assert conv.data["network"]["people"][0]["feeling"] == "hard"


def test_repeat_shows_progress_through_the_list(conv) -> None:
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    assert conv.step.loop_label == "1 of 2"


def test_editing_the_list_keeps_details_added_later(conv) -> None:
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    conv.answer("hard")
    people = [
        {k: v for k, v in p.items() if k in ("id", "name", "kind", "circle")}
        for p in conv.data["network"]["people"]
    ]
    people[0]["name"] = "Annie"
    conv.edit("network.people", people)
    first = conv.data["network"]["people"][0]
    assert (first["name"], first["feeling"]) == ("Annie", "hard")


def test_call_runs_another_topic_and_comes_back(sample_content) -> None:
    conv = Conversation(sample_content, {"about": {"name": "Jo"}})
    conv.goto_topic("wellbeing")
    for value in (5, 3, "tomorrow", "notes"):
        conv.answer(value)
    conv.choose("Some tips")
    assert conv.step.text == "Small steps count."
    conv.proceed()
    assert conv.step.node_id == "extras"


def test_once_only_options_disappear_after_use(sample_content) -> None:
    conv = Conversation(sample_content, {"about": {"name": "Jo"}})
    conv.goto_topic("wellbeing")
    for value in (5, 3, "tomorrow", "notes"):
        conv.answer(value)
    conv.choose("Some tips")
    conv.proceed()
    assert [label for _, label in conv.step.options] == ["A question about Jo"]


def test_a_menu_that_runs_out_goes_to_its_fallback(conv) -> None:
    conv.goto_topic("wellbeing")
    for value in (5, 3, "tomorrow", "notes"):
        conv.answer(value)
    conv.choose("Some tips")
    conv.proceed()
    assert conv.step.node_id == "bye"


def test_conditional_options_appear_when_their_condition_holds(sample_content) -> None:
    conv = Conversation(sample_content, {"about": {"name": "Jo"}})
    conv.goto_topic("wellbeing")
    for value in (5, 3, "tomorrow", "notes"):
        conv.answer(value)
    assert "A question about Jo" in [label for _, label in conv.step.options]


def test_validation_rule_refuses_with_its_message(conv) -> None:
    conv.goto_topic("wellbeing")
    conv.answer(5)
    conv.answer(3)
    with pytest.raises(AnswerError, match="not in the past"):
        conv.answer("2001-01-01")


def test_a_refused_answer_changes_nothing(conv) -> None:
    conv.goto_topic("wellbeing")
    before = conv.to_state()
    with pytest.raises(AnswerError):
        conv.answer(99)
    assert conv.to_state() == before


def test_state_survives_a_json_round_trip(conv, sample_content) -> None:
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    state = json.loads(json.dumps(conv.to_state()))
    resumed = Conversation.from_state(sample_content, state)
    assert (resumed.step.text, resumed.data) == (conv.step.text, conv.data)


def test_undo_still_works_after_resuming(conv, sample_content) -> None:
    conv.goto_topic("wellbeing")
    conv.answer(5)
    resumed = Conversation.from_state(sample_content, conv.to_state())
    resumed.back()
    assert "ratings" not in resumed.data


def test_saved_text_is_the_same_data_as_the_state(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam ✓ {{ x }}")
    assert json.loads(conv.state_json()) == json.loads(json.dumps(conv.to_state()))


def test_saved_text_follows_the_log_through_undo_and_edits(conv) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.state_json()  # a save in the middle: later saves reuse what it encoded
    conv.back()
    conv.answer("Alex")
    conv.edit("about.name", "Al")
    assert json.loads(conv.state_json())["log"] == conv.log


def test_undo_after_resuming_from_saved_text_matches_undo_without_saving(
    conv, sample_content
) -> None:
    start_welcome(conv)
    conv.answer("Sam")
    conv.state_json()
    conv.answer(True)
    conv.back()  # a transaction encoded earlier is gone; the saved text must drop it too
    conv.answer(False)
    resumed = Conversation.from_state(sample_content, json.loads(conv.state_json()))
    for both in (conv, resumed):
        both.back()
        both.back()
    assert (resumed.data, resumed.step.node_id) == (conv.data, conv.step.node_id)


def test_state_carries_format_version_and_content_hash(conv, sample_content) -> None:
    state = conv.to_state()
    assert (state["format"], state["version"], state["content_hash"]) == (
        "cpi-conversation",
        1,
        sample_content.hash,
    )


def test_state_from_a_newer_version_is_refused(conv, sample_content) -> None:
    state = conv.to_state() | {"version": 99}
    with pytest.raises(StateError, match="newer version"):
        Conversation.from_state(sample_content, state)


def test_resume_after_content_change_restarts_a_topic_whose_step_is_gone(
    write_topics, sample_content
) -> None:
    conv = Conversation(sample_content)
    conv.goto_topic("wellbeing")
    conv.answer(5)
    state = conv.to_state()
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
    resumed = Conversation.from_state(load_content(changed), state)
    assert (resumed.step.node_id, resumed.data["ratings"]) == ("start_again", {"friendships": 5})
    assert "starts again" in resumed.warnings[0]


def test_resume_after_a_step_is_renamed_tells_the_people_by_title_and_the_author_by_id(
    write_topics, sample_content
) -> None:
    conv = Conversation(sample_content)
    conv.goto_topic("wellbeing")
    conv.answer(5)
    step = conv.step.node_id
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
    resumed = Conversation.from_state(load_content(changed), conv.to_state())
    (shown,) = resumed.warnings
    assert "'How things are': the question we were on has changed" in shown
    assert "wellbeing" not in shown and step not in shown
    (for_the_author,) = resumed.content_changes
    assert f"wellbeing.{step}" in for_the_author


def test_resume_after_a_parked_topic_is_renamed_says_it_was_parked_without_its_id(
    write_topics, sample_content
) -> None:
    conv = Conversation(sample_content)
    conv.goto_topic("wellbeing")
    conv.answer(5)
    conv.park()
    changed = write_topics(
        how_things_are="""
        id: how_things_are
        title: How things are
        description: Renamed.
        nodes:
          - id: start
            kind: say
            text: "Hello"
          - id: fin
            kind: end
        """
    )
    resumed = Conversation.from_state(load_content(changed), conv.to_state())
    (shown,) = resumed.warnings
    assert shown.startswith("A topic we had parked, to come back to, is no longer in the list")
    assert "wellbeing" not in shown
    assert "topic `wellbeing` (parked)" in resumed.content_changes[0]
    assert resumed.data["ratings"] == {"friendships": 5}


def test_dead_end_raises_and_leaves_state_untouched(write_topics) -> None:
    root = write_topics(
        broken="""
        id: broken
        title: Broken
        description: The last step has nowhere to go.
        nodes:
          - id: first
            kind: ask
            type: text
            prompt: "Name?"
            store: a.name
          - id: last
            kind: say
            text: "Bye"
        """
    )
    conv = Conversation(load_content(root, check=False))
    conv.goto_topic("broken")
    conv.answer("Sam")
    before = conv.to_state()
    with pytest.raises(FlowError, match="nowhere to go"):
        conv.proceed()
    assert conv.to_state() == before


def test_template_error_in_next_step_undoes_the_answer(write_topics) -> None:
    root = write_topics(
        broken="""
        id: broken
        title: Broken
        description: The second prompt names an answer that is never given.
        nodes:
          - id: first
            kind: ask
            type: text
            prompt: "Name?"
            store: a.name
          - id: second
            kind: say
            text: "Hello {{ a.nickname }}"
          - id: fin
            kind: end
        """
    )
    conv = Conversation(load_content(root, check=False))
    conv.goto_topic("broken")
    with pytest.raises(FlowError, match="nickname"):
        conv.answer("Sam")
    assert (conv.step.node_id, conv.data) == ("first", {})


def test_a_loop_moves_on_when_its_current_record_is_removed(conv) -> None:
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    without_ann = [
        {k: p[k] for k in ("id", "name", "kind", "circle")}
        for p in conv.data["network"]["people"][1:]
    ]
    conv.edit("network.people", without_ann)
    assert conv.step.text == "How do you feel about Cy?"


def test_a_parked_loop_finishes_when_its_records_are_gone(conv) -> None:
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    conv.park()
    conv.edit("network.people", [])
    conv.goto_topic("network")
    assert conv.step.node_id == "summary"


def test_hint_is_rendered_with_answers(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: A hint that names an earlier answer.
        nodes:
          - id: q
            kind: ask
            type: text
            prompt: "Anything else?"
            hint: "Say as much as you like, {{ get('about.name', 'friend') }}."
            store: about.more
          - {id: fin, kind: end}
        """
    )
    conv = Conversation(load_content(root), {"about": {"name": "[b]Jo[/b]"}})
    conv.goto_topic("t")
    assert conv.step.hint == "Say as much as you like, [b]Jo[/b]."


def test_record_field_rules_refuse_a_bad_entry(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: Actions need a date that is not in the past.
        nodes:
          - id: actions
            kind: ask
            type: records
            prompt: "What will happen?"
            store: plan.actions
            fields:
              - {name: what, label: What, type: text}
              - name: by_when
                label: By when
                type: date
                validate:
                  - if: "answer < today()"
                    message: "By when: please pick a date that is not in the past."
          - {id: fin, kind: end}
        """
    )
    conv = Conversation(load_content(root))
    conv.goto_topic("t")
    with pytest.raises(AnswerError, match="not in the past"):
        conv.answer([{"what": "Call Ann", "by_when": "2001-01-01"}])


def test_today_follows_the_conversation_clock(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: Dates checked against today.
        nodes:
          - id: when
            kind: ask
            type: date
            prompt: "When?"
            store: plan.when
            validate:
              - if: "answer < today()"
                message: "Not in the past, please."
          - {id: said, kind: say, text: "Today is {{ today() }}"}
          - {id: fin, kind: end}
        """
    )
    conv = Conversation(load_content(root), clock=fixed_clock)
    conv.goto_topic("t")
    conv.answer("tomorrow")
    assert (conv.data["plan"]["when"], conv.step.text) == ("2027-03-02", "Today is 2027-03-01")


def test_validation_uses_the_conversation_clock(write_topics, sample_content) -> None:
    conv = Conversation(sample_content, clock=fixed_clock)
    conv.goto_topic("wellbeing")
    conv.answer(5)
    conv.answer(3)
    with pytest.raises(AnswerError, match="not in the past"):
        conv.answer("2027-02-28")


# -- a list answered again keeps what later steps stored in each entry (issue 11) ----------


def _network_with_feelings(conv: Conversation) -> list[dict]:
    """Answer the people, their feelings and help, finish, and open the list again."""
    conv.goto_topic("network")
    conv.answer(PEOPLE)
    while conv.step.node_id == "feeling":
        conv.answer("good")
        conv.answer(["practical"])
    while conv.current_topic == "network":
        conv.proceed()
    conv.goto_topic("network")
    assert conv.step.node_id == "people"
    return conv.step.value


def _details(conv: Conversation) -> dict[str, dict]:
    return {p["name"]: p for p in conv.data["network"]["people"]}


def test_a_pre_filled_list_saved_as_it_is_keeps_every_detail(conv) -> None:
    before = _network_with_feelings(conv)
    conv.answer(before)
    assert conv.data["network"]["people"] == before


def test_a_changed_entry_keeps_the_details_later_steps_added(conv) -> None:
    people = _network_with_feelings(conv)
    people[0]["name"] = "Annie"
    conv.answer(people)
    assert _details(conv)["Annie"]["feeling"] == "good"


def test_reordering_the_list_keeps_each_entrys_details(conv) -> None:
    people = _network_with_feelings(conv)
    conv.answer(list(reversed(people)))
    assert [p.get("feeling") for p in conv.data["network"]["people"]] == ["good", None, "good"]


def test_removing_an_entry_keeps_the_details_of_the_others(conv) -> None:
    people = _network_with_feelings(conv)
    conv.answer([p for p in people if p["name"] != "Ann"])
    assert _details(conv)["Cy"]["support"] == ["practical"]


def test_an_added_entry_sits_beside_entries_that_keep_their_details(conv) -> None:
    people = _network_with_feelings(conv)
    conv.answer([*people, {"name": "Di", "kind": "friend", "circle": 2}])
    assert (_details(conv)["Ann"]["feeling"], "feeling" in _details(conv)["Di"]) == (
        "good",
        False,
    )


def test_details_are_kept_even_when_the_list_comes_back_without_them(conv) -> None:
    people = _network_with_feelings(conv)
    bare = [{k: p[k] for k in ("id", "name", "kind", "circle") if k in p} for p in people]
    conv.answer(bare)
    assert _details(conv)["Ann"]["support"] == ["practical"]


def test_clearing_a_field_of_the_list_clears_it(conv) -> None:
    people = _network_with_feelings(conv)
    people[0].pop("circle")
    conv.answer(people)
    assert "circle" not in _details(conv)["Ann"]


def test_a_detail_nobody_knows_is_refused_without_internal_names(conv) -> None:
    conv.goto_topic("network")
    with pytest.raises(AnswerError) as refused:
        conv.answer([{"name": "Ann", "shoe_size": 9}])
    assert "shoe_size" not in str(refused.value)


def test_a_detail_of_another_entry_does_not_travel_to_a_new_one(conv) -> None:
    people = _network_with_feelings(conv)
    with pytest.raises(AnswerError):
        conv.answer([*people, {"name": "Di", "feeling": "good"}])


# -- computed suggestions and list options (issue 11: review meetings) ---------------------

NEXT_MEETING = """
id: t
title: T
description: A date suggested four weeks on.
nodes:
  - id: when
    kind: ask
    type: date
    prompt: "When shall we meet next?"
    store: plan.next
    default_from: "in_days(28)"
  - {id: fin, kind: end}
"""


def test_default_from_suggests_a_date_four_weeks_on_by_the_conversation_clock(
    write_topics,
) -> None:
    conv = Conversation(load_content(write_topics(t=NEXT_MEETING)), clock=fixed_clock)
    conv.goto_topic("t")
    assert conv.step.value == "2027-03-29"


def test_a_stored_answer_wins_over_default_from(write_topics) -> None:
    data = {"plan": {"next": "2027-04-02"}}
    conv = Conversation(load_content(write_topics(t=NEXT_MEETING)), data, clock=fixed_clock)
    conv.goto_topic("t")
    assert conv.step.value == "2027-04-02"


def test_a_suggestion_from_default_from_is_stored_only_when_given(write_topics) -> None:
    conv = Conversation(load_content(write_topics(t=NEXT_MEETING)), clock=fixed_clock)
    conv.goto_topic("t")
    conv.skip()
    assert "plan" not in conv.data


def test_entry_options_offer_open_entries_by_id(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: Choose among the goals still open.
        nodes:
          - id: which
            kind: ask
            type: multi_choice
            prompt: "Which goals today?"
            store: review.today
            options_from: "entry_options(get('goals', []), 'what', {'next': ['finished']})"
          - {id: fin, kind: end}
        """
    )
    goals = [
        {"id": "a", "what": "Walk", "next": "keep"},
        {"id": "b", "what": "Swim", "next": "finished"},
        {"id": "c", "what": "Choir"},
    ]
    conv = Conversation(load_content(root), {"goals": goals})
    conv.goto_topic("t")
    assert conv.step.options == (("a", "Walk"), ("c", "Choir"))


def test_a_list_inside_a_loop_entry_keeps_what_a_review_stored(write_topics) -> None:
    root = write_topics(
        t="""
        id: t
        title: T
        description: Each goal's actions, asked again inside the loop.
        nodes:
          - id: list
            kind: ask
            type: records
            prompt: "Goals?"
            store: goals
            fields: [{name: what, label: Goal, type: text}]
          - {id: each, kind: repeat, over: goals, as: goal, topic: steps}
          - {id: fin, kind: end}
        """,
        steps="""
        id: steps
        title: Steps
        description: The actions of one goal.
        listed: false
        nodes:
          - id: actions
            kind: ask
            type: records
            prompt: "Actions?"
            store: goal.actions
            fields: [{name: what, label: What, type: text}]
          - {id: fin, kind: end}
        """,
    )
    reviewed = {"id": "x1", "what": "Text Jo", "status": "done", "review_notes": "Went well"}
    data = {"goals": [{"id": "g1", "what": "See Jo", "actions": [reviewed]}]}
    conv = Conversation(load_content(root), data)
    conv.goto_topic("t")
    conv.answer(conv.step.value)  # the goals, as they are
    conv.answer([*conv.step.value, {"what": "Meet Jo"}])  # one action added
    assert conv.data["goals"][0]["actions"][0] == reviewed


def _tips_listed(tmp_path) -> object:
    """The sample topics with Tips on the topic map (as a review calls Goals and actions)."""
    import shutil
    from pathlib import Path

    sample = Path(__file__).parents[1] / "fixtures" / "sample"
    shutil.copytree(sample / "flows", tmp_path / "flows")
    tips = tmp_path / "flows" / "tips.yaml"
    tips.write_text(tips.read_text().replace("listed: false", "listed: true"))
    return load_content(tmp_path)


def test_a_map_topic_gone_through_from_another_is_not_left_not_started(tmp_path) -> None:
    # A review's ratings or goals, called from the review, left the map saying "not started".
    conv = Conversation(_tips_listed(tmp_path), {"about": {"name": "Jo"}})
    conv.goto_topic("wellbeing")
    for value in (5, 3, "tomorrow", "notes"):
        conv.answer(value)
    conv.choose("Some tips")
    assert conv.status("tips") == "not_started"  # under way, inside Wellbeing
    conv.proceed()
    assert conv.status("tips") == "done"
    conv.back()
    assert conv.status("tips") == "not_started"  # undone exactly


def test_a_map_topic_begun_on_its_own_keeps_its_place(tmp_path) -> None:
    conv = Conversation(_tips_listed(tmp_path), {"about": {"name": "Jo"}})
    conv.goto_topic("tips")
    conv.park()  # parked by name at its first step, with its place
    conv.goto_topic("wellbeing")
    for value in (5, 3, "tomorrow", "notes"):
        conv.answer(value)
    conv.choose("Some tips")
    conv.proceed()
    assert conv.status("tips") == "parked"
