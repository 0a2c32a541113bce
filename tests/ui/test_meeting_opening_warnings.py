"""What changed since a meeting was saved (a topic that starts again because the topics
changed) is told in a dialog that stays until it is closed, before the meeting opens: a
toast could time out before the pair looked, or behind another dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui_support import press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.engine.conversation import Conversation
from assistant.meetings.meeting import Meeting
from assistant.records import CaseStore
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.screens.session import SessionScreen

TOPIC = """
id: words
title: Words
description: Two typed answers.
nodes:
  - id: said
    kind: ask
    type: text
    speaker: person
    prompt: "What would you like to do this week?"
    store: words.said
  - id: {second}
    kind: ask
    type: text
    speaker: person
    prompt: "Who could come with you?"
    store: words.with
  - id: done
    kind: end
    speaker: person
"""


def _left_on_the_second_question(data_dir: Path, write_topics: Any) -> Any:
    """A meeting saved on the second question; returns the topics as they are now, where
    that question has a new id (so the meeting cannot carry on from it)."""
    before = load_content(write_topics(words=TOPIC.format(second="with")))
    store = CaseStore(data_dir)
    person = store.create_person("Sam")
    with store.open(person) as case:
        conv = Conversation(before)
        conv.goto_topic("words")
        conv.answer("Walk")
        assert conv.step.node_id == "with"
        Meeting(conv, case, "first").save()
    return load_content(write_topics(words=TOPIC.format(second="with_whom")))


async def test_a_topic_that_starts_again_is_told_in_a_dialog_before_the_meeting(
    make_app, write_topics, data_dir: Path
) -> None:
    app = make_app(content=_left_on_the_second_question(data_dir, write_topics))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await press(pilot, "r")  # resume where we left off
        await settle(app, pilot)
        assert isinstance(app.screen, ProblemScreen)
        said = " ".join(screen_text(app).split())
        assert "'Words': the question we were on has changed" in said
        assert not app._notifications  # not a toast that times out
        await press(pilot, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
