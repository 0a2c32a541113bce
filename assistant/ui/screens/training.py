"""Practice with a fictional persona: chooser, role card, the practice session and feedback.

The practice session is the ordinary :class:`SessionScreen` on a
:class:`assistant.meetings.practice.TrainingMeeting` (a ``Meeting`` with no case record):
everything works as in a real meeting. The meeting routes the trainee's answers through the
training session (so proposals can be turned down) and, in solo practice, lets the persona
answer its steps after each of the trainee's. It saves only to the separate training store,
never beside real records.

No persona, answer or feedback text is ever parsed as markup (``Content(...)``/``markup=False``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Markdown, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from assistant.flows.problems import ContentError
from assistant.meetings.meeting import Outcome
from assistant.meetings.practice import NO_HISTORY, TrainingMeeting, practice_meeting
from assistant.training.loader import get_persona, load_personas, pack_personas
from assistant.training.render import role_card_markdown, trainer_notes_markdown
from assistant.training.session import TrainingSession
from assistant.training.store import open_training_store
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.screens.session import SessionScreen
from assistant.ui.training_view import persona_line, said_line
from assistant.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from textual.worker import Worker

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
"""


# ------------------------------------------------------------------------------ screens


class PracticeCommands(Provider):
    """The practice's own actions in the command palette (ctrl+p), beside the meeting's."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen = self.screen
        if not isinstance(screen, PracticeScreen):
            return []
        return [
            ("Role card", "The person's role card (F10)", screen.action_role_card),
            (
                "Let them answer",
                "Solo: the person answers this question (ctrl+l)",
                screen.action_persona_answers,
            ),
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


class PracticeScreen(SessionScreen):
    """The session screen for practice: a TRAINING banner, the persona's words, feedback."""

    DEFAULT_CSS = BANNER_CSS
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {PracticeCommands}
    # Three keys for practice that keep the app's key scheme (docs/app.md), then the meeting's:
    # ctrl+o, export in a meeting, opens the trainer's view, where the feedback is exported.
    # F11 is taken by terminals and browsers (full screen), ctrl+t by browsers (new tab).
    # The practice keys come first so the key bar still shows them at 80 columns.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f10", "role_card", "Role card", key_display="F10", priority=True),
        Binding("ctrl+l", "persona_answers", "Let them answer", key_display="^l", priority=True),
        Binding("ctrl+o", "trainer", "Trainer's view", key_display="^o", priority=True),
        *(b for b in SessionScreen.BINDINGS if not (isinstance(b, Binding) and b.key == "ctrl+o")),
    ]

    def __init__(self, meeting: TrainingMeeting) -> None:
        persona = meeting.training.persona
        super().__init__(meeting, {"display_name": persona.name}, NO_HISTORY)
        self.training_meeting = meeting

    @property
    def training(self) -> TrainingSession:
        return self.training_meeting.training

    def compose(self) -> ComposeResult:
        with Vertical(id="training-top"):
            yield Static(Content(self.training.banner), id="training-banner")
            yield Static(id="persona-says")
        yield from super().compose()

    async def on_mount(self) -> None:
        await super().on_mount()
        self._show_said()

    def _show_title(self) -> None:
        what = "solo practice" if self.training_meeting.solo else "paired role-play"
        self.query_one("#session-title", Static).update(
            Content("Practice with ")
            + Content(self.person_name).stylize("bold")
            + Content(f"  ·  {what}").stylize("$text-muted")
        )

    async def act(self, action: Callable[..., Outcome], *args: Any) -> bool:
        done = await super().act(action, *args)
        self._show_said()
        return done

    def _show_said(self) -> None:
        said = self.training_meeting.said
        widget = self.query_one("#persona-says", Static)
        widget.display = bool(said)
        # On a small screen only the latest words (the transcript has them all).
        lines = 2 if self.app.size.height < 30 else 4
        widget.update(Content("\n").join(said_line(who, words) for who, words in said[-lines:]))
        if said:
            who, words = said[-1]
            self.app.notify(f"{who}: {words}", markup=False, timeout=6)

    async def action_persona_answers(self) -> None:
        """Solo: the persona answers this step (where the trainee could have proposed)."""
        meeting = self.training_meeting
        if not meeting.solo:
            self.app.notify("Paired role-play: your colleague answers as the person.", markup=False)
            return
        if not meeting.persona_answers():
            self.app.notify("This step is yours to answer.", markup=False)
            return
        await self.show_step()
        self._show_said()

    def action_role_card(self) -> None:
        self.app.push_screen(RoleCardView(self.training.persona))

    def action_trainer(self) -> None:
        self.app.push_screen(FeedbackScreen(self.training, ending=False))

    def action_finish(self) -> None:
        def chosen(end: bool | None) -> None:
            if end:
                self.end_practice()
            elif self._answer is not None:
                self._answer.focus_first()

        self.app.push_screen(FeedbackScreen(self.training, ending=True), chosen)

    def end_practice(self) -> None:
        """Close the practice, back to the chooser (past the role card)."""
        self.training_meeting.finish(agreed=False)
        app = self.app
        app.pop_screen()
        card = app.screen
        if isinstance(card, RoleCardScreen) and not card.viewing:
            if len(app.screen_stack) > 1:
                app.pop_screen()
            else:
                app.switch_screen(PersonaChooser(mode=card.mode, seed=card.seed))

    def action_export(self) -> None:
        self.action_trainer()

    def action_leave(self) -> None:
        self.action_finish()

    def unsaved_warning(self) -> str | None:
        return self.meeting.unsaved_warning()


