"""Finish the meeting: read the plan back, then save it as agreed (or not yet agreed)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from assistant.engine.functions import ITEM_PREFIX, SECTION_PREFIX
from assistant.meetings.meeting import Meeting
from assistant.meetings.paths import (
    CLOSING_TOPIC,
    agreement_of,
    answer_at,
    consent_topic,
    mostly_said,
    person_agreement_given_by_worker,
)
from assistant.meetings.plan_view import plan_sections, plan_so_far
from assistant.plans.model import Plan
from assistant.plans.private_names import (
    NamedPlace,
    marking_words,
    parts_to_mark,
    private_names_found,
    warning_words,
)
from assistant.plans.since_agreed import agreeing_topic, said_changes
from assistant.plans.state import agreed_in_part
from assistant.store_paths import PERSON_AGREES, WORKER_AGREES
from assistant.ui.widgets.answer_base import literal
from assistant.ui.widgets.confirm import Confirm
from assistant.ui.widgets.dialog import ButtonRow, Dialog, DialogBody, DialogBottom, DialogTop
from assistant.ui.widgets.panels import PlanPanel


class PlanBody(DialogBody):
    """The plan being read back. It takes the focus even when it is short enough not to
    scroll: it is the stop before the buttons, so Shift+Tab from the first button goes back
    to the plan instead of wrapping round to the other way of saving."""

    def allow_focus(self) -> bool:
        return self.can_focus


class FinishMeeting(Dialog[str | None]):
    """Dismisses "agreed", "draft", or None to keep talking; "closing" to go to where the
    plan is agreed (before anyone was asked, or to agree it again when it changed after both
    said yes: no "We both agree" then, and going back has the focus); with nothing
    recorded, "consent" (ask about keeping a record) or "discard" (finish, nothing saved).

    The way of saving that fits what Closing said has the focus and comes first; "Keep
    talking" is next to it, so a Tab from the focused button never lands on the other way of
    saving (and a Shift+Tab goes back to the plan). When Closing was not reached nobody has
    agreed anything yet: "Keep talking" comes first and has the focus, and neither way of
    saving is the default, so Enter never saves "agreed" by surprise. The plan above scrolls
    (Page Up, Page Down; or Tab to it and use the arrows).
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "keep", "Keep talking")]

    DEFAULT_CSS = """
    FinishMeeting #finish-plan-view {
        /* One scrolling body for the notes and the plan, not a box scrolling in a box. */
        height: auto;
        overflow-y: hidden;
        border: round $panel;
    }
    """

    def __init__(self, meeting: Meeting, person_name: str) -> None:
        super().__init__()
        self.meeting = meeting
        self.person_name = person_name
        self._named: list[NamedPlace] = []
        self._plan: Plan | None = None
        closing = meeting.conv.content.topics.get(CLOSING_TOPIC)
        # Where agreeing is asked ("Our plan and next time"), if the content has it.
        self._closing_title = closing.topic.title if closing is not None else None
        # What changed in the plan after both said yes: their yes was not for it.
        self._changed = (
            meeting.changes_since_agreed() if agreement_of(meeting.conv.data) is True else []
        )

    def _lead(self) -> bool | None:
        """What the answers in Closing say (``agreement_of``), except that the person's
        "yes" given as the worker's word leads nowhere: Keep talking is focused, not
        "We both agree", so a stray Enter cannot record an agreement the person never gave.
        A plan changed after both said yes leads to the draft (they agree it again first)."""
        agreed = agreement_of(self.meeting.conv.data)
        if agreed is True and self._changed:
            return False
        if agreed is True and person_agreement_given_by_worker(self.meeting.conv.log):
            return None
        return agreed

    def _agree_again(self) -> bool:
        """True when the plan changed after both said yes, and Closing can ask them again."""
        return bool(self._changed) and self._closing_title is not None

    def compose(self) -> ComposeResult:
        agreed = agreement_of(self.meeting.conv.data)
        lead = self._lead()
        with Vertical(classes="dialog wide-dialog", id="finish"):
            with DialogTop():
                yield Static(Content("Finish the meeting"), classes="dialog-title")
            with PlanBody(id="finish-body"):
                name = self.person_name or "the person"
                where = agreeing_topic(self.meeting.conv.content)
                if agreed is True and self._changed:
                    # Their yes was for the plan as it was then: it is not agreed as it is now.
                    again = (
                        f"Go back to {where} to agree it again"
                        if self._agree_again()
                        else "Agree it again together"
                    )
                    note = (
                        f"The plan changed after you both said yes in {where}: "
                        f"{said_changes(self._changed)}. {again}, or save it as not agreed yet."
                    )
                elif agreed is True and person_agreement_given_by_worker(self.meeting.conv.log):
                    # The worker's word is not the person's agreement (co-production).
                    note = (
                        f"{name}'s answer to 'Do you agree with this plan?' was given with "
                        f"the worker answering. Agree only if {name} says so. To record it "
                        f"as theirs: Keep talking, go up to that answer in the conversation "
                        f"(Shift+Tab), press Enter, and F2 until {name} is changing it."
                    )
                elif agreed is True and agreed_in_part(self.meeting.conv.data.get("agreement")):
                    # Whose "Mostly" it was: the worker's read as the person's.
                    note = (
                        f"{self._mostly_said()} in 'Our plan and next time'. What was not "
                        f"agreed is kept in {self._not_agreed_whose()}."
                    )
                elif agreed is True:
                    note = "You both said yes to this plan in 'Our plan and next time'."
                elif agreed is False:
                    note = (
                        "Not everything in the plan was agreed. That's fine: what was not "
                        "agreed is kept in your own words."
                    )
                elif self._closing_title is not None:
                    # Agreeing is asked there, with what is not agreed in the person's words:
                    # a button to agree here would only be refused.
                    note = (
                        "You have not been asked yet whether you agree this plan: that is in "
                        f"'{self._closing_title}'. Go there to agree it together, or save it "
                        "as a draft for now."
                    )
                else:
                    note = "Read the plan together. Agree it if it is right for you both."
                yield Static(Content(note), id="finish-note")
                yield Static(
                    Content(
                        "Not ready to agree? 'Save, not agreed yet' keeps it as a draft. It "
                        "says draft on screen and on every page you print or share, until you "
                        "agree it."
                    ).stylize("$text-muted"),
                    id="finish-draft-note",
                )
                # A person kept private but named in other parts (filled in on mount).
                yield Static(id="finish-private-names", classes="message")
                yield Button(
                    Content("Mark those parts private too"), id="finish-mark-private", compact=True
                )
                plan = PlanPanel(id="finish-plan-view")
                plan.can_focus = False  # the body around it scrolls
                yield plan
            with DialogBottom():
                if not self.meeting.recording:
                    yield from self._not_recorded()
                    return
                if self._changed:
                    # Agreeing here would be refused: going back to agree it again leads,
                    # or the draft when the content has nowhere to agree it.
                    yield from self._changed_buttons()
                    return
                agree = (
                    Button(Content("Go to agreeing the plan"), id="finish-closing")
                    if agreed is None and self._closing_title is not None
                    else Button(
                        Content("We both agree this plan"),
                        id="finish-agreed",
                        variant="primary" if lead is True else "default",
                    )
                )
                draft = Button(
                    Content("Save, not agreed yet"),
                    id="finish-draft",
                    variant="primary" if lead is False else "default",
                )
                keep = Button(Content("Keep talking"), id="finish-keep")
                with ButtonRow(classes="dialog-buttons", id="finish-buttons"):
                    if lead is None:
                        yield from (keep, agree, draft)
                    else:
                        yield from (draft, keep, agree) if lead is False else (agree, keep, draft)

    def _changed_buttons(self) -> ComposeResult:
        """A plan changed after both said yes: no "We both agree" (it was not agreed as it
        is now). Going back to agree it again comes first with the focus, then Keep talking,
        then the draft; without a topic to agree it in, the draft leads."""
        draft = Button(Content("Save, not agreed yet"), id="finish-draft")
        keep = Button(Content("Keep talking"), id="finish-keep")
        with ButtonRow(classes="dialog-buttons", id="finish-buttons"):
            if self._agree_again():
                yield Button(
                    Content("Go back to agree it again"), id="finish-closing", variant="primary"
                )
                yield from (keep, draft)
            else:
                draft.variant = "primary"
                yield from (draft, keep)

    def _not_recorded(self) -> ComposeResult:
        """With no agreement to keep a record there is nothing to agree or save: the ways on
        are to ask about the record (when it was never asked: today's words are kept once
        the person says yes), to keep talking, or to finish, saying plainly that nothing is
        saved. Finishing is never the one with the focus, so one Enter loses nothing."""
        note = self.meeting.not_recorded_note()
        if self.meeting.consent_unasked:
            note += (
                " To keep today's answers, ask about keeping a record first: it is in "
                f"{consent_topic(self.meeting.conv.content) or 'the first topic'}."
            )
        yield Static(Content(note), classes="message", id="finish-not-recorded")
        with ButtonRow(classes="dialog-buttons", id="finish-buttons"):
            if self.meeting.consent_unasked:
                yield Button(
                    Content("Ask about keeping a record"), id="finish-consent", variant="primary"
                )
            yield Button(Content("Keep talking"), id="finish-keep")
            yield Button(Content("Finish without saving"), id="finish-discard", variant="error")

    def on_mount(self) -> None:
        self._show_plan()
        if not self.meeting.recording:
            self.query_one("#finish-draft-note").display = False
            self.query_one("#finish-note").display = False  # nothing to agree
            first = "#finish-consent" if self.meeting.consent_unasked else "#finish-keep"
        elif self._named:
            # A person kept private is still named: Enter must not agree (or save) a plan
            # that would share their name before the pair have read the warning. The focus
            # starts on what the warning offers, "Mark those parts private too" (above the
            # buttons, so first in Tab order) when it can mark them, and Keep talking comes
            # first in the row, next after it: Keep talking had the focus, and one Tab went
            # past the marking button to "Save, not agreed yet".
            keep = self.query_one("#finish-keep")
            row = self.query_one("#finish-buttons")
            if row.children and row.children[0] is not keep:
                row.move_child(keep, before=0)
            marking = self.query_one("#finish-mark-private")
            first = "#finish-mark-private" if marking.display else "#finish-keep"
        else:
            first = self._lead_button()
        self.query_one(first).focus()

    def _lead_button(self) -> str:
        if self._agree_again():
            return "#finish-closing"
        return {True: "#finish-agreed", False: "#finish-draft", None: "#finish-keep"}[self._lead()]

    def _show_plan(self) -> None:
        """Read the plan back, and say where a person kept private is still named."""
        sections = []
        plan: Plan | None = None
        try:
            plan = self.meeting.plan()
            sections = plan_sections(plan)
        except Exception:  # shown from the answers instead; saving reports any problem
            sections = []
        self.query_one(PlanPanel).show(
            sections or plan_so_far(self.meeting.conv), people={"person": self.person_name}
        )
        self._named = private_names_found(plan) if plan is not None else []
        self._plan = plan
        note = self.query_one("#finish-private-names", Static)
        button = self.query_one("#finish-mark-private", Button)
        marks = parts_to_mark(self._named)
        note.display = bool(self._named)
        button.display = bool(marks)
        if self._named:
            # Say exactly what marking keeps out: a name in a part that is not an item of
            # its own ("What I notice") can only be kept out with its whole section.
            # And how much a whole section is, before one Enter marks it: a name in one
            # answer of Looking back would otherwise hide every goal's review unawares.
            can = (
                " 'Mark those parts private too' keeps these out of copies for other people: "
                f"{'; '.join(part.label for part in marks)}. {marking_words(marks)}".rstrip()
                if marks
                else " Those parts cannot be marked: check with them before sharing."
            )
            note.update(literal(warning_words(self._named) + can))

    def _mark_private(self) -> None:
        """Add the parts naming a private person to the marks (Closing's "keep private"
        answer), saved like any answer, then read the plan back again."""
        plan = self._plan
        if plan is None:
            return
        marks = [*plan.sharing.private, *parts_to_mark(self._named)]
        codes = [f"{SECTION_PREFIX if p.kind == 'section' else ITEM_PREFIX}{p.code}" for p in marks]
        outcome = self.meeting.edit("sharing.private", list(dict.fromkeys(codes)), by="both")
        if not outcome.done:
            self.query_one("#finish-private-names", Static).update(
                literal(
                    f"{outcome.message or 'Could not mark them.'} Mark them in "
                    f"{agreeing_topic(self.meeting.conv.content)}."
                )
            )
            return
        names = "; ".join(p.label for p in parts_to_mark(self._named))
        self._show_plan()
        note = self.query_one("#finish-private-names", Static)
        if not self._named:
            note.display = True
            note.update(literal(f"Kept private now: {names}."))
            self.query_one(self._lead_button()).focus()
        else:
            self.query_one("#finish-keep").focus()  # the marking button may have gone

    def _mostly_said(self) -> str:
        """Who said "Mostly" (and who gave that answer, when F2 made it someone else)."""
        said = mostly_said(self.meeting.conv.data, self.meeting.conv.log)
        return said or "You agreed most of this plan"

    def _not_agreed_whose(self) -> str:
        """Whose words say what is not agreed: the worker writes their own "Mostly"'s."""
        data = self.meeting.conv.data
        person = answer_at(data, PERSON_AGREES) == "mostly"
        worker = answer_at(data, WORKER_AGREES) == "mostly"
        if worker and not person:
            return "your worker's words"
        return "your own words and your worker's" if worker else "your own words"

    def _both_said_yes(self) -> bool:
        """Both said yes to the plan as it is now (not changed since)."""
        return agreement_of(self.meeting.conv.data) is True and not self._changed

    def _ask_before_the_draft(self) -> None:
        """Both said yes: saving it as not agreed yet is asked first, never one slip away
        (a Tab from Keep talking and an Enter saved an agreed plan as a draft)."""

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss("draft")

        # In the dialog's own words: a "mostly" (either's, or both) is not a yes from both.
        said = (
            f"{self._mostly_said()}."
            if agreed_in_part(self.meeting.conv.data.get("agreement"))
            else "Both of you said yes to this plan."
        )
        words = f"{said} Save it as not agreed yet? It will say draft until you agree it."
        self.app.push_screen(
            Confirm(Content(words), yes="Save, not agreed yet", no="Go back"), answered
        )

    def action_keep(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "finish-mark-private":
            self._mark_private()
            return
        if event.button.id == "finish-draft" and self._both_said_yes():
            self._ask_before_the_draft()
            return
        choice: dict[Any, str | None] = {
            "finish-agreed": "agreed",
            "finish-draft": "draft",
            "finish-keep": None,
            "finish-consent": "consent",
            "finish-closing": "closing",
            "finish-discard": "discard",
        }
        self.dismiss(choice.get(event.button.id))
