"""Home: the people list with search; a new person, a first, resumed or review meeting, an
export of the plan, practice (training) and settings."""

from __future__ import annotations

import os
import time
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.css.scalar import Scalar
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from assistant.dates import local_day
from assistant.engine.words import clean, format_date
from assistant.identifiers import format_birth_date, format_nhs_number, person_age
from assistant.meetings.history import history_of
from assistant.plans.state import agreed_at_of, agreed_in_part, long_day, saved_at_of
from assistant.records import RecordsError
from assistant.records.index import PeopleSearch
from assistant.text_width import cells, cut, cut_path
from assistant.ui.textual_internals import HighlightInItsOwnInk, draw_now
from assistant.ui.widgets.cued_scroll import NoticeBox
from assistant.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.timer import Timer
    from textual.visual import RenderOptions

    from assistant.meetings.history import History
    from assistant.ui.app import CpiApp

SHOWN_PEOPLE = 60
#: How often (seconds) Home looks whether the list of people changed on disk (someone added
#: from another window or `cpi-assistant new`): one stat of the index file, re-read only
#: when it changed.
INDEX_CHECK_SECONDS = 2.0
# The person's details' blank lines (padding above and below, the margin under): the first
# rows a short screen gives back to the actions (``-compact``).
DETAILS_SPACING = 3
# On the shortest screen the actions still show this many rows (three of them, framed).
MIN_ACTION_ROWS = 5
FIRST_RUN = (
    "No one is recorded here yet. Press n (or New person) to add the person you are meeting, "
    "then start your first meeting together."
)
#: In the list's place when the records could not be listed: never "no one is recorded".
NOT_LISTED = (
    "The people in this records folder cannot be listed in this window: the message above "
    "says why and what to do. Nothing was lost."
)
#: Enter on that empty list: nothing opens (New person there would make the same person
#: again, beside the record that cannot be listed); then why, in the words of the problem.
NOT_LISTED_ENTER = "Nothing was opened: the people in this records folder cannot be listed."


class ListLine(Content):
    """A line of a list whose height is known without wrapping it, when it fits the width.

    The list asks every option's height each time its width changes (three times while Home
    first appears, and at every key typed in the search); wrapping 60 lines to find that each
    one is one line high was most of the cost of drawing the list.
    """

    def get_height(self, rules: RulesMap, width: int) -> int:
        text = self.plain
        fits = 0 < self.cell_length <= width - rules.get("line_pad", 0) * 2
        if fits and "\n" not in text and "\t" not in text:
            return 1
        return super().get_height(rules, width)


class PersonLine(ListLine):
    """A person's line in the list, always one row: the name (bold), their reference and how
    many meetings they have had (muted). A line too long for the list gives up, in turn, the
    word "ref" and then the end of the reference ("R3", "R12…"), then the reference (the
    details beside the list show it, and the search finds it), then the end of the name;
    what is cut ends in "…" and the meeting count stays. At 80x24 a line wrapped onto a
    second row, or was cut mid-word with no "…", losing the meeting count ("Dev Patel  ref
    R3 · no meetings ye"); a 300-character name once filled ten rows. A line that fits is
    drawn exactly as it was."""

    #: How many characters at the start are the name.
    name_length = 0
    #: The reference ("R3"; "" when there is none) and the meeting count's words.
    reference = ""
    meetings = ""

    @classmethod
    def of(cls, name: str, reference: str, meetings: str) -> PersonLine:
        """The line for ``name`` (bold), its ``reference`` words and ``meetings`` (muted)."""
        words = f"ref {reference}" if reference else ""
        details = "  " + " · ".join(part for part in (words, meetings) if part)
        line = cls.assemble((name, "bold"), (details, "$text-muted"))
        line.name_length = len(name)
        line.reference, line.meetings = reference, meetings
        return line

    def _fitted(self, rules: RulesMap, width: int) -> Content:
        room = width - rules.get("line_pad", 0) * 2
        if room <= 0 or self.cell_length <= room:
            return self  # the whole line fits (most lines): no slicing, at every height asked
        name = self[: self.name_length]
        count = f" · {self.meetings}"
        # The reference without "ref", cut while at least its first letter stays ("R…").
        reference_room = room - name.cell_length - 2 - cells(count)
        if self.reference and reference_room >= 2:
            details = f"  {cut(self.reference, reference_room)}{count}"
            return Content.assemble(name, (details, "$text-muted"))
        details = f"  {self.meetings}"
        name_room = room - cells(details)
        if name_room >= min(name.cell_length, PERSON_NAME_LEAST):
            return Content.assemble(
                name.truncate(name_room, ellipsis=True), (details, "$text-muted")
            )
        return Content.assemble(name.truncate(room, ellipsis=True))

    def get_height(self, rules: RulesMap, width: int) -> int:
        fitted = self._fitted(rules, width)
        if fitted is self:
            return super().get_height(rules, width)
        return 1

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        fitted = self._fitted(options.rules, width)
        if fitted is self:
            return super().render_strips(width, height, style, options)
        return fitted.render_strips(width, height, style, options)


