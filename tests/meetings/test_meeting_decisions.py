"""What a meeting decides for the screen, without Textual: which action an answer is, the
earlier ratings beside a rating question, when to offer finishing, what leaving would lose,
and how its messages name the way to the topic list (the UI names the key)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content, load_content
from assistant.meetings.meeting import CONTENT_PROBLEM, Meeting
from assistant.records import CaseStore, atomic

CLOSING = """
id: closing
title: Closing
description: Agreeing the plan.
order: 2
nodes:
  - id: person_agrees
    kind: ask
    type: choice
    prompt: "Do you agree with this plan?"
    store: agreement.person_agrees
    options:
      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No"}
  - id: worker_agrees
    kind: ask
    type: choice
    prompt: "And you?"
    store: agreement.worker_agrees
    options:
      - {value: "yes", label: "Yes"}
      - {value: "no", label: "No"}
  - id: done
    kind: end
    text: "Thank you."
"""
OTHER = """
id: other
title: Something else
description: A topic before closing.
order: 1
nodes:
  - id: note
    kind: ask
    type: text
    prompt: "Anything to add?"
    store: other.note
"""
BROKEN = """
id: broken
title: A broken topic
description: Its text cannot be rendered.
order: 3
nodes:
  - id: show
    kind: say
    text: "{{ 1 / 0 }}"
  - id: done
    kind: end
