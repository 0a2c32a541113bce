"""Reading case files with recovery: a damaged file falls back to its last good copy.

A case file that cannot be read (cut short, garbled, missing) is moved into ``damaged/`` (never
overwritten) and its last good copy (``.bak``) put back in its place; each repair is reported
as a :class:`RecoveryNotice`, never silently. Temp files left by a writer that crashed are
removed when a store opens, except those of a record open in another window.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.private_dirs import ensure_private_dir
from assistant.records.atomic import (
    backup_path,
    digest,
    fsync_dir,
    iter_orphans,
    remove_orphans,
    write_atomic,
)
from assistant.records.errors import RecordDamaged, RecordNotFound, RecordTooNew
from assistant.records.fileformat import (
    SCHEMAS,
    Codec,
    Damaged,
    NeedsKey,
    TooNew,
    check_tables,
    iso_from_ns,
)
from assistant.records.folder import ID_RE, StoreFolder
from assistant.safe_read import NotRegularFile, read_regular

if TYPE_CHECKING:
    from assistant.records.storage import Tables

# The TinyDB tables of a case file (see assistant/records/case.py).
CASE_TABLES = ("person", "sessions", "plans", "ratings", "audit")


@dataclass(frozen=True)
class RecoveryNotice:
    """Something was repaired or could not be: shown to the user, never silent."""

    person_id: str | None
    message: str
    kept_at: Path | None = None
    repaired: bool = True  # False: the problem remains (e.g. no good copy was found)
    #: What the file's parser said, for the audit trail (never in ``message``): "" if nothing.
    detail: str = ""


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def set_aside(folder: StoreFolder, path: Path, stem: str) -> Path | None:
    """Move a damaged file into ``damaged/`` under a new name (never overwriting anything)."""
    import secrets  # here, not at the top: only a damaged file needs it

    if not path.exists():
        return None
    ensure_private_dir(folder.damaged_dir)
    dest = folder.damaged_dir / f"{stem}.{_stamp()}.{secrets.token_hex(3)}{path.suffix}"
    try:
        os.link(path, dest)  # fails rather than overwrite
        os.unlink(path)
    except OSError:
        os.rename(path, dest)  # no hard links here: the random name keeps it unique
    fsync_dir(folder.damaged_dir)
    fsync_dir(path.parent)
    return dest


def remove_crash_leftovers(folder: StoreFolder) -> None:
    """Delete temp files of crashed writers, but never those of a record open elsewhere."""

    def target_free(target: str) -> bool:
        stem = target.split(".", 1)[0]
        lock_path = folder.lock_path(stem) if ID_RE.match(stem) else folder.area / "index.lock"
        lock = folder.try_lock(lock_path)
        if lock is None:
            return False
        lock.release()
        return True

    for place in (folder.area, folder.cases_dir):
        if any(True for _ in iter_orphans(place)):
            remove_orphans(place, target_free)


class CaseFiles:
    """Encoding case files, and reading them back with recovery.

    ``recovered`` is the store's list of notices (each repair adds one); ``label`` names a
    record in messages ("The record for Sam (id p-...)").
    """

    def __init__(
        self,
        folder: StoreFolder,
        codec: Codec,
        recovered: list[RecoveryNotice],
        label: Callable[[str], str],
    ) -> None:
        self._folder = folder
        self._codec = codec
        self._recovered = recovered
        self._label = label

    def encode(self, person_id: str, tables: Tables) -> bytes:
        return self._codec.dumps("case", {"person_id": person_id, "tables": tables})

    def decode(self, person_id: str, raw: bytes) -> Tables:
        doc = self._codec.loads("case", raw)
        if doc.get("person_id") != person_id:
            raise Damaged("it holds a different person's record")
        tables = check_tables(doc)
        for name in CASE_TABLES:
            tables.setdefault(name, {})
        return tables

    def _too_new(self, person_id: str, exc: TooNew) -> RecordTooNew:
        return RecordTooNew(
            f"{self._label(person_id)} was saved by a newer version of Connecting People "
            f"Assistant (format {exc.schema}; this version reads up to {SCHEMAS['case']}). "
            "It was left untouched. Update the app to open it."
        )

    def load(self, person_id: str, *, repair: bool) -> tuple[Tables, RecoveryNotice | None]:
        """Read a case file. If it is damaged, fall back to the last good copy.

        With ``repair`` (the caller holds the record's lock) the damaged file is moved aside and
        the good copy put back in its place; otherwise the good copy is only read.
        """
        tables, notice, _ = self.load_on_disk(person_id, repair=repair)
        return tables, notice

    def load_on_disk(
        self, person_id: str, *, repair: bool
    ) -> tuple[Tables, RecoveryNotice | None, str | None]:
        """As :meth:`load`, with the digest of the case file's bytes on disk once it returns
        (None: no file there): what a rescue copy is made over (rescue.py). Taken from the
        bytes read, so opening a record reads its file once."""
        path = self._folder.case_path(person_id)
        not_regular: str | None = None
        detail = ""
        try:
            raw: bytes | None = read_regular(path)
        except FileNotFoundError:
            raw = None
        except NotRegularFile as exc:
            raw = b""  # set aside like any damaged file; the good copy takes its place
            not_regular = exc.strerror
        except OSError as exc:
            raise self._folder.unavailable(exc, "read") from exc
        if not_regular:
            problem = not_regular
        elif raw is not None:
            try:
                return self.decode(person_id, raw), None, digest(raw)
            except TooNew as exc:
                raise self._too_new(person_id, exc) from None
            except NeedsKey as exc:
                # Named by id only: the label reads the index, which needs the key too.
                raise RecordDamaged(
                    f"Record {person_id} cannot be read: {exc}. It was left untouched. "
                    "Restore keycheck.json to the data folder, then try again."
                ) from None
            except Damaged as exc:
                problem, detail = str(exc), exc.detail
        else:
            problem = "its file is missing"
        bak = backup_path(path)
        good: bytes | None = None
        bak_problem = "there is no earlier copy"
        try:
            good = read_regular(bak)
            tables = self.decode(person_id, good)
        except FileNotFoundError:
            if raw is None:
                raise RecordNotFound(f"There is no record with id {person_id}.") from None
            good = None
        except (OSError, Damaged, TooNew) as exc:
            good = None
            why = exc.strerror if isinstance(exc, OSError) else exc
            bak_problem = f"the earlier copy is not usable either ({why})"
        label = self._label(person_id)
        if good is None:
            # Left where it is: moved aside, the next try said only "its file is missing", and
            # restoring it meant finding it in damaged/.
            raise RecordDamaged(
                f"{label} cannot be opened: {problem}, and {bak_problem}. Other records are "
                "not affected. If you have a backup of the data folder, copy this one file back "
                f"from it: {path.name} (into {path.parent}), in place of the damaged one."
            )
        kept = None
        on_disk = digest(raw) if raw is not None else None  # the damaged file, until repaired
        if repair and raw is not None:
            try:
                kept = set_aside(self._folder, path, person_id)
            except OSError:
                repair = False  # cannot move it (read-only folder): read the good copy only
        if repair:
            try:
                write_atomic(path, good)
            except OSError as exc:
                raise self._folder.unavailable(exc, "repair a record in") from exc
            on_disk = digest(good)
            done = "It was restored from the last good copy"
        else:
            done = "The last good copy is shown; it will be repaired when the record is next opened"
        when = ""
        with contextlib.suppress(OSError):
            when = f" (saved {iso_from_ns(bak.stat().st_mtime_ns)[:19].replace('T', ' ')} UTC)"
        where = f" The damaged file was kept at {kept}." if kept else ""
        notice = RecoveryNotice(
            person_id,
            f"{label} was damaged ({problem}). {done}{when}.{where} Please check the most "
            "recent answers with the person.",
            kept,
            detail=detail,
        )
        self._recovered.append(notice)
        return tables, notice, on_disk
