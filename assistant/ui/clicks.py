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
  ``CHAINED_CLICKS`` class attribute);
* since the press, another screen came on top (a dialog opened or closed), or the screen
  showed another question (:meth:`ClickGuard.question_shown`, called by the screens that
  ask questions).

This is the one place for it: no answer widget, button or key bar checks for itself. The
release still reaches the widgets (a scroll bar let go, a text selection ended): only the
click it would have made is left out. Keys have their own order (:mod:`key_order`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events
from textual.errors import NoWidget
from textual.widgets import Input, TextArea

from assistant.ui.textual_internals import no_click_from_this_release

if TYPE_CHECKING:
    from textual.app import App
    from textual.geometry import Offset
    from textual.widget import Widget

#: Widgets whose own double clicks are harmless and wanted (a word selected).
_TEXT_BOXES = (Input, TextArea)


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
        #: The last click made (or left out): when and where, to count a chain as Textual does.
        self._last_click: tuple[float, Offset] | None = None
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
        chain = self._count_chain(event)
        if screen is not self._top() or questions != self._questions:
            return True  # what was pressed is not what is on screen now
        return chain > 1 and not takes_chained_clicks(widget)

    def _count_chain(self, event: events.MouseUp) -> int:
        """This click's place in a chain, counted as Textual counts it (``App.on_event``)."""
        offset = event.screen_offset
        last = self._last_click
        if (
            last is not None
            and last[1] == offset
            and event.time - last[0] <= self.app.CLICK_CHAIN_TIME_THRESHOLD
        ):
            self._chain += 1
        else:
            self._chain = 1
        self._last_click = (event.time, offset)
        return self._chain

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
