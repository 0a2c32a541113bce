"""Every place the app relies on Textual beyond its public API, in one module.

Textual is pinned exactly (``textual==8.2.8`` in pyproject.toml) and everything here was
checked against that version (:data:`CHECKED_AGAINST`). The rest of ``assistant/ui`` uses
only Textual's public API and the names below. Each item says why the app needs it and what
happens if an upgrade changes it; ``tests/ui/test_textual_internals.py`` fails with a message
naming the item when a pinned name changes or disappears, or when code copied from Textual
changes upstream. Upgrading Textual means: bump the pin, run that test, re-check what fails.

What is here:

* Keys handled inline, in order (:mod:`assistant.ui.key_order`): the app's priority
  bindings, a message dispatched now rather than queued, a key marked as forwarded, whether a
  handler stopped it, waiting for a screen to be mounted.
* A mouse release that makes no click, or that makes the next click of a double click
  (:mod:`assistant.ui.clicks`: a click acts once).
* Drawing a new prompt at once instead of on the next 60 Hz tick (the session screen), laying
  out only inside the question area while what it holds still fits there, and the
  containers around it keeping their arrangements when only its insides were shown or hidden.
* The session screen's ``focused`` without a whole-screen repaint.
* A new screen's first restyle skipped (its widgets were styled moments before).
* The first theme set before anything is styled (a copy of part of Textual's theme watcher).
* The garbage collector's policy during a meeting (Textual leaves cycles behind every step).
* Every line's text made safe just before it goes to the terminal (``Strip.render``).
* An unexpected error shown as a short message, never a traceback with local variables.
* Which option a line of an option list shows (a ticked box marked on the first line of a
  long option that wraps).
* An option list's resize handler, which the transcript skips when only its height changed.
* A list's scroll bars, redrawn at each layout only when something about them changed.
* An option list's drawn lines kept when its options are replaced by nearly the same ones.
* A line of text's or a button's drawn lines kept for each text it shows.
* A screen's layout kept as the map of where every widget is, not worked out a second time.
* A frame of what changed rendering only the rows it sends the terminal.
* A drop-down list that says when the option already shown is picked again (Settings' theme).
* Callbacks scheduled after a frame, or after a widget's queue, without a new wrapper each
  time (Textual measures each new callable's signature).
* A callback's parameters counted once per function, not once per call.
"""

from __future__ import annotations

import contextlib
import gc
import inspect
import time
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import _callback as textual_callback  # count_parameters: private, pinned below
from textual import events
from textual._compositor import ChopsUpdate, Compositor, CompositorMap, MapGeometry, ReflowResult
from textual.app import App
from textual.cache import LRUCache
from textual.content import Content
from textual.css.styles import RenderStyles, RulesMap, Styles
from textual.dom import NodeList
from textual.geometry import Offset, Region, Size
from textual.message import Message
from textual.message_pump import MessagePump
from textual.messages import InvokeLater
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar, ScrollBarCorner
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual
from textual.widget import Widget
from textual.widgets import OptionList, Select
from textual.widgets import _select as textual_select  # SelectOverlay: private, pinned below
from textual.widgets.option_list import Option

from assistant.safe_text import invisible

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

#: The Textual version every item in this module was checked against (the exact pin).
CHECKED_AGAINST = "8.2.8"


@dataclass(frozen=True)
class Pin:
    """One private Textual name the app uses: where it lives, its parameters, and why."""

    #: The class (or, for a module-level function, the module) the name lives on.
    owner: type | ModuleType
    name: str
    #: The parameter names of a method (``self`` included); None for an attribute.
    params: tuple[str, ...] | None
    why: str
    #: An attribute every instance gets in ``__init__`` (looked for on a new instance).
    instance: bool = False
    #: Makes that new instance, where the owner needs arguments (default: ``owner()``).
    example: Callable[[], object] | None = None


