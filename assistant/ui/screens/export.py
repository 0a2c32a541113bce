"""Export the plan: pick a version, whom the copy is for, the formats and a folder. The copy
comes from ``assistant.plans.sharing`` and the files from ``assistant.export`` - the same
code as ``cpi-assistant export --for``."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Input, Select, SelectionList, Static

from assistant.agency import load_agency
from assistant.content_pack.layers import ContentLayers
from assistant.content_pack.manifest import PACK_FILE
from assistant.export.render import (
    FORMATS,
    ExportError,
    audit_export,
    free_path,
    person_name,
    render,
    suggested_name,
    write_export,
)
from assistant.export.supervision import (
    SUPERVISION,
    SUPERVISION_FORMATS,
    SupervisionError,
    audit_supervision,
    render_supervision,
    supervision_file_name,
)
from assistant.export.views import TODAYS_NUMBERS_NOTE, agency_changed, broken_agency_words
from assistant.meetings.paths import CLOSING_TOPIC
from assistant.meetings.supervision import supervision_context
from assistant.plans.private_names import private_names_found, warning_words
from assistant.plans.sharing import (
    SharingRefused,
    audience_for,
    audience_words,
    file_name,
    must_not_share_notice,
    recipients,
    shared_copy,
    waits_for_agreement,
)
from assistant.plans.state import is_agreed, plan_state_words, version_label
from assistant.plans.versions import PlanError, latest_agreed, versions
from assistant.records import RecordsError
from assistant.sentences import quoted
from assistant.ui.widgets.answer_base import TickList, literal, option_text
from assistant.ui.widgets.dialog import (
    ButtonRow,
    Dialog,
    DialogBody,
    DialogBottom,
    DialogMessage,
    DialogTop,
)

if TYPE_CHECKING:
    from assistant.ui.app import CpiApp

NOW = "now"
DEFAULT_FORMATS = ("html", "easy")
#: Offered from Home only (never in a meeting, with the person at the screen): the worker's
#: reflections and the plan in brief, not a copy of the plan (docs/export.md).
# The formats supervision notes do not come in, as the worker knows them.
_FORMAT_WORDS = {"easy": "easy read", "json": "JSON", "fhir": "FHIR", "pdf": "PDF"}
SUPERVISION_LABEL = "Supervision notes, for me and my supervisor (not a copy of the plan)"


def default_folder() -> Path:
    """Where an export goes when none has been made yet: Documents, or the home folder."""
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


#: The mark of a line of :func:`export_plan` for a file written.
WRITTEN = "✓ "


def _squashed(text: str) -> str:
    """Letters and digits only, any case: 'Sam_Jones', 'sam jones' and 'SamJones' alike."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))


def names_someone(part: str, people: Iterable[Any]) -> bool:
    """Whether a folder name holds anyone's display name (whole, or any word of it: a
    surname alone says who it is), reference or NHS number, from ``people``
    (:class:`assistant.records.PersonSummary` or alike)."""
    squashed, words = _squashed(part), _words(part)
    for person in people:
        name = getattr(person, "display_name", None) or ""
        if _squashed(name) and _squashed(name) in squashed:
            return True
        if any(len(word) > 1 and word in words for word in _words(name)):
            return True
        for code in (getattr(person, "reference", None), getattr(person, "nhs_number", None)):
            if code and _squashed(str(code)) and _squashed(str(code)) in squashed:
                return True
    return False


def folder_to_remember(folder: Path, people: Iterable[Any]) -> Path:
    """The folder to keep in the app settings after an export to ``folder``.

    The settings file is not encrypted and the folder is offered for the next person, so a
    folder whose path names someone in the store (~/Clients/Sam Jones) is never kept: its
    nearest parent that names nobody is kept instead (~/Clients). The parts of the path
    up to the home folder are not looked at (the computer's account, not a person).
    """
    known = list(people)
    kept = folder
    # The home folder's own path (/home/chris) is the computer account's, not a person's:
    # a client who shares the worker's first name must not make every folder forgotten.
    home = Path.home()
    start = len(home.parts) if folder.is_relative_to(home) else 0
    for number, part in enumerate(folder.parts):
        if number >= start and names_someone(part, known):
            kept = Path(*folder.parts[:number]) if number else Path(folder.anchor)
            break
    return kept


