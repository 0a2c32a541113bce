"""What happens to an error nobody expected: a log with no personal data, and a short message.

A Python traceback can hold someone's words: an exception's message may quote a value from a
record, and Textual's crash screen prints local variables. So neither ever reaches the
terminal. The CLI and the app write a note here instead (exception type, and where it happened:
file, line and function of each frame; no exception message, no variables, no source text),
and tell the user where it is.

The log is ``crash.log`` in this user's state folder (``$XDG_STATE_HOME/cpi-assistant`` on
Linux, ``~/.local/state/cpi-assistant`` by default), the folder owner-only (0700), the file
owner-only (0600), kept small (the previous one is kept as ``crash.log.old``). Anything but a
regular file at ``crash.log`` (a named pipe, a folder) is left alone and nothing is written:
the crash handler itself must never block.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import time
from pathlib import Path

from assistant import __version__
from assistant.private_dirs import ensure_private_dir

APP_NAME = "cpi-assistant"
LOG_NAME = "crash.log"
MAX_LOG_BYTES = 256 * 1024
_PACKAGE = Path(__file__).resolve().parent


def log_dir() -> Path:
    """This user's state folder for the app (not created here)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_NAME / "Logs"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Logs" / APP_NAME
    state = os.environ.get("XDG_STATE_HOME", "").strip()
    base = Path(state) if state and Path(state).is_absolute() else Path.home() / ".local" / "state"
    return base / APP_NAME


def _where(filename: str) -> str:
    """A frame's file without the user's home or install path: ``assistant/cli/__init__.py``
    for our code, ``textual/app.py`` for a library's."""
    path = Path(filename)
    with contextlib.suppress(ValueError):
        return str(Path("assistant") / path.resolve().relative_to(_PACKAGE))
    parts = path.parts
    if "site-packages" in parts:
        return str(Path(*parts[parts.index("site-packages") + 1 :]))
    return path.name


def describe(error: BaseException) -> str:
    """The exception's type and frames, with causes; never its message or any variable."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        # Walked by hand, not with ``traceback``: only names and numbers are read (never a
        # frame's variables), and start-up does not pay for importing it.
        tb = current.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            lines.append(f"  {_where(code.co_filename)}:{tb.tb_lineno} in {code.co_name}")
            tb = tb.tb_next
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("while handling, or caused by:")
    return "\n".join(lines)


def write_crash_log(error: BaseException, where: str) -> Path | None:
    """Add a note about ``error`` to the crash log; returns its path, or None if it could not
    be written (the user is told the type only, then)."""
    folder = log_dir()
    path = folder / LOG_NAME
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    header = (
        f"--- {stamp}  {APP_NAME} {__version__}  {where}  "
        f"Python {sys.version.split()[0]} on {sys.platform}\n"
    )
    try:
        ensure_private_dir(folder)
        with contextlib.suppress(OSError):
            info = path.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_size > MAX_LOG_BYTES:
                os.replace(path, folder / (LOG_NAME + ".old"))
        fd = os.open(path, _LOG_FLAGS, 0o600)
        try:
            # Non-blocking open, then a check of what was opened: a named pipe at crash.log
            # (with or without a reader) would otherwise stop the crash handler for good. On a
            # regular file O_NONBLOCK changes nothing, so the write below needs no change.
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                os.close(fd)
                return None
            if os.name == "posix" and info.st_uid == os.getuid() and info.st_mode & 0o077:
                os.fchmod(fd, 0o600)  # a log made readable by others is made private again
        except BaseException:
            os.close(fd)
            raise
        with os.fdopen(fd, "a", encoding="utf-8") as log:
            log.write(header + describe(error) + "\n")
    except OSError:
        return None
    return path


_LOG_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_APPEND
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def crash_message(error: BaseException, log: Path | None, *, what: str) -> str:
    """The few lines the user sees: what stopped, that saved answers are safe, where the log is.

    ``what`` is "The command" or "The app".
    """
    kind = type(error).__name__
    where = (
        f"A note for whoever supports the app, with no personal data in it, was written to {log}."
        if log is not None
        else "A note for whoever supports the app could not be written."
    )
    return (
        f"{what} stopped because of an unexpected problem inside the app ({kind}). "
        f"Everything already saved is safe. {where}"
    )
