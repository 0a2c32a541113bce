"""Change a person's details: the name they choose, the agency's reference and the NHS number.

The New person dialog, filled in with what the record holds; saving changes the record (the
change goes in its audit trail). A reference or NHS number emptied is taken off the record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Button, Input, Static

from assistant.identifiers import format_nhs_number
from assistant.records.fileformat import clean_nhs_number
from assistant.ui.screens.new_person import NewPerson

if TYPE_CHECKING:
    from assistant.records import CaseStore, PersonSummary


class ChangeDetails(NewPerson):
    """Dismisses with the person's id once their details are saved, or None."""

    def __init__(self, person: PersonSummary) -> None:
        super().__init__()
        self.person = person

    def on_mount(self) -> None:
        self.query_one(".dialog-title", Static).update(Content("Change details"))
        self.query_one("#person-add", Button).label = Content("Save")
        self.query_one("#person-name", Input).value = self.person.display_name
        self.query_one("#person-ref", Input).value = self.person.reference or ""
        number = self.person.nhs_number
        self.query_one("#person-nhs", Input).value = format_nhs_number(number) if number else ""
        super().on_mount()

    def save(self, store: CaseStore, name: str, reference: str, number: str) -> str:
        person_id = self.person.id
        # Checked against the other records first: nothing changes if another has them.
        store.check_unused(
            reference=reference.strip() or None,
            nhs_number=clean_nhs_number(number),
            person_id=person_id,
        )
        with store.open(person_id) as case:
            case.update_person(display_name=name, reference=reference, nhs_number=number)
        return person_id