def export_plan(
    case: Any,
    plan: Any,
    formats: list[str],
    folder: Path,
    agency: Any = None,
    layers: ContentLayers | None = None,
    *,
    include_named: bool = False,
) -> list[str]:
    """Write each format of ``plan`` (a copy for someone: ``plans.sharing.copy_for``) into
    ``folder`` and audit it; returns a line per format. ``include_named``: sent as it is after
    the warning that it names someone the person keeps private (noted in the audit trail).

    ``agency``: the current agency settings, shown (in every format but JSON) in place of
    the details the plan kept, so the numbers printed work today; when they differ from the
    plan's, the last line tells the worker so (:data:`TODAYS_NUMBERS_NOTE`). ``layers``: the
    agency's content pack in use, whose own templates come first (None: the shipped ones).

    A name already taken gets ``-2``, ``-3``...: an export never replaces a file. A shared
    copy's file says for whom (``plan-v1-for-care-team.html``, ``plan-v1-for-named-3f9a2c.html``:
    see :func:`~assistant.plans.sharing.file_tail`), never a name.
    """
    lines = []
    for fmt in formats:
        try:
            # The person's id keeps the FHIR ids the same on every export of this version.
            data = render(
                plan,
                fmt,
                agency=agency,
                person_id=getattr(case, "person_id", None),
                layers=layers,
            )
            name = file_name(suggested_name(plan, fmt), FORMATS[fmt].suffix, plan.audience)
            path = write_export(data, free_path(folder, name))
        except ExportError as exc:
            lines.append(f"✗ {fmt}: {exc}")
            continue
        try:
            audit_export(case, plan, fmt, str(path), include_named=include_named)
        except RecordsError as exc:
            lines.append(
                f"{WRITTEN}{path} (but the export could not be noted in the record: {exc})"
            )
            continue
        lines.append(f"{WRITTEN}{path}")
    if agency_changed(plan, agency) and any(fmt != "json" for fmt in formats):
        lines.append(TODAYS_NUMBERS_NOTE)
    return lines


