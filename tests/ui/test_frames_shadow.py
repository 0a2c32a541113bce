"""What the terminal shows after keys typed ahead is what the screen holds: no stale cell.

A tester once saw parts of the next question left undrawn after answering (an old button, blank
rows). The session screen sends the terminal only what changed (``KeptMapCompositor``, the held
frames of ``SessionScreen._draw_now``), and Pilot's screenshots never see that: they compose
the whole screen again (``Compositor.render_strips``). Here a shadow of the terminal (a grid of
cells, each a character and the colours and attributes it is written with) is given every
update the app hands its driver, from the first frame on, full and partial alike; once the app
is idle after each burst of keys, the shadow must equal the whole screen composed again. (That
finds a change the partial frames left unsent or sent wrong, not a widget whose own cached
lines are stale: the whole screen is composed from those same lines.)

Where the updates are taken, and why that is what a terminal gets: every frame reaches the
driver through ``App._display(screen, update)`` (``Screen._compositor_refresh`` is its only
caller for a full-screen app), which turns a ``LayoutUpdate`` (a full frame) or a
``ChopsUpdate`` (a partial one) into cursor moves and text with ``render_segments`` and writes
that to the driver. Headless, the updates are made exactly as in a terminal
(``Compositor.render_update`` runs, and clears what it drew from the marked regions); only
``_display`` returns without writing when ``app.is_headless``. So ``_display`` is wrapped:
each update it is given is applied to the shadow under the same conditions ``_display``
writes it (not inside ``batch_update``, the app running and not closed, a driver), headless
aside, and in the way ``render_segments`` writes it: a full frame's lines each from the
region's left edge; for a partial frame, for each changed span of a line, every chop of that
line that overlaps it, written from the chop's own left edge and cut at the span's right end
(not at its left: the terminal gets the whole chop up to there). Nothing is patched to run
differently: the app draws as it does in a terminal, and the shadow reads what it drew.

Keys are typed ahead as a terminal driver delivers them: a burst of key events, several
steps' answers, all posted before the app handles the first (``Pilot.press`` waits for the app
to go idle after each key, so each step is drawn before the next key arrives).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from rich.color import ColorSystem
from rich.console import RenderableType
from rich.style import Style
from textual import events
from textual._compositor import ChopsUpdate, CompositorUpdate, LayoutUpdate
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static
from ui_support import AREAS, FIRST_RATINGS, press, settle

from assistant.authoring.content import load_content
from assistant.flows.loader import Content
from assistant.ui.app import make_app
from assistant.ui.screens.session import SessionScreen
from assistant.ui.textual_internals import KeptMapCompositor, draw_now

#: A cell of the terminal: its character ("" for the right half of a wide one) and its style
#: as the terminal is told it (SGR codes and link).
Cell = tuple[str, str]

#: The characters of the named keys used here, as a terminal sends them.
KEY_CHARACTERS = {"enter": "\r", "space": " ", "tab": "\t", "backspace": "\x7f"}


def style_key(style: Style | None) -> str:
    """What the terminal is told of a style (``Strip.render_style``): its SGR codes and link."""
    if style is None:
        return ""
    return Strip.render_ansi(style, ColorSystem.TRUECOLOR) + (style.link or "")


class Terminal:
    """A shadow of the terminal's screen, given the updates the app hands its driver."""

    def __init__(self, width: int, height: int) -> None:
        self.width = width
        self.rows: list[list[Cell]] = [[(" ", "")] * width for _ in range(height)]
        self.full_frames = 0
        self.partial_frames = 0
        #: Text written past the right edge (a terminal would wrap it onto the next line).
        self.overflows: list[str] = []

    def write(self, x: int, y: int, strip: Strip) -> int:
        """Write a strip's text from column ``x`` of row ``y``; returns where the cursor ends."""
        row = self.rows[y]
        for text, style, control in strip:
            if control:
                continue
            key = style_key(style)
            for character in text:
                width = cell_len(character)
                if x + width > self.width:
                    self.overflows.append(f"row {y}, column {x}: {character!r}")
                    return x
                row[x] = (character, key)
                if width == 2:
                    row[x + 1] = ("", key)
                x += width
        return x

    def apply(self, update: CompositorUpdate) -> None:
        """Write an update as its ``render_segments`` does."""
        if isinstance(update, LayoutUpdate):
            self.full_frames += 1
            lines: Iterable[Iterable[Strip]] = update.strips
            for y, line in enumerate(lines, update.region.y):
                x = update.region.x
                for strip in line:
                    x = self.write(x, y, strip)
        elif isinstance(update, ChopsUpdate):
            self.partial_frames += 1
            for y, x1, x2 in update.spans:
                chops = update.chops[y].items()
                for end, (x, chop) in zip(update.chop_ends[y], chops, strict=False):
                    if chop is None or x > x2 or end <= x1:
                        continue
                    if not (x2 > x >= x1 and end <= x2):
                        chop = chop.crop(0, min(end, x2) - x)
                    self.write(x, y, chop)
        else:
            raise AssertionError(f"the driver was given {type(update).__name__}, not a frame")

    def differences(self, strips: Sequence[Strip]) -> list[str]:
        """Each row where this shadow differs from ``strips`` (the screen rendered whole)."""
        truth = Terminal(self.width, len(self.rows))
        for y, strip in enumerate(strips):
            truth.write(0, y, strip)
        found = []
        for y, (shown, true) in enumerate(zip(self.rows, truth.rows, strict=True)):
            if shown == true:
                continue
            columns = [x for x, (a, b) in enumerate(zip(shown, true, strict=True)) if a != b]
            found.append(
                f"row {y}, columns {columns[0]}-{columns[-1]}:\n"
                f"  terminal: {''.join(c for c, _ in shown)!r}\n"
                f"  screen:   {''.join(c for c, _ in true)!r}"
            )
        return found + self.overflows


