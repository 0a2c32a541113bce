"""What the terminal shows after the keys beside the answers is what the screen holds.

tests/ui/test_frames_shadow.py gives a shadow of the terminal every frame the app hands its
driver and checks it against the whole screen composed again, over a first meeting's answers.
Here the same shadow follows what else happens in a meeting: F3 (the guidance hidden and shown
again), F4 (the topics), F5 (the side panel in turn), F8 (Back), the pause for safety, the
finish dialog and an answer opened from the conversation so far (each dialog opened and closed
with Escape), and the terminal resized mid-meeting (also under a dialog); each alone, then
typed ahead among the answers, as the terminal driver delivers a burst. Each of these lays
out more than a step does (the question area's kept height released, the panels changing
places, a screen pushed over the meeting and popped), so each is a chance for a partial frame
to leave a cell stale.

After each key or burst of keys, once the app is idle, the shadow must equal the screen on
top composed again (over a dialog: with the meeting behind it, as the frames are made). A
resize makes every cell of the shadow unknown first: a terminal may keep, clear or rewrap
what it showed, so all of it must be drawn again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from test_frames_shadow import (
    GETTING_STARTED,
    Cell,
    Terminal,
    idle,
    key_event,
    open_topic_keys,
    reach,
    shadow_terminal,
)
from textual._context import visible_screen_stack
from textual.app import App
from ui_support import press, settle

from assistant.flows.loader import Content
from assistant.ui.app import make_app
from assistant.ui.screens.edit_answer import EditAnswer
from assistant.ui.screens.finish import FinishMeeting
from assistant.ui.screens.safety import SafetyDialog
from assistant.ui.screens.session import SessionScreen

SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])

#: A cell after a resize: whatever the terminal kept there is not to be relied on.
UNKNOWN: Cell = ("\N{REPLACEMENT CHARACTER}", "unknown")

#: The steps answered before each test's keys: words in the conversation so far (one of them
#: typed, to open again), the guidance of a step on screen, a step to go back to.
ANSWERED = GETTING_STARTED[:4]
#: The step on screen once those are answered.
AT = GETTING_STARTED[4][0]


def differences(app: App[Any], terminal: Terminal) -> list[str]:
    """Where the shadow differs from the screen on top composed whole (a dialog with the
    meeting behind it, as ``render_update`` is given the background screens)."""
    visible_screen_stack.set(app._background_screens)
    strips = app.screen._compositor.render_strips()
    assert (terminal.width, len(terminal.rows)) == (app.size.width, len(strips))
    return terminal.differences(strips)


def frames(terminal: Terminal) -> int:
    """How many frames the shadow has been given so far."""
    return terminal.full_frames + terminal.partial_frames


async def compare_once_idle(
    app: App[Any],
    pilot: Any,
    terminal: Terminal,
    drawn: int,
    until: Callable[[], bool],
    label: str,
) -> list[str]:
    """Let the app work until ``until()`` holds and it is idle, and return where the shadow
    then differs from the screen (each line led by ``label``); ``drawn``: ``frames`` before."""
    for _ in range(300):  # a generous bound, never a fixed sleep
        if until():
            break
        await pilot.pause()
    else:
        at = getattr(getattr(app.screen, "meeting", None), "conv", None)
        step = at.step.node_id if at is not None else None
        raise AssertionError(f"{label}: never happened ({type(app.screen).__name__}, {step})")
    await idle(pilot, terminal)
    # Something was drawn: the comparison below is of a change, not of a still screen.
    assert frames(terminal) > drawn, f"{label}: nothing drawn"
    return [f"after {label}: {d}" for d in differences(app, terminal)]


async def keys_then_compare(
    app: App[Any],
    pilot: Any,
    terminal: Terminal,
    keys: list[str],
    until: Callable[[], bool],
    label: str,
) -> list[str]:
    """Type ``keys`` in one burst (as a terminal delivers them), then ``compare_once_idle``."""
    drawn = frames(terminal)
    for key in keys:
        app.post_message(key_event(key))
    return await compare_once_idle(app, pilot, terminal, drawn, until, label)


@asynccontextmanager
async def meeting_under_way(
    data_dir: Path, content: Content, size: tuple[int, int]
) -> AsyncIterator[tuple[App[Any], Any, Terminal, SessionScreen]]:
    """A first meeting with Sam, Getting started answered up to ``AT``, its shadow checked
    clean: yields the app, its pilot, the shadow and the meeting screen."""
    app = make_app(data_dir=data_dir, content=content)
    terminal = shadow_terminal(app, *size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "n", *"Sam", "enter")  # a new person on Home
        await settle(app, pilot)
        await press(pilot, "enter")  # start our first meeting
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        keys = open_topic_keys(screen, "getting_started")
        keys += [key for _, step_keys in ANSWERED for key in step_keys]
        for key in keys:
            app.post_message(key_event(key))
        await reach(pilot, screen, AT)
        await idle(pilot, terminal)
        assert differences(app, terminal) == []
        yield app, pilot, terminal, screen


def on_top(app: App[Any], kind: type[Any]) -> Callable[[], bool]:
    """Whether a screen of ``kind`` is the one on top."""
    return lambda: isinstance(app.screen, kind)


@SIZES
async def test_after_f3_twice_the_terminal_shows_the_screen(
    data_dir: Path, content: Content, size: tuple[int, int]
) -> None:
    async with meeting_under_way(data_dir, content, size) as (app, pilot, terminal, screen):
        guidance = screen.query_one("#guidance")
        assert guidance.display  # this step has guidance: F3 takes rows from the column
        found = await keys_then_compare(
            app, pilot, terminal, ["f3"], lambda: not guidance.display, "F3 (guidance hidden)"
        )
        found += await keys_then_compare(
            app, pilot, terminal, ["f3"], lambda: guidance.display, "F3 again (shown)"
        )
    assert found == [], "\n".join(found)


@SIZES
async def test_after_each_f5_the_terminal_shows_the_screen(
    data_dir: Path, content: Content, size: tuple[int, int]
) -> None:
    async with meeting_under_way(data_dir, content, size) as (app, pilot, terminal, screen):

        def showing() -> str:
            """What F5 changes: narrow, the view in the middle; else, the side panel."""
            return screen.view if screen.has_class("narrow") else screen.side

        found: list[str] = []
        shown = [showing()]
        for turn in range(3):  # round to where it began (narrow: the conversation; else: plan)
            found += await keys_then_compare(
                app,
                pilot,
                terminal,
                ["f5"],
                lambda before=shown[-1]: showing() != before,
                f"F5 no. {turn + 1}",
            )
            shown.append(showing())
    assert shown[-1] == shown[0] and len(set(shown)) == 3, shown
    assert found == [], "\n".join(found)


@SIZES
async def test_after_f4_and_back_the_terminal_shows_the_screen(
    data_dir: Path, content: Content, size: tuple[int, int]
) -> None:
    async with meeting_under_way(data_dir, content, size) as (app, pilot, terminal, screen):
        topic_map = screen.query_one("#topic-map")
        # Narrow (80 columns): the topics take the conversation's place; medium (100): the
        # side panel's. Either way the panels change places and the focus moves to the map.
        found = await keys_then_compare(
            app,
            pilot,
            terminal,
            ["f4"],
            lambda: topic_map.has_focus and screen.view == "topics",
            "F4 (the topics)",
        )
        found += await keys_then_compare(
            app,
            pilot,
            terminal,
            ["f4"],
            lambda: not topic_map.has_focus and screen.view == "conversation",
            "F4 again (the answer)",
        )
    assert found == [], "\n".join(found)


@SIZES
async def test_after_back_the_terminal_shows_the_screen(
    data_dir: Path, content: Content, size: tuple[int, int]
) -> None:
    async with meeting_under_way(data_dir, content, size) as (app, pilot, terminal, screen):
        # Back twice: to the typed answer (its words given again), then past it.
        found = await keys_then_compare(
            app,
            pilot,
            terminal,
            ["f8"],
            lambda: screen.meeting.conv.step.node_id == "what_helps",
            "F8 (back to what_helps)",
        )
        found += await keys_then_compare(
            app,
            pilot,
            terminal,
            ["f8"],
            lambda: screen.meeting.conv.step.node_id == "how_we_work",
            "F8 again (back to how_we_work)",
        )
    assert found == [], "\n".join(found)


def resize_shadow(terminal: Terminal, width: int, height: int) -> None:
    """The terminal's new size, every cell of it unknown until drawn again."""
    terminal.width = width
    terminal.rows = [[UNKNOWN] * width for _ in range(height)]


