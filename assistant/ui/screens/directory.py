"""The community directory, browsed together: from Home (browse only) or from a meeting
(suggestions first, each with its reason, and "Add to things to try").

The matching, filters, search and card words are ``assistant.directory`` (plain Python); the
meeting's side (what the person said, adding a pick durably) is ``assistant.meetings``. This
screen only shows them. It is built when it is opened, never with the meeting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from assistant.directory.browse import (
    Filters,
    Profile,
    Suggestion,
    browse,
    card,
    day_names,
    suggest,
)
from assistant.directory.functions import no_directory_words
from assistant.directory.model import ONLINE, Directory
from assistant.directory.to_try import listed_at
from assistant.meetings.directory import directory_for, idea_choices, profile_for
from assistant.meetings.paths import answer_at
from assistant.store_paths import COMMUNITY_LIST, TRY_DIRECTORY
from assistant.ui.screens.safety import SafetyDialog
from assistant.ui.textual_internals import HighlightInItsOwnInk
from assistant.ui.widgets.answer_base import focus_now, literal
from assistant.ui.widgets.directory_card import Tick, card_content, entry_line
from assistant.ui.widgets.keybar import KeyBar
from assistant.ui.widgets.records_editor import RecordsAnswer
from assistant.ui.widgets.whose_idea import WhoseIdea

if TYPE_CHECKING:
    from assistant.meetings.meeting import Meeting
    from assistant.ui.app import CpiApp
    from assistant.ui.screens.session import SessionScreen

#: Below this many columns the list and the card take turns (list, then Enter for the card).
NARROW = 100
#: At most this many entries in the list at once: a big directory is searched, not scrolled
#: (building thousands of list lines would stall the screen).
SHOWN = 150
#: A directory with more entries than this is searched off the screen's thread, once typing
#: pauses for SEARCH_PAUSE seconds. Measured (2 shared cores): the example directory (40
#: entries) answers a search in under 1 ms, so it filters at every key; a made-up one of 5,000
#: entries takes about 100 ms a search, which would hold up every key typed.
BIG = 500
SEARCH_PAUSE = 0.25

HOME_NO_ADD = (
    "Browsing only. To add something to a person's things to try, open the directory "
    "from their meeting."
)


def added_entries(meeting: Meeting, directory: Directory) -> set[str]:
    """Ids of the directory entries already in the meeting's things to try (linked to the
    entry, or typed with its exact name)."""
    records = answer_at(meeting.conv.data, COMMUNITY_LIST)
    if not isinstance(records, list) or not records:
        return set()
    return {e.id for e in directory.entries if listed_at(records, e) is not None}


def open_in_meeting(session: SessionScreen) -> None:
    """Open the directory over a meeting: suggestions from what the person said, and adding
    to their things to try. Closing it returns to the question as it was left."""
    meeting = session.meeting
    directory = directory_for(meeting)
    if directory is None:
        session.app.notify(
            no_directory_words(meeting.conv.content),
            markup=False,
            severity="warning",
            timeout=20,
        )
        return
    screen = MeetingDirectoryScreen(
        directory,
        meeting=meeting,
        profile=profile_for(meeting),
        person_name=session.person_name,
        add=meeting.add_to_try,
    )

    async def closed(added: bool | None) -> None:
        if added:
            # The plan panel and the saved sign show the new things to try.
            session._refresh_panels()
            session.show_save()
            _merge_into_draft(session, directory, screen.added_now_ids)
        if screen.to_hard_times:
            # "Go to the plan for hard times" in a pause for safety over the directory.
            await session.go_to_hard_times()

    session.app.push_screen(screen, closed)


def _merge_into_draft(session: SessionScreen, directory: Directory, added: list[str]) -> None:
    """When the question on screen is the things-to-try list itself, the entries just added
    (``added``, their ids) join the list being edited, which keeps every change not saved yet
    (one taken off it before is not put back)."""
    answer = session._answer
    if not isinstance(answer, RecordsAnswer):
        return
    shape_store = getattr(answer.shape, "store", None)
    if shape_store != COMMUNITY_LIST:
        return
    stored = answer_at(session.meeting.conv.data, COMMUNITY_LIST)
    if not isinstance(stored, list):
        return
    fresh = False
    for record in stored:
        if not isinstance(record, dict):
            continue
        code = record.get(TRY_DIRECTORY)
        if not isinstance(code, str) or code not in added:
            continue
        try:
            entry = directory.entry(code)
        except KeyError:
            continue
        if listed_at(answer.records, entry) is None:
            answer.records.append(dict(record))
            fresh = True
    if fresh:
        answer._refresh_list()


class DirectoryList(HighlightInItsOwnInk, OptionList):
    """The directory's entries; the highlighted one's muted details stay readable."""


class DirectoryScreen(Screen[bool]):
    """Browse the directory; in a meeting, suggestions first and adding to things to try.

    Dismissed with True when something was added (the meeting then redraws its plan)."""

    app: CpiApp
    AUTO_FOCUS = ""  # the list, once it is filled

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", key_display="Esc"),
        Binding("slash", "search", "Search", key_display="/"),
    ]

    DEFAULT_CSS = """
    DirectoryScreen { layout: vertical; }
    DirectoryScreen #dir-top { height: 1; background: $panel; }
    DirectoryScreen #dir-title { width: 1fr; padding: 0 1; }
    DirectoryScreen #dir-notice { height: auto; padding: 0 1; color: $text-muted; }
    DirectoryScreen #dir-search-row, DirectoryScreen #dir-filter-row {
        height: 1; margin: 0 1; }
    DirectoryScreen #dir-search { width: 1fr; }
    DirectoryScreen #dir-search-row Checkbox { width: auto; margin-left: 1; }
    DirectoryScreen #dir-filter-row Select { width: 1fr; margin-right: 1; }
    DirectoryScreen #dir-filter-row Select:last-of-type { margin-right: 0; }
    DirectoryScreen #dir-body { height: 1fr; }
    DirectoryScreen #dir-list-pane { width: 2fr; height: 1fr; }
    DirectoryScreen #dir-card-pane { width: 3fr; height: 1fr; border-left: vkey $panel; }
    DirectoryScreen #dir-count { height: auto; padding: 0 1; margin-top: 1;
        color: $text-muted; }
    DirectoryScreen #dir-list { height: 1fr; border: none; padding: 0; }
    DirectoryScreen #dir-card-back { height: 1; padding: 0 1; color: $text-muted;
        display: none; }
    DirectoryScreen #dir-card-scroll { height: 1fr; padding: 0 1; }
    DirectoryScreen #dir-card-bar { height: auto; padding: 0 1; margin-bottom: 1; }
    DirectoryScreen #dir-add { margin-right: 1; }
    DirectoryScreen #dir-add-note { width: 1fr; height: auto; color: $text-muted; }
    DirectoryScreen #dir-add-note.done, DirectoryScreen #dir-count.done {
        color: $text-success; }
    DirectoryScreen #dir-add-note.problem, DirectoryScreen #dir-count.problem {
        color: $text-error; }
    DirectoryScreen.narrow #dir-card-pane { border-left: none; }
    DirectoryScreen.narrow #dir-body.card #dir-list-pane { display: none; }
    DirectoryScreen.narrow #dir-body.list #dir-card-pane { display: none; }
    DirectoryScreen.narrow #dir-body.card #dir-card-back { display: block; }
    DirectoryScreen.narrow.card-open #dir-search-row { display: none; }
    DirectoryScreen.narrow.card-open #dir-filter-row { display: none; }
    """

    def __init__(
        self,
        directory: Directory,
        *,
        meeting: Meeting | None = None,
        profile: Profile | None = None,
        person_name: str = "",
        today: date | None = None,
        add: Callable[..., Any] | None = None,
    ) -> None:
        super().__init__()
        self.directory = directory
        self.meeting = meeting
        self.profile = profile
        self.person_name = person_name
        self.today = today
        # In a meeting: the meeting's add_to_try(entry_id, idea_from=...), durable before it
        # returns.
        self._add = add
        #: Whose idea the entry added last was (the next question starts on it).
        self._idea_from: str | None = None
        #: The list's "whose idea" choices, asked when adding (the same words as the list).
        self.idea_choices = idea_choices(meeting.conv.content) if meeting is not None else []
        self.added: set[str] = added_entries(meeting, directory) if meeting is not None else set()
        self.added_now = False
        #: The entries added while the directory was open, in the order added.
        self.added_now_ids: list[str] = []
        self.show_all = meeting is None
        self._shown: list[Suggestion] = []
        self._suggested: set[str] = set()
        self._card_open = False
        self._search_timer: Timer | None = None
        #: Milliseconds the last query took (matching and filtering, not drawing), and how
        #: many queries filled the list.
        self.query_ms = 0.0
        self.queries = 0

    @property
    def in_meeting(self) -> bool:
        return self._add is not None

    # -- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        title = "Community directory"
        if self.person_name:
            title += f" · with {self.person_name}"
        with Horizontal(id="dir-top"):
            yield Static(literal(title, "bold"), id="dir-title")
        yield Static(
            literal(self.directory.notice or "") if self.directory.example_data else "",
            id="dir-notice",
        )
        with Horizontal(id="dir-search-row"):
            yield Input(
                placeholder="Search: a word, a name or a place",
                id="dir-search",
                compact=True,
                select_on_focus=False,  # a letter typed in the list starts the search
            )
            yield Tick(Content("Free only"), id="dir-free", compact=True)
            if self.in_meeting:
                yield Tick(Content("Show everything"), id="dir-all", compact=True)
        with Horizontal(id="dir-filter-row"):
            yield Select(
                [(literal(t.label), t.id) for t in self.directory.tags],
                prompt="Any interest",
                id="dir-tag",
                compact=True,
            )
            yield Select(
                [(literal(name), day) for day, name in _days()],
                prompt="Any day",
                id="dir-day",
                compact=True,
            )
            areas = [(literal(h.name), h.id) for h in self.directory.area.neighbourhoods]
            yield Select(
                [*areas, (literal("Online"), ONLINE)],
                prompt="Anywhere",
                id="dir-area",
                compact=True,
            )
        with Horizontal(id="dir-body", classes="list"):
            with Vertical(id="dir-list-pane"):
                yield Static(id="dir-count")
                yield DirectoryList(id="dir-list")
            with Vertical(id="dir-card-pane"):
                yield Static(Content("Esc: back to the list"), id="dir-card-back", markup=False)
                # Above the card, so it is on screen however long the card is.
                with Horizontal(id="dir-card-bar"):
                    if self.in_meeting:
                        yield Button(Content("Add to things to try"), id="dir-add", compact=True)
                    yield Static(Content("" if self.in_meeting else HOME_NO_ADD), id="dir-add-note")
                with VerticalScroll(id="dir-card-scroll"):
                    yield Static(id="dir-card")
        yield KeyBar()

    def on_mount(self) -> None:
        if self.today is None:
            # The app's clock (fixed in tests and screenshots) says which entries are stale.
            self.today = self.app.clock().date()
        self._apply_width(self.app.size.width)
        self.refresh_list()
        if self.in_meeting and not self._shown and not self._filters_set():
            # Nothing the person said matches yet: show everything rather than an empty list.
            self._set_show_all(True, note=True)
        focus_now(self.query_one("#dir-list", OptionList))

    def on_resize(self, event: events.Resize) -> None:
        self._apply_width(event.size.width)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < NARROW, "narrow")
        if self.narrow and not self._card_open and self._focus_in_card():
            # The card pane is hidden now: keys would go to a widget no one can see.
            focus_now(self.query_one("#dir-list", OptionList))

    def _focus_in_card(self) -> bool:
        """Whether the focused widget is in the card's pane (the Add button, the card)."""
        focused = self.focused
        if focused is None:
            return False
        pane = self.query_one("#dir-card-pane")
        return focused is pane or pane in focused.ancestors

    @property
    def narrow(self) -> bool:
        return self.has_class("narrow")

    def _show_card_pane(self, on: bool) -> None:
        self._card_open = on
        body = self.query_one("#dir-body")
        body.set_class(on, "card")
        body.set_class(not on, "list")
        # A narrow screen gives the card the filters' rows too (they are for the list).
        self.set_class(on, "card-open")

    # -- the list ---------------------------------------------------------------------

    def filters(self) -> Filters:
        """The filters and search words as chosen on screen."""
        tag = self.query_one("#dir-tag", Select).value
        day = self.query_one("#dir-day", Select).value
        area = self.query_one("#dir-area", Select).value
        return Filters(
            tag=tag if isinstance(tag, str) else None,
            day=day if isinstance(day, str) else None,
            free_only=self.query_one("#dir-free", Checkbox).value,
            area=area if isinstance(area, str) else None,
            text=self.query_one("#dir-search", Input).value.strip(),
        )

    def _filters_set(self) -> bool:
        return self.filters() != Filters()

    def _query(self, filters: Filters, show_all: bool) -> tuple[list[Suggestion], set[str], float]:
        """The entries to list (suggestions first in a meeting), which were suggested, and
        the milliseconds it took. Reads no widget: it may run in a thread."""
        started = time.perf_counter()
        if self.profile is None:
            found = browse(self.directory, filters, today=self.today)
            suggested: set[str] = set()
        else:
            picks = suggest(self.directory, self.profile, filters, today=self.today)
            suggested = {s.entry.id for s in picks}
            if show_all:
                rest = browse(self.directory, filters, self.profile, today=self.today)
                found = picks + [s for s in rest if s.entry.id not in suggested]
            else:
                found = picks
        return found, suggested, (time.perf_counter() - started) * 1000

    def refresh_list(self) -> None:
        """Run the query now and fill the list."""
        if self._search_timer is not None:
            self._search_timer.stop()
            self._search_timer = None
        found, suggested, took = self._query(self.filters(), self.show_all)
        self._fill(found, suggested, took)

    def request_refresh(self, *, typing: bool = False) -> None:
        """Show what the filters and search now find: at once for a directory of usual size;
        for a big one (hundreds of entries), off the screen's thread, and while typing only
        once typing pauses, so no key waits for a search."""
        if len(self.directory.entries) <= BIG:
            self.refresh_list()
            return
        if self._search_timer is not None:
            self._search_timer.stop()
        self.query_one("#dir-count", Static).update(Content("Searching…"))
        if typing:
            self._search_timer = self.set_timer(SEARCH_PAUSE, self._search_now)
        else:
            self._search_now()

    def _search_now(self) -> None:
        self._search_timer = None
        self._query_in_background(self.filters(), self.show_all)

    @work(thread=True, exclusive=True, group="directory-query")
    def _query_in_background(self, filters: Filters, show_all: bool) -> None:
        found, suggested, took = self._query(filters, show_all)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(
                self._fill_if_current, filters, show_all, found, suggested, took
            )

    def _fill_if_current(
        self,
        filters: Filters,
        show_all: bool,
        found: list[Suggestion],
        suggested: set[str],
        took: float,
    ) -> None:
        # A search started before the last change is of no use any more.
        if self.is_attached and filters == self.filters() and show_all == self.show_all:
            self._fill(found, suggested, took)

    def _fill(self, found: list[Suggestion], suggested: set[str], took: float) -> None:
        """Fill the list, keeping the highlighted entry when it is still there."""
        self.query_ms = took
        self.queries += 1
        keep = self.highlighted.entry.id if self.highlighted is not None else None
        self._suggested = suggested
        self._shown = found[:SHOWN]
        options = self.query_one("#dir-list", OptionList)
        width = self._list_width()
        options.clear_options()
        lines: list[Option | None] = []
        for n, found_one in enumerate(self._shown):
            was_suggested = found_one.entry.id in self._suggested
            if n and was_suggested != (self._shown[n - 1].entry.id in self._suggested):
                lines.append(None)  # a rule between the suggestions and everything else
            lines.append(
                Option(
                    entry_line(
                        found_one,
                        added=found_one.entry.id in self.added,
                        suggested=was_suggested,
                        fit=self.profile is not None,
                        width=width,
                    ),
                    id=found_one.entry.id,
                )
            )
        options.add_options(lines)
        count = self.query_one("#dir-count", Static)
        count.set_classes("")
        count.update(self._count_words(len(found)))
        if self._shown:
            ids = [s.entry.id for s in self._shown]
            index = ids.index(keep) if keep in ids else 0
            options.highlighted = options.get_option_index(ids[index])
            self._show_card(self._shown[index])
        else:
            self._show_card(None)

    def _list_width(self) -> int:
        """The list's width for its lines (worked out from the screen: the list may not have
        been drawn yet)."""
        width = self.app.size.width
        if not self.narrow:
            width = width * 2 // 5  # the list's share beside the card (see DEFAULT_CSS)
        return max(width - 4, 20)  # less its scroll bar and a margin

    def _count_words(self, total: int) -> Content:
        everyone = len(self.directory.entries)
        if self.in_meeting and not self.show_all:
            name = self.person_name or "them"
            words = (
                f"Suggested for {name}: {total}. Tick Show everything to see all {everyone}."
                if total
                else "Nothing suggested with these filters. Tick Show everything to see all."
            )
        elif total == 0:
            words = "Nothing matches. Try fewer words or clear a filter."
        elif total == everyone and not self._filters_set():
            words = f"All {everyone} entries."
        else:
            words = f"{total} of {everyone} entries match."
        if total > len(self._shown):
            words += f" Showing the first {len(self._shown)}: search to narrow it down."
        return Content(words)

    @property
    def highlighted(self) -> Suggestion | None:
        options = self.query("#dir-list")
        if not options:
            return None
        option = options.first(OptionList).highlighted_option
        if option is None:
            return None
        for found in self._shown:
            if found.entry.id == option.id:
                return found
        return None

    @on(OptionList.OptionHighlighted, "#dir-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_card(self.highlighted)

    @on(OptionList.OptionSelected, "#dir-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._show_card(self.highlighted)
        if self.narrow:
            self._show_card_pane(True)
        target = self.query("#dir-add")
        if target and not target.first(Button).disabled:
            focus_now(target.first(Button))
        else:
            focus_now(self.query_one("#dir-card-scroll"))

    # -- the card ---------------------------------------------------------------------

    def _show_card(self, found: Suggestion | None) -> None:
        shown = self.query_one("#dir-card", Static)
        note = self.query_one("#dir-add-note", Static)
        buttons = self.query("#dir-add")
        if found is None:
            shown.update(Content("Choose an entry to see its details."))
            if buttons:
                buttons.first(Button).disabled = True
            return
        details = card(self.directory, found.entry, today=self.today)
        # Why it came up and whether it fits: only when there is a person to fit.
        shown.update(card_content(details, found if self.profile is not None else None))
        self.query_one("#dir-card-scroll").scroll_home(animate=False)
        if buttons:
            button = buttons.first(Button)
            added = found.entry.id in self.added
            button.disabled = added
            button.label = Content("✓ Added" if added else "Add to things to try")
            note.set_classes("done" if added else "")
            note.update(
                Content(f"Already in {self._possessive()} things to try.") if added else Content("")
            )

    def _possessive(self) -> str:
        return f"{self.person_name}'s" if self.person_name else "their"

    async def _add_highlighted(self) -> None:
        """Ask whose idea it was (one key), then add the entry shown; Escape adds nothing."""
        found = self.highlighted
        if found is None or self._add is None or found.entry.id in self.added:
            return

        if not self.idea_choices:
            self._add_entry(found, None)  # the list has no "whose idea" to record
            return

        def chosen(idea_from: str | None) -> None:
            if idea_from is not None:
                self._idea_from = idea_from
                self._add_entry(found, idea_from)

        await self.app.push_screen(
            WhoseIdea(found.entry.name, self.idea_choices, last=self._idea_from), chosen
        )

    def _add_entry(self, found: Suggestion, idea_from: str | None) -> None:
        if self._add is None:
            return
        outcome = (
            self._add(found.entry.id)
            if idea_from is None
            else self._add(found.entry.id, idea_from=idea_from)
        )
        if not getattr(outcome, "done", False):
            self._say(getattr(outcome, "message", "") or "It could not be added.", "problem")
            return
        self.added.add(found.entry.id)
        self.added_now = True
        self.added_now_ids.append(found.entry.id)
        save = getattr(outcome, "save", None)
        words = f"Added to {self._possessive()} things to try."
        problem = save is not None and not save.ok
        if save is not None and save.message and save.state != "saved":
            # Not recorded yet, or not on disk: say so rather than a plain "Added".
            words += " " + save.message
        self._say(words, "problem" if problem else "done")
        button = self.query_one("#dir-add", Button)
        button.label = Content("✓ Added")
        if self.focused is button:
            # A disabled button cannot keep the focus; without this nothing would have it
            # and letters typed would go nowhere.
            focus_now(self.query_one("#dir-list", OptionList))
        button.disabled = True
        self._relabel(found)

    def _relabel(self, found: Suggestion) -> None:
        self.query_one("#dir-list", OptionList).replace_option_prompt(
            found.entry.id,
            entry_line(
                found,
                added=True,
                suggested=found.entry.id in self._suggested,
                fit=self.profile is not None,
                width=self._list_width(),
            ),
        )

    def _say(self, words: str, kind: str) -> None:
        """What adding did, beside the button and, when only the list is on screen (a
        narrow screen), above the list too."""
        note = self.query_one("#dir-add-note", Static)
        note.set_classes(kind)
        note.update(literal(words))
        if self.narrow and not self._card_open:
            count = self.query_one("#dir-count", Static)
            count.set_classes(kind)
            count.update(literal(words))

    @on(Button.Pressed, "#dir-add")
    async def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        await self._add_highlighted()

    # -- filters and search -------------------------------------------------------------

    @on(Input.Changed, "#dir-search")
    def _typed(self, event: Input.Changed) -> None:
        self.request_refresh(typing=True)

    @on(Input.Submitted, "#dir-search")
    def _search_done(self, event: Input.Submitted) -> None:
        if self._search_timer is not None:
            self._search_now()  # Enter: search now rather than after the pause
        focus_now(self.query_one("#dir-list", OptionList))

    @on(Select.Changed)
    @on(Checkbox.Changed, "#dir-free")
    def _filter_changed(self, event: events.Event) -> None:
        self.request_refresh()

    @on(Checkbox.Changed, "#dir-all")
    def _show_all_changed(self, event: Checkbox.Changed) -> None:
        if event.value != self.show_all:
            self.show_all = event.value
            self.request_refresh()

    def _set_show_all(self, on: bool, *, note: bool = False) -> None:
        self.show_all = on
        boxes = self.query("#dir-all")
        if boxes:
            with boxes.first(Checkbox).prevent(Checkbox.Changed):
                boxes.first(Checkbox).value = on
        self.refresh_list()
        if note:
            self.query_one("#dir-count", Static).update(
                Content("Nothing they have said matches an entry yet, so everything is shown.")
            )

    def on_key(self, event: events.Key) -> None:
        # Typing a letter in the list or the card starts a search with it (as on Home).
        browsing = getattr(self.focused, "id", None) in ("dir-list", "dir-card-scroll")
        if browsing and event.is_printable and event.character and event.character not in "/ ":
            event.stop()
            event.prevent_default()
            self.action_search(event.character)

    # -- actions ----------------------------------------------------------------------

    def action_search(self, first: str = "") -> None:
        search = self.query_one("#dir-search", Input)
        if self.narrow and self._card_open:
            self._show_card_pane(False)
        search.value += first
        focus_now(search)
        search.cursor_position = len(search.value)

    def action_back(self) -> None:
        """Escape: from a card on a narrow screen back to the list; otherwise close."""
        if self.narrow and self._card_open:
            self._show_card_pane(False)
            focus_now(self.query_one("#dir-list", OptionList))
            return
        self.dismiss(self.added_now)


def _days() -> list[tuple[str, str]]:
    """(day id, the day's name) for the day filter."""
    found = []
    for day in day_names():
        if isinstance(day, tuple):
            found.append((str(day[0]), str(day[1])))
        else:
            found.append((str(day), str(day).capitalize()))
    return found


class MeetingDirectoryScreen(DirectoryScreen):
    """The directory opened in a meeting: ctrl+s (or the button) adds the entry shown to the
    person's things to try."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", key_display="Esc"),
        Binding("ctrl+s", "save", "Add to try", key_display="^s", priority=True),
        Binding("slash", "search", "Search", key_display="/"),
        # The pause for safety works here as in the meeting (issue 13): ctrl+g from anywhere.
        Binding("ctrl+g", "pause_for_safety", "Safety", key_display="^g", priority=True),
    ]
    #: The pause for safety never leaves the key bar (as in the meeting).
    KEY_BAR_KEEP: ClassVar[tuple[str, ...]] = ("pause_for_safety",)

    #: Set when the pair chose the plan for hard times in a pause for safety opened here:
    #: the directory closes and the meeting goes to that topic.
    to_hard_times = False

    async def action_save(self) -> None:
        """Add the entry shown to things to try (the main thing of this screen: ctrl+s)."""
        await self._add_highlighted()

    def action_pause_for_safety(self) -> None:
        """The worker's own pause for safety, over the directory."""
        if self.meeting is None or not self.is_current:
            return  # another dialog is open: the worker can press the key after it

        def chosen(go: bool | None) -> None:
            if go:
                self.to_hard_times = True
                self.dismiss(self.added_now)

        self.app.push_screen(SafetyDialog(self.meeting.safety_pause(None)), chosen)
