"""A click acts once, on what was on screen when the mouse button went down.

Textual makes a click when the mouse button is let go over the widget it was pressed on, and
counts the clicks of a double click in its ``chain`` (2 for the second). Each click of a
double click is a click: the first answered the question, the next question was drawn in its
place, and the second landed on whatever was now under the pointer (double-clicking Yes on
"Do you agree with this plan?" also answered the worker's agreement; double-clicking F8 Back
undid two steps; a double click on a tick box ticked and unticked it). A mouse button
pressed before a question was drawn and let go after it landed on the new question too.

So the app hands every mouse press and release to a :class:`ClickGuard` before Textual sees
it, and a release makes no click when:

* it would be the second (or later) click of a chain, unless the widget pressed is one that
  uses double clicks (a text box selects a word; any other says so with a true
  ``CHAINED_CLICKS`` class attribute) and the chain's click before was on it too;
* since the press, another screen came on top (a dialog opened or closed), or the screen
  showed another question (:meth:`ClickGuard.question_shown`, called by the screens that
  ask questions).

A click is the next of a chain when it comes within Textual's double-click time of the last
one and within one cell of it, either way: a hand that shakes as it double-clicks moves the
pointer by a cell, and the terminal reports the cell under the pointer at each press and
release. (Textual chains a click only on the very same cell: both clicks of a shaky double
click on Yes acted, the second answering the worker's agreement.) Where such a click goes
through, Textual is told to count it on as well (:func:`chain_this_release`), so a double
click that opens something (a person on Home, an earlier answer) opens with a shaky hand too.

This is the one place for it: no answer widget, button or key bar checks for itself. The
release still reaches the widgets (a scroll bar let go, a text selection ended): only the
click it would have made is left out. Keys have their own order (:mod:`key_order`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.errors import NoWidget
from textual.widgets import Input, OptionList, TextArea

from assistant.ui.textual_internals import chain_this_release, no_click_from_this_release

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Offset
    from textual.widget import Widget

#: Widgets whose own double clicks are harmless and wanted (a word selected).
_TEXT_BOXES = (Input, TextArea)


#: How far, in cells either way, the pointer may move between the clicks of a double click.
CHAIN_REACH = 1


def takes_chained_clicks(widget: Widget | None) -> bool:
    """Whether a double click on ``widget`` may reach it as a second click."""
    return isinstance(widget, _TEXT_BOXES) or bool(getattr(widget, "CHAINED_CLICKS", False))


class ClickGuard:
    """The app's mouse presses and releases, looked at before Textual makes a click of them."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        #: Questions shown so far, on any screen (a press remembers how many it saw).
        self._questions = 0
        #: At the last press: the widget pressed, the screen on top and the questions shown.
        self._pressed: tuple[Widget | None, Any, int] | None = None
        #: The last click made (or left out): when, where, on what, on which of a list's
        #: options and with how many questions shown, to count a chain.
        self._last_click: tuple[float, Offset, Widget, object, int] | None = None
        self._chain = 1
        #: Clicks left out so far (for the tests and the log).
        self.refused = 0

    def question_shown(self) -> None:
        """A screen has drawn another question: a press made before it clicks nothing."""
        self._questions += 1

    def look(self, event: events.Event) -> None:
        """A mouse press or release from the terminal, before Textual handles it."""
        if isinstance(event, events.MouseDown):
            self._pressed = (self._widget_at(event.x, event.y), self._top(), self._questions)
        elif isinstance(event, events.MouseUp) and self._refuse(event):
            self.refused += 1
            no_click_from_this_release(self.app)

    def _refuse(self, event: events.MouseUp) -> bool:
        pressed, self._pressed = self._pressed, None
        if pressed is None:
            return False
        widget, screen, questions = pressed
        if widget is None or self._widget_at(*event.screen_offset) is not widget:
            return False  # no click (Textual makes one only on the widget pressed)
        last = self._last_click
        chain = self._count_chain(event, widget)
        if screen is not self._top() or questions != self._questions:
            return True  # what was pressed is not what is on screen now
        if chain == 1:
            return False
        if not takes_chained_clicks(widget) or last is None or last[2] is not widget:
            return True  # a double click's second click, on what does not take one
        if last[1] != event.screen_offset:  # moved by a cell: Textual counts it on too
            chain_this_release(self.app, event.screen_offset)
        return False

    def _count_chain(self, event: events.MouseUp, widget: Widget) -> int:
        """This click's place in a chain: as Textual counts it (``App.on_event``), but within
        :data:`CHAIN_REACH` cells of the last click rather than on its very cell. A click on
        another option of the same list, still showing the same question, is a click of its
        own: ticking two rows next to each other in quick succession ticks both (nothing was
        drawn in the first one's place). A list kept for the next question (the answer widgets
        are reused) is another list."""
        offset = event.screen_offset
        last = self._last_click
        option = self._option_at(widget, offset)
        if (
            last is not None
            and abs(last[1].x - offset.x) <= CHAIN_REACH
            and abs(last[1].y - offset.y) <= CHAIN_REACH
            and event.time - last[0] <= self.app.CLICK_CHAIN_TIME_THRESHOLD
            and not (last[2] is widget and last[3] != option and last[4] == self._questions)
        ):
            self._chain += 1
        else:
            self._chain = 1
        self._last_click = (event.time, offset, widget, option, self._questions)
        return self._chain

    def _option_at(self, widget: Widget, offset: Offset) -> object:
        """Which option of a list is under the pointer (as the list itself reads a click:
        the ``option`` of the style there); None off a list."""
        if not isinstance(widget, OptionList):
            return None
        try:
            return self.app.screen.get_style_at(offset.x, offset.y).meta.get("option")
        except Exception:  # no screen (starting or closing): no option known
            return None

    def _widget_at(self, x: int, y: int) -> Widget | None:
        try:
            return self.app.get_widget_at(x, y)[0]
        except NoWidget:
            return None
        except Exception:  # no screen yet (starting) or any more (closing)
            return None

    def _top(self) -> Any:
        try:
            return self.app.screen
        except Exception:  # no screen yet (starting) or any more (closing)
            return None
