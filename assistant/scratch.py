"""Owner-only scratch folders for plaintext that must exist on disk for a moment.

Printing a PDF needs the decrypted plan as an HTML file that Chromium can open. It is written
here, never in the shared system temp folder: under this user's cache folder
(``$XDG_CACHE_HOME/cpi-assistant/scratch`` on Linux), the folder owner-only (0700), each file
owner-only (0600). The folder goes when the work is done, on every path; if the process is
killed first, :func:`sweep_stale` removes it at the next start (opening the records does it),
once the process that made it is gone.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from assistant.private_dirs import ensure_private_dir

APP_NAME = "cpi-assistant"
_PREFIX = "cpi-"
# Folders the app made in the system temp folder before scratch folders existed: removed once
# they are this old (no export takes that long), if they are ours.
_LEGACY_AGE = 15 * 60
# The kinds of short_scratch_dir folders (swept by process id, as scratch folders are).
_SHORT_PREFIXES = (f"{_PREFIX}browser-",)


def scratch_root() -> Path:
    """This user's scratch folder (not created here)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_NAME / "Cache" / "scratch"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / APP_NAME / "scratch"
    cache = os.environ.get("XDG_CACHE_HOME", "").strip()
    base = Path(cache) if cache and Path(cache).is_absolute() else Path.home() / ".cache"
    return base / APP_NAME / "scratch"


@contextlib.contextmanager
def scratch_dir(kind: str) -> Iterator[Path]:
    """A fresh owner-only folder, removed when the block ends (however it ends).

    Its name carries this process's id, so a later start can tell a folder left by a killed
    process from one in use.
    """
    root = scratch_root()
    ensure_private_dir(root)
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{kind}-{os.getpid()}-", dir=root))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _short_root() -> Path:
    """Where a folder with a short path goes: this user's runtime folder where there is one
    (owner-only, and in memory on Linux), else the system temp folder."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and os.name == "posix" and Path(runtime).is_absolute():
        with contextlib.suppress(OSError):
            info = os.stat(runtime)
            if info.st_uid == os.getuid() and not info.st_mode & 0o077:
                return Path(runtime)
    return Path(tempfile.gettempdir())


@contextlib.contextmanager
def short_scratch_dir(kind: str) -> Iterator[Path]:
    """A fresh owner-only folder with a short path, removed when the block ends.

    For a program that makes a Unix socket in it (Chromium's temp folder): a socket's path may
    be at most about 104 bytes, which a folder under the user's cache folder can overrun.
    ``kind`` must have no dash. A folder left by a killed process goes at the next export
    (:func:`sweep_stale` with ``legacy``).
    """
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{kind}-{os.getpid()}-", dir=_short_root()))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_private(path: Path, data: bytes) -> None:
    """Create ``path`` (which must not exist) readable by this user only, and write ``data``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(data)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but is not ours (PermissionError), or we cannot tell
        return True
    return True


def _owner_pid(name: str) -> int | None:
    parts = name.split("-")  # cpi-<kind>-<pid>-<random>
    if len(parts) >= 4 and parts[2].isdigit():
        return int(parts[2])
    return None


def sweep_stale(*, legacy: bool = False) -> int:
    """Remove scratch folders left by processes that were killed; returns how many.

    Cheap when there is nothing to do (one listing of a small folder). With ``legacy``, also
    removes ``cpi-pdf-*`` folders an earlier version left in the system temp folder, if they
    are this user's and old (that listing can be long, so only an export asks for it).
    """
    removed = 0
    with contextlib.suppress(OSError), os.scandir(scratch_root()) as entries:
        for entry in list(entries):
            pid = _owner_pid(entry.name) if entry.name.startswith(_PREFIX) else None
            if pid is not None and not _alive(pid):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed += 1
    if legacy and os.name == "posix":
        removed += _sweep_short()
        now = time.time()
        with contextlib.suppress(OSError), os.scandir(tempfile.gettempdir()) as entries:
            for entry in list(entries):
                if not entry.name.startswith("cpi-pdf-"):
                    continue
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    if info.st_uid == os.getuid() and now - info.st_mtime > _LEGACY_AGE:
                        shutil.rmtree(entry.path, ignore_errors=True)
                        removed += 1
    return removed


def _sweep_short() -> int:
    """Remove :func:`short_scratch_dir` folders of this user's whose process is gone."""
    removed = 0
    with contextlib.suppress(OSError), os.scandir(_short_root()) as entries:
        for entry in list(entries):
            pid = _owner_pid(entry.name) if entry.name.startswith(_SHORT_PREFIXES) else None
            if pid is None or _alive(pid):
                continue
            with contextlib.suppress(OSError):
                if entry.stat(follow_symlinks=False).st_uid == os.getuid():
                    shutil.rmtree(entry.path, ignore_errors=True)
                    removed += 1
    return removed
