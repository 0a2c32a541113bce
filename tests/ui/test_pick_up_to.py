"""A multi_choice with `max` (e.g. 'pick up to 3 areas to talk about today', issue 16): ticking
one too many is refused on screen with how to put it right, and nothing is stored."""

from __future__ import annotations

from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant.authoring.content import load_content

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


async def test_one_pick_too_many_is_refused_and_one_less_is_kept(make_app, write_topics) -> None:
    app = make_app(content=load_content(write_topics(picks=TOPIC)))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "picks")
        await settle(app, pilot)
        await press(pilot, "space", "down", "space", "down", "space", "ctrl+s")
        await settle(app, pilot)
        assert "Please pick up to 2. You picked 3: untick one first." in screen_text(app)
        assert "talk" not in screen.meeting.conv.data
        await press(pilot, "space", "ctrl+s")  # untick music
        await settle(app, pilot)
        assert screen.meeting.conv.data["talk"]["picks"] == ["walking", "talking"]