async def test_after_each_resize_the_terminal_shows_the_screen(
    data_dir: Path, content: Content
) -> None:
    async with meeting_under_way(data_dir, content, (100, 30)) as (app, pilot, terminal, _):
        found: list[str] = []
        for width, height in [(80, 24), (120, 40), (100, 30)]:
            drawn = frames(terminal)
            resize_shadow(terminal, width, height)
            await pilot.resize_terminal(width, height)
            size = (width, height)
            found += await compare_once_idle(
                app,
                pilot,
                terminal,
                drawn,
                lambda size=size: app.screen.size == size,
                f"resize to {width}x{height}",
            )
    assert found == [], "\n".join(found)


async def test_a_resize_under_a_dialog_leaves_the_terminal_as_the_screen(
    data_dir: Path, content: Content
) -> None:
    async with meeting_under_way(data_dir, content, (100, 30)) as (app, pilot, terminal, screen):
        found = await keys_then_compare(
            app, pilot, terminal, ["ctrl+g"], on_top(app, SafetyDialog), "ctrl+g (the pause)"
        )
        # The meeting behind the dialog is laid out again at the new size, unseen until the
        # dialog closes: what the terminal then gets must be all of it.
        drawn = frames(terminal)
        resize_shadow(terminal, 80, 24)
        await pilot.resize_terminal(80, 24)
        found += await compare_once_idle(
            app,
            pilot,
            terminal,
            drawn,
            lambda: app.screen.size == screen.size == (80, 24),
            "resize to 80x24 under the pause",
        )
        found += await keys_then_compare(
            app, pilot, terminal, ["escape"], lambda: app.screen is screen, "Escape (closed)"
        )
        assert screen.has_class("narrow")
    assert found == [], "\n".join(found)


