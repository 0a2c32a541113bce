"""Where records live: ``--data-dir`` beats ``CPI_DATA_DIR`` beats the folder chosen in the app's
Settings beats the platform's data folder."""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from assistant.safe_read import read_regular

ENV_DATA_DIR = "CPI_DATA_DIR"
ENV_PASSPHRASE = "CPI_PASSPHRASE"
# The new passphrase for `init --change-passphrase`, for scripts.
ENV_NEW_PASSPHRASE = "CPI_NEW_PASSPHRASE"
# `rescue show` of a copy made before `init --change-passphrase`: the passphrase then.
ENV_OLD_PASSPHRASE = "CPI_OLD_PASSPHRASE"
APP_NAME = "cpi-assistant"
#: The app user's settings file's name, in the platform's config folder.
SETTINGS_FILE = "app.json"


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


def settings_file() -> Path:
    """The app user's settings file (``assistant/settings.py`` reads and writes it; it can
    remember a records folder, which every command then uses)."""
    import platformdirs  # imported late: only when the settings are looked at

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / SETTINGS_FILE


def _remembered_data_dir() -> str | None:
    """The records folder the settings file remembers ("" when none); None when the file
    cannot be read (then nobody can say which folder a command would use)."""
    import json

    try:
        data = json.loads(read_regular(settings_file()).decode("utf-8"))
    except FileNotFoundError:
        return ""
    except (OSError, ValueError, RecursionError):
        return None
    folder = data.get("data_dir") if isinstance(data, dict) else None
    # As assistant.settings reads it: anything but a non-empty text is no folder.
    return folder if isinstance(folder, str) and folder.strip() else ""


def _same(a: Path, b: Path) -> bool:
    try:
        return a.expanduser().resolve() == b.expanduser().resolve()
    except OSError:
        return False


def command_for(words: str, root: Path) -> str:
    """The command for the records in ``root``, naming the folder unless it is the per-user
    data folder and a command without ``--data-dir`` would find it here: neither
    ``CPI_DATA_DIR`` nor the folder remembered in Settings sends it to another. The records
    code cannot tell whether ``--data-dir`` or ``CPI_DATA_DIR`` chose ``root``, and a command
    run in another terminal would not have the variable: naming the folder is always right."""
    import platformdirs  # imported late: only for a message

    default = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    bare = _remembered_data_dir()
    env = os.environ.get(ENV_DATA_DIR, "").strip()
    found_by_itself = (
        _same(Path(root), default)
        and (not env or _same(Path(env), default))
        and (bare == "" or (bare is not None and _same(Path(bare), default)))
    )
    return command(words, None if found_by_itself else Path(root))


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
