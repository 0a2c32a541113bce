"""Load topic files into validated models, with every problem placed at file:line:col."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from assistant.flows import model as m
from assistant.flows.problems import ContentError, Problem, did_you_mean
from assistant.flows.validation import problem_from_error
from assistant.flows.yamlsafe import Located, YamlProblem, load_yaml_file
from assistant.locations import content_dir, flows_dir
from assistant.safe_read import read_regular

_NODE_CLASSES: dict[str, type[BaseModel]] = {
    "say": m.SayNode,
    "ask": m.AskNode,
    "menu": m.MenuNode,
    "set": m.SetNode,
    "branch": m.BranchNode,
    "call": m.CallNode,
    "repeat": m.RepeatNode,
    "end": m.EndNode,
}
# Sub-structures whose keys an author may misspell, by the name of the list holding them.
_NESTED_CLASSES: dict[str, type[BaseModel]] = {
    "options": m.MenuOption,
    "fields": m.RecordField,
    "branches": m.BranchCase,
    "validate": m.Rule,
}


@dataclass
class TopicIndex:
    """A loaded topic with what the engine looks up on every step."""

    topic: m.Topic
    file: str
    located: Located
    nodes: dict[str, Any] = field(default_factory=dict)
    following: dict[str, str | None] = field(default_factory=dict)
    node_paths: dict[str, tuple[str | int, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = [node.id for node in self.topic.nodes]
        for position, node in enumerate(self.topic.nodes):
            self.nodes.setdefault(node.id, node)
            self.node_paths.setdefault(node.id, ("nodes", position))
            self.following.setdefault(
                node.id, ids[position + 1] if position + 1 < len(ids) else None
            )

    def next_of(self, node: Any) -> str | None:
        """Where a step goes on to: its `next`, else the step written after it."""
        return node.next or self.following.get(node.id)

    def where(self, node_id: str, *keys: str | int) -> tuple[int, int]:
        base = self.node_paths.get(node_id, ())
        return self.located.where((*base, *keys))


@dataclass
class Content:
    """A loaded, validated set of topics (the content the engine runs)."""

    root: Path
    topics: dict[str, TopicIndex]
    hash: str
    # Expression functions given by layers above this one, by name (e.g. the community
    # directory's `opportunities`, see assistant.directory.functions): flows sit below the
    # directory and do not know how to read it.
    functions: dict[str, Callable[..., Any]] = field(default_factory=dict, repr=False)
    # The agency's settings (an ``assistant.agency.Agency``, None when there are none) and the
    # problems of their file, given by the layer above that reads them
    # (``assistant.agency.with_agency``): flows sit below it and do not know the model.
    agency: Any = None
    agency_problems: tuple[Problem, ...] = ()
    # Where the community directory is read from (an
    # ``assistant.directory.functions.DirectoryFunctions``, which reads it on first use; None
    # without a directory), given by the same layer that gives its functions: plans copy a
    # chosen entry's details (``assistant.directory.functions.directory_of``).
    directory: Any = field(default=None, repr=False)
    # An agency's content pack laid over ``root`` (None: the content of ``root`` alone), given
    # by the layer that merges them (``assistant.content_pack.layers.read_layers``): the
    # directory, the agency's details, templates and personas are looked for there first.
    pack: Path | None = None

    def topic(self, topic_id: str) -> TopicIndex:
        return self.topics[topic_id]

    def listed(self) -> list[m.Topic]:
        """Topics for the topic map, in their `order`, then by title."""
        shown = [t.topic for t in self.topics.values() if t.topic.listed]
        return sorted(shown, key=lambda t: (t.order, t.title.lower()))


def _strip_kind(loc: Sequence[Any], data: Any) -> tuple[list[Any], type[BaseModel] | None]:
    """Pydantic puts the union tag in error paths (`nodes.3.ask.prompt`); drop it.

    Also works out which model the last mapping in the path belongs to, for hints.
    """
    path: list[Any] = []
    cls: type[BaseModel] | None = m.Topic
    current = data
    for part in loc:
        if (
            isinstance(part, str)
            and part in _NODE_CLASSES
            and not (isinstance(current, dict) and part in current)
        ):
            cls = _NODE_CLASSES[part]
            continue
        if isinstance(part, str) and ("[" in part or part.startswith("function")):
            continue  # a validator step, not a key
        path.append(part)
        if isinstance(part, str) and part in _NESTED_CLASSES:
            cls = _NESTED_CLASSES[part]
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        else:
            current = None
    return path, cls


def _store_or_name(value: Any, last: Any, path: list[Any]) -> str | None:
    if last in ("store", "over") or (len(path) >= 2 and path[-2] == "values"):
        return (
            f"`{value}` is not a valid store path: use dotted lower-case names, "
            "e.g. about.interests"
        )
    return None


def _problem_from_error(err: ErrorDetails, located: Located, name: str) -> Problem:
    path, cls = _strip_kind(err["loc"], located.data)
    kind = err["type"]
    if kind == "union_tag_not_found":
        line, col = located.where(tuple(path))
        return Problem(
            name, line, col, "E103", f"each step needs `kind:`, one of: {', '.join(m.NODE_KINDS)}"
        )
    if kind == "union_tag_invalid":
        line, col = located.where(tuple(path))
        tag = str(err.get("ctx", {}).get("tag", ""))
        return Problem(
            name,
            line,
            col,
            "E104",
            f"unknown step kind `{tag}`{did_you_mean(tag, m.NODE_KINDS)}; "
            f"use one of: {', '.join(m.NODE_KINDS)}",
        )
    return problem_from_error(
        err,
        located,
        name,
        prefix="E",
        root=m.Topic,
        path=path,
        owner=cls,
        pattern_message=_store_or_name,
    )


def parse_topic(located: Located, name: str) -> tuple[m.Topic | None, list[Problem]]:
    """Validate parsed YAML as a topic."""
    if located.data is None:
        return None, [
            Problem(name, 1, 1, "E030", "the file is empty; a topic needs id, title and nodes")
        ]
    if not isinstance(located.data, dict):
        return None, [
            Problem(name, 1, 1, "E031", "a topic file must be a mapping (id:, title:, nodes:)")
        ]
    try:
        return m.Topic.model_validate(located.data), []
    except ValidationError as exc:
        problems = [_problem_from_error(e, located, name) for e in exc.errors()]
        return None, sorted(set(problems))


def display_name(path: Path, base: Path | None = None) -> str:
    """A path as authors will see it: relative to the working folder where possible."""
    for anchor in (Path.cwd(), base):
        if anchor is None:
            continue
        try:
            return str(path.resolve().relative_to(anchor.resolve()))
        except (ValueError, RuntimeError, OSError):  # elsewhere, or a symlink loop (3.11)
            continue
    return str(path)


def load_topic_files(paths: Iterable[Path]) -> tuple[list[TopicIndex], list[Problem]]:
    """Parse and validate each file; returns the topics that loaded and all problems."""
    indexes: list[TopicIndex] = []
    problems: list[Problem] = []
    for path in paths:
        name = display_name(path)
        try:
            located = load_yaml_file(path, name)
        except YamlProblem as exc:
            problems.append(exc.problem)
            continue
        topic, found = parse_topic(located, name)
        problems.extend(found)
        if topic is not None:
            indexes.append(TopicIndex(topic, name, located))
    return indexes, problems


def topic_files(root: Path) -> list[Path]:
    folder = flows_dir(root)
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def content_hash(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(b"\0")
        try:
            digest.update(read_regular(path))
        except OSError:  # not a regular file (a pipe, a folder): already reported as a problem
            digest.update(b"\1unreadable")
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def build_content(root: Path, indexes: list[TopicIndex], files: list[Path]) -> Content:
    topics: dict[str, TopicIndex] = {}
    for index in indexes:
        topics.setdefault(index.topic.id, index)
    return Content(root=root, topics=topics, hash=content_hash(files))


def read_content(root: Path | None = None) -> tuple[Content, list[Problem]]:
    """Load all topics under ``root/flows`` (the shipped content by default), with the problems
    found on the way; raises ``ContentError`` only when there is no topic file at all.

    Checks across topics (the linter) and the community directory's expression functions are
    added by the layers above: see ``assistant.authoring.content.load_content``.
    """
    root = root or content_dir()
    files = topic_files(root)
    if not files:
        raise ContentError(
            [Problem(str(flows_dir(root)), 1, 1, "E040", "no topic files (*.yaml) found here")]
        )
    indexes, problems = load_topic_files(files)
    return build_content(root, indexes, files), problems


def load_content(root: Path | None = None) -> Content:
    """Load all topics under ``root/flows``; raises ``ContentError`` when any is broken.

    Only what each topic file says is checked here (no linter, no directory): the app, the CLI
    and the tools load through ``assistant.authoring.content.load_content``.
    """
    content, problems = read_content(root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(sorted(errors))
    return content
