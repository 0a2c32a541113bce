"""The index: the small list of people in a store (id, display name, reference, NHS number,
counts).

The index is derived data: every entry can be rebuilt from the case files. So it is rewritten
only when something it lists changes (a new person, a new session, a changed name), a damaged
index is set aside and rebuilt, and listing repairs it after a crash between writing a case file
and the index (a record missing from the list is added; one whose file is gone is taken off).
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from assistant.identifiers import nhs_number_digits
from assistant.records.atomic import backup_path, write_atomic
from assistant.records.errors import (
    AmbiguousPerson,
    RecordNotFound,
    RecordsError,
    RecordTooNew,
    save_failed,
)
from assistant.records.fileformat import (
    SCHEMAS,
    Codec,
    Damaged,
    TooNew,
    check_index,
    iso_from_ns,
    now,
)
from assistant.records.folder import CASE_SUFFIX, ERASING_SUFFIX, ID_RE, StoreFolder
from assistant.records.outcome_digest import FILE_KEY as MEASURES_FILE_KEY
from assistant.records.outcome_digest import INDEX_KEY as MEASURES_KEY
from assistant.records.outcome_digest import digest_plan, file_state, is_current
from assistant.records.recovery import RecoveryNotice, set_aside
from assistant.safe_read import NotRegularFile, read_regular
from assistant.text_fold import fold

if TYPE_CHECKING:
    from assistant.records.case import Case
    from assistant.records.storage import Tables


class PersonSummary(NamedTuple):
    """One line of the index: enough to list, search and pick a record.

    A named tuple, not a dataclass: listing 10,000 people makes 10,000 of them, four times
    faster this way; like a frozen dataclass it cannot be changed.
    """

    id: str
    display_name: str
    reference: str | None
    created: str
    updated: str
    sessions: int
    nhs_number: str | None = None  # 10 digits, as stored

    def label(self) -> str:
        ref = f", ref {self.reference}" if self.reference else ""
        return f"{self.display_name} (id {self.id}{ref})"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "display_name": self.display_name,
            "reference": self.reference,
            "nhs_number": self.nhs_number,
            "created": self.created,
            "updated": self.updated,
            "sessions": self.sessions,
        }


class PeopleIndex:
    """The index of one store area.

    ``read_tables`` reads a case file (without repairing it), to rebuild an entry;
    ``resume_erase`` finishes an erasure that was interrupted, found while listing.
    """

    def __init__(
        self,
        folder: StoreFolder,
        codec: Codec,
        recovered: list[RecoveryNotice],
        *,
        read_tables: Callable[[str], Tables],
        resume_erase: Callable[[str], None],
    ) -> None:
        self._folder = folder
        self._codec = codec
        self._recovered = recovered
        self._read_tables = read_tables
        self._resume_erase = resume_erase
        self.known: dict[str, dict[str, Any]] = {}  # entries as last read or written
        # While the index is rebuilt from the case files, a damaged case's message must not
        # read the (still damaged) index to name it: that would rebuild it again, endlessly.
        self._rebuilding = False
        # person id -> (newest plan version's key, its measures digest): a save that made no
        # new version costs a comparison, not a walk through the plan.
        self._digests: dict[str, tuple[tuple[Any, ...], Any]] = {}

    # -- reading and writing ---------------------------------------------------------------

    def read(self) -> dict[str, Any]:
        """The index document; a damaged one is set aside and rebuilt from the case files."""
        folder = self._folder
        try:
            raw = read_regular(folder.index_path)
        except FileNotFoundError:
            return {"people": {}, "events": []}
        except NotRegularFile as exc:
            return self._rebuild(exc.strerror or "it is not a regular file")
        except OSError as exc:
            raise folder.unavailable(exc, "read") from exc
        try:
            return check_index(self._codec.loads("index", raw))
        except TooNew as exc:
            raise RecordTooNew(
                f"The list of people in {folder.area} was saved by a newer version of Connecting "
                f"People Assistant (format {exc.schema}; this version reads up to "
                f"{SCHEMAS['index']}). Nothing was changed. Update the app to use these records."
            ) from None
        except Damaged as exc:
            return self._rebuild(str(exc))

    def _rebuild(self, problem: str) -> dict[str, Any]:
        folder = self._folder
        people: dict[str, Any] = {}
        self._rebuilding = True
        try:
            for person_id in self.ids_on_disk():
                with contextlib.suppress(RecordsError):
                    people[person_id] = self.entry_from_case(person_id)
        finally:
            self._rebuilding = False
        events: list[Any] = []
        with contextlib.suppress(OSError, Damaged, TooNew):
            raw = read_regular(backup_path(folder.index_path))
            events = check_index(self._codec.loads("index", raw))["events"]
        doc = {"people": people, "events": events}
        kept = None
        with contextlib.suppress(OSError, RecordsError), folder.index_locked():
            kept = set_aside(folder, folder.index_path, "index")
            self.write(doc)
        self._recovered.append(
            RecoveryNotice(
                None,
                f"The list of people in {folder.area} was damaged ({problem}). It was rebuilt "
                f"from the case files, with {len(people)} "
                f"{'person' if len(people) == 1 else 'people'}; no answers were affected."
                + (f" The damaged list was kept at {kept}." if kept else ""),
                kept,
            )
        )
        return doc

    def write(self, doc: dict[str, Any], *, scrub: bool = False) -> None:
        """Write the index; ``scrub`` also overwrites the backup so no old entry survives."""
        path = self._folder.index_path
        data = self._codec.dumps("index", {"people": doc["people"], "events": doc["events"]})
        try:
            write_atomic(path, data, keep_backup=not scrub)
            if scrub:
                write_atomic(backup_path(path), data)
        except OSError as exc:
            raise save_failed(exc, path, "The list of people") from exc
        self.known = {pid: dict(e) for pid, e in doc["people"].items()}

    def update(self, change: Callable[[dict[str, Any]], None], *, scrub: bool = False) -> None:
        """Read, ``change`` and write the index under its lock."""
        with self._folder.index_locked():
            doc = self.read()
            change(doc)
            self.write(doc, scrub=scrub)

    def events(self) -> list[dict[str, Any]]:
        """Events about the store itself (anonymous erasures), oldest first."""
        return list(self.read()["events"])

    # -- entries ---------------------------------------------------------------------------

    def entry_from_case(self, person_id: str) -> dict[str, Any]:
        # The file's state before reading it: a change while it is read is read again later.
        state = file_state(self._folder.case_path(person_id))
        tables = self._read_tables(person_id)
        person: dict[str, Any] = next(iter(tables.get("person", {}).values()), {})
        entry = {
            "display_name": person.get("display_name") or person_id,
            "reference": person.get("reference"),
            "nhs_number": person.get("nhs_number"),
            "created": person.get("created", ""),
            "sessions": _session_count(tables),
            "updated": now(),
        }
        meta: dict[str, Any] = next(iter(tables.get("archive", {}).values()), {})
        if not meta.get("sessions"):
            # With meetings archived the newest version may be in the archive file: the
            # digest is left out then, and made by the next reader (outcomes) from the record.
            plans = [d for d in tables.get("plans", {}).values() if isinstance(d, dict)]
            newest = max(plans, key=lambda d: d.get("version", 0), default={})
            erased = meta.get("erased_plan_versions")
            erased = [n for n in erased if isinstance(n, int)] if isinstance(erased, list) else []
            # Each version's meeting, so a draft and the version agreed from it count once.
            sessions = {d.get("version"): d.get("session") for d in plans}
            entry[MEASURES_KEY] = digest_plan(
                newest.get("plan"),
                erased,
                lambda n: s if isinstance(s := sessions.get(n), str) else None,
            )
            entry[MEASURES_FILE_KEY] = state
        return entry

    def _measures(self, case: Case) -> Any:
        """The newest plan version's measures digest (``outcome_digest``), made again only
        when a new version was saved or one was erased."""
        key, plan = case.newest_plan()
        known = self._digests.get(case.person_id)
        # An erasure (``scrubbing``) can take out an earlier meeting and leave the newest
        # version as it was: its history still names that meeting, so the digest is made again.
        if known is None or known[0] != key or case.scrubbing:
            known = (key, digest_plan(plan(), case.erased_plan_versions, case.plan_session))
            self._digests[case.person_id] = known
        return known[1]

    def remember_measures(self, digests: dict[str, tuple[Any, list[int] | None]]) -> None:
        """Keep digests made from the records (person id -> (digest, the case file's state it
        was read in, :func:`file_state`)): entries written before digests were kept, or whose
        case file changed after the digest was made, so the next summary reads them from
        here. Derived data: a failure is only slower."""

        def change(doc: dict[str, Any]) -> None:
            for pid, (digest, state) in digests.items():
                entry = doc["people"].get(pid)
                if entry is not None and not (
                    is_current(entry) and entry.get(MEASURES_FILE_KEY) == state
                ):
                    doc["people"][pid] = {**entry, MEASURES_KEY: digest, MEASURES_FILE_KEY: state}

        with contextlib.suppress(RecordsError):
            self.update(change)

    def refresh_entry(self, case: Case) -> None:
        """Keep the index in step with an open case; only written when something listed changed."""
        person = case.person
        wanted = {
            "display_name": person.get("display_name", case.person_id),
            "reference": person.get("reference"),
            "nhs_number": person.get("nhs_number"),
            "created": person.get("created", ""),
            "sessions": case.session_count,
            MEASURES_KEY: self._measures(case),
        }
        if case.person_id not in self.known:
            with contextlib.suppress(RecordsError):
                self.known = {pid: dict(e) for pid, e in self.read()["people"].items()}
        known = self.known.get(case.person_id, {})
        if all(known.get(k) == v for k, v in wanted.items()):
            return

        def change(doc: dict[str, Any]) -> None:
            # The case file is written before this (Case notifies after a durable write): its
            # state says what the digest was made from (outcome_digest.FILE_KEY).
            state = file_state(self._folder.case_path(case.person_id))
            doc["people"][case.person_id] = {
                **wanted,
                "updated": now(),
                MEASURES_FILE_KEY: state,
            }

        # The index is derived data: if it cannot be written now, the answer is still safe in
        # the case file and the next save tries again (``known`` is only updated on success).
        with contextlib.suppress(RecordsError):
            self.update(change, scrub=case.scrubbing)

    def case_file_states(self) -> dict[str, list[int]]:
        """Each case file's [mtime_ns, size] (:func:`outcome_digest.file_state`), by person id:
        one directory read, for the summary to find digests older than their case file."""
        found: dict[str, list[int]] = {}
        try:
            entries = list(os.scandir(self._folder.cases_dir))
        except OSError:
            return found
        for entry in entries:
            if entry.name.endswith(CASE_SUFFIX):
                with contextlib.suppress(OSError):
                    stat = entry.stat()
                    found[entry.name[: -len(CASE_SUFFIX)]] = [stat.st_mtime_ns, stat.st_size]
        return found

    def ids_on_disk(self) -> set[str]:
        try:
            names = os.listdir(self._folder.cases_dir)
        except OSError:
            return set()
        return {n[: -len(CASE_SUFFIX)] for n in names if n.endswith(CASE_SUFFIX)}

    def label(self, person_id: str) -> str:
        """How messages name a record: by its display name when the index knows it."""
        entry = self.known.get(person_id)
        if entry is None and not self._rebuilding:
            with contextlib.suppress(RecordsError):
                entry = self.read()["people"].get(person_id)
        name = (entry or {}).get("display_name")
        return f"The record for {name} (id {person_id})" if name else f"Record {person_id}"

    # -- listing and finding ---------------------------------------------------------------

    def list_people(
        self, search: str | None = None, *, file_times: bool = True
    ) -> list[PersonSummary]:
        """Everyone with a record, sorted by name; ``search`` matches name, reference, id or
        NHS number (:func:`matches`).

        ``updated`` is the later of the index's time and the case file's. ``file_times=False``
        leaves the files' times unread (a third of the time for a long list, when the times are
        not shown, as on Home): ``updated`` is then the time of the last change to the index.
        """
        doc = self.read()
        people: dict[str, Any] = doc["people"]
        # Entries are replaced, never changed in place, so the list can share them.
        self.known = dict(people)
        on_disk: set[str] = set()
        mtimes: dict[str, int] = {}
        erasing: set[str] = set()
        backups: set[str] = set()
        cases_dir = self._folder.cases_dir
        bak_suffix = CASE_SUFFIX + ".bak"
        try:
            # Names only when the times are not wanted: no stat per file (30,000 files for
            # 10,000 people).
            names = os.listdir(cases_dir) if not file_times else []
            entries = list(os.scandir(cases_dir)) if file_times else []
        except OSError:
            names, entries = [], []
        if names:  # comprehensions: a third of the time of one loop with three tests
            on_disk = {n[: -len(CASE_SUFFIX)] for n in names if n.endswith(CASE_SUFFIX)}
            erasing = {n[: -len(ERASING_SUFFIX)] for n in names if n.endswith(ERASING_SUFFIX)}
            backups = {n[: -len(bak_suffix)] for n in names if n.endswith(bak_suffix)}
        for entry in entries:
            name = entry.name
            if name.endswith(CASE_SUFFIX):
                person_id = name[: -len(CASE_SUFFIX)]
                with contextlib.suppress(OSError):
                    mtimes[person_id] = entry.stat().st_mtime_ns
                    on_disk.add(person_id)
            elif name.endswith(ERASING_SUFFIX):
                erasing.add(name[: -len(ERASING_SUFFIX)])
            elif name.endswith(bak_suffix):
                backups.add(name[: -len(bak_suffix)])
        self._reconcile(people, on_disk, erasing, backups)
        result = []
        for pid, entry in people.items():
            get = entry.get
            updated = get("updated", "")
            if pid in mtimes:
                updated = max(updated, iso_from_ns(mtimes[pid]))
            result.append(
                PersonSummary(
                    pid,
                    get("display_name") or pid,
                    get("reference"),
                    get("created", ""),
                    updated,
                    get("sessions", 0),
                    get("nhs_number"),
                )
            )
        if search:
            result = PeopleSearch(result).search(search)
        result.sort(key=_by_name)
        return result

    def _reconcile(
        self, people: dict[str, Any], on_disk: set[str], erasing: set[str], backups: set[str]
    ) -> None:
        """Repair the index after a crash between writing a case file and the index."""
        for pid in erasing:
            with contextlib.suppress(RecordsError, OSError):
                self._resume_erase(pid)
            people.pop(pid, None)
            on_disk.discard(pid)
        unlisted = {pid for pid in on_disk - people.keys() if ID_RE.match(pid)}
        vanished = people.keys() - on_disk - backups
        if not unlisted and not vanished:
            return
        for pid in unlisted:
            try:
                people[pid] = self.entry_from_case(pid)
            except RecordsError as exc:
                notice = RecoveryNotice(pid, str(exc), repaired=False)
                if notice not in self._recovered:  # said once, not at every listing
                    self._recovered.append(notice)
        # A case file that cannot be read stays unlisted (said above, once): with nothing
        # else to change, the list is not rewritten at every listing.
        unlisted = {pid for pid in unlisted if pid in people}
        if not unlisted and not vanished:
            return
        for pid in vanished:
            name = people.pop(pid).get("display_name", pid)
            self._recovered.append(
                RecoveryNotice(
                    pid,
                    f"The record for {name} (id {pid}) is listed but its file is missing from "
                    f"{self._folder.cases_dir}; it was taken off the list. If the folder was "
                    "restored from a backup, copy the file back and it will be listed again.",
                )
            )

        def change(doc: dict[str, Any]) -> None:
            for pid in unlisted:
                if pid in people:
                    doc["people"].setdefault(pid, people[pid])
            for pid in vanished:
                if not self._folder.case_path(pid).exists():
                    doc["people"].pop(pid, None)

        with contextlib.suppress(RecordsError):
            self.update(change)

    def same_name(self, name: str, *, but: str | None = None) -> list[PersonSummary]:
        """The records (other than ``but``) whose display name is ``name``, as ``find`` compares
        names: two people may share a name, but every command by name then needs the id."""
        folded = " ".join(unicodedata.normalize("NFC", name).split()).casefold()
        if not folded:
            return []
        return [
            p
            for p in self.list_people(file_times=False)
            if p.id != but and unicodedata.normalize("NFC", p.display_name).casefold() == folded
        ]

    def find(self, person_ref: str) -> PersonSummary:
        """The one record matching an id, a reference number, an NHS number (spaces ignored)
        or a display name."""
        ref = person_ref.strip()
        people = self.list_people()
        for person in people:
            if person.id == ref:
                return person
        # Accents composed, as names are kept (one_line_name): "Renée" finds a name whose é
        # was typed as e and a combining accent.
        folded = unicodedata.normalize("NFC", ref).casefold()
        digits = nhs_number_digits(ref)
        matches = [
            p
            for p in people
            if unicodedata.normalize("NFC", p.reference or "").casefold() == folded
            or unicodedata.normalize("NFC", p.display_name).casefold() == folded
            or (p.nhs_number is not None and p.nhs_number == digits)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            where = "training records" if self._folder.training else "records"
            # Part of a name ("Alex" for "Alex Moor") finds them in `people`, but a command
            # that erases or exports must never guess: the ones it could mean are named.
            near = search(people, ref) if len(ref) >= 2 else []
            if near:
                named = "; ".join(p.label() for p in near[:5])
                more = f" and {len(near) - 5} more" if len(near) > 5 else ""
                raise RecordNotFound(
                    f"No {where} are called '{ref}' exactly. It is part "
                    f"of: {named}{more}. Use the whole name, the id, the reference number or "
                    "the NHS number."
                )
            if self._folder.training:  # practices are listed by `train`, with their ids
                raise RecordNotFound(
                    f"No {where} match '{ref}'. Run `cpi-assistant train --list-practices` "
                    "to see the practices and their record ids, then use one."
                )
            raise RecordNotFound(
                f"No {where} match '{ref}'. Run `cpi-assistant people` to "
                "see who is recorded, then use their id, reference number, NHS number or "
                "display name."
            )
        listing = "; ".join(p.label() for p in matches)
        raise AmbiguousPerson(
            f"'{ref}' matches {len(matches)} records: {listing}. Use the id to say which one.",
            list(matches),
        )


def _by_name(person: PersonSummary) -> str:
    # Sorts as (folded name, id) would (names hold no NUL: they are cleaned), in half the time.
    return f"{person.display_name.casefold()}\0{person.id}"


def _session_count(tables: Tables) -> int:
    """Meetings in a case file's tables, archived ones included (``Case.session_count``)."""
    hot = {d.get("session_id") for d in tables.get("sessions", {}).values()}
    meta: dict[str, Any] = next(iter(tables.get("archive", {}).values()), {})
    archived = {s for s in meta.get("sessions", []) if isinstance(s, str)}
    return len(hot) + len(archived - hot)


