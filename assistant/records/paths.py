"""Where records live: ``--data-dir`` beats ``CPI_DATA_DIR`` beats the folder chosen in the app's
Settings beats the platform's data folder."""

from __future__ import annotations

import os
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