class MarkedRadio(RadioButton):
    """A radio button whose choice is shown by a mark (●), not only by a colour."""

    def render(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super().render()


class PersonaChooser(Screen[None]):
    """Choose a fictional persona and solo or paired practice."""

    # F2 is "who is answering" in a meeting: here, who answers as the person (ctrl+p, used
    # before, is the command palette's key and never reached this screen).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("f2", "toggle_mode", "Solo/paired", key_display="F2", priority=True),
    ]

    def __init__(self, mode: Mode = "solo", seed: int | None = None) -> None:
        super().__init__()
        self.mode: Mode = mode
        self.seed = seed
        self.personas: dict[str, Persona] = {}

    def compose(self) -> ComposeResult:
        yield Static(Content("TRAINING — FICTIONAL PERSON"), id="training-banner")
        yield Static(
            Content(
                "Practice: choose a fictional person to meet. Nothing is saved with real records."
            ).stylize("bold")
        )
        with RadioSet(id="mode"):
            yield MarkedRadio(
                Content("Solo: the app answers as the person"), value=self.mode == "solo"
            )
            yield MarkedRadio(
                Content("Paired: a colleague plays the person"), value=self.mode == "paired"
            )
        yield OptionList(id="personas")
        with Horizontal():
            yield Button(Content("Back"), id="close", compact=True)
        yield KeyBar()

    DEFAULT_CSS = BANNER_CSS

    def on_mount(self) -> None:
        try:
            # The agency's pack may replace or add personas (docs/content-format.md).
            pack = getattr(self.app, "content_pack", None)
            self.personas = load_personas(pack=pack_personas(pack))
        except ContentError as exc:
            self.app.notify(f"The personas have problems: {exc}", markup=False, severity="error")
            self.personas = {}
        options = self.query_one("#personas", OptionList)
        for persona in self.personas.values():
            options.add_option(Option(persona_line(persona), id=persona.id))
        if self.personas:
            options.highlighted = 0
        options.focus()

    @on(RadioSet.Changed)
    def _mode(self, event: RadioSet.Changed) -> None:
        self.mode = "solo" if event.index == 0 else "paired"

    def action_toggle_mode(self) -> None:
        buttons = list(self.query(RadioButton))
        buttons[1 if self.mode == "solo" else 0].value = True

    @on(OptionList.OptionSelected, "#personas")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        persona = self.personas.get(str(event.option.id))
        if persona is not None:
            self.app.push_screen(RoleCardScreen(persona, mode=self.mode, seed=self.seed))

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.app.exit()


