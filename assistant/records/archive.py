"""A person's archive file: closed meetings moved out of the case file, so saves stay small.

A case file that kept every meeting would grow for years (a monthly meeting for five years is
about 60 sessions, their plan versions and audit events: megabytes), and every answer rewrites
the whole file. Closed meetings are therefore moved to ``cases/ID.archive`` (see
``Case.archive_closed``), written the same way as the case file (atomic, fsync'd, encrypted
when the folder is) and read only when a history is asked for.

The case file stays the authority: its ``archive`` table lists the sessions that are archived.
Anything in the archive for a session not on that list is a leftover of an archiving step that
was interrupted (the case file still holds the real copy) and is ignored. Every write of the
archive also rewrites its backup with the same content, so its last good copy never lacks a
meeting the case file says is archived.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.records.atomic import backup_path, write_atomic
from assistant.records.errors import RecordDamaged, RecordTooNew, save_failed
from assistant.records.fileformat import SCHEMAS, Codec, Damaged, TooNew, check_tables
from assistant.records.folder import StoreFolder
from assistant.records.recovery import RecoveryNotice, set_aside
from assistant.safe_read import NotRegularFile, read_regular

if TYPE_CHECKING:
    from assistant.records.storage import Tables

ARCHIVE_SUFFIX = ".archive"
# The tables a closed meeting's documents come from. The person document never moves, and
# neither do ratings: a few hundred bytes a meeting, and Home charts them all at every opening.
ARCHIVE_TABLES = ("sessions", "plans", "audit", "texts")


class ArchiveFile:
    """One person's archive file, with recovery from its last good copy."""

    def __init__(
        self,
        folder: StoreFolder,
        person_id: str,
        codec: Codec,
        recovered: list[RecoveryNotice],
        label: Callable[[str], str],
    ) -> None:
        self.person_id = person_id
        self.path = folder.cases_dir / f"{person_id}{ARCHIVE_SUFFIX}"
        self._folder = folder
        self._codec = codec
        self._recovered = recovered
        self._label = label

    def encode(self, tables: Tables) -> bytes:
        return self._codec.dumps("archive", {"person_id": self.person_id, "tables": tables})

    def decode(self, raw: bytes) -> Tables:
        doc = self._codec.loads("archive", raw)
        if doc.get("person_id") != self.person_id:
            raise Damaged("it holds a different person's archive")
        tables = check_tables(doc)
        for name in ARCHIVE_TABLES:
            tables.setdefault(name, {})
        return tables

    def exists(self) -> bool:
        return self.path.exists() or backup_path(self.path).exists()

    def _read(self, path: Path) -> Tables:
        try:
            return self.decode(read_regular(path))
        except TooNew as exc:
            raise RecordTooNew(
                f"The archived meetings in {_lower(self._label(self.person_id))} were saved by "
                f"a newer version of Connecting People Assistant (format {exc.schema}; this "
                f"version reads up to {SCHEMAS['archive']}). Nothing was changed. Update the app."
            ) from None

    def load(self, *, repair: bool) -> Tables:
        """The archived tables; empty ones when nothing was ever archived.

        A damaged archive falls back to its backup (the same content, see the module's
        notes); with ``repair`` (the record's lock is held) the damaged file is set aside and
        the backup put in its place.
        """
        try:
            return self._read(self.path)
        except FileNotFoundError:
            problem = "its file is missing"
            if not backup_path(self.path).exists():
                return {name: {} for name in ARCHIVE_TABLES}
        except NotRegularFile as exc:
            problem = exc.strerror or "it is not a regular file"
        except Damaged as exc:
            problem = str(exc)
        except OSError as exc:
            raise self._folder.unavailable(exc, "read") from exc
        label = self._label(self.person_id)
        try:
            good = read_regular(backup_path(self.path))
            tables = self.decode(good)
        except (OSError, Damaged, TooNew) as exc:
            raise RecordDamaged(
                f"The archived meetings in {_lower(label)} cannot be read: {problem}, and the "
                f"earlier copy is not usable either ({exc}). The newer meetings are not "
                f"affected. If you have a backup of the data folder, copy this one file back "
                f"from it: {self.path.name} (into {self.path.parent}). Restoring the whole "
                "folder would also undo everyone else's newer meetings."
            ) from None
        kept = None
        if repair:
            with contextlib.suppress(OSError):
                kept = set_aside(self._folder, self.path, self.person_id)
                write_atomic(self.path, good)
        where = f" The damaged file was kept at {kept}." if kept else ""
        self._recovered.append(
            RecoveryNotice(
                self.person_id,
                f"The archived meetings in {_lower(label)} were damaged ({problem}). Their last "
                f"good copy, which holds every archived meeting, was used.{where}",
                kept,
            )
        )
        return tables

    def write(self, tables: Tables) -> None:
        """Write the archive and its backup with the same content, durably.

        Raises ``SaveFailed``; the case file is written only after this returns, so a failure
        leaves the meetings where they were.
        """
        data = self.encode(tables)
        try:
            write_atomic(self.path, data)
            write_atomic(backup_path(self.path), data)
        except OSError as exc:
            raise save_failed(exc, self.path, "The archived meetings") from exc


def _lower(label: str) -> str:
    """A record's label ("The record for Sam (id …)") inside a sentence: "the record for …"."""
    return label[:1].lower() + label[1:] if label.startswith(("The ", "Record ")) else label
