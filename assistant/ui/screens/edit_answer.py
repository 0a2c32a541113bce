"""Change an earlier answer from the transcript, with the same answer widget as before."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Static

from assistant.engine.answers import is_empty
from assistant.engine.words import SPEAKER_WORDS
from assistant.ui.widgets.answers import (
    PICK_ONE_FIRST,
    Answer,
    ChoiceAnswer,
    LongTextAnswer,
    MultiChoiceAnswer,
    TextAnswer,
    answer_for_shape,
    literal,
    nothing_written,
)
from assistant.ui.widgets.confirm import Confirm, close_or_ask
from assistant.ui.widgets.dialog import (
    ButtonRow,
    Dialog,
    DialogBody,
    DialogBottom,
    DialogMessage,
    DialogTop,
)
from assistant.ui.widgets.speaker_line import NEXT, SpeakerLine, next_speaker

#: The choice that marks a change as the correction of a mistake in the record.
CORRECTION_WORDS = "This corrects a mistake in the record"
#: Asked before a change that clears the words of an answer (saved, it would hold nothing).
CLEAR_QUESTION = (
    "Clear this answer? Nothing is written in the box, so saving takes away the answer "
    "given before. Go back to write it again, or Cancel to keep it as it was."
)
#: Asked before a change that takes every tick off an answer (saved, it would hold nothing).
UNTICK_QUESTION = (
    "Clear this answer? Nothing is ticked, so saving takes away the answer given before. "
    "Go back to tick one again, or Cancel to keep it as it was."
)
#: Saving an empty box where nothing was given before: nothing to change.
NOTHING_TO_SAVE = "Nothing written yet. Write an answer, or Cancel to leave it as it was."
#: Saving with nothing ticked where nothing was given before.
NOTHING_TICKED = "Nothing is ticked yet. Tick an answer, or Cancel to leave it as it was."
#: Clearing the answer of a question that cannot be left (``can_skip: false``).
NEEDS_AN_ANSWER = (
    "This question needs an answer, so it cannot be cleared. Change it, or Cancel to keep it "
    "as it was."
)


class MarkedCheckbox(Checkbox):
    """A checkbox whose tick is a mark (X), not only a colour: blank until ticked."""

    def __init__(self, label: Content, value: bool = False, **options: Any) -> None:
        super().__init__(label, value, **options)
        self.BUTTON_INNER = "X" if value else " "

    def watch_value(self, value: bool) -> None:
        self.BUTTON_INNER = "X" if value else " "
        self.refresh()


class EditAnswer(Dialog[bool]):
    """Dismisses True once the change is made (and saved), False when cancelled.

    It says who is changing the answer (``by``: at first whoever gave it), and F2 or a click
    changes that, as on the meeting screen: a change is credited to the one who made it
    (``who_fixed``: only ``by`` can, as the worker in solo practice; F2 does nothing then).
    ``try_edit(value, by)`` makes the change and returns None, or why it was not made; when
    the worker ticks :data:`CORRECTION_WORDS` (off at first) it is called with
    ``correction=True`` too (the person asked for a mistake to be put right, kept in the
    audit trail as a correction). ``meeting``: the meeting the answer is from (a list of
    people says where else its plan names someone taken off or renamed, as in the meeting)."""

    DEFAULT_CSS = """
    EditAnswer .edit-title {
        color: $text-primary;
        text-style: bold;
    }
    EditAnswer #edit-question-box {
        /* The question as it was asked, whole: a very long one scrolls in a few lines
           rather than taking the screen from the answer. */
        height: auto;
        max-height: 8;
        margin-bottom: 1;
    }
    EditAnswer #edit-speaker {
        margin-bottom: 1;
    }
    EditAnswer #edit-correction {
        margin-bottom: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Cancel"),
        Binding("ctrl+s", "save", "Save change", priority=True),
        Binding("f2", "cycle_speaker", "Who", key_display="F2", priority=True),
    ]

    def __init__(
        self,
        entry: Any,
        node: Any,
        value: Any,
        try_edit: Callable[..., str | None],
        *,
        by: str = "both",
        speakers: dict[str, str] | None = None,
        about: str | None = None,
        who_fixed: bool = False,
        meeting: Any = None,
    ) -> None:
        super().__init__()
        self.who_fixed = who_fixed
        # The meeting whose plan a list of people looks in, as on the meeting screen: taking
        # someone off or changing their name says where the plan still names them.
        self.meeting = meeting
        self.about = about  # the record a question asked once per record is about
        self.entry = entry
        self.node = node
        self.value = value
        self.try_edit = try_edit
        self.by = by
        self.speakers = speakers or SPEAKER_WORDS
        self._answer: Answer | None = None
        # The words in the box as the dialog opened: Escape asks before closing once they
        # differ (set at mount).
        self._opened_with: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="edit"):
            # The question being changed, in its own words, stays in view with the title.
            with DialogTop():
                yield Static(Content("Change an earlier answer"), classes="edit-title")
                with VerticalScroll(id="edit-question-box", can_focus=False):
                    if self.about:
                        # "What would you like to do with this goal now?" says not which.
                        yield Static(literal(f"About: {self.about}"), id="edit-about")
                    yield Static(literal(self.entry.prompt, "bold"), id="edit-question")
                if not self.node.options_from:
                    yield SpeakerLine(id="edit-speaker")
            with DialogBody(id="edit-body"):
                if self.node.options_from:
                    yield Static(
                        Content(
                            "The choices for this question are worked out at the time it is "
                            "asked. To change it, open its topic again from the topic map."
                        )
                    )
                else:
                    self._answer = answer_for_shape(self.node, self.value)
                    yield self._answer
            with DialogBottom():
                if self._answer is not None:
                    yield MarkedCheckbox(
                        Content(CORRECTION_WORDS), compact=True, id="edit-correction"
                    )
                yield DialogMessage(id="edit-message")
                with ButtonRow(classes="dialog-buttons"):
                    if self._answer is not None:
                        yield Button(Content("Save change"), id="edit-save", variant="primary")
                    yield Button(Content("Cancel"), id="edit-cancel")

    def on_mount(self) -> None:
        if self.query("#edit-speaker"):
            self._show_speaker()
        if self._answer is not None:
            self._answer.focus_first()
            self._say_answer_now()
        else:
            self.query_one("#edit-cancel").focus()
        self._opened_with = self._words()

    def _words(self) -> str | None:
        """The words in the answer's box; None for an answer picked rather than typed (a
        choice's highlight or a rating's focus moves as the worker looks, so it is no sign
        of anything typed)."""
        if isinstance(self._answer, TextAnswer | LongTextAnswer):
            return str(self._answer.current())
        return None

    def _say_answer_now(self) -> None:
        """A choice made on purpose (agreeing the plan) has nothing picked here, never an
        answer ready for Save: the answer it has now is said in words instead."""
        if not getattr(self.node, "pick_on_purpose", False) or self.value is None:
            return
        labels = {str(o.value): o.label for o in getattr(self.node, "options", ())}
        now = labels.get(str(self.value))
        if now:
            self.query_one("#edit-message-box", DialogMessage).say(
                literal(f"Now: {now}. To change it, pick again with the arrow keys, then Save.")
            )

    def _show_speaker(self) -> None:
        """Who is changing it, on one row that fits it (a long name is cut, never F2)."""
        line = self.query_one("#edit-speaker", SpeakerLine)
        if self.who_fixed:
            words = Content(self.speakers[self.by]).stylize("bold")
            line.show_text(Content("Who is changing it: ") + words)
            return
        line.show_line("Who is changing it: ", self.by, self.speakers, "  (F2)", "  (F2)")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_speaker" and self.who_fixed:
            return False  # nobody else can make the change: F2 is not offered
        return super().check_action(action, parameters)

    def action_cycle_speaker(self) -> None:
        self._change_speaker(next_speaker(self.by))

    @on(SpeakerLine.Chosen)
    def _speaker_clicked(self, event: SpeakerLine.Chosen) -> None:
        # A name on the line picks that one; its F2 hint goes on, as F2 does.
        event.stop()
        self._change_speaker(next_speaker(self.by) if event.speaker == NEXT else event.speaker)

    def _change_speaker(self, by: str) -> None:
        if self._answer is None or self.who_fixed:
            return
        self.by = by
        self._show_speaker()

    def _try(self, value: Any) -> None:
        if isinstance(self._answer, ChoiceAnswer) and value is None:
            # A choice made on purpose has nothing highlighted until an arrow key: Save then
            # gave no answer at all.
            self.query_one("#edit-message-box", DialogMessage).say(literal(PICK_ONE_FIRST))
            return
        if nothing_written(self._answer, value) or self._nothing_ticked(value):
            self._ask_before_clearing(value)
            return
        self._make(value)

    def _nothing_ticked(self, value: Any) -> bool:
        """Whether every tick was taken off: given, it would be saved as nothing at all."""
        return isinstance(self._answer, MultiChoiceAnswer) and not value

    def _ask_before_clearing(self, value: Any) -> None:
        """The words cleared from the box, or every tick taken off: saved, the answer given
        before is taken away (the conversation then reads "(nothing)"), so ask first; Go
        back (and Enter, and Escape) leaves the dialog as it was. With nothing given before,
        there is nothing to clear: say what to do instead."""
        ticks = self._nothing_ticked(value)
        if not getattr(self.node, "can_skip", True):
            # Asking "Clear this answer?" only for the engine to refuse the empty answer
            # after the yes: say at once that it cannot be cleared.
            self.query_one("#edit-message-box", DialogMessage).say(literal(NEEDS_AN_ANSWER))
            return
        if is_empty(self.value):
            words = NOTHING_TICKED if ticks else NOTHING_TO_SAVE
            self.query_one("#edit-message-box", DialogMessage).say(literal(words))
            return

        def answered(clear: bool | None) -> None:
            if clear:
                self._make(value)
            elif self._answer is not None:
                self._answer.focus_first()

        question = UNTICK_QUESTION if ticks else CLEAR_QUESTION
        self.app.push_screen(
            Confirm(Content(question), yes="Clear the answer", no="Go back"), answered
        )

    def _make(self, value: Any) -> None:
        ticked = self.query("#edit-correction")
        if ticked and ticked.first(Checkbox).value:
            problem = self.try_edit(value, self.by, correction=True)
        else:
            problem = self.try_edit(value, self.by)
        if problem:
            self.query_one("#edit-message-box", DialogMessage).say(literal(problem))
            return
        self.dismiss(True)

    @on(Answer.Submit)
    def _submitted(self, event: Answer.Submit) -> None:
        event.stop()
        self._try(event.value)

    def action_save(self) -> None:
        if self._answer is not None:
            self._try(self._answer.current())

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_leave(self) -> None:
        """Escape closes the dialog, but asks first over words typed in it."""
        close_or_ask(self, self._words() != self._opened_with, self.action_cancel, "Save change")

    @on(Button.Pressed, "#edit-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#edit-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
