"""Load YAML that anyone may have written, keeping the line and column of every value.

Content files are edited by hand, so this loader must turn *any* input into either data
or a clear ``file:line:col`` problem, quickly: empty and binary files, tabs, duplicate keys,
unquoted ``{{ }}`` templates, alias bombs, deep nesting and huge files included.

It builds Python values straight from the parser's event stream (one pass, no recursion),
which is what lets it refuse aliases and deep nesting before they cost anything.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import marshal
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from assistant.flows.problems import Problem
from assistant.safe_read import not_utf8_at, read_regular

MAX_BYTES = 4 * 1024 * 1024
MAX_DEPTH = 40
MAX_EVENTS = 400_000

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = Resolver()
_constructor = SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}

Path_ = tuple[str | int, ...]


@dataclass
class Located:
    """Parsed data plus where each value (and each mapping key) starts, 1-based."""

    data: Any
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The closest known position for ``path`` (walking up to its parents)."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))


class YamlProblem(Exception):
    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def load_yaml_file(path: Path, display: str | None = None) -> Located:
    """Read and parse ``path``; raises ``YamlProblem`` with a located, plain message."""
    name = display or str(path)
    try:
        # Never blocks on a named pipe, refuses a folder or a symlink loop (safe_read).
        raw = read_regular(path, MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            size = max(len(raw), path.stat().st_size)
            raise YamlProblem(
                Problem(
                    name,
                    1,
                    1,
                    "E001",
                    f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,}). "
                    "Split it into smaller files.",
                )
            )
    except OSError as exc:
        raise YamlProblem(
            Problem(name, 1, 1, "E002", f"cannot read the file: {exc.strerror or exc}")
        ) from None
    return load_yaml_bytes(raw, name)


# Parsed files by the hash of their bytes: one run reads the same file more than once (the
# linter checks the topics, then each persona against the same topics; each persona file
# looks at the others), and the same bytes always parse to the same values. Only files that
# parsed are kept (a problem names the file, so it is found again), small ones only, a few
# hundred at most; each caller gets its own copy of the values, so none can change another's.
_MEMO_MAX_FILES = 512
_MEMO_MAX_BYTES = 256 * 1024
_memo: OrderedDict[bytes, tuple[bytes, dict[Path_, tuple[int, int]], dict[Path_, tuple[int, int]]]]
_memo = OrderedDict()


def _copied(data: bytes, located: Located) -> Located:
    # Values are plain (dict, list, str, int, float, bool, None): marshal copies them in C.
    return Located(marshal.loads(data), dict(located.values), dict(located.keys))


def load_yaml_bytes(raw: bytes, name: str) -> Located:
    """Parse ``raw`` (the bytes of the file shown as ``name``); see :func:`load_yaml_text`."""
    small = len(raw) <= _MEMO_MAX_BYTES
    digest = hashlib.blake2b(raw, digest_size=20).digest() if small else b""
    kept = _memo.get(digest) if small else None
    if kept is not None:
        _memo.move_to_end(digest)
        data, values, keys = kept
        return _copied(data, Located(None, values, keys))
    located = _load_yaml_bytes(raw, name)
    if small:
        _memo[digest] = (marshal.dumps(located.data), dict(located.values), dict(located.keys))
        if len(_memo) > _MEMO_MAX_FILES:
            _memo.popitem(last=False)
    return located


def _load_yaml_bytes(raw: bytes, name: str) -> Located:
    if len(raw) > MAX_BYTES:
        raise YamlProblem(Problem(name, 1, 1, "E001", "file is too large; split it up."))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = not_utf8_at(raw, exc.start)
        raise YamlProblem(
            Problem(
                name,
                line,
                col,
                "E003",
                "this is not UTF-8 text (is it a binary file?). Save it as UTF-8.",
            )
        ) from None
    return load_yaml_text(text, name)


def _unreadable_value(event: Any, exc: ValueError) -> str:
    """E015's words for a value YAML reads as a date or time but cannot make one of
    (``2026-02-30``), in place of Python's ("day is out of range for month")."""
    value = str(getattr(event, "value", ""))
    if re.match(r"\d{4}-\d{1,2}-\d{1,2}", value):
        return (
            f"`{value}` is not a real date ({exc}); write a day that exists, as YYYY-MM-DD, "
            "or put it in quotes to keep it as text"
        )
    return f"`{value}` cannot be read ({exc}); put it in quotes to keep it as text"


def _check_tabs(text: str, name: str) -> None:
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            raise YamlProblem(
                Problem(
                    name,
                    number,
                    indent.index("\t") + 1,
                    "E004",
                    "a tab is used for indentation; YAML needs spaces. Replace the tab "
                    "with spaces (your editor can do this for the whole file).",
                )
            )


_IMPLICIT_FIRST = frozenset(_resolver.yaml_implicit_resolvers)


