"""The conversation so far, chat style: each question, who it was for, each answer and who
gave it. Entries are focusable; Enter on one changes that answer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from assistant.ui.text import ADDRESSED_WORDS, SPEAKER_WORDS, shown, value_words

EDITABLE = ("answered", "changed", "skipped")


class TranscriptEntry(Static, can_focus=True):
    """One exchange: the question as asked, then the answer and who gave it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,e", "edit", "Change this answer", show=False),
    ]

    class EditRequested(Message):
        def __init__(self, entry: Any) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, entry: Any, body: Content, **kwargs: Any) -> None:
        super().__init__(body, **kwargs)
        self.entry = entry

    def action_edit(self) -> None:
        if self.entry.action in EDITABLE and self.entry.path:
            self.post_message(self.EditRequested(self.entry))

    def on_click(self) -> None:
        self.action_edit()


class Transcript(VerticalScroll, can_focus=False):
    """Keeps its entries in step with ``Conversation.transcript()`` (adds and removes only)."""

    def __init__(self, describe: Callable[[Any], tuple[str, Any, Sequence[Any]]], **kwargs: Any):
        """``describe(entry)`` -> (speaker the question was for, answer shape, options)."""
        super().__init__(**kwargs)
        self._describe = describe
        self._shown: dict[int, TranscriptEntry] = {}
        self._people = {"person": "Person", "worker": "Worker", "both": "Together"}

    def compose(self) -> Any:
        yield Static(
            Content(
                "What we say will build up here. To change an earlier answer, press "
                "Shift+Tab to go up to it, then Enter."
            ).stylize("$text-muted"),
            id="transcript-empty",
        )

    def set_person_name(self, name: str) -> None:
        if name:
            self._people["person"] = name

    def render_entry(self, entry: Any) -> Content:
        speaker, shape, options = self._describe(entry)
        who = self._people.get(entry.by, SPEAKER_WORDS.get(entry.by, entry.by))
        header = Content(ADDRESSED_WORDS.get(speaker, "To you both")).stylize("$text-muted")
        prompt = Content(shown(entry.prompt)) if entry.prompt else Content("")
        if entry.action == "skipped":
            answer = Content("Not today").stylize("italic")
        elif entry.action == "changed":
            answer = Content("Changed to: ").stylize("italic") + Content(
                shown(value_words(entry.value, shape, options))
            )
        else:
            answer = Content(shown(value_words(entry.value, shape, options)))
        return Content.assemble(
            header,
            "\n",
            prompt.stylize("bold"),
            "\n",
            Content("  ▸ ").stylize("$text-primary"),
            answer.stylize("$text-success"),
            Content(f"  — {who}").stylize("$text-muted"),
        )

    def sync(self, entries: Sequence[Any]) -> bool:
        """Show exactly ``entries``; returns True if anything was added."""
        wanted = {e.seq for e in entries}
        for seq in [s for s in self._shown if s not in wanted]:
            self._shown.pop(seq).remove()
        new = [e for e in entries if e.seq not in self._shown]
        widgets = []
        for entry in new:
            widget = TranscriptEntry(entry, self.render_entry(entry), classes="entry")
            self._shown[entry.seq] = widget
            widgets.append(widget)
        self.query_one("#transcript-empty").display = not entries
        if widgets:
            self.mount_all(widgets)
            self.call_after_refresh(self.scroll_end, animate=False)
        return bool(widgets)

    def refresh_names(self) -> None:
        for widget in self._shown.values():
            widget.update(self.render_entry(widget.entry))
