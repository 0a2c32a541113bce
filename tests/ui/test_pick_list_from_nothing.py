"""A pick list with nothing highlighted yet (a choice made on purpose, as at "Do you agree
with this plan?") starts at the top with either arrow: Up wrapped round to the last line,
and a worker pressing Up to reach the top recorded "No"."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets.option_list import Option
from ui_support import open_meeting, open_topic, press, screen_text, settle

from assistant.authoring.content import load_content
from assistant.ui.widgets.answer_base import PickList


class _Agree(App[None]):
    def compose(self) -> ComposeResult:
        yield PickList(lambda index: None, id="pick")

    def on_mount(self) -> None:
        pick = self.query_one(PickList)
        pick.add_options([Option("Yes"), Option("Not yet"), Option("No")])
        pick.highlighted = None
        pick.focus()


@pytest.mark.parametrize("key", ["up", "down"])
async def test_from_nothing_either_arrow_starts_on_the_first_line(key: str) -> None:
    app = _Agree()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press(key)
        assert app.query_one(PickList).highlighted == 0


async def test_up_from_a_line_still_moves_up() -> None:
    app = _Agree()
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "up")
        assert app.query_one(PickList).highlighted == 0


TOPIC = """
id: agree
title: Agree
description: A choice made on purpose.
nodes:
  - id: agrees
    kind: ask
    type: choice
    speaker: person
    prompt: "Do you agree with this plan?"
    store: agree.agrees
    pick_on_purpose: true
    options:
      - value: "yes"
        label: "Yes"
      - value: "no"
        label: "No"
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""


async def test_enter_with_nothing_picked_says_how_to_pick(make_app, write_topics) -> None:
    # Enter records nothing there (a stray second Enter must not agree a plan), and it
    # seemed to do nothing at all.
    app = make_app(content=load_content(write_topics(agree=TOPIC)))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_meeting(app, pilot)
        await open_topic(pilot, screen, "agree")
        await settle(app, pilot)
        await press(pilot, "enter")
        await settle(app, pilot)
        assert screen.meeting.conv.step.node_id == "agrees"
        assert "Pick one first: the arrow keys, then Enter." in screen_text(app)
