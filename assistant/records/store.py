"""The case store: one TinyDB file per person in a data folder, composed of its parts.

Layout of a data folder (see docs/records.md)::

    DATA_DIR/                   0700
      keycheck.json             only when encrypted (salt, scrypt parameters, key check)
      index.json                small list of people: id, display name, reference,
                                NHS number, counts
      index.lock                held only while the index is rewritten
      cases/<id>.case           one person's TinyDB file            0600
      cases/<id>.case.bak       the last good copy before the latest save
      cases/<id>.lock           held while the record is open for writing
      cases/<id>.archive(.bak)  closed meetings moved out of the case file (archive.py)
      damaged/                  damaged files moved aside, never overwritten
      training/                 the same layout again, for training records

Saving an answer touches only that person's case file, so it stays fast however many people an
agency records; the index is rewritten only when a name, reference, NHS number or session count
changes.

:class:`CaseStore` creates, opens, reads and exports records. Its parts, each in its module:
``folder.py`` (paths, owner-only folders, locks, opening the encryption), ``index.py`` (the list
of people), ``recovery.py`` (reading case files, falling back to the last good copy) and
``erase.py`` (erasing a record). ``setup.py`` creates a data folder and turns on encryption.
"""

from __future__ import annotations

import contextlib
import os
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant import __version__
from assistant.marks import TRAINING_WATERMARK
from assistant.records.archive import ArchiveFile
from assistant.records.atomic import backup_path, write_atomic
from assistant.records.crypto import Keyring, restore_keycheck
from assistant.records.erase import Erasure, has_files
from assistant.records.errors import (
    EncryptionError,
    RecordNotFound,
    RecordsError,
    fix_advice,
    save_failed,
)
from assistant.records.fileformat import (
    Damaged,
    TooNew,
    clean_born,
    clean_gender,
    clean_nhs_number,
    clean_reference,
    now,
)
from assistant.records.folder import StoreFolder, encrypting_interrupted, open_codec
from assistant.records.index import PeopleIndex, PersonSummary
from assistant.records.paths import resolve_data_dir
from assistant.records.recovery import (
    CASE_TABLES,
    CaseFiles,
    RecoveryNotice,
    remove_crash_leftovers,
)
from assistant.records.rescue import subject_access_copies
from assistant.safe_read import read_regular
from assistant.scratch import sweep_stale

#: Opening a record that is not there: in words for the people at the screen (no id).
GONE = (
    "This record is not in the records folder any more: it may have been erased from another "
    "window or by a command. Nothing was changed."
)

if TYPE_CHECKING:
    from assistant.records.case import Case
    from assistant.records.storage import Tables


# The case module (and TinyDB with it) is imported only when a record is created, opened or
# read: listing people, which is all the app's first screen needs, does without it.


def clean_name(name: str) -> str:
    """A display name, trimmed; refuses an empty one (``assistant.records.case.clean_name``)."""
    from assistant.records.case import clean_name

    return clean_name(name)


