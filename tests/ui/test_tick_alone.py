"""An option that goes on its own (`alone: true`, e.g. "Nothing at the moment"): ticking it
unticks the others and ticking another unticks it, as the pair tick, and the screen says
what happened; nothing is refused when they are done."""

from __future__ import annotations

from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.ui.widgets.answer_base import TickList

TOPIC = """
id: support
title: Support
description: What someone helps with.
nodes:
  - id: helps
    kind: ask
    type: multi_choice
    speaker: person
    prompt: "What does Sam help with? Pick all that fit."
    store: sam.support
    {most}
    options:
      - {{value: practical, label: "Everyday things"}}
      - {{value: company, label: "Company and fun"}}
      - {{value: nothing, label: "Nothing <b>[at]</b> the moment", alone: true}}
    guidance: "A relationship can matter without giving any support."
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""
LABEL = "“Nothing <b>[at]</b> the moment”"
ON_ITS_OWN = f"{LABEL} can only be picked on its own, so the others are now unticked."
UNTICKED = f"{LABEL} can only be picked on its own, so it is now unticked."


def said(app) -> str:
    """The screen's words, a line break or run of spaces as one space (a note may wrap)."""
    return " ".join(screen_text(app).split())


def _open(make_app, write_topics, most: str = ""):
    return make_app(content=load_content(write_topics(support=TOPIC.format(most=most))))


async def _tick(app, pilot, *keys: str):
    """Open the topic at its question, press ``keys``: the session screen."""
    screen = await open_meeting(app, pilot)
    await open_topic(pilot, screen, "support")
    await settle(app, pilot)
    await press(pilot, *keys)
    await settle(app, pilot)
    return screen


async def test_ticking_the_option_that_goes_alone_unticks_the_others(
    make_app, write_topics
) -> None:
    app = _open(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _tick(app, pilot, "space", "down", "space", "down", "space")
        assert screen.query_one(TickList).selected == ["nothing"]
        assert ON_ITS_OWN in said(app)  # the label as written, never markup
        await press(pilot, "ctrl+s")
        await settle(app, pilot)
        assert screen.meeting.conv.data["sam"]["support"] == ["nothing"]


async def test_ticking_another_option_unticks_the_one_that_goes_alone(
    make_app, write_topics
) -> None:
    app = _open(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _tick(app, pilot, "down", "down", "space", "up", "space")
        assert screen.query_one(TickList).selected == ["company"]
        assert UNTICKED in said(app)
        await press(pilot, "up", "space")  # an ordinary tick: the note has said its piece
        await settle(app, pilot)
        assert UNTICKED not in said(app)
        assert screen.query_one(TickList).selected == ["company", "practical"]


async def test_the_option_that_goes_alone_can_be_ticked_when_the_most_are_ticked(
    make_app, write_topics
) -> None:
    app = _open(make_app, write_topics, most="max: 2")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _tick(app, pilot, "space", "down", "space", "down", "space")
        assert screen.query_one(TickList).selected == ["nothing"]
        assert "You can pick up to 2" not in said(app)


async def test_enter_on_the_ticks_is_done_and_changes_no_tick(make_app, write_topics) -> None:
    # Enter ticked the highlighted line: pressing it to go on, as at every other question,
    # ticked "Nothing at the moment" and so unticked everything else.
    app = _open(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _tick(app, pilot, "space", "down", "space", "down")
        await press(pilot, "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.data["sam"]["support"] == ["practical", "company"]
        assert screen.meeting.conv.step.node_id != "helps"  # given: the topic went on


async def test_enter_with_nothing_ticked_asks_before_saving_not_today(
    make_app, write_topics
) -> None:
    app = _open(make_app, write_topics)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _tick(app, pilot, "enter")
        assert "Nothing is ticked" in said(app)
        assert screen.meeting.conv.step.node_id == "helps"
        assert screen.query_one(TickList).selected == []
