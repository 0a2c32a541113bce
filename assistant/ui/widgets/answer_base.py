"""What every answer widget shares: the :class:`Answer` base class, the buttons and lists
that act on a key at once, and the helpers that show text literally (never as markup).

The answer widgets (``answers.py``) and the records editor (``records_editor.py``,
``record_form.py``) both build on these, so neither needs the other to load first.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.containers import Vertical
from textual.content import Content
from textual.dom import NoScreen
from textual.message import Message
from textual.strip import Strip
from textual.walk import walk_depth_first
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, SelectionList, Static
from textual.widgets.selection_list import Selection

from assistant.engine.words import clean, shown
from assistant.ui.key_order import give_in_order
from assistant.ui.textual_internals import (
    HighlightInItsOwnInk,
    KeptLines,
    KeptOptionRenders,
    QuickOptionHeights,
    SteadyScrollbars,
    StylesOncePerDrawing,
    option_line,
)


def literal(text: Any, style: str = "") -> Content:
    """User or content text as Content: no markup is ever parsed."""
    content = Content(shown(text))
    return content.stylize(style) if style else content


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` now. (``Widget.focus`` waits its turn in the app's queue, behind keys
    already typed, which then went to the widget that had the focus before.)"""
    with contextlib.suppress(NoScreen):
        widget.screen.set_focus(widget)


