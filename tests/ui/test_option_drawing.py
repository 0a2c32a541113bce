"""An option list works out its styles once per drawing (textual_internals.StylesOncePerDrawing).

Each test draws the same options in a list with the mixin and in Textual's own, and compares
what they draw, or counts what the mixin asks Textual for.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import Option

from assistant.ui.textual_internals import StylesOncePerDrawing

WIDTH, HEIGHT = 30, 5


class _OnceList(StylesOncePerDrawing, OptionList):
    pass


class _OnceTicks(StylesOncePerDrawing, SelectionList[str]):
    pass


class _Both(App[None]):
    """Each kind of list twice: once with the mixin, once as Textual has it."""

    AUTO_FOCUS = None  # none focused: each pair draws its highlight alike
    CSS = f"""
    OptionList {{ width: {WIDTH}; height: {HEIGHT}; }}
    SelectionList {{ text-wrap: wrap; text-overflow: fold; }}  /* as the app's tick list */
    """

    def compose(self) -> ComposeResult:
        yield _OnceList(id="once")
        yield OptionList(id="plain")
        yield _OnceTicks(id="once-ticks")
        yield SelectionList[str](id="plain-ticks")


def _drawn(options: OptionList) -> list[list[Segment]]:
    return [list(strip) for strip in options.render_lines(Region(0, 0, WIDTH, HEIGHT))]


def _pair(app: App[None], ticks: bool) -> tuple[OptionList, OptionList]:
    if ticks:
        return app.query_one("#once-ticks", OptionList), app.query_one("#plain-ticks", OptionList)
    return app.query_one("#once", OptionList), app.query_one("#plain", OptionList)


def _fill(options: OptionList, ticks: bool, count: int = 3, disabled: int | None = None) -> None:
    options.clear_options()
    if ticks:
        options.add_options([(f"Line {n} of the list", str(n), n == 0) for n in range(count)])
    else:
        options.add_options(
            [Option(f"Line {n} of the list", disabled=n == disabled) for n in range(count)]
            + [None, Option("After the divider")]
        )


@pytest.mark.parametrize("ticks", [False, True], ids=["pick", "tick"])
@pytest.mark.parametrize("highlighted", [None, 0, 2])
async def test_a_list_draws_what_textual_draws(ticks: bool, highlighted: int | None) -> None:
    async with _Both().run_test(size=(70, 30)) as pilot:
        once, plain = _pair(pilot.app, ticks)
        for options in (once, plain):
            _fill(options, ticks, disabled=1)
            options.highlighted = highlighted
        await pilot.pause()
        assert _drawn(once) == _drawn(plain)


@pytest.mark.parametrize("ticks", [False, True], ids=["pick", "tick"])
async def test_a_list_drawn_again_after_a_change_of_colour_draws_the_new_colour(
    ticks: bool,
) -> None:
    async with _Both().run_test(size=(70, 30)) as pilot:
        once, plain = _pair(pilot.app, ticks)
        for options in (once, plain):
            _fill(options, ticks)
        await pilot.pause()
        before = _drawn(once)
        for options in (once, plain):
            options.styles.background = "darkred"
        await pilot.pause()
        assert _drawn(once) == _drawn(plain) != before


@pytest.mark.parametrize("ticks", [False, True], ids=["pick", "tick"])
async def test_a_list_narrowed_until_its_lines_need_a_scroll_bar_draws_beside_it(
    ticks: bool,
) -> None:
    # A resize clears a list's lines; the drawing after it counts them again, and that count
    # brings the scroll bar, which takes room from every line drawn after it.
    async with _Both().run_test(size=(70, 30)) as pilot:
        once, plain = _pair(pilot.app, ticks)
        for options in (once, plain):
            _fill(options, ticks, count=1 if not ticks else 3)  # three lines: they fit
        await pilot.pause()
        assert not once.show_vertical_scrollbar
        for options in (once, plain):
            options.styles.width = 12  # each line now wraps: taller than the list
        await pilot.pause()
        assert once.show_vertical_scrollbar
        narrow = Region(0, 0, 12, HEIGHT)
        assert once.render_lines(narrow) == plain.render_lines(narrow)


async def test_a_drawing_works_out_each_style_it_uses_once(monkeypatch) -> None:
    asked: list[tuple[str, ...]] = []
    textuals = Widget.get_visual_style

    def counted(self: Widget, *components: str, partial: bool = False) -> Any:
        if self.id == "once":
            asked.append(components)
        return textuals(self, *components, partial=partial)

    monkeypatch.setattr(Widget, "get_visual_style", counted)
    async with _Both().run_test(size=(70, 30)) as pilot:
        once, _ = _pair(pilot.app, ticks=False)
        _fill(once, ticks=False, count=4)
        once.highlighted = 0
        await pilot.pause()
        once.refresh()  # its lines drawn again, not taken from the last frame
        asked.clear()
        _drawn(once)
        # Five lines in two states (one highlighted, the others plain): each asked for once.
        assert asked
        assert len(asked) == len(set(asked))


async def test_nothing_is_remembered_after_a_drawing_even_one_that_failed(monkeypatch) -> None:
    async with _Both().run_test(size=(70, 30)) as pilot:
        once, _ = _pair(pilot.app, ticks=False)
        _fill(once, ticks=False)
        await pilot.pause()
        _drawn(once)
        assert once.drawing_memo is None

        def broken(self: OptionList, y: int) -> Any:
            raise RuntimeError("a line could not be drawn")

        monkeypatch.setattr(OptionList, "render_line", broken)
        once.refresh()
        with pytest.raises(RuntimeError):
            _drawn(once)
        assert once.drawing_memo is None