def _scalar(event: yaml.ScalarEvent) -> Any:
    tag = event.tag
    value = event.value
    if tag is None or tag == "!":
        # The C parser reports a plain scalar's style as '' and the Python one as None.
        if event.style or not event.implicit[0]:
            return value
        if value[:1] not in _IMPLICIT_FIRST:
            return value  # fast path: plain words can only be text
        tag = _resolver.resolve(ScalarNode, value, (True, False))
    if tag not in _SAFE_TAGS:
        raise ValueError(f"the tag `{tag}` is not allowed in content files; remove it")
    if tag == _BOOL and value.lower() not in ("true", "false"):
        # YAML 1.1 reads yes/no/on/off as booleans (the "Norway problem");
        # content authors mean the words, so only true/false are booleans here.
        return value
    if tag == _STR:
        return value
    # The C parser's marks (yaml._yaml.Mark) serve a node as well as the Python parser's;
    # types-PyYAML types ScalarNode's marks as the Python class only.
    node = ScalarNode(tag, value, event.start_mark, event.end_mark)  # type: ignore[arg-type]
    result = SafeConstructor.yaml_constructors[tag](_constructor, node)
    if isinstance(result, (_dt.date, _dt.datetime)):
        return result.isoformat()  # keep data JSON-able; the engine stores dates as text
    return result


class _Frame:
    __slots__ = ("container", "flow", "key", "key_pos", "path")

    def __init__(self, container: Any, path: Path_, flow: bool) -> None:
        self.container = container
        self.path = path
        self.flow = flow
        self.key: Any = _NO_KEY
        self.key_pos: tuple[int, int] = (1, 1)


_NO_KEY = object()


def _text_at(lines: list[str], line: int, column: int) -> str:
    """The character at 0-based ``line`` and ``column``, or "" past the end."""
    if 0 <= line < len(lines) and 0 <= column < len(lines[line]):
        return lines[line][column]
    return ""


def _open_quotes(text: str, quote: str) -> list[int]:
    """Columns of the quotes in ``text`` that open or close a value (escapes left out)."""
    # In "…" a backslash escapes the next character; in '…' a quote is written twice.
    text = re.sub(r"\\.", "__", text) if quote == '"' else text.replace("''", "__")
    return [i for i, char in enumerate(text) if char == quote]


def _quote_run_on(lines: list[str], line: int, column: int) -> tuple[int, int] | None:
    """Where an earlier line's unclosed quote starts, when the quote just before ``column``
    on ``line`` is the one that closed it; None otherwise. Lines and columns are 0-based."""
    before = lines[line][:column].rstrip() if 0 <= line < len(lines) else ""
    if not before or before[-1] not in "\"'":
        return None
    quote = before[-1]
    if len(_open_quotes(before, quote)) % 2 == 0:
        return None  # the quote closes a value opened on this line: not a run-on
    for earlier in range(line - 1, -1, -1):
        found = _open_quotes(lines[earlier], quote)
        if len(found) % 2:
            return (earlier + 1, found[-1] + 1)
    return None


