"""Crash-safe file writes: a file on disk is always either the old version or the new one.

The steps (see docs/records.md): serialise first, write a temp file in the same folder, flush,
fsync, refresh the backup as a hard link to the current file, ``os.replace``, fsync the folder.
No file handle stays open between writes. A kill at any moment leaves at worst an orphaned temp
file, which :func:`remove_orphans` deletes later.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.safe_read import read_regular

BACKUP_SUFFIX = ".bak"
FILE_MODE = 0o600

# ".<target name>.<8 hex>.tmp": hidden, and the target can be recovered from the name.
_TEMP_RE = re.compile(r"^\.(?P<target>.+)\.[0-9a-f]{8}\.tmp$")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def temp_path(path: Path) -> Path:
    """A fresh temp name next to ``path`` (same folder, so ``os.replace`` is atomic)."""
    import secrets  # here, not at the top: reading records never needs it

    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def temp_target(name: str) -> str | None:
    """The file a temp file name was written for, or None if it is not one of ours."""
    match = _TEMP_RE.match(name)
    return match.group("target") if match else None


def _sync(fd: int) -> None:
    """Flush a file to stable storage (on macOS plain fsync stops at the drive's cache)."""
    if sys.platform == "darwin":
        import fcntl

        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    """Make renames in ``folder`` durable (a no-op where folders cannot be opened, e.g. Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except (PermissionError, IsADirectoryError):
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some filesystems refuse fsync on a folder; the rename itself has still happened.
        if exc.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def _write_new_file(path: Path, data: bytes, mode: int = FILE_MODE) -> None:
    """Create ``path`` (which must not exist), write ``data`` and fsync it. If writing fails
    (a full disk), the part-written file is removed: nothing is left that looks like a
    whole one, or blocks the next try at the same name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, mode)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        _sync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(path)  # ours: O_EXCL made it just now
        raise
    os.close(fd)


def _refresh_backup(path: Path) -> None:
    """Point ``path.bak`` at the current (last good) version of ``path``, atomically."""
    bak = backup_path(path)
    link = temp_path(bak)
    try:
        os.link(path, link)
    except FileNotFoundError:
        return  # first write: there is no previous version to keep
    except OSError as exc:
        # Filesystems without hard links (FAT, some network shares): copy instead.
        no_links = (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK)
        if exc.errno not in no_links:
            raise
        _write_new_file(link, read_regular(path))
    try:
        os.replace(link, bak)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(link)
        raise


def write_atomic(
    path: Path, data: bytes, *, keep_backup: bool = False, mode: int = FILE_MODE
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file.

    With ``keep_backup`` the previous version stays available as ``path.bak``. ``mode``: the
    new file's permissions (owner-only unless said; a content pack's files are for all).
    Raises ``OSError`` (nothing on disk changed but a possible stray temp file) on failure.
    """
    tmp = temp_path(path)
    try:
        _write_new_file(tmp, data, mode)
        if keep_backup:
            _refresh_backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def write_new(path: Path, data: bytes) -> None:
    """Write a file that must not exist yet (never overwrites): used to keep damaged files."""
    _write_new_file(path, data)
    fsync_dir(path.parent)


def iter_orphans(folder: Path) -> Iterator[tuple[Path, str]]:
    """Temp files left by a crashed writer: ``(temp path, target file name)``."""
    try:
        names = os.listdir(folder)  # names only: no entry object for each of 30,000 files
    except OSError:
        return
    for name in names:
        if name.startswith(".") and name.endswith(".tmp"):
            target = temp_target(name)
            if target is not None:
                yield folder / name, target


def remove_orphans(folder: Path, may_remove: Callable[[str], bool] = lambda target: True) -> int:
    """Delete orphaned temp files whose target ``may_remove`` (e.g. is unlocked). Count.."""
    removed = 0
    for tmp, target in iter_orphans(folder):
        if may_remove(target):
            with contextlib.suppress(OSError):
                os.unlink(tmp)
                removed += 1
    return removed


def digest(data: bytes) -> str:
    """The sha256 of a file's bytes: which version of a case file is on disk (rescue.py)."""
    return hashlib.sha256(data).hexdigest()
