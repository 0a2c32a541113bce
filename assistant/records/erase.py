"""Erasing a record: its file, its archive, their backups, damaged copies and its index entry.

An erasure writes a marker file first, so one that is interrupted (a crash, a kill) finishes
the next time the record is listed or opened instead of half-happening. The index keeps only an
anonymous event ("a record was erased"), and its backup is overwritten so no old entry
survives.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from assistant.records.archive import ARCHIVE_SUFFIX
from assistant.records.atomic import backup_path, fsync_dir, iter_orphans, write_atomic
from assistant.records.errors import RecordNotFound, RecordsError, SaveFailed, StoreUnavailable
from assistant.records.fileformat import now
from assistant.records.folder import StoreFolder
from assistant.records.index import PeopleIndex


def damaged_copies(folder: StoreFolder, person_id: str, *, with_index: bool = False) -> list[Path]:
    """Copies of the record set aside in ``damaged/`` (and, ``with_index``, of the index:
    they may hold the person's name too; the index is derived data, so they can go)."""
    prefixes = (person_id + ".", "index.") if with_index else (person_id + ".",)
    try:
        return [p for p in folder.damaged_dir.iterdir() if p.name.startswith(prefixes)]
    except OSError:
        return []


def has_files(folder: StoreFolder, person_id: str) -> bool:
    """Whether anything of the record ``person_id`` is in this area of the folder, listed or
    not: its case file or backup, its archive, an unfinished erasure's marker or a damaged
    copy (what erasing it would reach). Nothing is opened or read."""
    path = folder.case_path(person_id)
    archive = folder.cases_dir / f"{person_id}{ARCHIVE_SUFFIX}"
    leftovers = [path, backup_path(path), folder.erasing_path(person_id), archive]
    return any(os.path.lexists(p) for p in leftovers) or bool(damaged_copies(folder, person_id))


class Erasure:
    """Erases records from one store area, keeping its index in step."""

    def __init__(self, folder: StoreFolder, index: PeopleIndex) -> None:
        self._folder = folder
        self._index = index

    def erase(self, person_id: str) -> None:
        """Remove a record, its backups, damaged copies and index entry; log an anonymous event."""
        folder = self._folder
        folder.check_id(person_id)
        if not has_files(folder, person_id):
            raise RecordNotFound(f"There is no record with id {person_id}.")
        lock = folder.lock_record(person_id, self._index.label)
        try:
            # The marker makes an interrupted erasure finish later instead of half-happening.
            try:
                write_atomic(folder.erasing_path(person_id), b"")
            except OSError as exc:
                raise folder.unavailable(exc, "erase a record in") from exc
            self.finish(person_id)
        finally:
            lock.release()

    def _damaged_copies(self, person_id: str, *, with_index: bool = False) -> list[Path]:
        return damaged_copies(self._folder, person_id, with_index=with_index)

    def resume(self, person_id: str) -> None:
        """Finish an interrupted erasure, unless the record is open in another window."""
        lock = self._folder.try_lock(self._folder.lock_path(person_id))
        if lock is None:
            return
        try:
            self.finish(person_id)
        finally:
            lock.release()

    def finish(self, person_id: str) -> None:
        """Remove everything left of the record (its lock is held)."""
        folder = self._folder
        removed = 0
        path = folder.case_path(person_id)
        archive = folder.cases_dir / f"{person_id}{ARCHIVE_SUFFIX}"
        victims: list[Path] = [path, backup_path(path), archive, backup_path(archive)]
        victims += [
            t for t, target in iter_orphans(folder.cases_dir) if target.startswith(person_id)
        ]
        victims += self._damaged_copies(person_id, with_index=True)
        for victim in victims:
            try:
                victim.unlink()
                removed += 1
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise folder.unavailable(exc, "erase a record in") from exc
        fsync_dir(folder.cases_dir)
        if folder.damaged_dir.exists():
            fsync_dir(folder.damaged_dir)

        def change(doc: dict[str, Any]) -> None:
            if person_id in doc["people"] or removed:
                # Anonymous on purpose: no id, name or reference survives the erasure.
                doc["events"].append({"at": now(), "kind": "record_erased"})
            doc["people"].pop(person_id, None)

        try:
            self._index.update(change, scrub=True)
        except RecordsError as exc:
            # The files are gone already: say so (never "nothing was changed"). The marker
            # stays, so listing or opening the records, or `erase` again, finishes the job.
            raise RecordsError(
                f"The files of record {person_id} were erased, but the list of people could "
                f"not be updated yet ({_why(exc)}). The record is no longer shown. Its entry "
                "is taken off the list automatically the next time the records are listed "
                f"or opened (or run `cpi-assistant erase {person_id}` again)."
            ) from exc
        self._index.known.pop(person_id, None)
        folder.erasing_path(person_id).unlink(missing_ok=True)
        folder.lock_path(person_id).unlink(missing_ok=True)
        fsync_dir(folder.cases_dir)


def _why(exc: RecordsError) -> str:
    """Why the list of people could not be written, in a few words."""
    if isinstance(exc, SaveFailed):
        return exc.reason
    if isinstance(exc, StoreUnavailable):
        return "its lock could not be taken"
    return "it is busy in another window"