def load_yaml_text(text: str, name: str) -> Located:
    """Parse one YAML document into plain values with positions."""
    _check_tabs(text, name)
    located = Located(None)
    stack: list[_Frame] = []
    documents = 0
    events = 0

    def fail(pos: tuple[int, int], code: str, message: str) -> YamlProblem:
        return YamlProblem(Problem(name, pos[0], pos[1], code, message))

    def place(value: Any, pos: tuple[int, int], is_container: bool, event: Any) -> Path_ | None:
        """Put ``value`` in the current container; returns its path (None for a key)."""
        if not stack:
            located.data = value
            located.values[()] = pos
            return ()
        top = stack[-1]
        if isinstance(top.container, list):
            path = (*top.path, len(top.container))
            top.container.append(value)
            located.values[path] = pos
            return path
        if top.key is _NO_KEY:
            if is_container:
                if top.flow and isinstance(value, dict):
                    raise fail(
                        located.values.get(top.path, pos),
                        "E010",
                        "this looks like an unquoted `{{ ... }}` template, which YAML "
                        "reads as a mapping. Quote the whole value, e.g. "
                        'text: "Hello {{ name }}"',
                    )
                raise fail(pos, "E011", "a key must be plain text, not a list or mapping")
            if value is None or isinstance(value, (dict, list)):
                raise fail(pos, "E011", "a key must be plain text; this key is empty")
            key = value if isinstance(value, (str, int)) else str(value)
            if key in top.container:
                first = located.keys.get((*top.path, key), pos)
                raise fail(
                    pos,
                    "E012",
                    f"duplicate key `{key}` (first given at line {first[0]}); remove one of them",
                )
            top.key = key
            top.key_pos = pos
            return None
        path = (*top.path, top.key)
        top.container[top.key] = value
        located.values[path] = pos
        located.keys[path] = top.key_pos
        top.key = _NO_KEY
        return path

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    try:
        for event in yaml.parse(text, Loader=_Parser):
            events += 1
            if events > MAX_EVENTS:
                raise fail((1, 1), "E013", "file has too many values; split it up")
            kind = type(event)
            if kind in ends:
                stack.pop()
                continue
            mark = event.start_mark  # the parser marks every event; (1, 1) only for the type
            pos = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if kind is alias_event or getattr(event, "anchor", None):
                raise fail(
                    pos,
                    "E014",
                    "anchors and aliases (`&name`, `*name`) are not supported in content "
                    "files; write the value out in full",
                )
            if kind is scalar_event:
                try:
                    # Dispatched by exact type (faster than isinstance), which mypy cannot follow.
                    value = _scalar(cast("yaml.ScalarEvent", event))
                except ValueError as exc:
                    raise fail(pos, "E015", _unreadable_value(event, exc)) from None
                top = stack[-1] if stack else None
                if top is not None and top.key is not _NO_KEY:
                    # The common case, a value for a key, inlined for speed.
                    path = (*top.path, top.key)
                    top.container[top.key] = value
                    located.values[path] = pos
                    located.keys[path] = top.key_pos
                    top.key = _NO_KEY
                else:
                    place(value, pos, False, event)
            elif kind in starts:
                if len(stack) >= MAX_DEPTH:
                    raise fail(
                        pos, "E016", f"values are nested more than {MAX_DEPTH} deep; flatten them"
                    )
                start = cast("yaml.CollectionStartEvent", event)
                if start.tag not in (None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                    raise fail(
                        pos,
                        "E015",
                        f"the tag `{start.tag}` is not allowed in content files; remove it",
                    )
                container: Any = {} if kind is yaml.MappingStartEvent else []
                container_path = place(container, pos, True, event)
                stack.append(_Frame(container, container_path or (), bool(start.flow_style)))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail(
                        pos, "E017", "only one YAML document per file; remove the extra `---`"
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "not valid YAML"
        context = str(exc.context or "")
        opening = exc.context_mark
        hint = ""
        lines = text.splitlines()
        if (
            opening is not None
            and "quoted scalar" in context
            and ("end of stream" in what or "document indicator" in what)
        ):
            # The parser noticed only where the file (or the document) ended; the mistake is
            # the opening quote, so point there.
            raise fail(
                (opening.line + 1, opening.column + 1),
                "E020",
                "YAML syntax: a quote opened here is never closed: add the closing quote",
            ) from None
        if (
            opening is not None
            and "while parsing a flow" in context
            and (mark is None or mark.line > opening.line)
        ):
            # `name: [Tuesday` read on into the next lines: the mistake is the opening bracket.
            opener = _text_at(lines, opening.line, opening.column) or "["
            raise fail(
                (opening.line + 1, opening.column + 1),
                "E020",
                f"YAML syntax: a `{opener}` opened here is never closed. A value that starts "
                f"with `[` or `{{` is read as a list or a mapping: close it, "
                "or put the whole value in quotes",
            ) from None
        opened = _quote_run_on(lines, line - 1, col - 1) if "expected key" in what else None
        if opened is not None:
            # `name: "Tuesday` then `kind: "walk"`: the quote closed on a later line, and the
            # parser tripped over the words after it. The mistake is the first quote.
            raise fail(
                opened,
                "E020",
                "YAML syntax: a quote opened here is not closed on its line: add the closing quote",
            ) from None
        if "{{" in (lines[line - 1] if 0 < line <= len(lines) else ""):
            hint = "; if this line holds a `{{ }}` template, quote the whole value"
        elif "control character" in what or "special characters" in what:
            hint = "; is this a binary file?"
        elif "mapping values are not allowed" in what:
            # Most often a line indented unlike the one above it, or a value holding ": ".
            hint = (
                "; check this line's indentation against the line above, and put a value "
                "that holds `: ` in quotes"
            )
        elif "expected ',' or" in what or "expected ',' or" in str(exc.context or ""):
            # `name: [Tuesday` or `name: {x`: a value opening with [ or { is a list or a
            # mapping to YAML, never closed here.
            hint = (
                "; a value that starts with `[` or `{` is read as a list or a mapping: close "
                "it, or put the whole value in quotes"
            )
        elif (
            "did not find expected key" in what
            or "did not find expected '-'" in what
            or "expected <block end>" in what
        ):
            # libyaml's words (and PyYAML's) for a line indented unlike the keys of its group,
            # or words after a closing quote.
            hint = (
                "; check this line's indentation: the keys of one item start in the same "
                "column, and a list's `-` lines up with the one above. A quoted value must "
                "end at its closing quote"
            )
        if "nesting depth" in what:
            raise fail((line, col), "E016", "values are nested too deeply; flatten them") from None
        raise fail((line, col), "E020", f"YAML syntax: {what}{hint}") from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        raise fail(
            (line, col),
            "E003",
            f"character {ord(exc.character) if isinstance(exc.character, str) else exc.character!r}"
            " is not allowed in YAML (is this a binary file?); remove it",
        ) from None
    except yaml.YAMLError as exc:
        raise fail((1, 1), "E020", f"YAML syntax: {exc}") from None
    except RecursionError:
        raise fail((1, 1), "E016", "values are nested too deeply; flatten them") from None
    return located
