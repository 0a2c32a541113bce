"""The Textual internals the app relies on (assistant/ui/textual_internals.py).

Each test names the item it pins, so that a Textual upgrade that renames, removes or changes
one fails here with a message saying what to re-check, rather than somewhere deep in a meeting.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import gc
import hashlib
import importlib
import inspect
import pkgutil
import re
import weakref
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

import pytest
import textual
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import _callback as textual_callback
from textual import events
from textual._compositor import Compositor
from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.filter import ANSIToTruecolor
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from ui_support import (
    count_arrangements,
    first_meeting_begun,
    open_meeting,
    open_topic,
    through_topic,
)

import assistant.ui
from assistant.ui import textual_internals
from assistant.ui.app import CpiApp
from assistant.ui.app import make_app as make_cpi_app
from assistant.ui.screens.home import ListLine
from assistant.ui.screens.session import SessionScreen
from assistant.ui.textual_internals import (
    CHECKED_AGAINST,
    PINNED,
    TEXTUAL_STRIP_RENDER,
    InlineKey,
    InlinePaste,
    KeptMapCompositor,
    KeptOptionRenders,
    OneLineText,
    Pin,
    QuickOptionHeights,
    QuietCollector,
    after_refresh,
    call_soon,
    dispatch_now,
    draw_now,
    focused_without_repaint,
    guard_terminal_output,
    keep_first_styles,
    keep_layout_map,
    mark_forwarded,
    missing_internals,
    option_line,
    parameter_counts_remembered,
    propagation_stopped,
    remember_parameter_counts,
    run_priority_bindings,
    set_first_theme,
    terminal_output_guarded,
    wait_until_mounted,
)
from assistant.ui.themes import THEMES

UPGRADE = (
    f"(checked against Textual {CHECKED_AGAINST}; see assistant/ui/textual_internals.py "
    "for what it is for and what breaks without it)"
)


def _source_sha256(code: Any) -> str:
    """The sha256 of a Textual function's source: it changes when an upgrade changes the code
    we copied or follow."""
    return hashlib.sha256(inspect.getsource(code).encode()).hexdigest()


def assert_source_unchanged(code: Any, expected: str, constant: str, then: str) -> None:
    """Textual's ``code`` is still the source whose sha256 is ``expected`` (held in the test
    module's ``constant``); if not, the message says what to check (``then``) first."""
    digest = _source_sha256(code)
    assert digest == expected, (
        f"Textual's {code.__qualname__} changed: {then}, then update {constant} to {digest} "
        f"{UPGRADE}"
    )


# -- the pinned names --------------------------------------------------------------------------


def test_the_installed_textual_is_the_one_checked_against() -> None:
    assert textual.__version__ == CHECKED_AGAINST, (
        f"Textual {textual.__version__} is installed, but textual_internals.py was checked "
        f"against {CHECKED_AGAINST}: re-check every item there, then update CHECKED_AGAINST"
    )


def test_the_pin_in_pyproject_is_the_version_checked_against() -> None:
    pyproject = Path(__file__).parents[2] / "pyproject.toml"
    assert f'"textual=={CHECKED_AGAINST}"' in pyproject.read_text(encoding="utf-8")


@pytest.mark.parametrize("pin", PINNED, ids=lambda pin: f"{pin.owner.__name__}.{pin.name}")
def test_each_pinned_textual_name_is_there(pin: Pin) -> None:
    slots = {
        name for cls in getattr(pin.owner, "__mro__", ()) for name in getattr(cls, "__slots__", ())
    }
    # An instance attribute is looked for on a new instance (Textual sets it in __init__).
    on_instance = pin.instance and hasattr((pin.example or pin.owner)(), pin.name)
    assert hasattr(pin.owner, pin.name) or pin.name in slots or on_instance, (
        f"Textual no longer has {pin.owner.__name__}.{pin.name}, used to {pin.why} {UPGRADE}"
    )


@pytest.mark.parametrize(
    "pin",
    [pin for pin in PINNED if pin.params is not None],
    ids=lambda pin: f"{pin.owner.__name__}.{pin.name}",
)
def test_each_pinned_textual_method_takes_the_same_parameters(pin: Pin) -> None:
    method = getattr(pin.owner, pin.name)
    assert callable(method), f"{pin.owner.__name__}.{pin.name} is no longer a method {UPGRADE}"
    params = tuple(inspect.signature(method).parameters)
    assert params == pin.params, (
        f"{pin.owner.__name__}.{pin.name} now takes {params}, not {pin.params}: it was used to "
        f"{pin.why} {UPGRADE}"
    )


def test_nothing_pinned_is_missing() -> None:
    assert missing_internals() == []


def test_a_missing_name_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    class Bare:
        pass

    monkeypatch.setattr(textual_internals, "PINNED", (Pin(Bare, "_gone", None, "nothing"),))
    assert missing_internals() == ["Bare._gone"]


def test_every_private_textual_name_in_the_module_is_pinned() -> None:
    """A new private use must be added to PINNED (and so to these tests)."""
    source = inspect.getsource(textual_internals)
    used = set(re.findall(r"\w\.(_[a-z]\w*)", source)) | set(re.findall(r'"(_[a-z]\w*)"', source))
    used -= _names_set_in(inspect.getsource(QuietCollector))  # its own, not Textual's
    pinned = {pin.name for pin in PINNED}
    assert used <= pinned, f"private Textual names used but not pinned: {sorted(used - pinned)}"


# -- no other ui module reaches into Textual ------------------------------------------------------


def _ui_sources() -> Iterator[tuple[str, str]]:
    root = Path(assistant.ui.__file__).parent
    for path in sorted(root.rglob("*.py")):
        if path.name != "textual_internals.py":
            yield str(path.relative_to(root)), path.read_text(encoding="utf-8")


def test_only_textual_internals_uses_private_textual_names() -> None:
    """Private names of Textual's classes appear in no other ui module (e.g. ``screen._x``)."""
    textual_private = _textual_private_names()
    found = []
    for name, source in _ui_sources():
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Attribute) and node.attr in textual_private:
                owner = ast.unparse(node.value)
                found.append(f"{name}:{node.lineno}: {owner}.{node.attr}")
            if isinstance(node, ast.ImportFrom) and re.search(r"(^|\.)_[a-z]", node.module or ""):
                found.append(f"{name}:{node.lineno}: from {node.module} import ...")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in {"getattr", "hasattr", "setattr"}
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value in textual_private
            ):
                found.append(f"{name}:{node.lineno}: {node.func.id}(..., {node.args[1].value!r})")
    assert found == [], "use assistant/ui/textual_internals.py instead:\n" + "\n".join(found)


@pytest.mark.slow
def test_no_class_of_ours_shadows_a_private_textual_name() -> None:
    """A widget's own ``self._on_enter = ...`` would replace Textual's mouse-enter handler."""
    clashes = []
    for cls in _our_textual_classes():
        ours = _names_set_in(inspect.getsource(cls))
        theirs = set()
        for base in cls.__mro__:
            if base.__module__.split(".")[0] == "textual":
                theirs |= _private_names_of(base)
        if cls.__module__ == textual_internals.__name__:
            # Overridden on purpose there, and pinned (the upgrade tests above check each).
            theirs -= {pin.name for pin in PINNED if pin.owner in cls.__mro__}
        clashes += [f"{cls.__module__}.{cls.__name__}.{name}" for name in sorted(ours & theirs)]
    assert clashes == [], "rename these (they shadow Textual's own):\n" + "\n".join(clashes)


