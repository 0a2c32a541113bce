"""Change a person's details: the name they choose, the agency's reference, the NHS number,
the date of birth and gender.

The New person dialog, filled in with what the record holds; saving changes the record (the
change goes in its audit trail). A reference, NHS number or date of birth emptied, or the
gender set back to "Not given", is taken off the record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Button, Input, Select, Static

from assistant.identifiers import GENDERS, format_birth_date, format_nhs_number
from assistant.records.errors import RecordsError
from assistant.records.fileformat import clean_nhs_number
from assistant.ui.screens.new_person import NewPerson, Typed

if TYPE_CHECKING:
    from assistant.records import CaseStore, PersonSummary


class ChangeDetails(NewPerson):
    """Dismisses with the person's id once their details are saved, or None."""

    def __init__(self, person: PersonSummary) -> None:
        super().__init__()
        self.person = person

    def _recorded(self) -> dict[str, Any]:
        """The date of birth and gender the record holds (the list of people does not
        hold them); nothing when the record cannot be read now (saving then says why)."""
        store = self.app.store
        if store is None:
            return {}
        try:
            with store.read(self.person.id) as case:
                return case.person
        except RecordsError:
            return {}

    def on_mount(self) -> None:
        self.query_one("#person-title", Static).update(Content("Change details"))
        self.query_one("#person-add", Button).label = Content("Save")
        self.query_one("#person-name", Input).value = self.person.display_name
        self.query_one("#person-ref", Input).value = self.person.reference or ""
        number = self.person.nhs_number
        self.query_one("#person-nhs", Input).value = format_nhs_number(number) if number else ""
        recorded = self._recorded()
        born = recorded.get("born")
        # Shown in words (15 December 1980): read back exactly as the records take it.
        self.query_one("#person-born", Input).value = format_birth_date(born) if born else ""
        gender = recorded.get("gender")
        if gender in GENDERS:
            self.query_one("#person-gender", Select).value = gender
        self.query_one("#person-gender-words", Input).value = recorded.get("gender_words") or ""
        super().on_mount()

    def save(self, store: CaseStore, typed: Typed) -> str:
        person_id = self.person.id
        # Checked against the other records first: nothing changes if another has them.
        store.check_unused(
            reference=typed.reference.strip() or None,
            nhs_number=clean_nhs_number(typed.number),
            person_id=person_id,
        )
        with store.open(person_id) as case:
            case.update_person(
                display_name=typed.name,
                reference=typed.reference,
                nhs_number=typed.number,
                born=typed.born,
                gender=typed.gender or "",
                gender_words=typed.gender_words if typed.gender == "own_words" else None,
            )
        return person_id
