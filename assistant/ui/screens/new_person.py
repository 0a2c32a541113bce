"""Add a person: a display name (a first name or initials is enough), an optional reference
(the agency's local identifier), an optional NHS number, checked with its check digit, and
an optional date of birth and gender, asked so the directory only suggests groups that are
for the person (never required, never guessed). The date of birth is also on the care team's
and GP's copies of the plan; the gender is on no copy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static

from assistant.identifiers import (
    GENDER_LABELS,
    GENDERS,
    InvalidBirthDate,
    InvalidNhsNumber,
    age_on,
    birth_date,
    format_birth_date,
    nhs_number,
    nhs_number_digits,
)
from assistant.safe_text import hidden_characters
from assistant.ui.widgets.answer_base import literal
from assistant.ui.widgets.confirm import Confirm, close_or_ask
from assistant.ui.widgets.dialog import WithKeyBar

if TYPE_CHECKING:
    from assistant.records import CaseStore, PersonSummary
    from assistant.ui.app import CpiApp

# Above the date of birth and gender: why they are asked and where they go, in the person's
# words (the gender is on no copy; the date of birth is on the team's and GP's copies).
# Two lines at 80x24, where every field fits unscrolled (test_new_person_born_gender).
WHY_ASKED = (
    "Optional: the date of birth and gender help the directory suggest groups open to "
    "you. The team's and GP's copies also show the date of birth."
)


def nhs_problem(text: str) -> str | None:
    """What is wrong with a typed NHS number, in plain words; None when it is valid."""
    try:
        nhs_number(text)
    except InvalidNhsNumber as exc:
        return str(exc)
    return None


def born_problem(text: str, today: date | None = None) -> str | None:
    """What is wrong with a typed date of birth, in plain words; None when it is valid or
    empty (it is optional)."""
    if not text.strip():
        return None
    try:
        birth_date(text, today or date.today())
    except InvalidBirthDate as exc:
        return f"Date of birth: {exc}"
    return None


def refusal(what: str, text: str) -> str | None:
    """Refused rather than quietly dropped, so the worker sees what was pasted (the records
    would leave such characters out anyway: ``records.case.clean_name``)."""
    problem = hidden_characters(what, text)
    return f"{problem} Please type it again without them. Nothing was added." if problem else None


@dataclass(frozen=True)
class Typed:
    """What the dialog's fields hold (checked before saving)."""

    name: str
    reference: str
    number: str
    born: str = ""
    gender: str | None = None  # one of identifiers.GENDERS, or None: not given
    gender_words: str = ""