class AnswerInput(Input):
    """A one-line answer: Enter gives it at once, with the text typed up to that key."""

    def __init__(self, on_enter: Callable[[str], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._give_text = on_enter  # not `_on_enter`: that is Textual's mouse-enter handler
        #: The words in the box when the focus left it (None: new words put in since).
        self._left_with: str | None = None

    def put(self, text: str) -> None:
        """New words in the box (a new question's, or an answer to change), the cursor after
        them; selected when the box is focused, so typing replaces them."""
        self.value = text
        self.cursor_position = len(text)
        self._left_with = None

    def on_blur(self) -> None:
        self._left_with = self.value

    def on_focus(self) -> None:
        # Runs before Input's own focus handler, which selects the whole value when
        # select_on_focus is on. Back in the box with the words it was left with (Escape
        # from the topics, the plan or the conversation; F4 again), the next key typed
        # replaced them all ("Sa", F4, Escape, "m" left "m"): they are not selected then.
        self.select_on_focus = self._left_with != self.value

    async def action_submit(self) -> None:
        self._give_text(self.value)


class PickList(
    StylesOncePerDrawing,
    QuickOptionHeights,
    HighlightInItsOwnInk,
    KeptOptionRenders,
    SteadyScrollbars,
):
    """A list to pick one from: Enter (or a click) picks the highlighted line at once. Its
    lines are drawn once and kept, so a list given nearly the same options again (the topic
    list at each choice of topic) draws only those that changed."""

    def __init__(
        self,
        on_pick: Callable[[int], None],
        on_nothing: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self._on_pick = on_pick
        self._on_nothing = on_nothing

    def action_select(self) -> None:
        index = self.highlighted
        if index is None:
            # Nothing highlighted yet (a choice made on purpose): Enter picks nothing, and
            # says how to pick rather than seem to do nothing.
            if self._on_nothing is not None:
                self._on_nothing()
            return
        if not self.get_option_at_index(index).disabled:
            self._on_pick(index)

    #: Whether Up on the first line goes round to the last (and Down on the last to the
    #: first), as Textual's lists do. A question's choices stay put at either end instead.
    wraps = True

    def action_cursor_up(self) -> None:
        # With nothing highlighted yet (a choice made on purpose, as at "Do you agree with
        # this plan?"), Up starts at the top as Down does: Textual's wraps round to the last
        # line, and a worker pressing Up to reach the top recorded "No".
        if self.highlighted is None:
            self.action_first()
            return
        if not self.wraps and not self._can_move(range(self.highlighted)):
            # Up from "Yes" would go round to "No": at a question the top line stays the
            # top, without moving there and back (two highlights told for one key).
            return
        super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if (
            not self.wraps
            and self.highlighted is not None
            and not self._can_move(range(self.highlighted + 1, self.option_count))
        ):
            return
        super().action_cursor_down()

    def _can_move(self, lines: range) -> bool:
        """Whether one of ``lines`` can be highlighted (Textual passes over disabled ones)."""
        return any(not self.get_option_at_index(i).disabled for i in lines)


class TickList(
    StylesOncePerDrawing,
    QuickOptionHeights,
    HighlightInItsOwnInk,
    SelectionList[str],
    SteadyScrollbars,
):
    """A list to tick: Space (or a click) ticks or unticks the highlighted line at once.

    A ticked line shows a mark, ``[✓]``, not only a colour, and a long line wraps rather than
    being cut off (the mark is on its first line; Textual's own box assumes one line each).
    """

    DEFAULT_CSS = """
    TickList {
        text-wrap: wrap;
        text-overflow: fold;
    }
    """

    #: Both as wide as Textual's box and its gap (4 cells), which the wrapping allows for.
    TICKED = "[✓] "
    UNTICKED = "[ ] "

    #: The most lines that may be ticked (a multi_choice's `max`), or None for any number.
    most: int | None = None
    #: Called instead of ticking one line more than ``most`` (to say why nothing happened).
    on_too_many: Callable[[], None] | None = None
    #: The lines only ever ticked on their own (an option's ``alone: true``).
    alone: frozenset[str] = frozenset()
    #: Called with the line just ticked and the lines that ticking it unticked (to say so).
    on_unticked: Callable[[str, list[str]], None] | None = None
    #: Ticks and unticks made, each posting one ``SelectionToggled`` (delivered later): a
    #: note can tell the messages of ticks made before it from those made after.
    toggles = 0

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.get_option_at_index(self.highlighted))

    def toggle(self, selection: Selection[str] | str) -> TickList:
        # Space and a click both come here: one more than allowed is refused at once, so
        # the person learns it while ticking, not only when the answer is given.
        value = selection.value if isinstance(selection, Selection) else selection
        if value in self.selected:
            super().toggle(selection)  # an untick always takes
            self.toggles += 1
            return self
        # A line that goes on its own unticks the rest, and any other line unticks it: the
        # pair see the list change as they tick, rather than a refusal when they are done.
        if value in self.alone:
            unticked = [v for v in self.selected if v != value]
        else:
            unticked = [v for v in self.selected if v in self.alone]
        if self.most is not None and len(self.selected) - len(unticked) >= self.most:
            if self.on_too_many is not None:
                self.on_too_many()
            return self
        for other in unticked:
            self.deselect(other)
        super().toggle(selection)
        self.toggles += 1
        if unticked and self.on_unticked is not None:
            self.on_unticked(value, unticked)
        return self

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        place = option_line(self, self.scroll_offset.y + y)
        if place is None:
            return line
        index, line_of_option = place
        underlying = next(iter(line)).style or self.rich_style
        meta = Style(meta={"option": index})  # a click on the mark ticks, as on the words
        if line_of_option:
            return Strip([Segment(" " * len(self.UNTICKED), underlying + meta), *line])
        if self.get_option_at_index(index).value in self.selected:
            # On the highlighted line the mark is in the line's own colour (the words'),
            # as the tick's green was lost on the highlight with few colours.
            colour = (
                underlying.color
                if index == self.highlighted
                else self.get_component_rich_style("selection-list--button-selected").color
            )
            mark = Segment(self.TICKED, underlying + Style(color=colour, bold=True) + meta)
        else:
            mark = Segment(self.UNTICKED, underlying + meta)
        return Strip([mark, *line])


class KeptStatic(KeptLines, Static):
    """A line of text that keeps what it has drawn for each text it shows (see
    ``KeptLines``): for the lines of a step that alternate between a few texts.

    A new text asks for a layout only when it takes another number of rows. Textual's
    ``update`` always asks for one, which arranges every container around the widget again
    (the question area, its answer bar): at each step for the prompt, the keys hint, the
    header, the hint and the speaker line, though most new texts fill as many rows as the
    last (issue 18). The width such a line has never depends on its text (it fills its
    container), so the same number of rows means the same place: a repaint draws it."""

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        if not (layout and self._keeps_its_place()):
            super().update(content, layout=layout)
            return
        width = self.content_region.width
        size = self.size
        rows = self.get_content_height(size, size, width)
        super().update(content, layout=False)
        # The height Textual's layout would work out (and keeps for it, at this width).
        if self.get_content_height(size, size, width) != rows:
            self.refresh(layout=True)

    def _keeps_its_place(self) -> bool:
        """True when the widget is on screen at a width its text does not decide."""
        width = self.styles.width
        return (
            self.is_mounted
            and self.display
            and self.content_region.width > 0
            and not self.is_container
            and (width is None or not width.is_auto)
        )


class KeysHint(KeptStatic):
    """The line of keys under an answer ("a: add · Enter: change · ..."), beside Done and Not
    today, shown whole at every width.

    Where it is too narrow for them (80 columns), the " · " between the keys becomes two
    spaces, as in the key bar, so the hint keeps to one row: the list's hint lost its
    "ctrl+s: done" to an ellipsis. Where even that does not fit (the conversation beside a
    side panel at 100 columns), the hint takes a second row: keys are moved down whole, never
    split ("Del: remove · ctrl+s: done"), and a hint in words wraps between its words. The
    question area keeps the tallest height it has needed (session.py), so a two-row hint
    moves nothing above it from one step to the next."""

    SEPARATOR = " · "
    TIGHT = "  "

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._tight: Content | None = None
        self._keys: list[Content] = []
        self._shaped: tuple[int, Any, Any] | None = None  # (width, visual, what is shown)

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        tight = None
        keys: list[Content] = []
        if isinstance(content, Content) and self.SEPARATOR in content.plain:
            keys = content.split(self.SEPARATOR)
            tight = Content(self.TIGHT).join(keys)
        self._tight, self._keys = tight, keys
        super().update(content, layout=layout)

    def shown_at(self, width: int) -> Any:
        """What the hint shows ``width`` cells wide: as given when it fits, else tight, else
        its keys on as many rows as they need (a hint in words is wrapped by Textual)."""
        visual = self.visual
        shaped = self._shaped
        if shaped is not None and shaped[0] == width and shaped[1] is visual:
            return shaped[2]
        shown = visual
        tight = self._tight
        if isinstance(visual, Content) and visual.cell_length > width and tight is not None:
            shown = tight if tight.cell_length <= width else self._rows(width)
        self._shaped = (width, visual, shown)
        return shown

    def _rows(self, width: int) -> Content:
        rows: list[Content] = []
        for key in self._keys:
            joined = rows[-1] + self.SEPARATOR + key if rows else None
            if joined is not None and joined.cell_length <= width:
                rows[-1] = joined
            else:
                rows.append(key)
        return Content("\n").join(rows)

    def render(self) -> Any:
        return self.shown_at(self.size.width)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        if not width:
            return 0
        shown = self.shown_at(width)
        if isinstance(shown, Content):
            return shown.get_height(self.styles, width)
        return super().get_content_height(container, viewport, width)


class ActButton(KeptLines, Button):
    """A button whose Enter (or click) acts at once, through ``on_press``. Its drawn lines are
    kept (``KeptLines``): shown again with the same label, it is not drawn again."""

    def __init__(self, label: Content, on_press: Callable[[], None], **kwargs: Any) -> None:
        super().__init__(label, **kwargs)
        self._on_press = on_press

    def press(self) -> ActButton:
        if not self.disabled and self.display:
            self._on_press()
        return self


class InOrderButton(KeptLines, Button):
    """A button whose press is handled by its screen in order with the keys around it (its
    drawn lines kept, as ``ActButton``'s).

    Enter on a focused Button posts ``Pressed`` to be handled later, after the keys typed
    behind it (they reached the old question). This one gives ``Pressed`` to the screen
    through :func:`give_in_order`: a press by key is acted on before the next key, a click as
    usual.
    """

    def post_message(self, message: Message) -> bool:
        if isinstance(message, Button.Pressed) and message.button is self and self.is_attached:
            give_in_order(self.screen, message)
            return True
        return super().post_message(message)


class Answer(Vertical):
    """Base class for answer widgets."""

    DEFAULT_CSS = """
    Answer { height: auto; }
    """

    class Submit(Message):
        """An answer to give (``None`` for 'go on')."""

        def __init__(self, value: Any, answer: Answer) -> None:
            super().__init__()
            self.value = value
            self.answer = answer

    class Changed(Message):  # bubbles: only the screen that shows the map listens
        """The draft answer changed (records: the network map shows it live)."""

        def __init__(self, value: Any) -> None:
            super().__init__()
            self.value = value

    class Notice(Message):
        """Words for the line under the answer (e.g. why a key did nothing)."""

        def __init__(self, text: str, answer: Answer) -> None:
            super().__init__()
            self.text = text
            self.answer = answer

    #: Words for the hint line under the answer (which keys do what).
    keys_hint: ClassVar[str] = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._args: tuple[Any, ...] = args
        self._kwargs: dict[str, Any] = kwargs

    def load(self, *args: Any, **kwargs: Any) -> None:
        """Show a new step's answer (arguments as for the constructor)."""
        self._args, self._kwargs = args, kwargs
        if self.is_mounted:
            self.apply(*args, **kwargs)
            # A reused button still "pressed" from the last step would ignore the next press
            # for a moment (Textual's click effect): a quick second Enter must count.
            # (A walk, not a query: a query matches a selector against every widget in the
            # answer, at every step; issue 18.)
            for button in self.walk_children(Button):
                button.remove_class("-active")

    def load_value(self, value: Any) -> None:
        """Show ``value`` in place of the one loaded, the step's other arguments kept (for
        the typed answers, whose first argument is the value: Back puts words back)."""
        self.load(value, *self._args[1:], **self._kwargs)

    def on_mount(self) -> None:
        self.apply(*self._args, **self._kwargs)

    def apply(self, *args: Any, **kwargs: Any) -> None:
        """Put the loaded values into the child widgets (they exist by now)."""

    def submit(self, value: Any) -> None:
        # Straight to the screen (not bubbling through every container); while a key is being
        # handled in order, the screen acts on it before the next key (see ui/key_order.py).
        give_in_order(self.screen, self.Submit(value, self))

    def current(self) -> Any:
        """The answer as it stands, for 'Done'."""
        return None

    async def ready(self) -> None:
        """Wait until what ``load`` changed is in place (most answers change only text)."""

    def focus_first(self) -> None:
        # The same order as ``query("*")``, but lazily: it stops at the first focusable
        # widget, where a query first lists and matches every widget in the answer (a step
        # focuses its answer; issue 18). walk_depth_first is a generator; walk_children
        # would make the whole list first.
        for child in walk_depth_first(self, Widget):
            if child.focusable:
                focus_now(child)
                return


def option_text(label: str) -> Text:
    """A rich Text prompt (for Select), never parsed as markup."""
    return Text(clean(label))