#: Every private Textual name used below (the upgrade test checks each one).
PINNED: tuple[Pin, ...] = (
    Pin(
        textual_callback,
        "_count_parameters",
        ("func",),
        "count a callback's parameters once per function (remember_parameter_counts)",
    ),
    Pin(
        App,
        "_check_bindings",
        ("self", "key", "priority"),
        "run a key's priority bindings inline (keys in order)",
    ),
    Pin(
        MessagePump,
        "_dispatch_message",
        ("self", "message"),
        "handle a key or an answer now, in this task, instead of queueing it (keys in order)",
    ),
    Pin(
        Message,
        "_set_forwarded",
        ("self",),
        "a key walked up the tree is not handled again as a new key by the app (keys in order)",
    ),
    Pin(
        Message,
        "_stop_propagation",
        None,
        "stop walking a key up the tree once a handler stopped it (keys in order)",
    ),
    Pin(
        MessagePump,
        "_mounted_event",
        None,
        "keys typed after one that opened a screen wait until it is mounted (keys in order)",
    ),
    Pin(
        Screen,
        "_on_timer_update",
        ("self",),
        "draw a new prompt now rather than on the next 60 Hz tick (up to 17 ms sooner)",
    ),
    Pin(
        Widget,
        "_repaint_required",
        None,
        "a widget changed in this step is drawn now (draw_now; an instance attribute)",
        instance=True,
    ),
    Pin(
        Widget,
        "_layout_required",
        None,
        "a widget whose size may change is laid out now (draw_now; an instance attribute)",
        instance=True,
    ),
    Pin(
        Widget,
        "_clear_arrangement_cache",
        ("self",),
        "the containers holding a changed widget are arranged again (draw_now)",
    ),
    Pin(
        Widget,
        "_arrangement_cache",
        None,
        "a container's arrangements, kept under its children's change count: carried over "
        "when only a kept widget's insides changed (draw_now)",
        instance=True,
    ),
    Pin(
        Widget,
        "_nodes",
        None,
        "a widget's children, with their change count (draw_now)",
        instance=True,
    ),
    Pin(
        NodeList,
        "_updates",
        None,
        "the change count an arrangement is kept under (draw_now)",
        instance=True,
        example=NodeList,
    ),
    Pin(
        Widget,
        "_layout_updates",
        None,
        "counted as Textual counts layout updates (draw_now; an instance attribute)",
        instance=True,
    ),
    Pin(
        Screen,
        "_dirty_widgets",
        None,
        "the widgets the screen draws on its next refresh (draw_now; an instance attribute)",
        instance=True,
    ),
    Pin(
        Screen,
        "_on_screen_resume",
        ("self", "event"),
        "reads ScreenResume.refresh_styles after our handler set it (opening a meeting)",
    ),
    Pin(
        App,
        "_watch_theme",
        ("self", "theme_name"),
        "copied in part by set_first_theme (start-up)",
    ),
    Pin(
        App,
        "_refresh_truecolor_filter",
        ("self", "theme"),
        "the first theme's ANSI colours, set without a restyle (start-up)",
    ),
    Pin(
        Strip,
        "_render_cache",
        None,
        "a line already made safe is not looked at again (text to the terminal)",
    ),
    Pin(
        App,
        "_handle_exception",
        ("self", "error"),
        "an unexpected error is logged without personal data first (quiet_crashes)",
    ),
    Pin(
        OptionList,
        "_lines",
        None,
        "which option, and which of its lines, a line of a list shows (ticked-box marks)",
    ),
    Pin(
        OptionList,
        "_clear_caches",
        ("self",),
        "forgets every option's wrapped lines, to wrap them again when the transcript's "
        "scroll bar comes or goes (rewrap_options)",
    ),
    Pin(
        OptionList,
        "_on_resize",
        ("self",),
        "clears every option's wrapped lines; the transcript skips it when only its height "
        "changed (Transcript.on_resize)",
    ),
    Pin(
        ScrollView,
        "_size_updated",
        ("self", "size", "virtual_size", "container_size", "layout"),
        "updates and redraws a list's scroll bars at every layout; skipped when nothing they "
        "depend on changed (SteadyScrollbars)",
    ),
    Pin(
        Screen,
        "_compositor",
        None,
        "the session screen lays out with KeptMapCompositor (an instance attribute)",
        instance=True,
    ),
    Pin(
        Compositor,
        "_full_map_invalidated",
        None,
        "reflow leaves it set although it has just built that map (KeptMapCompositor)",
        instance=True,
    ),
    Pin(
        Compositor,
        "reflow",
        ("self", "parent", "size"),
        "lays out every widget: its result is the full map (KeptMapCompositor)",
    ),
    Pin(
        Compositor,
        "_arrange_root",
        ("self", "root", "size", "visible_only"),
        "places a widget and all it holds: KeptMapCompositor places only the kept area's",
    ),
    Pin(
        Compositor,
        "_full_map",
        None,
        "the map of the last layout, which KeptMapCompositor updates inside the kept area",
        instance=True,
    ),
    Pin(
        Compositor,
        "_visible_map",
        None,
        "set by a scroll's layout, when the full map is out of date (KeptMapCompositor)",
        instance=True,
    ),
    Pin(
        Compositor,
        "render_update",
        ("self", "full", "screen_stack", "simplify"),
        "the one way a screen's frame is made for the terminal (KeptMapCompositor's hook)",
    ),
    Pin(
        Compositor,
        "render_partial_update",
        ("self",),
        "a frame of what changed: KeptMapCompositor notes the changed regions for its chops",
    ),
    Pin(
        Compositor,
        "_dirty_regions",
        None,
        "the regions changed since the last frame (KeptMapCompositor renders only those)",
        instance=True,
    ),
    Pin(
        Compositor,
        "_render_chops",
        ("self", "crop", "is_rendered_line"),
        "each line's pieces of a frame, front widget first (KeptMapCompositor's own)",
    ),
    Pin(
        OptionList,
        "_get_option_render",
        ("self", "option", "style"),
        "an option's drawn lines: KeptOptionRenders keeps them across replaced options",
    ),
    Pin(
        OptionList,
        "_option_to_index",
        None,
        "an option's place in the list, in its drawn lines' meta (KeptOptionRenders)",
        instance=True,
    ),
    Pin(
        OptionList, "_markup", None, "how a text prompt is read (KeptOptionRenders)", instance=True
    ),
    Pin(
        Option,
        "_divider",
        None,
        "an option drawn with a rule under it (KeptOptionRenders)",
        instance=True,
        example=lambda: Option("an option"),
    ),
    Pin(
        OptionList,
        "_update_lines",
        ("self",),
        "an option list's lines brought up to date once per drawing (StylesOncePerDrawing)",
    ),
    Pin(
        OptionList,
        "_line_cache",
        None,
        "an option list's lines, read as they are while it draws (StylesOncePerDrawing)",
        instance=True,
    ),
    Pin(
        OptionList,
        "_get_visual",
        ("self", "option"),
        "an option's text, made once and kept on the option (QuickOptionHeights)",
    ),
    Pin(
        Option,
        "_visual",
        None,
        "an option's text as drawn, kept on the option (QuickOptionHeights)",
        instance=True,
        example=lambda: Option("an option"),
    ),
    Pin(
        OptionList,
        "_get_left_gutter_width",
        ("self",),
        "the width an option is drawn at (KeptOptionRenders)",
    ),
    Pin(
        Widget,
        "_pseudo_classes_cache_key",
        None,
        "a widget's hover, focus and disabled state, in a kept drawing's key (KeptLines)",
    ),
    Pin(
        RenderStyles,
        "_cache_key",
        None,
        "a count of a widget's style changes: KeptLines works out its styles' part again "
        "when it moves",
    ),
    Pin(
        RenderStyles,
        "_base_styles",
        None,
        "a widget's rules from the style sheet: KeptLines tells a change that only shows or "
        "hides a widget from one that restyles it",
        instance=True,
        example=lambda: Widget().styles,
    ),
    Pin(
        RenderStyles,
        "_inline_styles",
        None,
        "a widget's rules set in code (display among them): as ``_base_styles``",
        instance=True,
        example=lambda: Widget().styles,
    ),
    Pin(
        Styles,
        "_rules",
        None,
        "the rules themselves, compared without ``display`` (KeptLines)",
        instance=True,
        example=Styles,
    ),
    Pin(
        Widget,
        "_border_title",
        None,
        "the title drawn in a widget's border, in a kept drawing's key (KeptLines)",
        instance=True,
        example=Widget,
    ),
    Pin(
        Widget,
        "_border_subtitle",
        None,
        "the subtitle drawn in a widget's border, in a kept drawing's key (KeptLines)",
        instance=True,
        example=Widget,
    ),
    Pin(
        Screen,
        "_selecting",
        None,
        "whether the mouse is selecting text: nothing is kept meanwhile (KeptLines)",
    ),
    Pin(
        App,
        "_mouse_down_widget",
        None,
        "a mouse release makes no click when it is forgotten (a click acts once: ui/clicks.py)",
        instance=True,
    ),
    Pin(
        App,
        "_click_chain_last_offset",
        None,
        "a double click's second click counted on though the pointer moved by a cell "
        "(ui/clicks.py)",
        instance=True,
    ),
    Pin(
        App,
        "_fatal_error",
        ("self",),
        "a short message instead of a traceback with local variables (quiet_crashes)",
    ),
    Pin(
        textual_select.SelectOverlay,
        "UpdateSelection",
        None,
        "hear a pick in a drop-down list that leaves its value as it was (PickSelect)",
    ),
    Pin(
        textual_select.SelectOverlay.UpdateSelection,
        "__init__",
        ("self", "option_index"),
        "know which option of a drop-down list was picked (PickSelect)",
    ),
)


def missing_internals() -> list[str]:
    """The pinned private names that this Textual does not have (empty when all is well)."""
    missing = []
    for pin in PINNED:
        if not has_pinned(pin):
            missing.append(f"{pin.owner.__name__}.{pin.name}")
    return missing


def has_pinned(pin: Pin) -> bool:
    """Whether this Textual has the pinned name (on a new instance, for instance attributes)."""
    if hasattr(pin.owner, pin.name) or pin.name in _slots(pin.owner):
        return True
    return pin.instance and hasattr((pin.example or pin.owner)(), pin.name)


def _slots(owner: type | ModuleType) -> set[str]:
    return {name for cls in getattr(owner, "__mro__", ()) for name in getattr(cls, "__slots__", ())}


def rewrap_options(option_list: OptionList) -> None:
    """Wrap every option of ``option_list`` again at its width now (and redraw it).

    OptionList keeps each option's wrapped lines until it is resized; a scroll bar that
    appears (or goes) narrows the width for text without a resize, and lines wrapped before
    it ran under the bar."""
    option_list._clear_caches()


# -- keys handled inline, in order (ui/key_order.py) -------------------------------------------


class InlineKey(events.Key, bubble=False):
    """A key walked up the widget tree by ``key_order.deliver`` rather than bubbling on its own.

    It must be handled by the same methods as a key (``_on_key``, ``on_key``): Textual finds
    handlers by the message's ``handler_name``, which a subclass would otherwise get from its
    own class name (``on_inline_key``).
    """


class InlinePaste(events.Paste, bubble=False):
    """A paste walked up the widget tree by ``key_order.deliver`` (handled as ``on_paste``)."""


InlineKey.handler_name = events.Key.handler_name
InlinePaste.handler_name = events.Paste.handler_name


async def run_priority_bindings(app: App[Any], key: str) -> bool:
    """Run ``key``'s priority bindings (ctrl+s, the F-keys) now; True if one handled it.

    Textual runs them when a key reaches the app (``App.on_event``); handling keys inline means
    doing the same step ourselves. If ``App._check_bindings`` goes, no key reaches the meeting.
    """
    return await app._check_bindings(key, priority=True)


def mark_forwarded(message: Message) -> None:
    """Mark a key as on its way up from a widget, as Textual does when it forwards one.

    The app then runs its own (non-priority) bindings for it instead of treating it as a new key
    from the terminal and sending it down again (which would type every letter twice).
    """
    message._set_forwarded()


def propagation_stopped(message: Message) -> bool:
    """Whether a handler called ``message.stop()`` (Textual has no public getter for it).

    Walking a key up the tree stops there, as Textual's own bubbling does; without it a key an
    input used (a letter, Backspace) would also run a binding of a container above it.
    """
    return bool(message._stop_propagation)


async def dispatch_now(target: MessagePump, message: Message) -> None:
    """Handle ``message`` on ``target`` now, in this task (``post_message`` would queue it).

    This is what keeps a burst of keys in order: each key, and the answer it gives, is handled
    completely before the next key is looked at.
    """
    await target._dispatch_message(message)


async def wait_until_mounted(node: MessagePump) -> None:
    """Wait until ``node`` (a screen just pushed) is mounted (no public awaitable exists)."""
    await node._mounted_event.wait()


