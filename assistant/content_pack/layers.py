"""An agency's content pack laid over the base content, and the rules that merge them.

The base is the shipped content (or the folder given with ``--content``); the pack is a
folder outside the app (``pack.yaml`` marks it), so upgrading the app never touches it.
Each kind of content merges its own way (docs/content-format.md, "Layering"):

- topics: a pack topic with a shipped id replaces it (a sub-flow too), a new id adds one, and
  ``switch_off`` in ``pack.yaml`` removes shipped topics;
- the directory: the pack's entries, the shipped example's only until the pack has one of its
  own (``assistant.directory.loader.check_directory``);
- ``agency.yaml``: the pack's replaces the shipped one (``CPI_AGENCY_FILE`` beats both);
- templates and personas: the pack's folder is looked in first (same name or id replaces).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.content_pack.manifest import PACK_FILE, Manifest, read_manifest
from assistant.flows import model as m
from assistant.flows.loader import (
    Content,
    TopicIndex,
    content_hash,
    load_topic_files,
    read_content,
    topic_files,
)
from assistant.flows.problems import Problem, did_you_mean
from assistant.locations import content_dir


@dataclass(frozen=True)
class ContentLayers:
    """The folders content is read from: ``base`` (the shipped content or ``--content``),
    then, laid over it, an agency's ``pack`` (None: the base alone, as before packs)."""

    base: Path
    pack: Path | None = None

    @classmethod
    def of(cls, content: Any) -> ContentLayers:
        """The layers a loaded ``Content`` was read from."""
        return cls(Path(content.root), getattr(content, "pack", None))

    @classmethod
    def chosen(cls, base: Path | None = None, pack: Path | None = None) -> ContentLayers:
        """``base`` (default: the shipped content) with ``pack`` over it."""
        return cls(base or content_dir(), pack)

    def folders(self, name: str) -> tuple[Path, ...]:
        """The folder ``name`` (e.g. ``templates``) of each layer, the pack's first: where a
        file is looked for, the first found wins."""
        own = (self.pack / name,) if self.pack is not None else ()
        return (*own, self.base / name)

    def templates(self) -> tuple[Path, ...]:
        return self.folders("templates")

    def personas(self) -> tuple[Path, ...]:
        return self.folders("personas")

    def directories(self) -> tuple[Path, ...]:
        return self.folders("directory")


def _switch_off(
    topics: dict[str, TopicIndex], own: dict[str, TopicIndex], manifest: Manifest
) -> list[Problem]:
    """Take the topics ``switch_off`` names out of ``topics`` (with the shipped sub-flows only
    they ran), checked against the merged topics (``own``: the pack's); problems name
    pack.yaml's line."""
    pack = manifest.pack
    if pack is None:
        return []
    problems: list[Problem] = []
    original = dict(topics)
    off: dict[str, int] = {}
    for n, topic_id in enumerate(pack.switch_off):
        line, col = manifest.where_switched_off(n)
        if topic_id in own:
            problems.append(
                Problem(
                    manifest.name,
                    line,
                    col,
                    "K202",
                    f"the pack has its own topic `{topic_id}` ({own[topic_id].file}); "
                    "take it out of switch_off, or remove that file",
                )
            )
        elif topic_id not in topics:
            problems.append(
                Problem(
                    manifest.name,
                    line,
                    col,
                    "K201",
                    f"there is no shipped topic `{topic_id}` to switch off"
                    + (
                        did_you_mean(topic_id, topics)
                        # An upgrade that retires a topic the pack switched off changes
                        # nothing the pack wanted: a warning, so meetings still start.
                        or " (perhaps an upgrade retired it: take it out of switch_off)"
                    ),
                    "warning",
                )
            )
        else:
            off.setdefault(topic_id, n)
    for topic_id in off:
        del topics[topic_id]
    merged = {**topics, **own}
    # A shipped sub-flow only a switched-off topic ran goes with it (nothing could run it).
    gone = set(off)
    while True:
        orphans = [
            topic_id
            for topic_id, index in topics.items()
            if topic_id not in own
            and not index.topic.listed
            and _runs(gone, index.topic.id, original)
            and not _callers(merged, topic_id)
        ]
        if not orphans:
            break
        for topic_id in orphans:
            del topics[topic_id]
            del merged[topic_id]
            gone.add(topic_id)
    for topic_id, n in off.items():
        callers = _callers(merged, topic_id)
        if callers:
            line, col = manifest.where_switched_off(n)
            problems.append(
                Problem(
                    manifest.name,
                    line,
                    col,
                    "K203",
                    f"`{topic_id}` is still run by {', '.join(callers)}, so it cannot be "
                    "switched off; switch those off too, or replace them in the pack's flows/",
                )
            )
    return problems


