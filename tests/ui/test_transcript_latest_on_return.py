"""Coming up into the conversation (Shift+Tab) after the meeting has moved on starts on the
latest answer, as the screen says, not on the one picked the last time: that one is out of
view by then, and Enter opened an answer nobody could see was picked."""

from __future__ import annotations

from ui_support import open_meeting, open_topic, press, settle

from assistant.authoring.content import load_content
from assistant.ui.widgets.transcript import Transcript

TOPIC = """
id: three
title: Three
description: Three questions.
nodes:
  - id: one
    kind: ask
    type: text
    speaker: person
    prompt: "First?"
    store: three.one
    tags: [person_centred]
  - id: two
    kind: ask
    type: text
    speaker: person
    prompt: "Second?"
    store: three.two
    tags: [person_centred]
  - id: three
    kind: ask
    type: text
    speaker: person
    prompt: "Third?"
    store: three.three
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""


async def test_after_more_answers_shift_tab_starts_on_the_latest_answer(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(three=TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "three")
        await settle(app, pilot)
        await press(pilot, *"Ann", "enter", *"Bob", "enter")
        await settle(app, pilot)
        await press(pilot, "shift+tab", "up")  # reading an earlier answer
        transcript = screen.query_one(Transcript)
        assert app.focused is transcript
        earlier = transcript.highlighted
        await press(pilot, "tab")  # back to the question
        await press(pilot, *"Cal", "enter")
        await settle(app, pilot)
        await press(pilot, "shift+tab")
        assert earlier is not None and earlier < transcript.option_count - 1
        assert transcript.highlighted == transcript.option_count - 1