class ExportScreen(Dialog[None]):
    app: CpiApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("ctrl+s", "export", "Export", priority=True),
    ]

    def __init__(self, person_id: str, case: Any = None, current_plan: Any = None) -> None:
        super().__init__()
        self.person_id = person_id
        self.case = case  # the open case when called from a meeting (we hold its lock)
        self.current_plan = current_plan
        self._versions: list[Any] = []
        # The plan and recipient the worker was warned about (a private person named in a
        # shared copy): Export again for the same ones sends it as it is.
        self._named_warned: tuple[Any, Any] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog", id="export"):
            with DialogTop():
                yield Static(Content("Export the plan"), classes="dialog-title")
            with DialogBody(id="export-body"):
                yield Static(
                    Content("Which plan"), classes="field-label", id="export-version-label"
                )
                yield Select([], prompt="Choose…", id="export-version", allow_blank=True)
                yield Static(id="export-state")
                yield Static(Content("Who is this copy for?"), classes="field-label")
                yield Select([], prompt="Choose who…", id="export-for", allow_blank=True)
                yield Static(id="export-for-note")
                yield Static(Content("Formats (Space ticks)"), classes="field-label")
                # TickList: a ticked format shows a mark, not only a colour.
                yield TickList(
                    *[
                        (literal(f"{spec.label}  ({name})"), name, name in DEFAULT_FORMATS)
                        for name, spec in FORMATS.items()
                    ],
                    id="export-formats",
                )
                yield Static(Content("Folder"), classes="field-label")
                yield Input(str(self._folder()), id="export-folder")
                yield Static(self._rules(), id="export-rules")
            with DialogBottom():
                # Under the buttons' eye: what was written, or what to choose first.
                yield DialogMessage(id="export-result")
                with ButtonRow(classes="dialog-buttons"):
                    yield Button(Content("Export"), id="export-go", variant="primary")
                    yield Button(Content("Close"), id="export-close")

    def _sharing_topic(self) -> str | None:
        """The title of the topic where the person chooses who may see the plan, as the
        content shows it ("Our plan and next time"); None before the topics load, or when
        the content has no such topic."""
        content = self.app.topic_content
        index = content.topics.get(CLOSING_TOPIC) if content is not None else None
        return quoted(index.topic.title) if index is not None else None

    def _rules(self) -> Content:
        """The note under the folder: file names, and who is offered."""
        where = self._sharing_topic()
        chose = f"chose in {where}" if where else "chose"
        return Content(
            "File names hold no personal details (plan-v1.html; a draft is plan-v1-draft.html). "
            f"An export never replaces an existing file. Only the people the person {chose} "
            "are offered; their copies leave out what the person keeps private."
        ).stylize("$text-muted")

    def _people(self) -> list[Any]:
        """Everyone in the store (names, references), or nobody when it cannot be read."""
        store = self.app.store
        try:
            return list(store.list_people(file_times=False)) if store is not None else []
        except RecordsError:
            return []

    def _folder(self) -> Path:
        """The folder the last export went to (from the settings) while it is there, else
        :func:`default_folder`. A folder kept before that names someone (settings written by
        an older version) is offered as its nearest parent that names nobody."""
        last = self.app.settings.export_dir
        try:
            if last is not None:
                last = folder_to_remember(last, self._people())
                if last.is_dir():
                    return last
        except OSError:  # an unreadable drive, say: offer the usual folder
            pass
        return default_folder()

    def _remember(self, folder: Path) -> None:
        """Keep the folder in the settings, offered at the next export (also after a restart),
        never one whose path names someone in the store (see :func:`folder_to_remember`)."""
        folder = folder_to_remember(folder.resolve(), self._people())
        if self.app.settings.export_dir != folder:
            self.app.settings.export_dir = folder
            self.app.save_settings()

    def _agency(self) -> Any:
        """The agency settings the app loaded with its content (None until loaded)."""
        return getattr(self.app.topic_content, "agency", None)

    def _broken_agency(self, plan: Any, formats: list[str]) -> list[str]:
        """What ``cpi-assistant export`` warns when the agency file has errors (the topics
        then did not load, so there are no agency details of today's): which file, and that
        the copy uses the plan's saved details. The copy is still made, but never silently:
        the worker may think it carries today's numbers. [] otherwise, and for JSON alone
        (the version as saved)."""
        if self._agency() is not None or all(fmt == "json" for fmt in formats):
            return []
        root, pack = self.app.content_root, self.app.content_pack
        if pack is None and root is not None and (root / PACK_FILE).is_file():
            root, pack = None, root  # `--content DIR` naming a pack, as the topics load it
        loaded = load_agency(root, pack=pack)
        if not loaded.errors:
            return []
        words = broken_agency_words(loaded, plan)
        return [words[:1].upper() + words[1:]]

    def _layers(self) -> ContentLayers | None:
        """The agency's content pack in use over the content, for its own templates."""
        app = self.app
        if app.content_pack is None:
            return None
        return ContentLayers.chosen(app.content_root, app.content_pack)

    def on_mount(self) -> None:
        self._load_versions()
        if self.app.topic_content is None and self.case is None:
            # Opened from Home before the topics loaded: supervision notes are offered only
            # with topics that have a reflection, so the choices are redrawn once they load.
            self.run_worker(self._when_topics_load(), group="await-topics")
        # Start where a choice is still to be made, top to bottom: whom the copy is for
        # (nobody is chosen for the worker), else the formats. On a small screen the body
        # then opens at its top, with the plan chosen in view.
        for_whom = self.query_one("#export-for", Select)
        something = bool(self._versions) or self.current_plan is not None
        if for_whom.value is Select.NULL and not for_whom.disabled and something:
            for_whom.focus(scroll_visible=False)  # the body shows it from its top
        else:
            self.query_one("#export-formats").focus(scroll_visible=False)

    def _load_versions(self) -> None:
        result = self.query_one("#export-result-box", DialogMessage)
        store = self.app.store
        try:
            if self.case is not None:
                self._versions = versions(self.case)
            elif store is not None:
                with store.read(self.person_id) as case:
                    self._versions = versions(case)
        except (PlanError, RecordsError) as exc:
            result.say(literal(str(exc)))
        options: list[tuple[Any, Any]] = []
        agreed = latest_agreed(self._versions)
        for version in reversed(self._versions):
            label = version_label(version.number, version.state)
            if version is agreed:
                label += " (the latest agreed)"
            options.append((option_text(label), version.number))
        if self.current_plan is not None:
            options.insert(
                0, (option_text("As it stands now: a draft, not saved as a version"), NOW)
            )
        select = self.query_one("#export-version", Select)
        select.set_options(options)
        if options:
            # The latest agreed version, as `cpi-assistant export` does; a draft only when
            # nothing has been agreed yet (it is then marked as a draft on every page).
            select.value = agreed.number if agreed is not None else options[0][1]
            self._show_state(select.value)
            self._show_audiences(select.value)
        else:
            result.say(
                Content("There is no plan to export yet. Finish a meeting (ctrl+f) to save one.")
            )

    def _plan_for(self, choice: Any) -> Any:
        if choice == NOW:
            return self.current_plan
        return next((v.plan for v in self._versions if v.number == choice), None)

    def _show_state(self, choice: Any) -> None:
        """Say what the chosen plan is: agreed (when, by whom) or a draft."""
        state = self.query_one("#export-state", Static)
        plan = self._plan_for(choice)
        if plan is None:
            state.update(Content(""))
            return
        words = plan_state_words(plan, person_name(plan))
        agreed = latest_agreed(self._versions)
        if is_agreed(plan):
            latest = agreed is not None and agreed.number == choice
            note = " This is the latest agreed version." if latest else " A newer one is agreed."
        else:
            # The words say "Draft: not agreed yet." already.
            note = " Each file will be marked as a draft on every page."
        state.update(literal(words + note))

    def _show_audiences(self, choice: Any) -> None:
        """Offer whom the chosen version may go to (the person's choices in that version);
        list the others as not chosen, with why."""
        select = self.query_one("#export-for", Select)
        note = self.query_one("#export-for-note", Static)
        plan = self._plan_for(choice)
        if plan is None:
            select.set_options([])
            note.update(Content(""))
            return
        before = select.value
        found = recipients(plan)
        # A draft's copies for the GP or someone named wait until it is agreed.
        waiting = {r.key: waits_for_agreement(plan, r.audience) for r in found if r.allowed}
        allowed = [r for r in found if r.allowed and not waiting.get(r.key)]
        options = [(option_text(r.label), r.key) for r in allowed]
        if self._offers_supervision():
            options.append((option_text(SUPERVISION_LABEL), SUPERVISION))
        select.set_options(options)
        if any(key == before for _, key in options):
            select.value = before
        not_chosen = [f"{r.label}: {r.reason}." for r in found if not r.allowed]
        lines = not_chosen + [
            f"{r.label}: waits until the plan is agreed (this version is a draft)."
            for r in found
            if waiting.get(r.key)
        ]
        where = self._sharing_topic()
        if not_chosen and where:
            lines.append(f"{where} asks who may see the plan.")
        if lines:
            # The heading shares its line with the first thing not offered: on its own line it
            # was left alone at the body's lower edge when a message above the buttons took
            # rows (after an export at 80x24), a heading with nothing under it.
            lines[0] = f"Not offered: {lines[0]}"
        note.update(literal("\n".join(lines), "$text-muted") if lines else "")

    def _offers_supervision(self) -> bool:
        """From Home, with topics that have a worker-only reflection: not in a meeting,
        where the person is at the screen."""
        content = self.app.topic_content
        return (
            self.case is None
            and content is not None
            and any(index.topic.worker_only for index in content.topics.values())
        )

    async def _when_topics_load(self) -> None:
        await self.app.wait_for_content()
        if self.is_attached:
            # Supervision notes may now be offered, and the topic that asks is named.
            self.query_one("#export-rules", Static).update(self._rules())
            self._show_audiences(self.query_one("#export-version", Select).value)

    @on(Select.Changed, "#export-for")
    def _for_changed(self, event: Select.Changed) -> None:
        """Supervision notes are not a copy of one plan version (they sum up the latest):
        the plan picker and its state are hidden while they are chosen."""
        event.stop()
        plan_parts = ("#export-version-label", "#export-version", "#export-state")
        for part in plan_parts:
            self.query_one(part).display = event.value != SUPERVISION

    @on(Select.Changed, "#export-version")
    def _version_changed(self, event: Select.Changed) -> None:
        event.stop()
        self._show_state(event.value)
        self._show_audiences(event.value)

    def action_export(self) -> None:
        choice = self.query_one("#export-version", Select).value
        for_whom = self.query_one("#export-for", Select).value
        formats = list(self.query_one("#export-formats", SelectionList).selected)
        folder = Path(self.query_one("#export-folder", Input).value.strip() or ".").expanduser()
        result = self.query_one("#export-result-box", DialogMessage)
        if choice is Select.NULL:
            result.say(Content("Please choose which plan to export."))
            return
        if for_whom is Select.NULL:
            result.say(Content("Please choose who this copy is for."))
            return
        if not formats:
            result.say(Content("Please tick at least one format."))
            return
        if not folder.is_dir():
            result.say(literal(f"There is no folder {folder}. Please choose another."))
            return
        if for_whom == SUPERVISION:
            left_out = [f for f in formats if f not in SUPERVISION_FORMATS]
            formats = [f for f in formats if f in SUPERVISION_FORMATS]
            if not formats:
                result.say(
                    Content(
                        "Supervision notes come as Markdown, a web page or plain text: please "
                        "tick md, html or txt."
                    )
                )
                return
            result.say(Content("Exporting…"))
            self.query_one("#export-go").disabled = True
            self._export_supervision(formats, folder, left_out)
            return
        problem = self.app.content_pack_problem
        if problem:
            # Without the chosen pack the copy would show the app's made-up example agency
            # details and crisis numbers in place of the agency's own.
            result.say(
                literal(
                    f"{problem}\nNothing was exported: without the pack, the copy would show "
                    "the app's made-up example details and crisis numbers instead of your "
                    "agency's. Make the pack's folder available again, then restart the app."
                )
            )
            return
        if self._names_private_person(choice, for_whom):
            return
        # Export pressed again after the warning: sent as it is, and the audit trail says so.
        overridden = (choice, for_whom) == self._named_warned
        result.say(Content("Exporting…"))
        self.query_one("#export-go").disabled = True
        self._export(choice, str(for_whom), formats, folder, overridden)

    def _names_private_person(self, choice: Any, for_whom: Any) -> bool:
        """Warn (and stop) when a shared copy would still name someone the person keeps
        private, listing where; Export again for the same plan and recipient sends it as it
        is. Never silently: the worker checks with the person first."""
        plan = self._plan_for(choice)
        if plan is None or (choice, for_whom) == self._named_warned:
            return False
        try:
            audience = audience_for(plan, str(for_whom))
        except SharingRefused:
            return False  # _export says why
        if audience.kind == "person":
            return False
        found = private_names_found(plan, audience)
        if not found:
            return False
        self._named_warned = (choice, for_whom)
        self.query_one("#export-result-box", DialogMessage).say(
            literal(
                f"{warning_words(found)}\nNothing was exported yet. You can mark those parts "
                f"private too in {self._sharing_topic() or 'the topic where the plan is agreed'} "
                "(ask the person). Press Export again to send it as it is."
            )
        )
        return True

    @work(thread=True, exclusive=True)
    def _export_supervision(self, formats: list[str], folder: Path, left_out: list[str]) -> None:
        """The supervision notes (every meeting's reflection, the plan in brief), as
        ``cpi-assistant export --for supervision`` makes them; each file audited."""
        heading = (
            "Supervision notes, for you and your supervisor. Not for the person's file unless "
            "they have seen it:"
        )
        content, store = self.app.topic_content, self.app.store
        if content is None or store is None:
            self.app.call_from_thread(self._done, ["✗ The topics or the records cannot be read."])
            return
        lines = []
        try:
            with store.open(self.person_id) as case:
                context = supervision_context(case, content)
                for fmt in formats:
                    try:
                        data = render_supervision(context, fmt, layers=self._layers())
                        name = supervision_file_name(context, fmt)
                        path = write_export(data, free_path(folder, name))
                    except (SupervisionError, ExportError) as exc:
                        lines.append(f"✗ {fmt}: {exc}")
                        continue
                    audit_supervision(case, context, fmt, str(path))
                    lines.append(f"{WRITTEN}{path}")
        except RecordsError as exc:
            lines.append(f"✗ {exc}")
        if left_out:
            # Ticked but not made: said, never dropped silently.
            names = ", ".join(_FORMAT_WORDS.get(f, f) for f in left_out)
            lines.append(
                f"Not made for supervision notes: {names}. They come as Markdown, a web page "
                "or plain text."
            )
        if any(line.startswith(WRITTEN) for line in lines):
            self._remember(folder)
        self.app.call_from_thread(self._done, [heading, *lines])

    @work(thread=True, exclusive=True)
    def _export(
        self,
        choice: Any,
        for_whom: str,
        formats: list[str],
        folder: Path,
        include_named: bool = False,
    ) -> None:
        # A PDF can take seconds (Chromium): keep the screen responsive.
        whole = self._plan_for(choice)
        try:
            plan = shared_copy(whole, for_whom)
        except SharingRefused as exc:
            self.app.call_from_thread(self._done, [f"✗ {exc} Nothing was exported."])
            return
        assert plan.audience is not None
        who = audience_words(plan.audience)
        # "The person's own copy:", not "A copy for the person's own copy:".
        heading = (
            who[:1].upper() + who[1:] if plan.audience.kind == "person" else f"A copy for {who}"
        ) + (", leaving out what the person keeps private:" if plan.audience.withheld else ":")
        try:
            # The meeting's open record, or the record opened for this export (from Home).
            if self.case is not None:
                opened: contextlib.AbstractContextManager[Any] = contextlib.nullcontext(self.case)
            else:
                store = self.app.store
                assert store is not None
                opened = store.open(self.person_id)
            with opened as case:
                lines = export_plan(
                    case,
                    plan,
                    formats,
                    folder,
                    self._agency(),
                    self._layers(),
                    include_named=include_named,
                )
        except RecordsError as exc:
            lines = [f"✗ {exc}"]
        if any(line.startswith(WRITTEN) for line in lines):
            self._remember(folder)  # saving settings is safe in a thread (CpiApp)
            lines += self._broken_agency(plan, formats)
            notice = must_not_share_notice(whole, plan.audience)
            if notice:
                lines.append(notice)
        self.app.call_from_thread(self._done, [heading, *lines])

    def _done(self, lines: list[str]) -> None:
        self.query_one("#export-go").disabled = False
        self.query_one("#export-result-box", DialogMessage).say(literal("\n".join(lines)))

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#export-go")
    def _go(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_export()

    @on(Button.Pressed, "#export-close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
