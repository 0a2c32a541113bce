"""Practice with a fictional persona: chooser, start, role cards, the practice and feedback.

The practice session is the ordinary :class:`SessionScreen` on a
:class:`assistant.meetings.practice.TrainingMeeting` (a ``Meeting`` with no case record). In
solo practice the trainee is the worker: at each of the person's steps a move panel offers the
worker's moves (ask openly, reflect, offer the keyboard, suggest an idea...) and the persona
reacts to the move made (``TrainingMeeting.move``). It saves only to the separate training
store, never beside real records.

Who sees what (issue 17 §5): a solo trainee reads only what a worker would know before the
meeting (``persona.referral``); the role card and the trainer's notes hold the persona's
secrets and are behind a "For the trainer" question. In paired role-play the role card is for
the colleague playing the person: the app asks to hand them the keyboard first.

No persona, answer or feedback text is ever parsed as markup (``Content(...)``/``markup=False``).
"""

from __future__ import annotations

import asyncio
import datetime as _dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from weakref import WeakKeyDictionary

from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Markdown, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from assistant.export.render import ExportError, write_export
from assistant.flows.problems import ContentError, did_you_mean
from assistant.meetings.meeting import FAILED, Outcome
from assistant.meetings.practice import (
    NO_HISTORY,
    TrainingMeeting,
    practice_meeting,
    resume_practice_meeting,
)
from assistant.private_dirs import ensure_private_dir
from assistant.records import RecordsError
from assistant.text_fold import fold
from assistant.training.feedback import feedback_file_stem
from assistant.training.loader import content_layers, load_personas, usable_personas
from assistant.training.moves import Move, MoveInfo, moves_for
from assistant.training.render import role_card_markdown, trainer_notes_markdown
from assistant.training.session import TrainingError, TrainingSession
from assistant.training.store import (
    PracticeInfo,
    list_practices,
    load_practice,
    next_practice_meeting,
    open_training_store,
    saved_at,
)
from assistant.training.timeline import Timeline
from assistant.ui.screens.export import default_folder
from assistant.ui.screens.passphrase import PassphraseScreen
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.screens.session import SessionScreen
from assistant.ui.training_view import (
    persona_line,
    practice_items,
    practice_meeting_words,
    referral_text,
    resume_line,
    said_line,
)
from assistant.ui.widgets.answer_base import focus_now, literal
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.keybar import KeyBar
from assistant.ui.widgets.move_panel import MovePanel
from assistant.ui.widgets.training_banner import TrainingBanner, toasts_below_banner
from assistant.ui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from textual.worker import Worker

    from assistant.records import CaseStore
    from assistant.training.model import Persona
    from assistant.training.session import Mode, TrainingLaunch
    from assistant.ui.app import CpiApp

BANNER_CSS = """
#training-banner {
    dock: top;
    height: auto;
    border: heavy $warning;
    padding: 0 1;
    text-style: bold;
}
#training-top {
    dock: top;
    height: auto;
}
#training-top #training-banner { dock: none; }
#persona-says {
    height: auto;
    max-height: 6;
    padding: 0 1;
}
.practice-buttons { height: auto; }
"""


#: F1 on a practice screen opens help at the practice's keys.
PRACTICE_HELP = "Practice (training)"

#: The trainee's name, remembered for the app run (asked once in the chooser).
_TRAINEES: WeakKeyDictionary[App[Any], str] = WeakKeyDictionary()


def trainee_of(app: App[Any]) -> str:
    """The name the trainee gave in this app run ("" until they give one)."""
    return _TRAINEES.get(app, "")


def remember_trainee(app: App[Any], name: str) -> None:
    _TRAINEES[app] = " ".join(name.split())


def real_names(app: App[Any]) -> frozenset[str]:
    """The names of the people in the real records, folded (case and accents), from the
    people list only: no record is read. Empty when the records are not open (locked, or
    not usable): then there is nothing to warn about."""
    store: CaseStore | None = getattr(app, "store", None)
    if store is None:
        return frozenset()
    try:
        people = store.list_people(file_times=False)
    except (RecordsError, OSError):  # a warning's check must not stop a practice
        return frozenset()
    return frozenset(fold(" ".join(p.display_name.split())) for p in people)


def real_name_warning(name: str) -> str:
    """Said under the trainee's name when it is a real person's name (the practice is saved
    under it, and a practice must never read as a real person's record)."""
    return (
        f"Someone with a record here is called {name}. Practice is kept apart from real "
        "records; use your own name, not a person's."
    )


def trainer_question(persona: Persona) -> Content:
    """The question before the persona's secrets are shown (role card, trainer's notes)."""
    return Content.assemble(
        ("For the trainer\n", "bold"),
        (
            f"The role card and the trainer's notes say what {persona.name} keeps to "
            "themselves and which ideas they would take up or turn down. A trainee who is "
            "about to practise should not read them. Show them?",
            "",
        ),
    )


# ------------------------------------------------------------------------------ screens