class RoleCardScreen(Screen[None]):
    """The persona's role card (what the trainee playing the person reads)."""

    app: CpiApp
    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #card { height: 1fr; }
    """
    )
    # ctrl+s does a form's main thing (Done, Save change, Export): here, begin the practice.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+s", "begin", "Begin", key_display="^s"),
    ]

    def __init__(
        self,
        persona: Persona,
        *,
        mode: Mode = "solo",
        seed: int | None = None,
        viewing: bool = False,
    ) -> None:
        super().__init__()
        self.persona = persona
        self.mode: Mode = mode
        self.seed = seed
        self.viewing = viewing

    def compose(self) -> ComposeResult:
        yield Static(Content("TRAINING — FICTIONAL PERSON · role card"), id="training-banner")
        with VerticalScroll(id="card"):
            yield Markdown(role_card_markdown(self.persona))
        with Horizontal():
            if not self.viewing:
                yield Button(Content("Begin the practice"), id="begin", variant="primary")
            yield Button(Content("Back"), id="close")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#card").focus()

    @on(Button.Pressed, "#begin")
    def action_begin(self) -> None:
        if self.viewing:
            return
        open_practice(self.app, self.persona, mode=self.mode, seed=self.seed)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss()
        else:
            self.app.exit()


class RoleCardView(RoleCardScreen):
    """The role card opened from the practice (F10): read it, then back to the practice."""

    # F10 opened it, so F10 closes it again (as F1 does help and F9 the privacy screen).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f10", "close", "Back to the practice", priority=True),
    ]

    def __init__(self, persona: Persona) -> None:
        super().__init__(persona, viewing=True)


class FeedbackScreen(Screen[bool]):
    """The trainer's view: feedback so far, the trainer's notes, export."""

    DEFAULT_CSS = (
        BANNER_CSS
        + """
    #feedback-body { height: 1fr; }
    #export-row { height: auto; }
    #export-folder { width: 1fr; }
    """
    )
    # ctrl+o exports, as everywhere (ctrl+e is "end of line" in the folder field).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back to the practice"),
        Binding("ctrl+o", "export", "Export feedback", key_display="^o", priority=True),
    ]

    def __init__(self, training: TrainingSession, *, ending: bool) -> None:
        super().__init__()
        self.training = training
        self.ending = ending
        self.exported: list[Path] = []

    def compose(self) -> ComposeResult:
        feedback = self.training.feedback()
        yield Static(Content(self.training.banner), id="training-banner")
        with VerticalScroll(id="feedback-body"):
            yield Markdown(feedback.to_markdown(), id="feedback")
            yield Markdown(trainer_notes_markdown(self.training.persona), id="trainer-notes")
        with Horizontal(id="export-row"):
            yield Input(str(default_export_folder()), id="export-folder")
            yield Button(Content("Export feedback"), id="export")
        with Horizontal():
            if self.ending:
                yield Button(Content("End the practice"), id="end", variant="primary")
            yield Button(Content("Back to the practice"), id="back")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#feedback-body").focus()

    @on(Button.Pressed, "#end")
    def _end(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss(False)

    @on(Button.Pressed, "#export")
    def action_export(self) -> None:
        folder = Path(self.query_one("#export-folder", Input).value.strip() or ".")
        try:
            self.exported = export_feedback(self.training, folder)
        except OSError as exc:
            self.app.notify(f"Not exported: {exc}", markup=False, severity="error")
            return
        self.app.notify(
            f"Feedback saved: {', '.join(p.name for p in self.exported)} in {folder}",
            markup=False,
        )


# ------------------------------------------------------------------------------ helpers


def default_export_folder() -> Path:
    return Path.cwd() / "practice-feedback"


def export_feedback(training: TrainingSession, folder: Path) -> list[Path]:
    """Write the feedback as Markdown and HTML (watermarked by the renderer)."""
    feedback = training.feedback()
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"practice-{training.persona.id}-{training.started[:19].replace(':', '')}"
    written = []
    for suffix, text in ((".md", feedback.to_markdown()), (".html", feedback.to_html())):
        path = folder / f"{stem}{suffix}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def first_screen(launch: TrainingLaunch, pack: Path | None = None) -> Screen[Any]:
    """What ``make_app(training=...)`` opens: the chooser, or the persona's role card (the
    agency ``pack``'s personas first)."""
    if launch.persona_id is None:
        return PersonaChooser(mode=launch.mode, seed=launch.seed)
    persona = get_persona(launch.persona_id, pack=pack_personas(pack))
    return RoleCardScreen(persona, mode=launch.mode, seed=launch.seed)


async def _open(app: CpiApp, persona: Persona, mode: Mode, seed: int | None) -> None:
    content = await app.wait_for_content()
    if content is None:
        await app.push_screen(
            ProblemScreen("Practice cannot start", app.content_problem or "No topics.")
        )
        return
    training = TrainingSession(persona, content, mode=mode, seed=seed)
    store = None
    try:
        store = open_training_store(app.data_dir, getattr(app, "_passphrase", None))
    except Exception as exc:  # practice still works, it is just not kept
        app.notify(f"Practice will not be kept: {exc}", markup=False, severity="warning")
    await app.push_screen(PracticeScreen(practice_meeting(training, store)))


def open_practice(
    app: CpiApp, persona: Persona, *, mode: Mode = "solo", seed: int | None = None
) -> Worker[None]:
    """Start a practice session on top of the current screen."""
    return app.run_worker(_open(app, persona, mode, seed), exclusive=True, group="open-practice")
