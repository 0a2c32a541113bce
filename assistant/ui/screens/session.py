"""The joint session: transcript, the current question and its answer area, topic map,
'our plan so far', the network map and the worker's guidance."""

from __future__ import annotations

import contextlib
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, overload

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.errors import NoWidget
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, ContentSwitcher, OptionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from assistant.directory import prepare_directory
from assistant.engine.answer_words import none_word, record_name
from assistant.engine.conversation import FlowError, Step, TranscriptEntry
from assistant.engine.words import (
    ADDRESSED_WORDS,
    SPEAKER_ORDER,
    SPEAKER_WORDS,
    clean,
    format_date,
    shown,
)
from assistant.flows.expressions import precompile
from assistant.flows.model import AskNode, SetNode
from assistant.flows.templates import content_sources
from assistant.meetings.history import History
from assistant.meetings.meeting import (
    FAILED,
    HELD,
    NOTHING_CHANGED,
    NOTHING_YET,
    Meeting,
    Outcome,
)
from assistant.meetings.network_layout import ME, Connection, connections_from, with_circle
from assistant.meetings.paths import (
    answer_at,
    network_people,
    network_question,
)
from assistant.meetings.plan_view import (
    PlanSection,
    action_status_mark,
    goal_closed_mark,
    plan_sections,
    plan_so_far,
)
from assistant.plans.since_agreed import changed_since_line
from assistant.plans.state import earlier_plan_heading
from assistant.safe_text import typed
from assistant.store_paths import COMMUNITY_LIST, CONSENT_RECORD, NETWORK_PEOPLE, TRY_DIRECTORY
from assistant.ui.key_order import KeyOrder
from assistant.ui.screens.safety import SafetyDialog
from assistant.ui.textual_internals import (
    COLLECTOR,
    after_refresh,
    call_soon,
    content_key,
    draw_now,
    focused_without_repaint,
    keep_first_styles,
    keep_layout_map,
    outgrown,
)
from assistant.ui.widgets.answer_base import KeysHint
from assistant.ui.widgets.answers import (
    GO_ON_LABELS,
    NOTHING_WRITTEN,
    NOTHING_WRITTEN_NEEDED,
    PICK_ONE_FIRST,
    Answer,
    ChoiceAnswer,
    GoOnAnswer,
    InOrderButton,
    KeptStatic,
    LongTextAnswer,
    MenuAnswer,
    MultiChoiceAnswer,
    RatingAnswer,
    TextAnswer,
    TopicsAnswer,
    YesNoAnswer,
    answer_kinds,
    answer_spec,
    focus_now,
    literal,
    nothing_written,
)
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.cued_scroll import CuedScroll, PromptBox
from assistant.ui.widgets.date_meaning import DateMeaning
from assistant.ui.widgets.keybar import KeyBar
from assistant.ui.widgets.network_map import NetworkMap
from assistant.ui.widgets.panels import (
    GuidancePanel,
    PlanPanel,
    SaveBanner,
    SaveIndicator,
    TopicMap,
    status_legend,
)
from assistant.ui.widgets.records_editor import RecordsAnswer
from assistant.ui.widgets.speaker_line import NEXT, SpeakerLine, short_name
from assistant.ui.widgets.transcript import READING_HINT, Transcript

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp

# Layout by width (Textual has no media queries: on_resize sets one of three classes). The
# conversation always gets most of the width:
# - narrow (below NARROW, e.g. 80x24): one column; the topics, the plan and the map take
#   turns with the conversation (F4, F5).
# - medium (e.g. 100x30, 120x40): the conversation and one side panel, the plan or the map
#   (F5 cycles plan, map, none); F4 puts the topics in place of the side panel.
# - wide (from WIDE, e.g. 160x50): topics, conversation and the plan or map side by side.
NARROW = 100
#: The key that tries a failed save again (named in the save banner).
RETRY_KEY = "ctrl+r"
WIDE = 140
SHORT = 30  # fewer lines than this: lists and the guidance give up lines to the question
#: Fewer lines than this (70x20, 60x18): the question comes whole before all else. The
#: guidance folds to one line (F3 opens it in the conversation's room), and the note on how
#: the conversation builds up is left out.
TINY = 24
LAYOUTS = ("narrow", "medium", "wide")
#: What F5 shows beside the conversation, in turn ("none": the conversation takes the room).
SIDE_PANELS = ("plan", "network", "none")
#: The topics' title; in the conversation's place (F4 below 140 columns), with the way back.
TOPICS_TITLE = Content("Topics").stylize("bold")
TOPICS_TITLE_BACK = TOPICS_TITLE + Content("  ·  Esc: go back").stylize("$text-muted")
#: The title row's room kept for the save line ("○ Not recorded yet"), and the least of a
#: long name shown before it is cut.
TITLE_SAVE_ROOM = 24
TITLE_NAME_LEAST = 12
#: The line under a step that only says something, in place of who is answering.
NOTHING_TO_ANSWER = "Nothing to answer here: read it together, then {button}."
#: The fewest rows a list in the answer keeps when it gives up rows to the Done row: one
#: line of it between its edges.
LEAST_LIST_ROWS = 3
WARM_UP_SLICE = 0.004  # seconds of compiling at a time: far less than a keypress notices

W = TypeVar("W", bound=Widget)


#: The answers Back puts back in the box after undoing them (typed words, not a choice).
_TYPED = frozenset({"text", "long_text", "number", "date"})

#: Enter on a change the app made itself (a ``set`` step's, shown in the conversation).
APP_MADE_CHANGE = (
    "The app made this change itself, as the words in the conversation say, so it is not "
    "changed from here."
)


