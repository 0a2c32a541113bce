"""A calm yes/no question in a small dialog."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from assistant.ui.widgets.dialog import ButtonRow, Dialog, DialogBody, DialogBottom


class Confirm(Dialog[bool]):
    """Ask one question; dismisses True for yes, False for no (Escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "answer(False)", "No")]

    def __init__(self, question: Content, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes, self.no = yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog confirm"):
            # A long question scrolls; the answers stay in view.
            with DialogBody(id="confirm-body"):
                yield Static(self.question, id="confirm-question")
            with DialogBottom(), ButtonRow(classes="dialog-buttons"):
                yield Button(Content(self.yes), id="confirm-yes", variant="primary")
                yield Button(Content(self.no), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no").focus()

    def key_words(self, binding: Binding) -> str:
        # Escape does what the "no" button does: the key bar and F1 name it by that button's
        # words ("Esc Stay"), not "No", which matched no button when it said "Stay".
        return self.no if binding.action == "answer(False)" else binding.description

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")
