"""The case store: one TinyDB file per person, a small index, locks, recovery and erasure.

Layout of a data folder (see docs/records.md)::

    DATA_DIR/                   0700
      keycheck.json             only when encrypted (salt, scrypt parameters, key check)
      index.json                small list of people: id, display name, reference, counts
      index.lock                held only while the index is rewritten
      cases/<id>.case           one person's TinyDB file            0600
      cases/<id>.case.bak       the last good copy before the latest save
      cases/<id>.lock           held while the record is open for writing
      damaged/                  damaged files moved aside, never overwritten
      training/                 the same layout again, for training records

Saving an answer touches only that person's case file, so it stays fast however many people an
agency records; the index is rewritten only when a name, reference or session count changes.
"""

from __future__ import annotations

import contextlib
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import __version__
from assistant.marks import TRAINING_WATERMARK
from assistant.records.atomic import (
    backup_path,
    ensure_private_dir,
    fsync_dir,
    iter_orphans,
    remove_orphans,
    write_atomic,
)
from assistant.records.crypto import (
    Keyring,
    is_encrypted_bytes,
    new_keyring,
    read_keycheck,
    unlock,
    write_keycheck,
)
from assistant.records.errors import (
    AmbiguousPerson,
    EncryptionError,
    PassphraseRequired,
    RecordDamaged,
    RecordLocked,
    RecordNotFound,
    RecordsError,
    RecordTooNew,
    StoreUnavailable,
    describe_os_error,
    save_failed,
)
from assistant.records.fileformat import SCHEMAS, Codec, Damaged, NeedsKey, TooNew, check_tables
from assistant.records.paths import resolve_data_dir

if TYPE_CHECKING:
    from assistant.records.case import Case
    from assistant.records.storage import Tables

CASE_SUFFIX = ".case"
ERASING_SUFFIX = ".erasing"
LOCK_SUFFIX = ".lock"
TRAINING_DIR = "training"
INDEX_LOCK_TIMEOUT = 10.0
_ID_RE = re.compile(r"^[pt]-[0-9a-f]{10}$")
_CASE_TABLES = ("person", "sessions", "plans", "ratings", "audit")


@dataclass(frozen=True)
class PersonSummary:
    """One line of the index: enough to list, search and pick a record."""

    id: str
    display_name: str
    reference: str | None
    created: str
    updated: str
    sessions: int

    def label(self) -> str:
        ref = f", ref {self.reference}" if self.reference else ""
        return f"{self.display_name} (id {self.id}{ref})"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "display_name": self.display_name,
            "reference": self.reference,
            "created": self.created,
            "updated": self.updated,
            "sessions": self.sessions,
        }


@dataclass(frozen=True)
class RecoveryNotice:
    """Something was repaired or could not be: shown to the user, never silent."""

    person_id: str | None
    message: str
    kept_at: Path | None = None
    repaired: bool = True  # False: the problem remains (e.g. no good copy was found)


def _iso_from_ns(ns: int) -> str:
    return datetime.fromtimestamp(ns / 1e9, UTC).isoformat(timespec="milliseconds")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


# The case module (and TinyDB with it) is imported only when a record is created, opened or
# read: listing people, which is all the app's first screen needs, does without it.


def now() -> str:
    """Current UTC time, as the case records write it (``assistant.records.case.now``)."""
    from assistant.records.case import now

    return now()


def clean_name(name: str) -> str:
    """A display name, trimmed; refuses an empty one (``assistant.records.case.clean_name``)."""
    from assistant.records.case import clean_name

    return clean_name(name)