def no_click_from_this_release(app: App[Any]) -> None:
    """The mouse release the app is about to handle makes no click (ui/clicks.py).

    Textual makes a click in ``App.on_event`` when a release is over the widget the last press
    was on, which it keeps in ``_mouse_down_widget``; forgotten, the release is still handled
    (a scroll bar let go, a selection ended) but clicks nothing. If the name goes, the upgrade
    test says so (and double clicks would answer twice again).
    """
    app._mouse_down_widget = None


def chain_this_release(app: App[Any], at: Offset) -> None:
    """The mouse release the app is about to handle makes the next click of a chain (its
    ``chain`` one more than the last click's), as ui/clicks.py counts it: within one cell of
    the last click, not only on its very cell.

    Textual counts a click on when it is released on the cell of the last click, which it
    keeps in ``_click_chain_last_offset``, within its double-click time (still checked).
    Given ``at``, the cell of this release, the chain goes on. If the name goes, the upgrade
    test says so (and a double click with a shaky hand would only pick a person on Home).
    """
    app._click_chain_last_offset = at


# -- option lists ----------------------------------------------------------------------------------


def option_line(option_list: OptionList, line: int) -> tuple[int, int] | None:
    """The option shown on ``line`` of the list (counted from the top of its content, not of
    the view) and which of that option's lines it is; None past the last line.

    Textual's ``SelectionList`` assumes one line per option (its box is drawn on every line
    of an option that wraps, and against the wrong option below it); the app's tick list
    marks the first line of each option instead, so long options can wrap. If
    ``OptionList._lines`` goes, the upgrade test says so.
    """
    lines = option_list._lines
    return lines[line] if 0 <= line < len(lines) else None


class KeptOptionRenders(OptionList):
    """An option list that keeps its options' drawn lines when its options are replaced.

    Textual keeps an option's drawn lines only until the options change: replacing them
    (``clear_options``, then ``add_options``) starts again from nothing, and drawing an
    option's line from its text costs about 0.5 ms. The topic list is replaced at every
    choice of topic with nearly the same lines (one topic's status has changed), so each of
    its lines was drawn afresh: the list took 4.5-5.6 ms of a topics step (the slowest kind
    of step), 3.0 ms with its lines kept (issue 18). Here drawn lines are kept by everything
    Textual draws them from: the option's place in the list (it is in the lines' mouse
    meta), its prompt's words and styles (:func:`content_key`: ``Content`` itself compares
    by its words only), whether it has a divider, the style and padding of its state
    (highlighted, disabled...) and the width. A prompt that is not text, or not hashable,
    is drawn as before. Lines not as wide as the list are drawn but not kept: straight after
    a resize, until its Resize event is handled, Textual's own cache still gives the lines it
    drew at the old width (and then draws them again), and those must not outlive that
    moment. If the upgrade test finds ``_get_option_render`` changed, re-check that these are
    still all it draws from.
    """

    #: How many drawn options to keep (a topic list's few lines in their few states).
    KEPT_RENDERS = 256

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept_renders: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(self.KEPT_RENDERS)

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        prompt = content_key(option.prompt)
        if prompt is None:  # not a text (a Rich renderable): drawn as before
            return super()._get_option_render(option, style)
        try:
            key = (
                self._option_to_index[option],
                prompt,
                self._markup,
                option._divider,
                style,
                padding,
                width,
            )
            strips = self.kept_renders.get(key)
        except (KeyError, TypeError):  # not in this list, or a prompt that is not hashable
            return super()._get_option_render(option, style)
        if strips is None:
            strips = super()._get_option_render(option, style)
            if all(strip.cell_length == width for strip in strips):
                self.kept_renders[key] = strips
        return strips


# Mixins for widgets, typed as one: Textual takes a widget's CSS type names (``Static``,
# ``Button``) from its first base that is a widget, so the mixin itself must not be one.
_WidgetMixin = Widget if TYPE_CHECKING else object
_OptionListMixin = OptionList if TYPE_CHECKING else object


class OneLineText(Content):
    """An option's text that knows without wrapping it when it fits on one line.

    An option list works out the height of every option each time its options are replaced,
    twice (for its own height, then for its lines, at widths a scroll bar apart), and
    Textual wraps each text to count its lines: 2-4% of a list step, every step a list is
    shown (issue 18). A text with no line break or tab that is no wider than the room has
    one line, whatever the wrapping rules (Textual's wrapping never breaks a line that fits);
    anything else is wrapped by Textual as before. Drawn exactly as the ``Content`` it was
    made from (only ``get_height`` differs)."""

    @classmethod
    def of(cls, content: Content) -> OneLineText:
        return cls(content.plain, list(content.spans), content.cell_length, False)

    def get_height(self, rules: RulesMap, width: int) -> int:
        text = self.plain
        room = width - rules.get("line_pad", 0) * 2
        if text and 0 < self.cell_length <= room and "\n" not in text and "\t" not in text:
            return 1
        return super().get_height(rules, width)


class QuickOptionHeights(_OptionListMixin):
    """An option list (a mixin, put first: ``class PickList(QuickOptionHeights, ...)``) whose
    text options count their lines with :class:`OneLineText`. If the pin test finds
    ``OptionList._get_visual`` or ``Option._visual`` changed, re-check."""

    def _get_visual(self, option: Option) -> Visual:
        visual = option._visual
        if visual is None:
            visual = super()._get_visual(option)
            if type(visual) is Content:
                visual = option._visual = OneLineText.of(visual)
        return visual


class StylesOncePerDrawing(_OptionListMixin):
    """An option list (a mixin, put first) that works out once per drawing what Textual
    works out again for every line it draws.

    For each line an option list asks for its state's visual style (which blends the
    colours of every container around it), for its option padding (a new styles object
    each time), for the room inside its scroll bars, and for its lines (``_lines``, which
    brings them up to date on every read). Within one drawing none of these can change: it
    is one synchronous call that changes nothing they read, and the lines are brought up to
    date before it starts, as Textual does. So each is worked out on first asking and handed
    back again for the rest of that drawing; outside a drawing everything goes to Textual.
    Measured on a list of 8 new options, drawings with and without it taking turns in one
    process: a pick list 1.5-1.8 -> 1.2-1.4 ms, a tick list 2.75 -> 2.0 ms (issue 18: lists are
    among a meeting's slowest steps). If the pin test finds ``_lines``, ``_line_cache`` or
    ``_update_lines`` changed, re-check.
    """

    #: What this drawing has worked out so far (None between drawings).
    drawing_memo: dict[Any, Any] | None = None

    def render_lines(self, crop: Region) -> list[Strip]:
        # Brought up to date first: it may change the virtual size and so the scroll bars
        # (and the room inside them), which must not be remembered from before.
        self._update_lines()
        self.drawing_memo = {}
        try:
            return super().render_lines(crop)
        finally:
            self.drawing_memo = None

    def remembered(self, key: Any, work_out: Callable[[], Any]) -> Any:
        """``work_out()``, once per drawing for ``key`` (each time outside a drawing)."""
        memo = self.drawing_memo
        if memo is None:
            return work_out()
        value = memo.get(key)
        if value is None:
            value = memo[key] = work_out()
        return value

    def get_visual_style(self, *component_classes: str, partial: bool = False) -> Style:
        return self.remembered(
            ("visual", component_classes, partial),
            lambda: super(StylesOncePerDrawing, self).get_visual_style(
                *component_classes, partial=partial
            ),
        )

    def get_component_styles(self, *names: str) -> RenderStyles:
        return self.remembered(
            ("component", names),
            lambda: super(StylesOncePerDrawing, self).get_component_styles(*names),
        )

    @property
    def scrollable_content_region(self) -> Region:
        return self.remembered(
            "room", lambda: super(StylesOncePerDrawing, self).scrollable_content_region
        )

    @property
    def _lines(self) -> Sequence[tuple[int, int]]:
        if self.drawing_memo is not None:
            return self._line_cache.lines  # brought up to date when the drawing started
        return super()._lines