def shadow_terminal(app: App[Any], width: int, height: int) -> Terminal:
    """A shadow given every frame ``app`` hands its driver from now on (before ``run_test``:
    from the first frame)."""
    terminal = Terminal(width, height)
    display = app._display

    def shadowed(screen: Screen[Any], renderable: RenderableType | None) -> None:
        # App._display's own conditions for writing, all but ``not app.is_headless``.
        if (
            renderable is not None
            and not app._batch_count
            and app._running
            and not app._closed
            and app._driver is not None
        ):
            assert isinstance(renderable, CompositorUpdate), f"the driver was given {renderable!r}"
            terminal.apply(renderable)
        display(screen, renderable)

    app._display = shadowed  # type: ignore[method-assign]
    return terminal


def key_event(key: str) -> events.Key:
    """A key event as the terminal driver makes it: a character, or a named key."""
    if len(key) == 1:
        return events.Key("space" if key == " " else key, key)
    return events.Key(key, KEY_CHARACTERS.get(key))


async def idle(pilot: Any, terminal: Terminal) -> None:
    """Let the app work until two pauses in a row pass with no frame drawn (each pause ends
    with the screen's own refresh, which draws anything still marked)."""
    quiet = 0
    for _ in range(100):
        frames = terminal.full_frames + terminal.partial_frames
        await pilot.pause()
        quiet = quiet + 1 if terminal.full_frames + terminal.partial_frames == frames else 0
        if quiet == 2:
            return
    raise AssertionError("the app never stopped drawing")


# -- the first meeting with the shipped topics, typed ahead --------------------------------------

#: Each step of the first meeting's first two topics, with the keys that answer it.
Steps = list[tuple[str, list[str]]]

ENTER = ["enter"]

GETTING_STARTED: Steps = [
    ("hello", ENTER),
    ("keyboard", ENTER),
    ("how_we_work", ENTER),
    ("what_helps", [*"Walking and music", "ctrl+s"]),
    ("record_uses", ENTER),
    ("consent_record", ["y"]),
    ("consent_yes", ENTER),
    ("not_recorded", ["n"]),
    ("topics_intro", ENTER),
    ("finish", ENTER),
]

WHAT_MATTERS: Steps = [
    ("intro", ENTER),
    ("interests", [*"Football", "ctrl+s"]),
    ("strengths", [*"I make people laugh", "ctrl+s"]),
    ("hopes", [*"A job", "ctrl+s"]),
    ("good_week", [*"Seeing my sister", "ctrl+s"]),
    ("what_matters_most", [*"My dog", "ctrl+s"]),
    ("ratings_intro", ENTER),
    ("ratings_menu", ENTER),
    *[
        step
        for area, rating in zip(AREAS, FIRST_RATINGS, strict=True)
        for step in ((f"rate_{area}", [rating]), (f"help_{area}", ["n"]))
    ],
    ("focus", ["space", "ctrl+s"]),
    ("after_ratings", ENTER),
    ("focus_talk", [*"More time out", "ctrl+s"]),
    ("finish", ENTER),
]

#: Steps typed in one burst: the last answer of a burst goes on to a question whose own keys
#: come in the next burst, so every burst but the first types into a question drawn after
#: keys were already waiting.
BURST = 4


