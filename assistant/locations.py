"""Where the shipped content lives, in a source checkout and in an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def content_dir() -> Path:
    """The embedded default content folder.

    A wheel carries it as ``assistant/_content`` (see pyproject's force-include);
    a source checkout or editable install uses the top-level ``content/`` folder.
    """
    embedded = _PACKAGE / "_content"
    if embedded.is_dir():
        return embedded
    return _PACKAGE.parent / "content"


def flows_dir(root: Path | None = None) -> Path:
    return (root or content_dir()) / "flows"


def schema_dir(root: Path | None = None) -> Path:
    return (root or content_dir()) / "schema"
