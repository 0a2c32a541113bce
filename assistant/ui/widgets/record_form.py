"""A small form for one record (one person in the network): each field, then Save."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Select, SelectionList, Static, TextArea

from assistant.engine.answers import AnswerError, coerce_record, rating_range
from assistant.safe_text import typed, typed_one_line
from assistant.ui.widgets.answer_base import TickList, literal, option_text
from assistant.ui.widgets.confirm import close_or_ask
from assistant.ui.widgets.date_meaning import DateField
from assistant.ui.widgets.dialog import (
    ButtonRow,
    Dialog,
    DialogBody,
    DialogBottom,
    DialogMessage,
    DialogTop,
)


def _options(field: Any) -> list[tuple[Any, Any]]:
    if field.type == "rating":
        low, high = rating_range(field)
        words = dict(field.labels)
        return [
            (option_text(f"{n}  {words[n]}" if n in words else str(n)), n)
            for n in range(low, high + 1)
        ]
    if field.type == "yes_no":
        return [(option_text("Yes"), True), (option_text("No"), False)]
    return [(option_text(o.text), o.value) for o in field.options]


def _only_used_when(field: Any, shape: Any) -> str:
    """Why a field holding words from before is shown though its choice does not ask for
    it: 'This is only used when "Who will do it" is "Someone else". Clear it if it is not
    needed.'"""
    cond = field.shown_when
    other = next((f for f in shape.fields if f.name == cond.field), None)
    if other is None:  # the linter refuses this (E234); say it plainly all the same
        return "This is not used now. Clear it if it is not needed."
    labels = [f"“{o.text}”" for o in other.options if o.value in cond.is_]
    return (
        f"This is only used when “{other.label}” is {' or '.join(labels)}. "
        "Clear it if it is not needed."
    )


#: First words that already say how many (an article or the like): an ``item_name`` that
#: starts with one is used as written ("someone", "something to try", "a university course").
_COUNTED = frozenset(
    {
        *("a", "an", "the", "some", "another", "one", "any", "each", "more"),
        *("someone", "somebody", "something", "somewhere", "anyone", "anybody", "anything"),
        *("anywhere", "everyone", "everything", "everywhere"),
    }
)


def item_words(shape: Any) -> str:
    """What one entry of a ``records`` list is, ready to follow "Add": the step's
    ``item_name`` with "a" or "an" in front ("a concern", "an action") unless it has its own
    ("someone", "something to try"); without one, "someone" for a list of people, else
    "an entry"."""
    name = " ".join(str(getattr(shape, "item_name", None) or "").split())
    if not name:
        return "someone" if "people" in (shape.store or "") else "an entry"
    if name.split()[0].lower() in _COUNTED:
        return name
    return f"{article_for(name)} {name}"


# "a" or "an" goes by the first sound, not the first letter: the common words where the two
# differ. A silent h takes "an" (an hour); a u or eu said "you", or a "one", takes "a".
_AN_BEFORE = ("hour", "honest", "honour", "honor", "heir")
# "un-" + a word keeps its "an" (an uninvited guest, an unimportant job, an unidentified ...).
_UN_WORDS = ("unim", "unin", "unid")
_A_BEFORE = ("once", "uni", "use", "usu", "uti", "eu", "ewe", "uk")


def article_for(name: str) -> str:
    """'a' or 'an' for ``name``, by how its first word is said: "an action", "an hour",
    "a user", "a one-off", "a university course", "an unusual idea", "an honest chat"."""
    found = re.match(r"[a-z]*", name.strip().lower())
    word = found.group(0) if found else ""
    if not word:
        return "a"
    if word.startswith(_AN_BEFORE) or word.startswith(_UN_WORDS):
        return "an"
    if word == "one" or word.startswith(_A_BEFORE):
        return "a"
    return "an" if word[0] in "aeiou" else "a"


def add_title(shape: Any) -> str:
    """The add dialog's title, from what the list holds: 'Add a concern', 'Add someone'."""
    return f"Add {item_words(shape)}"


