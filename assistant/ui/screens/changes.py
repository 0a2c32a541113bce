"""How things have changed: a person's measures across meetings, as bar charts and words.

Opened from Home (``c`` on the selected person, or the action in the list) for the latest
plan version in their record, and from a meeting (ctrl+l) for the plan so far, which carries
the earlier versions' measures. Read only: Escape goes back. Each chart is a row per meeting
with the date in words, a bar, the value in words, and the change as a sentence
(``assistant.meetings.change_view``), so the screen says everything in words too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from assistant.engine.words import clean
from assistant.meetings.change_view import (
    TAKEN_OFF_TITLE,
    change_view,
    draft_note,
    opening_line,
    referral_lines,
    taken_off_lines,
)
from assistant.plans.model import Plan
from assistant.ui.screens.safety import SafetyDialog
from assistant.ui.widgets.keybar import KeyBar
from assistant.ui.widgets.measure_chart import MeasureChartView

if TYPE_CHECKING:
    from assistant.meetings.meeting import Meeting

TITLE = "How things have changed"
#: On Home for someone with no plan saved yet.
NO_PLAN_YET = (
    "Nothing to show yet. How things have changed shows once a plan is saved at the end of "
    "a meeting."
)


class ChangesScreen(Screen[bool]):
    """A plan's measures over time (read only). Dismissed with False (see
    :class:`MeetingChangesScreen` for True)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", key_display="Esc"),
    ]

    DEFAULT_CSS = """
    ChangesScreen { layout: vertical; }
    ChangesScreen #changes-top { height: 1; background: $panel; }
    ChangesScreen #changes-title { width: 1fr; padding: 0 1; }
    ChangesScreen #changes-body { height: 1fr; padding: 0 1; }
    ChangesScreen #changes-body:focus { background-tint: $foreground 0%; }
    ChangesScreen .changes-heading { margin-top: 1; text-style: bold; color: $text-primary; }
    ChangesScreen .changes-intro { color: $text-muted; margin-bottom: 1; }
    ChangesScreen #changes-nothing, ChangesScreen #changes-nothing-measured { margin-top: 1; }
    """

    def __init__(self, plan: Plan, person_name: str, *, so_far: bool = False) -> None:
        super().__init__()
        self.plan = plan
        self.person_name = person_name
        #: In a meeting: the plan so far (not agreed yet); said at the top.
        self.so_far = so_far

    def compose(self) -> ComposeResult:
        with Horizontal(id="changes-top"):
            title = f"{TITLE}: {clean(self.person_name)}" if self.person_name else TITLE
            yield Static(Content(title).stylize("bold"), id="changes-title")
        # The charts scroll (arrows, Page Up/Down, the mouse wheel) at 80x24.
        with VerticalScroll(id="changes-body"):
            if self.so_far:
                yield Static(
                    Content(
                        "Today's answers are the last row of each chart. They go into the plan "
                        "when it is agreed."
                    ).stylize("$text-muted"),
                    classes="changes-intro",
                )
            groups = change_view(self.plan)
            charted = any(group.charts for group in groups)
            if not self.so_far and charted and (note := draft_note(self.plan)) is not None:
                # From Home, the latest version may be a draft the person has not agreed:
                # its answers are the charts' "now", so the pair is told (only above charts).
                yield Static(Content(note), classes="changes-intro", id="changes-draft")
            referrals = referral_lines(self.plan)
            line = opening_line(self.plan, groups, referrals)
            if line is not None:
                kind, words = line
                yield Static(Content(words), id=f"changes-{kind}")
            for group in groups:
                yield Static(Content(group.title), classes="changes-heading")
                yield Static(Content(group.intro), classes="changes-intro")
                for chart in group.charts:
                    yield MeasureChartView(chart)
                if group.lines:
                    # The person's words (goals): safe for the terminal, never markup.
                    words = "\n".join(clean(line) for line in group.lines)
                    yield Static(Content(words), id=f"changes-{group.key}-lines")
            if referrals:
                yield Static(
                    Content("Getting in touch with groups and services"), classes="changes-heading"
                )
                yield Static(Content("\n".join(referrals)), id="changes-referrals")
            if taken_off := taken_off_lines(self.plan):
                yield Static(Content(TAKEN_OFF_TITLE), classes="changes-heading")
                # The person's words and names: safe for the terminal, never markup.
                words = "\n".join(clean(line) for line in taken_off)
                yield Static(Content(words), id="changes-taken-off")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#changes-body").focus()

    def action_back(self) -> None:
        self.dismiss(False)


class MeetingChangesScreen(ChangesScreen):
    """The change screen over a meeting: the pause for safety works here as in the meeting
    (a fall in a score can be hard to see). Dismissed with True when the pair chose the plan
    for hard times: the meeting then goes to that topic."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", key_display="Esc"),
        Binding("ctrl+g", "pause_for_safety", "Safety", key_display="^g", priority=True),
    ]
    #: The pause for safety never leaves the key bar (as in the meeting).
    KEY_BAR_KEEP: ClassVar[tuple[str, ...]] = ("pause_for_safety",)

    def __init__(self, plan: Plan, person_name: str, meeting: Meeting) -> None:
        super().__init__(plan, person_name, so_far=True)
        self.meeting = meeting

    def action_pause_for_safety(self) -> None:
        """The worker's own pause for safety, over the change screen."""
        if not self.is_current:
            return  # another dialog is open: the worker can press the key after it

        def chosen(go: bool | None) -> None:
            if go:
                self.dismiss(True)

        self.app.push_screen(SafetyDialog(self.meeting.safety_pause(None)), chosen)