class HighlightInItsOwnInk(_OptionListMixin):
    """An option list (a mixin, put before the list class) whose highlighted line is drawn
    all in the highlight's own colour: words given a colour of their own (a muted status,
    "no meetings yet", a topic's icon) take the highlight's instead on that line.

    With 16 colours the muted grey and the highlight's light grey background became the
    same colour (37 on 47), and in other themes and with NO_COLOR they were under 2:1: the
    line being chosen lost its status words. Every other line keeps its colours. The last
    lines recoloured are kept (one option: the highlighted one), so a line drawn again costs
    nothing. Overrides Textual's ``_get_option_render`` (see its pin test).
    """

    kept_inked: tuple[list[Strip], list[Strip]] | None = None

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        strips: list[Strip] = super()._get_option_render(option, style)  # type: ignore[misc]
        if option.disabled or self.highlighted_option is not option:
            return strips
        kept = self.kept_inked
        if kept is not None and kept[0] is strips:
            return kept[1]
        colour = style.rich_style.color
        if colour is None:
            return strips
        ink = RichStyle(color=colour)
        inked = [
            Strip(
                [segment if segment.control else _inked(segment, ink) for segment in strip],
                strip.cell_length,
            )
            for strip in strips
        ]
        self.kept_inked = (strips, inked)
        return inked


def _inked(segment: Segment, ink: RichStyle) -> Segment:
    """``segment`` in the colour ``ink`` (its other styles, and its mouse meta, kept)."""
    return Segment(segment.text, segment.style + ink if segment.style else ink)


def content_key(visual: object) -> tuple[Any, ...] | None:
    """What a text's drawing depends on, as a key: its words and its styles (spans).

    ``Content`` compares by its words only (so that sorting ignores markup): two texts with
    the same words in different styles are equal, and a cache keyed by the ``Content`` itself
    could hand back one drawn in the other's styles. A plain string has no spans. None for
    anything else (not kept)."""
    if isinstance(visual, str):
        return (visual, ())
    if isinstance(visual, Content):
        try:
            spans = tuple(visual.spans)
            hash(spans)
        except TypeError:
            return None
        return (visual.plain, spans)
    return None


class KeptLines(_WidgetMixin):
    """A widget that keeps the lines it has drawn for each text it has shown (a mixin, put
    before the widget class: ``class KeptStatic(KeptLines, Static)``).

    Textual draws a widget's lines again whenever its text changes or it is shown again,
    even when it shows a text it drew moments before at the same size: the line of key
    hints, the speaker line, the question's header and the Done and Not today buttons
    alternate between a handful of texts from one step to the next, and each drawing of one
    line costs 0.3-0.8 ms (issue 18). Here the lines drawn are kept, keyed by everything
    Textual draws them from (:meth:`kept_key`): the text and its styles, the widget's size
    and the part asked for, its resolved colours and those behind it, its state (hover,
    focus, disabled), the style rules that shape it (padding, border, outline, tint, hatch,
    alignment, wrapping), its border titles, the theme and the line filters. A text Textual
    draws differently under the mouse (a link or a click in it) or while text in it is
    selected is drawn as before, never kept. If the upgrade test finds ``render_widget`` (the
    styles cache) changed, re-check that these are still all it reads.
    """

    #: How many drawings to keep (a widget's few texts, at a few sizes).
    KEPT_LINES = 32

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kept_lines: LRUCache[tuple[Any, ...], list[Strip]] = LRUCache(self.KEPT_LINES)
        self.kept_styles: tuple[tuple[Any, ...], tuple[Any, ...]] | None = None
        #: The rules (but ``display``) of the widget and those around it when its styles'
        #: part was last worked out, in ``ancestors_with_self`` order.
        self.kept_rules: list[tuple[RulesMap, RulesMap]] = []

    def kept_key(self, crop: Region) -> tuple[Any, ...] | None:
        """Everything this widget's lines in ``crop`` are drawn from, or None: draw afresh."""
        text = content_key(self.render())
        if text is None or _spans_act(text[1]):
            return None
        screen = self.screen
        if screen._selecting or screen.selections.get(self) is not None:
            return None
        app = self.app
        return (
            text,
            crop,
            self.outer_size,
            self.size,
            self.styles_part(),
            self._pseudo_classes_cache_key,
            self._border_title,
            self._border_subtitle,
            tuple(self.get_line_filters()),
            app.theme,
            app.ansi_theme,
            app.native_ansi_color,
        )

    def styles_part(self) -> tuple[Any, ...]:
        """The part of the key its styles and those of the widgets around it decide.

        Working these out (colours blended through every container, the widget's own
        rules) was about a third of the key's time in a step (median 156 us a widget, 101
        us without it; issue 18). They are worked out again only when a style of the
        widget or of one of the widgets around it has changed since: each one's styles
        count their changes (``_cache_key``, which Textual's own style caches use)."""
        chain = self.ancestors_with_self
        counts = (*chain, *[node.styles._cache_key for node in chain])
        kept = self.kept_styles
        if kept is not None:
            if kept[0] == counts:
                return kept[1]
            if _only_shown_or_hidden(kept[0], counts, chain, self.kept_rules):
                # A widget around it (an answer, a hint, a button) was shown or hidden:
                # counted as a style change, yet nothing here depends on it. About a third
                # of a meeting's look-ups worked all this out again for it (issue 18).
                self.kept_styles = (counts, kept[1])
                return kept[1]
        self.kept_rules = [_rules_but_display(node.styles) for node in chain]
        styles = self.styles
        styled = (
            self.visual_style,
            self.background_colors,
            self.opacity,
            styles.padding,
            styles.border,
            styles.outline,
            styles.tint,
            styles.hatch,
            styles.text_align,
            styles.text_wrap,
            styles.text_overflow,
            styles.line_pad,
            styles.content_align,
            styles.border_title_align,
            styles.border_subtitle_align,
        )
        self.kept_styles = (counts, styled)
        return styled

    def render_lines(self, crop: Region) -> list[Strip]:
        try:
            key = self.kept_key(crop)
            strips = None if key is None else self.kept_lines.get(key)
        except TypeError:  # something in it that cannot be hashed: draw as before
            return super().render_lines(crop)
        if strips is None:
            strips = super().render_lines(crop)
            if key is not None:
                self.kept_lines[key] = strips
        return strips


def _rules_but_display(styles: RenderStyles) -> tuple[RulesMap, RulesMap]:
    """A widget's rules (from the style sheet, then set in code) without ``display``, which
    decides only whether it is drawn, never how."""
    # Copies: Textual changes a widget's rules in place.
    base = {k: v for k, v in styles._base_styles._rules.items() if k != "display"}
    inline = {k: v for k, v in styles._inline_styles._rules.items() if k != "display"}
    return cast("RulesMap", base), cast("RulesMap", inline)


def _only_shown_or_hidden(
    then: tuple[Any, ...],
    now: tuple[Any, ...],
    chain: Sequence[Any],
    rules: Sequence[tuple[RulesMap, RulesMap]],
) -> bool:
    """True when the styles' counts ``then`` and ``now`` (``styles_part``'s) differ only by
    widgets shown or hidden: the same widgets, and each whose count moved has every other
    rule as it was (``rules``, noted when the part was last worked out)."""
    depth = len(chain)
    if len(then) != len(now) or then[:depth] != now[:depth] or len(rules) != depth:
        return False
    for node, was, count, noted in zip(chain, then[depth:], now[depth:], rules, strict=True):
        if was != count and _rules_but_display(node.styles) != noted:
            return False
    return True


def _spans_act(spans: tuple[Any, ...]) -> bool:
    """Spans with a click action or a link: Textual draws those differently under the mouse."""
    for span in spans:
        style = span.style
        if isinstance(style, str):
            if "@" in style or "link" in style:
                return True
        elif getattr(style, "link", None) or getattr(style, "meta", None):
            return True
    return False


class SteadyScrollbars(ScrollView):
    """A scrolling list whose scroll bars are not redrawn at every layout of the screen.

    At each layout Textual hands every widget its size (``ScrollView._size_updated``), which
    compares the virtual size the layout worked out with the widget's own. For an option
    list these never match (its own is the number of lines of its options), so each layout
    updated its scroll bars and redrew them whole, with nothing about them changed: the
    transcript's at 95 of a meeting's 109 steps, about 0.5-0.8 ms each (issue 18). Here that
    update runs only when something it depends on changed since it last ran: the widget's
    size, its own virtual size, its container's size, its overflow and scroll bar styles, or
    which scroll bars are shown. Scrolling and new options update the bars as before (they do
    not come through here). If the upgrade test finds ``_size_updated`` changed, re-check.
    """

    #: What the scroll bars' update read when it last ran (None: it has not run yet).
    steady_inputs: tuple[Any, ...] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        if self.scrollbar_inputs(size, container_size) == self.steady_inputs:
            return False  # what Textual returns when it has nothing to update
        changed = super()._size_updated(size, virtual_size, container_size, layout)
        self.steady_inputs = self.scrollbar_inputs(size, container_size)
        return changed

    def scrollbar_inputs(self, size: Size, container_size: Size) -> tuple[Any, ...]:
        """Everything the scroll bars' update reads (see the class)."""
        styles = self.styles
        return (
            size,
            self.virtual_size,
            container_size,
            styles.overflow_x,
            styles.overflow_y,
            styles.scrollbar_size_vertical,
            styles.scrollbar_size_horizontal,
            self.show_vertical_scrollbar,
            self.show_horizontal_scrollbar,
        )


