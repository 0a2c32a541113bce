"""A dialog's body, resized (a message line taking rows, the terminal made smaller), keeps
the focused part in view when it fits, and leaves a taller one where it was scrolled to:
scrolled to whole, Textual shows it from its top, and the line being typed in near its
bottom would go out of view."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static, TextArea

from assistant.ui.widgets.dialog import DialogBody

LINES = "\n".join(f"line {n}" for n in range(1, 41))


class _Form(App[None]):
    def __init__(self, tall: bool) -> None:
        super().__init__()
        self.tall = tall

    def compose(self) -> ComposeResult:
        with DialogBody():
            yield Static("\n".join(f"words {n}" for n in range(1, 15)))
            if self.tall:
                area = TextArea(LINES, id="field")
                area.styles.height = 42
                yield area
            else:
                yield Input("Friday", id="field")
            yield Static("\n".join(f"more {n}" for n in range(1, 15)))


async def test_a_part_taller_than_the_body_is_left_where_it_was_scrolled_to() -> None:
    app = _Form(tall=True)
    async with app.run_test(size=(60, 20)) as pilot:
        area = app.query_one(TextArea)
        area.focus()
        area.move_cursor((39, 0))
        await pilot.pause()
        body = app.query_one(DialogBody)
        body.scroll_to(y=40, animate=False, immediate=True)  # down at the cursor's line
        await pilot.pause()
        before = body.scroll_y
        await pilot.resize_terminal(60, 18)
        await pilot.pause()
        await pilot.pause()
        assert before == 40
        assert body.scroll_y >= before - 2  # not back at the text's top (14)


async def test_a_part_that_fits_is_brought_back_into_view() -> None:
    app = _Form(tall=False)
    async with app.run_test(size=(60, 20)) as pilot:
        field = app.query_one(Input)
        field.focus()
        body = app.query_one(DialogBody)
        body.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        await pilot.resize_terminal(60, 18)
        await pilot.pause()
        await pilot.pause()
        assert body.content_region.contains_region(field.region)