def matches(person: PersonSummary, search: str) -> bool:
    """Whether a search matches a person: part of the name (any case), of the reference (any
    case, spaces ignored, so ``r 0`` finds R0042), of the id, or of the NHS number (3 digits
    or more, spaces and hyphens ignored, so ``943 476`` finds 9434765919)."""
    needle = fold(search).strip()
    if not needle:
        return True
    if (
        needle in fold(person.display_name)
        or _no_spaces(needle) in _no_spaces(fold(person.reference or ""))
        or needle in person.id
    ):
        return True
    digits = nhs_search_digits(needle)
    return bool(person.nhs_number and digits and digits in person.nhs_number)


class PeopleSearch:
    """Searching a list of people key by key (Home's search box), as :func:`matches` does.

    Each row's searchable text is folded once, when the list is read (one case, no accents:
    ``zoe`` finds Zoë), so a key costs one substring test per person (10,000 people: a few
    milliseconds).
    """

    def __init__(self, people: Iterable[PersonSummary]) -> None:
        self.people = list(people)
        # Name, reference and id, folded and joined by a character no search can hold.
        self._text = [
            f"{fold(p.display_name)}\0{fold(p.reference or '')}\0{p.id}" for p in self.people
        ]
        # References without their spaces, for a search typed with spaces ("r 0" finds R0042).
        self._refs = [_no_spaces(fold(p.reference or "")) for p in self.people]

    def search(self, text: str) -> list[PersonSummary]:
        """The people ``text`` finds, in the list's order (everyone for an empty search)."""
        needle = fold(text).strip()
        if not needle:
            return list(self.people)
        digits = nhs_search_digits(needle)
        if "\0" in needle:  # cannot be in a name, reference or id: only an NHS number
            return [p for p in self.people if digits and p.nhs_number and digits in p.nhs_number]
        squashed = _no_spaces(needle)
        return [
            p
            for p, hay, ref in zip(self.people, self._text, self._refs, strict=True)
            if needle in hay
            or squashed in ref
            or (digits is not None and p.nhs_number is not None and digits in p.nhs_number)
        ]


def _no_spaces(text: str) -> str:
    return "".join(text.split())


def search(people: Iterable[PersonSummary], text: str) -> list[PersonSummary]:
    """The people a search finds (:class:`PeopleSearch`, for searching once)."""
    return PeopleSearch(people).search(text)


# Fewer digits than this find no NHS number: "12" (part of a reference, say) would otherwise
# list everyone whose NHS number holds a 1 and a 2 side by side.
NHS_SEARCH_MIN_DIGITS = 3


def nhs_search_digits(search: str) -> str | None:
    """The digits of a search that can find part of an NHS number (spaces and hyphens
    ignored), or None when it is not one: other characters, or fewer than 3 digits."""
    digits = nhs_number_digits(search)
    if len(digits) < NHS_SEARCH_MIN_DIGITS or not (digits.isascii() and digits.isdigit()):
        return None
    return digits
