"""A TinyDB storage that makes every write durable and atomic before returning.

TinyDB's own ``JSONStorage`` rewrites the file in place (a kill mid-write corrupts it) and
``CachingMiddleware`` delays writes (a crash loses them). This storage instead:

* keeps the current tables in memory only as a *read* cache (safe because the record is
  locked for writing by this process), so TinyDB's read-before-every-write costs nothing;
* on every write, serialises, then writes atomically with a backup (see ``atomic.py``);
* if the write fails (disk full, permissions, read-only disk) keeps the change in memory as
  *pending*, raises :class:`SaveFailed`, and writes it with the next save or :meth:`flush`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from assistant.records.atomic import write_atomic
from assistant.records.errors import save_failed

Tables = dict[str, dict[str, Any]]


class DurableStorage(Storage):
    """TinyDB storage over one file; ``encode`` turns the tables into the file's bytes."""

    def __init__(self, path: Path, tables: Tables, encode: Callable[[Tables], bytes]) -> None:
        super().__init__()
        self.path = path
        self._tables = tables
        self._encode = encode
        self._pending = False
        self._batch_depth = 0

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
            self.flush()

    def flush(self) -> None:
        """Write the pending change, if any. Raises ``SaveFailed`` and stays pending on error."""
        if not self._pending:
            return
        data = self._encode(self._tables)  # serialise first: a bad value never reaches the disk
        try:
            write_atomic(self.path, data, keep_backup=True)
        except OSError as exc:
            raise save_failed(exc, self.path) from exc
        self._pending = False

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Group several TinyDB operations into one durable write at the end of the block."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
        # Only reached when the block succeeded; on error the change stays pending.
        if not self._batch_depth:
            self.flush()

    def close(self) -> None:
        """Nothing to close: no file handle is ever kept open."""