class RecordForm(Dialog[dict[str, Any] | None]):
    """Add or change one record; dismisses with the checked record, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Escape asks first when something was typed or chosen (action_leave); the Cancel
        # button is chosen on purpose and closes at once.
        Binding("escape", "leave", "Cancel"),
        Binding("ctrl+s", "save", "Save", priority=True),
    ]

    #: Opened on purpose to be filled in: keys typed straight after the key that opened it
    #: are its own, even when its first field is a drop-down (key_order._asks).
    FILLED_IN: ClassVar[bool] = True

    def __init__(
        self,
        shape: Any,
        record: dict[str, Any] | None,
        *,
        earlier: dict[str, Any] | None = None,
    ) -> None:
        """``record``: the entry as the list on screen holds it (None: a new one).
        ``earlier``: the same entry as stored, given with the list before (None: not stored
        yet). Only its words keep a field shown that the choice does not ask for, as only
        they are kept at Done (``coerce_records`` reads the stored list): words saved in this
        dialog earlier in the same list are not "saved before", or the dialog would show
        and keep words that Done then drops without a word."""
        super().__init__()
        self.shape = shape
        self.record = dict(record or {})
        fields = {f.name for f in shape.fields}
        # The entry before this dialog: its fields' words as stored, and the details later
        # questions added (how the person feels...) as the list holds them, kept whatever.
        self._before = {k: v for k, v in self.record.items() if k not in fields}
        self._before.update({k: v for k, v in (earlier or {}).items() if k in fields})
        # Each field's label and widget, shown or hidden together (`shown_when`).
        self._parts: dict[str, tuple[Widget, Widget]] = {}
        # Under a field shown only for the words it held when saved before, why it is.
        self._notes: dict[str, Static] = {}
        # A field shown for a choice and left empty at Save: asked about once (its name),
        # so a second Save keeps it blank on purpose.
        self._asked_blank: set[str] = set()
        # Each field's words and choices as the dialog opened: Escape asks before closing
        # once they differ (set at mount).
        self._opened_with: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        title = "Change details" if self.record else add_title(self.shape)
        with Vertical(id="form", classes="dialog"):
            with DialogTop():
                yield Static(Content(title), classes="dialog-title", id="form-title")
            with DialogBody(id="form-body"):
                for field in self.shape.fields:
                    label = literal(field.label + (" (needed)" if field.required else ""))
                    parts = (Static(label, classes="field-label"), self._field_widget(field))
                    self._parts[field.name] = parts
                    yield from parts
                    if field.shown_when is not None:
                        note = Static(literal(_only_used_when(field, self.shape)))
                        note.add_class("field-note")
                        self._notes[field.name] = note
                        yield note
            with DialogBottom():
                yield DialogMessage(id="form-message")
                with ButtonRow(classes="dialog-buttons"):
                    yield Button(Content("Save"), id="form-save", variant="primary")
                    yield Button(Content("Cancel"), id="form-cancel")

    def on_mount(self) -> None:
        self._show_fields()
        self._opened_with = self._given()
        # The body opens at its top, the first field's label in view (Dialog).
        # (Two fields each shown only for the other's choice hide each other: then none.)
        first = next((f for f in self.shape.fields if self._parts[f.name][1].display), None)
        if first is None:
            self.query_one("#form-cancel").focus(scroll_visible=False)
            return
        self.query_one(f"#field-{first.name}").focus(scroll_visible=False)

    def _show_fields(self) -> None:
        """Show each field whose `shown_when` holds for the choices as they are now (or
        that the entry as stored holds words in); hide the others, out of the
        Tab order. A hidden field keeps its words until Save, which leaves them out."""
        given = self._given()
        for field in self.shape.fields:
            shown = field.shown(given, self._before)
            widget = self._parts[field.name][1]
            appeared = shown and not widget.display
            for part in self._parts[field.name]:
                part.display = shown
            if appeared and self.is_mounted:
                # Shown for the choice just made: below the fold at 80x24 it would not be
                # seen, so bring it (and its label) into view once laid out.
                self.call_after_refresh(widget.scroll_visible, animate=False)
            if field.name in self._notes:
                # Shown only for its earlier words: say they apply only for the choice,
                # while they are there to clear.
                words = str(given.get(field.name) or "").strip()
                self._notes[field.name].display = shown and bool(words) and not field.shown(given)

    @on(Select.Changed)
    @on(Input.Changed)
    @on(TextArea.Changed)
    def _choice_changed(self) -> None:
        # Only a form with a field shown for a choice (each has its note) has any to show or
        # hide: the others need not work it out again at every key typed.
        if self._notes:
            self._show_fields()

    def _field_widget(self, field: Any) -> Widget:
        value = self.record.get(field.name)
        wid = f"field-{field.name}"
        if field.type in ("choice", "rating", "yes_no"):
            options = _options(field)
            values = [v for _, v in options]
            return Select(
                options,
                value=value if value in values else Select.NULL,
                prompt="Choose…",
                id=wid,
            )
        if field.type == "multi_choice":
            chosen = set(value) if isinstance(value, list) else set()
            # TickList: a ticked option shows a mark, not only a colour.
            return TickList(
                *[(literal(o.text), o.value, o.value in chosen) for o in field.options], id=wid
            )
        if field.type == "long_text":
            return TextArea(
                # Editable: the words without control characters, not their visible escapes.
                "" if value is None else typed(str(value)).replace("\t", "    "),
                soft_wrap=True,
                tab_behavior="focus",
                id=wid,
                classes="short-area",
            )
        # A one-line box: the stored words cleaned as words typed into it are (a tab or line
        # break from an earlier meeting or an import is one space), until saved again.
        text = "" if value is None else typed_one_line(str(value))
        if field.type == "date":
            if isinstance(value, str) and len(value) == 10:
                text = f"{value[8:10]}/{value[5:7]}/{value[:4]}"
            # Under the input, what the words typed mean ("That is Friday 11 December").
            return DateField(text, input_id=wid, past=field.past)
        return Input(text, id=wid)

    def _given(self) -> dict[str, Any]:
        given: dict[str, Any] = {}
        if self.record.get("id"):
            given["id"] = self.record["id"]
        for field in self.shape.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, Select):
                value = widget.value
                given[field.name] = None if value is Select.NULL else value
            elif isinstance(widget, SelectionList):
                given[field.name] = list(widget.selected)
            elif isinstance(widget, TextArea):
                given[field.name] = widget.text
            elif isinstance(widget, Input):
                given[field.name] = widget.value
        return given

    def action_save(self) -> None:
        try:
            # Details added by later questions (how the person feels...) are kept from the
            # entry as it was; a field emptied here stays empty.
            record = coerce_record(self.shape.fields, self._given(), earlier=self._before)
        except AnswerError as exc:
            self.query_one("#form-message-box", DialogMessage).say(literal(str(exc)))
            return
        if self._ask_about_blank():
            return
        self.dismiss(record)

    def _ask_about_blank(self) -> bool:
        """A field shown only for a choice ("If someone else, who" for "Someone else") and
        left empty: say so once and go to it, rather than saving "Someone else" with no one
        named. A second Save keeps it blank (the name may not be known yet)."""
        given = self._given()
        for field in self.shape.fields:
            if field.shown_when is None or field.name in self._asked_blank:
                continue
            if not field.shown(given) or str(given.get(field.name) or "").strip():
                continue
            self._asked_blank.add(field.name)
            words = f"“{field.label}” is empty. Type it in, or press Save again to leave it blank."
            self.query_one("#form-message-box", DialogMessage).say(literal(words))
            self.query_one(f"#field-{field.name}").focus()
            return True
        return False

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_leave(self) -> None:
        """Escape closes the dialog, but asks first over words typed or choices made."""
        typed = self._opened_with is not None and self._given() != self._opened_with
        close_or_ask(self, typed, self.action_cancel, "Save")

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    @on(Button.Pressed, "#form-save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self) -> None:
        self.action_cancel()
