"""A line of text (``KeptStatic``) asks for a layout only when a new text takes another
number of rows: a step's prompt, hint, header and keys hint most often fill as many rows as
the last, and each layout arranged the question area again (issue 18). Whatever the rows,
the new text is what is drawn, and a text needing more rows gets them."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.containers import Vertical
from textual.content import Content

from assistant.ui.widgets.answer_base import KeptStatic

WIDTH = 40


class LineApp(App[None]):
    CSS = "KeptStatic { width: 1fr; height: auto; } #auto { width: auto; }"

    def compose(self) -> Any:
        with Vertical():
            yield KeptStatic(Content("First question"), id="line")
            yield KeptStatic(Content("Beside"), id="auto")


def _rows(app: App[None], widget: KeptStatic) -> list[str]:
    """The text drawn on the screen in the widget's rows."""
    region = widget.region
    strips = app.screen._compositor.render_strips()
    return [
        strips[y].text[region.x : region.right].rstrip() for y in range(region.y, region.bottom)
    ]


async def test_a_text_of_the_same_rows_asks_for_no_layout() -> None:
    app = LineApp()
    async with app.run_test(size=(WIDTH, 10)):
        line = app.query_one("#line", KeptStatic)
        line.update(Content("Second question"))
        assert not line._layout_required


async def test_a_text_of_the_same_rows_is_drawn() -> None:
    app = LineApp()
    async with app.run_test(size=(WIDTH, 10)) as pilot:
        line = app.query_one("#line", KeptStatic)
        line.update(Content("Second question"))
        await pilot.pause()
        assert _rows(app, line) == ["Second question"]


async def test_a_text_of_more_rows_is_laid_out_on_them() -> None:
    app = LineApp()
    async with app.run_test(size=(WIDTH, 10)) as pilot:
        line = app.query_one("#line", KeptStatic)
        words = "A much longer question that needs two rows here"
        line.update(Content(words))
        assert line._layout_required
        await pilot.pause()
        assert line.size.height == 2
        assert " ".join(_rows(app, line)) == words


async def test_a_line_as_wide_as_its_text_is_laid_out_again() -> None:
    app = LineApp()
    async with app.run_test(size=(WIDTH, 10)) as pilot:
        beside = app.query_one("#auto", KeptStatic)
        beside.update(Content("Wider words"))
        assert beside._layout_required
        await pilot.pause()
        assert beside.size.width == len("Wider words")