# -- drawing (the session screen) ----------------------------------------------------------------


class KeptMapCompositor(Compositor):
    """A compositor that keeps the map it has just laid out.

    Before each layout Textual marks its map of where every widget is as out of date when a
    changed widget was not on screen at the last layout (in a step: an answer, a hint or a
    button shown again). ``reflow`` then builds that whole map afresh but leaves the mark, so
    the first widget asked for its size straight after (Textual asks each one, in the same
    layout) has the whole screen arranged a second time: at 95 of a first meeting's 109
    steps, 0.85 ms each (median, where a step took 19 ms; issue 18). Here the mark is cleared
    once ``reflow`` has built the map, which is the map Textual's own lazy rebuild
    (``full_map``) would build: the same root, size and arrangement. Scrolling
    (``reflow_visible``) still marks it. If the upgrade test finds ``reflow`` or
    ``_full_map_invalidated`` changed, re-check.
    """

    #: Called once a frame is laid out, before it is drawn. Returns False to hold this frame:
    #: what changed stays marked and is drawn with the next one (the session screen holds a
    #: frame whose question outgrew the question area, and lays it out again).
    before_paint: Callable[[], bool] | None = None

    #: Called once a frame is drawn, before it is handed to the terminal. It may wait (the
    #: session screen waits here for the step's save to be on disk), and returns False to hold
    #: the frame as ``before_paint`` does.
    before_output: Callable[[], bool] | None = None

    #: The regions being drawn in a partial update (None otherwise): see ``_render_chops``.
    painting: list[Region] | None = None

    #: The widget whose place the steps keep (``draw_now``'s ``keep``), held weakly: after
    #: every layout that placed it, the arrangements around it are noted (see ``reflow``).
    kept: weakref.ref[Widget] | None = None

    #: Set by ``draw_now`` for one layout: every change that asked for it came from inside
    #: the kept widget. Then only what the kept widget holds is placed again (``place_inside``).
    inside_kept: bool = False

    #: Tests set a list: each map made by placing the kept widget's insides only is then
    #: compared with the whole screen placed afresh, and any difference is noted in it.
    checked: list[str] | None = None

    #: The kept widget at the last layout, and what the widgets outside it were placed for
    #: then (``_outside_marks``): a layout inside it only may reuse their places while these
    #: have not changed.
    placed_outside: tuple[weakref.ref[Widget], tuple[Any, ...]] | None = None

    #: The map the last layout made: what the terminal was drawn from (see ``reflow``).
    laid_out: CompositorMap | None = None

    def reflow(self, parent: Widget, size: Size) -> ReflowResult:
        kept = self.kept() if self.kept is not None else None
        # Textual's reflow marks as changed every place that differs from the map it finds,
        # which must be the map the last layout made (what the terminal shows). But when a
        # widget was shown or hidden since (the map marked out of date), the first widget
        # asked for its region builds the whole map lazily (``full_map``) at the new places:
        # between layouts (a list given new options just after a step, as a date's meaning
        # line appears), or while the kept widget's insides are placed here (a list's scroll
        # bar given a new size refreshes itself). Compared with that, nothing had moved, and
        # the terminal kept stale rows (a ghost hint row with a second Done button, a blank
        # "Answering:" line) until the next whole redraw. So reflow is handed the last
        # layout's map, and the out-of-date mark as it was.
        drawn_from = self.laid_out if self.laid_out is not None else self._full_map
        out_of_date = self._full_map_invalidated
        self._full_map = drawn_from
        inside = self.place_inside(parent, size, kept) if self.inside_kept else None
        self._full_map, self._full_map_invalidated = drawn_from, out_of_date
        if inside is None:
            result = super().reflow(parent, size)
        else:
            # Textual's own reflow, with the map this layout makes handed to it: it works out
            # what was shown, hidden, resized and must be redrawn exactly as it always does.
            self._arrange_root = lambda *args, **kwargs: inside  # type: ignore[method-assign]
            try:
                result = super().reflow(parent, size)
            finally:
                del self._arrange_root
        self._full_map_invalidated = False
        self.laid_out = self._full_map
        if inside is None:
            # Noted afresh. After a layout inside the kept widget, what was noted still holds:
            # place_inside has just found it equal, and nothing outside was placed again.
            self.placed_outside = None
            if kept is not None and kept in self._full_map:
                order = self._full_map[kept].order
                marks = _outside_marks(self._full_map, kept, order)
                self.placed_outside = (weakref.ref(kept), marks)
        if kept is not None and kept in self.widgets:
            # Placed by this layout, so every container around it has just been arranged at
            # its present count of changes: what the next step can carry over. When they
            # were noted only after a step's own frame, the frame the screen draws just
            # after it (the transcript and the panels) left the noted counts out of date,
            # and a third of a first meeting's steps arranged the conversation column and
            # the screen afresh (issue 18).
            with contextlib.suppress(AttributeError):  # an upgrade renamed something
                _note_arrangements(kept)
        return result

    def place_inside(
        self, parent: Widget, size: Size, kept: Widget | None
    ) -> tuple[CompositorMap, set[Widget]] | None:
        """The screen's map and widgets with only the kept widget's insides placed afresh, or
        None when the whole screen must be placed (Textual's way).

        In a step only the question area's insides change, and its place is kept, yet Textual
        places every widget on screen again: the conversation, the topics, the panels and
        their scroll bars (issue 18: a step's layout 4.2 -> 3.5 ms median, steps taking turns
        with and without this in one run). Here the question area is
        placed as if it were the whole screen, and each place is moved to where the area is
        (its offset, its painting order, its clip). Everything outside it keeps its place
        from the last layout, which is what Textual would work out again when nothing it
        depends on has changed since: no change of the screen's size, no scroll's layout in
        between, and no widget outside it asked for a layout, was shown, hidden, mounted,
        removed or scrolled (``_outside_marks``). Placing the area as a root gives the same
        places only when it is wholly inside its clip and holds nothing placed against the
        screen (overlays, absolute offsets, ``constrain``); otherwise None. Tests compare
        every such map with the whole screen placed afresh (``checked``).
        """
        old = self._full_map
        placed = old.get(kept) if kept is not None else None
        if (
            kept is None
            or placed is None
            or self.root is not parent
            or self.size != size
            or self._visible_map is not None
            or self.placed_outside is None
            or self.placed_outside[0]() is not kept
            or len(placed.order) < 2
            or not placed.clip.contains_region(placed.region)
            or _outside_marks(old, kept, placed.order) != self.placed_outside[1]
        ):
            return None
        inner, widgets = Compositor._arrange_root(self, kept, placed.region.size, False)
        root_order = ((0, 0, 0),)  # what _arrange_root gives its root
        offset = placed.region.offset
        depth = len(placed.order)
        # The kept widget's own place in its container's order (_arrange_root counts down
        # from it for each widget it holds; from 0 for a root).
        shift = placed.order[-1][2]
        new = {w: g for w, g in old.items() if g.order[:depth] != placed.order}
        for widget, (region, order, clip, virtual, container, in_parent, gutter) in inner.items():
            if widget is kept:
                new[widget] = MapGeometry(
                    placed.region,
                    placed.order,
                    placed.clip,
                    virtual,
                    container,
                    placed.virtual_region,
                    placed.dock_gutter,
                )
                continue
            if order[:1] != root_order or order == root_order:
                return None  # an overlay, or the kept widget's scroll bars
            if widget.absolute_offset is not None or widget.styles.has_any_rules(
                "constrain_x", "constrain_y"
            ):
                return None  # placed against the screen, not its container
            if isinstance(widget, (ScrollBar, ScrollBarCorner)):
                in_parent = in_parent.translate(offset)  # a scroll bar's is on the screen
            new[widget] = MapGeometry(
                region.translate(offset),
                placed.order + tuple((layer, z, at + shift) for layer, z, at in order[1:]),
                clip.translate(offset),
                virtual,
                container,
                in_parent,
                gutter,
            )
        outside = {
            w for w in self.widgets if (g := old.get(w)) is None or g.order[:depth] != placed.order
        }
        if self.checked is not None:
            whole = Compositor._arrange_root(self, parent, size, False)
            if (new, outside | widgets) != whole:
                self.checked.append(f"{kept!r}: its insides placed differ from the whole screen's")
        return new, outside | widgets

    def clear(self) -> None:
        super().clear()
        # As the screen closes: the last layout's map, kept apart from the one Textual has
        # just emptied when that was built lazily since, must not hold its widgets either.
        self.laid_out = None

    def render_update(
        self,
        full: bool = False,
        screen_stack: list[Screen[Any]] | None = None,
        simplify: bool = False,
    ) -> RenderableType | None:
        hook = self.before_paint
        # ``full`` is a screenshot (``App.export_screenshot``): it waits, but is never held.
        if hook is not None and not hook() and not full:
            return None
        output = self.before_output
        if output is None:
            return super().render_update(full, screen_stack, simplify)
        # The frame is drawn while what ``before_output`` waits for (a step's save) goes on,
        # not after it: nothing reaches the terminal before it is done (issue 18: a step's
        # wait for its save was 2.3 ms median when asked before drawing).
        marked = set(self._dirty_regions)
        update = super().render_update(full, screen_stack, simplify)
        if not output() and not full:
            self._dirty_regions |= marked  # held: drawn with the next frame
            return None
        return update

    def render_partial_update(self) -> ChopsUpdate | None:
        self.painting = list(self._dirty_regions)
        try:
            return super().render_partial_update()
        finally:
            self.painting = None

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        """For a partial update, render only what the terminal will be sent.

        Textual renders every widget that overlaps the box around all the changed regions,
        whole, then sends the terminal only the changed spans. In a step the changed regions
        are the question area and the saved mark in the top bar, so the box is nearly the
        whole screen: about 230 rows rendered (p50) for 35 sent (issue 18). Here a widget
        renders only the rows that a changed region crosses within its columns, and not even
        those where the widgets in front of it already cover all its cells (a container
        behind its children). The terminal receives exactly what it did: a sent cell only
        ever comes from the front-most widget there, which crosses a changed region on that
        row. Rows not rendered stay marked in the widget's own cache and are rendered when
        next asked. A full update (a resize, a screenshot) renders everything as before.
        """
        painting = self.painting
        if painting is None:
            return super()._render_chops(crop, is_rendered_line)
        cuts = self.cuts
        chops: list[dict[int, Strip | None]] = [dict.fromkeys(line[:-1]) for line in cuts]
        # Each changed region's edges, read once: a Region's right and bottom are worked out
        # on each reading, and this loop asks for them for every widget on screen.
        changes = [(x, x + width, y, y + height) for x, y, width, height in painting]
        # Front to back, as Textual paints: the first strip for a cut wins.
        for widget, (region, clip) in self.visible_widgets.items():
            left, top, width, height = region.intersection(clip)
            right, bottom = left + width, top + height
            rows: set[int] = set()
            for x0, x1, y0, y1 in changes:
                if x0 < right and x1 > left and y0 < bottom and y1 > top:
                    rows.update(range(max(y0, top), min(y1, bottom)))
            if not rows:
                continue  # most widgets: nothing changed in their columns
            wanted: dict[int, list[int]] = {}
            for y in rows:
                line = cuts[y]
                # The cuts from the widget's left edge to its right edge (each line's cuts
                # are in order).
                line_cuts = line[bisect_left(line, left) : bisect_right(line, right)]
                chops_line = chops[y]
                for cut in line_cuts[:-1]:
                    if chops_line.get(cut, True) is None:
                        wanted[y] = line_cuts
                        break
            for run_top, run_bottom in _runs(wanted):
                part = Region(left, run_top, width, run_bottom - run_top)
                strips = widget.render_lines(part.translate(-region.offset))
                for y, strip in zip(range(run_top, run_bottom), strips, strict=False):
                    line_cuts = wanted[y]
                    chops_line = chops[y]
                    pieces = strip.divide([cut - left for cut in line_cuts[1:]])
                    # The last cut is the widget's right edge: one piece fewer than cuts.
                    for cut, piece in zip(line_cuts, pieces, strict=False):
                        if chops_line.get(cut) is None:
                            chops_line[cut] = piece
        return cast("Sequence[Mapping[int, Strip]]", chops)


