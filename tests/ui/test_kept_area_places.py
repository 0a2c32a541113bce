"""A layout caused only by changes inside the kept question area places only what it holds
(``KeptMapCompositor.place_inside``); everything else keeps its place. Each such map must
be the one placing the whole screen afresh would give: the compositor compares the two when
handed a ``checked`` list, and these tests say which way a frame was placed."""

from __future__ import annotations

from typing import Any

import pytest
from test_frames_shadow import idle, shadow_terminal
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static
from ui_support import first_meeting_begun, open_topic, through_topic

from assistant.ui.app import make_app as make_cpi_app
from assistant.ui.textual_internals import KeptMapCompositor, draw_now


class _Column(App[None]):
    """A column with a line and a scrolling box beside a kept area whose lines change."""

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static("beside", id="beside")
            with VerticalScroll(id="box"):
                for n in range(6):
                    yield Static(f"line {n}")
            with Vertical(id="kept"):
                yield Static("first", id="first")
                yield Static("second", id="second")
                yield Static("third", id="third")

    def on_mount(self) -> None:
        self.screen._compositor = KeptMapCompositor()
        self.query_one("#box").styles.height = 3
        self.query_one("#kept").styles.height = 5  # its place does not depend on its lines


def _roots(monkeypatch: Any) -> list[str]:
    """The widgets each layout from now on places as its root, by id: a list that fills."""
    roots: list[str] = []
    arrange_root = Compositor._arrange_root

    def placing(self: Compositor, root: Widget, *args: Any, **kwargs: Any) -> Any:
        roots.append(root.id or type(root).__name__)
        return arrange_root(self, root, *args, **kwargs)

    monkeypatch.setattr(Compositor, "_arrange_root", placing)
    return roots


async def _steady(pilot: Any) -> tuple[Any, Widget, KeptMapCompositor]:
    """The column laid out once with the kept area kept, as after a step."""
    screen, kept = pilot.app.screen, pilot.app.query_one("#kept")
    pilot.app.query_one("#second").display = False
    assert draw_now(screen, keep=kept)
    return screen, kept, screen._compositor


def _placed_afresh(screen: Any) -> dict[Widget, Any]:
    return dict(Compositor._arrange_root(screen._compositor, screen, screen.size, False)[0])


async def test_a_change_inside_the_kept_area_places_only_what_it_holds(monkeypatch) -> None:
    async with _Column().run_test(size=(30, 12)) as pilot:
        screen, kept, compositor = await _steady(pilot)
        roots = _roots(monkeypatch)
        pilot.app.query_one("#first").display = False
        pilot.app.query_one("#second").display = True
        pilot.app.query_one("#third", Static).update("third,\nnow on two lines")
        assert draw_now(screen, keep=kept)
        assert roots == ["kept"]
        assert dict(compositor._full_map) == _placed_afresh(screen)
        assert screen.find_widget(pilot.app.query_one("#second")).region.y == (
            screen.find_widget(kept).region.y
        )


async def test_a_change_beside_the_kept_area_places_the_whole_screen(monkeypatch) -> None:
    async with _Column().run_test(size=(30, 12)) as pilot:
        screen, kept, _ = await _steady(pilot)
        roots = _roots(monkeypatch)
        pilot.app.query_one("#second").display = True
        pilot.app.query_one("#beside").display = False
        assert draw_now(screen, keep=kept)
        assert screen.id in roots
        assert screen.find_widget(kept).region.y == 3  # moved up into the line given up


async def test_a_layout_asked_for_beside_it_before_the_step_places_the_whole_screen(
    monkeypatch,
) -> None:
    """The line beside it changed and went idle (its layout already handed to the screen,
    not yet done) before the step: nothing is left marked on it for ``draw_now`` to see,
    but its place changed. The counts of what the widgets outside were placed for say so."""
    async with _Column().run_test(size=(30, 12)) as pilot:
        screen, kept, compositor = await _steady(pilot)
        roots = _roots(monkeypatch)
        beside = pilot.app.query_one("#beside", Static)
        beside.update("beside,\non two lines")
        beside._check_refresh()  # what going idle does: its flag is cleared, a message sent
        assert not beside._layout_required
        pilot.app.query_one("#second").display = True
        assert draw_now(screen, keep=kept)
        assert screen.id in roots
        assert dict(compositor._full_map) == _placed_afresh(screen)
        assert screen.find_widget(beside).region.height == 2


async def test_a_scroll_beside_it_places_the_whole_screen(monkeypatch) -> None:
    async with _Column().run_test(size=(30, 12)) as pilot:
        screen, kept, compositor = await _steady(pilot)
        roots = _roots(monkeypatch)
        pilot.app.query_one("#box").scroll_to(y=2, animate=False, immediate=True)
        pilot.app.query_one("#second").display = True
        assert draw_now(screen, keep=kept)
        assert screen.id in roots
        assert dict(compositor._full_map) == _placed_afresh(screen)


async def test_the_kept_area_asking_for_a_layout_itself_places_the_whole_screen(
    monkeypatch,
) -> None:
    """Its own layout may change its place (a new height), so nothing outside is reused."""
    async with _Column().run_test(size=(30, 12)) as pilot:
        screen, kept, _ = await _steady(pilot)
        roots = _roots(monkeypatch)
        kept.styles.height = 4
        assert draw_now(screen, keep=kept)
        assert screen.id in roots
        assert screen.find_widget(kept).region.height == 4