def _our_textual_classes() -> list[type]:
    classes = []
    for info in pkgutil.walk_packages(assistant.ui.__path__, "assistant.ui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and any(base.__module__.startswith("textual.") for base in value.__mro__[1:])
            ):
                classes.append(value)
    return classes


def _names_set_in(source: str) -> set[str]:
    """Private names a class defines: methods, class attributes, attributes set on self."""
    names = set(re.findall(r"^\s+def (_[a-z]\w*)", source, re.M))
    names |= set(re.findall(r"^\s+(_[a-z]\w*)\s*[:=]", source, re.M))
    names |= set(re.findall(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=(?!=)", source))
    return names


@functools.cache  # each Textual class is read once (its source is parsed each time)
def _private_names_of(cls: type) -> frozenset[str]:
    names = {n for n in vars(cls) if n.startswith("_") and not n.startswith("__")}
    names |= set(getattr(cls, "__slots__", ()))
    with contextlib.suppress(OSError, TypeError):  # a class made at run time has no source
        names |= _names_set_in(inspect.getsource(cls))
    return frozenset(names)


def _textual_private_names() -> set[str]:
    """Every private attribute or method name defined anywhere in Textual."""
    root = Path(textual.__file__).parent
    names: set[str] = set()
    for path in root.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        names |= set(re.findall(r"def (_[a-z]\w*)", source))
        names |= set(re.findall(r"self\.(_[a-z]\w*)\s*(?::[^=\n]*)?=(?!=)", source))
        names |= {n for n in re.findall(r'"(_[a-z]\w*)"', source)}
    # Our own private names that Textual happens to use too are not Textual's: only count
    # names that our ui modules do not define themselves.
    for _name, source in _ui_sources():
        names -= _names_set_in(source)
        names -= set(re.findall(r"^def (_[a-z]\w*)", source, re.M))
        names -= set(re.findall(r"^(_[a-z]\w*)\s*[:=]", source, re.M))
    return names


# -- keys handled inline --------------------------------------------------------------------------


class KeysApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "pressed('f2')", priority=True),
        Binding("f3", "pressed('f3')"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Input(id="field")

    def action_pressed(self, key: str) -> None:
        self.pressed.append(key)


def test_inline_keys_are_handled_as_keys() -> None:
    assert (InlineKey.handler_name, InlinePaste.handler_name) == ("on_key", "on_paste"), (
        "Textual finds a message's handlers by its handler_name; the inline copies must be "
        f"handled as keys and pastes {UPGRADE}"
    )
    assert (InlineKey.bubble, InlinePaste.bubble) == (False, False)


async def test_a_priority_binding_runs_at_once_and_says_so() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        handled = await run_priority_bindings(app, "f2")
        not_priority = await run_priority_bindings(app, "f3")
        assert (handled, not_priority, app.pressed) == (True, False, ["f2"])


async def test_a_key_dispatched_now_is_typed_before_this_returns() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        field = app.query_one("#field", Input)
        field.focus()
        await pilot.pause()
        key = InlineKey("x", "x")
        mark_forwarded(key)
        await dispatch_now(field, key)
        assert field.value == "x"


def test_a_key_marked_forwarded_is_forwarded() -> None:
    key = InlineKey("x", "x")
    mark_forwarded(key)
    assert key.is_forwarded


def test_a_stopped_key_is_seen_as_stopped() -> None:
    key, other = InlineKey("x", "x"), InlineKey("y", "y")
    key.stop()
    assert (propagation_stopped(key), propagation_stopped(other)) == (True, False)


async def test_waiting_for_a_mounted_screen_returns() -> None:
    app = KeysApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        await wait_until_mounted(app.screen)
        assert app.screen.is_mounted


# -- drawing now ----------------------------------------------------------------------------------


class TextApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("before", id="text")


async def test_drawing_now_leaves_nothing_for_the_next_tick() -> None:
    app = TextApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        app.screen.refresh()
        before = app.screen._repaint_required
        draw_now(app.screen)
        assert (before, app.screen._repaint_required) == (True, False), (
            f"Screen._on_timer_update no longer draws pending changes {UPGRADE}"
        )


async def test_drawing_now_draws_a_widget_changed_in_the_same_handler() -> None:
    """A widget changed by update() has not told the screen yet (it does when it next goes
    idle): drawing now still lays it out and draws its new text before returning."""
    app = TextApp()
    async with app.run_test(size=(40, 5)) as pilot:
        await pilot.pause()
        text = app.query_one("#text", Static)
        drawn: list[str] = []
        real = text.render_lines

        def render_lines(crop: Any) -> Any:
            lines = real(crop)
            drawn.extend(line.text for line in lines)
            return lines

        text.render_lines = render_lines  # type: ignore[method-assign]
        text.update("after\nand a second line")
        assert draw_now(app.screen)
        assert "after" in "".join(drawn) and "second line" in "".join(drawn), (
            f"draw_now no longer draws a widget's pending change {UPGRADE}"
        )
        assert text.size.height == 2  # laid out with its new height


async def test_drawing_now_does_nothing_to_a_screen_underneath() -> None:
    app = TextApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        under = app.screen
        await app.push_screen(Screen())
        under.refresh()
        draw_now(under)
        assert under._repaint_required


# -- callbacks without a new partial each time ---------------------------------------------------


class Calls(App[None]):
    def on_mount(self) -> None:
        self.calls: list[str] = []

    def after(self) -> None:
        self.calls.append("after refresh")

    def soon(self) -> None:
        self.calls.append("soon")


async def test_callbacks_scheduled_without_a_partial_are_called() -> None:
    app = Calls()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert after_refresh(app, app.after) and call_soon(app, app.soon)
        await pilot.pause()
        assert sorted(app.calls) == ["after refresh", "soon"], (
            f"Textual no longer calls back an InvokeLater or Callback message {UPGRADE}"
        )


def _our_function(callback: Any) -> str | None:
    """The app's function behind ``callback`` (a partial of it, a bound method, a function):
    its qualified name, or None for Textual's own."""
    while isinstance(callback, functools.partial):
        callback = callback.func
    callback = getattr(callback, "__func__", callback)
    if not getattr(callback, "__module__", "").startswith("assistant."):
        return None
    return str(callback.__qualname__)


async def test_a_meeting_step_has_textual_measure_none_of_our_callbacks_again(
    data_dir, content, monkeypatch
) -> None:
    """Textual counts the parameters of each callable it calls back, once per callable
    (``inspect.signature``): a new partial or inner function each step was measured again at
    every step (issue 18). Through a topic, each of ours is measured once at most."""
    measured: list[str] = []
    real = textual_callback.count_parameters

    def counting(func: Any) -> int:
        name = _our_function(func)
        if name is not None and not hasattr(func, "_param_count"):
            measured.append(name)
        return real(func)

    app = make_cpi_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await first_meeting_begun(app, pilot)
        monkeypatch.setattr(textual_callback, "count_parameters", counting)
        await open_topic(pilot, screen, "what_matters")
        await through_topic(pilot, screen)
    again = sorted({name for name in measured if measured.count(name) > 1})
    assert again == []


# -- the layout map kept --------------------------------------------------------------------------


class OneShown(Screen[None]):
    """A step in small: the question changes, and the answer shown gives way to another kind
    (hidden until now)."""

    def __init__(self, keep: bool) -> None:
        super().__init__()
        if keep:
            keep_layout_map(self)

    def compose(self) -> ComposeResult:
        yield Static("question", id="question")
        yield Static("an answer", id="shown")
        yield Static("another kind of answer", id="hidden")

    def on_mount(self) -> None:
        self.query_one("#hidden").display = False


async def _arranged_in_one_frame(keep: bool) -> tuple[int, Any]:
    """How many times the whole screen is arranged to draw that frame; and the compositor's
    map straight after, and the map Textual's own lazy rebuild makes of the same screen."""
    app: App[None] = App()
    async with app.run_test(size=(40, 6)) as pilot:
        screen = OneShown(keep)
        await app.push_screen(screen)
        await pilot.pause()
        compositor = screen._compositor
        calls: list[bool] = []
        arrange = compositor._arrange_root

        def counting(*args: Any, **kwargs: Any) -> Any:
            calls.append(kwargs.get("visible_only", False))
            return arrange(*args, **kwargs)

        compositor._arrange_root = counting  # type: ignore[method-assign]
        screen.query_one("#question", Static).update("the next question,\non two lines")
        screen.query_one("#shown").display = False
        screen.query_one("#hidden").display = True
        assert draw_now(screen)
        arranged = len(calls)
        kept = dict(compositor.full_map)
        compositor._full_map_invalidated = True
        return arranged, (kept, dict(compositor.full_map))


async def test_a_kept_map_arranges_the_screen_once_per_frame() -> None:
    (kept, _), (plain, _) = (
        await _arranged_in_one_frame(keep=True),
        await _arranged_in_one_frame(keep=False),
    )
    assert (kept, plain) == (1, 2), (
        f"Textual arranges a frame's screen {plain} times without KeptMapCompositor and "
        f"{kept} with it {UPGRADE}"
    )


async def test_the_kept_map_is_the_one_textual_would_build() -> None:
    _, (kept, rebuilt) = await _arranged_in_one_frame(keep=True)
    assert kept == rebuilt
    # The question and the answer now shown are in it; the answer now hidden is not.
    assert {widget.id for widget in kept if isinstance(widget, Static)} == {"question", "hidden"}


async def test_the_session_screen_keeps_its_layout_map(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        assert isinstance(screen._compositor, KeptMapCompositor)


# -- a frame held before it is drawn ------------------------------------------------------------


class Held(Screen[None]):
    """Two lines; the compositor's hook holds the first frame asked of it once ``hold`` is
    set: ``before_paint`` once the frame is laid out (as the session screen does when a
    question outgrew its area), or ``before_output`` once it is drawn (when a step's save
    failed). ``lines_drawn`` is how many lines the screen had drawn when the hook was asked."""

    def __init__(self, at: str = "paint") -> None:
        super().__init__()
        self.hold = False
        self.asked = 0
        self.lines_drawn: list[int] = []
        if at == "paint":
            keep_layout_map(self, before_paint=self._hook)
        else:
            keep_layout_map(self, before_output=self._hook)

    def _hook(self) -> bool:
        self.asked += 1
        self.lines_drawn.append(sum(w.lines for w in self.query(Counted)))
        if self.hold:
            self.hold = False
            return False
        return True

    def compose(self) -> ComposeResult:
        yield Counted("first", id="first")
        yield Counted("second", id="second")


class Counted(Static):
    """Counts the lines it has drawn."""

    lines = 0

    def render_lines(self, crop: Region) -> list[Strip]:
        strips = super().render_lines(crop)
        self.lines += len(strips)
        return strips


async def _frames_of(change_both: bool, at: str = "paint") -> tuple[list[Any], Held]:
    app: App[None] = App()
    async with app.run_test(size=(20, 4)) as pilot:
        screen = Held(at)
        await app.push_screen(screen)
        await pilot.pause()
        frames: list[Any] = []
        display = app._display

        def recording(on: Any, update: Any) -> None:
            frames.append(update)
            display(on, update)

        app._display = recording  # type: ignore[method-assign]
        screen.hold, screen.asked = True, 0
        screen.query_one("#first", Static).update("FIRST")
        draw_now(screen)
        if change_both:
            screen.query_one("#second", Static).update("SECOND")
            draw_now(screen)
        return frames, screen


@pytest.mark.parametrize("at", ["paint", "output"])
async def test_a_held_frame_is_not_handed_to_the_terminal(at: str) -> None:
    frames, screen = await _frames_of(change_both=False, at=at)
    assert screen.asked == 1 and [f for f in frames if f is not None] == []


@pytest.mark.parametrize("at", ["paint", "output"])
async def test_what_a_held_frame_changed_is_drawn_with_the_next_frame(at: str) -> None:
    frames, _ = await _frames_of(change_both=True, at=at)
    drawn = [f for f in frames if f is not None]
    assert len(drawn) == 1
    assert {y for y, _, _ in drawn[0].spans} >= {0, 1}  # "FIRST" (row 0) and "SECOND" (row 1)


async def _lines_drawn_at_the_hook(at: str) -> tuple[int, int, int]:
    """Lines drawn before a change, when the hook was asked for its frame, and after it."""
    app: App[None] = App()
    async with app.run_test(size=(20, 4)) as pilot:
        screen = Held(at)
        await app.push_screen(screen)
        await pilot.pause()
        before = sum(w.lines for w in screen.query(Counted))
        screen.query_one("#first", Static).update("FIRST")
        draw_now(screen)
        return before, screen.lines_drawn[-1], sum(w.lines for w in screen.query(Counted))


async def test_before_paint_is_asked_before_the_frame_is_drawn() -> None:
    before, at_hook, after = await _lines_drawn_at_the_hook("paint")
    assert before == at_hook < after


async def test_before_output_is_asked_once_the_frame_is_drawn() -> None:
    # The session screen's save is written while the frame is drawn, and waited for here.
    before, at_hook, after = await _lines_drawn_at_the_hook("output")
    assert before < at_hook == after


async def test_a_screenshot_waits_for_the_hook_but_is_never_held() -> None:
    app: App[None] = App()
    async with app.run_test(size=(20, 4)) as pilot:
        screen = Held()
        await app.push_screen(screen)
        await pilot.pause()
        screen.hold = True
        asked = screen.asked
        svg = app.export_screenshot()
        assert screen.asked == asked + 1 and "first" in svg


async def test_the_session_screen_waits_for_its_save_before_a_frame_is_shown(make_app) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meeting(app, pilot)
        compositor = screen._compositor
        assert isinstance(compositor, KeptMapCompositor)
        assert compositor.before_output == screen._before_output


# -- a partial frame renders only what is sent --------------------------------------------------


def _cells(strip: Strip, x: int = 0) -> Iterator[tuple[int, tuple[str, Any]]]:
    """Each cell of a strip that starts at column ``x``: (column, (character, style))."""
    for segment in strip:
        for character in segment.text:
            yield x, (character, segment.style)
            x += cell_len(character)


def _frame_errors(update: Any, truth: list[Strip]) -> list[str]:
    """Where a partial frame (a ``ChopsUpdate``) sends the terminal anything other than the
    screen's true picture (``truth``, every line rendered whole), or leaves a changed cell
    unsent."""
    errors = []
    for y, x1, x2 in update.spans:
        sent: dict[int, tuple[str, Any]] = {}
        for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items(), strict=True):
            if strip is not None and x < x2 and end > x1:
                sent.update((cx, cell) for cx, cell in _cells(strip, x) if x1 <= cx < x2)
        true = {cx: cell for cx, cell in _cells(truth[y]) if x1 <= cx < x2}
        if sent != true:
            wrong = sorted(cx for cx in true if sent.get(cx) != true[cx])
            errors.append(f"row {y}, columns {wrong[:5]}...: sent {len(sent)} of {len(true)}")
    return errors


class CheckedFrames:
    """Checks every partial frame a compositor makes against the screen rendered whole."""

    def __init__(self, compositor: Any) -> None:
        self.frames = 0
        self.errors: list[str] = []
        partial = compositor.render_partial_update

        def checked() -> Any:
            update = partial()
            if update is not None:
                self.frames += 1
                self.errors += _frame_errors(update, compositor.render_strips())
            return update

        compositor.render_partial_update = checked


class Layered(Screen[None]):
    """Containers inside containers, with borders, padding, a scrolled list and a layer on
    top of them: what a partial frame must get right."""

    CSS = """
    Layered { layers: below above; }
    #top { height: 1; }
    #middle { height: 6; border: round green; padding: 0 1; }
    #list { height: 4; }
    #bottom { height: 1; }
    #over { layer: above; offset: 12 2; width: 10; height: 3; background: red; }
    """

    def __init__(self, keep: bool = True) -> None:
        super().__init__()
        if keep:
            keep_layout_map(self)

    def compose(self) -> ComposeResult:
        yield Static("top line", id="top")
        with Vertical(id="middle"):
            yield Static("inside a border", id="inside")
            yield Static("and another line", id="second")
        yield OptionList(*[f"option {n}" for n in range(12)], id="list")
        yield Static("bottom line", id="bottom")
        yield Static("over all", id="over")


async def _changes(screen: Layered, pilot: Any) -> None:
    """A top and a bottom line changed together, words inside a border, the list scrolled,
    and the layer on top moved over what changed."""
    screen.query_one("#top", Static).update("the top line, changed")
    screen.query_one("#bottom", Static).update("the bottom line, changed")
    draw_now(screen)
    screen.query_one("#inside", Static).update("new words inside the border, long enough")
    draw_now(screen)
    screen.query_one("#list", OptionList).highlighted = 9
    await pilot.pause()
    screen.query_one("#over").styles.offset = (2, 1)
    await pilot.pause()
    screen.query_one("#second", Static).update("changed under the layer")
    draw_now(screen)


async def test_a_kept_compositor_sends_the_terminal_the_true_picture() -> None:
    app: App[None] = App()
    async with app.run_test(size=(40, 16)) as pilot:
        screen = Layered()
        await app.push_screen(screen)
        await pilot.pause()
        check = CheckedFrames(screen._compositor)
        await _changes(screen, pilot)
        assert check.frames >= 4 and check.errors == []


class DropsARegion(KeptMapCompositor):
    """A broken compositor: it forgets the last changed region when it renders."""

    def render_partial_update(self) -> Any:
        self.painting = sorted(self._dirty_regions)[:-1]
        update = Compositor.render_partial_update(self)
        self.painting = None
        return update


async def test_the_frame_check_finds_a_frame_that_leaves_a_change_unsent() -> None:
    app: App[None] = App()
    async with app.run_test(size=(40, 16)) as pilot:
        screen = Layered()
        screen._compositor = DropsARegion()
        await app.push_screen(screen)
        await pilot.pause()
        check = CheckedFrames(screen._compositor)
        await _changes(screen, pilot)
        assert check.errors


async def _rows_rendered(keep: bool) -> dict[str, int]:
    """Rows each widget renders when the top and bottom lines change in one frame."""
    app: App[None] = App()
    async with app.run_test(size=(40, 16)) as pilot:
        screen = Layered(keep)
        await app.push_screen(screen)
        await pilot.pause()
        rows: dict[str, int] = {}
        for widget in screen.query("*"):
            render_lines = widget.render_lines

            def counting(crop: Any, widget: Any = widget, render_lines: Any = render_lines) -> Any:
                name = widget.id or type(widget).__name__
                rows[name] = rows.get(name, 0) + crop.height
                return render_lines(crop)

            widget.render_lines = counting
        screen.query_one("#top", Static).update("the top line, changed")
        screen.query_one("#bottom", Static).update("the bottom line, changed")
        draw_now(screen)
        return rows


async def test_a_partial_frame_renders_only_the_rows_it_sends() -> None:
    plain, kept = await _rows_rendered(keep=False), await _rows_rendered(keep=True)
    # Textual renders what lies between the two lines (the bordered box, the list) whole.
    assert {"middle", "list"} <= set(plain), f"Textual's partial frame changed {UPGRADE}"
    assert set(kept) == {"top", "bottom"} and kept["top"] == kept["bottom"] == 1


@pytest.mark.slow
async def test_a_meeting_sends_the_terminal_the_true_picture(data_dir, content) -> None:
    app = make_cpi_app(data_dir=data_dir, content=content)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await first_meeting_begun(app, pilot)
        check = CheckedFrames(screen._compositor)
        await open_topic(pilot, screen, "what_matters")
        await through_topic(pilot, screen)
        assert check.frames >= 10 and check.errors == []


#: sha256 of Textual's ``Compositor._render_chops``, which KeptMapCompositor's follows.
RENDER_CHOPS_SHA256 = "ca8c3359d7afd0171bda158ab5b846fec5144539e438de5113d76f11eb357f0f"


def test_the_chops_renderer_we_follow_is_unchanged() -> None:
    assert_source_unchanged(
        Compositor._render_chops,
        RENDER_CHOPS_SHA256,
        "RENDER_CHOPS_SHA256",
        "make KeptMapCompositor._render_chops fill its chops the same way",
    )


# -- focus without a whole-screen repaint ---------------------------------------------------------

REACTIVE_SETTINGS = (
    "_default",
    "_layout",
    "_init",
    "_always_update",
    "_run_compute",
    "_recompose",
    "_bindings",
    "_toggle_class",
)


def test_textual_declares_focused_as_our_copy_does_but_with_a_repaint() -> None:
    theirs, ours = Screen.focused, focused_without_repaint()
    differ = [
        name
        for name in REACTIVE_SETTINGS
        if getattr(theirs, name, "missing") != getattr(ours, name, "missing")
    ]
    assert differ == [], (
        f"Textual's Screen.focused is now declared differently ({differ}): make "
        f"focused_without_repaint follow it {UPGRADE}"
    )
    assert theirs._repaint is True, (
        "Textual's Screen.focused no longer repaints the whole screen: the session screen "
        "need not redeclare it (remove focused_without_repaint)"
    )


def test_the_session_screen_uses_the_copy() -> None:
    assert SessionScreen.focused._repaint is False


class TwoFields(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="one")
        yield Input(id="two")


class QuietTwoFields(TwoFields):
    focused = focused_without_repaint()


async def _screen_refreshes_on_focus(screen: TwoFields) -> int:
    app: App[None] = App()
    async with app.run_test() as pilot:
        await app.push_screen(screen)
        await pilot.pause()
        screen.set_focus(screen.query_one("#one"))
        await pilot.pause()
        calls: list[Any] = []
        original = screen.refresh

        def counting(*args: Any, **kwargs: Any) -> Any:
            calls.append(kwargs)
            return original(*args, **kwargs)

        screen.refresh = counting  # type: ignore[method-assign]
        screen.set_focus(screen.query_one("#two"))
        assert screen.focused is screen.query_one("#two")
        return len(calls)


async def test_moving_the_focus_does_not_repaint_the_whole_screen() -> None:
    quiet, plain = (
        await _screen_refreshes_on_focus(QuietTwoFields()),
        await _screen_refreshes_on_focus(TwoFields()),
    )
    assert (quiet, plain > 0) == (0, True)


# -- the first restyle skipped --------------------------------------------------------------------


class CountingScreen(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.restyled = 0

    def compose(self) -> ComposeResult:
        yield Static("text")

    def update_node_styles(self, animate: bool = True) -> None:
        self.restyled += 1
        super().update_node_styles(animate)


class KeepingScreen(CountingScreen):
    def on_screen_resume(self, event: events.ScreenResume) -> None:
        keep_first_styles(event)


async def _restyles_when_shown(screen: CountingScreen) -> int:
    app: App[None] = App()
    async with app.run_test() as pilot:
        await app.push_screen(screen)
        await pilot.pause()
        return screen.restyled


async def test_a_kept_first_resume_does_not_restyle_the_screen() -> None:
    kept, plain = (
        await _restyles_when_shown(KeepingScreen()),
        await _restyles_when_shown(CountingScreen()),
    )
    assert (kept, plain > 0) == (0, True), (
        f"ScreenResume.refresh_styles is no longer honoured {UPGRADE}"
    )


# -- the first theme ------------------------------------------------------------------------------

#: sha256 of Textual's ``App._watch_theme``, which ``set_first_theme`` copies in part.
WATCH_THEME_SHA256 = "a6de38d37b42f5816ca3cca0ee184eafb00834059e78d138ca4ff1a8647041dd"


def test_the_theme_watcher_we_copied_is_unchanged() -> None:
    assert_source_unchanged(
        App._watch_theme,
        WATCH_THEME_SHA256,
        "WATCH_THEME_SHA256",
        "make set_first_theme do what its first half now does",
    )


def _theme_state(app: App[None]) -> tuple[Any, ...]:
    truecolor = [vars(f) for f in app._filters if isinstance(f, ANSIToTruecolor)]
    return (sorted(app.classes), app.theme, app.get_css_variables(), truecolor)


# Ours, Textual's light one, and an ANSI one (which turns the truecolor filter off).
FIRST_THEMES = [t.name for t in THEMES] + ["textual-light", "ansi-light"]


@pytest.mark.parametrize("theme", FIRST_THEMES)
def test_the_first_theme_is_set_as_setting_the_theme_would(theme: str) -> None:
    ours, theirs = App[None](), App[None]()
    for app in (ours, theirs):
        for one in THEMES:
            app.register_theme(one)
    set_first_theme(ours, theme)
    theirs.theme = theme
    assert _theme_state(ours) == _theme_state(theirs)


@pytest.mark.parametrize("theme", FIRST_THEMES)
def test_the_first_theme_s_colours_are_ready_for_the_first_parse(theme: str) -> None:
    app = App[None]()
    for one in THEMES:
        app.register_theme(one)
    set_first_theme(app, theme)
    assert app.stylesheet._variables == app.get_css_variables()


# -- heights of Home's list lines ---------------------------------------------------------------

#: Lines that fit, fill, overflow, wrap at a newline or a tab, and hold wide characters.
LIST_LINES = ["Sam  no meetings yet", "x" * 20, "y" * 21, "a\nb", "a\tb", "名前 ✓ 👍", ""]


@pytest.mark.parametrize("line_pad", [0, 1, 2])
@pytest.mark.parametrize("text", LIST_LINES)
def test_a_list_line_is_as_high_as_textual_would_make_it(text: str, line_pad: int) -> None:
    """Home's ListLine knows a one-line height without wrapping, by Textual's own rule (the
    option list's ``line_pad`` on both sides): if Textual changes the rule, this fails."""
    rules: Any = {"line_pad": line_pad}
    line = ListLine.assemble(text)
    assert type(line) is ListLine
    for width in (8, 19, 20, 21, 24, 80):
        ours = line.get_height(rules, width)
        assert ours == Content(text).get_height(rules, width), (text, width, line_pad)


# -- the garbage collector ------------------------------------------------------------------------

#: Where Textual itself calls the garbage collector: only around smooth scrolling, and only when
#: ``App.PAUSE_GC_ON_SCROLL`` is set (it turns collection back on, undoing a meeting's hold).
TEXTUAL_GC_CALLS = {("app.py", "gc.disable()"), ("app.py", "gc.enable()")}


def test_textual_leaves_the_garbage_collector_alone() -> None:
    root = Path(textual.__file__).parent
    calls = set()
    for path in root.rglob("*.py"):
        for call in re.findall(r"\bgc\.\w+\([^)]*\)", path.read_text(encoding="utf-8")):
            calls.add((str(path.relative_to(root)), call))
    assert calls == TEXTUAL_GC_CALLS, (
        "Textual now calls the garbage collector elsewhere: check it cannot undo "
        f"QuietCollector's hold during a meeting {UPGRADE}"
    )


def test_the_app_does_not_let_textual_toggle_the_collector_when_scrolling() -> None:
    assert CpiApp.PAUSE_GC_ON_SCROLL is False


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sweeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The generations collected, instead of collecting (and gc left as it was found)."""
    calls: list[int] = []
    monkeypatch.setattr(
        textual_internals.gc, "collect", lambda generation=2: calls.append(generation)
    )
    was_enabled = gc.isenabled()
    yield calls
    if was_enabled:
        gc.enable()


def test_holding_turns_automatic_collection_off_until_the_last_release(sweeps) -> None:
    collector = QuietCollector(clock=Clock())
    collector.hold()
    collector.hold()
    collector.release()
    assert not gc.isenabled()
    collector.release()
    assert gc.isenabled()


def test_what_was_frozen_for_a_meeting_is_handed_back_when_it_ends(sweeps) -> None:
    collector = QuietCollector(clock=Clock())
    collector.start_meeting()
    collector.hold()
    frozen = gc.get_freeze_count()
    collector.release()
    assert (frozen > 0, gc.get_freeze_count()) == (True, 0)


def test_a_meeting_start_sweeps_every_generation_before_freezing(sweeps) -> None:
    collector = QuietCollector(clock=Clock())
    collector.start_meeting()
    gc.unfreeze()
    assert sweeps == [2]


def test_a_settled_step_collects_only_the_young_generations(sweeps) -> None:
    collector = QuietCollector(clock=Clock())
    collector.hold()
    collector.step_done()
    collector.release()
    assert sweeps == [1]


def test_no_full_sweep_while_steps_keep_coming(sweeps) -> None:
    clock = Clock()
    collector = QuietCollector(idle_seconds=1.0, clock=clock)
    collector.hold()
    collector.step_done()
    clock.now += 0.5
    assert collector.tick() is False
    collector.release()
    assert sweeps == [1]


def test_one_full_sweep_once_the_meeting_has_been_quiet(sweeps) -> None:
    clock = Clock()
    collector = QuietCollector(idle_seconds=1.0, clock=clock)
    collector.hold()
    collector.step_done()
    clock.now += 1.5
    first, second = collector.tick(), collector.tick()
    collector.release()
    assert (first, second, sweeps) == (True, False, [1, 2])


def test_nothing_is_swept_by_ticks_outside_a_meeting(sweeps) -> None:
    clock = Clock()
    collector = QuietCollector(idle_seconds=1.0, clock=clock)
    collector.step_done()
    clock.now += 5
    assert (collector.tick(), sweeps) == (False, [])


async def test_a_meeting_on_screen_holds_the_collector_and_leaving_releases_it(
    make_app,
) -> None:
    was_enabled = gc.isenabled()
    app = make_app()
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await open_meeting(app, pilot)
            during = gc.isenabled()
            app.pop_screen()
            await pilot.pause()
            after = gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()
    assert (during, after) == (False, was_enabled)


# -- text to the terminal ----------------------------------------------------------------------

#: sha256 of Textual's ``Strip.render``, which ``guard_terminal_output`` wraps: it must stay
#: the one place a line's text is written out, between Textual's own style sequences.
STRIP_RENDER_SHA256 = "2ba7a4913a72125d28739c6e4186ada18de833b8376b3a72ae227fdaa4ee7f69"
HOSTILE_LINE = "Ann\x1b[2J\x1b]52;c;SGVsbG8=\x07 \u202eevil\x00\x9b31m \ud800!"


def test_the_line_renderer_we_guard_is_unchanged() -> None:
    assert_source_unchanged(
        TEXTUAL_STRIP_RENDER,
        STRIP_RENDER_SHA256,
        "STRIP_RENDER_SHA256",
        "check that it still writes each segment's text and nothing else of ours, and that "
        "the compositor still calls only it",
    )


def test_the_compositor_writes_lines_only_through_strip_render() -> None:
    source = inspect.getsource(importlib.import_module("textual._compositor"))
    written = re.findall(r"\.(render\w*)\(console\)", source)
    assert set(written) == {"render"}, (
        f"Textual's compositor now also writes lines with {set(written) - {'render'}}: "
        f"guard_terminal_output no longer sees every line {UPGRADE}"
    )


def _rendered(strip: Strip) -> str:
    return strip.render(Console(color_system="truecolor", force_terminal=True))


def test_a_guarded_line_writes_no_control_character_of_the_text() -> None:
    guard_terminal_output()
    strip = Strip([Segment(HOSTILE_LINE, RichStyle(bold=True)), Segment(" plain")])
    out = _rendered(strip)
    text = re.sub(r"\x1b\[[\d;]*m", "", out)  # Textual's own style sequences
    assert text == "Ann[2J]52;c;SGVsbG8= evil31m \ufffd! plain"
    assert out.startswith("\x1b[1m") and out.endswith(" plain")  # styles kept


def test_a_guarded_line_keeps_its_width() -> None:
    guard_terminal_output()
    strip = Strip([Segment(HOSTILE_LINE)])
    assert cell_len(_rendered(strip)) == strip.cell_length


def test_a_guarded_line_of_ordinary_text_renders_as_textual_renders_it() -> None:
    guard_terminal_output()
    strip = Strip([Segment("Zoë 👩‍👧 שלום", RichStyle(color="red")), Segment(" ok")])
    twin = Strip(list(strip), strip.cell_length)
    assert _rendered(strip) == TEXTUAL_STRIP_RENDER(twin, Console(color_system="truecolor"))


def test_the_app_guards_the_terminal(make_app) -> None:
    make_app()
    assert terminal_output_guarded()


# -- option lists ------------------------------------------------------------------------------


class _Wrapping(App[None]):
    """One option list, 20 wide: the middle option wraps onto three lines."""

    def compose(self) -> ComposeResult:
        yield OptionList("one", "two " * 12, "three", id="options")

    CSS = "#options { width: 20; text-wrap: wrap; }"


async def test_option_line_says_which_option_and_which_of_its_lines() -> None:
    async with _Wrapping().run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        options = pilot.app.query_one(OptionList)
        lines = [option_line(options, n) for n in range(6)]
        assert lines[0] == (0, 0) and lines[1] == (1, 0)
        second = [line for line in lines if line and line[0] == 1]
        assert len(second) > 1 and [n for _, n in second] == list(range(len(second)))
        after = lines[1 + len(second)]
        assert after == (2, 0), UPGRADE
        assert option_line(options, 99) is None


TOPICS = ["Getting started  done", "What matters  started", "Connections  not started"]


class _Kept(App[None]):
    """The same options in a list that keeps its drawn lines and in Textual's own."""

    def compose(self) -> ComposeResult:
        yield KeptOptionRenders(*TOPICS, id="kept")
        yield OptionList(*TOPICS, id="plain")

    AUTO_FOCUS = None  # neither focused: both draw their highlight alike
    CSS = "OptionList { width: 30; height: 5; }"


def _replace(options: OptionList, prompts: list[Any], highlighted: int = 0) -> None:
    """New options, as the topic list gets at each choice of topic, one highlighted."""
    options.clear_options()
    options.add_options(prompts)
    options.highlighted = highlighted


def _drawn(options: OptionList) -> list[list[Segment]]:
    """Every line of the list as drawn (its border included)."""
    return [list(strip) for strip in options.render_lines(Region(0, 0, 30, 5))]


async def test_a_kept_list_given_new_options_draws_what_textual_draws() -> None:
    changed = [*TOPICS[:2], Content.assemble(("Connections", "bold"), "  done")]
    async with _Kept().run_test(size=(40, 12)) as pilot:
        kept, plain = (
            pilot.app.query_one("#kept", OptionList),
            pilot.app.query_one("#plain", OptionList),
        )
        await pilot.pause()
        assert _drawn(kept) == _drawn(plain)
        for options in (kept, plain):
            _replace(options, changed, highlighted=1)  # a line drawn before, now highlighted
        await pilot.pause()
        assert _drawn(kept) == _drawn(plain)
        assert "Connections  done" in "".join(s.text for line in _drawn(kept) for s in line)


async def test_a_kept_list_draws_the_same_words_in_new_styles_in_those_styles() -> None:
    # Content compares by its words only: kept by the prompt itself, a line whose words
    # stayed and whose styles changed (a topic shown in bold) came back in the old styles.
    bold = [Content(TOPICS[0]).stylize("bold"), *TOPICS[1:]]
    async with _Kept().run_test(size=(40, 12)) as pilot:
        kept, plain = (
            pilot.app.query_one("#kept", OptionList),
            pilot.app.query_one("#plain", OptionList),
        )
        await pilot.pause()
        _drawn(kept)
        for options in (kept, plain):
            _replace(options, bold, highlighted=0)  # as it was drawn, but now in bold
        await pilot.pause()
        assert _drawn(kept) == _drawn(plain)


async def test_a_kept_list_draws_afresh_only_the_options_that_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    drawn: list[str] = []
    textuals = OptionList._get_option_render

    def counted(self: OptionList, option: Any, style: Any) -> Any:
        if self.id == "kept":
            drawn.append(str(option.prompt))
        return textuals(self, option, style)

    monkeypatch.setattr(OptionList, "_get_option_render", counted)
    async with _Kept().run_test(size=(40, 12)) as pilot:
        kept = pilot.app.query_one("#kept", OptionList)
        kept.highlighted = 0
        await pilot.pause()
        drawn.clear()
        _replace(kept, [*TOPICS[:2], "Connections  started"])
        await pilot.pause()
        assert drawn == ["Connections  started"]


OPTION_RENDER_SHA256 = "da7553430ee04cf17b67f29606d51e7aa61a9f6289240ecbf6b25fc25dcc320d"


def test_the_option_renderer_we_keep_the_lines_of_is_unchanged() -> None:
    assert_source_unchanged(
        OptionList._get_option_render,
        OPTION_RENDER_SHA256,
        "OPTION_RENDER_SHA256",
        "check that what it draws from is still all in KeptOptionRenders' key",
    )


#: sha256 of Textual's ``StylesCache.render_widget``, ``Widget._render_content`` and
#: ``Visual.to_strips``: what a widget's lines are drawn from, all of which must be in
#: ``KeptLines.kept_key``.
TO_STRIPS_SHA256 = "237262d432caa6c454336c6784d0f0ef9734757992a0dd50fa4cdc7c1d168c06"
RENDER_WIDGET_SHA256 = "b946353fb1eb72b980d4e2843d2650ec253d905a4d732c13ce97e144128c844f"
RENDER_CONTENT_SHA256 = "50c545576ca20403ea37ea3c1fbee8b96032c81573c4cd71104b3992f49a208f"


def test_what_a_widget_is_drawn_from_is_unchanged() -> None:
    then = "check that everything it draws from is still in KeptLines.kept_key"
    assert_source_unchanged(
        StylesCache.render_widget, RENDER_WIDGET_SHA256, "RENDER_WIDGET_SHA256", then
    )
    assert_source_unchanged(
        Widget._render_content, RENDER_CONTENT_SHA256, "RENDER_CONTENT_SHA256", then
    )
    assert_source_unchanged(Visual.to_strips, TO_STRIPS_SHA256, "TO_STRIPS_SHA256", then)


async def test_a_kept_list_that_widens_draws_its_lines_at_the_new_width() -> None:
    # As when F5 puts the side panel away: no line drawn at the old width may stay.
    async with _Kept().run_test(size=(80, 12)) as pilot:
        kept, plain = (
            pilot.app.query_one("#kept", OptionList),
            pilot.app.query_one("#plain", OptionList),
        )
        await pilot.pause()
        for options in (kept, plain):
            options.styles.width = 60
            _replace(options, TOPICS)
        await pilot.pause()
        wide = Region(0, 0, 60, 5)
        assert kept.render_lines(wide) == plain.render_lines(wide)
        assert {strip.cell_length for strip in kept.render_lines(wide)} == {60}


async def test_a_kept_list_does_not_keep_lines_drawn_at_another_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Straight after a resize Textual's own cache can still give lines of the old width.
    textuals = OptionList._get_option_render
    stale = {"first": True}

    def old_width_once(self: OptionList, option: Any, style: Any) -> Any:
        strips = textuals(self, option, style)
        if self.id == "kept" and stale.pop("first", False):
            return [strip.crop(0, 10) for strip in strips]
        return strips

    monkeypatch.setattr(OptionList, "_get_option_render", old_width_once)
    async with _Kept().run_test(size=(40, 12)) as pilot:
        kept, plain = (
            pilot.app.query_one("#kept", OptionList),
            pilot.app.query_one("#plain", OptionList),
        )
        await pilot.pause()
        kept.refresh()
        await pilot.pause()
        assert _drawn(kept) == _drawn(plain)


# -- option heights counted without wrapping (QuickOptionHeights) -----------------------------

# Words, spaces, line breaks, tabs, wide characters and a combining accent.
_LINE_TEXT = st.lists(st.sampled_from([*"ab yz-.,\n\t界😀", "e\u0301"]), max_size=30).map("".join)


@given(
    text=_LINE_TEXT,
    width=st.integers(1, 40),
    line_pad=st.integers(0, 2),
    wrap=st.sampled_from(["wrap", "nowrap"]),
    overflow=st.sampled_from(["fold", "ellipsis", "clip"]),
)
def test_an_option_text_has_as_many_lines_as_textual_counts(
    text: str, width: int, line_pad: int, wrap: str, overflow: str
) -> None:
    rules: Any = {"line_pad": line_pad, "text_wrap": wrap, "text_overflow": overflow}
    content = Content(text)
    try:
        theirs = content.get_height(rules, width)
    except ValueError:
        # Textual cannot count lines with no room left inside the padding; nor can we.
        with pytest.raises(ValueError):
            OneLineText.of(content).get_height(rules, width)
        return
    assert OneLineText.of(content).get_height(rules, width) == theirs


def test_an_option_text_that_fits_is_not_wrapped_to_count_its_lines(monkeypatch) -> None:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("wrapped")

    monkeypatch.setattr(Content, "_wrap_and_format", wrapped)
    assert OneLineText.of(Content("Seeing my sister")).get_height({}, 20) == 1
    with pytest.raises(AssertionError):
        OneLineText.of(Content("Seeing my sister more often")).get_height({}, 20)


def test_an_option_text_is_drawn_as_the_text_it_was_made_from() -> None:
    styled = Content.assemble(("Connections", "bold"), "  done, ", ("talked", "italic"))
    kept = OneLineText.of(styled)
    assert (kept.plain, kept.spans) == (styled.plain, styled.spans)


class _Quick(App[None]):
    def compose(self) -> ComposeResult:
        yield _QuickList(*TOPICS, id="quick")


class _QuickList(QuickOptionHeights, OptionList):
    pass


async def test_a_quick_list_counts_its_text_options_with_one_line_text() -> None:
    async with _Quick().run_test(size=(40, 12)) as pilot:
        options = pilot.app.query_one("#quick", OptionList)
        kinds = {type(options._get_visual(option)) for option in options.options}
        assert kinds == {OneLineText}
        # The mixin adds no CSS type name of its own: the list is styled as an OptionList.
        assert pilot.app.query_one("OptionList") is options


# -- arrangements kept around a kept widget (draw_now keep=) ---------------------------------


class _Column(App[None]):
    """A column holding a line of its own and a kept area whose two lines take turns."""

    def compose(self) -> ComposeResult:
        with Vertical(id="column"):
            yield Static("beside", id="beside")
            with Vertical(id="kept"):
                yield Static("first", id="first")
                yield Static("second", id="second")

    def on_mount(self) -> None:
        self.screen._compositor = textual_internals.KeptMapCompositor()
        self.query_one("#kept").styles.height = 3  # its place does not depend on its lines


async def test_lines_taking_turns_in_a_kept_area_leave_the_column_arranged(monkeypatch) -> None:
    async with _Column().run_test(size=(30, 8)) as pilot:
        screen, kept = pilot.app.screen, pilot.app.query_one("#kept")
        first, second = pilot.app.query_one("#first"), pilot.app.query_one("#second")
        second.display = False
        assert draw_now(screen, keep=kept)
        arranged = count_arrangements(monkeypatch)
        first.display, second.display = False, True  # as an answer widget changes in a step
        assert draw_now(screen, keep=kept)
        assert "column" not in arranged and "kept" in arranged
        assert screen.find_widget(second).region.y == screen.find_widget(kept).region.y


async def test_a_change_beside_a_kept_area_still_arranges_the_column(monkeypatch) -> None:
    async with _Column().run_test(size=(30, 8)) as pilot:
        screen, kept = pilot.app.screen, pilot.app.query_one("#kept")
        second = pilot.app.query_one("#second")
        second.display = False
        assert draw_now(screen, keep=kept)
        arranged = count_arrangements(monkeypatch)
        second.display = True  # inside the kept area...
        pilot.app.query_one("#beside").display = False  # ...and beside it, in one frame
        assert draw_now(screen, keep=kept)
        assert "column" in arranged
        assert screen.find_widget(kept).region.y == 0  # moved up into the line given up


async def test_a_change_counted_from_outside_a_kept_area_is_not_carried_over(
    monkeypatch,
) -> None:
    """The column's count of changes also went up for a line shown in a box beside the
    kept area (a box of fixed size: nothing clears the column's arrangement). The counts
    differ, so the column is arranged afresh, as Textual would."""
    async with _Column().run_test(size=(30, 8)) as pilot:
        screen, kept = pilot.app.screen, pilot.app.query_one("#kept")
        beside = pilot.app.query_one("#beside")
        box = Vertical(Static("in the box", id="boxed"), id="box")
        box.styles.height = 1
        await pilot.app.query_one("#column").mount(box, before=beside)
        await pilot.pause()
        assert draw_now(screen, keep=kept)
        arranged = count_arrangements(monkeypatch)
        pilot.app.query_one("#second").display = False
        pilot.app.query_one("#boxed").display = False
        assert draw_now(screen, keep=kept)
        assert "column" in arranged


async def test_a_frame_drawn_between_steps_leaves_what_the_next_step_carries_over(
    monkeypatch,
) -> None:
    """A change beside the kept area, drawn by the screen's own frame between two steps (as
    the transcript is, just after a step's prompt), is part of the arrangements that frame
    made: the next step inside the kept area carries them over."""
    async with _Column().run_test(size=(30, 8)) as pilot:
        screen, kept = pilot.app.screen, pilot.app.query_one("#kept")
        second = pilot.app.query_one("#second")
        second.display = False
        assert draw_now(screen, keep=kept)
        pilot.app.query_one("#beside").display = False
        await pilot.pause()  # the screen lays out and draws on its own
        arranged = count_arrangements(monkeypatch)
        second.display = True
        assert draw_now(screen, keep=kept)
        assert "column" not in arranged and "kept" in arranged
        assert screen.find_widget(second).region.y == screen.find_widget(kept).region.y + 1


ARRANGE_SHA256 = "e876510bea8f9a59e13a8a6a671724f67e634e2077ff4f40e06c1d08facf2a1d"
NODES_UPDATED_SHA256 = "af8ba8b23e185fdaa1d48efe1dd4c4370e37c05dcf6be475206c1ed338b45918"


def test_the_arrangement_cache_we_carry_over_is_unchanged() -> None:
    from textual._node_list import NodeList

    assert_source_unchanged(
        Widget.arrange,
        ARRANGE_SHA256,
        "ARRANGE_SHA256",
        "check that an arrangement is still kept under (size, its children's change count, "
        "optimal) (textual_internals._carry_arrangements)",
    )
    assert_source_unchanged(
        NodeList.updated,
        NODES_UPDATED_SHA256,
        "NODES_UPDATED_SHA256",
        "check that a change is still counted by the node and every container around it "
        "(textual_internals._carry_arrangements)",
    )


def test_a_kept_area_noted_for_its_arrangements_can_still_be_freed() -> None:
    """The table of what was noted must not keep a closed screen's question area alive (it
    would, through the containers around it, which hold it)."""
    column, kept = Vertical(id="column"), Vertical(id="kept")
    column._add_child(kept)
    textual_internals._note_arrangements(kept)
    assert kept in textual_internals._NOTED
    gone = weakref.ref(kept)
    del column, kept
    gc.collect()
    assert gone() is None


# -- a callback's parameters counted once per function --------------------------------------------


def test_making_the_app_counts_parameters_once_per_function(data_dir, content) -> None:
    make_cpi_app(data_dir=data_dir, content=content)
    assert parameter_counts_remembered()


@pytest.fixture
def signatures_read(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """What ``inspect.signature`` is asked about from here on, with the counts remembered."""
    remember_parameter_counts()
    read: list[object] = []
    real = inspect.signature

    def reading(func: Any, *args: Any, **kwargs: Any) -> inspect.Signature:
        read.append(func)
        return real(func, *args, **kwargs)

    monkeypatch.setattr(inspect, "signature", reading)
    return read


def test_a_new_wrapper_round_the_same_function_is_not_measured_again(
    signatures_read: list[object],
) -> None:
    """Textual's call_later wraps each callback in a new partial: its signature was read
    again for each (issue 18); now once for the function."""

    def callback(first: int, second: int) -> None: ...

    counts = [textual_callback.count_parameters(partial(callback, 1)) for _ in range(3)]
    assert (counts, signatures_read) == ([1, 1, 1], [callback])


def test_a_new_partial_of_a_bound_method_is_not_measured_again(
    signatures_read: list[object],
) -> None:
    """``call_later(self.method, arg)``: each partial holds a new bound method."""

    class Holder:
        def method(self, first: int, second: int) -> None: ...

    holder = Holder()
    counts = [textual_callback.count_parameters(partial(holder.method, 1)) for _ in range(3)]
    assert (counts, signatures_read) == ([1, 1, 1], [Holder.method])