class SessionScreen(Screen[None]):
    """One meeting, worked on together."""

    app: CpiApp
    CSS_PATH = "session.tcss"
    AUTO_FOCUS = ""  # the answer takes the focus once the first step is shown
    # Focus moves to a new answer at almost every step: no whole-screen repaint each time
    # (see textual_internals.focused_without_repaint).
    focused: Reactive[Widget | None] = focused_without_repaint()

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f2", "cycle_speaker", "Who", key_display="F2", priority=True),
        Binding("f3", "toggle_guidance", "Guidance", key_display="F3", priority=True),
        Binding("f4", "topics", "Topics", key_display="F4", priority=True),
        Binding("f5", "panels", "Plan/map", key_display="F5", priority=True),
        Binding("f6", "park", "Park", key_display="F6", priority=True),
        Binding("f7", "skip", "Not today", key_display="F7", priority=True),
        Binding("f8", "back", "Back", key_display="F8", priority=True),
        # Pause for safety (issue 13): guidance, the agency's numbers, the plan for hard times.
        Binding("ctrl+g", "pause_for_safety", "Safety", key_display="^g", priority=True),
        Binding("ctrl+s", "done", "Done", show=False, priority=True),
        Binding(RETRY_KEY, "retry_save", "Retry saving", show=False, priority=True),
        Binding("ctrl+f", "finish", "Finish meeting", show=False, priority=True),
        Binding("ctrl+o", "export", "Export", show=False, priority=True),
        # The community directory (issue 15): every F-key and free ctrl letter has a meaning.
        Binding("ctrl+backslash", "directory", "Directory", key_display="^\\", priority=True),
        # How things have changed (issue 19): the measures across meetings, today's included.
        Binding("ctrl+l", "changes", "Changes", show=False, priority=True),
        Binding("escape", "leave", "Leave", show=False),
    ]

    #: The transcript widget (practice shows the trainee's moves and the persona's words in it).
    TRANSCRIPT: ClassVar[type[Transcript]] = Transcript
    #: The key bar at 80 columns: the pause for safety and the keys that bring the topics and
    #: the panels back always show (with Hide, Help, which lists every key, and More, the
    #: command palette: Leave, Finish, Export for the mouse); these leave first, in this
    #: order (F2 and "Not today" are also shown beside the answer).
    KEY_BAR_KEEP: ClassVar[tuple[str, ...]] = ("pause_for_safety", "topics", "panels")
    KEY_BAR_DROP: ClassVar[tuple[str, ...]] = (
        "cycle_speaker",
        "skip",
        "back",
        "park",
    )

    def __init__(self, meeting: Meeting, person: dict[str, Any], history: History) -> None:
        super().__init__()
        keep_layout_map(self, self._before_paint, self._before_output)
        # A hook held a frame (the save failed, shown first; or the question outgrew its area)
        self._held_frame = False
        self.meeting = meeting
        self.person = person
        self.history = history
        self.view = "conversation"
        self.side = "plan"
        self._plan_was_shown = False  # the plan panel on screen when it was last filled in
        # "Changed since you both said yes": the line shown, and whether working it out again
        # is already waiting its turn (see _show_plan).
        self._since_yes = ""
        self._since_yes_waiting = False
        self._answer: Answer | None = None
        self._pool: dict[type[Answer], Answer] = {}
        self._settle_from: float | None = None
        #: When each step whose panels are drawn but not yet settled began, oldest first
        #: (``_refresh_panels`` -> ``_settled``, in the order they were scheduled).
        self._settling: deque[float | None] = deque()
        self._holding_gc = False
        self._widgets: dict[tuple[str | type[Widget], type[Widget] | None], Widget] = {}
        self._t0: float | None = None
        #: Where Back last put an undone answer's words back in the box, and those words.
        self._put_back_words: tuple[str, Any] | None = None
        #: The question area while a step draws with its height kept (see ``_draw_now``).
        self._keeping: Widget | None = None
        # What _update last put in each Static (its words and styles: see content_key).
        self._texts: dict[str, tuple[Any, ...] | None] = {}
        self._guidance = ""  # the worker's guidance for the step on screen
        self._guidance_opened = False  # F3 on a tiny screen opened the folded guidance
        self._rendering = False
        #: The app hands this screen's keys to it: one at a time, each completely (an answer
        #: given, saved and the next question focused) before the next.
        self.key_order = KeyOrder(self)
        self._name_shown = ""
        self._resumed_once = False
        self._note_shown: str | None = None
        self._speaker_shown: tuple[str, bool, str] | None = None
        #: The tallest the question area has been at this screen size (0: not yet measured).
        self._step_height = 0
        #: Lists in the answer made shorter so the Done row shows (``_give_the_done_row_room``).
        self._shortened: dict[Widget, int] = {}
        # The meeting's messages name the way to the topic list: with this screen's key.
        meeting.topics_key = self.key_for("topics")
        #: Words typed and not given when the meeting was last closed (put back once).
        self._typed_last_time = meeting.typed_last_time()

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(id="session-title")
            yield SaveIndicator(id="save-indicator")
        yield SaveBanner(retry_key=RETRY_KEY, id="save-banner")
        # Not recorded (no agreement to keep a record): said where the pair can see it, with
        # the way to agree, not only in the warning on leaving.
        yield Static(id="consent-note")
        with Horizontal(id="body"):
            with Vertical(id="topics"):
                yield Static(TOPICS_TITLE, classes="panel-title", id="topics-title")
                yield TopicMap(id="topic-map")
                yield Static(status_legend(), id="topic-legend")
            with Vertical(id="main"):
                yield Static(
                    Content(
                        "What we say will build up here. To change an earlier answer, press "
                        "Shift+Tab to go up to it, then Enter."
                    ).stylize("$text-muted"),
                    id="transcript-empty",
                )
                yield self.TRANSCRIPT(self._describe_entry, id="transcript")
                with Vertical(id="step"):
                    yield KeptStatic(id="step-header")
                    with PromptBox(id="prompt-box"):
                        yield KeptStatic(id="step-prompt")
                    yield KeptStatic(id="step-hint")
                    yield Vertical(id="answer-slot")
                    yield KeptStatic(id="answer-message")
                    yield SpeakerLine(id="speaker")
                    with Horizontal(id="answer-bar"):
                        yield KeysHint(id="keys-hint")
                        # Enter on these acts before the next key (see InOrderButton).
                        yield InOrderButton(Content("Done"), id="done", compact=True)
                        yield InOrderButton(Content("Not today (F7)"), id="skip", compact=True)
                yield GuidancePanel(id="guidance")
            with ContentSwitcher(initial="plan", id="side"):
                with Vertical(id="plan"):
                    yield Static(Content("Our plan so far").stylize("bold"), classes="panel-title")
                    yield PlanPanel(id="plan-panel")
                yield NetworkMap(id="network")
        yield KeyBar()

    async def on_mount(self) -> None:
        if not self.app.settings.guidance:
            self._one("#guidance").display = False
        self._apply_width(self.app.size.width, self.app.size.height)
        opened, self.app.open_started = self.app.open_started, None
        if opened is not None:
            # Registered before the first question is put up (and before the panels' own
            # after-refresh work), so it runs right after the first frame that shows it.
            self.call_after_refresh(self._opened, opened)
        self._show_names()
        self._show_speaker()
        await self.show_step()
        self.key_order.ready()  # keys typed while the meeting opened go to the first question
        # The rest waits for the first frame: the first question is on screen sooner.
        self.call_after_refresh(self._after_first_frame)
        self.set_interval(0.5, COLLECTOR.tick)
        self._to_compile = content_sources(self.meeting.conv.content)
        self._warm_timer = self.set_interval(0.05, self._warm_up)

    async def _after_first_frame(self) -> None:
        """Build every other kind of answer, hidden, while the people read the first prompt:
        later steps then only change text (no widget is built mid-meeting). Then hand the
        garbage collector its meeting policy. Both used to run before the first frame (the
        full collection alone takes 100-200 ms with a big record)."""
        if not self.is_attached:
            return
        spare = [cls() for cls in answer_kinds() if cls not in self._pool]
        for widget in spare:
            widget.display = False
        await self._one("#answer-slot", Vertical).mount_all(spare)
        for widget in spare:
            # Pooled once mounted: a step shown meanwhile builds its own kind if it must.
            self._pool.setdefault(type(widget), widget)
        if self._holding_gc or not self.is_attached:
            return
        # Everything built so far lives as long as the meeting; from now on the garbage
        # collector runs between steps, not in the middle of one (see textual_internals.py).
        COLLECTOR.start_meeting()
        COLLECTOR.hold()
        self._holding_gc = True

    def _warm_up(self) -> None:
        """Compile the content's texts a few at a time while nobody waits for the screen, so
        that no step pauses to compile the text it shows (see flows/templates.py); then the
        community directory's search index, which the first question matching the directory
        built in the middle of its step."""
        if self._t0 is not None or self._rendering:
            return
        deadline = time.perf_counter() + WARM_UP_SLICE
        for source, expression in self._to_compile:
            precompile(source, expression=expression)
            if time.perf_counter() > deadline:
                return
        self._warm_timer.stop()
        prepare_directory(self.meeting.conv.content)

    def on_unmount(self) -> None:
        if self._holding_gc:
            self._holding_gc = False
            COLLECTOR.release()

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width, event.size.height)
        if self._name_shown:
            self._show_title()  # a long name has more or less room

    def _apply_width(self, width: int, height: int | None = None) -> None:
        if height is not None:
            # Short screens (80x24): lists and the guidance give up lines to the question.
            self.set_class(height < SHORT, "short")
            # A long message scrolls within about a third of the screen (a quarter when
            # short), so the answer and its buttons stay in view below it.
            share = height // 4 if height < SHORT else height * 35 // 100
            self._one(PromptBox).set_share(max(share, 3))
            was_tiny = self.has_class("tiny")
            self.set_class(height < TINY, "tiny")
            if was_tiny and height >= TINY:
                self._question_from_opened_guidance()
            self._fold_guidance()
            self._show_empty_note()
        layout = "narrow" if width < NARROW else "wide" if width >= WIDE else "medium"
        for name in LAYOUTS:
            self.set_class(name == layout, name)
        self._apply_view()

    @property
    def layout_name(self) -> str:
        """How the panels share the width: narrow, medium or wide (see LAYOUTS)."""
        return next((name for name in LAYOUTS if self.has_class(name)), "wide")

    def _apply_view(self) -> None:
        self._release_step_height()  # another size, or another share of the width
        for view in ("topics", "plan", "network"):
            self.set_class(self.view == view, f"view-{view}")
        self.set_class(self.side == "none", "side-hidden")
        shown = self.view if self.view in ("plan", "network") else self.side
        if shown in ("plan", "network"):
            self._one("#side", ContentSwitcher).current = shown
        if self.is_mounted and not self._plan_was_shown and self._plan_on_screen():
            self._show_plan()  # what changed since the yes is worked out only when seen
        # In the conversation's (or the plan's) place, the topics say how to go back.
        title = TOPICS_TITLE_BACK if self.view == "topics" else TOPICS_TITLE
        self._one("#topics-title", Static).update(title)

    # -- describing things --------------------------------------------------------------

    @property
    def person_name(self) -> str:
        """The name the person gave (today, or before): the header, the speaker line and the
        transcript all use it."""
        return str(self.meeting.person_name or self.person.get("display_name") or "the person")

    def _show_names(self) -> None:
        """A name given or changed today shows at once (header, transcript, speaker line)."""
        name = self.person_name
        if name == self._name_shown:
            return
        self._name_shown = name
        self._one(Transcript).set_person_name(name)
        self._show_title()

    def _speaker_words(self) -> dict[str, str]:
        return {**SPEAKER_WORDS, "person": self.person_name}

    def _describe_entry(
        self, entry: TranscriptEntry
    ) -> tuple[str, AskNode | None, tuple[tuple[str, str], ...]]:
        index = self.meeting.conv.content.topics.get(entry.topic)
        node = index.nodes.get(entry.node) if index else None
        speaker = getattr(node, "speaker", "both")
        shape = node if isinstance(node, AskNode) else None
        # Options worked out when asked (directory entries, a goal's own levels) are named,
        # never shown as ids: by the words they were offered in, kept with the answer (logs
        # from before they were kept: worked out again for the record the answer is in).
        return speaker, shape, entry.labels or self.meeting.answer_options(shape, entry.path)

    def _show_title(self) -> None:
        kinds = {
            "review": "review meeting",
            "resumed": "carrying on",
            "next": "new meeting",
            "first": "first meeting",
        }
        words = kinds.get(self.meeting.kind, "")
        if self.meeting.kind == "resumed" and self.meeting.review:
            words = "review meeting · carrying on"  # still the cue that it is a review
        kind = f"  ·  {words}"
        # A long name is cut to what the row has room for beside the save line, so the
        # kind of meeting (a review, carrying on) is never the part cut off.
        room = self.app.size.width - len("Meeting with ") - len(kind) - TITLE_SAVE_ROOM
        name = short_name(self.person_name, max(room, TITLE_NAME_LEAST))
        title = Content.assemble(("Meeting with ", ""), (name, "bold"), (kind, "$text-muted"))
        self._one("#session-title", Static).update(title)

    def _show_speaker(self) -> None:
        """Who answers this question: its own speaker, or F2's choice for this one only."""
        by, changed = self.meeting.by, self.meeting.by_changed
        words = self._speaker_words()
        answers = self.meeting.answers_here
        # Named as its button is: "Go on", or "Finish this topic" at a topic's end.
        button = None if answers else GO_ON_LABELS.get(self.meeting.conv.step.kind, "Go on")
        shown_now = (by, changed, words["person"], button)
        if self._speaker_shown == shown_now:
            return  # the same line as before: no repaint
        self._speaker_shown = shown_now
        if button is not None:
            # The same one row as the "Answering" line, so nothing below it moves.
            line = Content(NOTHING_TO_ANSWER.format(button=button)).stylize("$text-muted")
            self._one("#speaker", SpeakerLine).show_text(line)
            return
        # Fitted to the row: a long name is cut, never the F2 hint (SpeakerLine).
        note = "  (F2: changed for this question)" if changed else "  (F2)"
        short = "  (F2: changed)" if changed else note
        self._one("#speaker", SpeakerLine).show_line("Answering: ", by, words, note, short)

    def _step(self) -> Step | None:
        try:
            return self.meeting.conv.step
        except FlowError as exc:
            back, park = self.key_for("back"), self.key_for("park")
            self._message(
                "This part cannot be shown because of a problem in the topic files. Nothing "
                f"was lost: press {back} to go back, or {park} to park this topic.",
                problem=True,
            )
            self._content_problem(str(exc))
            return None

    # -- showing the step ---------------------------------------------------------------

    @overload
    def _one(self, selector: type[W]) -> W: ...

    @overload
    def _one(self, selector: str) -> Widget: ...

    @overload
    def _one(self, selector: str, expect_type: type[W]) -> W: ...

    def _one(self, selector: str | type[Widget], expect_type: type[Widget] | None = None) -> Widget:
        """``query_one``, remembered: this screen's widgets stay for the whole meeting, and a
        DOM search per widget per step adds up (~3 ms a step)."""
        key = (selector, expect_type)
        widget = self._widgets.get(key)
        if widget is None:
            if expect_type is None:
                widget = self.query_one(selector)
            else:
                assert isinstance(selector, str)  # a type needs no expected type (overloads)
                widget = self.query_one(selector, expect_type)
            self._widgets[key] = widget
        return widget

    def _update(self, selector: str, content: Content) -> bool:
        """``Static.update`` unless it already shows ``content``: an update lays out the whole
        screen again and redraws the widget, and from one step to the next the header, the
        hints and the (empty) message are most often the same. True if it was updated."""
        key = content_key(content)
        if key is not None and self._texts.get(selector) == key:
            return False
        self._texts[selector] = key
        self._one(selector, Static).update(content)
        return True

    async def show_step(self) -> None:
        """Put the current step on screen (after the save, which already happened)."""
        self._rendering = True
        started, self._t0 = self._t0, None
        if started is not None:
            self._settle_from = started
        try:
            await self._show_step()
        finally:
            self._rendering = False
            # A mouse button pressed before this question was drawn clicks nothing on it.
            self.app.clicks.question_shown()
        if self._draw_now():
            if started is not None:
                # The frame with the new prompt has been handed to the terminal.
                self._drawn(started)
        elif started is not None:
            # Not drawn here (another screen is on top): timed at the next frame.
            self.call_after_refresh(self._drawn, started)
        self._settle_save()  # drawn or not, on disk (or known to have failed) by now
        self._maybe_pause_for_safety()

    def _draw_now(self) -> bool:
        """Lay out and draw the new prompt now, in this step, rather than once every changed
        widget has told the screen and its next 60 Hz tick has come (textual_internals.draw_now).
        A frame held (``_before_output``: the step's save failed; ``_before_paint``: the
        question outgrew the question area's kept height) is laid out and drawn again at once.
        """
        # Once the question area has a kept height, a step lays out only inside it: the
        # conversation around it stays where it is (issue 18: about half a millisecond of a
        # step, measured with steps taking turns with and without it).
        self._keeping = self._one("#step") if self._step_height else None
        try:
            drawn = draw_now(self, keep=self._keeping)
        finally:
            self._keeping = None
        for _again in range(3):  # a held frame may be held once more: bounded
            if not (drawn and self._held_frame):
                break
            self._held_frame = False
            drawn = draw_now(self)
        return drawn

    def _before_paint(self) -> bool:
        """The compositor's hook once a frame is laid out: when a step kept the question
        area's height (``_draw_now``) and the new question does not fit in it, the frame is
        held and laid out again at once, so it gets the room it needs before anything of it
        is drawn."""
        if self._keeping is not None and outgrown(self._keeping):
            self._held_frame = True
            return False
        if self._give_the_done_row_room():
            self._held_frame = True
            return False
        return True

    def _give_the_done_row_room(self) -> bool:
        """When the row with Done and Not today is cut off at the bottom (a tall list in the
        answer, a hint and the "Not recorded yet" note at 80x24), the answer's list gives up
        the rows it needs (it scrolls) and the frame is laid out again. True when it did.

        At every frame, only a look-up of where the row was placed; the rest only when it is
        cut off, which the short screen's styles make rare (session.tcss)."""
        bar = self._one("#answer-bar")
        try:
            placed = self.find_widget(bar)
        except NoWidget:  # not on screen (hidden, or another view)
            return False
        cut = placed.region.bottom - min(placed.region.bottom, placed.clip.bottom)
        if cut <= 0 or self._answer is None:
            return False
        lists = [w for w in self._answer.query(OptionList) if w.display]
        if not lists:
            return False
        tallest = max(lists, key=lambda w: w.outer_size.height)
        rows = max(LEAST_LIST_ROWS, tallest.outer_size.height - cut)
        try:
            self.find_widget(tallest)  # laid out on screen, so its height is its own now
        except NoWidget:
            return False
        if rows >= tallest.outer_size.height or self._shortened.get(tallest) == rows:
            return False  # nothing more to give: the frame is drawn as it is, never held again
        tallest.styles.max_height = rows
        self._shortened[tallest] = rows
        return True

    def _lists_back_to_their_height(self) -> None:
        """Lists shortened for the Done row go back to their styles' height (a new step, or
        another size: the room is measured again)."""
        while self._shortened:
            self._shortened.popitem()[0].styles.max_height = None

    def _before_output(self) -> bool:
        """The compositor's hook once a frame is drawn, before it reaches the terminal:
        nothing of a step is shown before the step's save is on disk. (The save is handed to
        the records' writer thread before the step is built: ``Meeting.writing_alongside``.
        That thread needs the interpreter lock between its system calls, so while the screen
        works it mostly waits; measured, it starts when this hook waits: docs/app.md, "Speed".)
        False when it failed: the frame is held, and drawn again with the failure shown."""
        if self._settle_save():
            return True
        self._held_frame = True
        return False

    def _settle_save(self) -> bool:
        """Wait for the step's save, if one is in flight. False when it failed: the bell, and
        the save indicator and banner say so (kept in memory, written with the next save)."""
        meeting = self.meeting
        if not meeting.in_flight:
            return True
        if meeting.settle().state != FAILED:
            return True
        self.app.bell()
        self.show_save()
        return False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time this screen is shown, skip Textual's restyle of every widget: they
        were styled moments before, when mounted (~40% of opening a meeting; see
        textual_internals.keep_first_styles). Later resumes (after a dialog or the privacy
        screen) restyle as usual."""
        if not self._resumed_once:
            keep_first_styles(event)
        self._resumed_once = True

    def _opened(self, started: float) -> None:
        self.app.open_times.append((time.perf_counter() - started) * 1000)
        self.app.opening_done()

    def _drawn(self, started: float) -> None:
        self.app.step_times.append((time.perf_counter() - started) * 1000)

    def _settled(self) -> None:
        started = self._settling.popleft() if self._settling else None
        if started is not None:
            self.app.settle_times.append((time.perf_counter() - started) * 1000)
        COLLECTOR.step_done()

    async def _show_step(self) -> None:
        meeting = self.meeting
        conv = meeting.conv
        step = self._step()
        topics = conv.topics()
        # The prompt's frame comes first; the answer just given joins the transcript, and the
        # topic list, the guidance, the plan and the map follow, a frame later.
        # Bound methods, not call_after_refresh's new partials: Textual measures a new
        # callable's signature each time (textual_internals.after_refresh).
        after_refresh(self, self._follow_prompt)
        after_refresh(self, self._refresh_panels)
        self._show_names()
        self.show_save()
        if step is None:
            return
        # Each question has its own answerer (its speaker), so the toggle follows the step.
        self._show_speaker()
        self._show_step_header(step)
        if step.kind == "topics":
            text = "Which topic shall we talk about? Any order is fine."
            if any(t.status != "not_started" for t in topics):
                text = "Which topic next? You can carry on, go back to one, or start another."
        else:
            text = step.text
        if self._update("#step-prompt", literal(text)):
            self._one(PromptBox).start()
        hint = step.hint if step.kind == "ask" else ""
        hint_widget = self._one("#step-hint", Static)
        hint_widget.display = bool(hint)
        self._update("#step-hint", literal(hint or "", "italic"))
        cls, args = answer_spec(
            step,
            topics=topics,
            earlier=self.meeting.earlier_answer(step, self.history.ratings),
            start_topic=self.meeting.start_topic() if step.kind == "topics" else None,
        )
        self._lists_back_to_their_height()  # nothing to do unless one was shortened
        answer = self._pool.get(cls)
        if answer is None:
            # First time this kind of answer is needed: build it once, reuse it after.
            answer = cls(*args)
            self._pool[cls] = answer
            await self._one("#answer-slot", Vertical).mount(answer)
        else:
            answer.load(*args)
        for widget in self._pool.values():
            # Only the two that change: setting a widget's display to what it already is
            # still costs a style look-up and set (twelve answers a step, ~0.3 ms; issue 18).
            if widget.display != (widget is answer):
                widget.display = widget is answer
        self._answer = answer
        await answer.ready()
        answer.focus_first()  # at once: the next key typed belongs to this question
        self._message("")
        self._put_back_typed_last_time(step)
        typing = step.kind == "ask" and step.answer_type not in ("choice", "yes_no", "rating")
        self._one("#done").display = typing or step.answer_type in ("multi_choice",)
        self._one("#skip").display = step.kind == "menu" or (step.kind == "ask" and step.can_skip)
        self._update("#keys-hint", Content(answer.keys_hint).stylize("$text-muted"))
        self._guidance = step.guidance
        if step.kind == "topics":
            self._maybe_offer_finish()

    def _follow_prompt(self) -> None:
        """What the step changed around its prompt, drawn just after the prompt.

        The prompt's own frame is drawn inside the step (``draw_now``) and kept small: the
        question area keeps its height (session.tcss), so nothing else moves. Adding the
        answer to the transcript scrolls it, which redraws every line of it; the topic list
        and the guidance are other parts of the screen. Drawn with the prompt, they made its
        frame cover the whole conversation column (issue 18).
        """
        if not self.is_mounted:
            return
        conv = self.meeting.conv
        self._one(TopicMap).show(conv.topics(), conv.current_topic)
        entries = conv.transcript()
        self._one(Transcript).sync(entries)
        self._show_empty_note()
        self._one(GuidancePanel).show(self._guidance)
        self._fold_guidance()  # open only over guidance there is
        self._keep_step_height()  # once what shares the column with it is known

    def _keep_step_height(self) -> None:
        """The question area keeps the tallest height it has needed at this screen size, so a
        short question after a long list does not pull the conversation down, only for the
        next list to push it back up. The screen stays still, and a step no longer moves and
        redraws every line of the transcript (about one step in twenty of a first meeting,
        among the slowest; issue 18). It still grows when a question needs more room; a
        resize, or the panels changing places, measures afresh."""
        area = self._one("#step")
        self._step_height = max(self._step_height, area.region.height)
        if not self._step_height:
            return
        kept = min(self._step_height, self._room_beside_guidance())
        least = area.styles.min_height
        if least is None or least.value != kept:
            area.styles.min_height = kept  # only when it changes: a style change lays out

    def _room_beside_guidance(self) -> int:
        """The most the question area may keep at this step and still leave its guidance the
        whole height (and the transcript its least): after a tall question with no guidance
        (the topic list), the tallest height would push the next step's guidance off the
        screen. A step with no guidance keeps the tallest."""
        guidance = self._one("#guidance")
        main = self._one("#main")
        transcript = self._one(Transcript)
        step = self._one("#step")
        least = transcript.styles.min_height
        room = main.content_region.height - (int(least.value) if least is not None else 0)
        for other in main.displayed_children:
            # Anything else in the column keeps its rows too ("What we say will build up
            # here", before anything is said).
            if other not in (transcript, step, guidance):
                room -= other.outer_size.height
        height = guidance.styles.height
        # This step's guidance, unless F3 hid it.
        shown = self.app.settings.guidance and self._guidance.strip()
        if shown and height is not None and height.is_cells:
            room -= int(height.value)
        return max(room, 0)

    def _release_step_height(self) -> None:
        """Back to the style sheet's minimum (a share of the screen): at another size the
        tallest height needed so far means nothing."""
        self._lists_back_to_their_height()
        if self._step_height:
            self._step_height = 0
            self._one("#step").styles.min_height = None

    def _refresh_panels(self) -> None:
        if not self.is_mounted:
            return
        self._show_plan()
        self._one(NetworkMap).show(self._connections(), self._me())
        started, self._settle_from = self._settle_from, None
        if after_refresh(self, self._settled):
            self._settling.append(started)  # taken by that call, in turn

    def _plan_on_screen(self) -> bool:
        """True while 'Our plan so far' is on screen (beside the conversation, or in its
        place on a narrow screen), as session.tcss shows it."""
        if self.view == "plan":
            return True
        return not self.has_class("narrow") and self.side == "plan" and self.view != "topics"

    def _show_plan(self) -> None:
        """The plan so far, headed by what changed since both said yes while it is on screen.
        That line builds the plan as it was at the yes (about 15 ms once they have said it),
        so it is worked out only while the panel is on screen, and after the keys already
        typed: a burst of answers works it out once, at its end."""
        shown = self._plan_was_shown = self._plan_on_screen()
        if shown and not self._since_yes_waiting:
            self._since_yes_waiting = True
            call_soon(self, self._show_since_yes)
        self._fill_plan(self._since_yes if shown else "")

    def _fill_plan(self, changed: str) -> None:
        names = {"person": self.person_name}
        self._one(PlanPanel).show(
            self.plan_sections(), self._earlier_plan(), names, changed=changed
        )

    def _show_since_yes(self) -> None:
        """Work out what changed since both said yes, and show it when the line is new."""
        self._since_yes_waiting = False
        if not self.is_mounted or not self._plan_on_screen():
            return
        line = ""
        try:
            line = changed_since_line(self.meeting.changes_since_agreed())
        except Exception:  # a plan that cannot be built must not stop the meeting
            self.log.error("the plan as it was agreed could not be compared")
        if line != self._since_yes:
            self._since_yes = line
            self._fill_plan(line)

    def plan_sections(self) -> list[PlanSection]:
        """The plan so far; for content the plans module does not know, every answer."""
        try:
            sections = plan_sections(self.meeting.plan())
        except Exception:  # a plan that cannot be built must not stop the meeting
            self.log.error("plan could not be built")
            sections = []
        return sections or plan_so_far(self.meeting.conv)

    def _me(self) -> str:
        return ME

    def _connections(self, draft: list[dict[str, Any]] | None = None) -> list[Connection]:
        records = network_people(self.meeting.conv.data) if draft is None else draft
        if not isinstance(records, list):
            return []
        shape = network_question(self.meeting.conv.content)
        return connections_from(records, lambda r: record_name(r, shape))

    def _earlier_plan(self) -> Content | None:
        """In a later meeting: last time's goals and actions, beside today's answers."""
        plan = self.meeting.previous_plan
        if plan is None or not plan.goals:
            return None
        lines = [Content(earlier_plan_heading(plan)).stylize("bold $text-accent")]
        for goal in plan.goals[:6]:
            # Done or let go by then: marked, as the plan panel marks it (read as open, it
            # was asked about again as if still to work on).
            lines.append(
                Content("  Goal: ") + Content(shown(goal.what, 200) + goal_closed_mark(goal))
            )
            for action in goal.actions[:6]:
                when = f" by {format_date(action.by_when)}" if action.by_when else ""
                mark = action_status_mark(action)  # done at a review: not still to do
                lines.append(Content("    • ") + Content(shown(action.what, 200) + when + mark))
        lines.append(Content(""))
        return Content("\n").join(lines)

    def show_save(self) -> None:
        status = self.meeting.status
        self._one(SaveIndicator).show(status, list_pending=self._list_pending())
        self._one(SaveBanner).show(status)
        self._show_consent_note()

    def _show_consent_note(self) -> None:
        """While nothing is recorded, one line says so and how to agree (hidden at the consent
        question itself, which says it better)."""
        meeting = self.meeting
        text = ""
        if meeting.status.state == HELD and meeting.case is not None:
            try:
                at_consent = meeting.conv.step.path == CONSENT_RECORD
            except FlowError:
                at_consent = False
            text = "" if at_consent else meeting.status.message
        if text == self._note_shown:
            return  # unchanged: no restyle, no repaint
        self._note_shown = text
        note = self._one("#consent-note", Static)
        note.display = bool(text)
        note.update(Content(text))

    def _content_problem(self, detail: str) -> None:
        """A problem in the topic files: the author's detail (file, line, step, error) goes
        in the worker's guidance and the log, never in the people's message. The file comes
        first, so it shows even in a small guidance panel."""
        self.log.error(f"content problem: {detail}")
        # Kept as the step's guidance too: the panel is shown again just after each prompt.
        self._guidance = f"Topic files: {detail}"
        self._one(GuidancePanel).show(self._guidance)

    def _message(self, text: str, problem: bool = False) -> None:
        widget = self._one("#answer-message", Static)
        widget.display = bool(text)
        widget.set_class(problem, "-problem")
        self._update("#answer-message", literal(text))

    def _said_under_the_answer(self, text: str) -> bool:
        """Whether the answer's own line (a date's meaning) already shows ``text``."""
        if self._answer is None:
            return False
        return any(meaning.shown == text for meaning in self._answer.query(DateMeaning))

    # -- acting -------------------------------------------------------------------------

    async def act(self, action: Callable[..., Outcome], *args: Any) -> bool:
        """Run one of the meeting's actions (e.g. ``self.meeting.answer``, which saves), then
        show the next step once the save is on disk."""
        if self._t0 is None:
            self._t0 = time.perf_counter()
        # The step's save is handed to the records' writer thread, and the next step is built,
        # laid out and drawn; the save is on disk before that step is shown
        # (``_before_output``) and before this returns.
        with self.meeting.writing_alongside():
            outcome = action(*args)
        if not outcome.done:
            self._t0 = None
            said = outcome.message
            if said and not outcome.problem and self._said_under_the_answer(said):
                said = ""  # an impossible date: its line under the box says so already
            self._message(said, outcome.problem)
            if outcome.detail:
                self._content_problem(outcome.detail)
            self.show_save()
            return False
        if outcome.save is not None and outcome.save.state == FAILED:
            self.app.bell()
        await self.show_step()
        self._ask_about_saved_part()
        return True

    def _ask_about_saved_part(self) -> None:
        """After a later "no" to keeping a record: keep what was saved today, or erase it."""
        if not self.meeting.withdrawal_pending:
            return
        earlier = (
            " Earlier meetings stay in the record either way."
            if self.meeting.kind != "first" or self.history.meetings
            else ""
        )
        question = Content.assemble(
            Content(self.meeting.withdrawal_reason() + "\n").stylize("bold"),
            Content(
                "Some of today's answers were saved before that. What should happen to them?\n\n"
                "Keep what was saved: it stays in the record. Nothing more from today is "
                "saved.\n"
                "Erase today's answers: they are taken out of the record for good." + earlier
            ),
        )

        def chosen(erase: bool | None) -> None:
            message = self.meeting.erase_today() if erase else self.meeting.keep_saved()
            self.show_save()
            self._message(message, problem=self.meeting.status.state == FAILED)
            if self._answer is not None:
                self._answer.focus_first()

        self.app.push_screen(
            Confirm(question, yes="Erase today's answers", no="Keep what was saved"), chosen
        )

    @on(Answer.Submit)
    async def _submitted(self, event: Answer.Submit) -> None:
        event.stop()
        if event.answer is not self._answer:
            return  # a late message from a widget that has already been replaced
        await self._give(event.value)

    async def _give(self, value: Any) -> None:
        if self._rendering:
            return
        self._t0 = time.perf_counter()  # from the key, as every step is timed (issue 18)
        step = self._step()
        if step is None:
            return
        if nothing_written(self._answer, value) and not step.empty_answer:
            self._t0 = None  # no step: nothing to time
            # A stray Enter in an empty box: say what to do, as a pick list with nothing
            # picked does, rather than save "Not today" (F7 does that on purpose).
            words = NOTHING_WRITTEN if step.can_skip else NOTHING_WRITTEN_NEEDED
            self._message(words, problem=True)
            if self._answer is not None:
                # The spaces (or blank lines) refused are taken out: left in the box, unseen,
                # they began the words typed next. A stray Space that landed here before the
                # question was read (a burst typed for the list before it) saved " Ama".
                self._answer.load_value("")
                self._answer.focus_first()  # from the Done button: back to the box to write
            return
        await self.act(self.meeting.give, step, value)

    @on(Answer.Notice)
    def _answer_notice(self, event: Answer.Notice) -> None:
        # In the keys hint's place: shown as a message above it, it said nearly what the hint
        # below it says. The next step puts its own hint back.
        event.stop()
        if event.answer is self._answer:
            self._update("#keys-hint", Content(event.text).stylize("bold $text-warning"))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # Up in the conversation (Shift+Tab, or a click on an answer): the line of keys says
        # how to change the answer picked there, and how to come back.
        if isinstance(event.widget, Transcript):
            self._update("#keys-hint", Content(READING_HINT).stylize("$text-muted"))
        elif isinstance(self._answer, MultiChoiceAnswer):
            # "Nothing is ticked. Save this question as 'Not today'?": what Enter does now.
            hint = self._answer.enter_hint(event.widget)
            if hint is not None:
                self._update("#keys-hint", Content(hint).stylize("$text-muted"))

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if self._answer is None:
            return
        if isinstance(event.widget, Transcript) or (
            isinstance(self._answer, MultiChoiceAnswer)
            and self._answer.enter_hint(event.widget) is not None
        ):
            self._update("#keys-hint", Content(self._answer.keys_hint).stylize("$text-muted"))

    @on(Answer.Changed)
    def _draft_changed(self, event: Answer.Changed) -> None:
        event.stop()
        step = self._step()
        if step is not None and step.path == NETWORK_PEOPLE:
            self._one(NetworkMap).show(self._connections(event.value), self._me())
        self._one(SaveIndicator).show(self.meeting.status, list_pending=self._list_pending())

    def _list_pending(self) -> bool:
        """The list on screen has changes not given yet (saved only with Done)."""
        step = self._step()
        answer = self._answer
        return (
            step is not None
            and bool(step.path)
            and isinstance(answer, RecordsAnswer)
            and answer.shape is step.node  # this step's list, not the one before it
            and answer.pending(answer_at(self.meeting.conv.data, step.path))
        )

    @on(NetworkMap.Move)
    def _moved_on_map(self, event: NetworkMap.Move) -> None:
        """Someone moved to another circle on the map: saved before anything else is shown,
        as a changed answer to the people question, by the one that question is for (as the
        edit-answer dialog does). The question on screen, and anything typed in it, stay."""
        event.stop()
        network = self._one(NetworkMap)
        person, circle = event.person, event.circle
        step = self._step()
        if step is not None and step.path == NETWORK_PEOPLE:
            network.say("The list of people is open: change their circle there.")
            return
        shape = network_question(self.meeting.conv.content)
        records = network_people(self.meeting.conv.data)
        moved = with_circle(records, person.ref, circle) if isinstance(records, list) else None
        if shape is None:
            network.say("The map cannot be changed with these topics.")
            return
        if moved is None:
            network.say(f"{person.name} is already in circle {circle}.")
            return
        speaker = shape.speaker if shape.speaker in SPEAKER_ORDER else "both"
        outcome = self.meeting.edit(NETWORK_PEOPLE, moved, by=speaker)
        self.show_save()
        if not outcome.done:
            network.say(outcome.message)
            return
        entries = self.meeting.conv.transcript()
        self._one(Transcript).sync(entries)
        self._show_empty_note()
        self._refresh_panels()

    @on(TopicMap.Jump)
    async def _jump(self, event: TopicMap.Jump) -> None:
        event.stop()
        if self.meeting.conv.current_topic == event.topic_id:
            if self.view == "topics":
                self.view = "conversation"
                self._apply_view()
            if self._answer:
                self._answer.focus_first()
            return
        topic_id = event.topic_id

        async def go(yes: bool | None = True) -> None:
            self.view = "conversation"  # Stay: back to the question and the words typed
            self._apply_view()
            if not yes:
                if self._answer:
                    self._answer.focus_first()
                return
            await self.act(self.meeting.goto_topic, topic_id)

        if not self._leaving_the_answer_is_fine(go):
            return
        await go()

    def _leaving_the_answer_is_fine(self, then: Callable[[bool | None], Any]) -> bool:
        """True when nothing typed or changed on screen would be lost by moving to another
        topic or parking this one; otherwise asks first (``then`` gets the choice)."""
        warning = self._answer_not_given()
        if warning is None:
            return True
        words = warning.replace("If you leave now", "If you go on now")
        self.app.push_screen(Confirm(Content(words), yes="Go on without it", no="Stay"), then)
        return False

    @on(Transcript.EditRequested)
    def _edit(self, event: Transcript.EditRequested) -> None:
        event.stop()
        from assistant.ui.screens.edit_answer import EditAnswer

        entry = event.entry
        index = self.meeting.conv.content.topics.get(entry.topic)
        node = index.nodes.get(entry.node) if index else None
        if isinstance(node, SetNode):
            # A change the app made itself (a referral's words signed by today's worker after
            # a handover): "can no longer be changed" said the content had changed, untrue.
            self.app.notify(APP_MADE_CHANGE, markup=False, timeout=12)
            return
        if not isinstance(node, AskNode):
            self.app.notify("That answer can no longer be changed here.", markup=False)
            return
        refused = self.meeting.edit_refused(entry.path) if entry.path else None
        if refused is not None:
            self.app.notify(refused, markup=False, timeout=12)
            return
        value = answer_at(self.meeting.conv.data, entry.path)
        # Whoever gave the answer now in force is the likeliest to change it; the dialog's
        # F2 says otherwise, so the transcript, audit, plan and exports credit the right one.
        given = [e.by for e in self.meeting.conv.transcript() if e.path == entry.path]
        by = given[-1] if given and given[-1] in SPEAKER_ORDER else entry.by
        if by not in SPEAKER_ORDER:
            by = node.speaker if node.speaker in SPEAKER_ORDER else "both"
        by = self.meeting.edits_by or by  # solo practice: the worker (the trainee) only

        def try_edit(new_value: Any, changed_by: str, correction: bool = False) -> str | None:
            outcome = self.meeting.edit(entry.path, new_value, by=changed_by, correction=correction)
            if not outcome.done:
                return outcome.message
            if outcome.message == NOTHING_CHANGED:
                self.app.notify(NOTHING_CHANGED, markup=False)
            return None

        async def redraw() -> None:
            await self.show_step()
            self._ask_about_saved_part()  # the consent answer may have been changed to no

        def after(changed: bool | None) -> None:
            if changed:
                self.run_worker(redraw(), exclusive=True, group="render")
            elif self._answer:
                self._answer.focus_first()

        dialog = EditAnswer(
            entry,
            node,
            value,
            try_edit,
            by=by,
            speakers=self._speaker_words(),
            about=self.meeting.record_about(entry.path),
            who_fixed=self.meeting.edits_by is not None,
            meeting=self.meeting,
        )
        self.app.push_screen(dialog, after)

    @on(Button.Pressed, "#done")
    async def _done_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_done()

    @on(Button.Pressed, "#skip")
    async def _skip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self.action_skip()

    @on(SpeakerLine.Chosen)
    def _speaker_clicked(self, event: SpeakerLine.Chosen) -> None:
        # A name on the "Answering:" line picks that one; its F2 hint goes on, as F2 does.
        event.stop()
        self._change_speaker(None if event.speaker == NEXT else event.speaker)

    # -- key actions --------------------------------------------------------------------

    async def action_done(self) -> None:
        if self._answer is None:
            return
        if isinstance(self._answer, GoOnAnswer):
            await self._give(None)
            return
        if isinstance(self._answer, MultiChoiceAnswer):
            if self._answer.asking:
                return  # asked "save as Not today?": y or n answers that, not Done again
            step = self._step()
            # Nothing ticked would be saved as "Not today": ask first (unless an answer is
            # required, when the engine says so itself).
            if step is not None and step.can_skip and self._answer.ask_if_empty():
                return
        if isinstance(self._answer, RecordsAnswer) and self._ask_before_empty_list():
            return
        if self._no_choice_yet():
            keys = (
                "y or n"
                if isinstance(self._answer, YesNoAnswer)
                else "a number"
                if isinstance(self._answer, RatingAnswer)
                else None
            )
            self._message(f"Pick one first: {keys}." if keys else PICK_ONE_FIRST, problem=True)
            return
        await self._give(self._answer.current())

    def _ask_before_empty_list(self) -> bool:
        """Done on a list with nothing added, where nothing was on it before either: ask
        whether there is no one (nothing) right now, which is an answer ("no one yet" in the
        plan), or to leave the question for another day (Not today, as Done with nothing
        ticked does), so neither is taken for the other (True if asked). A list that had
        entries and was emptied on purpose is an answer: saved as it is."""
        step = self._step()
        answer = self._answer
        if step is None or not step.path or not step.can_skip:
            return False  # a list that needs an answer: the engine says so itself
        if not isinstance(answer, RecordsAnswer) or answer.current():
            return False
        if answer_at(self.meeting.conv.data, step.path):
            return False  # it had entries (this meeting or the last): emptied on purpose

        async def chosen(choice: bool | None) -> None:
            if choice is None:  # no one right now: the empty list is the answer
                await self._give(answer.current())
            elif choice:
                await self.action_skip()
            elif self._answer is not None:
                self._answer.focus_first()

        none = none_word(answer.shape)
        question = (
            f"{answer.none_added()}. Is there {none.lower()} right now, or shall we leave this"
            " question for another day (“Not today”)?"
        )
        self.app.push_screen(
            Confirm(Content(question), yes="Not today", also=f"{none} right now", no="Go back"),
            chosen,
        )
        return True

    def _no_choice_yet(self) -> bool:
        """Whether Done would give a choice nobody made: the list's first line is highlighted
        only so the arrow keys start somewhere, so with no answer given before (a later
        meeting highlights last time's) Done must not pick it."""
        step = self._step()
        if step is None or not step.path:
            return False
        answer = self._answer
        if isinstance(answer, YesNoAnswer | RatingAnswer):
            # No button has the focus until the person moves onto one (or types y/n, a digit).
            return answer.current() is None
        if not isinstance(answer, ChoiceAnswer) or isinstance(answer, MenuAnswer):
            return False
        if answer.current() is None:
            return True  # nothing highlighted (a choice made on purpose, even asked again)
        return answer_at(self.meeting.conv.data, step.path) is None

    async def action_skip(self) -> None:
        step = self._step()
        if step is None or step.kind == "topics":
            return
        self._t0 = time.perf_counter()
        await self.act(self.meeting.skip)

    async def action_back(self) -> None:
        step = self._step()
        typed = (
            step is not None
            and bool(step.path)
            and self._typed_not_given(self._answer, step)
            # Words Back itself put in the box, untouched: going back further is what was
            # asked for, so no question about them.
            and self._put_back_words != (step.path, self._answer and self._answer.current())
        )
        if typed:
            # Words typed in the box and not given: Back undoes the answer before and shows
            # its question, so they would go without a word (Escape and the topic list ask).
            async def go(yes: bool | None) -> None:
                if yes:
                    await self._back()
                elif self._answer:
                    self._answer.focus_first()

            words = (
                "What you typed is not saved yet. To keep it, press Stay, then give the "
                "answer (Enter, or ctrl+s in a long box). If you go back now, it is not kept."
            )
            self.app.push_screen(Confirm(Content(words), yes="Go back without it", no="Stay"), go)
            return
        await self._back()

    async def _back(self) -> None:
        self._t0 = time.perf_counter()
        said: list[str] = []

        def back() -> Outcome:
            outcome = self.meeting.back()
            said.append(outcome.message)
            return outcome

        # The things-to-try list on screen may hold edits not saved yet: undoing an addition
        # from the directory takes that entry off and keeps the rest of them.
        draft = self._try_list_draft()
        stored_before = self._stored_try_list()
        given_before = self._last_answer()
        # Undoing a change that kept the question on screen (an addition from the directory,
        # an answer changed) shows nothing else: say what was undone.
        if not await self.act(back):
            return
        if said and said[0]:
            if draft is not None:
                self._keep_try_list_draft(draft, stored_before)
            self.app.notify(said[0], markup=False)
        else:
            self._put_back(given_before)

    def _last_answer(self) -> tuple[str, Any] | None:
        """Where the answer Back is about to undo was kept and what it was (the words typed,
        or a list's entries); None when what it undoes is not an answer. Taken from the undo
        history, not the log's newest entry: after one Back the log ends with "undone", and a
        second Back reaching a list would have shown the editor empty."""
        conv = self.meeting.conv
        history = conv.history
        if not history:
            return None
        log = conv.log
        for seq in reversed(history[-1].seqs):
            entry = log[seq - 1] if 0 < seq <= len(log) else None
            if (
                entry is not None
                and entry.get("seq") == seq
                and entry.get("action") == "answered"
                and entry.get("path")
            ):
                return str(entry["path"]), entry.get("value")
        return None

    def _put_back(self, undone: tuple[str, Any] | None) -> None:
        """Back to the question just answered: the words given are put back in the box, and
        a list's entries in its editor, to correct rather than give again (as before Done:
        kept only when given again)."""
        step = self._step()
        if undone is None or step is None or step.kind != "ask" or step.path != undone[0]:
            return
        if isinstance(self._answer, RecordsAnswer) and step.answer_type == "records":
            # Else the editor showed what was stored before (nothing, in a first meeting), and
            # Done there would save that over the list just given.
            self._answer.put_back(undone[1])
            return
        if step.answer_type not in _TYPED:
            return
        if self._answer is not None:
            self._answer.load_value(undone[1])  # a date question's `past` kept
            self._put_back_words = (step.path, self._answer.current())

    def _try_list_draft(self) -> list[dict[str, Any]] | None:
        """The records on screen when the question is the things-to-try list, else None."""
        answer = self._answer
        if isinstance(answer, RecordsAnswer) and (
            getattr(answer.shape, "store", None) == COMMUNITY_LIST
        ):
            return answer.current()
        return None

    def _stored_try_list(self) -> list[Any]:
        stored = answer_at(self.meeting.conv.data, COMMUNITY_LIST)
        return list(stored) if isinstance(stored, list) else []

    def _keep_try_list_draft(self, draft: list[dict[str, Any]], before: list[Any]) -> None:
        """After Back kept the things-to-try question on screen: when all it undid was
        entries added from the directory, show ``draft`` (the list as it was on screen)
        without them, rather than the list reloaded from what is stored."""
        answer = self._answer
        if self._try_list_draft() is None or not isinstance(answer, RecordsAnswer):
            return
        after = self._stored_try_list()
        undone = [r for r in before if r not in after]
        codes = {r.get(TRY_DIRECTORY) for r in undone if isinstance(r, dict)} - {None}
        if not codes or [r for r in before if r not in undone] != after:
            return  # something else was undone: the list as stored is the one to show
        answer.records = [r for r in draft if r.get(TRY_DIRECTORY) not in codes]
        answer._refresh_list(0)
        answer.focus_first()

    async def action_park(self) -> None:
        if self.meeting.conv.current_topic is None:
            self.app.notify("We are choosing a topic: there is nothing to park.", markup=False)
            return

        async def park(yes: bool | None = True) -> None:
            if yes:
                await self._park()
            elif self._answer:
                self._answer.focus_first()

        if self._leaving_the_answer_is_fine(park):
            await self._park()

    async def _park(self) -> None:
        self._t0 = time.perf_counter()
        if await self.act(self.meeting.park):
            self.app.notify(
                "Parked. We can come back to it any time: it keeps its place.", markup=False
            )

    def action_cycle_speaker(self) -> None:
        self._change_speaker(None)

    def _show_step_header(self, step: Step) -> None:
        """Whom the question is to, its topic and count; and, when F2 (or a click) changed
        who answers it, who is answering now, so it shows above the question before the
        answer is sent (one F2 on a question to you both goes to the person)."""
        index = self.meeting.conv.content.topics.get(step.topic) if step.topic else None
        addressed = Content(ADDRESSED_WORDS.get(step.speaker, "To you both")).stylize("bold")
        if self.meeting.answers_here and self.meeting.by_changed:
            now = {
                "person": f"but {short_name(self.person_name)} is answering",
                "worker": "but the worker is answering",
                "both": "but you are answering together",
            }.get(self.meeting.by, "")
            addressed += Content(", ") + Content(now).stylize("bold reverse")
        title = (
            Content(f"  ·  {clean(index.topic.title)}").stylize("$text-muted")
            if index is not None
            else Content("")
        )
        count = (
            Content(f"  ·  {step.loop_label}").stylize("$text-muted")
            if step.loop_label
            else Content("")
        )
        header = addressed + title + count
        width = self._one("#step-header").content_region.width
        if count and 0 < width < header.cell_length:
            # Too long for one line: the count goes first, so the line breaks inside the
            # title's words rather than leaving "1 of" above a lone "2".
            header = addressed + count + title
        self._update("#step-header", header)

    def _change_speaker(self, by: str | None) -> None:
        """``by`` answers this question (None: the next one, as F2 goes round)."""
        if not self.meeting.answers_here:
            self.app.notify(
                "Nothing to answer here, so no one to choose: F2 chooses who answers a question.",
                markup=False,
            )
            return
        if by is None:
            self.meeting.cycle_by()
        else:
            self.meeting.choose_by(by)
        self._show_speaker()
        step = self._step()
        if step is not None:
            self._show_step_header(step)

    def _show_empty_note(self) -> None:
        """ "What we say will build up here...": before anything is said, unless the screen is
        tiny (the question comes first there; Help says the same)."""
        empty = not self._one(Transcript).option_count
        self._one("#transcript-empty").display = empty and not self.has_class("tiny")

    def _fold_guidance(self) -> None:
        """On a tiny screen the guidance is one line, "For the worker: F3 to read", unless F3
        opened it: squeezed under the question it showed its edge and no words. Open,
        it takes the conversation's room while the step has guidance."""
        tiny = self.has_class("tiny")
        shown = self.app.settings.guidance and bool(self._guidance.strip())
        opened = tiny and self._guidance_opened and shown
        self._one(GuidancePanel).fold(tiny and not self._guidance_opened, opened=opened)
        if opened != self.has_class("guidance-open"):
            self.set_class(opened, "guidance-open")

    def _question_from_opened_guidance(self) -> None:
        """Out of the tiny layout, the guidance F3 opened (and focused, so the arrows read
        on) is a panel beside the question again: the focus goes back to the question, or
        Enter and the typed keys went to the panel, with nothing to show where they went."""
        guidance = self._one(GuidancePanel)
        focused = self.focused
        if focused is None or self._answer is None:
            return
        if focused is guidance or guidance in focused.ancestors:
            self._answer.focus_first()

    def action_toggle_guidance(self) -> None:
        tiny = self.has_class("tiny")
        if tiny and self.app.settings.guidance and not self._guidance_opened:
            # Tiny: F3 opens the folded guidance in the conversation's room (the question
            # stays whole above it); F3 again turns it off, as on any screen.
            self._guidance_opened = True
            self._fold_guidance()
            self._release_step_height()  # the room the question area may keep has changed
            if self._guidance.strip():
                self._one(GuidancePanel).focus()  # the arrows read on; Escape: the question
            else:
                self.app.notify("There is no guidance for the worker at this step.", markup=False)
            return
        # The setting, not whether the panel shows: a step with no guidance shows none, and
        # F3 there must still turn the guidance off (and twice, leave it on).
        show = not self.app.settings.guidance
        # Shown: the style sheet decides again (no panel for a step with no guidance).
        self._one("#guidance").styles.display = None if show else "none"
        self._release_step_height()  # the room the question area may keep has changed
        self.app.settings.guidance = show
        self.app.save_settings()
        if tiny:
            # Turned on, it opens (F3 was pressed to read it); off, the conversation is back.
            self._guidance_opened = show
            self._fold_guidance()
            if show and self._guidance.strip():
                self._one(GuidancePanel).focus()
            elif self._answer is not None:
                self._answer.focus_first()

    def action_topics(self) -> None:
        self._pick_in_topic_map()
        if not self.has_class("wide"):
            # Narrow: the topics take the conversation's place; medium: the side panel's.
            self.view = "conversation" if self.view == "topics" else "topics"
            self._apply_view()
            if self.view == "conversation":
                if self._answer:
                    self._answer.focus_first()
                return
        topic_map = self._one(TopicMap)
        if topic_map.has_focus and self._answer is not None:
            self._answer.focus_first()
        else:
            focus_now(topic_map)  # at once: the keys typed after F4 are for the map

    def _pick_in_topic_map(self) -> None:
        """At the list of topics the topic map (which follows the topic being talked about)
        had no row picked: F4 showed it with nothing highlighted, so nothing said which topic
        Enter would open, and the first arrow key started from the top. It picks the topic
        the question's own list is on, and shows that row."""
        topic_map = self._one(TopicMap)
        if topic_map.highlighted is not None or not isinstance(self._answer, TopicsAnswer):
            return
        topic = self._answer.current()
        with contextlib.suppress(OptionDoesNotExist):
            topic_map.highlighted = topic_map.get_option_index(f"map-{topic}")
        # Shown only now (below 140 columns): brought into view once it has its size.
        self.call_after_refresh(topic_map.scroll_to_highlight)

    def action_panels(self) -> None:
        if self.has_class("narrow"):
            order = ["conversation", "plan", "network"]
            self.view = order[(order.index(self.view) + 1) % 3 if self.view in order else 0]
            if self.view in ("plan", "network"):
                self.side = self.view
        else:
            # Beside the conversation: the plan, the map, then nothing (more room to talk).
            self.side = SIDE_PANELS[(SIDE_PANELS.index(self.side) + 1) % len(SIDE_PANELS)]
            self.view = "conversation"
        self._apply_view()
        if self.view == "plan":
            # In the conversation's place (below 100 columns) the plan has the focus, so
            # Page Down and the arrows scroll it at once: they did nothing until Tab.
            focus_now(self._one(PlanPanel))
        elif self.view == "conversation" and self._answer is not None:
            self._answer.focus_first()

    def action_retry_save(self) -> None:
        status = self.meeting.retry_save()
        self.show_save()
        if status.ok:
            self.app.notify("Saved. Everything so far is on disk.", markup=False)

    def action_finish(self) -> None:
        from assistant.ui.screens.finish import FinishMeeting

        async def chosen(result: str | None) -> None:
            if result in ("consent", "closing"):
                self.view = "conversation"
                self._apply_view()
                go = (
                    self.meeting.go_to_consent
                    if result == "consent"
                    else self.meeting.go_to_closing
                )
                await self.act(go)
                return
            if result is None:
                if self._answer is not None:
                    self._answer.focus_first()
                return
            self.app.close_meeting(self, agreed=result == "agreed")

        self.app.push_screen(FinishMeeting(self.meeting, self.person_name), chosen)

    def _maybe_offer_finish(self) -> None:
        """After the closing topic, offer to finish (the meeting says when: once)."""
        if self.meeting.offer_finish():
            self.call_after_refresh(self.action_finish)

    def _maybe_pause_for_safety(self) -> None:
        """After a rating of 1 or 2 on mental health or feeling safe (saved by now), offer a
        pause for safety: the meeting says when, once per meeting per area."""
        area = self.meeting.pause_offer()
        if area is not None:
            self.call_after_refresh(self._pause_for_safety, area)

    def action_pause_for_safety(self) -> None:
        """The worker's own pause for safety, from any step."""
        self._pause_for_safety(None)

    def _pause_for_safety(self, area: str | None) -> None:
        """Show the pause; the pair choose to open the plan for hard times or carry on."""
        if not self.is_current:
            return  # another dialog is open: the worker can press the key after it

        async def chosen(go: bool | None) -> None:
            if go:
                await self.go_to_hard_times()
            elif self._answer is not None:
                self._answer.focus_first()

        self.app.push_screen(SafetyDialog(self.meeting.safety_pause(area)), chosen)

    async def go_to_hard_times(self) -> None:
        """Open the plan for hard times in the conversation (from the pause for safety, here
        or over the directory)."""
        self.view = "conversation"
        self._apply_view()
        await self.act(self.meeting.go_to_hard_times)

    def action_export(self) -> None:
        from assistant.ui.screens.export import ExportScreen

        case = self.meeting.case
        if case is None:
            return
        try:
            plan = self.meeting.plan()
        except Exception:  # the saved versions can still be exported
            plan = None
        self.app.push_screen(ExportScreen(case.person_id, case=case, current_plan=plan))

    def action_directory(self) -> None:
        """The community directory: suggestions from what the person said, and adding one to
        their things to try (docs/app.md, "Community directory")."""
        from assistant.ui.screens.directory import open_in_meeting

        open_in_meeting(self)

    def action_changes(self) -> None:
        """How things have changed: the plan so far, with the earlier versions' measures."""
        from assistant.ui.screens.changes import MeetingChangesScreen

        async def closed(to_hard_times: bool | None) -> None:
            if to_hard_times:  # chosen in a pause for safety over the change screen
                await self.go_to_hard_times()

        screen = MeetingChangesScreen(self.meeting.plan(), self.person_name, self.meeting)
        self.app.push_screen(screen, closed)

    def action_leave(self) -> None:
        if self.back_to_the_question():
            return
        self.app.leave_meeting(self)

    def back_to_the_question(self) -> bool:
        """Escape while reading (the conversation so far, a long question's words, the
        guidance) or in the topics goes back to the answer, as a reader expects; only from
        the question does it leave. True when it did."""
        if self.view == "topics" and not self.has_class("wide"):
            # The topics in the conversation's place: back to the question, as F4 again does
            # (Escape offered to leave the meeting).
            self.action_topics()
            return True
        if self._answer is not None and self._one(TopicMap).has_focus:
            # From 140 columns the topics have a column of their own and F4 moves the focus
            # there: Escape goes back to the question, as it does below 140 columns (it
            # offered to leave the meeting).
            self._answer.focus_first()
            return True
        if self.view in ("plan", "network") and self._answer is not None:
            # The plan or the map in the conversation's place (F5 below 100 columns): Escape
            # offered to leave, and the keys typed next went to no widget on screen.
            self.view = "conversation"
            self._apply_view()
            self._answer.focus_first()
            return True
        focused = self.focused
        # Reading: the conversation, a long question's words, the guidance, or a side panel
        # (the plan or the map beside the conversation, focused with Tab or a click).
        reading = isinstance(focused, (Transcript, CuedScroll)) or (
            focused is not None and self._one("#side", ContentSwitcher) in focused.ancestors
        )
        if self._answer is None or not reading:
            return False
        self._answer.focus_first()
        return True

    def leave_words(self) -> str:
        """The question on leaving: what would be lost, or that nothing would."""
        warning = self.unsaved_warning()
        if warning:
            return warning
        if self.meeting.status.state in (NOTHING_YET, HELD) and not self.meeting.conv.log:
            # As the header says ("Nothing to save yet", "Not recorded yet"): "Everything is
            # saved" read as if something had been kept.
            return (
                "Leave this meeting for now? Nothing has been answered in it yet, so there is "
                "nothing new to keep."
            )
        return (
            "Leave this meeting for now? Everything is saved. You can carry on from the list "
            "of people with 'Resume where we left off'."
        )

    def unsaved_warning(self) -> str | None:
        """Why leaving now would lose something, or None: the meeting's own reasons, then a
        list on screen with changes not given yet (people added but Done not pressed)."""
        return self.meeting.unsaved_warning() or self._answer_not_given()

    def _answer_not_given(self) -> str | None:
        """Why moving away from this question would lose what is on screen, or None: words
        typed, or a list changed, and not given yet (only given answers are saved)."""
        step = self._step()
        answer = self._answer
        if self._list_pending():
            return (
                # Not "changes": after Back the entries can be exactly as given, just not
                # given again yet.
                "The list on screen is not saved yet. To keep it, press Stay, then Done "
                "(ctrl+s). If you leave now, the list as it is on screen is not kept."
            )
        if step is not None and step.path and self._typed_not_given(answer, step):
            return (
                "What you typed is not saved yet. To keep it, press Stay, then give the "
                "answer (Enter, or ctrl+s in a long box). If you leave now, it is not kept."
            )
        return None

    def keep_typed_words(self) -> None:
        """The app's last try on close: the words in the box, typed but not given, are kept
        with the meeting (or words kept last time taken off when the box has none now)."""
        if self._rendering:
            # Between a step and its answer's box: the box may still hold the words just
            # given, which are not the next question's.
            return
        step = self._step()
        if step is None or step.kind != "ask" or not step.path:
            return
        answer = self._answer
        typed = answer is not None and self._typed_not_given(answer, step)
        self.meeting.keep_typed(step.path, str(answer.current()) if typed and answer else None)

    def _put_back_typed_last_time(self, step: Step) -> None:
        """Carrying on a meeting closed with words typed and not given: they are put back in
        the box of the same question, once, with a line saying so."""
        if self._typed_last_time is None:
            return
        typed_then, self._typed_last_time = self._typed_last_time, None
        if (
            step.kind != "ask"
            or step.path != typed_then["path"]
            or step.answer_type not in _TYPED
            or self._answer is None
        ):
            return
        try:
            self._answer.load_value(typed_then["text"])
        except (TypeError, ValueError):
            return  # words that no longer fit the question's box: the draft is let go
        self._message(
            "These words were typed last time but not given yet: give the answer to keep "
            "them, or change them first."
        )

    def _typed_not_given(self, answer: Answer | None, step: Step) -> bool:
        """Whether a text box on screen holds words that differ from the answer saved for
        it (typed but not given yet): only given answers are saved, so leaving loses them.
        Words the question suggested (a drafted message), left as they were, are not typed:
        the question offers them again."""
        if not isinstance(answer, TextAnswer | LongTextAnswer):
            return False
        now = str(answer.current() or "").strip()
        if not now:
            return False
        stored = answer_at(self.meeting.conv.data, step.path)
        if stored is None and step.suggested:
            stored = step.value
        if isinstance(answer, TextAnswer):
            shown = answer.shown_value(stored)
        else:
            # As LongTextAnswer.apply shows it (control characters as typed, tabs as spaces).
            shown = "" if stored is None else typed(str(stored)).replace("\t", "    ")
        return now != shown.strip()

    def key_for(self, action: str) -> str:
        """The key shown for one of this screen's actions (e.g. "F4" for the topic list),
        for messages that tell the people which key to press."""
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.action == action:
                return binding.key_display or binding.key.upper()
        return ""
