"""Reflect on this meeting (worker only): the worker-only topic, one question at a time.

Opened from Home for the person's latest finished meeting (see
``assistant.meetings.reflection``), whose day it shows: it may be written days later. Each
answer is saved with that meeting before the next question appears, as in a meeting. Words
typed but not yet given are saved on Close (never dropped silently); the record stays locked
while it is open and is let go when it closes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from assistant.engine.conversation import FlowError, StateError
from assistant.engine.words import clean
from assistant.meetings.meeting import FAILED, Meeting
from assistant.meetings.paths import answer_at
from assistant.meetings.reflection import (
    NoReflection,
    meeting_day,
    open_reflection,
    reflection_done,
)
from assistant.records import RecordsError
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.widgets.answer_base import Answer, literal
from assistant.ui.widgets.answers import (
    NOTHING_WRITTEN_NEEDED,
    GoOnAnswer,
    MultiChoiceAnswer,
    answer_spec,
    nothing_written,
)
from assistant.ui.widgets.dialog import (
    ButtonRow,
    Dialog,
    DialogBody,
    DialogBottom,
    DialogMessage,
    DialogTop,
)

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp

TITLE = "Reflect on this meeting (worker only)"
SAVED = "Your reflection is saved with this meeting. It is not in the plan."
#: Done (or Enter) with nothing written: as in a meeting, but Skip is this dialog's Not today.
NOTHING_WRITTEN_HERE = "Nothing written yet. Write an answer, or press Skip to leave it for today."
#: Done with nothing ticked (a list of choices).
NOTHING_TICKED_HERE = "Nothing is ticked yet. Tick one, or press Skip to leave it for today."
NOTHING_TICKED_NEEDED = "Nothing is ticked yet. Tick one to go on."


class ReflectionScreen(Dialog[str | None]):
    """Dismisses a message for Home (what was saved), or None when nothing was answered."""

    app: CpiApp
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "done", "Done"),
    ]

    # The answer box keeps the question above it in view: a long-text box is five rows (as
    # in a meeting, session.tcss), not the ~16 it grows to on its own, and a tick list is as
    # tall as its options up to ten (it scrolls beyond), so at 80x24 the prompt and every
    # option of the first question fit.
    DEFAULT_CSS = """
    ReflectionScreen #reflection-prompt { text-style: bold; margin-top: 1; }
    ReflectionScreen #reflection-hint { text-style: italic; }
    ReflectionScreen #reflection-guidance { color: $text-muted; margin-top: 1; }
    ReflectionScreen #reflection-answer { height: auto; }
    ReflectionScreen #reflection-answer TextArea { height: 5; }
    ReflectionScreen #reflection-answer OptionList,
    ReflectionScreen #reflection-answer SelectionList { height: auto; max-height: 10; }
    """

    def __init__(self, meeting: Meeting, person_name: str, day: str = "") -> None:
        super().__init__()
        self.meeting = meeting
        self.person_name = person_name
        self.day = day  # the meeting's day, in words ("" when the record does not say)
        self._answer: Answer | None = None
        self._answered = False
        self._said = ""  # the message line's words
        self._leave_anyway = False  # Close pressed again after typed words could not be saved

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="reflection"):
            with DialogTop():
                yield Static(Content(TITLE), classes="dialog-title")
            with DialogBody(id="reflection-body"):
                yield Static(
                    Content(
                        f"About the meeting with {clean(self.person_name)}"
                        + (f" on {self.day}" if self.day else "")
                        # Where it is kept, and that they can read it, the opening words say
                        # (the walk found both said twice).
                        + "."
                    ).stylize("$text-muted"),
                    id="reflection-note",
                )
                yield Static(id="reflection-prompt")
                yield Static(id="reflection-hint")
                yield Vertical(id="reflection-answer")
                yield Static(id="reflection-guidance")
            with DialogBottom():
                # Hidden while empty: a small screen needs its rows for the question.
                yield DialogMessage(id="reflection-message")
                with ButtonRow(classes="dialog-buttons"):
                    yield Button(Content("Done"), id="reflection-done", variant="primary")
                    yield Button(Content("Skip"), id="reflection-skip")
                    yield Button(Content("Close"), id="reflection-close")

    async def on_mount(self) -> None:
        await self.show_step()

    async def show_step(self) -> None:
        """Show the question the reflection is on (or close, once its last line is read)."""
        if reflection_done(self.meeting):
            self.dismiss(SAVED if self._answered else None)
            return
        step = self.meeting.conv.step
        self.query_one("#reflection-prompt", Static).update(literal(step.text))
        hint = step.hint if step.kind == "ask" else ""
        hint_line = self.query_one("#reflection-hint", Static)
        hint_line.display = bool(hint)
        hint_line.update(literal(hint or ""))
        guidance = self.query_one("#reflection-guidance", Static)
        guidance.display = bool(step.guidance)
        guidance.update(literal(step.guidance or ""))
        cls, args = answer_spec(step)
        slot = self.query_one("#reflection-answer", Vertical)
        await slot.remove_children()
        self._answer = cls(*args)
        await slot.mount(self._answer)
        await self._answer.ready()
        asking = step.kind == "ask"
        self.query_one("#reflection-done").display = asking
        self.query_one("#reflection-skip").display = asking and step.can_skip
        self._answer.focus_first()
        self._leave_anyway = False
        # A mouse button pressed before this question was drawn clicks nothing on it.
        self.app.clicks.question_shown()

    def _message(self, text: str) -> None:
        self._said = text
        self.query_one("#reflection-message-box", DialogMessage).say(literal(text))

    async def _act(self, outcome: Any) -> None:
        if not outcome.done:
            self._message(outcome.message)
            return
        if outcome.save is not None and outcome.save.state == FAILED:
            self._message(outcome.save.message)
        else:
            self._message("")
        await self.show_step()

    @on(Answer.Notice)
    def _answer_notice(self, event: Answer.Notice) -> None:
        event.stop()
        if event.answer is self._answer:
            self._message(event.text)

    @on(Answer.Submit)
    async def _submitted(self, event: Answer.Submit) -> None:
        event.stop()
        if event.answer is not self._answer:
            return  # a late message from a question already answered
        await self._give(event.value)

    async def _give(self, value: Any) -> bool:
        """Give ``value`` to the step on screen; True when it was taken and saved."""
        step = self.meeting.conv.step
        if step.kind == "ask" and nothing_written(self._answer, value):
            # A stray Enter or Done in an empty box: say what to do, as the meeting screen
            # does, rather than save "Not today" (Skip does that on purpose).
            self._message(NOTHING_WRITTEN_HERE if step.can_skip else NOTHING_WRITTEN_NEEDED)
            if self._answer is not None:
                self._answer.focus_first()  # from the Done button: back to the box to write
            return False
        outcome = self.meeting.give(step, value)
        taken = outcome.done and not (outcome.save is not None and outcome.save.state == FAILED)
        if taken and step.kind == "ask":
            self._answered = True
        await self._act(outcome)
        return taken

    def pending(self) -> bool:
        """The answer box holds words (or ticks) the worker has not given yet: not what is
        stored for this question, and not empty."""
        step = self.meeting.conv.step
        answer = self._answer
        if step.kind != "ask" or not step.path or answer is None:
            return False
        if isinstance(answer, GoOnAnswer):
            return False
        value = answer.current()
        if value in (None, "", [], {}) or (isinstance(value, str) and not value.strip()):
            return False
        return value != answer_at(self.meeting.conv.data, step.path)

    async def action_done(self) -> None:
        answer = self._answer
        if answer is None:
            return
        if isinstance(answer, GoOnAnswer):
            await self._give(None)
        elif isinstance(answer, MultiChoiceAnswer) and not answer.current():
            # Nothing ticked: say what to do, as for an empty box (it left the question for
            # today without a word; Skip does that on purpose).
            can_skip = self.meeting.conv.step.can_skip
            self._message(NOTHING_TICKED_HERE if can_skip else NOTHING_TICKED_NEEDED)
            answer.focus_first()
        else:
            await self._give(answer.current())

    async def action_skip(self) -> None:
        if self.meeting.conv.step.kind == "ask":
            await self._act(self.meeting.skip())

    async def action_close(self) -> None:
        """Close. Words typed but not given yet are saved first (a worker expects Close to
        keep what they wrote); if they cannot be (a check refuses them, the disk fails), the
        dialog stays and says why, and a second Close leaves without them."""
        if self.pending() and not self._leave_anyway:
            answer = self._answer
            assert answer is not None
            if not await self._give(answer.current()):
                self._leave_anyway = True
                self._message(
                    f"{self._said} Your words are still in the box. To leave without "
                    "them, press Close again."
                )
                return
            if reflection_done(self.meeting):
                return  # show_step has dismissed it already
        saved = self._answered and self.meeting.status.state != FAILED
        self.dismiss(SAVED if saved else None)

    @on(Button.Pressed, "#reflection-done")
    async def _done_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_done()

    @on(Button.Pressed, "#reflection-skip")
    async def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_skip()

    @on(Button.Pressed, "#reflection-close")
    async def _close_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_close()


async def reflect_on_latest_meeting(app: CpiApp, person_id: str, person_name: str) -> None:
    """Open the person's record and their latest finished meeting's reflection; let the
    record go when the worker closes it."""
    content = await app.wait_for_content()
    if content is None or app.store is None:
        await app.push_screen(
            ProblemScreen("The reflection cannot open", app.content_problem or "No records.")
        )
        return
    try:
        case = app.store.open(person_id)
    except RecordsError as exc:
        await app.push_screen(ProblemScreen("This record cannot be opened now", str(exc)))
        return
    try:
        meeting = open_reflection(case, content)
        day = meeting_day(case)
    except (NoReflection, StateError, FlowError, RecordsError) as exc:
        case.close()
        await app.push_screen(ProblemScreen("The reflection cannot open", str(exc)))
        return

    def closed(message: str | None) -> None:
        try:
            case.close()
        except RecordsError as exc:
            app.notify(str(exc), markup=False, severity="error", timeout=20)
            return
        if message:
            app.notify(message, markup=False, timeout=8)

    await app.push_screen(ReflectionScreen(meeting, person_name, day), closed)
