"""Directory entries carried into "things I'd like to try" (the community topic's list).

A thing to try that came from the directory is an ordinary entry of the list (``what``,
``where``, ``idea_from``, as the person could have typed it) that also keeps the entry's id
under :data:`assistant.store_paths.TRY_DIRECTORY`, so the plan can copy the entry's details
(when, where, cost, contact) into every export. The same entry is never listed twice.

Used by the content (``with_picks``, after the directory's matches are picked: see
``content/flows/community.yaml``) and by the meeting's "add to things to try"
(``assistant.meetings.directory``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from assistant.directory.model import ONLINE, Directory, DirectoryEntry
from assistant.store_paths import TRY_DIRECTORY

# The list's `where` choices (community.yaml `list`): an entry that meets online only is
# "online"; one with a place to go is "near" (the details say when it is online too).
NEAR = "near"
ONLINE_ONLY = "online"
# Prefix of the list entry's id for a directory entry: the same entry always gets the same id,
# so a later version of the plan knows it as the same thing to try.
RECORD_PREFIX = "dir_"


def record_id(entry_id: str) -> str:
    """The list entry's id for a directory entry."""
    return f"{RECORD_PREFIX}{entry_id}"


def try_record(entry: DirectoryEntry, idea_from: str | None = None) -> dict[str, Any]:
    """A new thing to try for ``entry``: its name, near or online, whose idea, and its id."""
    record: dict[str, Any] = {
        "id": record_id(entry.id),
        "what": entry.name,
        "where": ONLINE_ONLY if entry.area == ONLINE else NEAR,
    }
    if idea_from:
        record["idea_from"] = idea_from
    record[TRY_DIRECTORY] = entry.id
    return record


def _same_words(a: Any, b: str) -> bool:
    return isinstance(a, str) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def listed_at(records: Iterable[Any], entry: DirectoryEntry) -> int | None:
    """Where ``entry`` is in the list already (its index), or None.

    Listed means: an entry carrying its id, one with its list id, or one the person typed
    with exactly its name (not carrying another entry's id).
    """
    for number, record in enumerate(records):
        if not isinstance(record, Mapping):
            continue
        linked = record.get(TRY_DIRECTORY)
        if linked == entry.id or record.get("id") == record_id(entry.id):
            return number
        if not linked and _same_words(record.get("what"), entry.name):
            return number
    return None


def with_picks(
    directory: Directory, records: Any, picks: Any, idea_from: Any = None
) -> list[dict[str, Any]]:
    """The list with each picked entry added once, at the end, in the order picked.

    An entry already listed is not added again; one the person typed by its name is linked to
    the entry (it keeps their words and gains the details). Ids no longer in the directory
    are left out (there is nothing to name them by).
    """
    found = (
        [dict(r) for r in records if isinstance(r, Mapping)] if isinstance(records, list) else []
    )
    chosen = picks if isinstance(picks, list) else [picks] if picks else []
    whose = idea_from if isinstance(idea_from, str) and idea_from else None
    for code in dict.fromkeys(str(c) for c in chosen):
        try:
            entry = directory.entry(code)
        except KeyError:
            continue
        at = listed_at(found, entry)
        if at is None:
            found.append(try_record(entry, whose))
        elif not found[at].get(TRY_DIRECTORY):
            found[at][TRY_DIRECTORY] = entry.id
    return found
