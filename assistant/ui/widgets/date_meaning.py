"""What a date being typed means, shown as it is typed: "That is Friday 11 December (Friday
of next week)." or why it cannot be read, before anyone presses Enter or Save.

The words come from :func:`assistant.dates.date_feedback`, counted from the app's clock (the
same day the meeting counts from); they are shown as plain text, never markup.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from assistant.dates import EXAMPLES, DateNotRead, date_feedback, read_date

#: What an empty date input shows, so the format is seen before anything is typed.
PLACEHOLDER = f"For example {EXAMPLES}"


class DateMeaning(Static):
    """One line under a date input: what the typed words mean, or why they can't be read."""

    DEFAULT_CSS = """
    DateMeaning { height: auto; padding: 0 1; color: $text-muted; }
    DateMeaning.-refused { color: $text-warning; }
    DateMeaning.-empty { display: none; }
    """

    def today(self) -> _dt.date:
        # The app's clock (tests and practice sessions set it); the computer's date otherwise.
        clock = getattr(self.app, "clock", None)
        moment: Any = clock() if callable(clock) else None
        return moment.date() if isinstance(moment, _dt.datetime) else _dt.date.today()

    def show_for(self, typed: str) -> None:
        """Say what ``typed`` means (nothing when it is empty)."""
        today = self.today()
        words = date_feedback(typed, today)
        try:
            read_date(typed, today)
            refused = False
        except DateNotRead:
            refused = bool(words)
        self.update(Content(words))
        self.set_class(refused, "-refused")
        self.set_class(not words, "-empty")


class DateField(Vertical):
    """A date input for a form, with its meaning under it; the input carries ``input_id``."""

    DEFAULT_CSS = """
    DateField { height: auto; }
    """

    def __init__(self, value: str, *, input_id: str) -> None:
        super().__init__()
        self._value = value
        self._input_id = input_id

    def compose(self) -> ComposeResult:
        yield Input(self._value, placeholder=PLACEHOLDER, id=self._input_id)
        yield DateMeaning(classes="-empty")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(DateMeaning).show_for(event.value)
