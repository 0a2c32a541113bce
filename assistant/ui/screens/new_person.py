"""Add a person: a display name (a first name or initials is enough) and an optional reference."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from assistant.safe_text import hidden_characters
from assistant.ui.widgets.answer_base import literal

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp


def refusal(what: str, text: str) -> str | None:
    """Refused rather than quietly dropped, so the worker sees what was pasted (the records
    would leave such characters out anyway: ``records.case.clean_name``)."""
    problem = hidden_characters(what, text)
    return f"{problem} Please type it again without them. Nothing was added." if problem else None


class NewPerson(ModalScreen[str | None]):
    """Dismisses with the new person's id, or None."""

    app: CpiApp

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("New person"), classes="dialog-title")
            yield Static(
                Content("Name or initials (what the person would like)"), classes="field-label"
            )
            yield Input(id="person-name")
            yield Static(Content("Reference number (optional)"), classes="field-label")
            yield Input(id="person-ref")
            yield Static(id="person-message", classes="message")
            with Horizontal(classes="dialog-buttons"):
                yield Button(Content("Add"), id="person-add", variant="primary")
                yield Button(Content("Cancel"), id="person-cancel")

    def on_mount(self) -> None:
        self.query_one("#person-name").focus()

    @on(Input.Submitted, "#person-name")
    def _name_done(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.action_add()
        else:
            self.query_one("#person-message", Static).update(
                Content("Please type a name or initials.")
            )

    @on(Input.Submitted, "#person-ref")
    def _ref_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_add()

    def action_add(self) -> None:
        from assistant.records import RecordsError

        name = self.query_one("#person-name", Input).value
        reference = self.query_one("#person-ref", Input).value
        problem = refusal("The name", name) or refusal("The reference", reference)
        if problem:
            self.query_one("#person-message", Static).update(literal(problem))
            return
        store = self.app.store
        if store is None:
            self.query_one("#person-message", Static).update(
                literal(self.app.store_problem or "The records folder cannot be used.")
            )
            return
        try:
            person_id = store.create_person(name, reference or None)
        except RecordsError as exc:
            self.query_one("#person-message", Static).update(literal(str(exc)))
            return
        self.dismiss(person_id)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#person-add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add()

    @on(Button.Pressed, "#person-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
