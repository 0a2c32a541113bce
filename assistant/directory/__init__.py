"""The community directory: local opportunities an agency keeps, matched to interests."""

from assistant.directory.functions import DirectoryFunctions, directory_of, with_directory
from assistant.directory.loader import (
    check_directory,
    default_directory_path,
    lint_directory_file,
    load_directory,
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
    "Directory",
    "DirectoryEntry",
    "DirectoryFunctions",
    "Match",
    "TagDef",
    "check_directory",
    "default_directory_path",
    "directory_of",
    "directory_schema",
    "lint_directory_file",
    "load_directory",
    "match",
    "resolve_interests",
    "with_directory",
]