class CaseStore:
    """All the case records in one data folder (or its separate training area).

    Opening the store checks the passphrase first (a wrong one touches nothing), then removes
    temp files left by crashed writers. ``recovered`` collects a :class:`RecoveryNotice` for
    every repair made, for the UI or CLI to show.

    Its parts: ``folder`` (paths and locks), ``index`` (the list of people) and ``case_files``
    (reading case files with recovery).
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
        self.folder = StoreFolder(self.root, training=training)
        self.area = self.folder.area
        self.cases_dir = self.folder.cases_dir
        self.damaged_dir = self.folder.damaged_dir
        self.index_path = self.folder.index_path
        self.recovered: list[RecoveryNotice] = []
        self._codec, self.keyring = open_codec(self.folder, passphrase, keyring)
        #: Said by every command and the app while `init --encrypt` is unfinished (it was
        #: interrupted): the records open, but some are still in plain text.
        self.encryption_unfinished: str | None = (
            encrypting_interrupted(self.root)
            if self.keyring is not None and self._codec.accept_plain
            else None
        )
        if self.keyring is not None:
            note = restore_keycheck(self.root)
            if note is not None:
                self.recovered.append(RecoveryNotice(None, note))
        self.index = PeopleIndex(
            self.folder,
            self._codec,
            self.recovered,
            read_tables=self._read_tables,
            resume_erase=self._resume_erase,
        )
        self.case_files = CaseFiles(self.folder, self._codec, self.recovered, self.index.label)
        self._erasure = Erasure(self.folder, self.index)
        remove_crash_leftovers(self.folder)
        if not training:
            # Plaintext a killed export left behind (a PDF's page) goes at the next start.
            sweep_stale()

    @property
    def encrypted(self) -> bool:
        return self._codec.keyring is not None

    def training_store(self) -> CaseStore:
        """The separate training store in the same folder (sharing the derived key)."""
        return CaseStore(self.root, training=True, keyring=self.keyring)

    def case_path(self, person_id: str) -> Path:
        return self.folder.case_path(person_id)

    def archive_file(self, person_id: str) -> ArchiveFile:
        """The person's archive file (closed meetings moved out of the case file)."""
        return ArchiveFile(self.folder, person_id, self._codec, self.recovered, self.index.label)

    def _read_tables(self, person_id: str) -> Tables:
        return self.case_files.load(person_id, repair=False)[0]

    def _resume_erase(self, person_id: str) -> None:
        self._erasure.resume(person_id)

    # -- listing and finding ---------------------------------------------------------------

    def list_people(
        self, search: str | None = None, *, file_times: bool = True
    ) -> list[PersonSummary]:
        """Everyone with a record, sorted by name (see :meth:`PeopleIndex.list_people`)."""
        return self.index.list_people(search, file_times=file_times)

    def find(self, person_ref: str) -> PersonSummary:
        """The one record matching an id, a reference number or a display name."""
        return self.index.find(person_ref)

    def same_name(self, name: str, *, but: str | None = None) -> list[PersonSummary]:
        """Other records (not ``but``) with the display name ``name``."""
        return self.index.same_name(name, but=but)

    def store_events(self) -> list[dict[str, Any]]:
        """Events about the store itself (anonymous erasures), oldest first."""
        return self.index.events()

    # -- creating --------------------------------------------------------------------------

    def create_person(
        self,
        display_name: str,
        reference: str | None = None,
        nhs_number: str | None = None,
        *,
        born: str | None = None,
        gender: str | None = None,
        gender_words: str | None = None,
    ) -> str:
        """Start a record for someone; returns the new person id. Durable when it returns.

        ``reference`` (the agency's local identifier) and ``nhs_number`` are optional; each
        must not be another record's already, and an NHS number must pass its check. So are
        the date of birth (``born``: ``15/12/1980`` or ISO, checked) and gender (one of
        ``identifiers.GENDERS``, with ``gender_words`` for ``own_words``), kept only in the
        case file (not in the list of people).
        """
        name = clean_name(display_name)
        ref = clean_reference(reference)
        nhs = clean_nhs_number(nhs_number)
        dob = clean_born(born)
        sex, words = clean_gender(gender, gender_words)
        self.folder.ensure_dirs()
        self.check_unused(reference=ref, nhs_number=nhs, verb="created")
        person_id = self.folder.new_id()
        at = now()
        person = {"id": person_id, "display_name": name, "reference": ref, "created": at}
        if nhs is not None:
            person["nhs_number"] = nhs
        # Only when given: records without them read exactly as before.
        details = {"born": dob, "gender": sex, "gender_words": words}
        person.update({k: v for k, v in details.items() if v is not None})
        tables: Tables = {t: {} for t in CASE_TABLES}
        tables["person"]["1"] = person
        tables["audit"]["1"] = {"at": at, "kind": "record_created"}
        path = self.case_path(person_id)
        # Held while writing so another process starting up never takes our temp file for an
        # orphan of a crashed writer.
        lock = self.folder.lock_record(person_id, self.index.label)
        try:
            # Again just before writing: `init --encrypt` may have started since ensure_dirs.
            self.folder.refuse_if_encrypted_since()
            write_atomic(path, self.case_files.encode(person_id, tables))
        except OSError as exc:
            lock.release()
            # A new id nobody else knows: its lock file goes with the record not made.
            with contextlib.suppress(OSError):
                os.unlink(self.folder.lock_path(person_id))
            # Not retried by itself (there is no next answer): said so, and what to do.
            raise save_failed(
                exc,
                path,
                f"The new record for {name}",
                then=f"Nothing was saved. {fix_advice(exc.errno)}, then add them again.",
            ) from exc
        finally:
            lock.release()
        entry = {"display_name": name, "reference": ref, "created": at, "sessions": 0}
        if nhs is not None:
            entry["nhs_number"] = nhs

        def change(doc: dict[str, Any]) -> None:
            doc["people"][person_id] = {**entry, "updated": at}

        try:
            self.index.update(change)
        except EncryptionError:
            # The folder was encrypted while the file was written (the list's lock re-checks):
            # the file may have missed the conversion and be in plaintext, and this window can
            # no longer list it. It goes, and the person is not added: said, not hidden.
            for leftover in (path, backup_path(path), self.folder.lock_path(person_id)):
                with contextlib.suppress(OSError):
                    os.unlink(leftover)
            raise
        except RecordsError:
            pass  # the case file is already safe; listing adds it to the index later
        return person_id

    def check_unused(
        self,
        *,
        reference: str | None = None,
        nhs_number: str | None = None,
        person_id: str | None = None,
        verb: str = "changed",
    ) -> None:
        """Refuse a reference or NHS number that another record already has (``person_id``'s
        own record may keep its own). The message names that record, as a search would."""
        if reference is None and nhs_number is None:
            return
        for pid, entry in self.index.read()["people"].items():
            if pid == person_id:
                continue
            holder = f"{entry.get('display_name')} (id {pid})"
            # Accents composed on both sides (older records may hold "E" and an accent apart).
            if reference is not None and _nfc(entry.get("reference") or "").casefold() == (
                _nfc(reference).casefold()
            ):
                raise RecordsError(
                    f"Reference '{reference}' is already used by {holder}. Nothing was "
                    f"{verb}. Use a different reference, or open that record."
                )
            if nhs_number is not None and entry.get("nhs_number") == nhs_number:
                raise RecordsError(
                    f"That NHS number is already in the record of {holder}. Nothing was "
                    f"{verb}. Check the number, or open that record."
                )

    # -- opening ---------------------------------------------------------------------------

    def open(self, person_id: str) -> Case:
        """Open a record for writing (exclusive across processes). Use ``with store.open(id)``.

        Raises ``RecordLocked`` if it is open in another window, ``RecordNotFound``,
        ``RecordDamaged`` (no good copy) or ``RecordTooNew`` (left untouched).
        """
        from assistant.records.case import Case
        from assistant.records.storage import DurableStorage

        self.folder.check_id(person_id)
        path = self.case_path(person_id)
        if not any(
            os.path.lexists(p)
            for p in (path, backup_path(path), self.folder.erasing_path(person_id))
        ):
            # Gone (erased from another window or a command while this one listed it): said
            # without taking the lock, whose file would be left behind in the erased folder.
            raise RecordNotFound(GONE)
        lock = self.folder.lock_record(person_id, self.index.label)
        try:
            if self.folder.erasing_path(person_id).exists():
                self._erasure.finish(person_id)
                raise RecordNotFound(f"Record {person_id} was erased.")
            tables, notice, on_disk = self.case_files.load_on_disk(person_id, repair=True)
            storage = DurableStorage(
                self.case_path(person_id),
                tables,
                self._codec.prefix("case", person_id=person_id),
                self._codec.seal,
            )
            # Which version of the file this meeting starts from: a rescue copy made while
            # the file cannot be read (a drive gone) is put back only over that one. The
            # digest of the bytes just read: the file is not read a second time for it.
            storage.on_disk = on_disk
            case = Case(
                person_id,
                storage,
                release=lock.release,
                on_change=self.index.refresh_entry,
                training=self.training,
                archive=self.archive_file(person_id),
            )
        except BaseException:
            lock.release()
            raise
        if notice is not None:
            with contextlib.suppress(RecordsError):
                kept = str(notice.kept_at) if notice.kept_at else None
                # The parser's own words (where the file breaks off) for whoever looks into
                # it; the notice shown says it in plain words.
                extra = {"detail": notice.detail} if notice.detail else {}
                case.audit("recovered_from_backup", problem=notice.message, kept_at=kept, **extra)
        with contextlib.suppress(RecordsError):
            self.index.refresh_entry(case)
        return case

    def read(self, person_id: str) -> Case:
        """A read-only view of a record; works while it is open for writing elsewhere.

        A damaged file is repaired at once if nobody has the record open.
        """
        from assistant.records.case import Case
        from assistant.records.storage import DurableStorage

        self.folder.check_id(person_id)
        tables, notice = self.case_files.load(person_id, repair=False)
        if notice is not None:
            lock = self.folder.try_lock(self.folder.lock_path(person_id))
            if lock is not None:
                try:
                    self.recovered.remove(notice)
                    tables, _ = self.case_files.load(person_id, repair=True)
                finally:
                    lock.release()
        storage = DurableStorage(self.case_path(person_id), tables, "", self._refuse_write)
        return Case(
            person_id,
            storage,
            read_only=True,
            training=self.training,
            archive=self.archive_file(person_id),
        )

    def view_of(self, person_id: str, data: bytes, path: Path) -> Case:
        """A read-only view of a case file's bytes kept elsewhere (a rescue copy at ``path``),
        read with this folder's key. Raises ``Damaged``, ``TooNew`` or ``NeedsKey`` when they
        are not a readable case file of that record."""
        from assistant.records.case import Case
        from assistant.records.storage import DurableStorage

        self.folder.check_id(person_id)
        tables = self.case_files.decode(person_id, data)
        storage = DurableStorage(path, tables, "", self._refuse_write)
        return Case(person_id, storage, read_only=True, training=self.training)

    @staticmethod
    def _refuse_write(data: bytes) -> bytes:
        raise RecordsError("This record was opened read-only; nothing was changed.")

    def verify_all(self) -> list[RecoveryNotice]:
        """Read every record, repairing what can be repaired; returns what was found."""
        start = len(self.recovered)
        listed = [person.id for person in self.list_people()]
        # What listing found (a list of people rebuilt, a case file it could not read), then
        # every case file on disk, also one the rebuilt list could not take in.
        found: list[RecoveryNotice] = list(self.recovered[start:])
        for person_id in listed + sorted(self.index.ids_on_disk() - set(listed)):
            before = len(self.recovered)
            try:
                case = self.read(person_id)
                if case.archived_sessions:
                    case.plan_versions()  # reads the archive file too
                case.close()
            except RecordsError as exc:
                found.append(RecoveryNotice(person_id, str(exc), repaired=False))
            found.extend(self.recovered[before:])
        # One line per problem: a case listing could not read fails again when checked.
        return list({(n.person_id, n.message): n for n in found}.values())

    # -- erasing and subject access --------------------------------------------------------

    def erase(self, person_id: str) -> None:
        """Remove a record, its backups, damaged copies and index entry; log an anonymous event."""
        self._erasure.erase(person_id)

    def has_files(self, person_id: str, *, other_area: bool = False) -> bool:
        """Whether anything of record ``person_id`` is in this store's area, listed or not
        (what :meth:`erase` would reach); ``other_area``: in the folder's other area instead
        (the training records for the real store, the real ones for training), to say where
        an id belongs. Only file names are looked at: nothing is opened or decrypted."""
        folder = StoreFolder(self.root, training=not self.training) if other_area else self.folder
        try:
            folder.check_id(person_id)
        except RecordsError:
            return False
        return has_files(folder, person_id)

    def export_all(
        self, person_id: str, case: Case | None = None, *, rescued: Path | None = None
    ) -> dict[str, Any]:
        """Everything held about a person, as JSON-able data (for a subject access request).

        ``rescued``: the folder the app keeps rescue copies in (``rescue.default_folder``,
        outside the records folder): this record's copies there are held about the person
        too, so their contents are given (``rescue_copies``) and their files listed.
        """
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
                        raw = read_regular(copy)
                        if copy.suffix == ".archive":
                            item["content"] = self.archive_file(person_id).decode(raw)
                        else:
                            item["content"] = self.case_files.decode(person_id, raw)
                        item["readable"] = True
                    damaged.append(item)
        copies = subject_access_copies(self, rescued, person_id) if rescued is not None else []
        entry = self.index.read()["people"].get(person_id)
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
            "rescue_copies": copies,
            "files": [
                str(p)
                for p in (
                    self.case_path(person_id),
                    backup_path(self.case_path(person_id)),
                    self.archive_file(person_id).path,
                    backup_path(self.archive_file(person_id).path),
                )
                if p.exists()
            ]
            + [d["file"] for d in damaged]
            + [f for c in copies for f in (c["file"], c["note"])],
        }


def open_store(
    data_dir: Path | str | None = None, passphrase: str | None = None, *, training: bool = False
) -> CaseStore:
    """The store for real cases, or with ``training=True`` the separate training store."""
    return CaseStore(resolve_data_dir(data_dir), passphrase, training=training)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