async def test_a_widget_placed_against_the_screen_places_the_whole_screen(monkeypatch) -> None:
    """Placed as a root, the kept area would constrain its insides to itself, not the screen."""
    async with _Column().run_test(size=(30, 12)) as pilot:
        screen, kept, compositor = await _steady(pilot)
        pilot.app.query_one("#first").styles.constrain_x = "inside"
        pilot.app.query_one("#first").refresh(layout=True)
        assert draw_now(screen, keep=kept)
        roots = _roots(monkeypatch)
        pilot.app.query_one("#second").display = True
        assert draw_now(screen, keep=kept)
        assert screen.id in roots
        assert dict(compositor._full_map) == _placed_afresh(screen)


class _ListAndLine(App[None]):
    """A kept area holding a scrolling list with its scroll bar showing, and a line hidden
    above it: showing the line shrinks the list by a row, and its scroll bar with it."""

    CSS = """
    #kept { height: 6; }
    #list { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("beside", id="beside")
        with Vertical(id="kept"):
            yield Static("shown now", id="shown")
            with VerticalScroll(id="list"):
                yield Static("\n".join(f"line {n}" for n in range(12)))
            yield Static("under the list", id="under")

    def on_mount(self) -> None:
        self.screen._compositor = KeptMapCompositor()


async def test_a_scroll_bar_resized_inside_the_kept_area_leaves_no_stale_row() -> None:
    """Placing the list's scroll bar at its new size refreshes it, which asks for its region:
    with a widget shown since the last layout, that rebuilt the whole map at the new places
    before Textual's reflow compared the new map with the old one, so nothing was marked as
    moved and the terminal kept the rows as they were (a stale Go on button under a new tick
    list, in a meeting). What the terminal shows must be what the whole screen holds."""
    app = _ListAndLine()
    terminal = shadow_terminal(app, 30, 10)
    async with app.run_test(size=(30, 10)) as pilot:
        screen, kept = app.screen, app.query_one("#kept")
        app.query_one("#shown").display = False
        assert draw_now(screen, keep=kept)  # laid out with its place kept, as after a step
        await idle(pilot, terminal)
        assert terminal.differences(screen._compositor.render_strips()) == []
        ways: list[str] = []
        placed_inside = screen._compositor.place_inside

        def placing(*args: Any) -> Any:
            placed = placed_inside(*args)
            ways.append("kept" if placed is not None else "screen")
            return placed

        screen._compositor.place_inside = placing
        app.query_one("#shown").display = True
        assert draw_now(screen, keep=kept)
        await idle(pilot, terminal)
        assert ways == ["kept"]  # only the kept area's insides were placed
        assert screen.find_widget(app.query_one("#shown")).region.y == 1
        assert terminal.differences(screen._compositor.render_strips()) == []


class _LineShownLater(App[None]):
    """Three lines, the middle one hidden until a test shows it."""

    def compose(self) -> ComposeResult:
        yield Static("above", id="above")
        yield Static("shown later", id="shown")
        yield Static("below", id="below")

    def on_mount(self) -> None:
        self.screen._compositor = KeptMapCompositor()
        self.query_one("#shown").display = False


async def test_a_map_built_lazily_before_a_layout_leaves_no_stale_row() -> None:
    """A widget shown since the last layout marks the map out of date, and a widget asked for
    its region before the next layout (a list given new options) builds the whole map
    lazily at the new places. The layout must still compare its places with those drawn:
    compared with the lazy map nothing had moved, and the line pushed down was left drawn
    where it was (after a date's meaning line was shown, a ghost row of buttons)."""
    app = _LineShownLater()
    terminal = shadow_terminal(app, 30, 5)
    async with app.run_test(size=(30, 5)) as pilot:
        screen = app.screen
        await idle(pilot, terminal)
        shown, below = app.query_one("#shown"), app.query_one("#below")
        assert below.region.y == 1
        shown.display = True
        # What the screen's refresh does with a changed widget it has not placed yet.
        screen._compositor.update_widgets({shown})
        assert below.region.y == 2  # asked before the layout: the map built lazily
        await idle(pilot, terminal)
        assert screen.find_widget(below).region.y == 2
        assert terminal.differences(screen._compositor.render_strips()) == []


async def _meeting_checked(data_dir: Any, content: Any, size: tuple[int, int]) -> tuple[int, Any]:
    """A first meeting through two topics with every inside-only map checked: how many of
    its layouts placed only the question area, and what the checks noted."""
    app = make_cpi_app(data_dir=data_dir, content=content)
    async with app.run_test(size=size) as pilot:
        screen = await first_meeting_begun(app, pilot)
        compositor = screen._compositor
        assert isinstance(compositor, KeptMapCompositor)
        compositor.checked = []
        inside = 0
        placed_inside = compositor.place_inside

        def counting(*args: Any) -> Any:
            nonlocal inside
            placed = placed_inside(*args)
            inside += placed is not None
            return placed

        compositor.place_inside = counting  # type: ignore[method-assign]
        for topic in ("what_matters", "connections"):
            await open_topic(pilot, screen, topic)
            await through_topic(pilot, screen)
        return inside, compositor.checked


@pytest.mark.slow
async def test_a_meeting_places_only_the_question_area_and_always_as_the_whole_screen_would(
    data_dir, content
) -> None:
    inside, checked = await _meeting_checked(data_dir, content, (120, 40))
    assert checked == []
    assert inside >= 10


@pytest.mark.slow
async def test_a_meeting_on_a_small_screen_places_as_the_whole_screen_would(
    data_dir, content
) -> None:
    inside, checked = await _meeting_checked(data_dir, content, (80, 24))
    assert checked == []
    assert inside >= 10