#: The least of a name a person's line shows beside their meeting count (fewer, and the
#: line is the name alone, cut to the list's width).
PERSON_NAME_LEAST = 8


def person_line(person: Any) -> Content:
    reference = clean(person.reference) if person.reference else ""
    meetings = person.sessions
    count = (
        "no meetings yet" if meetings == 0 else f"{meetings} meeting{'s' if meetings != 1 else ''}"
    )
    return PersonLine.of(clean(person.display_name), reference, count)


def plan_state_lines(history: History) -> list[str]:
    """The plan's state for Home, in the words every export uses: the latest agreed version,
    and a newer draft if there is one (a draft is never shown as agreed)."""
    lines = []
    agreed, latest = history.agreed_plan, history.latest_plan
    if agreed:
        day = long_day(agreed_at_of(agreed))
        plan = agreed.get("plan")
        part = " in part" if agreed_in_part((plan or {}).get("agreement")) else ""
        lines.append(f"Plan agreed{part}: version {agreed.get('version')}, {day}")
    if latest and not latest.get("agreed"):
        saved = long_day(saved_at_of(latest))
        newer = "Newer draft" if agreed else "Plan draft"
        lines.append(f"{newer}: version {latest.get('version')}, not agreed yet (saved {saved})")
    return lines


#: The most of a pack's name Home's top line shows: the records folder beside it must stay
#: in view at 80 columns (Settings shows the whole name).
PACK_NAME_SHOWN = 24

#: The most of a name the details beside the list show, in cells (three lines at 80x24).
NAME_SHOWN_IN_DETAILS = 96

#: On a narrow screen, the most of a pack's name shown, to leave the path room.
PACK_NAME_SHORTEST = 12

#: The least of the records folder's path Home's top line shows, however narrow (the rest
#: of the line then ends in "…").
MIN_FOLDER_SHOWN = 16


