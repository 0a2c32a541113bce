"""Enter on an earlier entry that cannot be changed there (a menu's choice) says why and what
to do instead: the screen says Enter changes an earlier answer, and nothing happening read as
a broken key."""

from __future__ import annotations

from ui_support import open_meeting, open_topic, press, settle

from assistant.authoring.content import load_content
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.widgets.transcript import NOT_CHANGED_HERE_CHOICE, Transcript

TOPIC = """
id: pick
title: Pick
description: A menu, then a question.
nodes:
  - id: which
    kind: menu
    speaker: both
    prompt: "Which goals would you like to work on today?"
    options:
      - id: new_ones
        label: "Only the new ones"
        goto: why
    tags: [person_centred]
  - id: why
    kind: ask
    type: text
    speaker: person
    prompt: "What matters most?"
    store: pick.why
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""


async def test_enter_on_a_menu_choice_says_why_it_cannot_be_changed_there(
    make_app, write_topics
) -> None:
    app = make_app(content=load_content(write_topics(pick=TOPIC)))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "pick")
        await settle(app, pilot)
        await press(pilot, "down", "enter")  # Only the new ones
        await settle(app, pilot)
        assert [e.action for e in screen.meeting.conv.transcript()][-1] == "chose"
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, Transcript)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert not isinstance(app.screen, EditAnswer)
        assert [n.message for n in app._notifications] == [NOT_CHANGED_HERE_CHOICE]
