"""The community directory's expression functions (`opportunities`, `opportunity`).

The engine sits beside the directory in the layers (neither imports the other) and the flows
below both, so the directory hands its functions to the content (``Content.functions``) when
the content is loaded with a directory beside it (``assistant.authoring.content``); the engine
then offers them to expressions in place of its own, which offer nothing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.directory.browse import offer, option_label, profile_from
from assistant.directory.loader import load_directory
from assistant.directory.model import Directory
from assistant.directory.to_try import with_picks
from assistant.flows.loader import Content
from assistant.flows.problems import ContentError


class DirectoryFunctions:
    """`opportunities` and `opportunity` over one directory folder, read on first use (so
    starting a conversation does not pay for it)."""

    def __init__(self, folder: Path, pack: Path | None = None) -> None:
        self.folder = folder
        #: The directory folder of an agency's content pack laid over ``folder``, or None.
        self.pack = pack
        self._directory: Directory | None = None

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            self._directory = load_directory(self.folder, pack=self.pack)
        return self._directory

    def opportunities(
        self,
        interests: Any = "",
        limit: int = 8,
        strengths: Any = "",
        other: Any = "",
        age: Any = None,
        gender: Any = None,
        situations: Any = None,
        born: Any = None,
    ) -> list[dict[str, str]]:
        """Entries matching what the person said, as options for `options_from`.

        ``interests``, ``strengths`` and ``other`` are text, lists of text or lists of
        records; ``age`` (or ``born``, a date of birth), ``gender`` and ``situations`` let
        it leave out entries the person is known to be outside of (an unknown one is kept).
        """
        profile = profile_from(interests, strengths, other, age, gender, situations, born)
        if not (profile.interests or profile.strengths or profile.other):
            return []
        return [
            {"value": found.entry.id, "label": option_label(found.entry, found.fit)}
            for found in offer(self.directory, profile, limit=max(0, int(limit)))
        ]

    def opportunity(self, entry_id: str) -> dict[str, Any]:
        """One entry as plain data, or nothing for an unknown id."""
        try:
            return self.directory.entry(str(entry_id)).model_dump(mode="json")
        except KeyError:
            return {}

    def with_picks(self, records: Any, picks: Any, idea_from: Any = None) -> list[dict[str, Any]]:
        """The things-to-try list with the picked entries added once each (see to_try)."""
        return with_picks(self.directory, records, picks, idea_from)

    def as_dict(self) -> dict[str, Callable[..., Any]]:
        return {
            "opportunities": self.opportunities,
            "opportunity": self.opportunity,
            "with_picks": self.with_picks,
        }


def with_directory(content: Content) -> Content:
    """The content with the directory's expression functions when a ``directory/`` folder
    sits beside its flows or in its agency's pack (the content as it is otherwise)."""
    folder = content.root / "directory"
    pack = content.pack / "directory" if content.pack is not None else None
    if pack is not None and not pack.is_dir():
        pack = None
    if not folder.is_dir() and pack is None:
        return content
    source = DirectoryFunctions(folder, pack)
    functions = {**content.functions, **source.as_dict()}
    return dataclasses.replace(content, functions=functions, directory=source)


def directory_of(content: Any) -> Directory | None:
    """The community directory the content was loaded with (read now if it was not yet), or
    None: no ``directory/`` beside the flows, or one that cannot be read (its errors are the
    linter's to report; a plan is still built, with the entries' names only)."""
    source = getattr(content, "directory", None)
    if not isinstance(source, DirectoryFunctions):
        return None
    try:
        return source.directory
    except ContentError:
        return None