def _outside_marks(
    placed: Mapping[Widget, MapGeometry], kept: Widget, order: tuple[Any, ...]
) -> tuple[Any, ...]:
    """What the places of the widgets outside ``kept`` (painted in ``order``) depend on, to
    tell whether they can be reused (``KeptMapCompositor.place_inside``): for each, its
    count of layouts asked for, of changes to its children, and its scroll position.

    Showing or hiding a widget inside ``kept`` also counts as a change to the children of
    every container around it (Textual's ``NodeList.updated``), so for those the count
    is taken relative to ``kept``'s own: it moves only for a change from elsewhere.
    """
    depth = len(order)
    own = kept._nodes._updates
    around = set(kept.ancestors)
    marks: list[Any] = []
    for widget, geometry in placed.items():
        if geometry.order[:depth] == order:
            continue  # the kept widget and what it holds
        children = widget._nodes._updates
        if widget in around:
            children -= own
        marks.append((widget, widget._layout_updates, children, widget.scroll_x, widget.scroll_y))
    return tuple(marks)


def _runs(rows: Iterable[int]) -> Iterator[tuple[int, int]]:
    """The rows as runs of consecutive rows, each (first, one past the last), in order."""
    if not rows:
        return
    ordered = sorted(rows)
    top = previous = ordered[0]
    for row in ordered[1:]:
        if row != previous + 1:
            yield top, previous + 1
            top = row
        previous = row
    yield top, previous + 1


def keep_layout_map(
    screen: Screen[Any],
    before_paint: Callable[[], bool] | None = None,
    before_output: Callable[[], bool] | None = None,
) -> None:
    """Give a new screen (from its ``__init__``) a :class:`KeptMapCompositor`, with the
    ``before_paint`` and ``before_output`` hooks if given."""
    compositor = KeptMapCompositor()
    compositor.before_paint = before_paint
    compositor.before_output = before_output
    screen._compositor = compositor


def after_refresh(node: MessagePump, callback: Callable[[], object]) -> bool:
    """``node.call_after_refresh(callback)`` for a callback that takes no arguments, without the
    new ``functools.partial`` Textual wraps every callback in.

    When Textual calls a callback it counts its parameters (its ``count_parameters``, with
    ``inspect.signature``: tens of microseconds), remembering the count on the callable: for a
    bound method on its function, so once for good, but on a new partial each time, so at
    every step (several per meeting step, issue 18). This posts the message
    ``call_after_refresh`` would post, with the bound method itself. If an upgrade stops
    calling it back, the upgrade test says so."""
    return node.post_message(InvokeLater(callback))


def call_soon(node: MessagePump, callback: Callable[[], object]) -> bool:
    """``node.call_later(callback)`` (after what is already in its queue) for a callback that
    takes no arguments, without a new ``functools.partial`` each time: see :func:`after_refresh`."""
    return node.post_message(events.Callback(callback=callback))


#: Parameter counts by function, weakly held (a count goes with its function).
_PARAMETER_COUNTS: weakref.WeakKeyDictionary[Callable[..., Any], int] = weakref.WeakKeyDictionary()


def _remembered_parameter_count(func: Callable[..., Any]) -> int:
    """Textual's own parameter count for callbacks, worked out once per function.

    A bound method is counted by its function, less ``self``: a partial of ``self.method``
    (Textual's ``call_later(self.method, arg)``) hands over a new bound method each time,
    which would take its count away with it."""
    function = getattr(func, "__func__", None)
    if function is not None:
        return _remembered_parameter_count(function) - 1
    try:
        return _PARAMETER_COUNTS[func]
    except (KeyError, TypeError):  # TypeError: a callable that cannot be weakly held
        pass
    count = len(inspect.signature(func).parameters)
    with contextlib.suppress(TypeError):
        _PARAMETER_COUNTS[func] = count
    return count


