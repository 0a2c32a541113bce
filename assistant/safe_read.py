"""Reading a file that must be a regular file, without ever blocking on it.

A named pipe (FIFO) opened for reading blocks until something writes to it; a folder or a
device where a records or content file should be gives odd errors or hangs. Every reader of
records, settings and content opens files here: non-blocking, then ``fstat`` on the open file
(no race between checking and reading), refusing anything that is not a regular file with
:class:`NotRegularFile`, an ``OSError`` whose ``strerror`` says in plain words what was found.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FLAGS |= getattr(os, "O_BINARY", 0)
_CHUNK = 1 << 20


class NotRegularFile(OSError):
    """The path is a folder, a pipe, a device or a symlink loop, not a regular file."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _refuse(path: Path | str, what: str) -> NotRegularFile:
    return NotRegularFile(errno.EINVAL, f"it is {what}, not a regular file", str(path))


def _open(path: Path | str) -> int:
    """A descriptor for ``path`` if it is a regular file (the caller closes it)."""
    try:
        fd = os.open(path, _FLAGS)
    except IsADirectoryError:  # Windows, and some systems, refuse to open folders at all
        raise _refuse(path, "a folder") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _refuse(path, "a symbolic link that loops") from None
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO opened for writing with no reader
            raise _refuse(path, "a socket or a pipe") from None
        raise
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _refuse(path, _kind(mode))
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path: Path | str, limit: int | None = None) -> bytes:
    """The bytes of ``path``; ``NotRegularFile`` if it is not a regular file.

    With ``limit``, at most ``limit`` bytes are read (pass one more than the largest size you
    accept to tell "too large" from "exactly at the limit").
    """
    fd = _open(path)
    try:
        chunks = []
        left = limit
        while left is None or left > 0:
            chunk = os.read(fd, _CHUNK if left is None else min(_CHUNK, left))
            if not chunk:
                break
            chunks.append(chunk)
            if left is not None:
                left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def peek(path: Path | str, size: int) -> bytes | None:
    """The first ``size`` bytes of a regular file, or None if it is missing or not one."""
    try:
        return read_regular(path, size)
    except OSError:
        return None


def not_utf8_at(raw: bytes, start: int) -> tuple[int, int]:
    """The line and column (from 1) of byte ``start`` of ``raw``: where a file stops being
    UTF-8 (``UnicodeDecodeError.start``), for a message that names the place."""
    line = raw[:start].count(b"\n") + 1
    col = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    return line, col