"""


def meeting_on(content: Content, store: CaseStore | None = None, **kw: Any) -> Meeting:
    case = store.open(store.create_person("Sam")) if store is not None else None
    person = case.person if case is not None else None
    return Meeting(Conversation(content), case, "s1", person=person, **kw)


# -- give: the step's kind picks the action ---------------------------------------------


def test_give_on_the_topic_list_opens_the_topic(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    assert meeting.give(meeting.conv.step, "wellbeing").done
    assert meeting.conv.current_topic == "wellbeing"


def test_give_answers_a_question(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    assert meeting.give(meeting.conv.step, 5).done
    assert meeting.conv.data["ratings"]["friendships"] == 5


def test_give_goes_on_past_a_say_step_whatever_the_value(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("welcome")
    step = meeting.conv.step
    assert step.kind == "say"
    assert meeting.give(step, None).done
    assert meeting.conv.step.node_id != step.node_id


def test_give_chooses_a_menu_option(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    for value in (4, 3, "2099-01-01", "no"):
        assert meeting.give(meeting.conv.step, value).done
    step = meeting.conv.step
    assert step.kind == "menu"
    assert meeting.give(step, step.options[0][0]).done
    assert meeting.conv.step.node_id != "extras"


def test_give_says_why_a_wrong_answer_is_refused(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    outcome = meeting.give(meeting.conv.step, 99)
    assert not outcome.done and outcome.message and not outcome.problem


# -- a content problem: plain words for the people, the detail for the author -----------


def test_a_content_problem_keeps_ids_out_of_the_message(write_topics) -> None:
    meeting = meeting_on(load_content(write_topics(broken=BROKEN, other=OTHER)))
    outcome = meeting.goto_topic("broken")
    assert not outcome.done and outcome.problem
    assert outcome.message == CONTENT_PROBLEM
    assert "`" not in outcome.message and "broken" not in outcome.message
    # The author's detail: the file within the content folder, the step and the error.
    assert outcome.detail.startswith("flows/broken.yaml:")
    assert "`show`" in outcome.detail


# -- earlier ratings beside a rating question ---------------------------------------------


def test_earlier_ratings_from_the_record_sit_beside_a_rating(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    history = [
        {"at": "2026-01-01T10:00", "ratings": {"friendships": 2}},
        {"at": "2026-02-01T10:00", "ratings": {"friendships": 5, "other": 1}},
    ]
    line = meeting.earlier_answer(meeting.conv.step, history)
    assert line.startswith("Earlier: ")
    assert line.endswith("2, 5  (last time 5)")


def test_only_the_last_six_earlier_ratings_are_listed(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    history = [{"at": f"2026-0{n}-01", "ratings": {"friendships": n}} for n in range(1, 9)]
    assert "3, 4, 5, 6, 7, 8  (last time 8)" in meeting.earlier_answer(meeting.conv.step, history)


def test_without_a_record_last_meetings_rating_is_the_earlier_one(sample_content) -> None:
    conv = Conversation(sample_content, {"previous": {"ratings": {"friendships": 3}}})
    meeting = Meeting(conv, None, "s1", consent_required=False)
    meeting.goto_topic("wellbeing")
    assert meeting.earlier_answer(meeting.conv.step).endswith("3  (last time 3)")


def test_no_earlier_line_without_earlier_ratings_or_off_a_rating(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    assert meeting.earlier_answer(meeting.conv.step, []) == ""
    meeting.answer(4)  # now the number of hours: not a rating
    history = [{"at": "2026-01-01", "ratings": {"friendships": 2}}]
    assert meeting.earlier_answer(meeting.conv.step, history) == ""


# -- finishing is offered once, after Closing --------------------------------------------


def test_finishing_is_ready_only_when_closing_is_done(write_topics) -> None:
    meeting = meeting_on(load_content(write_topics(closing=CLOSING, other=OTHER)))
    assert not meeting.ready_to_finish()
    meeting.goto_topic("closing")
    meeting.answer("yes")
    assert not meeting.ready_to_finish()  # asked, but Closing is not done yet
    meeting.answer("yes")
    meeting.proceed()  # past "Thank you": Closing is done
    assert meeting.ready_to_finish()


def test_finishing_is_offered_once(write_topics) -> None:
    meeting = meeting_on(load_content(write_topics(closing=CLOSING, other=OTHER)))
    meeting.goto_topic("closing")
    assert not meeting.offer_finish()
    for _ in range(2):
        meeting.answer("no")
    meeting.proceed()
    assert meeting.offer_finish()
    assert not meeting.offer_finish()  # they said not yet: carry on without asking again
    assert meeting.ready_to_finish()


def test_without_the_agreement_question_finishing_is_never_offered(sample_content) -> None:
    meeting = meeting_on(sample_content, consent_required=False)
    meeting.goto_topic("wellbeing")
    meeting.answer(4)
    assert not meeting.ready_to_finish() and not meeting.offer_finish()


# -- what leaving would lose -----------------------------------------------------------------


def test_leaving_a_saved_meeting_loses_nothing(store: CaseStore, sample_content) -> None:
    meeting = meeting_on(sample_content, store, consent_required=False)
    meeting.goto_topic("wellbeing")
    meeting.answer(4)
    assert meeting.unsaved_warning() is None


def test_leaving_after_a_failed_save_warns(
    store: CaseStore, sample_content, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = meeting_on(sample_content, store, consent_required=False)
    meeting.goto_topic("wellbeing")

    def failing(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", failing)
    meeting.answer(4)
    warning = meeting.unsaved_warning()
    assert warning is not None and "could not be saved" in warning


def test_leaving_before_agreeing_to_a_record_says_nothing_is_kept(
    store: CaseStore, sample_content
) -> None:
    meeting = meeting_on(sample_content, store)
    assert meeting.unsaved_warning() is None  # nothing said yet: nothing to lose
    meeting.goto_topic("welcome")
    meeting.proceed()
    assert meeting.unsaved_warning() is None  # only "hello" so far: no answer to lose
    meeting.answer("Sam")
    warning = meeting.unsaved_warning()
    assert warning is not None and "today's answers are not kept" in warning


def test_leaving_after_a_later_no_says_what_stays(store: CaseStore, sample_content) -> None:
    meeting = meeting_on(sample_content, store)
    meeting.goto_topic("welcome")
    meeting.proceed()
    meeting.answer("Sam")
    meeting.answer("yes")
    meeting.edit("consent.record", False)
    meeting.keep_saved()
    warning = meeting.unsaved_warning()
    assert warning is not None and "what was saved before stays" in warning


def test_practice_without_a_record_never_warns(sample_content) -> None:
    meeting = meeting_on(sample_content)
    meeting.goto_topic("welcome")
    meeting.proceed()
    meeting.answer("Sam")
    assert meeting.unsaved_warning() is None


# -- the UI names the key -----------------------------------------------------------------


def test_the_way_to_agree_names_the_key_the_ui_gives(store: CaseStore, sample_content) -> None:
    meeting = meeting_on(sample_content, store, topics_key="Ctrl+T")
    meeting.goto_topic("welcome")
    assert meeting.proceed().save.message.endswith("To agree, press Ctrl+T and open Welcome.")


def test_without_a_key_the_way_to_agree_names_the_topic_list(
    store: CaseStore, sample_content
) -> None:
    meeting = meeting_on(sample_content, store)
    meeting.goto_topic("welcome")
    message = meeting.proceed().save.message
    assert message.endswith("To agree, open Welcome from the topic list.")
    assert "press" not in message
