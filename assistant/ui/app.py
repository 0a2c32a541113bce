"""The joint-session app: ``make_app(...)`` is shared by the CLI, the tests and the benchmark."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerCancelled

from assistant.content_pack.choice import (
    ENV_CONTENT_PACK,
    SET_IN_SETTINGS,
    PackChoice,
    choose_pack,
    pack_problem,
)
from assistant.private_dirs import make_private_dirs
from assistant.records import (
    CaseStore,
    PassphraseRequired,
    RecordsError,
    WrongPassphrase,
    is_encrypted_folder,
)
from assistant.records.crypto import unlock
from assistant.records.errors import describe_os_error
from assistant.records.paths import (
    ENV_DATA_DIR,
    ENV_PASSPHRASE,
    cannot_write,
    data_dir_set_by,
    resolve_data_dir,
)
from assistant.records.rescue import (
    default_folder,
    put_back_for,
    put_back_rescued,
    waiting_notice,
    write_rescue,
)
from assistant.settings import (
    FolderProblem,
    UserSettings,
    file_stamp,
    load_settings,
    save_settings,
)
from assistant.ui.clicks import ClickGuard
from assistant.ui.key_order import KeyRouter
from assistant.ui.screens.home import HomeScreen
from assistant.ui.screens.passphrase import WRONG_GIVEN_PASSPHRASE, PassphraseScreen
from assistant.ui.screens.privacy import PrivacyScreen
from assistant.ui.screens.problem import ProblemScreen
from assistant.ui.textual_internals import (
    COLLECTOR,
    guard_terminal_output,
    remember_parameter_counts,
    set_first_theme,
)
from assistant.ui.themes import DEFAULT_THEME, THEMES, theme_name
from assistant.ui.widgets.confirm import Confirm

#: Signals that end the app without asking: the terminal closed, or a terminate.
CLOSING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name)
)

#: Opening a meeting that takes longer than this shows a loading sign on Home.
OPENING_NOTICE_S = 0.2

if TYPE_CHECKING:
    from assistant.flows.loader import Content as TopicContent
    from assistant.flows.problems import ContentError
    from assistant.records import Case, RecoveryNotice
    from assistant.training.session import TrainingLaunch
    from assistant.ui.screens.reflection import ReflectionScreen
    from assistant.ui.screens.session import SessionScreen


class CpiApp(App[None]):
    """Connecting People Assistant."""

    CSS_PATH = "app.tcss"
    TITLE = "Connecting People Assistant"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f9,ctrl+b", "privacy", "Hide", key_display="F9", priority=True),
        Binding("f1", "help", "Help", key_display="F1", priority=True),
        Binding("question_mark", "help", "Help", show=False),
    ]

    def __init__(
        self,
        *,
        data_dir: Path,
        data_dir_set_by: str | None = None,
        settings: UserSettings | None = None,
        settings_path: Path | None = None,
        settings_problem: str | None = None,
        content_root: Path | None = None,
        content: TopicContent | None = None,
        content_pack: Path | None = None,
        content_pack_set_by: str | None = None,
        content_pack_problem: str | None = None,
        theme: str | None = None,
        passphrase: str | None = None,
        on_ready: Callable[[CpiApp], None] | None = None,
        training: TrainingLaunch | None = None,
        clock: Callable[[], datetime] | None = None,
        rescue_dir: Path | None = None,
    ) -> None:
        """Every value comes resolved (by :func:`make_app`): building the app reads no file."""
        super().__init__()
        COLLECTOR.app_starting()
        # No text people typed reaches the terminal as a control sequence (issue 13).
        guard_terminal_output()
        # Textual counts each callback's parameters afresh when it comes wrapped anew (issue 18).
        remember_parameter_counts()
        #: The time shown beside "Saved" (tests fix it so screenshots do not change).
        self.clock = clock or datetime.now
        #: Open the practice flow instead of Home (``cpi-assistant train``).
        self.training = training
        #: This user's settings, and where they are saved (None: not saved, as in most tests).
        self.settings = settings if settings is not None else UserSettings()
        self.settings_path = settings_path
        #: Why the settings file could not be used at start, shown once Home is up.
        self.settings_problem = settings_problem
        # A folder switch saves from a worker thread while a theme change saves from the app's:
        # one save at a time, each writing every change made before it.
        self._settings_lock = threading.Lock()
        # The remembered pack as the file last had it (read or written here), and the one
        # the content in use follows: `cpi-assistant pack use` changes the file while the app
        # runs, and neither a save here nor the next meeting may miss it.
        self._pack_on_disk = self.settings.content_pack
        self._pack_followed = self.settings.content_pack
        # The settings file as follow_pack_choice last read it (time, size, inode): Home
        # shown again reads it only once it changed, not at every return to Home.
        self._settings_seen: tuple[int, int, int] | bool | None = False  # False: not yet
        self.data_dir = data_dir
        #: ``--data-dir`` or ``CPI_DATA_DIR`` when one of them chose the folder for this run.
        self.data_dir_set_by = data_dir_set_by
        self.content_root = content_root
        #: The agency's content pack laid over the content (None: the content alone), what
        #: chose it (``CPI_CONTENT_PACK`` or ``Settings``), and its name once loaded.
        self.content_pack = content_pack
        self.content_pack_set_by = content_pack_set_by
        self.content_pack_name: str | None = None
        #: Why the chosen pack is not used this run (told once Home is up).
        self.content_pack_problem = content_pack_problem
        self.topic_content: TopicContent | None = content
        self.content_problem: str | None = None
        # The community directory's problems, found when the content is loaded (its files
        # and lines: without this, a broken entry only hid the directory).
        self.directory_problem: str | None = None
        #: Topics of the pack's own left out of meetings (their files have mistakes), in
        #: Home's words, once the content has loaded.
        self.topics_left_out: str | None = None
        #: Home's notice about the agency details (the made-up example is in use), once the
        #: content has loaded.
        self.agency_notice: str | None = None
        self.store: CaseStore | None = None
        self.store_problem: str | None = None
        self._passphrase = passphrase
        self._on_ready = on_ready
        #: Where answers that could not be saved when the app was closed by a signal are kept
        #: (records/rescue.py): the user's state folder, as the crash log (the records
        #: folder is the one that could not be written).
        self.rescue_dir = rescue_dir or default_folder()
        #: What became of rescue copies found at start (put back, or kept and why): on Home.
        self.rescue_notices: list[str] = []
        self._recovery_shown: set[str] = set()
        self._unlocking = False
        # Themes are set before the first screen, so the styles are worked out only once.
        for ours in THEMES:
            self.register_theme(ours)
        wanted = theme_name(theme)
        set_first_theme(self, wanted if wanted in self.available_themes else DEFAULT_THEME)
        #: Milliseconds from an answer being given to the next prompt on screen (save included),
        #: and to the screen having settled (panels updated, focus styles drawn).
        self.step_times: list[float] = []
        self.settle_times: list[float] = []
        #: Milliseconds from opening a meeting on Home to its first question on screen.
        self.open_times: list[float] = []
        #: Milliseconds from a key changing Home's search to the list's frame drawn.
        self.search_times: list[float] = []
        self.open_started: float | None = None
        self._opening_hold = False
        self._opening = False  # a meeting is being opened (the slow-opening sign may show)
        self._keys = KeyRouter(self)  # every key in order, across screens (ui/key_order.py)
        self._signals: list[int] = []  # the closing signals this app handles while it runs
        #: A click acts once, on what was on screen when the button went down (ui/clicks.py).
        self.clicks = ClickGuard(self)

    # -- settings -----------------------------------------------------------------------

    def save_settings(self) -> None:
        """Save ``self.settings`` (after a change). Safe in a thread.

        Settings are a convenience: failing to save them stops nothing. The worker is told
        that the choice lasts only until the app closes.
        """
        if self.settings_path is None:
            return
        try:
            with self._settings_lock:
                on_disk = load_settings(self.settings_path)
                if (
                    on_disk.problem is None
                    and on_disk.settings.content_pack != self._pack_on_disk
                    and self.settings.content_pack == self._pack_on_disk
                ):
                    # Chosen with `cpi-assistant pack use` since: kept, not written over
                    # (follow_pack_choice takes it up).
                    self.settings.content_pack = on_disk.settings.content_pack
                save_settings(self.settings_path, self.settings)
                self._pack_on_disk = self.settings.content_pack
        except OSError as exc:
            self.log.warning(f"settings not saved: {exc}")
            self.notify(
                f"Your settings could not be saved ({exc.strerror or exc}). This choice lasts "
                "until the app closes.",
                markup=False,
                severity="warning",
                timeout=20,
            )

    # -- start --------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        """Home straight away (no empty screen underneath), or the passphrase first."""
        passphrase = self._passphrase
        try:
            encrypted = is_encrypted_folder(self.data_dir)
        except OSError:
            encrypted = False
        if encrypted and not passphrase:
            self._unlocking = True
            return PassphraseScreen()
        problem = self.open_store(passphrase)
        if problem and encrypted:
            # A wrong CPI_PASSPHRASE: ask for the right one here, never an empty Home that
            # reads as if the records had gone.
            self._unlocking = True
            return PassphraseScreen(WRONG_GIVEN_PASSPHRASE)
        if problem:
            self.store_problem = problem
        if self.training is not None:
            from assistant.ui.screens.training import first_screen

            return first_screen(self.training)
        return HomeScreen()

    async def on_event(self, event: events.Event) -> None:
        # Keys are taken one at a time, each completely, and keys typed after one that opens a
        # dialog or screen wait for it: a burst of fast typing is handled exactly as if it had
        # been typed slowly (see ui/key_order.py). A paste is cleaned there, for the box it
        # reaches (key_order.typed_for): control characters never get in (issue 13).
        if isinstance(event, (events.Key, events.Paste)) and await self._keys.route(event):
            return
        if isinstance(event, (events.MouseDown, events.MouseUp)) and not event.is_forwarded:
            # Before Textual makes a click of it: the second click of a double click, or a
            # press made before the question on screen was drawn, clicks nothing.
            self.clicks.look(event)
        await super().on_event(event)

    def on_mount(self) -> None:
        # Ctrl+q and Escape ask before closing with answers not saved; a closed terminal
        # (SIGHUP) or a terminate (SIGTERM) cannot ask, and by default ended the app at once.
        loop = asyncio.get_running_loop()
        for signum in CLOSING_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.closed_by_signal, signum)
                self._signals.append(signum)

    def on_unmount(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for signum in self._signals:
                loop.remove_signal_handler(signum)
        self._signals.clear()

    def closed_by_signal(self, signum: int) -> None:
        """The terminal was closed or the app was told to end: what is waiting is saved, or
        kept in a rescue copy, and then the app ends."""
        try:
            self.save_before_closing()
        finally:
            # Whatever went wrong there, the app ends: the terminal may be gone already.
            self.exit(return_code=128 + signum)

    def save_before_closing(self) -> list[Path]:
        """One last try to save each open record; a record that still cannot be saved has
        what it holds (waiting answers included) written to a rescue copy, put back at the
        next start. Returns the rescue copies written."""
        rescued = []
        for screen in list(self.screen_stack):
            case = getattr(getattr(screen, "meeting", None), "case", None)
            if case is None:
                continue
            keep_typed = getattr(screen, "keep_typed_words", None)
            if keep_typed is not None:
                with contextlib.suppress(Exception):  # never in the way of saving the rest
                    keep_typed()  # words typed and not given, with the meeting
            try:
                case.close()  # writes anything waiting, then frees the record
            except RecordsError:
                try:
                    rescued.append(write_rescue(case, self.rescue_dir, self.data_dir))
                except OSError as exc:
                    self.log.error(f"rescue copy not written: {exc.strerror}")
                else:
                    case.give_up()  # kept in the copy; the next start puts it back
        return rescued

    def on_ready(self) -> None:
        COLLECTOR.app_ready()
        if self.settings_problem:
            self.notify(self.settings_problem, markup=False, severity="warning", timeout=20)
        # The topics load after the first screen is up (they take a while and Home does not
        # need them); opening a meeting waits for them if it has to. Given content is only
        # looked at there, for Home's notice about the agency details.
        self._load_content()
        if self._on_ready is not None:
            self._on_ready(self)

    def open_store(self, passphrase: str | None) -> str | None:
        """Open the records folder; returns a problem to show, or None. Safe in a thread."""
        try:
            self.store = CaseStore(self.data_dir, passphrase)
        except (WrongPassphrase, PassphraseRequired) as exc:
            return str(exc)
        except RecordsError as exc:
            self.store = None
            self.store_problem = str(exc)
            return None
        self._passphrase = passphrase
        self.store_problem = None
        # Answers kept when the app was last closed while saving failed go back now.
        with contextlib.suppress(RecordsError, OSError):
            self.rescue_notices = put_back_rescued(self.store, self.rescue_dir)
        return None

    def use_data_dir(
        self, folder: str, passphrase: str | None = None, *, create: bool = False
    ) -> FolderProblem | None:
        """Switch to another records folder (remembered in the settings); returns the problem
        to show, or None. Nothing changes unless the new folder opens. A folder that is not
        there yet is made (owner-only) only with ``create``. Safe in a thread."""
        text = folder.strip()
        if not text:
            return FolderProblem("Type the folder where the records are kept (or should be kept).")
        path = Path(text).expanduser()
        if not path.is_absolute():
            return FolderProblem(
                "Please give the whole path of the folder, starting from / (or ~)."
            )
        try:
            if path.exists() and not path.is_dir():
                return FolderProblem(f"{path} is a file, not a folder. Choose a folder.")
            if not path.exists():
                if not create:
                    # Folders above it missing too: a drive not connected, most often, and
                    # making them would hide the drive's own folder when it connects.
                    top = path.parent  # the highest folder above it that is missing
                    while not top.parent.exists() and top.parent != top.parent.parent:
                        top = top.parent
                    also = (
                        f" {top} is not there either, so it would be made too."
                        if not path.parent.exists()
                        else ""
                    )
                    return FolderProblem(
                        f"There is no folder {path}. Check it is typed right (a shared drive "
                        f"may not be connected).{also} To start a new, empty records folder "
                        "there, press Use this folder again.",
                        new_folder=True,
                    )
                make_private_dirs(path)
            refused = cannot_write(path)
            if refused is not None:
                # Opened as it is, the list would show and only the first save would fail:
                # every answer is written here as it is given.
                return FolderProblem(
                    f"Nothing can be saved in {path} ({describe_os_error(refused)}). The app "
                    "writes every answer there as it is given, so it needs a folder it can "
                    "write to. Choose another folder."
                )
            store = CaseStore(path, passphrase or None)
        except PassphraseRequired:
            return FolderProblem(
                "The records in that folder are encrypted: type its passphrase.",
                needs_passphrase=True,
            )
        except RecordsError as exc:  # a wrong passphrase among them
            return FolderProblem(str(exc))
        except OSError as exc:
            return FolderProblem(f"That folder cannot be used: {exc.strerror or exc}.")
        self.store, self.data_dir = store, path
        # Chosen here now, not by --data-dir (Settings' note says so). CPI_DATA_DIR stays
        # named: it still chooses the folder at the next start.
        if self.data_dir_set_by != ENV_DATA_DIR:
            self.data_dir_set_by = None
        self._passphrase = passphrase or None
        self.store_problem = None
        self._recovery_shown.clear()
        self.settings.data_dir = path
        self.save_settings()
        return None

    def show_home(self) -> None:
        """After the passphrase: Home goes on top (the passphrase screen, emptied, is the
        bottom of the stack and Home never leaves, so it is never seen again). For
        ``train``, the practice chooser takes the passphrase screen's place, as it is the
        first screen without one (on top, as Home would be; closing it ends the app): Home would
        show the real people's names to a class."""
        self._unlocking = False
        if self.training is not None:
            from assistant.ui.screens.training import first_screen

            self.push_screen(first_screen(self.training))
            return
        self.push_screen(HomeScreen())

    def take_recovery_notices(self) -> list[RecoveryNotice]:
        """Repairs the records layer made that have not been shown yet."""
        if self.store is None:
            return []
        fresh = [n for n in self.store.recovered if n.message not in self._recovery_shown]
        self._recovery_shown.update(n.message for n in fresh)
        return fresh

    @work(thread=True, exclusive=True, group="content", exit_on_error=False)
    def _load_content(self) -> None:
        # Off the first screen: loading and checking the topics takes a while.
        from assistant.agency import EXAMPLE_NOTICE
        from assistant.authoring.content import left_out_words, load_content_for_meetings
        from assistant.content_pack.manifest import PACK_FILE, read_manifest
        from assistant.directory.functions import directory_trouble
        from assistant.flows.problems import ContentError

        pack = self.content_pack
        root = self.content_root
        # `--content DIR` naming a pack (it holds pack.yaml) lays it over the content, as
        # load_content does: Home names it as it names a pack chosen in Settings.
        named = pack
        if named is None and root is not None and (root / PACK_FILE).is_file():
            named = root
        if named is not None:
            manifest = read_manifest(named)
            name = manifest.pack.name if manifest.pack is not None else None
            self.content_pack_name = name or named.name
        if self.topic_content is None:
            loaded, problem, left_out = None, None, None
            try:
                # A broken topic of the pack's own that nothing needs is left out, and said.
                loaded, topics = load_content_for_meetings(self.content_root, pack=pack)
                left_out = left_out_words(topics)
            except ContentError as exc:
                problem = self._content_problem_text(exc, named)
            except OSError as exc:
                problem = f"The topic files could not be read: {exc}."
            # Checked and taken on the app's thread: a pack chosen meanwhile (Settings, or
            # `pack use` followed) clears the content there, so it cannot land in between.
            if not self.call_from_thread(self._take_content, pack, loaded, problem, left_out):
                return
        agency = getattr(self.topic_content, "agency", None)
        self.agency_notice = EXAMPLE_NOTICE if agency is not None and agency.example else None
        self.directory_problem = directory_trouble(self.topic_content)
        # Home was drawn before the content was ready: its notices are brought up to date.
        self.call_from_thread(self._show_content_notices)

    def _take_content(
        self,
        pack: Path | None,
        loaded: TopicContent | None,
        problem: str | None,
        left_out: str | None,
    ) -> bool:
        """Keep what a load of ``pack`` found, unless another pack was chosen meanwhile (its
        own load stands). On the app's thread, as every pack change is."""
        if self.topic_content is not None or self.content_pack != pack:
            return False
        self.topic_content, self.content_problem = loaded, problem
        self.topics_left_out = left_out
        return True

    def _show_content_notices(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.topics_loaded()

    def use_content_pack(
        self,
        pack: Path | None,
        content: TopicContent,
        name: str | None = None,
        agency_notice: str | None = None,
    ) -> None:
        """Lay another agency content ``pack`` over the content (None: none), already loaded
        and checked into ``content`` with the pack's ``name`` and Home's ``agency_notice``
        (the Settings screen's worker works them out), and remember it. The next meeting
        opened uses it. Safe in a thread."""
        self.topic_content, self.content_pack = content, pack
        self.content_pack_name = (name or pack.name) if pack is not None else None
        self.content_pack_set_by = SET_IN_SETTINGS if pack is not None else None
        self.content_pack_problem = self.content_problem = self.directory_problem = None
        self.topics_left_out = None
        self.agency_notice = agency_notice
        self.settings.content_pack = self._pack_followed = pack
        self.save_settings()

    def follow_pack_choice(self) -> bool:
        """Take up a pack chosen or forgotten outside the app since it read its settings
        (`cpi-assistant pack use DIR` or `pack forget` while it runs): the new choice is
        checked as at start and its content loaded behind the screen. Called when Home is
        shown and before a meeting opens, never while one is open (a meeting keeps the
        content it opened with). Returns True when the choice changed."""
        if self.settings_path is None or self.content_pack_set_by == ENV_CONTENT_PACK:
            return False  # nothing remembered to follow, or the variable beats it
        if self.content_pack_set_by is None and self.content_pack is not None:
            return False  # named for this run (--content, a harness): not the remembered one
        if any(getattr(s, "meeting", None) is not None for s in self.screen_stack):
            return False
        stamp = file_stamp(self.settings_path)  # before reading: a change meanwhile shows
        if stamp == self._settings_seen:
            return False  # as it was last read here: nothing chosen since
        loaded = load_settings(self.settings_path)
        self._settings_seen = stamp
        chosen = loaded.settings.content_pack
        if loaded.problem or chosen == self._pack_followed:
            return False
        with self._settings_lock:
            if self.settings.content_pack == self._pack_on_disk:
                self.settings.content_pack = self._pack_on_disk = chosen
        self._pack_followed = chosen
        choice = choose_pack(chosen)
        self.content_pack, self.content_pack_set_by = choice.path, choice.set_by
        self.content_pack_problem = choice.problem
        self.content_pack_name = None
        self.topic_content = self.content_problem = self.topics_left_out = None
        self.directory_problem = self.agency_notice = None
        self._load_content()
        return True

    def _content_problem_text(self, exc: ContentError, pack: Path | None = None) -> str:
        problems = exc.problems
        listed = "\n".join(f"  {p}" for p in problems[:12])
        more = f"\n  …and {len(problems) - 12} more" if len(problems) > 12 else ""
        return (
            "The topic or agency files have problems, so meetings cannot start. No records were "
            "touched. Ask whoever looks after the content to run `cpi-assistant validate`."
            + self._without_the_pack(pack)
            + (f"\n{listed}{more}" if listed else "")
        )

    def _without_the_pack(self, pack: Path | None) -> str:
        """How to hold meetings today on the content the app came with, when a pack is in
        use ('' without one): the pack stays as it is, to be chosen again once fixed."""
        if pack is None:
            return ""
        if self.content_pack_set_by == SET_IN_SETTINGS:
            how = (
                "press s for Settings, then Clear under Agency content pack (or run "
                "`cpi-assistant pack forget`)"
            )
        elif self.content_pack_set_by == ENV_CONTENT_PACK:
            how = f"close the app and start it again without {ENV_CONTENT_PACK} set"
        else:
            how = "close the app and start it again without naming the pack"
        return (
            f" To hold meetings today with the content the app came with, {how}; the pack's "
            "folder is not changed, and can be chosen again once it is fixed."
        )

    async def wait_for_content(self) -> TopicContent | None:
        # Until no load is running: one started while waiting (a pack chosen with
        # `cpi-assistant pack use`, follow_pack_choice) replaces, and cancels, the one before.
        while running := [w for w in self.workers if w.group == "content" and not w.is_finished]:
            # Shielded: Worker.wait awaits the load's own task, so a waiter that is cancelled
            # (a practice opened again while waiting: its worker is exclusive) cancelled the
            # load with it, and the next waiter found no topics ("No topics.").
            waiting = asyncio.ensure_future(running[0].wait())
            waiting.add_done_callback(_retrieved)
            with contextlib.suppress(WorkerCancelled):
                await asyncio.shield(waiting)
        return self.topic_content

    # -- meetings -----------------------------------------------------------------------

    def start_meeting(self, person_id: str, *, resume: bool) -> None:
        """Open a person's record and start (or resume) a meeting on the session screen.

        One at a time: while a meeting is opening, or one is open, another call does nothing.
        (A double click on Start, or a click then Enter, opened the record a second time: it
        was refused as "open in another window", and said so over the meeting that opened.)
        """
        if self._opening or any(getattr(s, "meeting", None) is not None for s in self.screen_stack):
            return
        self._opening = True  # before the worker starts: a second call now is refused
        self._open_meeting(person_id, resume=resume)

    @work(exclusive=True, group="open-meeting")
    async def _open_meeting(self, person_id: str, *, resume: bool) -> None:
        self.open_started = time.perf_counter()  # the session screen notes when it is drawn
        # A visible sign if opening takes a while (a big record, topics still loading).
        slow = self.set_timer(OPENING_NOTICE_S, self._opening_notice)
        # No automatic full collection while the meeting opens: with a big heap it takes
        # 100-200 ms, and the meeting screen collects as soon as its first frame is drawn.
        if not self._opening_hold:
            self._opening_hold = True
            COLLECTOR.hold()
        try:
            await self._start_meeting(person_id, resume=resume)
        finally:
            self._opening = False
            slow.stop()
            self._show_opening(False)
            self.call_after_refresh(self.opening_done)

    def opening_done(self) -> None:
        """The meeting's first frame is drawn (or opening failed): collection as before."""
        if self._opening_hold:
            self._opening_hold = False
            COLLECTOR.release()

    def _opening_notice(self) -> None:
        # On a busy machine the timer can fire after the meeting has opened (its callback
        # already queued when the timer was stopped): the sign would then stay on Home for
        # good, over the person's details.
        if self._opening:
            self._show_opening(True)

    def _show_opening(self, on: bool) -> None:
        """Home says whose record is opening, with a loading sign, while a slow meeting opens
        (not a notification: it would stay over the meeting once it is open)."""
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.is_mounted:
                screen.show_opening(on)

    async def _start_meeting(self, person_id: str, *, resume: bool) -> None:
        self.follow_pack_choice()  # `cpi-assistant pack use` since: this meeting uses it
        content = await self.wait_for_content()
        if content is None:
            await self.push_screen(
                ProblemScreen("Meetings cannot start", self.content_problem or "No topics.")
            )
            return
        if self.store is None:
            await self.push_screen(
                ProblemScreen("The records folder cannot be used", self.store_problem or "")
            )
            return
        # A rescue copy that could not go back at start (the drive not back yet, the record
        # open in another window) is tried again, before the record is opened.
        back: list[str] = []
        with contextlib.suppress(RecordsError, OSError):
            back = put_back_for(self.store, self.rescue_dir, person_id)
        try:
            case = self.store.open(person_id)
        except RecordsError as exc:
            await self.push_screen(ProblemScreen("This record cannot be opened now", str(exc)))
            return
        # A rescue copy of this record still waiting: said every time the record is opened,
        # not only once on Home at start-up. Looked at before the meeting opens (opening a
        # meeting can save, and a copy goes back only over the file it was made from).
        rescued = None
        with contextlib.suppress(RecordsError, OSError):
            rescued = waiting_notice(self.store, self.rescue_dir, person_id)
        try:
            screen, warnings = self._session_for(case, content, resume=resume)
        except Exception as exc:
            case.close()
            from assistant.engine.conversation import FlowError, StateError
            from assistant.meetings.opening import NothingToResume

            if isinstance(exc, NothingToResume):
                self._offer_new_meeting(person_id)
                return
            if isinstance(exc, (StateError, FlowError, RecordsError)):
                await self.push_screen(ProblemScreen("This meeting cannot be opened", str(exc)))
                return
            raise
        notices = self.take_recovery_notices()
        if not notices and not rescued and not back and not warnings:
            await self.push_screen(screen)
            return
        # A dialog, not a toast: the whole message (restored from when, where the damaged file
        # went, what to check with the person; a topic that starts again since the topics
        # changed) is read, and stays until closed; then the meeting opens (before it, so no
        # dialog the meeting offers, such as Finish, hides it). A toast could time out unseen
        # behind this dialog, or before the pair looked.
        if not notices and not rescued and not back:
            title = "The topics have changed since this meeting was saved"
        elif not notices and not rescued:
            title = "Answers kept aside are back in the record"
        elif not notices:
            title = "Answers from an earlier meeting are kept aside"
        elif all(notice.person_id == person_id for notice in notices):
            title = "The record was damaged"
        else:
            title = "A records file was damaged"
        words = "\n\n".join(
            [
                *(notice.message for notice in notices),
                *back,
                *([rescued] if rescued else []),
                *warnings,
            ]
        )

        def then(_: None) -> None:
            self.push_screen(screen)

        await self.push_screen(ProblemScreen(title, words), then)

    def _offer_new_meeting(self, person_id: str) -> None:
        """Resume was asked for a meeting finished since Home listed it (in another window):
        said, with a new meeting offered, and Home's list brought up to date."""
        for home in self.screen_stack:
            if isinstance(home, HomeScreen):
                home.reload(keep=person_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.start_meeting(person_id, resume=False)

        self.push_screen(
            Confirm(
                Content(
                    "That meeting was finished in another window, so there is nothing to "
                    "resume: what was said in it is saved. Start a new meeting now?"
                ),
                yes="Start a new meeting",
                no="Not now",
            ),
            answered,
        )

    def _session_for(
        self, case: Case, content: TopicContent, *, resume: bool
    ) -> tuple[SessionScreen, tuple[str, ...]]:
        """The meeting's screen, and what the people are to be told before it opens (a topic
        that starts again because the topics changed since it was saved)."""
        from assistant.meetings.opening import open_meeting
        from assistant.ui.screens.session import SessionScreen

        opened = open_meeting(case, content, resume=resume, clock=self._time_words)
        return SessionScreen(opened.meeting, case.person, opened.history), opened.warnings

    def _time_words(self) -> str:
        return self.clock().strftime("%H:%M")

    def close_meeting(self, screen: SessionScreen, *, agreed: bool) -> None:
        """Finish: save the plan version, release the record, back to Home."""
        _version, message = screen.meeting.finish(agreed=agreed)
        if not screen.meeting.closed:
            screen.show_save()
            self.push_screen(ProblemScreen("The meeting is not finished yet", message))
            return
        self._release(screen)
        self.pop_screen()
        topics = screen.meeting.conv.content.topics.values()
        if _version is not None and any(index.topic.worker_only for index in topics):
            # Offered, never forced: the person is still at the screen (W2, issue 16).
            message += " Later, when you are on your own: reflect on this meeting, from Home."
        self.notify(message, markup=False, timeout=8)

    def leave_meeting(self, screen: SessionScreen) -> None:
        """Leave without finishing (everything answered is saved; resume it from Home)."""
        text = screen.leave_words()

        def answered(yes: bool | None) -> None:
            if yes and self._release(screen):
                self.pop_screen()

        self.push_screen(Confirm(Content(text), yes="Leave", no="Stay"), answered)

    def _release(self, screen: SessionScreen | ReflectionScreen) -> bool:
        """Close the case record (writes anything pending, frees the lock). A normal close,
        asked first: words kept by an earlier closed window are let go with it, as the
        warning on leaving says (only save_before_closing keeps them)."""
        case = screen.meeting.case
        if case is None:
            return True
        screen.meeting.let_typed_go()
        try:
            case.close()
        except RecordsError as exc:
            self.notify(str(exc), markup=False, severity="error", timeout=20)
            return False
        return True

    # -- global actions -----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While the screen is hidden, only the key that brings it back (and quit) works.
        return not (isinstance(self.screen, PrivacyScreen) and action not in ("privacy", "quit"))

    def action_privacy(self) -> None:
        if isinstance(self.screen, PrivacyScreen):
            if not self.screen.needs_passphrase:
                self.pop_screen()
            return
        encrypted = self.store is not None and self.store.encrypted
        self.push_screen(PrivacyScreen(needs_passphrase=encrypted))

    def check_passphrase(self, passphrase: str) -> bool:
        try:
            unlock(self.data_dir, passphrase)
        except (RecordsError, ValueError, OSError):
            return False
        return True

    def action_help(self) -> None:
        from assistant.ui.screens.help import HelpScreen, dialog_keys

        screen = self.screen
        if isinstance(screen, HelpScreen):
            # F1 again closes it, as its last line says (this key, app-wide and first, was
            # never handed on to the help's own F1).
            screen.dismiss(None)
            return
        if isinstance(screen, ModalScreen):
            # Over a dialog: its keys (the keys of the screen below do nothing meanwhile).
            self.push_screen(HelpScreen(dialog=dialog_keys(screen)))
            return
        # A screen may name the part of help for its own keys (practice: its keys).
        self.push_screen(HelpScreen(start_at=getattr(screen, "HELP_SECTION", None)))

    def action_practice(self) -> None:
        """Practice with a fictional persona (training): the chooser."""
        from assistant.ui.screens.training import PersonaChooser

        self.push_screen(PersonaChooser())

    def action_settings(self) -> None:
        from assistant.ui.screens.settings import SettingsScreen

        self.push_screen(SettingsScreen())

    def action_export(self, person_id: str | None = None) -> None:
        from assistant.ui.screens.export import ExportScreen

        if person_id is None:
            self.notify("Choose a person first.", markup=False)
            return
        self.push_screen(ExportScreen(person_id))

    async def action_quit(self) -> None:
        from assistant.ui.screens.reflection import ReflectionScreen
        from assistant.ui.screens.session import SessionScreen

        sessions = [s for s in self.screen_stack if isinstance(s, SessionScreen)]
        warning = sessions[-1].unsaved_warning() if sessions else None
        # The worker's reflection: words typed in its box but not given yet.
        reflections = [s for s in self.screen_stack if isinstance(s, ReflectionScreen)]
        if any(s.pending() for s in reflections):
            warning = (
                "Your reflection has words in the box that are not saved yet. To keep them, "
                "press Stay, then Done (ctrl+s)."
            )

        def leave(yes: bool | None = True) -> None:
            if not yes:
                return
            for screen in sessions:
                self._release(screen)
            for reflection in reflections:
                self._release(reflection)
            self.exit()

        if warning:
            self.push_screen(
                Confirm(Content(warning + " Quit anyway?"), yes="Quit", no="Stay"), leave
            )
            return
        leave()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from assistant.meetings.meeting import HELD, NOTHING_YET
        from assistant.ui.screens.reflection import ReflectionScreen
        from assistant.ui.screens.session import SessionScreen

        yield SystemCommand("Help: keys", "Show every key", self.action_help)
        yield SystemCommand("Hide the screen", "Blank the screen at once", self.action_privacy)
        yield SystemCommand("Settings", "Theme, records folder, encryption", self.action_settings)
        if isinstance(screen, HomeScreen):
            yield SystemCommand("New person", "Add someone to meet", screen.action_new_person)
            yield SystemCommand("Export the plan", "Save the plan as a file", screen.action_export)
            yield SystemCommand(
                "How things have changed",
                "Well-being, goals and connections across meetings",
                screen.action_changes,
            )
            if screen.can_reflect:
                yield SystemCommand(
                    "Reflect on this meeting (worker only)",
                    "Your own notes on their latest meeting, for supervision",
                    screen.action_reflect,
                )
            yield SystemCommand(
                "Practice (training)", "A fictional person, solo or paired", self.action_practice
            )
            yield SystemCommand(
                "Community directory",
                "Browse local groups and activities",
                screen.action_directory,
            )
        if isinstance(screen, SessionScreen):
            yield SystemCommand(
                "Who is answering", "Person, worker or together", screen.action_cycle_speaker
            )
            yield SystemCommand(
                "Show or hide guidance", "The worker's notes", screen.action_toggle_guidance
            )
            yield SystemCommand("Topics", "See all topics and jump to one", screen.action_topics)
            yield SystemCommand(
                "Community directory",
                "Groups that fit what they said; add to things to try",
                screen.action_directory,
            )
            yield SystemCommand(
                "Plan or network map", "Switch the side panel", screen.action_panels
            )
            yield SystemCommand(
                "How things have changed",
                "Well-being, goals and connections across meetings (ctrl+l)",
                screen.action_changes,
            )
            yield SystemCommand("Park this topic", "Come back to it later", screen.action_park)
            yield SystemCommand(
                "Not today", "Leave this question for another time", screen.action_skip
            )
            yield SystemCommand("Back", "Undo the last step", screen.action_back)
            yield SystemCommand(
                "Finish the meeting", "Agree and save the plan", screen.action_finish
            )
            yield SystemCommand("Export the plan", "Save the plan as a file", screen.action_export)
            # Asked at once: Escape's action first goes back to the question from the
            # topics or the conversation, so chosen there it only moved the focus.
            leave = partial(self.leave_meeting, screen)
            yield SystemCommand("Leave the meeting", "Back to the list of people", leave)
        yield SystemCommand(
            "Change theme", "Calm, daylight or high contrast", self.action_change_theme
        )
        # The words true now: the check Quit itself makes (a meeting not recorded, words
        # typed, a reflection not given) decides them, as the header says.
        sessions = [s for s in self.screen_stack if isinstance(s, SessionScreen)]
        reflections = [s for s in self.screen_stack if isinstance(s, ReflectionScreen)]
        quit_words = "Close the app (answers are already saved)"
        if any(s.unsaved_warning() for s in sessions) or any(s.pending() for s in reflections):
            quit_words = "Close the app (it asks first: some of this is not saved)"
        elif any(
            s.meeting.status.state in (NOTHING_YET, HELD) and not s.meeting.conv.log
            for s in sessions
        ):
            quit_words = "Close the app (nothing has been answered yet)"
        yield SystemCommand("Quit", quit_words, self.action_quit)


def _retrieved(task: asyncio.Future[Any]) -> None:
    """Take a shielded wait's outcome, so one nobody awaits any more is not reported as an
    exception never retrieved (the waiter that awaits it again sees it)."""
    if not task.cancelled():
        task.exception()


def make_app(
    *,
    data_dir: Path | str | None = None,
    content_root: Path | str | None = None,
    content: TopicContent | None = None,
    content_pack: Path | str | None = None,
    theme: str | None = None,
    passphrase: str | None = None,
    settings_path: Path | str | None = None,
    on_ready: Callable[[CpiApp], None] | None = None,
    training: TrainingLaunch | None = None,
    clock: Callable[[], datetime] | None = None,
) -> CpiApp:
    """The app, configured; the CLI passes its options, tests a temp folder and content.

    Everything the app starts from is worked out here, before it is built: the user's
    settings (read from ``settings_path``; without one nothing is read or saved), the records
    folder (``data_dir`` > ``CPI_DATA_DIR`` > the folder chosen in Settings > the platform's
    data folder), the theme (``theme`` > the one chosen in Settings), the passphrase
    (``passphrase`` > ``CPI_PASSPHRASE``) and the agency's content pack (``content_pack`` >
    ``CPI_CONTENT_PACK`` > the one chosen in Settings; one that cannot be used is told and
    left out).
    """
    path = Path(settings_path) if settings_path else None
    loaded = load_settings(path) if path is not None else None
    settings = loaded.settings if loaded is not None else UserSettings()
    if content_pack:  # given by the caller (a test, a harness): used as it is, not remembered
        given = Path(content_pack)
        pack = PackChoice(None, None, pack_problem(given), given)
        pack = pack if pack.problem else pack._replace(path=given)
    else:
        pack = choose_pack(settings.content_pack)
    return CpiApp(
        data_dir=resolve_data_dir(data_dir, settings.data_dir),
        data_dir_set_by=data_dir_set_by(data_dir),
        settings=settings,
        settings_path=path,
        settings_problem=loaded.problem if loaded is not None else None,
        content_root=Path(content_root) if content_root else None,
        content=content,
        content_pack=pack.path,
        content_pack_set_by=pack.set_by,
        content_pack_problem=pack.problem,
        theme=theme or settings.theme,
        passphrase=passphrase or os.environ.get(ENV_PASSPHRASE) or None,
        on_ready=on_ready,
        training=training,
        clock=clock,
    )