# -- the same keys typed ahead, among the answers ------------------------------------------------

#: The keys that open each dialog over the meeting, and the kind of screen it is.
DIALOGS = {
    "safety": (["ctrl+g"], SafetyDialog),
    "finish": (["ctrl+f"], FinishMeeting),
    "change": (["shift+tab", "enter"], EditAnswer),
}


@pytest.mark.parametrize("dialog", list(DIALOGS))
@SIZES
async def test_a_dialog_opened_and_closed_leaves_the_terminal_as_the_screen(
    data_dir: Path, content: Content, size: tuple[int, int], dialog: str
) -> None:
    opening, kind = DIALOGS[dialog]
    async with meeting_under_way(data_dir, content, size) as (app, pilot, terminal, screen):
        conv = screen.meeting.conv
        found = await keys_then_compare(
            app, pilot, terminal, opening, on_top(app, kind), f"{dialog}: opened"
        )
        # Closing draws the meeting whole again; what follows it is drawn in partial frames.
        found += await keys_then_compare(
            app, pilot, terminal, ["escape"], lambda: app.screen is screen, f"{dialog}: closed"
        )
        # Opened, closed and the answers to record_uses and consent_record, all before the
        # app handles the first key: the meeting comes back with keys waiting.
        found += await keys_then_compare(
            app,
            pilot,
            terminal,
            [*opening, "escape", "enter", "y"],
            lambda: app.screen is screen and conv.step.node_id == "consent_yes",
            f"{dialog}: opened and closed, two answers typed ahead",
        )
    assert found == [], "\n".join(found)


@SIZES
async def test_f_keys_typed_among_the_answers_leave_the_terminal_as_the_screen(
    data_dir: Path, content: Content, size: tuple[int, int]
) -> None:
    async with meeting_under_way(data_dir, content, size) as (app, pilot, terminal, screen):
        conv = screen.meeting.conv
        # Each F-key lays out more than a step does while the next keys are waiting: guidance
        # hidden, an answer, Back; the panels turned round to where they began, two answers,
        # the guidance shown again.
        found = await keys_then_compare(
            app,
            pilot,
            terminal,
            ["f3", "enter", "f8"],
            lambda: conv.step.node_id == AT and not app.settings.guidance,
            "F3, Enter, F8",
        )
        found += await keys_then_compare(
            app,
            pilot,
            terminal,
            ["f5", "f5", "f5", "enter", "y", "f3"],
            lambda: conv.step.node_id == "consent_yes" and app.settings.guidance,
            "F5 three times, Enter, y, F3",
        )
        assert screen.view == "conversation" and screen.side in ("plan", "network")
    assert found == [], "\n".join(found)