class FolderLine(Static):
    """Home's top line: the content pack in use and the records folder. A path too long for
    the room gives up its middle ("/home/sam/…/records"), so its start and its last folder,
    which tell one folder from another, stay in view (cut at its end, a path could read as a
    different, real folder). On a narrow screen the pack's words are shortened first."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pack = ""
        self._folder = ""

    def show(self, pack: str, folder: str) -> None:
        """Show the content ``pack``'s name ("" when none is named) and the records
        ``folder``."""
        self._pack, self._folder = pack, folder
        self.refresh()

    def _heads(self) -> list[str]:
        """The words before the path, longest first."""
        if not self._pack:
            return ["Records: "]
        return [
            f"Content pack: {cut(self._pack, PACK_NAME_SHOWN)}  ·  Records: ",
            f"Pack: {cut(self._pack, PACK_NAME_SHOWN)} · Records: ",
            f"Pack: {cut(self._pack, PACK_NAME_SHORTEST)} · Records: ",
        ]

    def render(self) -> Content:
        room = self.content_region.width
        heads = self._heads()
        head = heads[0]
        if room > 0:
            head = next((h for h in heads if room - cells(h) >= MIN_FOLDER_SHOWN), heads[-1])
        folder = self._folder
        if room > 0:
            folder = cut_path(folder, max(room - cells(head), MIN_FOLDER_SHOWN))
        return Content(head + folder).stylize("$text-muted")


class PersonDetails(Static):
    """The selected person's details. Home fits its actions in the room these leave, so a
    change of their height (read after they were drawn, often after the fit ran) fits
    them again: on a busy machine the list otherwise kept a stale height and ran under the
    key bar."""

    def on_resize(self, event: events.Resize) -> None:
        fit = getattr(self.screen, "_fit_actions", None)
        if fit is not None:
            self.call_after_refresh(fit)


class PeopleList(HighlightInItsOwnInk, OptionList):
    """The people on record. One click picks a person, as the arrow keys do: their details
    and what can be done with them show beside the list. Enter, a double click, or the
    action beside it (*Start our first meeting*, *Resume where we left off*) opens a meeting.
    (One click used to start a meeting at once: with the mouse, a person's details, export
    or changes could not be reached, and a meeting nobody meant was started and saved.)"""

    #: A double click opens (ui/clicks.py lets its second click through).
    CHAINED_CLICKS = True

    def on_click(self, event: events.Click) -> None:
        if event.chain == 2:
            return  # OptionList's own click handler picks the person and opens the meeting
        # Before OptionList's own handler, which would open it: this click only picks.
        event.prevent_default()
        clicked = event.style.meta.get("option")
        if isinstance(clicked, int) and 0 <= clicked < self.option_count:
            self.highlighted = clicked


class HomeScreen(Screen[None]):
    """The first screen: who are we meeting?"""

    app: CpiApp
    AUTO_FOCUS = ""  # the people list (or New person on a first run), set in _filter

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new_person", "New person"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("r", "resume", "Resume", show=False),
        Binding("m", "new_meeting", "New meeting", show=False),
        Binding("s", "settings", "Settings"),
        Binding("ctrl+o", "export", "Export", show=False),
        Binding("p", "practice", "Practice (training)"),
        Binding("d", "directory", "Directory", show=False),
        Binding("c", "changes", "How things have changed", show=False),
        Binding("e", "change_details", "Change their details", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._people: list[Any] = []
        self._search = PeopleSearch([])
        self._shown: list[Any] = []
        self._shown_ids: list[str] | None = None  # what the people list holds now
        self._history: History | None = None
        self._history_for: str | None = None
        self._loaded_once = False
        self._left_for_meeting = False
        self._added_toast = False  # "Added. Press Enter…" is showing
        self._notices: list[str] = []
        #: The index file as it was when the people were last read (see _index_stamp).
        self._index_seen: tuple[int, int, int] | None = None
        #: The look every few seconds for people added elsewhere (set on mount).
        self._index_check: Timer | None = None
        #: Why the people could not be listed at the last reload ("" when they were).
        self._not_listed = ""

    def compose(self) -> ComposeResult:
        with Horizontal(id="topbar"):
            yield Static(Content("Connecting People Assistant").stylize("bold"), id="home-title")
            yield FolderLine(id="home-folder")
        with NoticeBox(id="home-notice-box", classes="notice"):
            yield Static(id="home-notices")
        with Horizontal(id="home-body"):
            with Vertical(id="people-pane"):
                # The search field is built on first use (type, or press /): one less kind of
                # widget to draw before the list of people is ready.
                yield Static(
                    Content("/ to search  ·  n for someone new").stylize("$text-muted"),
                    id="search-hint",
                )
                yield PeopleList(id="people")
                yield Static(id="more-people")
                yield Static(Content(FIRST_RUN), id="first-run")
            with Vertical(id="person-pane"):
                yield PersonDetails(id="person-details")
                # "Opening Sam's record…" while a meeting is slow to open (CpiApp.start_meeting).
                opening = Static(id="opening-note")
                opening.display = False
                yield opening
                # A list of actions rather than buttons: one widget, quick to draw at start,
                # arrow keys and Enter, or a click.
                yield OptionList(id="actions")
        yield KeyBar()

    def on_mount(self) -> None:
        self.reload()
        self._index_check = self.set_interval(INDEX_CHECK_SECONDS, self._people_added_elsewhere)

    def on_screen_suspend(self) -> None:
        # Handled once the new screen is on top: a meeting screen holds a ``meeting``.
        self._left_for_meeting = getattr(self.app.screen, "meeting", None) is not None
        # No look at the people list while Home is under a meeting: a timer waking there
        # would only find Home not current (and could land in a step's frame).
        if self._index_check is not None:
            self._index_check.pause()

    def on_screen_resume(self) -> None:
        if self._index_check is not None:
            self._index_check.resume()
        # Coming back from a meeting or a dialog: counts and plans may have changed.
        if self._loaded_once:
            # A pack chosen with `cpi-assistant pack use` while the app runs: loaded now,
            # and named at the top once it has (topics_loaded).
            self.app.follow_pack_choice()
            self.reload(keep=self.selected_id)
        self._loaded_once = True
        if self._left_for_meeting:
            # After a meeting nothing is ready for Enter: the action that opened it ("Start a
            # review meeting") is not highlighted, so one stray Enter opens no other meeting
            # (Enter on a person would open one too). An arrow key picks an action again.
            self._left_for_meeting = False
            actions = self.query_one("#actions", OptionList)
            if actions.option_count and actions.display:
                actions.highlighted = None
                actions.focus()

    # -- data ---------------------------------------------------------------------------

    def reload(self, keep: str | None = None) -> None:
        app = self.app
        notices = []
        failed = ""
        if app.store is None:
            self._people = []
            if app.store_problem:
                notices.append(app.store_problem)
                failed = app.store_problem
        else:
            try:
                self._index_seen = self._index_stamp()  # before: a change while reading shows
                self._people = app.store.list_people(file_times=False)
            except RecordsError as exc:
                self._people = []
                notices.append(str(exc))
                failed = str(exc)
            notices.extend(n.message for n in app.take_recovery_notices())
            # Said once, as the recovery notices are (not again at every reload of Home).
            notices.extend(app.rescue_notices)
            app.rescue_notices = []
            if app.store.encryption_unfinished:
                # First, and kept on Home until it is finished (not a toast that goes).
                notices.insert(0, app.store.encryption_unfinished)
        # An empty list then says the records could not be listed, not that there are none
        # (a worker could think them lost, or add the person again).
        self.query_one("#first-run", Static).update(Content(NOT_LISTED if failed else FIRST_RUN))
        self._not_listed = failed
        # Each person's searchable text is folded once here, not at every key typed.
        self._search = PeopleSearch(self._people)
        self._shown_ids = None  # the lines may say something new (a meeting's count)
        self._notices = notices
        self.show_notices()
        self._filter(self.search_text, keep)

    def _index_stamp(self) -> tuple[int, int, int] | None:
        """The index file's time, size and inode (each save replaces the file), or None."""
        store = self.app.store
        if store is None:
            return None
        try:
            found = os.stat(store.index_path)
        except OSError:
            return None
        return (found.st_mtime_ns, found.st_size, found.st_ino)

    def _people_added_elsewhere(self) -> None:
        """Read the people again if the index changed since they were read: someone added
        (or erased) from another window or the command line while Home was open. The search
        said "No one matches that search." until Home was left and shown again. Only the
        people are read again: the notices stay as they are."""
        store = self.app.store
        if store is None or self._not_listed or not self.is_current:
            return
        stamp = self._index_stamp()
        if stamp == self._index_seen:
            return
        self._index_seen = stamp
        try:
            people = store.list_people(file_times=False)
        except RecordsError:
            return  # said when Home is next reloaded; the list shown stays
        self._people = people
        self._search = PeopleSearch(people)
        self._shown_ids = None
        self._filter(self.search_text, self.selected_id)

    def show_notices(self) -> None:
        """The records folder's notices (from the last reload), then the content's: shown
        again when the topics finish loading, after Home is up."""
        app = self.app
        # The agency's content pack in use (its name, once the content has loaded), so a
        # worker can see which one this is; one that could not be used says why below.
        name = app.content_pack_name
        self.query_one("#home-folder", FolderLine).show(clean(name or ""), str(app.data_dir))
        wanted = (
            app.content_pack_problem,
            app.content_problem,
            app.topics_left_out,
            app.directory_problem,
            app.agency_notice,
        )
        notices = [*self._notices, *(n for n in wanted if n)]
        self.query_one(NoticeBox).display = bool(notices)
        self.query_one("#home-notices", Static).update(
            Content("\n".join(clean(n) for n in notices))
        )

    def topics_loaded(self) -> None:
        """The topics finished loading after Home was drawn: the notices, and the actions that
        depend on the topics (the reflection), are brought up to date."""
        self.show_notices()
        person = self.selected
        if person is not None and self._history_for == person.id:
            self._show_actions(person, self._history)

    def _filter(self, text: str, keep: str | None = None) -> None:
        # Name, reference, or part of an NHS number (3 digits or more, however it is spaced).
        matches = self._search.search(text)
        # A long list is searched, not scrolled: drawing 1,000 names would only slow the start.
        shown = matches[:SHOWN_PEOPLE]
        kept = next((p for p in matches if p.id == keep), None) if keep else None
        if kept is not None and kept not in shown:
            shown.insert(0, kept)
        people = self.query_one("#people", OptionList)
        ids = [p.id for p in shown]
        same = ids == self._shown_ids
        self._shown, self._shown_ids = shown, ids
        if not same:
            # Rebuilt only when other people are listed: a key that keeps the same people
            # (the next letter of a name most often) changes nothing but the count below.
            people.clear_options()
            people.add_options([Option(person_line(p), id=p.id) for p in shown])
        more = self.query_one("#more-people", Static)
        if not matches and self._people:
            # An empty list says why, never looks as if the records had gone.
            more.display = True
            words = "No one matches that search."
        else:
            more.display = len(matches) > len(self._shown)
            words = f"Showing {len(self._shown)} of {len(matches):,}. Type a name to find someone."
        more.update(Content(words).stylize("$text-muted"))
        first_run = not self._people
        was_first_run = people.display is False
        self.query_one("#first-run").display = first_run
        people.display = not first_run
        if not self._shown:
            self._show_person(None)
        elif not (same and keep is None and people.highlighted is not None):
            people.highlighted = ids.index(keep) if keep in ids else 0
        # else: the same people, the same one highlighted: their details and actions stay
        # (blanking them here lost the Resume action, so Enter started a new meeting).
        if first_run:
            self._show_actions(None, None)
            actions = self.query_one("#actions", OptionList)
            actions.focus()
            if self._not_listed:
                # Nothing ready for Enter: on a list that could not be read, "New person"
                # highlighted made a second record of someone already there. An arrow key
                # (or n) still picks it on purpose.
                actions.highlighted = None
        elif self.focused is None or was_first_run:
            people.focus()

    def show_opening(self, on: bool) -> None:
        """A meeting is slow to open: say whose record is opening, with a loading sign over
        the actions (which wait until it is open); ``on=False`` takes both away."""
        person = self.selected
        note = self.query_one("#opening-note", Static)
        note.display = on
        name = clean(person.display_name) if person is not None else "the"
        whose = f"{name}'s" if person is not None else name
        note.update(Content(f"Opening {whose} record…" if on else "").stylize("$text-muted"))
        self.query_one("#actions", OptionList).loading = on
        self.call_after_refresh(self._fit_actions)

    @property
    def selected(self) -> Any:
        index = self.query_one("#people", OptionList).highlighted
        if index is None or index >= len(self._shown):
            return None
        return self._shown[index]

    @property
    def selected_id(self) -> str | None:
        person = self.selected
        return person.id if person else None

    @on(OptionList.OptionHighlighted, "#people")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_person(self.selected)

    def _show_person(self, person: Any) -> None:
        details = self.query_one("#person-details", Static)
        if person is None:
            details.update(Content(""))
            self._history = None
            self._history_for = None
            self._show_actions(None, None)
            return
        details.update(self._details(person, None))
        self._show_actions(person, None)
        self._load_history(person)

    def _show_actions(
        self, person: Any, history: History | None, *, unreadable: bool = False
    ) -> None:
        actions = self.query_one("#actions", OptionList)
        wanted: list[tuple[str, str]] = []
        if person is not None and not unreadable:
            if history is not None and history.can_resume:
                wanted.append(("resume", "▶ Resume where we left off"))
            label = "Start our first meeting"
            if history is not None and history.agreed_plan:
                label = "Start a review meeting"
            elif history is not None and history.meetings:
                label = "Start a new meeting"
            wanted.append(("new-meeting", f"+ {label}"))
            if history is not None and history.latest_plan:
                # Not before a plan is saved: the dialog could only say there is none yet.
                wanted.append(("export", "⇩ Export the plan"))
                wanted.append(("changes", "↗ How things have changed"))
            if self._can_reflect(history):
                wanted.append(("reflect", "✎ Reflect on this meeting (worker only)"))
            wanted.append(("details", "✎ Change their details"))
        wanted += [
            ("new-person", "+ New person"),
            ("directory", "≡ Community directory"),
            ("settings", "⚙ Settings"),
        ]
        if [o.id for o in actions.options] == [k for k, _ in wanted]:
            for key, label in wanted:
                actions.replace_option_prompt(key, Content(label))
            self.call_after_refresh(self._fit_actions)  # the details above may have grown
            return
        self.call_after_refresh(self._fit_actions)
        highlighted = actions.highlighted_option.id if actions.highlighted_option else None
        actions.clear_options()
        actions.add_options([Option(Content(label), id=key) for key, label in wanted])
        keys = [k for k, _ in wanted]
        if highlighted is None and actions.has_focus:
            return  # back from a meeting: nothing ready for Enter until an arrow key
        if not actions.has_focus:
            # Nobody has chosen among them: the first is the one for Enter (Resume, when the
            # history read after the list brings it in above "Start a new meeting").
            highlighted = None
        actions.highlighted = keys.index(highlighted) if highlighted in keys else 0

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit_actions)

    def on_key(self, event: events.Key) -> None:
        # Enter with nothing picked, where the people could not be listed: say why nothing
        # happens (before the list's own Enter, which would do nothing, silently).
        if event.key != "enter" or not self._not_listed or self._people:
            return
        actions = self.query_one("#actions", OptionList)
        if self.focused is actions and actions.highlighted is None:
            event.stop()
            event.prevent_default()
            self.app.notify(
                f"{NOT_LISTED_ENTER} {clean(self._not_listed)}", markup=False, severity="warning"
            )

    def _fit_actions(self) -> None:
        """Keep every action on a short screen (80x24 with a notice): the person's details
        lose their blank lines first, then the actions scroll in the room left (the
        highlighted one always in view). Before, the list ran off the bottom of the screen."""
        try:
            pane = self.query_one("#person-pane")
            details = self.query_one("#person-details", Static)
            actions = self.query_one("#actions", OptionList)
            opening = self.query_one("#opening-note", Static)
        except NoMatches:
            return  # closing
        room = pane.content_region.height
        if room <= 0:
            return
        lines = details.size.height - details.styles.padding.height
        above = opening.outer_size.height if opening.display else 0
        wanted = actions.option_count + actions.styles.border.spacing.height
        tight = lines + DETAILS_SPACING + above + wanted > room
        if details.has_class("-compact") != tight:
            details.set_class(tight, "-compact")
        spacing = 0 if tight else DETAILS_SPACING
        fits = max(MIN_ACTION_ROWS, room - lines - spacing - above)
        if actions.styles.max_height != Scalar.from_number(fits):
            actions.styles.max_height = fits

    @property
    def can_reflect(self) -> bool:
        """The selected person's latest meeting can be reflected on (the Home action)."""
        loaded = self._history if self._history_for == self.selected_id else None
        return self._can_reflect(loaded)

    def _can_reflect(self, history: History | None) -> bool:
        """The latest meeting is finished and the topics have a worker-only reflection
        (read from the topics once loaded: Home does not load them itself)."""
        content = self.app.topic_content
        return (
            history is not None
            and history.meetings > 0
            and not history.open_session
            and content is not None
            and any(index.topic.worker_only for index in content.topics.values())
        )

    @work(thread=True, exclusive=True, group="history")
    def _load_history(self, person: Any) -> None:
        store = self.app.store
        if store is None:
            return
        try:
            with store.read(person.id) as case:
                history = history_of(case)
                born = _born_line(case.person)
        except RecordsError as exc:
            self.app.call_from_thread(self._history_failed, person, str(exc))
            return
        self.app.call_from_thread(self._history_loaded, person, history, born)

    def _history_failed(self, person: Any, message: str) -> None:
        if self._still_showing(person):
            # The reading is over: what went wrong in its place, and no meeting, export or
            # details offered for a record that cannot be opened (each would only fail).
            self.query_one("#person-details", Static).update(
                self._details(person, None, reading=False) + Content("\n\n" + clean(message))
            )
            self._show_actions(person, None, unreadable=True)

    def _still_showing(self, person: Any) -> bool:
        """Whether Home still shows ``person``: a record read in a thread can finish while
        the app is closing and Home's widgets are already gone (seen on a loaded machine)."""
        try:
            return self.selected_id == person.id
        except NoMatches:
            return False

    def _history_loaded(self, person: Any, history: History, born: str | None = None) -> None:
        if not self._still_showing(person):
            return
        self._history = history
        self._history_for = person.id
        self.query_one("#person-details", Static).update(self._details(person, history, born))
        self._show_actions(person, history)

    def _details(
        self, person: Any, history: History | None, born: str | None = None, reading: bool = True
    ) -> Content:
        # A very long name is cut: whole, it took the panel and pushed the actions out of
        # sight ("Change their details" shows it whole).
        name = cut(clean(person.display_name), NAME_SHOWN_IN_DETAILS)
        lines = [Content(name).stylize("bold")]
        if person.reference:
            lines.append(Content(f"Reference {clean(person.reference)}"))
        if person.nhs_number:
            lines.append(Content(f"NHS number {format_nhs_number(clean(person.nhs_number))}"))
        if born:
            lines.append(Content(born))
        if history is None:
            if reading:
                lines.append(Content("Reading the record…").stylize("$text-muted"))
            return Content("\n").join(lines)
        if history.meetings == 0:
            lines.append(Content("No meetings yet."))
        else:
            # The record's time is UTC: the meeting's day is the one it was here.
            day = local_day(history.last_updated)
            when = format_date(day.isoformat()) if day else ""
            state = "not finished" if history.open_session else "finished"
            # After a handover, which worker it was with (docs/records.md, "Who the worker
            # was"): the name is the agency's words, so data, never markup.
            with_worker = f", with {clean(history.last_worker)}" if history.last_worker else ""
            lines.append(Content(f"Last meeting: {when} ({state}{with_worker})"))
        lines += [Content(line) for line in plan_state_lines(history)]
        return Content("\n").join(lines)

    # -- actions ------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        started = time.perf_counter()
        self._people_added_elsewhere()  # one stat; read again only if the index changed
        self._filter(event.value)
        # Drawn in this key's turn (the list and the search box), and timed to that frame.
        if draw_now(self):
            self.app.search_times.append((time.perf_counter() - started) * 1000)

    @on(Input.Submitted, "#search")
    def _search_done(self, event: Input.Submitted) -> None:
        self.query_one("#people").focus()

    @on(OptionList.OptionSelected, "#people")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._primary()

    def _primary(self) -> None:
        if self._history is not None and self._history.can_resume:
            self.action_resume()
        else:
            self.action_new_meeting()

    @property
    def search_text(self) -> str:
        found = self.query("#search")
        return found.first(Input).value if found else ""

    def action_search(self, first: str = "") -> None:
        self._people_added_elsewhere()
        found = self.query("#search")
        if found:
            entry = found.first(Input)
            entry.value += first
        else:
            entry = Input(first, placeholder="Search by name, reference or NHS number", id="search")
            self.query_one("#search-hint").display = False
            self.query_one("#people-pane").mount(entry, before=0)
        entry.focus()
        entry.cursor_position = len(entry.value)

    def on_click(self, event: Any) -> None:
        if getattr(event.widget, "id", None) == "search-hint":
            self.action_search()

    def action_new_person(self) -> None:
        from assistant.ui.screens.new_person import NewPerson

        def created(person_id: str | None) -> None:
            if person_id:
                if self.query("#search"):
                    self.query_one("#search", Input).value = ""
                self.reload(keep=person_id)
                self.query_one("#people").focus()
                self.app.notify("Added. Press Enter to start the first meeting.", markup=False)
                self._added_toast = True

        self.app.push_screen(NewPerson(), created)

    def action_change_details(self) -> None:
        """Change the selected person's name, reference or NHS number."""
        from assistant.ui.screens.person_details import ChangeDetails

        person = self.selected
        if person is None:
            return

        def saved(person_id: str | None) -> None:
            if person_id:
                self.reload(keep=person_id)
                self.app.notify("Details saved.", markup=False)

        self.app.push_screen(ChangeDetails(person), saved)

    def action_resume(self) -> None:
        person = self.selected
        if person is None:
            return
        history = self._history if self._history_for == person.id else None
        if history is None or not history.can_resume:
            # `r` with no open meeting listed (a new person, one whose meeting was finished
            # weeks ago, or the list still loading): nothing to carry on, and not "finished in
            # another window", which is for a Resume this list offered.
            if history is not None:
                self.app.notify(
                    "There is no meeting to carry on. Press Enter to start a new one.",
                    markup=False,
                )
            return
        self.app.start_meeting(person.id, resume=True)

    def action_new_meeting(self) -> None:
        person = self.selected
        if person is None:
            return
        if self._added_toast:
            # "Press Enter to start the first meeting" is done with: it must not stay on top
            # of the meeting (toasts shown while the meeting opens come after this).
            self._added_toast = False
            self.app.clear_notifications()
        if self._history is not None and self._history.can_resume:
            from assistant.ui.widgets.confirm import Confirm

            def answered(yes: bool | None) -> None:
                if yes:
                    self.app.start_meeting(person.id, resume=False)

            self.app.push_screen(
                Confirm(
                    Content(
                        "The last meeting is not finished. Start a new one anyway? The "
                        "last meeting stays saved as it is."
                    ),
                    yes="Start a new one",
                    no="Cancel",
                ),
                answered,
            )
            return
        self.app.start_meeting(person.id, resume=False)

    def action_practice(self) -> None:
        """Practice (training) with a fictional persona: never listed here."""
        self.app.action_practice()

    def action_settings(self) -> None:
        self.app.action_settings()

    async def action_directory(self) -> None:
        """The community directory, to browse (no person needed; adding is in a meeting)."""
        from assistant.directory.functions import directory_of, no_directory_words
        from assistant.ui.screens.directory import DirectoryScreen

        content = await self.app.wait_for_content()
        directory = directory_of(content) if content is not None else None
        if directory is None:
            self.app.notify(
                no_directory_words(content), markup=False, severity="warning", timeout=20
            )
            return
        await self.app.push_screen(DirectoryScreen(directory))

    def action_export(self) -> None:
        self.app.action_export(self.selected_id)

    def action_changes(self) -> None:
        """How things have changed: the measures in the selected person's latest plan."""
        from assistant.plans.versions import PlanError, versions
        from assistant.ui.screens.changes import NO_PLAN_YET, ChangesScreen

        person, store = self.selected, self.app.store
        if person is None or store is None:
            return
        try:
            with store.read(person.id) as case:
                found = versions(case)
        except (RecordsError, PlanError) as exc:
            self.app.notify(str(exc), markup=False, severity="warning")
            return
        if not found:
            self.app.notify(NO_PLAN_YET, markup=False)
            return
        self.app.push_screen(ChangesScreen(found[-1].plan, person.display_name))

    async def action_reflect(self) -> None:
        """The worker's reflection on the selected person's latest finished meeting."""
        from assistant.ui.screens.reflection import reflect_on_latest_meeting

        person = self.selected
        if person is None:
            return
        await reflect_on_latest_meeting(self.app, person.id, person.display_name)

    @on(OptionList.OptionSelected, "#actions")
    async def _action(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        actions = {
            "resume": self.action_resume,
            "new-meeting": self.action_new_meeting,
            "export": self.action_export,
            "changes": self.action_changes,
            "reflect": self.action_reflect,
            "details": self.action_change_details,
            "new-person": self.action_new_person,
            "directory": self.action_directory,
            "settings": self.action_settings,
        }
        action = actions.get(event.option.id or "")
        if action:
            opened = action()
            if opened is not None:  # the directory and the reflection wait for the topics
                await opened


def _born_line(person: Any) -> str | None:
    """'Born 15 December 1980 (age 45)' when the record has a date of birth (issue 15: the
    case file holds it, not the list of people, so it comes with the record's history)."""
    stored = person.get("born")
    if not isinstance(stored, str):
        return None
    age = person_age(person, date.today())
    return f"Born {format_birth_date(stored)}" + (f" (age {age})" if age is not None else "")
