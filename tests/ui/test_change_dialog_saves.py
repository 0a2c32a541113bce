"""What saving the change dialog does: an answer saved as it was changes nothing (no
"Changed to" the same words in the conversation, nothing logged), and every tick taken
off an answer asks first, as a cleared box does."""

from __future__ import annotations

from typing import Any

from ui_support import open_meeting, open_topic, press, screen_text, settle, widget_text

from assistant.authoring.content import load_content
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.session import SessionScreen
from assistant.ui.widgets.confirm import Confirm

TOPIC = """
id: words
title: Words
description: A typed answer and ticks.
nodes:
  - id: said
    kind: ask
    type: text
    speaker: person
    prompt: "What would you like to do this week?"
    store: words.said
  - id: helps
    kind: ask
    type: multi_choice
    speaker: person
    prompt: "What helps you?"
    store: words.helps
    options: [walking, talking, music]
  - id: bye
    kind: say
    speaker: person
    text: "Thank you."
  - id: done
    kind: end
    speaker: person
"""


def _app(make_app: Any, write_topics: Any) -> Any:
    return make_app(content=load_content(write_topics(words=TOPIC)))


async def _answered(app: Any, pilot: Any) -> SessionScreen:
    """The answer "Walk" written and "walking" ticked: on to the closing words."""
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "words")
    await press(pilot, *"Walk", "enter", "space", "enter")
    await settle(app, pilot)
    assert screen.meeting.conv.step.node_id == "bye"
    return screen


async def _change(app: Any, pilot: Any, ups: int) -> None:
    """Open the answer ``ups`` lines up from the end of the conversation to change it."""
    await press(pilot, "shift+tab", *(["up"] * ups), "enter")
    await settle(app, pilot)
    assert isinstance(app.screen, EditAnswer)


async def test_saving_an_answer_as_it_was_changes_nothing(make_app, write_topics) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _answered(app, pilot)
        logged = list(screen.meeting.conv.log)
        await _change(app, pilot, 1)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.meeting.conv.log == logged
        assert "Changed to" not in screen_text(app)


async def test_saving_an_answer_as_it_was_says_nothing_changed(make_app, write_topics) -> None:
    # The dialog closing with no word looked like a change made (even with "This corrects a
    # mistake" ticked): the pair are told nothing new was recorded.
    from assistant.meetings.meeting import NOTHING_CHANGED

    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        await _answered(app, pilot)
        await _change(app, pilot, 1)
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert NOTHING_CHANGED in [n.message for n in app._notifications]


async def test_saving_with_every_tick_taken_off_asks_first(make_app, write_topics) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _answered(app, pilot)
        logged = len(screen.meeting.conv.log)
        await _change(app, pilot, 0)
        await press(pilot, "space", "enter")  # "walking" unticked: nothing ticked
        await settle(app, pilot)
        assert isinstance(app.screen, Confirm)
        assert "Clear this answer?" in screen_text(app)
        assert len(screen.meeting.conv.log) == logged
        assert screen.meeting.conv.data["words"]["helps"] == ["walking"]


async def test_going_back_from_unticking_keeps_the_answer_and_the_dialog(
    make_app, write_topics
) -> None:
    app = _app(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _answered(app, pilot)
        logged = len(screen.meeting.conv.log)
        await _change(app, pilot, 0)
        await press(pilot, "space", "enter", "enter")  # Enter: Go back has the focus
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)
        assert len(screen.meeting.conv.log) == logged


NEEDED = """
id: needed
title: Needed
description: A question that cannot be left.
nodes:
  - id: said
    kind: ask
    type: text
    speaker: person
    prompt: "What shall we call you?"
    store: needed.said
    can_skip: false
  - id: bye
    kind: say
    speaker: person
    text: "Thank you."
  - id: done
    kind: end
    speaker: person
"""


async def test_clearing_an_answer_the_question_needs_says_so_at_once(
    make_app, write_topics
) -> None:
    # "Clear this answer?" was asked, and after the yes the engine refused the empty answer.
    app = make_app(content=load_content(write_topics(needed=NEEDED)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "needed")
        await press(pilot, *"Sam", "enter")
        await settle(app, pilot)
        await _change(app, pilot, 0)
        await press(pilot, "end", "backspace", "backspace", "backspace", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, EditAnswer)  # no "Clear this answer?" on top
        from assistant.ui.screens.edit_answer import NEEDS_AN_ANSWER

        said = " ".join(widget_text(app.screen.query_one("#edit-message")).split())
        assert NEEDS_AN_ANSWER in said
