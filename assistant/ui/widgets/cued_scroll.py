"""A box of text that scrolls and says on its edge when there is more than fits, and how to
read it: the worker's guidance, and a question's words when they are long (a list of ideas).
"""

from __future__ import annotations

from typing import ClassVar

from textual.containers import VerticalScroll
from textual.widget import Widget


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
        if self.scroll_y < self.max_scroll_y:
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

    def allow_focus(self) -> bool:
        return self.overflows

    def mark_more(self) -> None:
        # The edge is drawn only while there is more: a short question keeps its lines.
        self.set_class(self.overflows, "-more")
        super().mark_more()

    def start(self) -> None:
        """A new question's words: from their top, within the style sheet's share again."""
        if self.scroll_y:
            self.scroll_home(animate=False, immediate=True)
        if self.styles.inline.has_rule("max_height"):
            self.styles.max_height = None  # only when fitted: a style change lays out again
        self.call_after_refresh(self.mark_more)

    def on_resize(self) -> None:
        self.fit()
        self.mark_more()

    def fit(self) -> None:
        """While some of the words are out of view, take the question area's empty rows (it
        keeps the height a taller question needed, so the screen stays still)."""
        area = self.parent
        if not self.overflows or not isinstance(area, Widget):
            return
        used = sum(child.outer_size.height for child in area.displayed_children)
        spare = area.content_region.height - used
        if spare > 0:
            self.styles.max_height = self.outer_size.height + spare
