"""Side panels of the session screen: topic map, plan so far, guidance, save status."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from assistant.engine.words import SPEAKER_WORDS, clean, shown
from assistant.meetings.meeting import CLOSED, FAILED, HELD, SAVED, SaveStatus
from assistant.meetings.plan_view import PlanSection
from assistant.ui.key_order import give_in_order
from assistant.ui.textual_internals import (
    HighlightInItsOwnInk,
    SteadyScrollbars,
    StylesOncePerDrawing,
    after_refresh,
    content_key,
)
from assistant.ui.widgets.answers import STATUS_ICONS, topic_line
from assistant.ui.widgets.cued_scroll import CuedScroll
from assistant.ui.widgets.hanging import Hanging

#: A topic's status mark: a wrapped title's later lines go under the words after it.
TOPIC_MARKS = tuple(f"{icon} " for icon in STATUS_ICONS.values())


class TopicMap(StylesOncePerDrawing, HighlightInItsOwnInk, OptionList, SteadyScrollbars):
    """Every topic with its status in an icon and in words; Enter jumps to it."""

    class Jump(Message):
        def __init__(self, topic_id: str) -> None:
            super().__init__()
            self.topic_id = topic_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._ids: list[str] = []
        self._key: tuple[Any, ...] = ()

    def show(self, topics: Sequence[Any], current: str | None) -> None:
        key = (*((t.id, t.title, t.status) for t in topics), current)
        if key == self._key:
            return  # nothing changed: keep the cursor where the people left it
        self._key = key
        highlighted = self.highlighted
        self._ids = [t.id for t in topics]
        self.clear_options()
        options = []
        for topic in topics:
            line = topic_line(
                topic.title, topic.status, topic.status_words, topic.id == current, True
            )
            # A title too long for the column wraps under its first word, not under the mark.
            options.append(Option(Hanging(line, TOPIC_MARKS), id=f"map-{topic.id}"))
        self.add_options(options)
        if current in self._ids:
            self.highlighted = self._ids.index(current)
        elif highlighted is not None and highlighted < len(self._ids):
            self.highlighted = highlighted

    def action_select(self) -> None:
        # At once, in order with the keys around it (OptionList would post OptionSelected and
        # jump a message later, after keys typed since).
        index = self.highlighted
        if index is not None and index < len(self._ids):
            give_in_order(self.screen, self.Jump(self._ids[index]))


def status_legend() -> Content:
    """The topic icons in words (two short lines, to fit the sidebar)."""
    icons = STATUS_ICONS
    return Content(
        f"{icons['not_started']} not started  {icons['parked']} parked\n"
        f"{icons['in_progress']} in progress  {icons['done']} done"
    ).stylize("$text-muted")


class PlanPanel(VerticalScroll):
    """'Our plan so far', updated after every answer."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key: Any = None

    def compose(self) -> Any:
        yield Static(id="plan-body")

    def show(
        self,
        sections: Sequence[PlanSection],
        earlier: Content | None = None,
        people: dict[str, str] | None = None,
        *,
        changed: str = "",
    ) -> None:
        """``changed``: one line saying the plan changed since both said yes, at the top."""
        items = [(s.title, [(i.prompt, i.answer, i.by) for i in s.items]) for s in sections]
        names = {**SPEAKER_WORDS, **(people or {})}
        # Everything the panel is drawn from. Drawing it again lays out and repaints the whole
        # panel after every answer; in a later meeting last time's plan is rebuilt each step,
        # so it is keyed by its words and styles (``Content`` compares by its words only).
        earlier_key = None if earlier is None else content_key(earlier)
        key = (changed, items, sorted(names.items()), earlier is None, earlier_key)
        if key == self._key and (earlier is None or earlier_key is not None):
            return
        self._key = key
        parts: list[Content] = []
        if changed:
            # The person's words may be in it: plain text, never markup.
            parts.extend([Content(shown(changed, 600)).stylize("bold $text-warning"), Content("")])
        if earlier is not None:
            parts.append(earlier)
        if not sections:
            parts.append(
                Content("Nothing yet. What you say and agree will build up here.").stylize(
                    "$text-muted"
                )
            )
        for section in sections:
            parts.append(Content(clean(section.title)).stylize("bold $text-primary"))
            for item in section.items:
                parts.append(Content(shown(item.prompt, 300)).stylize("$text-muted"))
                # Each of an answer's own lines under the first, as its wrapped ones are.
                line = Content("  ") + Content(shown(item.answer, 600).replace("\n", "\n  "))
                who = _attribution(item.by, names)
                if who:
                    line += Content(f"  ({who})").stylize("$text-muted")
                parts.append(line)
            parts.append(Content(""))
        # Answers wrap in a narrow panel: their later lines stay under their first.
        self.query_one("#plan-body", Static).update(Hanging(Content("\n").join(parts)))


