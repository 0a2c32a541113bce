"""The list editor for ``records`` answers: add, change and remove people in the network."""

from __future__ import annotations

import copy
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assistant.engine.answer_words import none_word, record_details, record_name
from assistant.engine.functions import PEOPLE_LISTS
from assistant.plans.private_names import places_naming
from assistant.ui.widgets.answer_base import (
    ActButton,
    Answer,
    KeptStatic,
    PickList,
    focus_now,
    literal,
)
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.record_form import RecordForm, item_words


class RecordsAnswer(Answer):
    """A list of records with Add / Change / Remove; Done gives the whole list."""

    keys_hint = "a: add · Enter: change · Del: remove · ctrl+s: done"

    # Its own height wherever it is shown (a meeting, or the edit-answer dialog before any
    # meeting has loaded session.tcss): a row of buttons, not all the room there is.
    DEFAULT_CSS = """
    RecordsAnswer .records-buttons { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a,insert", "add", "Add", show=False),
        Binding("delete,x", "remove", "Remove", show=False),
    ]

    shape: Any = None
    records: list[dict[str, Any]]

    def apply(self, shape: Any = None, value: Any = None, stored: Any = None) -> None:
        """Show ``value``; ``stored`` is the list as stored (None: nothing stored yet), whose
        entries the dialog treats as saved before, as the meeting does at Done."""
        self.shape = shape
        records = value if isinstance(value, list) else []
        self.records = [copy.deepcopy(r) for r in records if isinstance(r, dict)]
        self._shown = copy.deepcopy(self.records)  # to tell changes not yet given (pending)
        self._stored = {
            str(r["id"]): copy.deepcopy(r)
            for r in (stored if isinstance(stored, list) else [])
            if isinstance(r, dict) and r.get("id") is not None
        }
        if shape is not None:  # built ahead of use: nothing to show yet
            self._refresh_list(0)

    def compose(self) -> ComposeResult:
        # Enter and the buttons act at once, in order with the keys around them.
        yield PickList(lambda _index: self.action_change(), id="records-list")
        yield KeptStatic(id="records-empty")
        with Horizontal(classes="records-buttons"):
            yield ActButton(Content("Add"), self.action_add, id="records-add")
            yield ActButton(Content("Change"), self.action_change, id="records-change")
            yield ActButton(Content("Remove"), self.action_remove, id="records-remove")

    def _label(self, record: dict[str, Any]) -> Content:
        name = record_name(record, self.shape)
        details = record_details(record, self.shape.fields, shown=name)
        line = literal(name, "bold")
        if details:
            line = line + Content("  ") + literal(details, "dim")
        return line

    def _refresh_list(self, highlight: int | None = None) -> None:
        """Show the records, ``highlight`` highlighted (None: the last, the one just added).

        A list shown afresh starts on its first entry (``highlight=0``), as a question's
        choices and tick lists do (docs/app.md, Keys): a worker typing ahead ("Down Down
        Enter") lands on the entry they counted to."""
        options = self.query_one("#records-list", OptionList)
        options.clear_options()
        options.add_options([Option(self._label(r)) for r in self.records])
        options.display = bool(self.records)
        empty = self.query_one("#records-empty", Static)
        empty.display = not self.records
        # The content's own words (item_name): shown literally, never as markup.
        empty.update(
            literal(f"{self.none_added()}. Press a (or Add) to add {item_words(self.shape)}.")
        )
        if self.records:
            index = len(self.records) - 1 if highlight is None else highlight
            options.highlighted = max(0, min(index, len(self.records) - 1))
        self.post_message(self.Changed(self.current()))

    def current(self) -> Any:
        return copy.deepcopy(self.records)

    def put_back(self, records: Any) -> None:
        """Show ``records`` (an answer Back just undid) to change and give again: not given
        yet, so they are pending against what is stored now until Done gives them."""
        if not isinstance(records, list):
            return
        self.records = [copy.deepcopy(r) for r in records if isinstance(r, dict)]
        self._refresh_list(0)

    def none_added(self) -> str:
        """What an empty list says: "No one added yet" for people, else "Nothing added yet"."""
        return f"{none_word(self.shape)} added yet"

    def pending(self, stored: Any) -> bool:
        """Whether the list on screen holds changes not given yet (added, changed or taken
        off since it was shown, and not what is stored either: an entry added from the
        directory is saved as it joins the list)."""
        return self.records != getattr(self, "_shown", self.records) and self.records != stored

    def focus_first(self) -> None:
        focus_now(self.query_one("#records-list" if self.records else "#records-add"))

    # -- actions ------------------------------------------------------------------------

    def action_add(self) -> None:
        def added(record: dict[str, Any] | None) -> None:
            if record is not None:
                self.records.append(record)
                self._refresh_list()
            self.focus_first()

        self.app.push_screen(RecordForm(self.shape, None), added)

    def action_change(self) -> None:
        index = self.query_one("#records-list", OptionList).highlighted
        if index is None or not self.records:
            self.action_add()
            return

        before = self.records[index]

        def changed(record: dict[str, Any] | None) -> None:
            if record is not None:
                self.records[index] = record  # the form kept the other details
                self._refresh_list(index)
                self._tell_old_name_elsewhere(before, record)
            self.focus_first()

        # The entry as stored, not as changed on this list since: words the dialog saved a
        # moment ago are not "saved before", and Done would drop them (docs/content-format.md).
        earlier = self._stored.get(str(before.get("id")))
        self.app.push_screen(RecordForm(self.shape, before, earlier=earlier), changed)

    def _tell_old_name_elsewhere(self, before: dict[str, Any], after: dict[str, Any]) -> None:
        """A person's name changed on the list: say where the plan still has the old name
        (as taking them off does). Those words are theirs: nothing is changed for them."""
        old = record_name(before, self.shape)
        if record_name(after, self.shape) == old:
            return
        elsewhere = self._named_elsewhere(old, before.get("id"))
        if elsewhere:
            self.app.notify(still_named(old, elsewhere).plain, markup=False, timeout=20)

    def action_remove(self) -> None:
        index = self.query_one("#records-list", OptionList).highlighted
        if index is None or not self.records:
            return
        name = record_name(self.records[index], self.shape)

        def confirmed(yes: bool | None) -> None:
            if yes:
                del self.records[index]
                self._refresh_list(index)
            self.focus_first()

        question = Content.from_markup("Take [b]$name[/b] off the list?", name=name)
        elsewhere = self._named_elsewhere(name, self.records[index].get("id"))
        if elsewhere:
            # Their words elsewhere are theirs to change (never changed for them): say where.
            question += Content("\n\n") + still_named(name, elsewhere)
        self.app.push_screen(
            Confirm(
                question,
                yes="Take off",
                no="Keep",
            ),
            confirmed,
        )

    def _named_elsewhere(self, name: str, entry_id: Any) -> list[str]:
        """The other places of the meeting's plan that name a person about to be taken off a
        list of people, or whose name on it was changed ([] for other lists, or where there
        is no meeting's plan). The meeting is the screen's: the meeting screen's, or the
        one the "Change an earlier answer" dialog was opened from."""
        store = getattr(self.shape, "store", None) or ""
        if store not in {path for path, _name, _kind in PEOPLE_LISTS}:
            return []
        meeting = getattr(self.screen, "meeting", None)
        try:
            plan = meeting.plan() if meeting is not None else None
        except Exception:  # the question is asked as before; the plan shows any problem
            return []
        if plan is None:
            return []
        return places_naming(plan, name, leaving=entry_id if isinstance(entry_id, str) else None)


def still_named(name: str, wheres: list[str]) -> Content:
    """Where the plan still names ``name`` (a person taken off a list, or the old name of one
    renamed on it), and that those words are theirs to change together."""
    return Content.from_markup(
        "$name is still named in: $wheres. Those words stay as they are: "
        "change them together if they need to.",
        name=name,
        wheres="; ".join(wheres),
    )
