"""Leaving a meeting with a list on screen whose changes were not given yet (Done not pressed),
or with words typed in a text box but not given (Enter or ctrl+s not pressed): the question
on leaving says so, instead of "Everything is saved"."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, press, widget_text

from assistant.authoring.content import load_content
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.record_form import RecordForm

# A drafted message, as the referral topic suggests one: the box starts with words the
# people did not type.
DRAFT_TOPIC = """
id: draft
title: A message
description: One drafted message.
order: 1
nodes:
  - id: message
    kind: ask
    type: long_text
    prompt: "Here is a message you could send. Change anything you like."
    store: referral.message
    default: "Dear Ann, Sam would like to come along on Tuesday."
  - id: done
    kind: end
"""


async def _to_people_list(app: Any, pilot: Any) -> None:
    """The sample's welcome topic (name, consent yes), then the people list (topic 2)."""
    await open_meeting(app, pilot)
    await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
    await press(pilot, "home", "down", "enter")


async def _leave_question(app: Any, pilot: Any) -> str:
    await press(pilot, "escape")
    await pilot.pause()
    assert isinstance(app.screen, Confirm)
    return widget_text(app.screen.query_one("#confirm-question"))


async def test_a_person_added_but_not_given_is_named_when_leaving(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_people_list(app, pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, RecordForm)
        await press(pilot, *"Mum", "ctrl+s")
        question = await _leave_question(app, pilot)
        assert "not saved yet" in question and "Done (ctrl+s)" in question
        assert "Everything is saved" not in question


async def test_an_untouched_list_leaves_with_everything_saved(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _to_people_list(app, pilot)
        question = await _leave_question(app, pilot)
        assert "Everything is saved" in question


async def test_words_typed_but_not_given_are_named_when_leaving(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sa")  # the name box, Enter not pressed
        question = await _leave_question(app, pilot)
        assert "What you typed is not saved yet" in question
        assert "Everything is saved" not in question
        # Stay is where the focus starts: Enter keeps the meeting and the words.
        await press(pilot, "enter")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
        assert app.screen.query_one("#answer-input").value == "Sa"


async def test_words_in_a_long_box_not_given_are_named_when_leaving(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        # How things are: a rating, hours, the next meeting, then the long notes box.
        await press(pilot, "home", "down", "down", "enter", "5", *"2", "enter")
        await press(pilot, *"31/01/2099", "enter", *"Half a thought")
        assert app.screen.meeting.conv.step.answer_type == "long_text"
        question = await _leave_question(app, pilot)
        assert "What you typed is not saved yet" in question


async def test_an_answer_undone_by_back_is_put_back_and_leaving_says_it_is_not_kept(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        await press(pilot, "home", "down", "down", "enter", "5", *"12", "enter")
        # Back (F8) undoes the answer and puts its words back in the box, to correct: they
        # are no longer in the record, so leaving says so.
        await press(pilot, "f8")
        await pilot.pause()
        assert app.screen._answer.query_one("#answer-input").value == "12"
        question = await _leave_question(app, pilot)
        assert "What you typed is not saved yet" in question


async def test_an_answer_given_and_shown_again_leaves_with_everything_saved(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
        # The name question again (the transcript's earlier answer, changed to itself): the
        # box shows the saved answer, and nothing is waiting to be given.
        await press(pilot, "home", "enter", "enter")
        await pilot.pause()
        assert app.screen._answer.query_one("#answer-input").value == "Sam"
        question = await _leave_question(app, pilot)
        assert "Everything is saved" in question


async def _typed_at_the_name_box(app: Any, pilot: Any) -> Any:
    screen = await open_meeting(app, pilot)
    await press(pilot, "home", "enter", "enter", *"Sa")  # the name box, Enter not pressed
    return screen


async def test_words_typed_but_not_given_are_named_before_going_to_another_topic(
    make_app,
) -> None:
    # F4 and another topic lost them without a word.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed_at_the_name_box(app, pilot)
        topic = screen.meeting.conv.current_topic
        await press(pilot, "f4", "home", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        question = widget_text(app.screen.query_one("#confirm-question"))
        assert "What you typed is not saved yet" in question and "If you go on now" in question
        await press(pilot, "enter")  # Stay
        await pilot.pause()
        assert app.screen is screen and screen.meeting.conv.current_topic == topic
        assert screen.view == "conversation"  # the question is in view again
        assert screen.query_one("#answer-input").value == "Sa"
        assert app.focused is screen.query_one("#answer-input")


async def test_going_on_without_the_words_opens_the_other_topic(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed_at_the_name_box(app, pilot)
        topic = screen.meeting.conv.current_topic
        await press(pilot, "f4", "home", "down", "enter")
        await pilot.pause()
        await pilot.click("#confirm-yes")
        await pilot.pause()
        assert app.screen is screen and screen.meeting.conv.current_topic != topic


async def test_words_typed_but_not_given_are_named_before_parking(make_app) -> None:
    # F6 parked the topic, and said it "keeps its place", while the words were dropped.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _typed_at_the_name_box(app, pilot)
        topic = screen.meeting.conv.current_topic
        await press(pilot, "f6")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await press(pilot, "enter")  # Stay
        await pilot.pause()
        assert screen.meeting.conv.current_topic == topic
        assert screen.query_one("#answer-input").value == "Sa"


async def test_leaving_before_any_answer_says_nothing_is_kept(make_app) -> None:
    # The header said "Nothing to save yet" while leaving said "Everything is saved".
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meeting(app, pilot)
        question = await _leave_question(app, pilot)
        assert "Everything is saved" not in question
        assert "Nothing has been answered in it yet" in question


async def test_a_suggested_message_left_as_it_was_is_not_named_as_typed(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(draft=DRAFT_TOPIC)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "enter")  # the only topic: the drafted message on screen
        assert app.screen.meeting.conv.step.node_id == "message"
        question = await _leave_question(app, pilot)
        assert "What you typed" not in question
        assert "Everything is saved" in question


async def test_a_suggested_message_changed_is_named_as_typed(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(draft=DRAFT_TOPIC)))
    async with app.run_test(size=(120, 40)) as pilot:
        await open_meeting(app, pilot)
        await press(pilot, "enter", "end", "space", *"Thanks")
        question = await _leave_question(app, pilot)
        assert "What you typed is not saved yet" in question


async def _typed_in_the_long_box(app: Any, pilot: Any, words: str = "Half a thought") -> None:
    """How things are: a rating, hours, the next meeting given; ``words`` typed in the long
    notes box, not given."""
    await open_meeting(app, pilot)
    await press(pilot, "home", "enter", "enter", *"Sam", "enter", "y", "enter")
    await press(pilot, "home", "down", "down", "enter", "5", *"12", "enter")
    await press(pilot, *"31/01/2099", "enter", *words)
    assert app.screen.meeting.conv.step.answer_type == "long_text"


async def test_back_with_words_typed_asks_first_and_stay_keeps_them(make_app) -> None:
    # F8 undid the answer before and showed its question: the words typed went without a word.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _typed_in_the_long_box(app, pilot)
        await press(pilot, "f8")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "What you typed is not saved yet" in widget_text(
            app.screen.query_one("#confirm-question")
        )
        await press(pilot, "enter")  # Stay has the focus
        await pilot.pause()
        assert app.screen.meeting.conv.step.answer_type == "long_text"
        assert app.screen._answer.current() == "Half a thought"


async def test_back_with_words_typed_goes_back_when_told_to(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _typed_in_the_long_box(app, pilot)
        await press(pilot, "f8")
        await pilot.pause()
        await press(pilot, "left", "enter")  # Go back without it
        await pilot.pause()
        assert app.screen.meeting.conv.step.answer_type == "date"


async def test_back_twice_asks_nothing_about_the_words_back_put_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _typed_in_the_long_box(app, pilot, words="")
        await press(pilot, "f8")  # nothing typed: straight back to the date question
        await pilot.pause()
        assert app.screen.meeting.conv.step.answer_type == "date"
        await press(pilot, "f8")  # its words were put back by Back, not typed
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
        assert app.screen.meeting.conv.step.answer_type != "date"
