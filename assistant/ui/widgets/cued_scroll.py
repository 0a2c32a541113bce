"""A box of text that scrolls and says on its edge when there is more than fits, and how to
read it: the worker's guidance, and a question's words when they are long (a list of ideas).
"""

from __future__ import annotations

from typing import ClassVar

from textual.containers import VerticalScroll
from textual.widget import Widget

from assistant.ui.textual_internals import after_refresh


class CuedScroll(VerticalScroll):
    """Scrolls with the mouse wheel, or from the keyboard (``REACH``, then the arrow keys,
    Page Up/Down, Home and End). While there is more than fits, the edge named by ``EDGE``
    says so ("more below: Tab here, then ↓"); with nothing hidden it says nothing."""

    #: How the keyboard reaches the box from the answer.
    REACH: ClassVar[str] = "Tab here"
    #: The border whose title carries the cue ("top" or "bottom"); the style sheet draws it.
    EDGE: ClassVar[str] = "top"

    def on_resize(self) -> None:
        self.mark_more()

    def on_focus(self) -> None:
        self.mark_more()

    def on_blur(self) -> None:
        self.mark_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.mark_more()

    @property
    def overflows(self) -> bool:
        """More than fits: some of it is out of view."""
        return self.max_scroll_y > 0

    def cue(self) -> str:
        """The words on the edge: what is out of view, and the keys that bring it in."""
        if not self.overflows:
            return ""
        # Where it is drawn (a whole row), not where a scroll stopped part way: an animation
        # cut short can leave 13.6 of 14, drawn at the end.
        if self.scroll_offset.y < self.max_scroll_y:
            how = "↓ or Page Down" if self.has_focus else f"{self.REACH}, then ↓"
            return f"more below: {how}"
        return "↑ more above"

    def mark_more(self) -> None:
        """Put the cue on the edge (set only when it changed: each change redraws the box)."""
        cue = self.cue()
        if self.EDGE == "top":
            if self.border_title != cue:
                self.border_title = cue
        elif self.border_subtitle != cue:
            self.border_subtitle = cue


class PromptBox(CuedScroll):
    """The question's words. Long ones (the goals topic's list of ideas) scroll within a
    share of the screen, so the answer, its buttons and who is answering stay in view below
    them. Shift+Tab from the answer reaches the box only while some of it is out of view."""

    REACH = "Shift+Tab here"
    EDGE = "bottom"

    #: The most rows the words take before they scroll (set for the screen's height).
    share: int | None = None

    def allow_focus(self) -> bool:
        return self.overflows

    def mark_more(self) -> None:
        # The edge is drawn only while there is more: a short question keeps its lines.
        self.set_class(self.overflows, "-more")
        super().mark_more()

    def set_share(self, rows: int) -> None:
        """The rows the words may take on this screen before they scroll. In cells, not the
        style sheet's ``vh``: Textual sizes the question area around the box as if a ``vh``
        limit were not there, which left empty rows under the buttons."""
        self.share = rows
        self.styles.max_height = rows

    def start(self) -> None:
        """A new question's words: from their top, within the screen's share again."""
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)
        limit = self.styles.max_height
        if self.share is not None and (limit is None or limit.value != self.share):
            self.styles.max_height = self.share  # only when fitted: a style change lays out
        after_refresh(self, self.mark_more)  # no new partial per step (issue 18)

    def on_resize(self) -> None:
        self.fit()
        self.mark_more()

    def fit(self) -> None:
        """While some of the words are out of view, take the question area's empty rows: it
        keeps the height a taller question needed (its least height), so the screen stays
        still. Never more than that least height: rows the area has only for now may belong
        to the guidance once it is shown."""
        area = self.parent
        if not self.overflows or not isinstance(area, Widget):
            return
        least = area.styles.min_height
        if least is None or not least.is_cells:
            return  # no height kept: the area is only as tall as what it holds
        room = min(area.content_region.height, int(least.value) - area.styles.gutter.height)
        used = sum(child.outer_size.height for child in area.displayed_children)
        spare = room - used
        if spare > 0:
            self.styles.max_height = self.outer_size.height + spare


class NoticeBox(CuedScroll):
    """Home's notices (a rescue copy kept aside, a content pack not used...). A long one
    scrolls within its share of the screen, so the people list keeps its room; Tab reaches
    the box only while some of it is out of view, and its lower edge says so. At 80x24 the
    end of a notice (what to do) was cut off with no way to read it."""

    EDGE = "bottom"

    def allow_focus(self) -> bool:
        return self.overflows
