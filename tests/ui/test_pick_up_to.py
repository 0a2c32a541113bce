"""A multi_choice with `max` (e.g. 'pick up to 3 areas to talk about today', issue 16): one tick
too many is refused as it is ticked, saying why; unticking one lets another be picked."""

from __future__ import annotations

from textual import events
from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.ui.widgets.answer_base import TickList

TOPIC = """
id: picks
title: Picks
description: Pick some.
nodes:
  - id: pick
    kind: ask
    type: multi_choice
    speaker: person
    prompt: "Which would you like to talk about today? You can pick up to 2."
    store: talk.picks
    max: 2
    options: [walking, talking, music]
    guidance: "Let the person choose."
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""
TOO_MANY = "You can pick up to 2. Untick one first to pick another."


async def test_one_tick_too_many_is_refused_as_it_is_ticked(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(picks=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "picks")
        await settle(app, pilot)
        await press(pilot, "space", "down", "space", "down", "space")
        await settle(app, pilot)
        assert screen.query_one(TickList).selected == ["walking", "talking"]
        assert TOO_MANY in screen_text(app)
        await press(pilot, "up", "space", "down", "space", "ctrl+s")  # talking off, music on
        await settle(app, pilot)
        assert TOO_MANY not in screen_text(app)
        assert screen.meeting.conv.data["talk"]["picks"] == ["walking", "music"]


async def test_the_note_stays_when_the_ticks_are_typed_in_one_burst(make_app, write_topics) -> None:
    # The earlier ticks' messages arrived after the refused one and cleared its note.
    app = make_app(content=load_content(write_topics(picks=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "picks")
        await settle(app, pilot)
        # Posted as the terminal driver does: all queued before the app handles any.
        for key, char in (("space", " "), ("down", None)) * 2 + (("space", " "),):
            app.post_message(events.Key(key, char))
        await settle(app, pilot)
        assert screen.query_one(TickList).selected == ["walking", "talking"]
        assert TOO_MANY in screen_text(app)