def open_topic_keys(screen: SessionScreen, topic: str) -> list[str]:
    """The keys that open ``topic`` from the topic list (down to it, Enter)."""
    ids = [t.id for t in screen.meeting.conv.topics()]
    return ["home", *["down"] * ids.index(topic), "enter"]


def now_at(screen: SessionScreen) -> str:
    step = screen.meeting.conv.step
    return "topics" if step.kind == "topics" else str(step.node_id)


async def reach(pilot: Any, screen: SessionScreen, step: str) -> None:
    """Let the app work until ``step`` is on screen (a generous bound, never a fixed sleep)."""
    for _ in range(300):
        if now_at(screen) == step:
            return
        await pilot.pause()
    raise AssertionError(f"never reached {step}: at {now_at(screen)} (have the topics changed?)")


async def typed_ahead(
    app: App[Any], pilot: Any, terminal: Terminal, topic: str, steps: Steps
) -> list[str]:
    """Open ``topic`` and answer ``steps`` in bursts of ``BURST`` steps; after each burst (the
    app idle), what the terminal shows against the screen: the differences found."""
    screen = app.screen
    assert isinstance(screen, SessionScreen)
    found: list[str] = []
    bursts = [steps[at : at + BURST] for at in range(0, len(steps), BURST)]
    for number, burst in enumerate(bursts):
        keys = open_topic_keys(screen, topic) if number == 0 else []
        keys += [key for _, step_keys in burst for key in step_keys]
        following = bursts[number + 1][0][0] if number + 1 < len(bursts) else None
        after = following or "topics"
        for key in keys:
            app.post_message(key_event(key))
        await reach(pilot, screen, after)
        await idle(pilot, terminal)
        differences = terminal.differences(screen._compositor.render_strips())
        found += [f"after {burst[-1][0]} (burst {number + 1}): {d}" for d in differences]
    return found


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_a_first_meeting_typed_ahead_leaves_no_stale_cell_on_the_terminal(
    data_dir: Path, content: Content, size: tuple[int, int]
) -> None:
    app = make_app(data_dir=data_dir, content=content)
    terminal = shadow_terminal(app, *size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "n", *"Sam", "enter")  # a new person on Home
        await settle(app, pilot)
        await press(pilot, "enter")  # start our first meeting
        await settle(app, pilot)
        assert isinstance(app.screen, SessionScreen)
        found = await typed_ahead(app, pilot, terminal, "getting_started", GETTING_STARTED)
        found += await typed_ahead(app, pilot, terminal, "what_matters", WHAT_MATTERS)
        ratings = app.screen.meeting.conv.data["ratings"]
    assert [ratings[area] for area in AREAS] == [int(r) for r in FIRST_RATINGS]
    assert terminal.partial_frames > 2 * len(GETTING_STARTED + WHAT_MATTERS)
    assert found == [], "\n".join(found)


# -- a Go on button, then a tick list ----------------------------------------------------------

#: A tick list long enough for a scroll bar, a say step (a Go on button) and a short tick
#: list: the Closing topic's "You decide who else can see your plan." and "Who can see your
#: plan?", where a tester saw the old Go on button left under the list and no Done button.
SAY_THEN_TICK = """
id: sharing
title: Sharing
description: Who sees the plan.
nodes:
  - id: groups
    kind: ask
    type: multi_choice
    speaker: person
    prompt: "Which of these groups?"
    store: sharing.groups
    options: [{groups}]
    guidance: "Pick any."
    tags: [person_centred]
  - id: intro
    kind: say
    speaker: person
    text: "You decide who else can see your plan."
    guidance: "Explain the rules."
    tags: [person_centred]
  - id: share_with
    kind: ask
    type: multi_choice
    speaker: person
    prompt: "Who can see your plan? Pick all that fit."
    store: sharing.with
    options: [nobody, gp, care_team, family, someone_else]
    guidance: "Only share what the person agrees to."
    tags: [person_centred]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [person_centred]
"""


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_a_tick_list_after_a_go_on_button_leaves_no_stale_cell_on_the_terminal(
    make_app: Any, write_topics: Any, size: tuple[int, int]
) -> None:
    groups = ", ".join(f"group_{n}" for n in range(12))
    topics = write_topics(sharing=SAY_THEN_TICK.format(groups=groups))
    app = make_app(content=load_content(topics))
    terminal = shadow_terminal(app, *size)
    found: list[str] = []
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "n", *"Sam", "enter")  # a new person on Home
        await settle(app, pilot)
        await press(pilot, "enter")  # start our first meeting
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await press(pilot, *open_topic_keys(screen, "sharing"))
        for step, keys in (("groups", ["space", "ctrl+s"]), ("intro", ["enter"])):
            await reach(pilot, screen, step)
            await idle(pilot, terminal)
            differences = terminal.differences(screen._compositor.render_strips())
            found += [f"at {step}: {d}" for d in differences]
            await press(pilot, *keys)
        await reach(pilot, screen, "share_with")
        await idle(pilot, terminal)
        differences = terminal.differences(screen._compositor.render_strips())
        found += [f"at share_with: {d}" for d in differences]
    assert found == [], "\n".join(found)


