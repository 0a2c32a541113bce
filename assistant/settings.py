"""The app user's own settings: theme, guidance shown or hidden, the records folder chosen,
the folder the last export went to, the agency content pack chosen.

One small JSON file per user account (:func:`settings_path`, in the platform's config folder),
read once by the app factory before the app is built and rewritten whole, crash-safe, when a
setting changes. Settings are a convenience: a missing, damaged or odd file gives the usual
settings and a message to show, never a traceback, and never stops the app.

Keys this version does not know are kept and written back, so a newer version's settings
survive a run of this one. Agency-wide settings (issue 13: the agency's name, crisis
contacts...) are a different thing, kept by the agency, and get their own file and model.

Layer: above ``records`` (it writes with the records layer's crash-safe writer and
finds its file where the records layer says: the folder it remembers is where commands
look for records), below ``plans``, so every layer that may one day need a setting can read it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from assistant.private_dirs import DIR_MODE
from assistant.records.atomic import write_atomic
from assistant.records.paths import settings_file
from assistant.safe_read import read_regular


@dataclass
class UserSettings:
    """What this user chose in the app; each field's default is what the app does unasked."""

    #: The records folder chosen in Settings (``--data-dir`` and ``CPI_DATA_DIR`` beat it).
    data_dir: Path | None = None
    #: The theme chosen in Settings (a name or an alias; unknown names fall back to calm).
    theme: str | None = None
    #: Whether the worker's guidance shows in a meeting (F3 hides and shows it).
    guidance: bool = True
    #: The folder the last export was written to (the export dialog offers it next time).
    export_dir: Path | None = None
    #: The agency's own content pack chosen in Settings or with ``cpi-assistant pack use``
    #: (``CPI_CONTENT_PACK`` beats it; see docs/agency-pack.md).
    content_pack: Path | None = None
    #: Keys this version does not know, kept as they were read (a newer version's settings).
    kept: dict[str, object] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, object]:
        """The file's contents: the kept keys, then this version's own."""
        data: dict[str, object] = dict(self.kept)
        if self.data_dir is not None:
            data["data_dir"] = str(self.data_dir)
        if self.theme is not None:
            data["theme"] = self.theme
        data["guidance"] = self.guidance
        if self.export_dir is not None:
            data["export_dir"] = str(self.export_dir)
        if self.content_pack is not None:
            data["content_pack"] = str(self.content_pack)
        return data


#: The keys this version reads (others are kept as they are), and each one in words.
_KNOWN = {
    "data_dir": "the records folder",
    "theme": "the theme",
    "guidance": "the guidance",
    "export_dir": "the export folder",
    "content_pack": "the agency content pack",
}


# The two small results below are NamedTuples, not dataclasses: the app imports this module
# before Home is drawn, and making a dataclass costs ~0.6 ms of start-up each.


class LoadedSettings(NamedTuple):
    """The settings read at start, and what to tell the user if the file was not right."""

    settings: UserSettings
    #: A plain sentence for the worker (None when the file was fine or not there yet).
    problem: str | None = None


class FolderProblem(NamedTuple):
    """Why another records folder could not be used, in words for the worker."""

    message: str
    #: The folder is encrypted and no passphrase was given: Settings asks for it.
    needs_passphrase: bool = False
    #: There is no folder there yet: Settings makes one only when asked again (a mistyped
    #: path to a shared drive must not open as an empty list of people).
    new_folder: bool = False


def settings_path() -> Path:
    """Where this user's settings live (e.g. ``~/.config/cpi-assistant/app.json``)."""
    return settings_file()


def from_json(data: Mapping[str, object]) -> tuple[UserSettings, list[str]]:
    """Settings from a parsed file, and the known keys whose values were not understood.

    A value of the wrong type gives that setting its default; so does an empty one.
    """
    folder, theme, guidance, export_dir, pack = (data.get(key) for key in _KNOWN)
    expected = {
        "data_dir": (folder, str),
        "theme": (theme, str),
        "guidance": (guidance, bool),
        "export_dir": (export_dir, str),
        "content_pack": (pack, str),
    }
    odd = [k for k, (v, kind) in expected.items() if v is not None and not isinstance(v, kind)]
    settings = UserSettings(
        data_dir=Path(folder) if isinstance(folder, str) and folder.strip() else None,
        theme=theme if isinstance(theme, str) and theme.strip() else None,
        guidance=guidance if isinstance(guidance, bool) else True,
        export_dir=(
            Path(export_dir) if isinstance(export_dir, str) and export_dir.strip() else None
        ),
        content_pack=Path(pack) if isinstance(pack, str) and pack.strip() else None,
        kept={k: v for k, v in data.items() if k not in _KNOWN},
    )
    return settings, odd


def load_settings(path: Path) -> LoadedSettings:
    """Read the settings file. Never raises: a problem gives the usual settings and a message."""
    try:
        raw = read_regular(path)  # never blocks on a named pipe (safe_read)
    except FileNotFoundError:
        return LoadedSettings(UserSettings())  # the first start: nothing chosen yet
    except OSError as exc:
        return LoadedSettings(
            UserSettings(),
            f"Your settings could not be read from {path} ({exc.strerror or exc}). The app "
            "uses its usual settings for now.",
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # not JSON (a UnicodeDecodeError is a ValueError)
        data = None
    if not isinstance(data, dict):
        return LoadedSettings(
            UserSettings(),
            f"Your settings file {path} is damaged, so the app uses its usual settings. "
            "Choosing a setting again replaces that file.",
        )
    settings, odd = from_json(data)
    if odd:
        return LoadedSettings(
            settings,
            f"Some of your settings in {path} were not understood "
            f"({', '.join(_KNOWN[key] for key in odd)}), so those are back to the usual. "
            "Choose them again in Settings if you want to.",
        )
    return LoadedSettings(settings)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """The settings file's time, size and inode (a save replaces the file), or None when
    there is none: a reader that keeps it reads the file again only once it changed."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino)


def save_settings(path: Path, settings: UserSettings) -> None:
    """Replace the settings file, crash-safe (the old file or the new one, never half of one)
    and readable only by this user. Raises ``OSError`` when it cannot be written."""
    data = json.dumps(settings.to_json(), indent=2, ensure_ascii=False) + "\n"
    # A new config folder is this user's alone; an existing one is left as it is.
    path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    write_atomic(path, data.encode("utf-8"))
