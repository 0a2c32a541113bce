"""What a date being typed means, shown as it is typed: "That is Friday 11 December (Friday
of next week)." or why it cannot be read, before anyone presses Enter or Save.

The words come from :func:`assistant.dates.date_feedback`, counted from the app's clock (the
computer's date, as the meeting's; tests set it); they are shown as plain text, never markup.
A refusal or a day that has passed is also in the warning colour and bold (a mark that is not
only a colour, for 16 colours and NO_COLOR), but the words say it.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static

from assistant.dates import DateNotRead, date_feedback, example_date, read_date


def app_today(widget: Widget) -> _dt.date:
    """The app's day: its clock (tests and practice sessions set it), else the computer's."""
    clock = getattr(widget.app, "clock", None)
    moment: Any = clock() if callable(clock) else None
    return moment.date() if isinstance(moment, _dt.datetime) else _dt.date.today()


def placeholder(today: _dt.date) -> str:
    """What an empty date input shows, so the format is seen before anything is typed.

    Short enough for an entry's form at 80x24 (its box is 52 cells when the form scrolls):
    ``dates.examples`` in full was cut to "... in 2 week"."""
    return f"For example {example_date(today)}, Friday, in 2 weeks"


class DateMeaning(Static):
    """One line under a date input: what the typed words mean, or why they can't be read."""

    DEFAULT_CSS = """
    DateMeaning { height: auto; padding: 0 1; color: $text-muted; }
    DateMeaning.-heed { color: $text-warning; text-style: bold; }
    DateMeaning.-empty { display: none; }
    """

    #: The words shown now (plain), so a refusal on Enter need not be said a second time.
    shown = ""
    #: A question about when something happened: 4/12 is the last one, a day to come is heeded.
    past = False

    def show_for(self, typed: str) -> None:
        """Say what ``typed`` means (nothing when it is empty)."""
        today = app_today(self)
        words = date_feedback(typed, today, past=self.past)
        try:
            day = read_date(typed, today, past=self.past).day
            heed = day > today if self.past else day < today  # the wrong side of today
        except DateNotRead:
            heed = bool(words)  # refused (nothing typed is not refused)
        self.shown = words
        self.update(Content(words))
        self.set_class(heed, "-heed")
        self.set_class(not words, "-empty")


class DateField(Vertical):
    """A date input for a form, with its meaning under it; the input carries ``input_id``."""

    DEFAULT_CSS = """
    DateField { height: auto; }
    """

    def __init__(self, value: str, *, input_id: str, past: bool = False) -> None:
        super().__init__()
        self._value = value
        self._input_id = input_id
        self._past = past

    def compose(self) -> ComposeResult:
        yield Input(self._value, placeholder=placeholder(app_today(self)), id=self._input_id)
        meaning = DateMeaning(classes="-empty")
        meaning.past = self._past
        yield meaning

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(DateMeaning).show_for(event.value)
        # The words may have come or grown a line: keep them in view with the field (a
        # form's body at 80x24 showed the input on its last row and the words below it).
        self.call_after_refresh(self._keep_in_view)

    def on_descendant_focus(self) -> None:
        # Focus scrolls the input into view; what it means is part of the field too.
        self.call_after_refresh(self._keep_in_view)

    def _keep_in_view(self) -> None:
        """Scroll the field and its meaning into view, while the input has the focus."""
        if self.is_attached and self.has_focus_within:
            self.scroll_visible(animate=False, immediate=True)