def remember_parameter_counts() -> None:
    """Count each callback's parameters once per function (once a process).

    Textual counts the parameters of every callable it calls back (``inspect.signature``,
    tens of microseconds) and keeps the count on the callable. Its own ``call_later`` and
    ``call_after_refresh`` wrap each callback in a new ``functools.partial``, so for those the
    count is never kept: Textual's per-frame and focus callbacks were measured again at every
    meeting step (issue 18), and a test's Pilot hundreds of times per key. The count is kept
    here by the function the partial wraps: a function's parameters do not change while it
    lives. If an upgrade renames the function, the upgrade test says so (it is pinned)."""
    textual_callback._count_parameters = _remembered_parameter_count


def parameter_counts_remembered() -> bool:
    """Whether :func:`remember_parameter_counts` is in place."""
    return textual_callback._count_parameters is _remembered_parameter_count


def draw_now(screen: Screen[Any], keep: Widget | None = None) -> bool:
    """Draw the screen's changes now, in this handler, rather than after every changed widget
    has told the screen in turn and the screen's next 60 Hz tick has come round.

    A widget changed by ``update()`` only marks itself; it tells the screen when its own
    message queue next goes idle, and the screen draws on its following tick. Measured inside
    a meeting step, the prompt's widgets had not yet told the screen when the step's handler
    ended (every step), so the frame with the new prompt came one or more scheduling rounds
    later: on a busy machine tens of milliseconds. Here what each widget would report is
    handed to the screen at once (what a widget does when it goes idle, and what the screen's
    ``Update`` and ``Layout`` handlers do), then the screen lays out and draws (what
    ``Pilot.pause`` triggers).

    ``keep`` is a container whose place the caller keeps from frame to frame (the session
    screen's question area, once it has a kept height): a change inside it arranges it and
    what it holds again, not the containers around it, which keep where they put it. The
    caller checks, before the frame is painted, that what it holds still fits, and if not
    lays out again with :func:`outgrown` (the session screen does, in its ``before_paint``
    hook). Widgets shown or hidden inside ``keep`` leave the containers around it their
    arrangements (:func:`_carry_arrangements`), on a screen whose compositor notes them after
    each layout (:class:`KeptMapCompositor`, as the session screen's is).

    Returns True when the frame was drawn here. If a Textual upgrade drops any of it, nothing
    breaks: the screen draws on its next tick as usual (the upgrade test says so).
    """
    refresh = getattr(screen, "_on_timer_update", None)
    if refresh is None or not screen.is_current:
        return False
    compositor = getattr(screen, "_compositor", None)
    kept = isinstance(compositor, KeptMapCompositor)
    if keep is not None and kept:
        compositor.kept = weakref.ref(keep)
    # Only the question area asked for a layout (its insides; not the area itself, which
    # would change its place): nothing outside it is placed again (``place_inside``).
    inside = keep is not None and not screen._layout_required
    try:
        for widget in screen.walk_children():
            if widget._layout_required:
                widget._layout_required = False
                _arrange_again(widget, keep)
                screen._layout_required = True
                if inside and (widget is keep or keep not in widget.ancestors):
                    inside = False
            if widget._repaint_required:
                widget._repaint_required = False
                if widget.display:
                    screen._dirty_widgets.add(widget)
        if keep is not None:
            _carry_arrangements(keep)
    except AttributeError:  # an upgrade renamed something: the screen's own tick draws it
        inside = False
    if kept:
        compositor.inside_kept = inside
    try:
        refresh()  # its layout notes the arrangements around ``keep`` (KeptMapCompositor.reflow)
    finally:
        if kept:
            compositor.inside_kept = False
    return True


def outgrown(area: Widget) -> bool:
    """After a layout kept ``area`` where it was (``draw_now(..., keep=area)``): True when what
    it holds no longer fits in it. Then it asks for a layout of its own, which arranges the
    containers around it afresh, so the next layout gives it the room its style allows.

    Its arrangement at its size was made by that layout, so asking for it again is a look-up.
    """
    room = area.content_region
    if area.arrange(room.size).total_region.bottom <= room.height:
        return False
    area.refresh(layout=True)
    return True


@dataclass
class _Noted:
    """What the containers around a kept widget were arranged for at the last layout that
    placed it (a step's frame, or the screen's own frame after it): the count of changes to
    its own children and, for each container around it, that count of theirs. The
    containers are held weakly: held strongly, they would hold the kept widget (their child)
    as long as this table does, and a closed screen would never be freed."""

    own: int
    around: list[tuple[weakref.ref[Widget], int]]


_NOTED: weakref.WeakKeyDictionary[Widget, _Noted] = weakref.WeakKeyDictionary()


def _note_arrangements(keep: Widget) -> None:
    """After a layout that placed ``keep``: the change counts its arrangements are keyed by."""
    around = [(weakref.ref(w), w._nodes._updates) for w in keep.ancestors if isinstance(w, Widget)]
    _NOTED[keep] = _Noted(keep._nodes._updates, around)


def _carry_arrangements(keep: Widget) -> None:
    """Let the containers around ``keep`` use the arrangements they already have.

    Showing or hiding any widget counts as a change to the children of every container
    around it, up to the screen (Textual's ``NodeList.updated``), and a container's
    arrangement is kept under that count. In a step the answers, the hint and the buttons
    inside the question area are shown and hidden, so the conversation column and the
    screen were arranged afresh at each step (about 1.2 ms; issue 18), although what they
    hold had not changed: only the question area's insides, whose place is kept. Here a
    container's arrangement is carried over to its new count when every change it counted
    since the last layout was also counted by ``keep``: it came from inside ``keep``. A change
    anywhere else (a panel shown, a widget mounted beside it) counts for that container and
    not for ``keep``, and it is arranged afresh as before; an arrangement cleared by a change
    of size (``_arrange_again``) is not there to carry over. ``keep`` shown or hidden itself
    would count the same way as a change inside it, which is why it is never done to a kept
    widget (the session's question area is always shown). If the upgrade test finds
    ``Widget.arrange`` or ``NodeList.updated`` changed, re-check.
    """
    noted = _NOTED.get(keep)
    if noted is None:
        return
    changes = keep._nodes._updates - noted.own
    if not changes:
        return
    for held, then in noted.around:
        container = held()
        if container is None:
            return
        now = container._nodes._updates
        if now - then != changes:
            continue  # a change from outside keep reached it: arranged afresh
        cache = container._arrangement_cache
        # Textual's FIFOCache has keys() but no iterator of its own.
        for key in [key for key in cache.keys() if key[1] == then]:  # noqa: SIM118
            size, _, optimal = key
            cache[(size, now, optimal)] = cache[key]


def _arrange_again(widget: Widget, keep: Widget | None = None) -> None:
    """As a widget does when it goes idle after a change of size: the arrangements holding it
    are out of date, up to the first container whose size does not depend on its content (or
    ``keep``, whose place is kept)."""
    for ancestor in widget.ancestors:
        if not isinstance(ancestor, Widget):
            break
        ancestor._clear_arrangement_cache()
        ancestor._layout_updates += 1
        if ancestor is keep or not ancestor.styles.auto_dimensions:
            break


def focused_without_repaint() -> Reactive[Widget | None]:
    """``Screen.focused`` as Textual declares it, without the repaint of the whole screen.

    Focus moves to a new answer at almost every step of a meeting, and Textual's own
    ``focused`` repaints the whole screen when it changes (~30 ms with a long transcript). The
    widgets whose looks depend on focus are restyled and redrawn by Textual anyway (``:focus``,
    ``:focus-within``). A screen class redeclares ``focused = focused_without_repaint()``. If
    Textual changes its declaration (another default, layout, a compute), the upgrade test says
    so: this copy must follow it.
    """
    return Reactive(None, repaint=False)


def keep_first_styles(event: events.ScreenResume) -> None:
    """For a screen's ``on_screen_resume``: Textual's own handler then skips its restyle.

    Textual works out every widget's styles again when a screen is shown, though a new screen's
    widgets were styled moments before, when they were mounted (~40% of opening a meeting).
    This relies on Textual calling a subclass's handler before ``Screen._on_screen_resume``
    with the same event. If the flag goes, this does nothing and opening is only slower.
    """
    if hasattr(event, "refresh_styles"):
        event.refresh_styles = False


# -- the first theme (the app) -------------------------------------------------------------------


