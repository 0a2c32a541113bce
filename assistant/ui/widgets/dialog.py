"""The parts every dialog is built from, so that each one fits a small screen (80x24).

A dialog is a ``Vertical`` with the ``dialog`` class (its frame, width and ``max-height`` are
in ``app.tcss``) holding three parts:

- :class:`DialogTop`, docked at the top: the title (and anything that must stay in view with
  it, such as the question being changed);
- :class:`DialogBody`: everything else, which scrolls when the screen is too small;
- :class:`DialogBottom`, docked at the bottom: a message line (what went wrong, what was done)
  and the :class:`ButtonRow`.

Why docks: the body's ``max-height: 100%`` is measured inside the docks, so the body takes
what the title and the buttons leave and no more, and the dialog still shrinks to fit a short
body. The title and the buttons are never scrolled or pushed off the screen.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from assistant.ui.widgets.keybar import KeyBar

ResultType = TypeVar("ResultType")


class DialogTop(Vertical):
    """The dialog's title (and what must stay in view with it), fixed at the top."""

    DEFAULT_CSS = """
    DialogTop {
        dock: top;
        height: auto;
    }
    """


class DialogBottom(Vertical):
    """The dialog's message line and buttons, fixed at the bottom."""

    DEFAULT_CSS = """
    DialogBottom {
        dock: bottom;
        height: auto;
    }
    """


class DialogMessage(VerticalScroll):
    """The dialog's message line above the buttons (what went wrong, what was done): hidden
    while there is nothing to say, so it takes no room from the body; a long message scrolls
    in a few lines of its own, and the buttons stay in view.

    The words are in a ``Static`` with the given id (``#export-result``...), in the
    ``message`` style of the dialogs.
    """

    DEFAULT_CSS = """
    DialogMessage {
        height: auto;
        max-height: 7;
    }
    """

    def __init__(self, *, id: str) -> None:
        super().__init__(id=f"{id}-box", can_focus=False)
        self._words_id = id
        self.display = False

    def compose(self) -> ComposeResult:
        yield Static(Content(""), id=self._words_id, classes="message")

    def allow_focus(self) -> bool:
        # Only when it is too long to read at once: then the arrows scroll it.
        return self.max_scroll_y > 0

    def say(self, text: Content) -> None:
        """Show ``text`` (already safe: plain ``Content``, never markup); empty hides it."""
        self.query_one(f"#{self._words_id}", Static).update(text)
        self.display = bool(text.plain.strip())
        self.scroll_home(animate=False)


