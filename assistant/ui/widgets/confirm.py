"""A calm yes/no question in a small dialog."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static

from assistant.ui.widgets.dialog import ButtonRow, Dialog, DialogBody, DialogBottom


class Confirm(Dialog[bool | None]):
    """Ask one question; dismisses True for yes, False for no (Escape), and None for a third
    answer when one is given (``also``, between the two).

    The "no" button has the focus, so Enter does the safe thing; the line under the buttons
    says what Enter does now ("Enter: Keep"), and follows the focus when it moves to the
    other button. A highlighted button alone did not say it: testers could not tell what
    Enter would do to the person on the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "No"),
        # Enter where no button has the focus (a long question's scrolling body, which Tab
        # reaches): the safe answer, as the line under the buttons then says. A focused
        # button takes Enter itself first.
        Binding("enter", "answer(False)", "No", show=False),
    ]

    def __init__(
        self, question: Content, *, yes: str = "Yes", no: str = "No", also: str | None = None
    ) -> None:
        super().__init__()
        self.question = question
        self.yes, self.no, self.also = yes, no, also

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            # A long question scrolls; the answers stay in view.
            with DialogBody(id="confirm-body"):
                yield Static(self.question, id="confirm-question")
            with DialogBottom():
                with ButtonRow(classes="dialog-buttons"):
                    yield Button(Content(self.yes), id="confirm-yes", variant="primary")
                    if self.also is not None:
                        yield Button(Content(self.also), id="confirm-also")
                    yield Button(Content(self.no), id="confirm-no")
                yield Static(Content(""), id="confirm-enter")

    def on_mount(self) -> None:
        self.query_one("#confirm-no").focus()
        self._say_enter(self.no)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        words = {"confirm-yes": self.yes, "confirm-also": self.also}
        button = isinstance(event.widget, Button)
        self._say_enter((words.get(str(event.widget.id)) if button else None) or self.no)

    def _say_enter(self, words: str) -> None:
        """Name the button Enter presses now (the focused one), in its own words."""
        self.query_one("#confirm-enter", Static).update(Content(f"Enter: {words}"))

    def key_words(self, binding: Binding) -> str:
        # Escape does what the "no" button does: the key bar and F1 name it by that button's
        # words ("Esc Stay"), not "No", which matched no button when it said "Stay".
        return self.no if binding.action == "answer(False)" else binding.description

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(
            None if event.button.id == "confirm-also" else event.button.id == "confirm-yes"
        )


def close_or_ask(screen: Screen[object], typed: bool, close: Callable[[], None], save: str) -> None:
    """Escape over a dialog: ``close`` it at once when nothing was typed in it (``typed``
    False), but not silently over words typed or choices made. In a burst of fast typing an
    Escape closed a dialog and everything in it was gone, unseen. ``save`` names the button
    that keeps the words ("Save", "Add"). The question opens at once, so a second Escape in
    the same burst answers it Stay, and the words are still there."""
    if not typed:
        close()
        return

    def chosen(leave: bool | None) -> None:
        if leave:
            close()

    words = (
        f"What you typed here is not saved yet. To keep it, press Stay, then {save}. "
        "If you close this now, it is not kept."
    )
    screen.app.push_screen(Confirm(Content(words), yes="Close without it", no="Stay"), chosen)
