"""Erasing a record: its file, its backup, its damaged copies and its index entry.

An erasure writes a marker file first, so one that is interrupted (a crash, a kill) finishes
the next time the record is listed or opened instead of half-happening. The index keeps only an
anonymous event ("a record was erased"), and its backup is overwritten so no old entry
survives.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from assistant.records.atomic import backup_path, fsync_dir, iter_orphans, write_atomic
from assistant.records.errors import RecordNotFound
from assistant.records.fileformat import now
from assistant.records.folder import StoreFolder
from assistant.records.index import PeopleIndex


class Erasure:
    """Erases records from one store area, keeping its index in step."""

    def __init__(self, folder: StoreFolder, index: PeopleIndex) -> None:
        self._folder = folder
        self._index = index

    def erase(self, person_id: str) -> None:
        """Remove a record, its backups, damaged copies and index entry; log an anonymous event."""
        folder = self._folder
        folder.check_id(person_id)
        path = folder.case_path(person_id)
        if not (path.exists() or backup_path(path).exists()):
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
        victims: list[Path] = [path, backup_path(path)]
        victims += [
            t for t, target in iter_orphans(folder.cases_dir) if target.startswith(person_id)
        ]
        # Damaged copies of the index may hold the person's name too; the index is derived
        # data (rebuilt from the case files), so they can go.
        with contextlib.suppress(OSError):
            victims += [
                p
                for p in folder.damaged_dir.iterdir()
                if p.name.startswith((person_id + ".", "index."))
            ]
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

        self._index.update(change, scrub=True)
        self._index.known.pop(person_id, None)
        folder.erasing_path(person_id).unlink(missing_ok=True)
        folder.lock_path(person_id).unlink(missing_ok=True)
        fsync_dir(folder.cases_dir)