class PracticeCommands(Provider):
    """The practice's own actions in the command palette (ctrl+p), beside the meeting's."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        if not isinstance(screen, PracticeScreen):
            return []
        card = (
            ("What you know", "What a worker would know before meeting them (F10)")
            if screen.training_meeting.solo
            else ("Role card", "The role card, for the colleague playing the person (F10)")
        )
        return [
            (*card, screen.action_role_card),
            ("Trainer's view", "Feedback so far, notes, export (ctrl+o)", screen.action_trainer),
        ]

    async def discover(self) -> Hits:
        for name, words, command in self._commands():
            yield DiscoveryHit(name, command, help=words)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, words, command in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=words)


class PracticeTranscript(Transcript):
    """The practice's transcript: the answers (as in a meeting, each one can be changed) and,
    in order between them, the trainee's moves with their words and the persona's reactions
    (refusals, "not yet", the keyboard, talked over, kept private...).

    Everything comes from ``session.events`` and the answer log, put in order by the same
    :class:`~assistant.training.timeline.Timeline` the replay reads, so it is the same after
    Carry on as it was on the day. Warmth is not shown (it is in the feedback)."""

    def __init__(self, describe: Callable[[Any], tuple[str, Any, Any]], **kwargs: Any) -> None:
        super().__init__(describe, **kwargs)
        self._order: list[str] = []  # the keys shown, top to bottom
        self._seen: tuple[int, tuple[int, ...]] | None = None

    def sync(self, entries: Sequence[Any]) -> bool:
        screen = self.screen
        if not isinstance(screen, PracticeScreen):
            return super().sync(entries)
        training = screen.training
        seen = (len(training.events), tuple(e.seq for e in entries))
        if seen == self._seen:
            return False
        self._seen = seen
        by_seq = {e.seq: e for e in entries}
        timeline = Timeline(screen.meeting.conv, training.events)
        name = training.persona.name
        # The lines on screen already are not drawn again (a step adds a line or two).
        items = practice_items(timeline, by_seq, name, known=set(self._order))
        keys = [key for key, _ in items]
        self._entries = {f"e{e.seq}": e for e in entries}
        if keys[: len(self._order)] == self._order:
            new = keys[len(self._order) :]
        else:  # an answer undone or changed earlier on: shown again from the top
            self.clear_options()
            items = practice_items(timeline, by_seq, name)
            keys = new = [key for key, _ in items]
        shown = dict(items)
        self._order = keys
        if new:
            self.add_options(
                [
                    Option(self.render_entry(shown[k]) if k[0] == "e" else shown[k], id=k)
                    for k in new
                ]
            )
            self.scroll_end(animate=False)
        return bool(new)


class PracticeScreen(SessionScreen):
    """The session screen for practice: a TRAINING banner, the persona's words, the moves."""

    HELP_SECTION = PRACTICE_HELP

    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #move-panel { height: auto; }
    #answer-for-note { height: auto; color: $warning; }
    #answer-for-row { height: auto; }
    """
    )
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {PracticeCommands}
    TRANSCRIPT = PracticeTranscript
    # Two keys for practice that keep the app's key scheme (docs/app.md), then the meeting's:
    # ctrl+o, export in a meeting, opens the trainer's view, where the feedback is exported.
    # F11 is taken by terminals and browsers (full screen), ctrl+t by browsers (new tab).
    # The practice keys come first so the key bar still shows them at 80 columns. The moves'
    # keys (1-9) belong to the move panel: they are text in any box.
    BINDINGS: ClassVar[list[BindingType]] = [
        # F10 is "About them" solo and the role card paired: one key, named for what it does
        # in this mode (check_action keeps the other out of the key bar).
        Binding("f10", "role_card", "About them", key_display="F10", priority=True),
        Binding("f10", "paired_role_card", "Role card", key_display="F10", priority=True),
        Binding("ctrl+o", "trainer", "Trainer's view", key_display="^o", priority=True),
        *(b for b in SessionScreen.BINDINGS if not (isinstance(b, Binding) and b.key == "ctrl+o")),
    ]

    def __init__(self, meeting: TrainingMeeting) -> None:
        persona = meeting.training.persona
        super().__init__(meeting, {"display_name": persona.name}, NO_HISTORY)
        self.training_meeting = meeting
        #: The trainee chose "Answer for them" at this step: the answer box is shown.
        self.answering_for = False
        self._moves_at: tuple[Any, ...] | None = None  # the step the moves were shown for

    @property
    def training(self) -> TrainingSession:
        return self.training_meeting.training

    def compose(self) -> ComposeResult:
        with Vertical(id="training-top"):
            yield TrainingBanner(Content(self.training.banner), id="training-banner")
            yield Static(id="persona-says")
        yield from super().compose()

    async def on_mount(self) -> None:
        step_area = self.query_one("#step", Vertical)
        panel = MovePanel(id="move-panel")
        panel.display = False
        note = Static(id="answer-for-note")
        row = Horizontal(
            Button(Content("Back to your moves (Escape)"), id="back-to-moves", compact=True),
            id="answer-for-row",
        )
        note.display = row.display = False
        await step_area.mount(panel, note, row, before="#answer-slot")
        await super().on_mount()
        self._show_said()

    def on_unmount(self) -> None:
        super().on_unmount()
        # The practice's record was held (locked) while it was open: let another window have
        # it once this one is gone, ended or not (the app closed on it).
        self.training_meeting.release()

    def _show_title(self) -> None:
        what = "solo practice" if self.training_meeting.solo else "paired role-play"
        trainee = self.training.trainee
        self.query_one("#session-title", Static).update(
            Content("Practice with ")
            + Content(self.person_name).stylize("bold")
            + Content(f"  ·  {what}").stylize("$text-muted")
            + (Content(f"  ·  {trainee}").stylize("$text-muted") if trainee else Content(""))
        )

    # -- the moves ------------------------------------------------------------------------

    def current_moves(self) -> tuple[MoveInfo, ...]:
        """The moves that fit this step (solo, at the person's steps), else ()."""
        step = self._step()
        if step is None or not self.training_meeting.solo:
            return ()
        # The content tells whether a menu can be left (so "Leave this one" is not offered
        # where the session would refuse it).
        # Reflecting back waits until the person has said something.
        return moves_for(step, self.training.content, heard=self.training.has_spoken)

    async def _show_step(self) -> None:
        conv = self.meeting.conv
        step = conv.step
        # A new step (or the same one answered again): the moves first, not the answer box.
        at = (step.kind, step.topic, step.node_id, step.path, len(conv.log))
        if at != self._moves_at:
            self._moves_at = at
            self.answering_for = False
        await super()._show_step()
        # Moves and reactions count: a burst of refusals before any answer is not "empty".
        self.query_one("#transcript-empty").display = not self.query_one(Transcript).option_count
        self._show_moves()

    def _show_moves(self) -> None:
        moves = self.current_moves() if not self.answering_for else ()
        panel = self.query_one(MovePanel)
        panel.display = bool(moves)
        answering = bool(self.answering_for and self.current_moves())
        self.query_one("#answer-for-note").display = answering
        self.query_one("#answer-for-row").display = answering
        # At a person's step the trainee's way in is a move; the answer box is for
        # "Answer for them" only.
        self.query_one("#answer-slot").display = not moves
        self.query_one("#answer-bar").display = not moves
        # Who answers is the move's to say (answering for them is the worker's answer).
        self.query_one("#speaker").display = not moves and not answering
        if moves:
            step = self._step()
            options = tuple(label for _, label in step.options) if step is not None else ()
            panel.show(moves, options)
            panel.focus_first()
        elif answering:
            self.query_one("#answer-for-note", Static).update(
                Content(
                    f"Answering for {self.person_name}: what you type goes in as yours, over "
                    "their head, and they will notice."
                )
            )

    async def act(self, action: Callable[..., Outcome], *args: Any) -> bool:
        events = len(self.training.events)
        done = await super().act(action, *args)
        # The reaction line is the reaction to this action's move only: after Enter on a
        # step that only says something, a jump or an undo, it goes (it stayed before).
        moved = any(e.get("kind") == "move" for e in self.training.events[events:])
        self._show_said(fresh=moved)
        return done

    @on(MovePanel.Made)
    async def _move_made(self, event: MovePanel.Made) -> None:
        event.stop()
        if self._rendering:
            return
        self.answering_for = False
        await self.act(self.training_meeting.move, event.move)

    @on(MovePanel.AnswerFor)
    def _answer_for(self, event: MovePanel.AnswerFor) -> None:
        event.stop()
        self.answering_for = True
        self._show_moves()
        if self._answer is not None:
            self._answer.focus_first()

    @on(Button.Pressed, "#back-to-moves")
    def _back_to_moves(self, event: Button.Pressed) -> None:
        event.stop()
        self._back_to_moves_now()

    def _back_to_moves_now(self) -> None:
        self.answering_for = False
        self._show_moves()

    def _change_speaker(self, by: str | None) -> None:
        if self.current_moves():
            self._message(
                "In solo practice the person answers your moves; 8 answers for them (as you)."
            )
            return
        super()._change_speaker(by)

    async def action_done(self) -> None:
        if self.query_one(MovePanel).display:
            self._message("Choose a move first: press 1-9.")
            return
        await super().action_done()

    async def action_skip(self) -> None:
        # At the person's step, "not today" said by the worker is the move "leave this one".
        if self.query_one(MovePanel).display:
            if any(info.kind == "move_on" for info in self.current_moves()):
                await self.act(self.training_meeting.move, Move("move_on"))
            else:
                self._message("This question cannot be left for now.")
            return
        await super().action_skip()

    def _show_said(self, *, fresh: bool = True) -> None:
        said = self.training_meeting.said if fresh else []
        widget = self.query_one("#persona-says", Static)
        widget.display = bool(said)
        # On a small screen only the latest words, so the moves keep their room.
        small = self.app.size.height < 30
        widget.styles.max_height = 2 if small else 6
        lines = 1 if small else 4
        # Their own line under the banner (no toast: at 80x24 it covered the banner).
        widget.update(Content("\n").join(said_line(who, words) for who, words in said[-lines:]))
        # Notices start below their words too, once the top is laid out again.
        self.call_after_refresh(toasts_below_banner, self)

    # -- the practice's own keys -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "role_card":
            return self.training_meeting.solo
        if action == "paired_role_card":
            return not self.training_meeting.solo
        return super().check_action(action, parameters)

    def action_paired_role_card(self) -> None:
        self.action_role_card()

    def action_role_card(self) -> None:
        """Solo: what a worker would know. Paired: the role card, after asking first."""
        persona = self.training.persona
        if self.training_meeting.solo:
            self.app.push_screen(ReferralView(persona))
            return

        def shown(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(RoleCardView(persona))

        self.app.push_screen(
            Confirm(
                Content(
                    f"The role card is for the person playing {persona.name} only. Give them "
                    "the keyboard, then show it?"
                ),
                yes="Show the role card",
                no="Back",
            ),
            shown,
        )

    def action_trainer(self) -> None:
        self.app.push_screen(FeedbackScreen(self.training, ending=False))

    def action_finish(self) -> None:
        def back_to_it() -> None:
            if self.query_one(MovePanel).display:
                self.query_one(MovePanel).focus_first()
            elif self._answer is not None:
                self._answer.focus_first()

        def chosen(end: bool | None) -> None:
            if not end:
                back_to_it()
                return
            warning = self._typed_not_used()
            if warning is None:
                self.end_practice()
                return
            self.app.push_screen(
                Confirm(Content(warning + " End the practice anyway?"), yes="End", no="Stay"),
                lambda yes: self.end_practice() if yes else back_to_it(),
            )

        self.app.push_screen(FeedbackScreen(self.training, ending=True), chosen)

    def end_practice(self) -> None:
        """Close the practice, back to the chooser (past the start screen).

        The chooser is always under a practice (``first_screen`` starts with it even for
        ``train --persona X``), so ending never swaps out the app's first screen (that was
        the crash at the end of ``train --persona X``)."""
        meeting = self.training_meeting
        meeting.finish(agreed=False)  # saved, marked finished: no longer offered to carry on
        app = self.app
        if meeting.status.state == FAILED:
            app.notify(meeting.status.message, markup=False, severity="warning")
        while len(app.screen_stack) > 1 and not isinstance(app.screen, PersonaChooser):
            app.pop_screen()
        if isinstance(app.screen, PersonaChooser):
            app.screen.refresh_list()

    def action_export(self) -> None:
        self.action_trainer()

    def action_leave(self) -> None:
        if self.answering_for:  # Escape while answering for them: back to the moves
            self._back_to_moves_now()
            return
        if self.back_to_the_question():
            return
        self.action_finish()

    def unsaved_warning(self) -> str | None:
        """Why quitting now would lose something: a failed save, words typed in the answer
        box (answering for them, or paired) or for a move not made yet."""
        return self.meeting.unsaved_warning() or self._typed_not_used()

    def _typed_not_used(self) -> str | None:
        panel = self.query_one(MovePanel)
        if panel.display and panel.words_typed():
            return (
                "Your words for a move are typed but no move was made with them. To use "
                "them, press Stay, then make the move. If you leave now, they are not kept."
            )
        return self._answer_not_given()


class MarkedRadio(RadioButton):
    """A radio button whose choice is shown by a mark (●), not only by a colour."""

    def render(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super().render()


class PersonaChooser(Screen[None]):
    """The trainee's name, solo or paired, and a persona to meet (or a practice to carry on)."""

    HELP_SECTION = PRACTICE_HELP

    app: CpiApp
    # F2 is "who is answering" in a meeting: here, who answers as the person (ctrl+p, used
    # before, is the command palette's key and never reached this screen). F10 is the role
    # card everywhere in practice: here behind "For the trainer".
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("f2", "toggle_mode", "Solo/paired", key_display="F2", priority=True),
        Binding("f10", "role_card", "For the trainer", key_display="F10", priority=True),
    ]
    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #trainee-row { height: auto; }
    #trainee-label { width: auto; padding: 0 1 0 0; }
    #trainee { width: 1fr; }
    #trainee-warning { height: auto; color: $text-warning; }
    #choose-words { height: auto; }
    #personas { height: 1fr; text-wrap: nowrap; text-overflow: ellipsis; }
    """
    )

    def __init__(
        self,
        mode: Mode = "solo",
        seed: int | None = None,
        *,
        trainee: str = "",
        persona_id: str | None = None,
        meeting: int | None = None,
        resume: tuple[str, str] | None = None,
    ) -> None:
        super().__init__()
        self.mode: Mode = mode
        self.seed = seed
        self.personas: dict[str, Persona] = {}
        self.unfinished: list[PracticeInfo] = []
        self._given_trainee = trainee
        self._open_persona = persona_id  # train --persona X: straight to its start screen
        self._meeting = meeting  # train --meeting N
        self._resume = resume  # train --resume RECORD_ID
        self._real_names: frozenset[str] = frozenset()  # folded: see real_names

    def compose(self) -> ComposeResult:
        yield TrainingBanner(Content("TRAINING — FICTIONAL PERSON"), id="training-banner")
        yield Static(
            Content(
                "Practice: choose a fictional person to meet. Nothing is saved with real records."
            ).stylize("bold")
        )
        with Horizontal(id="trainee-row"):
            yield Static(Content("Your name:"), id="trainee-label")
            yield Input(
                placeholder="the trainee's name, for the trainer's records",
                id="trainee",
                compact=True,
            )
        yield Static(id="trainee-warning")
        with RadioSet(id="mode"):
            yield MarkedRadio(
                Content("Solo: the app answers as the person"), value=self.mode == "solo"
            )
            yield MarkedRadio(
                Content("Paired: a colleague plays the person"), value=self.mode == "paired"
            )
        yield Static(
            Content("Choose someone to meet (Enter), or carry on with a practice."),
            id="choose-words",
        )
        yield OptionList(id="personas")
        with Horizontal(classes="practice-buttons"):
            yield Button(Content("For the trainer"), id="for-trainer", compact=True)
            yield Button(Content("Back"), id="close", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        # The content folder's personas (`train --content DIR`), as the command line lists
        # them; the agency's pack may replace or add some (docs/content-format.md).
        folder, pack = content_layers(
            getattr(self.app, "content_root", None), getattr(self.app, "content_pack", None)
        )
        try:
            self.personas = load_personas(folder, pack=pack)
        except ContentError:
            # One broken file leaves out its persona, not all of them; the list says so.
            self.personas, problems = usable_personas(folder, pack=pack)
            shown = "\n".join(f"  {p}" for p in problems[:3])
            more = f"\n  …and {len(problems) - 3} more" if len(problems) > 3 else ""
            self.query_one("#choose-words", Static).update(
                literal(
                    "Choose someone to meet (Enter), or carry on with a practice. Some persona "
                    "files have problems, so those personas are left out (cpi-assistant "
                    f"validate lists them all):\n{shown}{more}"
                )
            )
        name = self._given_trainee or trainee_of(self.app)
        if name:
            remember_trainee(self.app, name)
        self._real_names = real_names(self.app)
        self.query_one("#trainee", Input).value = trainee_of(self.app)
        self._warn_if_real(trainee_of(self.app))
        self.refresh_list()
        if trainee_of(self.app):
            self.query_one("#personas").focus()
        else:
            self.query_one("#trainee").focus()
        if self._resume is not None:
            record, session = self._resume
            self._resume = None
            self.resume(record, session)
        elif self._open_persona is not None and trainee_of(self.app):
            self._start_asked()

    def _start_asked(self) -> None:
        """``train --persona X``: its start screen, once the trainee has given a name."""
        asked = self._open_persona or ""
        persona = self.personas.get(asked)
        self._open_persona = None
        if persona is None:
            # The command line checks the id against these same personas; said here too, in
            # case the app was started some other way.
            self.app.notify(
                f"There is no persona `{asked}`{did_you_mean(asked, self.personas)}. "
                "Choose someone from the list.",
                severity="warning",
                markup=False,
            )
            return
        name = trainee_of(self.app)
        if persona is not None and name and fold(name) in self._real_names:
            # The chooser's warning line is never seen on this way in: said as a notice.
            self.app.notify(real_name_warning(name), severity="warning", markup=False, timeout=12)
        if persona is not None:
            self.start(persona)

    # -- the list -----------------------------------------------------------------------

    def _store(self) -> CaseStore | None:
        try:
            return open_training_store(self.app.data_dir, getattr(self.app, "_passphrase", None))
        except Exception:  # no training records (yet, or locked): nothing to carry on with
            return None

    def _practices(self, trainee: str) -> list[PracticeInfo]:
        store = self._store()
        if store is None or not trainee:
            return []
        try:
            return list_practices(store, trainee)
        except Exception:  # a damaged training store must not stop a new practice
            return []

    def refresh_list(self) -> None:
        """Unfinished practices of this trainee first ("Carry on with ..."), then personas."""
        options = self.query_one("#personas", OptionList)
        highlighted = options.highlighted
        practices = self._practices(trainee_of(self.app))
        self.unfinished = [
            p for p in reversed(practices) if not p.is_finished and p.persona_id in self.personas
        ]
        options.clear_options()
        for index, info in enumerate(self.unfinished):
            options.add_option(
                Option(resume_line(info, self.personas[info.persona_id]), id=f"resume:{index}")
            )
        for persona in self.personas.values():
            options.add_option(Option(persona_line(persona), id=persona.id))
        if options.option_count:
            options.highlighted = min(highlighted or 0, options.option_count - 1)

    def next_meeting(self, persona: Persona) -> int:
        """The practice meeting number with ``persona``: 1 + this trainee's finished
        practices with it in this mode that count as meetings (``counts_as_meeting``: enough
        done in them), unless ``train --meeting N`` said."""
        if self._meeting is not None:
            return self._meeting
        practices = self._practices(trainee_of(self.app))
        return next_practice_meeting(practices, persona.id, self.mode)

    @on(Input.Changed, "#trainee")
    def _trainee_typed(self, event: Input.Changed) -> None:
        event.stop()
        remember_trainee(self.app, event.value)
        self._warn_if_real(trainee_of(self.app))

    def _warn_if_real(self, name: str) -> None:
        """A plain warning while the trainee's name is a real person's (the practice is
        saved under it); the trainee may still go on, or change it."""
        warning = self.query_one("#trainee-warning", Static)
        real = bool(name) and fold(name) in self._real_names
        warning.update(literal(real_name_warning(name)) if real else Content(""))
        warning.display = real

    @on(Input.Blurred, "#trainee")
    def _trainee_left(self, event: Input.Blurred) -> None:
        # Tab or a click away from the name: this trainee's practices to carry on with.
        event.stop()
        self.refresh_list()

    @on(Input.Submitted, "#trainee")
    def _trainee_given(self, event: Input.Submitted) -> None:
        event.stop()
        remember_trainee(self.app, event.value)
        self.refresh_list()
        if not self._named():  # told to type it, the cursor stays in the name box
            return
        focus_now(self.query_one("#personas"))
        if self._open_persona is not None and trainee_of(self.app):
            self._start_asked()  # train --persona X without --trainee: asked first

    @on(RadioSet.Changed)
    def _mode(self, event: RadioSet.Changed) -> None:
        self.mode = "solo" if event.index == 0 else "paired"

    def action_toggle_mode(self) -> None:
        buttons = list(self.query(RadioButton))
        buttons[1 if self.mode == "solo" else 0].value = True

    def _named(self) -> bool:
        if trainee_of(self.app):
            return True
        self.app.notify(
            "Type your name first: it names this practice in the trainer's records.",
            markup=False,
        )
        focus_now(self.query_one("#trainee"))
        return False

    @on(OptionList.OptionSelected, "#personas")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = str(event.option.id)
        if not self._named():
            return
        if option_id.startswith("resume:"):
            info = self.unfinished[int(option_id.split(":", 1)[1])]
            self.resume(info.record_id, info.session_id)
            return
        persona = self.personas.get(option_id)
        if persona is not None:
            self.start(persona)

    def start(self, persona: Persona) -> None:
        """The start screen for a new practice with ``persona``."""
        self.app.push_screen(
            PracticeStart(
                persona,
                mode=self.mode,
                seed=self.seed,
                trainee=trainee_of(self.app),
                meeting=self.next_meeting(persona),
            )
        )

    def resume(self, record: str, session: str) -> None:
        """Carry on with a saved practice (no start screen: the trainee has been there)."""
        resume_practice(self.app, record, session, self.personas)

    @on(Button.Pressed, "#for-trainer")
    def action_role_card(self) -> None:
        """For the trainer: the highlighted persona's role card and notes, after asking."""
        options = self.query_one("#personas", OptionList)
        index = options.highlighted
        option_id = str(options.get_option_at_index(index).id) if index is not None else ""
        if option_id.startswith("resume:"):
            option_id = self.unfinished[int(option_id.split(":", 1)[1])].persona_id
        persona = self.personas.get(option_id)
        if persona is None:
            self.app.notify("Choose a person in the list first.", markup=False)
            return
        show_to_trainer(self.app, persona)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        # Back to Home when opened from it; otherwise (`train`) the chooser is the app's first
        # screen, with at most the emptied passphrase screen under it: closing ends the app.
        stack = self.app.screen_stack
        if len(stack) > 1 and not isinstance(stack[-2], PassphraseScreen):
            self.dismiss()
        else:
            self.app.exit()


def show_to_trainer(app: App[Any], persona: Persona) -> None:
    """Ask "For the trainer?", then show the role card with the trainer's notes."""

    def shown(yes: bool | None) -> None:
        if yes:
            app.push_screen(RoleCardScreen(persona, trainer=True))

    app.push_screen(Confirm(trainer_question(persona), yes="Show them (trainer)", no="Back"), shown)


class PracticeStart(Screen[None]):
    """Before the practice: what the worker knows (solo), or the hand-over (paired)."""

    HELP_SECTION = PRACTICE_HELP

    app: CpiApp
    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #start-body { height: 1fr; padding: 0 1; }
    #start-body > Static { height: auto; margin-bottom: 1; }
    """
    )
    # ctrl+s does a form's main thing (Done, Save change, Export): here, go on (begin).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        # "Go on": paired, the first ctrl+s shows the role card, the next begins.
        Binding("ctrl+s", "begin", "Go on", key_display="^s"),
        Binding("f10", "role_card", "For the trainer", key_display="F10"),
    ]

    def __init__(
        self,
        persona: Persona,
        *,
        mode: Mode = "solo",
        seed: int | None = None,
        trainee: str = "",
        meeting: int = 1,
    ) -> None:
        super().__init__()
        self.persona = persona
        self.mode: Mode = mode
        self.seed = seed
        self.trainee = trainee
        self.meeting = meeting
        #: Paired: "handover" until the colleague playing the person has read the role card.
        self.stage = "handover" if mode == "paired" else "worker"

    def compose(self) -> ComposeResult:
        yield TrainingBanner(
            Content(f"TRAINING — FICTIONAL PERSON · {self.persona.name}"), id="training-banner"
        )
        with VerticalScroll(id="start-body"):
            yield Static(id="start-title")
            yield Static(id="start-text")
            yield Static(id="start-how")
        with Horizontal(classes="practice-buttons"):
            yield Button(Content("Begin the practice"), id="begin", variant="primary")
            yield Button(Content("Back"), id="close")
        yield KeyBar()

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        name = self.persona.name
        title = self.query_one("#start-title", Static)
        text = self.query_one("#start-text", Static)
        how = self.query_one("#start-how", Static)
        begin = self.query_one("#begin", Button)
        meeting = practice_meeting_words(self.meeting, name)
        if self.stage == "handover":
            title.update(Content(f"Paired role-play with {name}").stylize("bold"))
            text.update(
                Content(
                    f"Give the keyboard to the person playing {name}. They read {name}'s role "
                    "card, then hand the keyboard back to the worker."
                )
            )
            how.update(Content(meeting))
            begin.label = Content("They have the keyboard: show the role card")
        else:
            title.update(Content(f"What you know about {name}").stylize("bold"))
            text.update(Content(referral_text(self.persona)))
            if self.mode == "solo":
                words = (
                    f"{meeting} You are the worker. At each question for {name}, choose how "
                    "you ask it (keys 1-9, or type your words): ask openly, reflect back, "
                    "offer the keyboard, explain the record, ask for their ideas, suggest "
                    "one... Their reactions follow your moves. The feedback at the end points "
                    "at the moments that counted."
                )
            else:
                words = (
                    f"{meeting} You are the worker; your colleague answers as {name}. "
                    "Type their answers as they give them."
                )
            how.update(Content(words))
            begin.label = Content("Begin the practice")
        begin.focus()

    @on(Button.Pressed, "#begin")
    def action_begin(self) -> None:
        if self.stage == "handover":

            def handed_back(_: None) -> None:
                self.stage = "worker"
                self._show()

            self.app.push_screen(HandOverCard(self.persona), handed_back)
            return
        open_practice(
            self.app,
            self.persona,
            mode=self.mode,
            seed=self.seed,
            trainee=self.trainee,
            meeting=self.meeting,
        )

    def action_role_card(self) -> None:
        show_to_trainer(self.app, self.persona)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.app.exit()


class RoleCardScreen(Screen[None]):
    """The persona's role card: for the colleague playing the person (``hand_back``), or for
    the trainer (``trainer``: with the trainer's notes)."""

    app: CpiApp
    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #card { height: 1fr; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Back")]

    def __init__(self, persona: Persona, *, trainer: bool = False, hand_back: bool = False) -> None:
        super().__init__()
        self.persona = persona
        self.trainer = trainer
        self.hand_back = hand_back

    def compose(self) -> ComposeResult:
        who = "for the trainer" if self.trainer else f"for the person playing {self.persona.name}"
        yield TrainingBanner(
            Content(f"TRAINING — FICTIONAL PERSON · role card {who}"), id="training-banner"
        )
        with VerticalScroll(id="card"):
            yield Markdown(role_card_markdown(self.persona), id="role-card")
            if self.trainer:
                yield Markdown(trainer_notes_markdown(self.persona), id="trainer-notes")
        with Horizontal(classes="practice-buttons"):
            if self.hand_back:
                yield Button(Content("Hand back to the worker"), id="done", variant="primary")
            yield Button(Content("Back"), id="close")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#card").focus()

    @on(Button.Pressed, "#done")
    def action_done(self) -> None:
        if self.hand_back:
            self.dismiss(None)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class HandOverCard(RoleCardScreen):
    """Paired, before the practice: the role card for the colleague playing the person, who
    then hands the keyboard back to the worker (ctrl+s or the button)."""

    # ctrl+s does a form's main thing: here, handing back.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+s", "done", "Hand back", key_display="^s"),
    ]

    def __init__(self, persona: Persona) -> None:
        super().__init__(persona, hand_back=True)


class RoleCardView(RoleCardScreen):
    """The role card opened from a paired practice (F10): read it, then back to the practice."""

    # F10 opened it, so F10 closes it again (as F1 does help and F9 the privacy screen).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f10", "close", "Back to the practice", priority=True),
    ]

    def __init__(self, persona: Persona) -> None:
        super().__init__(persona)


class ReferralView(Screen[None]):
    """Solo (F10): what a worker would know about the person before meeting them."""

    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #referral { height: 1fr; padding: 0 1; }
    #referral > Static { height: auto; margin-bottom: 1; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f10", "close", "Back to the practice", priority=True),
    ]

    def __init__(self, persona: Persona) -> None:
        super().__init__()
        self.persona = persona

    def compose(self) -> ComposeResult:
        yield TrainingBanner(
            Content(f"TRAINING — FICTIONAL PERSON · {self.persona.name}"), id="training-banner"
        )
        with VerticalScroll(id="referral"):
            yield Static(Content(f"What you know about {self.persona.name}").stylize("bold"))
            yield Static(Content(referral_text(self.persona)), id="referral-text")
        with Horizontal(classes="practice-buttons"):
            yield Button(Content("Back to the practice"), id="close", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#referral").focus()

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class FeedbackScreen(Screen[bool]):
    """The trainer's view: feedback so far, export; the persona's secrets after asking."""

    HELP_SECTION = PRACTICE_HELP

    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #feedback-body { height: 1fr; min-height: 8; }
    #export-row { height: auto; }
    #export-folder { width: 1fr; }
    """
    )
    # ctrl+o exports, as everywhere (ctrl+e is "end of line" in the folder field).
    # ctrl+s, a form's main thing everywhere, ends the practice (only when ending: the
    # trainer's view mid-practice has no End); it had no key, three Tabs away.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "end", "End", key_display="^s", priority=True),
        Binding("escape", "back", "Back to the practice"),
        Binding("ctrl+o", "export", "Export feedback", key_display="^o", priority=True),
        Binding("f10", "role_card", "For the trainer", key_display="F10", priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end":
            return self.ending
        return True

    def __init__(self, training: TrainingSession, *, ending: bool) -> None:
        super().__init__()
        self.training = training
        self.ending = ending
        self.exported: list[Path] = []

    def compose(self) -> ComposeResult:
        feedback = self.training.feedback()
        yield TrainingBanner(Content(self.training.banner), id="training-banner")
        with VerticalScroll(id="feedback-body"):
            yield Markdown(feedback.to_markdown(), id="feedback")
        # One line each (compact): the feedback gets the room at 80x24.
        with Horizontal(id="export-row"):
            yield Input(str(self._export_folder()), id="export-folder", compact=True)
            yield Button(Content("Export feedback"), id="export", compact=True)
        with Horizontal(classes="practice-buttons"):
            if self.ending:
                yield Button(Content("End the practice"), id="end", variant="primary", compact=True)
            yield Button(Content("Back to the practice"), id="back", compact=True)
            yield Button(Content("For the trainer"), id="for-trainer", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#feedback-body").focus()

    def _export_folder(self) -> Path:
        """The export folder set in Settings (where plans go), in its own practice-feedback
        folder; without one, practice-feedback in the folder plan exports offer first."""
        settings = getattr(self.app, "settings", None)
        chosen = getattr(settings, "export_dir", None)
        if chosen is not None and Path(chosen).is_dir():
            return Path(chosen) / "practice-feedback"
        return default_export_folder()

    @on(Button.Pressed, "#end")
    def action_end(self) -> None:
        if self.ending:
            self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#for-trainer")
    def action_role_card(self) -> None:
        """The role card and trainer's notes, after "For the trainer?"."""
        if self.query("#trainer-notes"):
            return
        persona = self.training.persona

        async def shown(yes: bool | None) -> None:
            if not yes:
                return
            body = self.query_one("#feedback-body", VerticalScroll)
            notes = Markdown(trainer_notes_markdown(persona), id="trainer-notes")
            await body.mount(notes, Markdown(role_card_markdown(persona), id="role-card"))
            body.scroll_to_widget(notes)

        self.app.push_screen(
            Confirm(trainer_question(persona), yes="Show them (trainer)", no="Back"), shown
        )

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        typed = self.query_one("#export-folder", Input).value.strip()
        folder = Path(typed).expanduser() if typed else default_export_folder()
        try:
            self.exported = export_feedback(self.training, folder)
        except ExportError as exc:
            self.app.notify(f"Not exported: {exc}", markup=False, severity="error")
            return
        # The whole path: a folder typed as "out" says nothing about where that is.
        self.app.notify(
            f"Feedback saved: {', '.join(p.name for p in self.exported)} in {folder.resolve()}",
            markup=False,
        )


# ------------------------------------------------------------------------------ helpers


def default_export_folder() -> Path:
    """Where feedback goes when no export folder is set in Settings: a practice-feedback
    folder in the folder the plan export offers first (never the folder the app started in)."""
    return default_folder() / "practice-feedback"


def export_feedback(training: TrainingSession, folder: Path) -> list[Path]:
    """Write the feedback as Markdown and HTML (watermarked by the renderer). A second
    export of the same practice gets ``-2``, ``-3``... (the pair keeps one number): an
    export never replaces a file. Raises ``ExportError`` (an ``OSError``'s words)."""
    feedback = training.feedback()
    try:
        # Owner-only, as every folder made for an export is (the files in it are 0600);
        # the app's own folder is tightened if an earlier version made it open.
        ensure_private_dir(folder)
    except OSError as exc:
        raise ExportError(f"Could not make {folder}: {exc.strerror or exc}.") from exc
    base = feedback_file_stem(training.persona.id, training.trainee, training.started)
    texts = ((".md", feedback.to_markdown()), (".html", feedback.to_html()))
    stem, number = base, 2
    while any((folder / f"{stem}{suffix}").exists() for suffix, _ in texts):
        stem, number = f"{base}-{number}", number + 1
    return [write_export(text.encode(), folder / f"{stem}{suffix}") for suffix, text in texts]


def first_screen(launch: TrainingLaunch) -> Screen[Any]:
    """What ``make_app(training=...)`` opens: always the chooser, which opens the persona's
    start screen on top (``train --persona X``; an id it does not have is said there) or
    carries on with a saved practice (``train --resume``). Ending a practice pops back to it."""
    return PersonaChooser(
        mode=launch.mode,
        seed=launch.seed,
        trainee=launch.trainee,
        persona_id=launch.persona_id,
        meeting=launch.meeting if launch.meeting != 1 else None,
        resume=launch.resume,
    )


#: The title of the dialog said when a practice cannot be kept (the training records
#: cannot be opened): it goes on, unsaved.
NOT_KEPT = "This practice will not be kept"


def _training_store(app: CpiApp) -> tuple[CaseStore | None, str]:
    """The training records, or None and why they cannot be opened (in words)."""
    try:
        return open_training_store(app.data_dir, getattr(app, "_passphrase", None)), ""
    except Exception as exc:  # practice still works, it is just not kept
        return None, f"The training records cannot be opened ({str(exc).rstrip('.')})."


async def _open(
    app: CpiApp, persona: Persona, mode: Mode, seed: int | None, trainee: str, meeting: int
) -> None:
    content = await practice_content(app)
    if content is None:
        await app.push_screen(
            ProblemScreen("Practice cannot start", app.content_problem or "No topics.")
        )
        return
    training = TrainingSession(
        persona, content, mode=mode, seed=seed, trainee=trainee, meeting=meeting
    )
    store, problem = _training_store(app)
    screen = PracticeScreen(practice_meeting(training, store))
    if store is None:
        # A dialog, not a toast: it stays until closed (a toast timed out in 5 seconds, as
        # the practice opened), then the practice opens.
        words = f"{problem} You can still practise, but nothing from this practice is saved."
        await app.push_screen(ProblemScreen(NOT_KEPT, words), lambda _: app.push_screen(screen))
        return
    await app.push_screen(screen)


def open_practice(
    app: CpiApp,
    persona: Persona,
    *,
    mode: Mode = "solo",
    seed: int | None = None,
    trainee: str = "",
    meeting: int = 1,
) -> Worker[None]:
    """Start a practice session on top of the current screen."""
    return app.run_worker(
        _open(app, persona, mode, seed, trainee, meeting), exclusive=True, group="open-practice"
    )


#: How long a practice opened from the first screen waits for the topics to start loading.
CONTENT_START_WAIT_S = 10.0


async def practice_content(app: CpiApp) -> Any:
    """The topics for a practice. The app starts loading them once it is ready; a practice
    resumed from the first screen (``train --resume``) asks before that, so it waits for the
    load to start (bounded), then for the load itself."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + CONTENT_START_WAIT_S
    while (
        app.topic_content is None
        and not app.content_problem
        and not any(worker.group == "content" for worker in app.workers)
        and loop.time() < deadline
    ):
        await asyncio.sleep(0.02)
    return await app.wait_for_content()


#: Said while a practice to carry on with waits for the topics (``train --resume`` on a slow
#: computer took ten seconds, with nothing said).
STILL_LOADING = "Opening the practice: the topics are still loading, one moment…"


async def _resume(app: CpiApp, record: str, session: str, personas: dict[str, Persona]) -> None:
    if app.topic_content is None and not app.content_problem:
        app.notify(STILL_LOADING, markup=False)
    content = await practice_content(app)
    if content is None:
        await app.push_screen(
            ProblemScreen("Practice cannot start", app.content_problem or "No topics.")
        )
        return
    store, problem = _training_store(app)
    if store is None:
        await app.push_screen(ProblemScreen("That practice cannot be opened", problem))
        return
    try:
        # Locked first, as a real record is for its meeting: a practice open in another
        # window is refused here ("... is open in another window ..."), not saved over.
        meeting = resume_practice_meeting(
            store,
            record,
            session,
            lambda: load_practice(store, record, session, content=content, personas=personas),
        )
    except (TrainingError, ContentError, RecordsError, OSError) as exc:
        app.notify(f"That practice cannot be opened: {exc}", markup=False, severity="error")
        return
    await app.push_screen(PracticeScreen(meeting))
    app.notify(left_off_words(meeting.training.persona.name, store, record, session), markup=False)


def left_off_words(name: str, store: CaseStore, record: str, session: str) -> str:
    """ "Carrying on with Stan where you left off (last saved 05 Dec 20:20).": when the
    practice was last saved, in local time (the start time read as when it was left)."""
    try:
        updated = saved_at(store, record, session)
        saved = _dt.datetime.fromisoformat(updated).astimezone() if updated else None
    except (RecordsError, ValueError):
        saved = None
    if saved is None:
        return f"Carrying on with {name} where you left off."
    return f"Carrying on with {name} where you left off (last saved {saved:%d %b %H:%M})."


def resume_practice(
    app: CpiApp, record: str, session: str, personas: dict[str, Persona]
) -> Worker[None]:
    """Carry on with a saved practice (``record``, ``session`` in the training store)."""
    return app.run_worker(
        _resume(app, record, session, personas), exclusive=True, group="open-practice"
    )
