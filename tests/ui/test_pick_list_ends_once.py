"""A question's answers stop at either end without moving at all: Up on the first answer
and Down on the last leave the highlight where it is, not round to the other end and back
(two moves, each told to the screen, for one key)."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import OptionList

from assistant.ui.widgets.answer_base import PickList


class _Answers(App[None]):
    def compose(self) -> ComposeResult:
        options = PickList(lambda _index: None)
        options.wraps = False
        options.add_options(["Yes", "Not sure", "No"])
        yield options


async def _moves(start: int, key: str) -> list[int]:
    """The highlights told after ``key`` is pressed on answer ``start``."""
    seen: list[Any] = []
    app = _Answers()
    async with app.run_test(message_hook=seen.append) as pilot:
        app.query_one(PickList).highlighted = start
        await pilot.pause()
        seen.clear()
        await pilot.press(key)
        await pilot.pause()
        assert app.query_one(PickList).highlighted == start
    return [m.option_index for m in seen if isinstance(m, OptionList.OptionHighlighted)]


async def test_up_on_the_first_answer_does_not_move() -> None:
    assert await _moves(0, "up") == []


async def test_down_on_the_last_answer_does_not_move() -> None:
    assert await _moves(2, "down") == []
