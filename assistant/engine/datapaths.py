"""Reading and writing values at dotted paths in the session data.

A resolved path is a tuple of segments. A segment starting with ``#`` names a record
in a list by its ``id`` (``("network", "people", "#a1b2", "feeling")``), so a path keeps
pointing at the same person even when others are added or removed before them.
"""

from __future__ import annotations

from typing import Any

Segments = tuple[str, ...]


class _Missing:
    """Marks 'nothing stored here' (distinct from a stored None)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


def split(path: str) -> Segments:
    return tuple(path.split(".")) if path else ()


def join(segments: Segments) -> str:
    return ".".join(segments)


def _child(container: Any, segment: str) -> Any:
    if isinstance(container, dict):
        return container.get(segment, MISSING)
    if isinstance(container, list) and segment.startswith("#"):
        wanted = segment[1:]
        for item in container:
            if isinstance(item, dict) and item.get("id") == wanted:
                return item
    return MISSING


def get(data: Any, segments: Segments) -> Any:
    """The value at ``segments`` or ``MISSING``."""
    current = data
    for segment in segments:
        current = _child(current, segment)
        if current is MISSING:
            return MISSING
    return current


class PathConflict(Exception):
    """A path runs through a value that is not a mapping (content author's mistake)."""


def put(data: dict[str, Any], segments: Segments, value: Any) -> None:
    """Store ``value``, creating mappings on the way; ``MISSING`` deletes."""
    if not segments:
        raise PathConflict("empty path")
    current: Any = data
    for depth, segment in enumerate(segments[:-1]):
        nxt = _child(current, segment)
        if nxt is MISSING:
            if value is MISSING:
                return
            if not isinstance(current, dict):
                raise PathConflict(f"cannot store under {join(segments[: depth + 1])}")
            nxt = current[segment] = {}
        elif not isinstance(nxt, (dict, list)):
            raise PathConflict(
                f"`{join(segments[: depth + 1])}` holds an answer, so nothing can be stored "
                f"under it ({join(segments)})"
            )
        current = nxt
    last = segments[-1]
    if not isinstance(current, dict):
        raise PathConflict(f"cannot store {join(segments)}: its parent is a list")
    if value is MISSING:
        current.pop(last, None)
    else:
        current[last] = value
