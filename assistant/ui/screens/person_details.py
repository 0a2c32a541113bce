"""Change a person's details: the name they choose, the agency's reference, the NHS number,
the date of birth and gender.

The New person dialog, filled in with what the record holds; saving changes the record (the
change goes in its audit trail). Only what the worker changed is sent: a reference, NHS
number or date of birth emptied, or the gender set back to "Not given", is taken off the
record. When the record cannot be read (so its date of birth and gender are not known), those
fields are not offered and stay as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Button, Input, Select, Static

from assistant.identifiers import GENDERS, format_birth_date, format_nhs_number
from assistant.records.errors import RecordsError
from assistant.records.fileformat import clean_nhs_number
from assistant.ui.screens.new_person import NewPerson, Typed

if TYPE_CHECKING:
    from assistant.records import CaseStore, PersonSummary

# Said in the dialog when the record could not be read for its date of birth and gender.
NOT_READ = "The date of birth and gender could not be read just now: they stay as they are."


class ChangeDetails(NewPerson):
    """Dismisses with the person's id once their details are saved, or None."""

    def __init__(self, person: PersonSummary) -> None:
        super().__init__()
        self.person = person
        # What the fields showed when the dialog opened: only fields changed from it are
        # saved, so a field shown blank or unread never clears what the record holds.
        self._shown: Typed | None = None
        self._profile_read = False

    def record_id(self) -> str | None:
        return self.person.id

    def key_words(self, binding: Binding) -> str:
        # ctrl+s does what the button does: the key bar and F1 call it "Save", as the
        # button says, not the New person dialog's "Add".
        return "Save" if binding.action == "add" else binding.description

    def name_changed(self, name: str) -> bool:
        return name != self.person.display_name

    def _recorded(self) -> dict[str, Any] | None:
        """The date of birth and gender the record holds (the list of people does not
        hold them); None when the record cannot be read now."""
        store = self.app.store
        if store is None:
            return None
        try:
            with store.read(self.person.id) as case:
                return dict(case.person)
        except RecordsError:
            return None

    def on_mount(self) -> None:
        self.query_one("#person-title", Static).update(Content("Change details"))
        self.query_one("#person-add", Button).label = Content("Save")
        self.query_one("#person-name", Input).value = self.person.display_name
        self.query_one("#person-ref", Input).value = self.person.reference or ""
        number = self.person.nhs_number
        self.query_one("#person-nhs", Input).value = format_nhs_number(number) if number else ""
        recorded = self._recorded()
        self._profile_read = recorded is not None
        if recorded is None:
            # Blank fields would read as "none recorded" and saving them would clear what
            # is there: they are not offered, and stay as they are.
            self.query_one("#person-profile").display = False
            self.query_one("#person-why").display = False
        else:
            born = recorded.get("born")
            # Shown in words (15 December 1980): read back exactly as the records take it.
            self.query_one("#person-born", Input).value = format_birth_date(born) if born else ""
            gender = recorded.get("gender")
            if gender in GENDERS:
                self.query_one("#person-gender", Select).value = gender
            words = recorded.get("gender_words") or ""
            self.query_one("#person-gender-words", Input).value = words
        self._shown = self.typed()
        super().on_mount()
        if recorded is None:
            self._say(NOT_READ, info=True)

    def save(self, store: CaseStore, typed: Typed) -> str:
        person_id = self.person.id
        # Checked against the other records first: nothing changes if another has them.
        store.check_unused(
            reference=typed.reference.strip() or None,
            nhs_number=clean_nhs_number(typed.number),
            person_id=person_id,
        )
        shown = self._shown or Typed("", "", "")

        def changed(now: str, then: str) -> str | None:
            return now if now != then else None  # None: left as the record holds it

        own = typed.gender_words if typed.gender == "own_words" else None
        was_own = shown.gender_words if shown.gender == "own_words" else None
        gender_changed = self._profile_read and (typed.gender, own) != (shown.gender, was_own)
        with store.open(person_id) as case:
            case.update_person(
                display_name=changed(typed.name, shown.name),
                reference=changed(typed.reference, shown.reference),
                nhs_number=changed(typed.number, shown.number),
                born=changed(typed.born, shown.born) if self._profile_read else None,
                gender=(typed.gender or "") if gender_changed else None,
                gender_words=own if gender_changed else None,
            )
        return person_id
