"""Which agency content pack is in use, and where that choice came from.

An agency's own content (its directory, its agency details, template overrides, extra or
changed topics) lives in a folder of its own, outside the installed app, so upgrading the app
never touches it (docs/agency-pack.md). It is chosen once and remembered: the environment
variable ``CPI_CONTENT_PACK`` (for one run, or set by an administrator) beats the pack chosen
in Settings or with ``cpi-assistant pack use`` (the ``content_pack`` key of app.json).

A chosen pack that cannot be used (not there, not a folder, no ``pack.yaml``, inside the
shipped content) gives a message in plain words, never a traceback: the app then runs on the
shipped content alone and the worker is told why. Whether the pack's files are right is the
linter's business (``cpi-assistant validate``), not this module's.

Plain Python (no settings, no Textual, no YAML): the caller passes the remembered choice in,
so this module sits with the layering code below the loaders that use it, and the app can
choose its pack before Home is drawn. The pack's name is read with its manifest
(``assistant.content_pack.manifest``) when the content loads.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import NamedTuple

from assistant.locations import content_dir

#: The environment variable that chooses a pack for this run (beats the remembered one).
ENV_CONTENT_PACK = "CPI_CONTENT_PACK"
#: Where a remembered choice comes from, in the words shown to the worker.
SET_IN_SETTINGS = "Settings"
#: The file that makes a folder a content pack (``manifest.PACK_FILE``, named again here so
#: that choosing a pack as the app starts loads no YAML or pydantic: Home starts without them).
PACK_FILE = "pack.yaml"

_PACKAGE = Path(__file__).resolve().parent.parent


class PackChoice(NamedTuple):
    """The pack to layer over the shipped content for this run, and why."""

    #: The pack folder to use (None: the shipped content alone).
    path: Path | None
    #: ``CPI_CONTENT_PACK`` or ``Settings``: what chose a pack (None when nothing did).
    set_by: str | None = None
    #: Why the chosen pack is not used, in plain words for the worker (None when all is well).
    problem: str | None = None
    #: The folder that was chosen, kept even when it cannot be used (for messages).
    chosen: Path | None = None


def protected_folders() -> list[Path]:
    """Folders a pack must never be in: the app's own code and its shipped content (an
    upgrade replaces both)."""
    return [_PACKAGE, content_dir().resolve()]


def inside_the_app(path: Path) -> bool:
    """True when ``path`` is one of the app's own folders or inside one."""
    where = path.expanduser().resolve()
    return any(where == top or top in where.parents for top in protected_folders())


def pack_problem(path: Path) -> str | None:
    """Why ``path`` cannot be used as a content pack, in plain words, or None."""
    folder = path.expanduser()
    try:
        if not folder.exists():
            return f"The content pack folder {folder} is not there."
        if not folder.is_dir():
            return f"{folder} is a file, not a content pack folder."
        if inside_the_app(folder):
            return (
                f"{folder} is inside the app's own files, which an upgrade replaces. Keep the "
                "agency's pack in a folder of its own (cpi-assistant pack new DIR makes one)."
            )
        if not (folder / PACK_FILE).is_file():
            return (
                f"{folder} is not a content pack: it has no {PACK_FILE}. Make a pack with "
                "`cpi-assistant pack new DIR`."
            )
    except OSError as exc:  # no permission to look inside, a broken mount...
        return f"The content pack folder {folder} cannot be read ({exc.strerror or exc})."
    return None


def choose_pack(remembered: Path | None, environ: Mapping[str, str] | None = None) -> PackChoice:
    """The pack for this run: ``CPI_CONTENT_PACK`` if set, else the ``remembered`` one.

    A pack that cannot be used gives ``path=None`` with the ``problem`` to tell the worker
    (the app goes on with the shipped content).
    """
    env = os.environ if environ is None else environ
    from_env = env.get(ENV_CONTENT_PACK, "").strip()
    if from_env:
        chosen, set_by = Path(from_env).expanduser().absolute(), ENV_CONTENT_PACK
    elif remembered is not None:
        chosen, set_by = Path(remembered).expanduser(), SET_IN_SETTINGS
    else:
        return PackChoice(None)
    problem = pack_problem(chosen)
    if problem is not None:
        if set_by == ENV_CONTENT_PACK:
            how = f"{ENV_CONTENT_PACK} chose it: fix that setting, or unset it"
        else:
            how = "Choose the pack again in Settings (or with `cpi-assistant pack use DIR`)"
        message = f"{problem} The app uses the content it came with for now. {how}."
        return PackChoice(None, set_by, message, chosen)
    return PackChoice(chosen, set_by, None, chosen)
