"""A TinyDB storage that makes every write durable and atomic before returning.

TinyDB's own ``JSONStorage`` rewrites the file in place (a kill mid-write corrupts it) and
``CachingMiddleware`` delays writes (a crash loses them). This storage instead:

* keeps the current tables in memory only as a *read* cache (safe because the record is
  locked for writing by this process), so TinyDB's read-before-every-write costs nothing;
* on every write, serialises the whole file, then writes it atomically with a backup
  (see ``atomic.py``), and returns only when it is on disk (or, when the caller asks, leaves
  the write to a writer thread and :meth:`DurableStorage.settle` waits for it: the app's
  meeting builds its next screen meanwhile and shows it only once the answer is on disk);
* if the write fails (disk full, permissions, read-only disk) keeps the change in memory as
  *pending*, raises :class:`SaveFailed`, and writes it with the next save or :meth:`flush`.

Serialising is the main CPU cost of a save, so the JSON of each document is cached and only
documents known to have changed are encoded again. Callers say which documents they changed
(``batch(touched=...)``); any write without that hint re-encodes everything, so a forgotten hint
costs time, never correctness. A field of a document may also hold :class:`RawJSON`, text that
is already JSON (a session's state, built piece by piece by the engine): it is written as it is,
and nobody pays to decode it until it is read.
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from assistant.records.atomic import backup_path, digest, write_atomic
from assistant.records.errors import SaveFailed, save_failed

Tables = dict[str, dict[str, Any]]
DocKey = tuple[str, str]  # (table name, document id as stored)


_WRITER: ThreadPoolExecutor | None = None
_WRITER_LOCK = threading.Lock()


def _writer() -> ThreadPoolExecutor:
    """The one thread that writes files left in flight: one at a time, in the order given.
    (The write and its fsyncs wait on the disk, not on Python, so the caller goes on.)"""
    global _WRITER
    with _WRITER_LOCK:
        if _WRITER is None:
            _WRITER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cpi-writer")
        return _WRITER


#: How often (seconds) the interpreter lets another thread have its lock while a write is in
#: flight. The writer thread gives the lock up at each of its system calls (the write, two
#: fsyncs, the renames) and must get it back before the next one; at Python's usual 5 ms a
#: thread waits for a busy caller that long each time, so the write made almost no progress
#: while the caller drew the next screen, and the caller then waited for all of it (issue 18:
#: a step's wait for its save, median 6 ms -> 0.2 ms, steps taking turns in one run).
QUICK_HANDOVER_S = 0.0002

_HANDOVER_LOCK = threading.Lock()
_handover: dict[str, Any] = {"in_flight": 0, "usual": None}


def _hand_over_quickly() -> None:
    """A write is now in flight: the writer thread gets the lock back within
    :data:`QUICK_HANDOVER_S` of asking (only a thread that asks costs the caller anything).
    Counted, so that with two records writing at once the first to settle does not give
    the other's write the slow handover back."""
    with _HANDOVER_LOCK:
        if _handover["in_flight"] == 0:
            _handover["usual"] = sys.getswitchinterval()
            sys.setswitchinterval(min(QUICK_HANDOVER_S, _handover["usual"]))
        _handover["in_flight"] += 1


def _hand_over_as_usual() -> None:
    """A write in flight is settled: once none is left, the interpreter's own interval."""
    with _HANDOVER_LOCK:
        if _handover["in_flight"] == 0:
            return
        _handover["in_flight"] -= 1
        if _handover["in_flight"] == 0:
            sys.setswitchinterval(_handover["usual"])


def _write_and_digest(path: Path, data: bytes) -> str:
    """Write on the writer thread, then the digest of what was written (hashlib lets the
    main thread run while it hashes)."""
    write_atomic(path, data, keep_backup=True)
    return digest(data)


