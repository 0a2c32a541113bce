"""A calm full message (e.g. the topic files have problems), with what to do next."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from assistant.ui.widgets.answer_base import literal
from assistant.ui.widgets.dialog import ButtonRow, Dialog, DialogBody, DialogBottom, DialogTop


class ProblemScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="problem"):
            with DialogTop():
                yield Static(literal(self.title_text), classes="dialog-title")
            with DialogBody(id="problem-body"):
                yield Static(literal(self.message))
            with DialogBottom(), ButtonRow(classes="dialog-buttons"):
                # Enter or Escape close it too (the binding above), wherever the focus is.
                yield Button(Content("Close"), id="problem-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#problem-close").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#problem-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
