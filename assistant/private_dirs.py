"""Owner-only folders: made with every missing folder above them owner-only too.

``mkdir(mode=0o700, parents=True)`` gives only the last folder that mode; the ones it makes
above it get the default (listable by others), so a records folder, a cache folder or a log
folder would sit in a parent that shows what the app keeps. Standard library only: the
records, the scratch folders and the crash logs all use it.
"""

from __future__ import annotations

import os
from pathlib import Path

DIR_MODE = 0o700


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and each missing folder above it, every one owner-only."""
    missing = []
    here = folder
    while not here.exists() and here.parent != here:
        missing.append(here)
        here = here.parent
    for one in reversed(missing):
        one.mkdir(mode=DIR_MODE, exist_ok=True)


def ensure_private_dir(folder: Path) -> None:
    """Create ``folder`` (and parents) owner-only; tighten it if it already exists (when this
    user owns it: someone else's folder is left as it is)."""
    make_private_dirs(folder)
    if os.name == "posix":
        info = folder.stat()
        if info.st_mode & 0o077 and info.st_uid == os.getuid():
            os.chmod(folder, DIR_MODE)