class DialogBody(VerticalScroll):
    """The part of a dialog that scrolls when the screen is small.

    It takes the focus (so the arrow keys scroll it) only when it holds nothing else that
    can be focused and there is something to scroll: a dialog of fields moves from field to
    field, and the body follows the focus.
    """

    DEFAULT_CSS = """
    DialogBody {
        height: auto;
        max-height: 100%;
        width: 1fr;
    }
    """

    def on_mount(self) -> None:
        # A field label's top margin is for the space between fields: under the title it
        # would only add a second blank line (a line a small screen cannot spare).
        first = next((child for child in self.children if child.display), None)
        if first is not None and first.has_class("field-label"):
            first.styles.margin = (0, 0, 0, 0)
        self.call_after_refresh(self._open_at_top)

    def _open_at_top(self) -> None:
        """Show the body from its top, moved on only as far as the focus needs: focusing a
        field before the dialog was laid out could leave the first field's label (or the
        words above it) scrolled out of sight."""
        focused = self.screen.focused
        self.scroll_home(animate=False, immediate=True)
        if focused is not None and self in focused.ancestors:
            self.scroll_to_widget(focused, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        # A message line above the buttons (a refused Save) takes rows from the body: the
        # field being typed in, with what is shown under it, stays in view.
        self.call_after_refresh(self._keep_focus_in_view)

    def _keep_focus_in_view(self) -> None:
        """Scroll to the part of the body (its child) that holds the focus, if any, when it
        fits in the body (a date field with its meaning under it). A taller one (a long
        answer or list being changed) is left where it is: scrolled to, Textual shows a part
        taller than the body from its top, and the line or row being typed in near its
        bottom went out of view."""
        focused = self.screen.focused if self.is_attached else None
        if focused is None or focused is self or self not in focused.ancestors:
            return
        holder = next(node for node in focused.ancestors_with_self if node.parent is self)
        if holder.outer_size.height <= self.scrollable_content_region.height:
            self.scroll_to_widget(holder, animate=False, immediate=True)

    def allow_focus(self) -> bool:
        if not self.can_focus or self.max_scroll_y <= 0:
            return False
        return not any(widget.focusable for widget in self.query("*") if widget is not self)


class ButtonRow(Horizontal):
    """A row of buttons that wraps into a grid when the screen is too narrow for one row.
    The left and right arrows move between its buttons, as the hints promise."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous button", show=False),
        Binding("right", "step(1)", "Next button", show=False),
    ]

    DEFAULT_CSS = """
    ButtonRow {
        height: auto;
    }
    ButtonRow.-wrapped {
        layout: grid;
        grid-rows: auto;
        grid-gutter: 0 0;
        height: auto;
    }
    ButtonRow.-wrapped > Button {
        width: 1fr;
    }
    """

    def on_mount(self) -> None:
        self.call_after_refresh(self._fit)

    def action_step(self, by: int) -> None:
        buttons = [b for b in self.query(Button) if b.display and not b.disabled]
        focused = self.screen.focused
        if isinstance(focused, Button) and focused in buttons:
            place = buttons.index(focused) + by
            if 0 <= place < len(buttons):
                buttons[place].focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fit()

    def _natural_widths(self) -> list[int]:
        """Each shown button's own width with its margin, as a plain row would lay it out."""
        viewport = self.app.size
        widths = []
        for button in self.query_children(Button):
            if not button.display:
                continue
            styles = button.styles
            content = button.get_content_width(Size(0, 0), viewport)
            width = content + styles.gutter.width
            if styles.min_width is not None:
                width = max(width, int(styles.min_width.resolve(Size(0, 0), viewport)))
            widths.append(width + styles.margin.width)
        return widths

    def _fit(self) -> None:
        available = self.content_region.width
        widths = self._natural_widths()
        if available <= 0 or not widths:
            return
        if sum(widths) <= available:
            columns = 0  # one plain row
        else:
            widest = max(widths)
            columns = max(1, min(len(widths) - 1, available // max(1, widest)))
        self.set_class(columns > 0, "-wrapped")
        if columns:
            self.styles.grid_size_columns = columns

    @property
    def wrapped(self) -> bool:
        """Whether the buttons are wrapped onto more than one row."""
        return self.has_class("-wrapped")


class WithKeyBar:
    """A dialog's own key bar, over the one of the screen below (whose keys do nothing while
    the dialog is open): the dialog's keys, Hide and Help. Mounted by this class's own
    ``on_mount`` handler (Textual runs each class's, so a dialog's ``on_mount`` needs no
    ``super()`` call)."""

    def on_mount(self) -> None:
        assert isinstance(self, ModalScreen)
        if not self.query(KeyBar):
            self.mount(KeyBar())


class Dialog(WithKeyBar, ModalScreen[ResultType]):
    """A modal dialog built from the parts above. Page Up and Page Down scroll its body
    from anywhere in it (a focused list or text box uses them first)."""

    # Each dialog focuses what it starts on itself. Textual's own first focus (the first
    # field) would scroll the body, animated, after the dialog has set its focus and opened
    # the body at its top.
    AUTO_FOCUS = ""  # not None: None means "as the app says" (the first field)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "scroll_body(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_body(1)", "Scroll down", show=False),
    ]

    def key_words(self, binding: Binding) -> str:
        """What one of this dialog's keys does, as the key bar and F1 say it (the binding's
        own words, unless a dialog says them for this instance)."""
        return binding.description

    def action_scroll_body(self, direction: int) -> None:
        for body in self.query(DialogBody):
            if direction < 0:
                body.scroll_page_up()
            else:
                body.scroll_page_down()
            return