class NewPerson(WithKeyBar, ModalScreen[str | None]):
    """Dismisses with the new person's id, or None."""

    app: CpiApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Cancel"),
        # ctrl+s does a form's main thing everywhere (docs/app.md), from any field.
        Binding("ctrl+s", "add", "Add", priority=True),
    ]

    # At 80x24 every field fits with nothing scrolled, the own-words field included: the
    # labels sit right on their fields, the message line is beside the buttons. The title
    # stays at the top and the buttons at the bottom; on a smaller screen the fields between
    # them scroll. (App CSS outranks DEFAULT_CSS, so these parts have classes of their own
    # rather than app.tcss's field-label, dialog-title and dialog-buttons.)
    DEFAULT_CSS = """
    NewPerson #person-title { dock: top; text-style: bold; color: $text-primary; }
    NewPerson #person-title { margin-bottom: 1; }
    NewPerson #person-body { height: auto; max-height: 100%; }
    NewPerson .person-label { text-style: bold; }
    NewPerson .identifiers { height: auto; }
    NewPerson .identifiers > Vertical { width: 1fr; height: auto; margin-left: 2; }
    NewPerson .identifiers > Vertical:first-of-type { margin-left: 0; }
    NewPerson #person-born-box { width: 21; }
    NewPerson #person-gender-box { width: 26; }
    NewPerson #person-why { color: $text-muted; }
    NewPerson #person-bottom { dock: bottom; height: auto; }
    NewPerson #person-bottom Button { margin-right: 1; }
    NewPerson #person-message {
        width: 1fr; height: auto; color: $text-warning; text-style: bold;
    }
    NewPerson #person-message.-info { color: $text-muted; text-style: none; }
    """

    # The message line is made of parts, so a field's problem stays in view while the field
    # is still wrong, whatever is said after it (``_show_message``).
    _nhs_problem = ""  # what is wrong with the NHS number
    _born_problem = ""  # ... or with the date of birth
    _born_reading = ""  # a good date of birth read back in words
    _said = ""  # anything else: a problem, or (``_said_info``) a note
    _said_info = False
    # What the fields held as the dialog opened: Escape asks before closing once they differ.
    _opened: Typed | None = None

    def compose(self) -> ComposeResult:
        def label(text: str) -> Static:
            return Static(Content(text), classes="person-label")

        with Vertical(classes="dialog wide-dialog"):
            yield Static(Content("New person"), id="person-title")
            with VerticalScroll(id="person-body"):
                yield label("Name or initials (what the person would like)")
                yield Input(id="person-name")
                # Side by side, so the dialog still fits a 24-line terminal.
                with Horizontal(classes="identifiers"):
                    with Vertical():
                        yield label("Reference number (optional)")
                        yield Input(id="person-ref")
                    with Vertical():
                        yield label("NHS number (optional)")
                        yield Input(placeholder="e.g. 943 476 5919", id="person-nhs")
                yield Static(Content(WHY_ASKED), id="person-why")
                with Horizontal(classes="identifiers", id="person-profile"):
                    with Vertical(id="person-born-box"):
                        yield label("Date of birth")
                        yield Input(placeholder="e.g. 15/12/1980", id="person-born")
                    with Vertical(id="person-gender-box"):
                        yield label("Gender")
                        yield Select(
                            [(Content(GENDER_LABELS[g]), g) for g in GENDERS],
                            prompt="Not given",
                            id="person-gender",
                        )
                    with Vertical(id="person-words-box"):
                        yield label("In their own words")
                        yield Input(id="person-gender-words")
            with Horizontal(id="person-bottom"):
                yield Button(Content("Add"), id="person-add", variant="primary")
                yield Button(Content("Cancel"), id="person-cancel")
                yield Static(id="person-message")

    def on_mount(self) -> None:
        self._show_words_field()
        self.query_one("#person-name").focus()
        # Change details fills the fields in before this runs: what it shows is not typed.
        self._opened = self.typed()

    @on(Input.Submitted, "#person-name")
    def _name_done(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip():
            self.action_add()
        else:
            self._say("Please type a name or initials.")

    @on(Input.Submitted, "#person-ref")
    @on(Input.Submitted, "#person-nhs")
    @on(Input.Submitted, "#person-born")
    @on(Input.Submitted, "#person-gender-words")
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

    @on(Input.Blurred, "#person-born")
    def _born_left(self, event: Input.Blurred) -> None:
        # Checked once the worker moves on (a date half typed is not yet a mistake). A good
        # date is read back in words with the age, so 5/3/1980 is seen to be 5 March and a
        # slip of the year (1908 for 1980) shows as an age.
        problem = born_problem(event.value)
        self._show_born_problem(problem)
        if problem is None and event.value.strip():
            today = date.today()
            born = birth_date(event.value, today)
            words = format_birth_date(born.isoformat())
            self._born_reading = f"Date of birth: {words} (age {age_on(born, today)})."
            self._said = ""  # what was said before is older than this
            self._show_message()

    @on(Input.Changed, "#person-born")
    def _born_typed(self, event: Input.Changed) -> None:
        # A problem shown goes as soon as the date is right (a new one waits for leaving);
        # the date read back goes at once (it may no longer be what is typed).
        event.stop()
        if self._born_reading or (self._born_problem and born_problem(event.value) is None):
            self._show_born_problem(None)

    def _show_born_problem(self, problem: str | None) -> None:
        # Input's own validation clears -invalid on each change; set it again while wrong.
        self.query_one("#person-born", Input).set_class(problem is not None, "-invalid")
        if problem:
            self._said = ""  # what was said before is older than this
        self._born_problem, self._born_reading = problem or "", ""
        self._show_message()

    @on(Select.Changed, "#person-gender")
    def _gender_chosen(self, event: Select.Changed) -> None:
        event.stop()
        self._show_words_field()
        # Straight on to the words when the worker chose it (not when a saved value is shown).
        if event.value == "own_words" and event.select.has_focus:
            self.query_one("#person-gender-words", Input).focus()

    def _show_words_field(self) -> None:
        """The own-words field only while "In their own words" is chosen."""
        own = self.query_one("#person-gender", Select).value == "own_words"
        self.query_one("#person-words-box").display = own

    def _say(self, text: str, *, info: bool = False) -> None:
        """Show ``text`` beside the buttons: a problem, or (``info``) what was understood.
        It takes the place of what was said before, but not of a field's problem."""
        self._said, self._said_info = text, info
        self._show_message()

    def _show_message(self) -> None:
        """The message line: the problems, or when there are none, the notes. A note waits
        while there is a problem: beside one as long as the NHS number's, it would take a
        fourth line and scroll the fields at 80x24."""
        said_problem = "" if self._said_info else self._said
        problems = [part for part in (said_problem, self._nhs_problem, self._born_problem) if part]
        notes = [self._born_reading, self._said if self._said_info else ""]
        message = self.query_one("#person-message", Static)
        message.update(literal(" ".join(problems or [part for part in notes if part])))
        message.set_class(not problems, "-info")

    def _show_nhs_problem(self, problem: str | None) -> None:
        # In the message line right under the fields (a separate line would push the buttons
        # off a 24-line screen); clearing it leaves any other message in place.
        self.query_one("#person-nhs", Input).set_class(problem is not None, "-invalid")
        if problem:
            self._said = ""  # what was said before is older than this
        self._nhs_problem = problem or ""
        self._show_message()

    def typed(self) -> Typed:
        """What the fields hold now."""
        gender = self.query_one("#person-gender", Select).value
        return Typed(
            name=self.query_one("#person-name", Input).value,
            reference=self.query_one("#person-ref", Input).value,
            number=self.query_one("#person-nhs", Input).value,
            born=self.query_one("#person-born", Input).value,
            gender=gender if isinstance(gender, str) else None,
            gender_words=self.query_one("#person-gender-words", Input).value,
        )

    def action_add(self) -> None:
        from assistant.records import RecordsError

        typed = self.typed()
        words = typed.gender_words if typed.gender == "own_words" else ""
        problem = (
            refusal("The name", typed.name)
            or refusal("The reference", typed.reference)
            or refusal("The gender", words)
        )
        if problem:
            self._say(problem)
            return
        nhs = nhs_problem(typed.number) if typed.number.strip() else None
        self._show_nhs_problem(nhs)
        if nhs:
            self.query_one("#person-nhs", Input).focus()
            return
        born = born_problem(typed.born)
        if born:
            self._show_born_problem(born)
            self.query_one("#person-born", Input).focus()
            return
        if typed.gender == "own_words" and not words.strip():
            self.query_one("#person-gender-words", Input).focus()
            self._say("Please type the words the person uses for their gender, or choose another.")
            return
        store = self.app.store
        if store is None:
            self._say(self.app.store_problem or "The records folder cannot be used.")
            return
        name = " ".join(typed.name.split())
        try:
            others = store.same_name(name, but=self.record_id()) if self._ask_name(name) else []
        except RecordsError:
            others = []  # the list cannot be read: saving says so, or works
        if others:
            self._ask_about_same_name(name, others)
            return
        try:
            person_id = self.save(store, typed)
        except RecordsError as exc:
            self._say(str(exc))
            return
        self.dismiss(person_id)

    #: A name already asked about and said yes to ("another person"): not asked twice.
    _same_name_ok: str | None = None

    def record_id(self) -> str | None:
        """The record these details are for (None: a new one)."""
        return None

    def _ask_name(self, name: str) -> bool:
        """Whether ``name`` is to be checked against the others on record: a new name, not
        one already said yes to."""
        return name != self._same_name_ok and self.name_changed(name)

    def _ask_about_same_name(self, name: str, others: list[PersonSummary]) -> None:
        """Someone else on record has this name: ask before saving. A second record made by
        mistake splits a person's meetings, and every command by name then needs the id;
        two people may share a name, so yes saves it."""
        named = "; ".join(
            p.display_name + (f" (ref {p.reference})" if p.reference else f" (id {p.id})")
            for p in others[:3]
        )
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        question = f"Someone with this name is already recorded: {named}{more}. " + (
            "Is this a different person?" if self.record_id() is None else "Use it anyway?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._same_name_ok = name
                self.action_add()
            else:
                self.query_one("#person-name", Input).focus()

        self.app.push_screen(
            Confirm(
                literal(question),
                yes="Add another person" if self.record_id() is None else "Use this name",
                no="Back",
            ),
            answered,
        )

    def name_changed(self, name: str) -> bool:
        """Whether ``name`` is a new name for the record (always, for a new person)."""
        return True

    def save(self, store: CaseStore, typed: Typed) -> str:
        """Write what was typed (checked already); returns the person's id. A subclass that
        changes an existing record overrides this (``person_details.ChangeDetails``)."""
        return store.create_person(
            typed.name,
            typed.reference or None,
            typed.number or None,
            born=typed.born or None,
            gender=typed.gender,
            gender_words=typed.gender_words if typed.gender == "own_words" else None,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        """Escape closes the dialog, but asks first over words typed or choices made."""
        typed = self._opened is not None and self.typed() != self._opened
        # The question names the button as it reads ("Add", or "Save" in Change details).
        save = self.query_one("#person-add", Button).label
        close_or_ask(self, typed, self.action_cancel, str(save))

    @on(Button.Pressed, "#person-add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_add()

    @on(Button.Pressed, "#person-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