class CaseStore:
    """All the case records in one data folder (or its separate training area).

    Opening the store checks the passphrase first (a wrong one touches nothing), then removes
    temp files left by crashed writers. ``recovered`` collects a :class:`RecoveryNotice` for
    every repair made, for the UI or CLI to show.
    """

    def __init__(
        self,
        root: Path | str,
        passphrase: str | None = None,
        *,
        training: bool = False,
        keyring: Keyring | None = None,
    ) -> None:
        self.root = Path(root)
        self.training = training
        self.area = self.root / TRAINING_DIR if training else self.root
        self.cases_dir = self.area / "cases"
        self.damaged_dir = self.area / "damaged"
        self.index_path = self.area / "index.json"
        self.recovered: list[RecoveryNotice] = []
        self._known: dict[str, dict[str, Any]] = {}  # index entries as last read or written
        self.keyring = keyring
        self._index_owner: int | None = None  # thread holding the index lock, if any
        self._codec = self._open_codec(passphrase)
        self._cleanup_orphans()

    # -- encryption ------------------------------------------------------------------------

    @property
    def encrypted(self) -> bool:
        return self._codec.keyring is not None

    def _open_codec(self, passphrase: str | None) -> Codec:
        try:
            doc = read_keycheck(self.root)
        except OSError as exc:
            raise self._unavailable(exc) from exc
        if doc is None:
            if passphrase or self.keyring:
                raise EncryptionError(
                    f"A passphrase was given, but the records in {self.root} are not encrypted. "
                    "Nothing was changed. To encrypt them, run `cpi-assistant init --encrypt`; "
                    "otherwise unset CPI_PASSPHRASE."
                )
            return Codec(None)
        state = str(doc.get("state", "ready"))
        if self.keyring is None:
            if not passphrase:
                raise PassphraseRequired(
                    f"The records in {self.root} are encrypted. Nothing was read. Enter the "
                    "passphrase, or set CPI_PASSPHRASE for scripts."
                )
            self.keyring, state = unlock(self.root, passphrase)
        # "encrypting": `init --encrypt` was interrupted; plaintext files are still accepted
        # until it is run again and finishes.
        return Codec(self.keyring, accept_plain=state != "ready")

    def training_store(self) -> CaseStore:
        """The separate training store in the same folder (sharing the derived key)."""
        return CaseStore(self.root, training=True, keyring=self.keyring)

    # -- paths and ids ---------------------------------------------------------------------

    def case_path(self, person_id: str) -> Path:
        return self.cases_dir / f"{person_id}{CASE_SUFFIX}"

    def _check_id(self, person_id: str) -> None:
        if not _ID_RE.match(person_id):
            raise RecordNotFound(f"'{person_id}' is not a record id.")

    def _new_id(self) -> str:
        import secrets  # here, not at the top: listing and reading records never need it

        prefix = "t" if self.training else "p"
        while True:
            person_id = f"{prefix}-{secrets.token_hex(5)}"
            path = self.case_path(person_id)
            if not path.exists() and not backup_path(path).exists():
                return person_id

    def _unavailable(self, exc: OSError, doing: str = "use") -> StoreUnavailable:
        return StoreUnavailable(
            f"Cannot {doing} the records folder {self.area}: {describe_os_error(exc)}. "
            "Nothing was changed. Check the folder's permissions and free space, or choose "
            "another folder with --data-dir."
        )

    def _ensure_dirs(self) -> None:
        try:
            for folder in (self.root, self.area, self.cases_dir):
                ensure_private_dir(folder)
        except OSError as exc:
            raise self._unavailable(exc, "create") from exc

    # -- locks -----------------------------------------------------------------------------

    def _file_lock(self, path: Path, timeout: float) -> Any:
        import filelock  # imported late: listing and reading never need it

        return filelock.FileLock(
            path, timeout=timeout, mode=0o600, thread_local=False, fallback_to_soft=False
        )

    def _lock_record(self, person_id: str) -> Any:
        """Hold the record's OS lock (released by the OS if this process dies)."""
        import filelock

        self._ensure_dirs()
        lock = self._file_lock(self.cases_dir / f"{person_id}{LOCK_SUFFIX}", timeout=0)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise RecordLocked(
                f"{self._label(person_id)} is open in another window, so it cannot be changed "
                "here. Nothing was changed. Close it there (or wait for that session to end), "
                "then try again."
            ) from None
        except OSError as exc:
            raise self._unavailable(exc, "lock a record in") from exc
        return lock

    @contextlib.contextmanager
    def _index_locked(self) -> Iterator[None]:
        import filelock

        if self._index_owner == threading.get_ident():  # re-entered, e.g. rebuild while updating
            yield
            return
        self._ensure_dirs()
        lock = self._file_lock(self.area / "index.lock", timeout=INDEX_LOCK_TIMEOUT)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise RecordsError(
                "The list of people is busy in another window. Nothing was changed; try again."
            ) from None
        except OSError as exc:
            raise self._unavailable(exc, "lock the list of people in") from exc
        self._index_owner = threading.get_ident()
        try:
            yield
        finally:
            self._index_owner = None
            lock.release()

    def _try_lock(self, path: Path) -> Any | None:
        import filelock

        lock = self._file_lock(path, timeout=0)
        try:
            lock.acquire()
        except (filelock.Timeout, OSError):
            return None
        return lock

    def _cleanup_orphans(self) -> None:
        """Delete temp files of crashed writers, but never those of a record open elsewhere."""

        def target_free(target: str) -> bool:
            stem = target.split(".", 1)[0]
            lock_path = (
                self.cases_dir / f"{stem}{LOCK_SUFFIX}"
                if _ID_RE.match(stem)
                else self.area / "index.lock"
            )
            lock = self._try_lock(lock_path)
            if lock is None:
                return False
            lock.release()
            return True

        for folder in (self.area, self.cases_dir):
            if any(True for _ in iter_orphans(folder)):
                remove_orphans(folder, target_free)

    # -- index -----------------------------------------------------------------------------

    def _read_index(self) -> dict[str, Any]:
        """The index document; a damaged one is set aside and rebuilt from the case files."""
        try:
            raw = self.index_path.read_bytes()
        except FileNotFoundError:
            return {"people": {}, "events": []}
        except OSError as exc:
            raise self._unavailable(exc, "read") from exc
        try:
            doc = self._codec.loads("index", raw)
            if not isinstance(doc.get("people"), dict):
                raise Damaged("it has no list of people")
            doc.setdefault("events", [])
            return doc
        except TooNew as exc:
            raise RecordTooNew(
                f"The list of people in {self.area} was saved by a newer version of Connecting "
                f"People Assistant (format {exc.schema}; this version reads up to "
                f"{SCHEMAS['index']}). Nothing was changed. Update the app to use these records."
            ) from None
        except Damaged as exc:
            return self._rebuild_index(str(exc))

    def _rebuild_index(self, problem: str) -> dict[str, Any]:
        people: dict[str, Any] = {}
        for person_id in self._ids_on_disk():
            with contextlib.suppress(RecordsError):
                people[person_id] = self._entry_from_case(person_id)
        events: list[Any] = []
        with contextlib.suppress(OSError, Damaged, TooNew):
            events = self._codec.loads("index", backup_path(self.index_path).read_bytes())["events"]
        doc = {"people": people, "events": events}
        kept = None
        with contextlib.suppress(OSError, RecordsError), self._index_locked():
            kept = self._set_aside(self.index_path, "index")
            self._write_index(doc)
        self.recovered.append(
            RecoveryNotice(
                None,
                f"The list of people in {self.area} was damaged ({problem}). It was rebuilt "
                f"from the {len(people)} case files; no answers were affected."
                + (f" The damaged list was kept at {kept}." if kept else ""),
                kept,
            )
        )
        return doc

    def _write_index(self, doc: dict[str, Any], *, scrub: bool = False) -> None:
        """Write the index; ``scrub`` also overwrites the backup so no old entry survives."""
        data = self._codec.dumps("index", {"people": doc["people"], "events": doc["events"]})
        try:
            write_atomic(self.index_path, data, keep_backup=not scrub)
            if scrub:
                write_atomic(backup_path(self.index_path), data)
        except OSError as exc:
            raise save_failed(exc, self.index_path, "The list of people") from exc
        self._known = {pid: dict(e) for pid, e in doc["people"].items()}

    def _update_index(
        self, change: Callable[[dict[str, Any]], None], *, scrub: bool = False
    ) -> None:
        with self._index_locked():
            doc = self._read_index()
            change(doc)
            self._write_index(doc, scrub=scrub)

    def _entry_from_case(self, person_id: str) -> dict[str, Any]:
        tables, _ = self._load_tables(person_id, repair=False)
        person: dict[str, Any] = next(iter(tables.get("person", {}).values()), {})
        return {
            "display_name": person.get("display_name") or person_id,
            "reference": person.get("reference"),
            "created": person.get("created", ""),
            "sessions": len(tables.get("sessions", {})),
            "updated": now(),
        }

    def _refresh_entry(self, case: Case) -> None:
        """Keep the index in step with an open case; only written when something listed changed."""
        person = case.person
        wanted = {
            "display_name": person.get("display_name", case.person_id),
            "reference": person.get("reference"),
            "created": person.get("created", ""),
            "sessions": case.session_count,
        }
        if case.person_id not in self._known:
            with contextlib.suppress(RecordsError):
                self._known = {pid: dict(e) for pid, e in self._read_index()["people"].items()}
        known = self._known.get(case.person_id, {})
        if all(known.get(k) == v for k, v in wanted.items()):
            return

        def change(doc: dict[str, Any]) -> None:
            doc["people"][case.person_id] = {**wanted, "updated": now()}

        # The index is derived data: if it cannot be written now, the answer is still safe in
        # the case file and the next save tries again (``_known`` is only updated on success).
        with contextlib.suppress(RecordsError):
            self._update_index(change, scrub=case.scrubbing)

    def _ids_on_disk(self) -> set[str]:
        try:
            names = os.listdir(self.cases_dir)
        except OSError:
            return set()
        return {n[: -len(CASE_SUFFIX)] for n in names if n.endswith(CASE_SUFFIX)}

    # -- listing and finding ---------------------------------------------------------------

    def list_people(
        self, search: str | None = None, *, file_times: bool = True
    ) -> list[PersonSummary]:
        """Everyone with a record, sorted by name; ``search`` matches name, reference or id.

        ``updated`` is the later of the index's time and the case file's. ``file_times=False``
        leaves the files' times unread (a third of the time for a long list, when the times are
        not shown, as on Home): ``updated`` is then the time of the last change to the index.
        """
        doc = self._read_index()
        people: dict[str, Any] = doc["people"]
        self._known = {pid: dict(e) for pid, e in people.items()}
        on_disk: set[str] = set()
        mtimes: dict[str, int] = {}
        erasing: set[str] = set()
        backups: set[str] = set()
        try:
            entries = list(os.scandir(self.cases_dir))
        except OSError:
            entries = []
        for entry in entries:
            name = entry.name
            if name.endswith(CASE_SUFFIX):
                person_id = name[: -len(CASE_SUFFIX)]
                if not file_times:
                    on_disk.add(person_id)
                    continue
                with contextlib.suppress(OSError):
                    mtimes[person_id] = entry.stat().st_mtime_ns
                    on_disk.add(person_id)
            elif name.endswith(ERASING_SUFFIX):
                erasing.add(name[: -len(ERASING_SUFFIX)])
            elif name.endswith(CASE_SUFFIX + ".bak"):
                backups.add(name[: -len(CASE_SUFFIX + ".bak")])
        self._reconcile(people, on_disk, erasing, backups)
        result = []
        for pid, entry in people.items():
            updated = entry.get("updated", "")
            if pid in mtimes:
                updated = max(updated, _iso_from_ns(mtimes[pid]))
            result.append(
                PersonSummary(
                    pid,
                    entry.get("display_name") or pid,
                    entry.get("reference"),
                    entry.get("created", ""),
                    updated,
                    int(entry.get("sessions", 0)),
                )
            )
        if search:
            needle = search.casefold().strip()
            result = [
                p
                for p in result
                if needle in p.display_name.casefold()
                or needle in (p.reference or "").casefold()
                or needle in p.id
            ]
        return sorted(result, key=lambda p: (p.display_name.casefold(), p.id))

    def _reconcile(
        self, people: dict[str, Any], on_disk: set[str], erasing: set[str], backups: set[str]
    ) -> None:
        """Repair the index after a crash between writing a case file and the index."""
        for pid in erasing:
            with contextlib.suppress(RecordsError, OSError):
                self._resume_erase(pid)
            people.pop(pid, None)
            on_disk.discard(pid)
        unlisted = {pid for pid in on_disk - people.keys() if _ID_RE.match(pid)}
        vanished = people.keys() - on_disk - backups
        if not unlisted and not vanished:
            return
        for pid in unlisted:
            try:
                people[pid] = self._entry_from_case(pid)
            except RecordsError as exc:
                self.recovered.append(RecoveryNotice(pid, str(exc), repaired=False))
        for pid in vanished:
            name = people.pop(pid).get("display_name", pid)
            self.recovered.append(
                RecoveryNotice(
                    pid,
                    f"The record for {name} (id {pid}) is listed but its file is missing from "
                    f"{self.cases_dir}; it was taken off the list. If the folder was restored "
                    "from a backup, copy the file back and it will be listed again.",
                )
            )

        def change(doc: dict[str, Any]) -> None:
            for pid in unlisted:
                if pid in people:
                    doc["people"].setdefault(pid, people[pid])
            for pid in vanished:
                if not self.case_path(pid).exists():
                    doc["people"].pop(pid, None)

        with contextlib.suppress(RecordsError):
            self._update_index(change)

    def find(self, person_ref: str) -> PersonSummary:
        """The one record matching an id, a reference number or a display name."""
        ref = person_ref.strip()
        people = self.list_people()
        for person in people:
            if person.id == ref:
                return person
        folded = ref.casefold()
        matches = [
            p
            for p in people
            if (p.reference or "").casefold() == folded or p.display_name.casefold() == folded
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            where = "training records" if self.training else "records"
            raise RecordNotFound(
                f"No {where} match '{ref}'. Nothing was changed. Run `cpi-assistant people` to "
                "see who is recorded, then use their id, reference number or display name."
            )
        listing = "; ".join(p.label() for p in matches)
        raise AmbiguousPerson(
            f"'{ref}' matches {len(matches)} records: {listing}. Nothing was changed. "
            "Use the id to say which one.",
            list(matches),
        )

    def _label(self, person_id: str) -> str:
        entry = self._known.get(person_id)
        if entry is None:
            with contextlib.suppress(RecordsError):
                entry = self._read_index()["people"].get(person_id)
        name = (entry or {}).get("display_name")
        return f"The record for {name} (id {person_id})" if name else f"Record {person_id}"

    # -- creating --------------------------------------------------------------------------

    def create_person(self, display_name: str, reference: str | None = None) -> str:
        """Start a record for someone; returns the new person id. Durable when it returns."""
        name = clean_name(display_name)
        ref = (reference or "").strip() or None
        self._ensure_dirs()
        if ref is not None:
            for pid, entry in self._read_index()["people"].items():
                if (entry.get("reference") or "").casefold() == ref.casefold():
                    raise RecordsError(
                        f"Reference '{ref}' is already used by {entry.get('display_name')} "
                        f"(id {pid}). Nothing was created. Use a different reference, or open "
                        "that record."
                    )
        person_id = self._new_id()
        at = now()
        person = {"id": person_id, "display_name": name, "reference": ref, "created": at}
        tables: Tables = {t: {} for t in _CASE_TABLES}
        tables["person"]["1"] = person
        tables["audit"]["1"] = {"at": at, "kind": "record_created"}
        path = self.case_path(person_id)
        # Held while writing so another process starting up never takes our temp file for an
        # orphan of a crashed writer.
        lock = self._lock_record(person_id)
        try:
            write_atomic(path, self._encode_case(person_id, tables))
        except OSError as exc:
            raise save_failed(exc, path, f"The new record for {name}") from exc
        finally:
            lock.release()
        entry = {"display_name": name, "reference": ref, "created": at, "sessions": 0}

        def change(doc: dict[str, Any]) -> None:
            doc["people"][person_id] = {**entry, "updated": at}

        # If this fails the case file is already safe; listing adds it to the index later.
        with contextlib.suppress(RecordsError):
            self._update_index(change)
        return person_id

    # -- reading a case file, with recovery ------------------------------------------------

    def _encode_case(self, person_id: str, tables: Tables) -> bytes:
        return self._codec.dumps("case", {"person_id": person_id, "tables": tables})

    def _decode_case(self, person_id: str, raw: bytes) -> Tables:
        doc = self._codec.loads("case", raw)
        if doc.get("person_id") != person_id:
            raise Damaged("it holds a different person's record")
        tables = check_tables(doc)
        for name in _CASE_TABLES:
            tables.setdefault(name, {})
        return tables

    def _too_new(self, person_id: str, exc: TooNew) -> RecordTooNew:
        return RecordTooNew(
            f"{self._label(person_id)} was saved by a newer version of Connecting People "
            f"Assistant (format {exc.schema}; this version reads up to {SCHEMAS['case']}). "
            "It was left untouched. Update the app to open it."
        )

    def _load_tables(self, person_id: str, *, repair: bool) -> tuple[Tables, RecoveryNotice | None]:
        """Read a case file. If it is damaged, fall back to the last good copy.

        With ``repair`` (the caller holds the record's lock) the damaged file is moved aside and
        the good copy put back in its place; otherwise the good copy is only read.
        """
        path = self.case_path(person_id)
        try:
            raw: bytes | None = path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError as exc:
            raise self._unavailable(exc, "read") from exc
        if raw is not None:
            try:
                return self._decode_case(person_id, raw), None
            except TooNew as exc:
                raise self._too_new(person_id, exc) from None
            except NeedsKey as exc:
                raise RecordDamaged(
                    f"{self._label(person_id)} cannot be read: {exc}. It was left untouched. "
                    "Restore keycheck.json to the data folder, then try again."
                ) from None
            except Damaged as exc:
                problem = str(exc)
        else:
            problem = "its file is missing"
        bak = backup_path(path)
        good: bytes | None = None
        bak_problem = "there is no earlier copy"
        try:
            good = bak.read_bytes()
            tables = self._decode_case(person_id, good)
        except FileNotFoundError:
            if raw is None:
                raise RecordNotFound(f"There is no record with id {person_id}.") from None
            good = None
        except (OSError, Damaged, TooNew) as exc:
            good = None
            bak_problem = f"the earlier copy is not usable either ({exc})"
        label = self._label(person_id)
        kept = None
        if repair and raw is not None:
            try:
                kept = self._set_aside(path, person_id)
            except OSError:
                repair = False  # cannot move it (read-only folder): read the good copy only
        if good is None:
            where = f" The damaged file was kept at {kept}." if kept else ""
            raise RecordDamaged(
                f"{label} cannot be opened: {problem}, and {bak_problem}.{where} Other records "
                "are not affected. Restore the file from a backup of the data folder if you "
                "have one."
            )
        if repair:
            try:
                write_atomic(path, good)
            except OSError as exc:
                raise self._unavailable(exc, "repair a record in") from exc
            done = "It was restored from the last good copy"
        else:
            done = "The last good copy is shown; it will be repaired when the record is next opened"
        when = ""
        with contextlib.suppress(OSError):
            when = f" (saved {_iso_from_ns(bak.stat().st_mtime_ns)[:19].replace('T', ' ')} UTC)"
        where = f" The damaged file was kept at {kept}." if kept else ""
        notice = RecoveryNotice(
            person_id,
            f"{label} was damaged ({problem}). {done}{when}.{where} Please check the most "
            "recent answers with the person.",
            kept,
        )
        self.recovered.append(notice)
        return tables, notice

    def _set_aside(self, path: Path, stem: str) -> Path | None:
        """Move a damaged file into ``damaged/`` under a new name (never overwriting anything)."""
        import secrets

        if not path.exists():
            return None
        ensure_private_dir(self.damaged_dir)
        dest = self.damaged_dir / f"{stem}.{_stamp()}.{secrets.token_hex(3)}{path.suffix}"
        try:
            os.link(path, dest)  # fails rather than overwrite
            os.unlink(path)
        except OSError:
            os.rename(path, dest)  # no hard links here: the random name keeps it unique
        fsync_dir(self.damaged_dir)
        fsync_dir(path.parent)
        return dest

    # -- opening ---------------------------------------------------------------------------

    def open(self, person_id: str) -> Case:
        """Open a record for writing (exclusive across processes). Use ``with store.open(id)``.

        Raises ``RecordLocked`` if it is open in another window, ``RecordNotFound``,
        ``RecordDamaged`` (no good copy) or ``RecordTooNew`` (left untouched).
        """
        from assistant.records.case import Case
        from assistant.records.storage import DurableStorage

        self._check_id(person_id)
        lock = self._lock_record(person_id)
        try:
            if (self.cases_dir / f"{person_id}{ERASING_SUFFIX}").exists():
                self._finish_erase(person_id)
                raise RecordNotFound(f"Record {person_id} was erased.")
            tables, notice = self._load_tables(person_id, repair=True)
            storage = DurableStorage(
                self.case_path(person_id),
                tables,
                self._codec.prefix("case", person_id=person_id),
                self._codec.seal,
            )
            case = Case(
                person_id,
                storage,
                release=lock.release,
                on_change=self._refresh_entry,
                training=self.training,
            )
        except BaseException:
            lock.release()
            raise
        if notice is not None:
            with contextlib.suppress(RecordsError):
                kept = str(notice.kept_at) if notice.kept_at else None
                case.audit("recovered_from_backup", problem=notice.message, kept_at=kept)
        with contextlib.suppress(RecordsError):
            self._refresh_entry(case)
        return case

    def read(self, person_id: str) -> Case:
        """A read-only view of a record; works while it is open for writing elsewhere.

        A damaged file is repaired at once if nobody has the record open.
        """
        from assistant.records.case import Case
        from assistant.records.storage import DurableStorage

        self._check_id(person_id)
        tables, notice = self._load_tables(person_id, repair=False)
        if notice is not None:
            lock = self._try_lock(self.cases_dir / f"{person_id}{LOCK_SUFFIX}")
            if lock is not None:
                try:
                    self.recovered.remove(notice)
                    tables, _ = self._load_tables(person_id, repair=True)
                finally:
                    lock.release()
        storage = DurableStorage(self.case_path(person_id), tables, "", self._refuse_write)
        return Case(person_id, storage, read_only=True, training=self.training)

    @staticmethod
    def _refuse_write(data: bytes) -> bytes:
        raise RecordsError("This record was opened read-only; nothing was changed.")

    def verify_all(self) -> list[RecoveryNotice]:
        """Read every record, repairing what can be repaired; returns what was found."""
        found: list[RecoveryNotice] = []
        for person in self.list_people():
            before = len(self.recovered)
            try:
                self.read(person.id).close()
            except RecordsError as exc:
                found.append(RecoveryNotice(person.id, str(exc), repaired=False))
            found.extend(self.recovered[before:])
        return found

    # -- erasing ---------------------------------------------------------------------------

    def erase(self, person_id: str) -> None:
        """Remove a record, its backups, damaged copies and index entry; log an anonymous event."""
        self._check_id(person_id)
        path = self.case_path(person_id)
        if not (path.exists() or backup_path(path).exists()):
            raise RecordNotFound(f"There is no record with id {person_id}.")
        lock = self._lock_record(person_id)
        try:
            # The marker makes an interrupted erasure finish later instead of half-happening.
            marker = self.cases_dir / f"{person_id}{ERASING_SUFFIX}"
            try:
                write_atomic(marker, b"")
            except OSError as exc:
                raise self._unavailable(exc, "erase a record in") from exc
            self._finish_erase(person_id)
        finally:
            lock.release()

    def _resume_erase(self, person_id: str) -> None:
        lock = self._try_lock(self.cases_dir / f"{person_id}{LOCK_SUFFIX}")
        if lock is None:
            return
        try:
            self._finish_erase(person_id)
        finally:
            lock.release()

    def _finish_erase(self, person_id: str) -> None:
        removed = 0
        path = self.case_path(person_id)
        victims = [path, backup_path(path)]
        victims += [t for t, target in iter_orphans(self.cases_dir) if target.startswith(person_id)]
        # Damaged copies of the index may hold the person's name too; the index is derived
        # data (rebuilt from the case files), so they can go.
        with contextlib.suppress(OSError):
            victims += [
                p
                for p in self.damaged_dir.iterdir()
                if p.name.startswith((person_id + ".", "index."))
            ]
        for victim in victims:
            try:
                victim.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise self._unavailable(exc, "erase a record in") from exc
        fsync_dir(self.cases_dir)
        if self.damaged_dir.exists():
            fsync_dir(self.damaged_dir)

        def change(doc: dict[str, Any]) -> None:
            if person_id in doc["people"] or removed:
                # Anonymous on purpose: no id, name or reference survives the erasure.
                doc["events"].append({"at": now(), "kind": "record_erased"})
            doc["people"].pop(person_id, None)

        self._update_index(change, scrub=True)
        self._known.pop(person_id, None)
        (self.cases_dir / f"{person_id}{ERASING_SUFFIX}").unlink(missing_ok=True)
        (self.cases_dir / f"{person_id}{LOCK_SUFFIX}").unlink(missing_ok=True)
        fsync_dir(self.cases_dir)

    def store_events(self) -> list[dict[str, Any]]:
        """Events about the store itself (anonymous erasures), oldest first."""
        return list(self._read_index()["events"])

    # -- subject access --------------------------------------------------------------------

    def export_all(self, person_id: str, case: Case | None = None) -> dict[str, Any]:
        """Everything held about a person, as JSON-able data (for a subject access request)."""
        own = case is None
        case = case or self.read(person_id)
        try:
            data = case.snapshot()
        finally:
            if own:
                case.close()
        damaged: list[dict[str, Any]] = []
        with contextlib.suppress(OSError):
            for copy in sorted(self.damaged_dir.iterdir()):
                if copy.name.startswith(person_id + "."):
                    item: dict[str, Any] = {"file": str(copy), "readable": False, "content": None}
                    with contextlib.suppress(OSError, Damaged, TooNew):
                        item["content"] = self._decode_case(person_id, copy.read_bytes())
                        item["readable"] = True
                    damaged.append(item)
        entry = self._read_index()["people"].get(person_id)
        marker = {}
        if self.training:
            marker = {"watermark": TRAINING_WATERMARK}
        return {
            "format": "cpi-subject-access",
            "schema": 1,
            **marker,
            "exported_at": now(),
            "app": f"Connecting People Assistant {__version__}",
            "person_id": person_id,
            "index_entry": entry,
            **data,
            "damaged_copies": damaged,
            "files": [
                str(p)
                for p in (self.case_path(person_id), backup_path(self.case_path(person_id)))
                if p.exists()
            ]
            + [d["file"] for d in damaged],
        }


# -- encrypting an existing folder ------------------------------------------------------------


def _plain_files(area: Path) -> Iterator[Path]:
    for folder in (area, area / "cases", area / "damaged"):
        with contextlib.suppress(OSError):
            for path in folder.iterdir():
                name = path.name
                if (
                    path.is_file()
                    and not name.startswith(".")
                    and (name.startswith("index.json") or folder.name in ("cases", "damaged"))
                ):
                    if name.endswith((LOCK_SUFFIX, ERASING_SUFFIX)):
                        continue
                    yield path


def encrypt_existing(root: Path, keyring: Keyring) -> int:
    """Encrypt every plaintext records file in ``root`` (both areas). Returns files converted.

    Needs every record closed. Safe to interrupt: each file is replaced atomically, and the
    key-check file stays in its "encrypting" state (plaintext still accepted) until all are done.
    """
    stores = [CaseStore(root, keyring=keyring), CaseStore(root, keyring=keyring, training=True)]
    locks = []
    converted = 0
    try:
        # The main index lock also covers the key-check file (its temp files are cleaned up
        # under that lock).
        locks.append(stores[0]._file_lock(root / "index.lock", timeout=INDEX_LOCK_TIMEOUT))
        locks[-1].acquire()
        stores[0]._index_owner = threading.get_ident()
        for store in stores:
            for pid in sorted(store._ids_on_disk() | set(store._read_index()["people"])):
                if not _ID_RE.match(pid):
                    continue
                lock = store._try_lock(store.cases_dir / f"{pid}{LOCK_SUFFIX}")
                if lock is None:
                    raise RecordLocked(
                        f"{store._label(pid)} is open in another window. Encryption was not "
                        "finished; nothing was lost. Close the other windows and run "
                        "`cpi-assistant init --encrypt` again."
                    )
                locks.append(lock)
        for store in stores:
            with store._index_locked():
                for path in _plain_files(store.area):
                    data = path.read_bytes()
                    if not is_encrypted_bytes(data):
                        write_atomic(path, keyring.encrypt(data))
                        converted += 1
        write_keycheck(root, keyring, "ready")
    finally:
        stores[0]._index_owner = None
        for lock in reversed(locks):
            lock.release()
    return converted


def init_store(root: Path, passphrase: str | None = None) -> tuple[CaseStore, int]:
    """Create the data folder; with a passphrase, turn on encryption (converting what is there).

    Returns the store and how many existing files were encrypted.
    """
    root = Path(root)
    for folder in (root, root / "cases", root / TRAINING_DIR, root / TRAINING_DIR / "cases"):
        try:
            ensure_private_dir(folder)
        except OSError as exc:
            raise StoreUnavailable(
                f"Cannot create the records folder {folder}: {describe_os_error(exc)}. Nothing "
                "was changed. Choose another folder with --data-dir."
            ) from exc
    if passphrase is None:
        return CaseStore(root), 0
    doc = read_keycheck(root)
    if doc is not None and doc.get("state", "ready") == "ready":
        raise EncryptionError(
            f"The records in {root} are already encrypted. Nothing was changed. "
            "(Changing the passphrase is not supported yet.)"
        )
    if doc is None:
        keyring = new_keyring(passphrase)
        # Written first, in the "encrypting" state, so an interruption can be resumed.
        with CaseStore(root)._index_locked():
            write_keycheck(root, keyring, "encrypting")
    else:
        keyring, _ = unlock(root, passphrase)
    converted = encrypt_existing(root, keyring)
    return CaseStore(root, keyring=keyring), converted


def open_store(
    data_dir: Path | str | None = None, passphrase: str | None = None, *, training: bool = False
) -> CaseStore:
    """The store for real cases, or with ``training=True`` the separate training store."""
    return CaseStore(resolve_data_dir(data_dir), passphrase, training=training)


def is_encrypted_folder(data_dir: Path | str) -> bool:
    """True if the folder's records are encrypted (a passphrase will be needed)."""
    return read_keycheck(Path(data_dir)) is not None
