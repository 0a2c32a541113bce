"""The community directory: local opportunities an agency keeps, matched to interests."""

from assistant.directory.browse import (
    Card,
    Filters,
    Profile,
    Suggestion,
    browse,
    card,
    day_names,
    days_from_when,
    entry_days,
    is_stale,
    kind_words,
    stale_entries,
    suggest,
)
from assistant.directory.functions import (
    DirectoryFunctions,
    directory_of,
    prepare_directory,
    with_directory,
)
from assistant.directory.loader import (
    check_directory,
    default_directory_path,
    lint_directory_file,
    load_directory,
    read_directory,
)
from assistant.directory.matching import Match, match, resolve_interests
from assistant.directory.model import (
    KINDS,
    Directory,
    DirectoryEntry,
    TagDef,
    directory_schema,
)

__all__ = [
    "KINDS",
    "Card",
    "Directory",
    "DirectoryEntry",
    "DirectoryFunctions",
    "Filters",
    "Match",
    "Profile",
    "Suggestion",
    "TagDef",
    "browse",
    "card",
    "check_directory",
    "day_names",
    "days_from_when",
    "default_directory_path",
    "directory_of",
    "directory_schema",
    "entry_days",
    "is_stale",
    "kind_words",
    "lint_directory_file",
    "load_directory",
    "match",
    "prepare_directory",
    "read_directory",
    "resolve_interests",
    "stale_entries",
    "suggest",
    "with_directory",
]
