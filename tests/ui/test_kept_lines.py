"""Widgets that keep the lines they drew for each text (``KeptLines``): a text shown again is
not drawn again, and what is kept is always what Textual would draw now."""

from __future__ import annotations

from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.geometry import Offset, Region
from textual.selection import Selection
from textual.widget import Widget
from textual.widgets import Button, Static

from assistant.ui.textual_internals import content_key
from assistant.ui.widgets.answer_base import ActButton, KeptStatic

BUTTON_CSS = "Button { width: 12; }"


class _Lines(App[None]):
    """A kept line of text and a button, each beside a plain Textual one styled the same."""

    CSS = "Static { height: 1; } " + BUTTON_CSS
    AUTO_FOCUS = None  # both buttons start alike, unfocused

    def compose(self) -> ComposeResult:
        yield KeptStatic(id="kept")
        yield Static(id="plain")
        yield ActButton(Content("Done"), lambda: None, id="kept-button")
        yield Button(Content("Done"), id="plain-button")


def drawn(widget: Widget) -> list[list[tuple[str, Any]]]:
    """The widget's lines as (text, style) pieces, drawn now in full."""
    width, height = widget.outer_size
    lines = widget.render_lines(Region(0, 0, width, height))
    return [[(segment.text, segment.style) for segment in line] for line in lines]


def count_drawings(monkeypatch: pytest.MonkeyPatch, widget: Widget) -> list[int]:
    """A list that grows by one each time ``widget`` draws its text afresh."""
    drawings: list[int] = []
    real = Widget._render_content

    def counted(self: Widget) -> None:
        if self is widget:
            drawings.append(1)
        real(self)

    monkeypatch.setattr(Widget, "_render_content", counted)
    return drawings


async def show(pilot: Any, widget: Static, text: Content) -> None:
    widget.update(text)
    await pilot.pause()


async def test_a_text_shown_again_is_not_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept = pilot.app.query_one("#kept", Static)
        drawings = count_drawings(monkeypatch, kept)
        for text in ("Type, then press Enter.", "Press Enter to go on.", "Type, then press Enter."):
            await show(pilot, kept, Content(text))
            drawn(kept)
        assert len(drawings) == 2


async def test_a_kept_text_is_drawn_as_textual_draws_it() -> None:
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept, plain = pilot.app.query_one("#kept", Static), pilot.app.query_one("#plain", Static)
        first = Content("Arrow keys to move, ").stylize("$text-muted") + Content("Enter").stylize(
            "bold"
        )
        await show(pilot, kept, first)
        drawn(kept)
        await show(pilot, kept, Content("Press Enter to go on."))
        drawn(kept)
        await show(pilot, kept, first)
        await show(pilot, plain, first)
        assert drawn(kept) == drawn(plain)


async def test_the_same_words_in_other_styles_are_drawn_in_those_styles() -> None:
    # Content compares by its words only: a cache keyed by it would mix these two up.
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept, plain = pilot.app.query_one("#kept", Static), pilot.app.query_one("#plain", Static)
        await show(pilot, kept, Content("Not today"))
        drawn(kept)
        bold = Content("Not today").stylize("bold")
        await show(pilot, kept, bold)
        await show(pilot, plain, bold)
        assert drawn(kept) == drawn(plain)
        assert content_key(Content("Not today")) != content_key(bold)


def new_theme(app: App[None]) -> None:
    app.theme = "textual-light"


def tinted(app: App[None]) -> None:
    for widget in app.query(Static):
        widget.styles.tint = "red 40%"


def behind(app: App[None]) -> None:
    app.screen.styles.background = "darkred"  # a style of a widget around it, not its own


@pytest.mark.parametrize("change", [new_theme, tinted, behind], ids=["theme", "tint", "behind"])
async def test_a_kept_text_is_drawn_again_after_a_change_of_look(change: Any) -> None:
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept, plain = pilot.app.query_one("#kept", Static), pilot.app.query_one("#plain", Static)
        text = Content("Answering: ") + Content("Sam").stylize("$text-muted")
        await show(pilot, kept, text)
        await show(pilot, plain, text)
        before = drawn(kept)
        change(pilot.app)
        await pilot.pause()
        assert drawn(kept) == drawn(plain)
        assert drawn(kept) != before


