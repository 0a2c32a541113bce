"""A question's answers stop at either end: Up from the first does not go round to the last,
Down from the last not round to the first. At "Do you agree with this plan?" Down reached
"Yes", Up (to be sure of the top) went round to "No", and Enter recorded "no"."""

from __future__ import annotations

from typing import Any

from textual.widgets import OptionList
from ui_support import open_meeting, press


async def _at_person_agrees(app: Any, pilot: Any) -> Any:
    """The meeting screen at Closing's "Do you agree with this plan?"."""
    screen = await open_meeting(app, pilot)
    ids = [t.id for t in screen.meeting.conv.topics()]
    await press(pilot, "home", *["down"] * ids.index("closing"), "enter")
    await press(pilot, "enter", "f7", "enter")  # the intro, Moving on not today, the read-back
    assert screen.meeting.conv.step.node_id == "person_agrees"
    return screen


async def test_up_from_the_first_answer_stays_on_it(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _at_person_agrees(app, pilot)
        await press(pilot, "down", "up", "enter")
        assert screen.meeting.conv.data["agreement"]["person_agrees"] == "yes"


async def test_down_from_the_last_answer_stays_on_it(make_app, content: Any) -> None:
    app = make_app(content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _at_person_agrees(app, pilot)
        await press(pilot, "down", "down", "down", "down")
        assert screen._answer.query_one(OptionList).highlighted == 2  # "No", not "Yes"
