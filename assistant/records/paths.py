"""Where records live: ``--data-dir`` beats ``CPI_DATA_DIR`` beats the folder chosen in the app's
Settings beats the platform's data folder."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

ENV_DATA_DIR = "CPI_DATA_DIR"
ENV_PASSPHRASE = "CPI_PASSPHRASE"
# The new passphrase for `init --change-passphrase`, for scripts.
ENV_NEW_PASSPHRASE = "CPI_NEW_PASSPHRASE"
APP_NAME = "cpi-assistant"


def default_data_dir() -> Path:
    """``CPI_DATA_DIR`` if set, else the per-user data folder (``~/.local/share/cpi-assistant``)."""
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported late: only needed when no folder is given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(
    flag: str | os.PathLike[str] | None = None,
    remembered: str | os.PathLike[str] | None = None,
) -> Path:
    """The data folder to use: the command-line flag if given, else ``CPI_DATA_DIR``, else the
    folder ``remembered`` from the app's settings, else the per-user data folder."""
    if flag:
        return Path(flag).expanduser()
    if remembered and not os.environ.get(ENV_DATA_DIR, "").strip():
        return Path(remembered).expanduser()
    return default_data_dir()


def data_dir_set_by(flag: str | os.PathLike[str] | None = None) -> str | None:
    """What fixed the folder for this run (``--data-dir`` or ``CPI_DATA_DIR``), if anything."""
    if flag:
        return "--data-dir"
    if os.environ.get(ENV_DATA_DIR, "").strip():
        return ENV_DATA_DIR
    return None


def command(words: str, folder: Path | None = None) -> str:
    """``cpi-assistant WORDS`` as a message gives it, with ``--data-dir FOLDER`` (quoted for
    the shell) when ``folder`` is given: without it the command would use another folder."""
    text = f"cpi-assistant {words}"
    if folder is not None:
        text += f" --data-dir {shlex.quote(str(folder))}"
    return text


def command_for(words: str, root: Path) -> str:
    """The command for the records in ``root``, naming the folder unless it is the per-user
    data folder every command finds by itself. The records code cannot tell whether
    ``--data-dir`` or ``CPI_DATA_DIR`` chose it, and a command run in another terminal
    would not have the variable: naming the folder is always right."""
    import platformdirs  # imported late: only for a message

    default = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    try:
        same = Path(root).expanduser().resolve() == default.resolve()
    except OSError:
        same = False
    return command(words, None if same else Path(root))


def cannot_write(folder: Path) -> OSError | None:
    """Why nothing can be written in ``folder`` (read-only, not this user's, a system folder),
    or None. Found by writing (and removing) an empty file: permissions alone do not say it
    (a read-only drive, a folder root may not write in)."""
    import secrets

    probe = folder / f".cpi-write-check-{secrets.token_hex(4)}"
    try:
        handle = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as exc:
        return exc
    os.close(handle)
    try:
        os.unlink(probe)
    except OSError as exc:  # written but cannot be removed: no place for records either
        return exc
    return None
