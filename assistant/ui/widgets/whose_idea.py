"""Whose idea? A one-step question when something is added from the directory, so the plan
records who thought of it (co-production is recorded, not assumed)."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assistant.meetings.directory import IDEA_FROM
from assistant.ui.widgets.answer_base import literal
from assistant.ui.widgets.dialog import Dialog, DialogBody, DialogTop


class WhoseIdea(Dialog[str | None]):
    """Ask whose idea an entry was, with the choices (value, label) of the list of things to
    try (``idea_choices``): a number, or the arrows and Enter; Escape adds nothing.

    Dismissed with the choice's value or None."""

    DEFAULT_CSS = """
    WhoseIdea #idea-options { height: auto; }
    WhoseIdea #idea-keys { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Don't add", key_display="Esc"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, len(IDEA_FROM) + 1)),
    ]

    def __init__(
        self, name: str, choices: list[tuple[str, str]], *, last: str | None = None
    ) -> None:
        super().__init__()
        self.entry_name = name
        self.choices = choices
        # The choice made for the entry added before, so several of the same kind are quick.
        self.last = last

    def compose(self) -> ComposeResult:
        options = [
            Option(Content(f"{n}  ") + literal(label), id=value)
            for n, (value, label) in enumerate(self.choices, start=1)
        ]
        with Vertical(classes="dialog"):
            with DialogTop():
                yield Static(
                    Content.assemble("Whose idea is ", literal(self.entry_name, "bold"), "?"),
                    id="idea-title",
                    classes="dialog-title",
                )
            with DialogBody():
                yield OptionList(*options, id="idea-options")
                yield Static(
                    Content(
                        f"Press 1 to {len(self.choices)}, or the arrows and Enter. "
                        "Esc: don't add it."
                    ),
                    id="idea-keys",
                )

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        values = [value for value, _ in self.choices]
        menu.highlighted = values.index(self.last) if self.last in values else 0
        menu.focus()

    @on(OptionList.OptionSelected, "#idea-options")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.choices):
            self.dismiss(self.choices[number - 1][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