class RawJSON:
    """Text that is already a JSON value, stored in a document field without re-encoding."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def value(self) -> Any:
        """The value itself (a fresh copy each time)."""
        return json.loads(self.text)

    def __repr__(self) -> str:
        return f"RawJSON({len(self.text)} characters)"


def _encode(value: Any) -> str:
    if isinstance(value, dict) and any(isinstance(v, RawJSON) for v in value.values()):
        fields = (
            f"{_encode(key)}:{item.text if isinstance(item, RawJSON) else _encode(item)}"
            for key, item in value.items()
        )
        return "{" + ",".join(fields) + "}"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class DurableStorage(Storage):
    """TinyDB storage over one file.

    The file is ``prefix + {"tables": ...} + "}"`` as JSON, passed through ``seal`` (which
    encrypts it when the folder is encrypted).
    """

    def __init__(
        self, path: Path, tables: Tables, prefix: str, seal: Callable[[bytes], bytes]
    ) -> None:
        super().__init__()
        self.path = path
        self._tables = tables
        self._prefix = prefix
        self._seal = seal
        self._pending = False
        self._batch_depth = 0
        self._fragments: dict[str, dict[str, str]] = {}  # table -> id -> '"id":{...}'
        self._joined: dict[str, str] = {}  # table -> its fragments joined, as last written
        self._touched: set[DocKey] | None = None  # None: anything may have changed
        self._in_flight: Future[str] | None = None  # a write left to the writer thread
        #: The digest of the file on disk as this storage last read or wrote it (None: there
        #: was none, or it could not be read): what a rescue copy is made over (rescue.py).
        self.on_disk: str | None = None

    @property
    def pending(self) -> bool:
        """True while a change is held in memory because it could not be written yet."""
        return self._pending

    def read(self) -> Tables:
        return self._tables

    def write(self, data: Tables) -> None:
        self._tables = data
        self._pending = True
        if not self._batch_depth:
            self._touched = None  # a write we were not told about: re-encode everything
            self.flush()

    def _serialise(self) -> bytes:
        touched = self._touched
        if touched is None:
            self._fragments.clear()
            self._joined.clear()
        touched_tables = {table for table, _ in touched or ()}
        parts = []
        for name, docs in self._tables.items():
            cached = self._fragments.get(name)
            joined = self._joined.get(name)
            if cached is None or joined is None or name in touched_tables:
                joined = self._encode_table(name, docs, touched or set())
            elif docs.keys() != cached.keys():
                if cached.keys() <= docs.keys():
                    # Only additions (the audit trail grows by appending): encode just those.
                    new = [self._fragment(name, key, docs[key]) for key in docs.keys() - cached]
                    joined = ",".join([joined, *new]) if joined else ",".join(new)
                else:
                    joined = self._encode_table(name, docs, set())
            self._joined[name] = joined
            parts.append(f"{_encode(name)}:{{{joined}}}")
        self._touched = set()
        text = f'{self._prefix}"tables":{{{",".join(parts)}}}}}'
        return self._seal(text.encode("utf-8"))

    def _fragment(self, table: str, key: str, doc: Any) -> str:
        fragment = f"{_encode(key)}:{_encode(doc)}"
        self._fragments.setdefault(table, {})[key] = fragment
        return fragment

    def _encode_table(self, name: str, docs: dict[str, Any], touched: set[DocKey]) -> str:
        cached = self._fragments.get(name, {})
        fresh: dict[str, str] = {}
        for key, doc in docs.items():
            fragment = cached.get(key)
            if fragment is None or (name, key) in touched:
                fragment = f"{_encode(key)}:{_encode(doc)}"
            fresh[key] = fragment
        self._fragments[name] = fresh
        return ",".join(fresh.values())

    def flush(self, *, wait: bool = True) -> None:
        """Write the pending change, if any. Raises ``SaveFailed`` and stays pending on error.

        With ``wait=False`` the bytes are made here but written (and fsynced) on the writer
        thread while the caller goes on: nothing may be shown as saved until :meth:`settle`
        has returned. Every other write waits for it first, so writes stay in order.
        """
        self._settle_earlier()
        if not self._pending:
            return
        data = self._serialise()  # serialise first: a bad value never reaches the disk
        if not wait:
            self._in_flight = _writer().submit(_write_and_digest, self.path, data)
            _hand_over_quickly()  # once handed over: a write never started is never settled
            self._pending = False  # set again by settle() if the write fails
            return
        try:
            write_atomic(self.path, data, keep_backup=True)
        except OSError as exc:
            raise save_failed(exc, self.path) from exc
        self._pending = False
        self.on_disk = digest(data)

    def settle(self) -> None:
        """Wait for the write ``flush(wait=False)`` started, if any: durable when it returns.

        Raises ``SaveFailed`` if it failed; the change stays pending, written with the next
        save or :meth:`flush`, as for any failed save.
        """
        future, self._in_flight = self._in_flight, None
        if future is None:
            return
        try:
            self.on_disk = future.result()
        except OSError as exc:
            self._pending = True
            raise save_failed(exc, self.path) from exc
        finally:
            _hand_over_as_usual()

    def _settle_earlier(self) -> None:
        """Before another write: the one in flight finishes first. If it failed, its change
        is pending again, and the write about to start carries it (the whole file is written)."""
        with contextlib.suppress(SaveFailed):
            self.settle()

    def scrub_backup(self) -> None:
        """Make the backup the same as the current file, for a change that must not survive
        anywhere (an erasure): the backup otherwise keeps the version before it.

        Raises ``SaveFailed`` if it cannot be written (the current file is already right).
        """
        self.flush()
        data = self._serialise_all()
        try:
            write_atomic(backup_path(self.path), data)
        except OSError as exc:
            raise save_failed(exc, backup_path(self.path)) from exc

    def snapshot(self) -> bytes:
        """The whole file as a save would write it now, pending changes included (for a
        rescue copy when it cannot be written here)."""
        return self._serialise_all()

    def _serialise_all(self) -> bytes:
        self._touched = None
        return self._serialise()

    @contextlib.contextmanager
    def batch(
        self, touched: Iterable[tuple[str, int | str]] | None = None, *, wait: bool = True
    ) -> Iterator[None]:
        """Group TinyDB operations into one durable write at the end of the block.

        ``touched`` lists the existing documents the block changes (new documents are found
        by themselves); ``None`` means "not sure", and everything is encoded again.
        ``wait=False``: the write is left in flight, as :meth:`flush` says.
        """
        if touched is None:
            self._touched = None
        elif self._touched is not None:
            self._touched.update((table, str(doc_id)) for table, doc_id in touched)
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
        # Only reached when the block succeeded; on error the change stays pending.
        if not self._batch_depth:
            self.flush(wait=wait)

    def close(self) -> None:
        """Nothing to close: no file handle is ever kept open (a write in flight finishes)."""
        self._settle_earlier()
