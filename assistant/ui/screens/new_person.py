"""Add a person: a display name (a first name or initials is enough), an optional reference
(the agency's local identifier) and an optional NHS number, checked with its check digit."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from assistant.identifiers import InvalidNhsNumber, nhs_number, nhs_number_digits
from assistant.safe_text import hidden_characters
from assistant.ui.widgets.answer_base import literal

if TYPE_CHECKING:
    from assistant.records import CaseStore
    from assistant.ui.app import CpiApp


def nhs_problem(text: str) -> str | None:
    """What is wrong with a typed NHS number, in plain words; None when it is valid."""
    try:
        nhs_number(text)
    except InvalidNhsNumber as exc:
        return str(exc)
    return None


def refusal(what: str, text: str) -> str | None:
    """Refused rather than quietly dropped, so the worker sees what was pasted (the records
    would leave such characters out anyway: ``records.case.clean_name``)."""
    problem = hidden_characters(what, text)
    return f"{problem} Please type it again without them. Nothing was added." if problem else None


class NewPerson(ModalScreen[str | None]):
    """Dismisses with the new person's id, or None."""

    app: CpiApp

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    NewPerson .identifiers { height: auto; }
    NewPerson .identifiers > Vertical { width: 1fr; height: auto; }
    NewPerson .identifiers > Vertical:first-of-type { margin-right: 2; }
    """

    _nhs_shown = False  # the message line holds a problem with the NHS number

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content("New person"), classes="dialog-title")
            yield Static(
                Content("Name or initials (what the person would like)"), classes="field-label"
            )
            yield Input(id="person-name")
            # Side by side, so the dialog still fits a 24-line terminal.
            with Horizontal(classes="identifiers"):
                with Vertical():
                    yield Static(Content("Reference number (optional)"), classes="field-label")
                    yield Input(id="person-ref")
                with Vertical():
                    yield Static(Content("NHS number (optional)"), classes="field-label")
                    yield Input(placeholder="e.g. 943 476 5919", id="person-nhs")
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
    @on(Input.Submitted, "#person-nhs")
    def _ref_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_add()

    @on(Input.Changed, "#person-nhs")
    def _nhs_typed(self, event: Input.Changed) -> None:
        # Checked as it is typed, once there is something to say: a letter, or 10 digits or
        # more. Fewer digits are a number still being typed, not a mistake.
        event.stop()
        digits = nhs_number_digits(event.value)
        typing = not digits or (digits.isascii() and digits.isdigit() and len(digits) < 10)
        self._show_nhs_problem(None if typing else nhs_problem(event.value))

    def _show_nhs_problem(self, problem: str | None) -> None:
        # In the message line right under the fields (a separate line would push the buttons
        # off a 24-line screen); clearing it leaves any other message in place.
        self.query_one("#person-nhs", Input).set_class(problem is not None, "-invalid")
        if problem is not None or self._nhs_shown:
            self.query_one("#person-message", Static).update(literal(problem or ""))
        self._nhs_shown = problem is not None

    def action_add(self) -> None:
        from assistant.records import RecordsError

        name = self.query_one("#person-name", Input).value
        reference = self.query_one("#person-ref", Input).value
        number = self.query_one("#person-nhs", Input).value
        problem = refusal("The name", name) or refusal("The reference", reference)
        if problem:
            self.query_one("#person-message", Static).update(literal(problem))
            return
        nhs = nhs_problem(number) if number.strip() else None
        self._show_nhs_problem(nhs)
        if nhs:
            self.query_one("#person-nhs", Input).focus()
            return
        store = self.app.store
        if store is None:
            self.query_one("#person-message", Static).update(
                literal(self.app.store_problem or "The records folder cannot be used.")
            )
            return
        try:
            person_id = self.save(store, name, reference, number)
        except RecordsError as exc:
            self.query_one("#person-message", Static).update(literal(str(exc)))
            return
        self.dismiss(person_id)

    def save(self, store: CaseStore, name: str, reference: str, number: str) -> str:
        """Write what was typed (checked already); returns the person's id. A subclass that
        changes an existing record overrides this (``person_details.ChangeDetails``)."""
        return store.create_person(name, reference or None, number or None)

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