def set_first_theme(app: App[Any], name: str) -> None:
    """What setting ``app.theme`` does, minus the restyle that a theme *change* needs.

    A copy of the first half of Textual's ``App._watch_theme`` (the upgrade test pins its
    source). Nothing is styled yet, so the new colours only have to be in place before the
    first parse. Setting ``app.theme`` instead queued a re-parse of every stylesheet, which was
    thrown away and parsed again when Home was put up (~15 ms at start).
    """
    app.set_reactive(App.theme, name)
    dark = app.current_theme.dark
    classes = {c: False for c in app.classes if c.startswith("-theme-")}
    classes.update({f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark})
    app.update_classes(classes, update=False)
    app._refresh_truecolor_filter(app.ansi_theme)
    app.stylesheet.set_variables(app.get_css_variables())


# -- a pick in a drop-down list -----------------------------------------------------------------


class PickSelect(Select[str]):
    """A ``Select`` that posts :class:`Picked` for every option picked from its list, the
    one already shown among them. Textual's ``Select.Changed`` comes only when the value
    changes: in Settings, the theme given for this run (``--theme``) picked there to keep it
    was never heard, so never saved. Its list's own message (``SelectOverlay.UpdateSelection``,
    private) is heard here before ``Select`` handles it; ``allow_blank`` must be False, so
    that the option's index is its place among the options given."""

    class Picked(Message):
        def __init__(self, select: PickSelect, value: str) -> None:
            super().__init__()
            self.select = select
            self.value = value

        @property
        def control(self) -> PickSelect:
            """The list picked from (for ``@on(PickSelect.Picked, "#its-id")``)."""
            return self.select

    def __init__(self, options: Sequence[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(options, allow_blank=False, **kwargs)
        self.picks = [value for _prompt, value in options]

    def on_select_overlay_update_selection(
        self, event: textual_select.SelectOverlay.UpdateSelection
    ) -> None:
        if 0 <= event.option_index < len(self.picks):
            self.post_message(self.Picked(self, self.picks[event.option_index]))


# -- the garbage collector during a meeting -------------------------------------------------------

#: A full sweep runs once no step has been shown for this long (seconds).
IDLE_SECONDS = 1.0


class QuietCollector:
    """When Python's cycle collector may run: held off while a meeting is on screen.

    Textual leaves a few thousand objects in reference cycles behind every step (widgets'
    styles, caches, tasks), so with automatic collection a full sweep lands in the middle of a
    step now and then and pauses it for 10-50 ms: the next prompt misses its frame. During a
    meeting the collector runs instead at moments nobody is waiting for the screen:

    * the young generations right after each step has been drawn and settled (a millisecond or
      two, and that is where nearly all the new garbage is);
    * a full sweep once no key has been pressed for a moment (people reading or talking).

    Objects that live as long as the meeting are frozen once it starts (``gc.freeze``), so even
    the full sweeps only look at what is new. At start-up, likewise, what was imported is
    frozen until the first screen is up.

    This relies on Textual leaving the collector alone: Textual turns it off and on again only
    around smooth scrolling, and only when ``App.PAUSE_GC_ON_SCROLL`` is set (it is not here);
    the upgrade test fails if Textual starts touching the collector anywhere else.
    """

    def __init__(
        self, idle_seconds: float = IDLE_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._holds = 0
        self._was_enabled = True
        self._last_step = clock()
        self._swept = True
        #: What a meeting's start collects before freezing: everything (2). A test worker,
        #: whose heap holds what every earlier test kept, sets 1 (tests/ui/conftest.py).
        self.start_generation = 2

    @property
    def holding(self) -> bool:
        """Whether automatic collection is held off (a meeting is on screen)."""
        return self._holds > 0

    def hold(self) -> None:
        """Stop automatic collection (nested holds are counted)."""
        if self._holds == 0:
            self._was_enabled = gc.isenabled()
            gc.disable()
        self._holds += 1

    def release(self) -> None:
        """Undo one :meth:`hold`; the last one restores automatic collection."""
        if self._holds == 0:
            return
        self._holds -= 1
        if self._holds == 0:
            # What was frozen for the meeting (its screen among it) may be garbage now: hand
            # it back to the collector, or each meeting would leak its screen.
            gc.unfreeze()
            if self._was_enabled:
                gc.enable()

    def app_starting(self) -> None:
        """Everything imported so far lives as long as the process: until the first screen
        is up, the collector need not walk it again and again (~15 ms at start)."""
        gc.freeze()

    def app_ready(self) -> None:
        """The first screen is up: hand what was frozen at start back to the collector."""
        gc.unfreeze()

    def start_meeting(self) -> None:
        """Collect everything now, then freeze what is left: it lives as long as the meeting."""
        gc.collect(self.start_generation)
        gc.freeze()
        self._swept = True

    def step_done(self) -> None:
        """A step is on screen and settled: collect the young garbage it left."""
        self._last_step = self._clock()
        if self.holding:
            gc.collect(1)
            self._swept = False

    def tick(self) -> bool:
        """Call now and then: runs a full sweep once the meeting has been quiet for a moment.

        Returns True when it swept.
        """
        if not self.holding or self._swept:
            return False
        if self._clock() - self._last_step < self.idle_seconds:
            return False
        self._sweep()
        return True

    def _sweep(self) -> None:
        gc.collect()
        self._swept = True


#: The collector is one per process, like the garbage collector itself.
COLLECTOR = QuietCollector()


# -- text to the terminal (every screen) ---------------------------------------------------------

#: Textual's own ``Strip.render``, which the guard below calls.
TEXTUAL_STRIP_RENDER = Strip.render


def _safe_render(strip: Strip, console: Console) -> str:
    """``Strip.render`` for a line whose text may hold characters that control the terminal.

    Every line Textual draws, on every screen, dialog, notification, input, table, tooltip
    and title, leaves for the terminal through ``Strip.render`` (the compositor calls nothing
    else), which writes each segment's text between Textual's own style sequences. A line
    whose text holds an unsafe character (:mod:`assistant.safe_text`) is rendered from a copy
    with the text made safe (:func:`~assistant.safe_text.invisible`): controls, bidi and hidden
    format characters are removed, which keeps the layout because they take no cell, and lone
    surrogates become U+FFFD. Textual's own sequences (colours, links, the cursor) are not
    segment text and are untouched. Nearly every line is checked once: the result is kept in
    the line's render cache, as Textual keeps its own.
    """
    cached = strip._render_cache
    if cached is not None:
        return cached
    for text, _style, _control in strip:
        if not text.isprintable():
            safe = Strip([Segment(invisible(t), s, c) for t, s, c in strip], strip.cell_length)
            strip._render_cache = TEXTUAL_STRIP_RENDER(safe, console)
            return strip._render_cache
    return TEXTUAL_STRIP_RENDER(strip, console)


def guard_terminal_output() -> None:
    """Make every line's text safe before Textual writes it to the terminal (once a process).

    The second line of defence: what people typed is shown visibly where it is worded
    (:func:`assistant.engine.words.clean`), and this catches anything that missed it, in
    Textual's own widgets too (an Input holding a pasted Escape, a notification). If an upgrade
    changes ``Strip.render``, the upgrade test says so (its source is pinned).
    """
    Strip.render = _safe_render  # type: ignore[method-assign]


def terminal_output_guarded() -> bool:
    """Whether :func:`guard_terminal_output` is in place."""
    return Strip.render is _safe_render


# -- an unexpected error: a short message, not a traceback (ui/__init__.py run_app) ------------


def quiet_crashes(app: App[Any], report: Callable[[Exception], str]) -> None:
    """When ``app`` stops on an unexpected error, show ``report(error)``, not a traceback.

    Textual's crash screen prints the traceback with local variables, which can hold a
    person's words. ``report`` writes what may be kept (assistant/crashlog.py: the type and
    frames) and returns the message to show. Textual's own handler still runs (the return
    code, the exception a test harness re-raises), with its traceback step replaced. Errors
    that render themselves (Textual's stylesheet errors) still do: they hold no record data.
    """
    messages: list[str] = []

    def fatal_error() -> None:
        app.bell()
        app.panic(Text(messages[-1] if messages else "The app stopped."))

    def handle_exception(error: Exception) -> None:
        messages.append(report(error))
        App._handle_exception(app, error)

    app._fatal_error = fatal_error  # type: ignore[method-assign]
    app._handle_exception = handle_exception  # type: ignore[method-assign]