def _attribution(by: str, names: dict[str, str]) -> str:
    """Who put an item in the plan, in words: ``from Sam``, ``from the worker``, ``together``."""
    if not by:
        return ""
    if by == "both":
        return "together"
    if by == "worker":
        return "from the worker"
    return f"from {names.get(by, by)}"


class GuidancePanel(CuedScroll):
    """Notes for the worker about the current step (hidden or shown with one key).

    It scrolls: long guidance is read to its end with the mouse wheel, or with Tab to the
    panel and the arrow keys, Page Up/Down, Home and End. Its top edge says so when there is
    more than fits.
    """

    can_focus = True

    #: The edge of the folded guidance (a tiny screen: session.tcss), its one line.
    FOLDED = "For the worker: F3 to read"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: str | None = None

    def compose(self) -> Any:
        yield Static(id="guidance-body")

    #: The edge of the guidance opened from its fold: the key bar is too narrow to say it.
    OPENED = "F3 to hide"

    def fold(self, folded: bool, *, opened: bool = False) -> None:
        """Folded to its edge, which says how to open it (the screen's style sheet gives it
        the one line), or open again; ``opened``: opened from the fold, its edge says how to
        hide it."""
        if folded != self.has_class("-folded") or opened != self.has_class("-opened"):
            self.set_class(folded, "-folded")
            self.set_class(opened, "-opened")
            self.mark_more()

    def allow_focus(self) -> bool:
        return not self.has_class("-folded")  # nothing to read in it until it is opened

    def cue(self) -> str:
        if self.has_class("-folded"):
            return self.FOLDED
        more = super().cue()
        if self.has_class("-opened"):
            return f"{more} · {self.OPENED}" if more else self.OPENED
        return more

    def show(self, guidance: str) -> None:
        if guidance == self._shown:
            return  # the same words as the last step: no repaint
        self._shown = guidance
        # No guidance: no panel (the space goes to the conversation). F3 still hides it.
        self.set_class(not guidance.strip(), "-empty")
        self.query_one("#guidance-body", Static).update(
            Content.assemble(
                Content("For the worker  ").stylize("bold $text-accent"),
                Content(shown(guidance)),
            )
        )
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)  # a new step's guidance from its top
        after_refresh(self, self.mark_more)  # no new partial per step (issue 18)

    @property
    def text(self) -> str:
        """The guidance shown, as plain text."""
        return str(self.query_one("#guidance-body", Static).content)


class SaveIndicator(Static):
    """'Saved' only once the answer is on disk; otherwise says plainly what is going on."""

    _shown = ""

    def show(self, status: SaveStatus, *, list_pending: bool = False) -> None:
        """``list_pending``: the list being edited on screen has changes not given yet
        (they are saved with Done): never "Saved" over them, as if a crash would keep them."""
        if status.state == SAVED and list_pending:
            look, text = "-held", "○ List not saved yet: Done saves it"
        elif status.state == SAVED:
            look, text = "-saved", f"✓ Saved {status.at}".rstrip()
        elif status.state == CLOSED:
            look, text = "-saved", "✓ Finished and saved"
        elif status.state == FAILED:
            look, text = "-failed", "! Not saved yet"
        elif status.state == HELD:
            look, text = "-held", "○ Not recorded yet"
        else:
            look, text = "", "○ Nothing to save yet"
        # Only what changed: each class change restyles the widget (~2 ms), once per step.
        for name in ("-failed", "-held", "-saved"):
            self.set_class(name == look, name)
        if text != self._shown:
            self._shown = text
            self.update(Content(text))


class SaveBanner(Static):
    """A visible, calm message when saving fails (the answers are kept in this window).

    ``retry_key``: the screen's key that tries saving again, named on the first line (a
    long reason would push a last line out of the banner's few lines at 80x24).
    """

    def __init__(self, *, retry_key: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self.retry_key = retry_key

    def show(self, status: SaveStatus) -> None:
        if status.state != FAILED:
            self.display = False
            return
        self.display = True
        self.update(
            Content.assemble(
                Content(
                    f"Not saved to disk yet: press {self.retry_key} to try again once it "
                    "is fixed.\n"
                ).stylize("bold"),
                Content(shown(status.message, 600)),
            )
        )
