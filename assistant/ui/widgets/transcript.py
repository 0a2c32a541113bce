"""The conversation so far, chat style: each question, who it was for, each answer and who
gave it. One option list, so a new answer adds a few lines rather than a new widget. One click
on an answer picks it, as the arrow keys do; Enter or a double click opens it to be changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from assistant.engine.answer_words import none_word, now_empty_words, value_words
from assistant.engine.words import ADDRESSED_WORDS, SPEAKER_WORDS, shown
from assistant.ui.key_order import give_in_order
from assistant.ui.textual_internals import (
    SteadyScrollbars,
    StylesOncePerDrawing,
    rewrap_options,
)
from assistant.ui.widgets.hanging import Hanging

EDITABLE = ("answered", "changed", "skipped")
#: Why Enter on an entry opens nothing (a menu's choice, or an answer kept nowhere).
NOT_CHANGED_HERE_CHOICE = (
    "A choice of where to go next cannot be changed here: press F8 Back to go back to it, "
    "or open the topic again from F4 Topics."
)
NOT_CHANGED_HERE = (
    "This answer is not kept in the plan, so there is nothing to change here: press F8 Back "
    "to go back to it, or open the topic again from F4 Topics."
)
#: What the keys do while an answer in the conversation is picked (under the question).
READING_HINT = "Enter: change this answer · Esc: back to the question"
ANSWER_INDENT = "    "  # under the answer's first line, after "  ▸ "
#: Between the items of a list answer: a comma is often inside an item ("Dr Ahmed, Millbrook
#: Surgery"; a goal said in the person's words), so a comma between them ran them together.
LIST_BETWEEN = " · "


class Transcript(StylesOncePerDrawing, OptionList, SteadyScrollbars):
    """Keeps its entries in step with ``Conversation.transcript()`` (adds and removes only).

    One click on an answer only picks it (it is highlighted, and the line under the question
    says Enter changes it), as Shift+Tab and the arrow keys do; Enter or a double click opens
    it to be changed. (One click used to open the change dialog at once: a worker reading
    back with the mouse, or a stray click, put a dialog over the conversation.)"""

    #: A double click opens the answer (ui/clicks.py lets its second click through).
    CHAINED_CLICKS = True

    class EditRequested(Message):
        def __init__(self, entry: Any) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, describe: Callable[[Any], tuple[str, Any, Sequence[Any]]], **kwargs: Any):
        """``describe(entry)`` -> (speaker the question was for, answer shape, options)."""
        super().__init__(**kwargs)
        self._describe = describe
        self._entries: dict[str, Any] = {}
        self._people = {"person": "Person", "worker": "Worker", "both": "Together"}
        self._wrap_width: int | None = None  # the width every entry's lines were wrapped at

    def set_person_name(self, name: str) -> None:
        if name:
            # The by-line under each answer: shown like every other name (issue 13), one line.
            self._people["person"] = " ".join(shown(name, 200).split())

    def render_entry(self, entry: Any) -> Hanging:
        speaker, shape, options = self._describe(entry)
        who = self._people.get(entry.by, SPEAKER_WORDS.get(entry.by, entry.by))
        header = Content(ADDRESSED_WORDS.get(speaker, "To you both")).stylize("$text-muted")
        prompt = Content(shown(entry.prompt)) if entry.prompt else Content("")
        if entry.action == "skipped":
            answer = Content("Not today").stylize("italic")
        else:
            # An answer of several lines keeps them under its own first line, not at the
            # margin where they read as the next thing said.
            words = shown(value_words(entry.value, shape, options, between=LIST_BETWEEN))
            if entry.value == [] and getattr(shape, "type", None) == "records":
                # A list given empty on purpose ("No one right now" when Done asked): "No
                # one added yet" read as if the people had not got to it.
                words = f"{none_word(shape)} right now"
            answer = Content(words.replace("\n", "\n" + ANSWER_INDENT))
            if getattr(entry, "emptied", False):
                # Every entry taken off a list that had some: "Nothing added yet" read as if
                # nothing had ever been said.
                now = Content(now_empty_words(shape))
                corrected = entry.action == "changed" and getattr(entry, "corrected", False)
                said = "Corrected to: " if corrected else "Emptied: "
                answer = Content(said).stylize("italic") + now
            elif entry.action == "changed":
                # Marked as correcting a mistake in the record: it reads as the audit does.
                said = "Corrected to: " if getattr(entry, "corrected", False) else "Changed to: "
                answer = Content(said).stylize("italic") + answer
            elif getattr(entry, "kept", False):
                # Given again as it already was (e.g. carried from the last meeting): who
                # saved it kept it, they did not newly say it.
                answer = Content("Kept as it was: ").stylize("italic") + answer
        if getattr(entry, "suggested", False) and entry.action == "answered":
            # The app's wording (a referral's drafted message) taken as offered: agreed by
            # them, not their words (as the audit and the subject access export say).
            who = f"suggested by the app, agreed by {self._agreed_by(entry.by, who)}"
        # A long answer wraps under its own first word, not back at the margin.
        return Hanging(
            Content.assemble(
                header,
                "\n",
                prompt.stylize("bold"),
                "\n",
                Content("  ▸ ").stylize("$text-primary"),  # as wide as ANSWER_INDENT
                answer.stylize("$text-success"),
                Content(f"  — {who}").stylize("$text-muted"),
                "\n",
            )
        )

    def _agreed_by(self, by: str, who: str) -> str:
        """Who agreed to the app's suggested words, to follow "agreed by"."""
        if by == "worker":
            return "the worker"
        if by == "both":
            return f"{self._people['person']} and the worker"
        return who

    @property
    def entries(self) -> list[Any]:
        return list(self._entries.values())

    def sync(self, entries: Sequence[Any]) -> bool:
        """Show exactly ``entries``; returns True if anything was added."""
        wanted = {f"e{e.seq}" for e in entries}
        for key in [k for k in self._entries if k not in wanted]:
            self._entries.pop(key)
            self.remove_option(key)
        new = [e for e in entries if f"e{e.seq}" not in self._entries]
        for entry in new:
            self._entries[f"e{entry.seq}"] = entry
        if new:
            self.add_options([Option(self.render_entry(e), id=f"e{e.seq}") for e in new])
            self.scroll_end(animate=False)
            if not self.has_focus:
                # The meeting has moved on since anyone read up here: coming up again starts
                # on the latest answer (``on_focus``), not on the one picked last time, out of
                # view by now (Enter then opened an answer nobody could see was picked).
                self.highlighted = None
        return bool(new)

    def on_resize(self, event: events.Resize) -> None:
        """Keep every entry's wrapped lines when only the height changed.

        The question below takes a different number of lines at almost every step, so the
        transcript is resized at almost every step. OptionList then throws away every entry's
        wrapped lines and works them all out again, a cost that grew with the meeting. Lines
        wrap by width alone, so they are kept unless the width for text changed (a resize of
        the window, or the scroll bar coming or going).
        """
        width = self.scrollable_content_region.width
        if width == self._wrap_width:
            # OptionList's own handler would clear its caches (textual_internals: pinned).
            event.prevent_default()
        self._wrap_width = width

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """The scroll bar came or went with no resize: the lines already wrapped were as wide
        as the whole list, and their last words were drawn under the bar ("I have no" over
        "sent it yet"). Wrap them again at the width left for text."""
        width = self.scrollable_content_region.width
        if width != self._wrap_width:
            self._wrap_width = width
            rewrap_options(self)

    def on_mount(self) -> None:
        # Stay on the latest answer when the room changes (guidance hidden and shown, a taller
        # question, a smaller window) until someone scrolls up to read; back at the end, stay.
        self.anchor()

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            return  # OptionList's own click handler picks the answer and opens it (action_select)
        # Before OptionList's own handler, which would open it: this click only picks.
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if isinstance(clicked, int) and 0 <= clicked < self.option_count:
            self.highlighted = clicked

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        # Moving up to read an earlier answer lets go of the end (Textual's anchor); coming
        # back down to the latest holds it again.
        if event.option_index == self.option_count - 1:
            self.anchor()

    def scroll_to_highlight(self, top: bool = False) -> None:
        """Only while someone reads up here (the transcript has the focus). Shown again
        (after F4 or F5), OptionList scrolls to the highlighted entry: the one last read, an
        old answer by then, and the latest one above the question went out of view (it also
        let go of the end, so the next answers stayed out of view too)."""
        if self.has_focus:
            super().scroll_to_highlight(top)

    def on_focus(self) -> None:
        # Coming up from the answer: start on the latest answer.
        if self.highlighted is None and self.option_count:
            self.highlighted = self.option_count - 1

    def action_select(self) -> None:
        # At once, in order with the keys around it (OptionList would post OptionSelected and
        # ask for the change a message later, after keys typed since).
        index = self.highlighted
        if index is None:
            return
        entry = self._entries.get(self.get_option_at_index(index).id or "")
        if entry is None:
            return
        if entry.action in EDITABLE and entry.path:
            give_in_order(self.screen, self.EditRequested(entry))
            return
        # Enter was pressed as the screen says to: say why nothing opens, and what to do.
        self.app.notify(
            NOT_CHANGED_HERE_CHOICE if entry.action == "chose" else NOT_CHANGED_HERE,
            markup=False,
            timeout=10,
        )