async def test_the_styles_part_of_the_key_is_worked_out_again_only_after_a_style_change(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worked_out: list[int] = []
    real = Widget.visual_style

    def counted(self: Widget) -> Any:
        worked_out.append(1)
        return real.fget(self)

    monkeypatch.setattr(KeptStatic, "visual_style", property(counted))
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept = pilot.app.query_one("#kept", Static)
        for text in ("Type, then press Enter.", "Press Enter to go on."):
            await show(pilot, kept, Content(text))
            drawn(kept)
        worked_out.clear()
        await show(pilot, kept, Content("Type, then press Enter."))  # only the words change
        drawn(kept)  # kept: drawn neither by Textual nor with the colours worked out again
        assert worked_out == []
        pilot.app.screen.styles.background = "darkred"
        await pilot.pause()
        drawn(kept)
        assert worked_out != []


async def test_the_styles_part_is_not_worked_out_again_for_a_widget_shown_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    worked_out: list[int] = []
    real = Widget.visual_style

    def counted(self: Widget) -> Any:
        worked_out.append(1)
        return real.fget(self)

    monkeypatch.setattr(KeptStatic, "visual_style", property(counted))
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept = pilot.app.query_one("#kept", Static)
        await show(pilot, kept, Content("Press Enter to go on."))
        drawn(kept)
        worked_out.clear()
        for shown in (False, True):  # a hint or a button hidden, then shown at the next step
            kept.display = shown
            await pilot.pause()
        drawn(kept)
        assert worked_out == []


async def test_a_widget_shown_again_in_a_new_style_is_drawn_in_it() -> None:
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept, plain = pilot.app.query_one("#kept", Static), pilot.app.query_one("#plain", Static)
        for widget in (kept, plain):
            await show(pilot, widget, Content("Press Enter to go on."))
        before = drawn(kept)
        for widget in (kept, plain):
            widget.display = False
            widget.styles.background = "darkred"
            widget.display = True
        await pilot.pause()
        assert drawn(kept) == drawn(plain)
        assert drawn(kept) != before


async def test_a_kept_button_is_drawn_again_when_focused_and_back_when_not() -> None:
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept = pilot.app.query_one("#kept-button", Button)
        plain = pilot.app.query_one("#plain-button", Button)
        unfocused = drawn(kept)
        assert unfocused == drawn(plain)
        kept.focus()
        await pilot.pause()
        assert drawn(kept) != unfocused
        plain.focus()
        await pilot.pause()
        focused_plain = drawn(plain)
        kept.focus()
        await pilot.pause()
        assert drawn(kept) == focused_plain
        plain.focus()
        await pilot.pause()
        assert drawn(kept) == unfocused


async def test_a_kept_button_shown_again_is_not_drawn_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept = pilot.app.query_one("#kept-button", Button)
        drawn(kept)
        drawings = count_drawings(monkeypatch, kept)
        for shown in (False, True, False, True):
            kept.display = shown
            await pilot.pause()
        assert drawings == []


async def test_selected_text_is_drawn_afresh_with_the_selection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept, plain = pilot.app.query_one("#kept", Static), pilot.app.query_one("#plain", Static)
        text = Content("What helps you feel connected?")
        await show(pilot, kept, text)
        await show(pilot, plain, text)
        unselected = drawn(kept)
        screen = pilot.app.screen
        selection = Selection.from_offsets(Offset(0, 0), Offset(4, 0))
        screen.selections = {kept: selection, plain: selection}
        await pilot.pause()
        assert drawn(kept) == drawn(plain)
        assert drawn(kept) != unselected


async def test_a_text_with_a_click_in_it_is_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    # Textual draws a clickable part differently under the mouse.
    async with _Lines().run_test(size=(40, 8)) as pilot:
        kept = pilot.app.query_one("#kept", Static)
        drawings = count_drawings(monkeypatch, kept)
        text = Content.from_markup("Press [@click=app.bell]F2[/] to change")
        for _ in range(2):
            await show(pilot, kept, Content("Other"))
            drawn(kept)
            await show(pilot, kept, text)
            drawn(kept)
        assert len(drawings) == 3  # "Other" once, the clickable text each time
