"""A calm full message (e.g. the topic files have problems), with what to do next."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from assistant.ui.widgets.answer_base import literal


class ProblemScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide-dialog", id="problem"):
            yield Static(literal(self.title_text), classes="dialog-title")
            yield Static(literal(self.message))
            yield Static(Content("Press Escape to close.").stylize("$text-muted"))

    def action_close(self) -> None:
        self.dismiss(None)