# -- a choice, then a date with its meaning shown -------------------------------------------------

#: A choice, then a date question filled in with today: its meaning line ("That is today...")
#: is shown just after the step's frame, when the input's change arrives. Getting in touch's
#: "Where are we with this?" and "When was that?", where a tester saw the "Answering" line
#: gone and a second hint row with a Done button under the real one, until a redraw.
CHOICE_THEN_DATE = """
id: touch
title: Getting in touch
description: Where a referral is up to.
nodes:
  - id: status
    kind: ask
    type: choice
    speaker: person
    prompt: "Where are we with this?"
    store: touch.status
    default: planned
    options:
      - value: planned
        label: We are going to get in touch
      - value: sent
        label: We have been in touch, or sent it
    guidance: "Looking back at the next meeting asks what happened next."
    tags: [outward_facing]
  - id: status_on
    kind: ask
    type: date
    speaker: person
    prompt: "When was that?"
    store: touch.status_on
    past: true
    default_from: "today()"
    guidance: "Today is suggested."
    tags: [outward_facing]
  - id: done
    kind: end
    speaker: person
    guidance: "Done."
    tags: [outward_facing]
"""


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
async def test_a_date_after_a_choice_leaves_no_stale_cell_on_the_terminal(
    make_app: Any, write_topics: Any, size: tuple[int, int]
) -> None:
    """The date's meaning line, shown after the step's frame, moves the "Answering" line and
    the buttons down a row; the list of what was said, given the choice just after, asked
    for its region, which built the whole map lazily at those new places before the layout
    compared them with the places drawn: the rows below were left as they were drawn."""
    topics = write_topics(touch=CHOICE_THEN_DATE)
    app = make_app(content=load_content(topics))
    terminal = shadow_terminal(app, *size)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await press(pilot, "n", *"Alex", "enter")  # a new person on Home
        await settle(app, pilot)
        await press(pilot, "enter")  # start our first meeting
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await press(pilot, *open_topic_keys(screen, "touch"))
        await reach(pilot, screen, "status")
        await idle(pilot, terminal)
        found = [
            f"at status: {d}" for d in terminal.differences(screen._compositor.render_strips())
        ]
        for key in ("down", "enter"):  # typed as a terminal delivers them
            app.post_message(key_event(key))
        await reach(pilot, screen, "status_on")
        await idle(pilot, terminal)
        strips = screen._compositor.render_strips()
        found += [f"at status_on: {d}" for d in terminal.differences(strips)]
    assert "That is today" in "\n".join(strip.text for strip in strips)
    assert found == [], "\n".join(found)


# -- the shadow sees a frame that leaves a row undrawn --------------------------------------------


class DropsARow(KeptMapCompositor):
    """A broken compositor: a partial frame sends nothing of the last row it changes."""

    def _render_chops(self, crop: Region, is_rendered_line: Callable[[int], bool]) -> Any:
        chops = super()._render_chops(crop, is_rendered_line)
        if self.painting:
            last = max(region.bottom for region in self.painting) - 1
            chops[last].update(dict.fromkeys(chops[last]))  # type: ignore[attr-defined]
        return chops


class TwoLines(Screen[None]):
    def __init__(self, compositor: KeptMapCompositor) -> None:
        super().__init__()
        self._compositor = compositor

    def compose(self) -> ComposeResult:
        yield Static("first", id="first")
        yield Static("second", id="second")


async def _differences_after_a_change(compositor: KeptMapCompositor) -> list[str]:
    app: App[None] = App()
    terminal = shadow_terminal(app, 20, 4)
    async with app.run_test(size=(20, 4)) as pilot:
        screen = TwoLines(compositor)
        await app.push_screen(screen)
        await pilot.pause()
        screen.query_one("#first", Static).update("FIRST")
        screen.query_one("#second", Static).update("SECOND")
        draw_now(screen)
        await idle(pilot, terminal)
        return terminal.differences(screen._compositor.render_strips())


async def test_the_shadow_finds_a_row_a_partial_frame_left_undrawn() -> None:
    assert await _differences_after_a_change(KeptMapCompositor()) == []
    [row] = await _differences_after_a_change(DropsARow())
    assert "row 1" in row and "'second" in row and "'SECOND" in row
