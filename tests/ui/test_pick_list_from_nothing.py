"""A pick list with nothing highlighted yet (a choice made on purpose, as at "Do you agree
with this plan?") starts at the top with either arrow: Up wrapped round to the last line,
and a worker pressing Up to reach the top recorded "No"."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets.option_list import Option

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