def _calls(index: TopicIndex, topic_id: str) -> bool:
    """Whether a topic runs ``topic_id`` (by `call` or `repeat`)."""
    return any(
        isinstance(node, (m.CallNode, m.RepeatNode)) and node.topic == topic_id
        for node in index.topic.nodes
    )


def _callers(topics: dict[str, TopicIndex], topic_id: str) -> list[str]:
    return sorted(
        f"`{index.topic.id}` ({index.file})"
        for index in topics.values()
        if index.topic.id != topic_id and _calls(index, topic_id)
    )


def _runs(gone: set[str], topic_id: str, original: dict[str, TopicIndex]) -> bool:
    """Whether one of the ``gone`` topics (as shipped) ran ``topic_id``."""
    return any(g in original and _calls(original[g], topic_id) for g in gone)


def _duplicates(indexes: list[TopicIndex]) -> list[Problem]:
    """Two topics of one layer with the same id (across layers, the pack's replaces)."""
    problems: list[Problem] = []
    first: dict[str, TopicIndex] = {}
    for index in indexes:
        seen = first.setdefault(index.topic.id, index)
        if seen is not index:
            line, col = index.located.where(("id",))
            problems.append(
                Problem(
                    index.file,
                    line,
                    col,
                    "E200",
                    f"topic id `{index.topic.id}` is also used by {seen.file}; "
                    "topic ids must be unique",
                )
            )
    return problems


def read_layers(
    layers: ContentLayers, leave_out: Iterable[Path] = ()
) -> tuple[Content, list[Problem], Manifest | None]:
    """The topics of ``layers`` merged, every problem found on the way (each naming the file
    it came from), and the pack's manifest (None without a pack).

    Without a pack this is exactly ``read_content(base)``. A pack whose ``pack.yaml`` is
    missing or broken still has its topics read, so one validate run shows every problem.
    ``leave_out``: topic files of the pack not read (broken ones the app runs without:
    ``assistant.authoring.content.load_content_for_meetings``).
    """
    content, problems = read_content(layers.base)
    if layers.pack is None:
        return content, problems, None
    manifest = read_manifest(layers.pack)
    problems = problems + list(manifest.problems)
    if manifest.problems and manifest.problems[0].code in ("K040", "K042"):
        # No pack folder at all, or one that cannot be read: nothing more to read.
        return dataclasses.replace(content, pack=layers.pack), problems, manifest
    flows = layers.pack / "flows"
    skipped = {path.resolve() for path in leave_out}
    pack_files = [
        path
        for path in (topic_files(layers.pack) if flows.is_dir() else [])
        if path.resolve() not in skipped
    ]
    indexes, found = load_topic_files(pack_files)
    problems += found + _duplicates(indexes)
    own: dict[str, TopicIndex] = {}
    for index in indexes:
        own.setdefault(index.topic.id, index)
    topics = dict(content.topics)
    problems += _switch_off(topics, own, manifest)
    topics.update(own)
    merged = dataclasses.replace(
        content,
        topics=topics,
        pack=layers.pack,
        hash=_layered_hash(content.hash, pack_files, manifest),
    )
    return merged, problems, manifest


def _layered_hash(base: str, pack: list[Path], manifest: Manifest) -> str:
    """One hash for the merged topics (``base``: the base topics' own hash): a saved
    conversation notices a change in either layer (or in what is switched off)."""
    digest = hashlib.sha256()
    digest.update(base.encode())
    digest.update(b"\0pack\0")
    digest.update(content_hash([*pack, manifest.path]).encode())
    return digest.hexdigest()[:16]


__all__ = ["PACK_FILE", "ContentLayers", "read_layers"]
