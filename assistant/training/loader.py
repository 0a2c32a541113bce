"""Load ``content/personas/`` and check it, placing every problem at file:line:col.

Codes (P for persona): P03x file shape, P04x the folder, P1xx a value in one file, P2xx checks
against the other personas, the known tags and training questions and the persona's own
private subjects, P3xx checks against the
flows beside the personas (warnings: flows change, and a persona falls back gracefully).
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, create_model
from pydantic_core import ErrorDetails

from assistant.content_pack.manifest import PACK_FILE
from assistant.engine.answers import AnswerError, coerce, coerce_record
from assistant.flows import model as m
from assistant.flows.loader import (
    Content,
    build_content,
    display_name,
    load_topic_files,
    topic_files,
)
from assistant.flows.problems import ContentError, Problem, did_you_mean
from assistant.flows.validation import clean_path, problem_from_error
from assistant.flows.yamlsafe import Located, YamlProblem, load_yaml_file
from assistant.locations import content_dir
from assistant.training.model import AnswerSet, Persona
from assistant.training.responder import LIST_SOURCES, resolve_dates
from assistant.training.themes import THEMES, TRAINING_QUESTIONS

PERSONAS_DIR = "personas"


def personas_dir(root: Path | None = None) -> Path:
    """The personas folder inside a content folder (default: the shipped content)."""
    return (root or content_dir()) / PERSONAS_DIR


def pack_personas(pack: Path | None) -> Path | None:
    """The personas folder of an agency's content pack (None without a pack), for
    ``load_personas(pack=...)``: a persona there replaces the shipped one of its id."""
    return pack / PERSONAS_DIR if pack is not None else None


def content_layers(root: Path | None, pack: Path | None) -> tuple[Path | None, Path | None]:
    """(personas folder, pack's personas folder) for ``load_personas`` of the content folder
    ``root`` (None: the shipped content) with an agency's ``pack`` over it, read as
    ``load_content`` reads them: a ``root`` that is itself a pack (it holds ``pack.yaml``) is
    laid over the shipped content. The command line and the app both take their personas
    from here, so they offer the same ones."""
    if pack is None and root is not None and (root / PACK_FILE).is_file():
        root, pack = None, root
    return (personas_dir(root) if root is not None else None), pack_personas(pack)


def persona_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))


# ------------------------------------------------------------------------------ one file


def _step_or_name(value: Any, last: Any, path: list[Any]) -> str | None:
    if "." in str(value) or (path and path[0] == "answers"):
        return f"`{value}` is not a step: write `topic.step`, e.g. what_matters.hopes"
    return None


def _problem(err: ErrorDetails, located: Located, name: str) -> Problem:
    return problem_from_error(
        err, located, name, prefix="P", root=Persona, pattern_message=_step_or_name
    )


def parse_persona(located: Located, name: str) -> tuple[Persona | None, list[Problem]]:
    """Validate parsed YAML as a persona."""
    if located.data is None:
        return None, [Problem(name, 1, 1, "P030", "the file is empty; a persona needs id, name…")]
    if not isinstance(located.data, dict):
        return None, [Problem(name, 1, 1, "P031", "a persona file must be a set of `key: value`")]
    try:
        return Persona.model_validate(located.data), []
    except ValidationError as exc:
        return None, sorted({_problem(e, located, name) for e in exc.errors()})


def _without_items(located: Located, drop: set[tuple[Any, ...]]) -> Located:
    """``located`` with the list items at ``drop`` (paths ending in an index) taken out, the
    positions of the items after them moved up, so the rest still points at its own line."""
    # An item inside one that goes too goes with it.
    drop = {d for d in drop if not any(d[: len(o)] == o and d != o for o in drop)}

    def moved(path: tuple[Any, ...]) -> tuple[Any, ...] | None:
        new = list(path)
        for n, part in enumerate(path):
            if isinstance(part, int):
                gone = [d[-1] for d in drop if d[:-1] == path[:n]]
                if part in gone:
                    return None
                new[n] = part - sum(g < part for g in gone)
        return tuple(new)

    def table(found: dict[Any, tuple[int, int]]) -> dict[Any, tuple[int, int]]:
        return {new: at for old, at in found.items() if (new := moved(tuple(old))) is not None}

    data = copy.deepcopy(located.data)
    # The last first, so each path still points at its item when it is taken out.
    for item in sorted(drop, reverse=True):
        holder = data
        for part in item[:-1]:
            holder = holder[part]
        del holder[item[-1]]
    return Located(data, table(located.values), table(located.keys))


def _existing(data: Any, path: tuple[Any, ...]) -> tuple[Any, ...]:
    """The longest start of ``path`` that is in ``data`` (an error's path can name a
    choice of types after the value itself: ``..., 0, "str"``)."""
    holder = data
    for n, part in enumerate(path):
        in_list = isinstance(holder, list) and isinstance(part, int) and 0 <= part < len(holder)
        if not in_list and not (isinstance(holder, dict) and part in holder):
            return path[:n]
        holder = holder[part]
    return path


# Each round takes out a wrong value, then what holds a value that had to be there: a file
# is seldom nested deeper than this.
_MOST_ROUNDS = 8


def _rest_of(located: Located, exc: ValidationError, stem: str) -> tuple[Persona, Located] | None:
    """The persona with each wrong value left out (a key that had to be there: the entry
    holding it; at the top of the file: a stand-in, :func:`_stand_in`), so the file's other
    problems, those in the same list entry too, can still be found in the same run: one bad
    value must not hide them. None when the file cannot be read that far."""
    rest = Located(copy.deepcopy(located.data), located.values, located.keys)
    errors = exc.errors()
    for _ in range(_MOST_ROUNDS):
        keys: set[tuple[Any, ...]] = set()
        items: set[tuple[Any, ...]] = set()
        for err in errors:
            path = tuple(clean_path(err["loc"]))
            target = _existing(rest.data, path[:-1] if err["type"] == "missing" else path)
            if not target:
                continue  # a value the file needs at its top: _stand_in
            (items if isinstance(target[-1], int) else keys).add(target)
        if not keys and not items:
            persona = _stand_in(rest.data, stem)
            return (persona, rest) if persona is not None else None
        for key in sorted(keys, key=len, reverse=True):
            if _existing(rest.data, key) == key:
                holder = rest.data
                for part in key[:-1]:
                    holder = holder[part]
                del holder[key[-1]]
        rest = _without_items(rest, items)
        try:
            return Persona.model_validate(rest.data), rest
        except ValidationError as again:
            errors = again.errors()
    return None


@functools.cache
def _with_stand_ins() -> type[Persona]:
    """A persona whose values needed at the top of the file have a stand-in when missing,
    for checking the rest of a file with one of them wrong: nothing for a list or a set of
    answers, the defaults of a part (``trainer``), nothing at all for words and numbers.
    Only values already found right are read with it, so its types need no limits."""
    fields: dict[str, Any] = {}
    for key, field in Persona.model_fields.items():
        if not field.is_required():
            continue
        kind = field.annotation
        made = getattr(field.annotation, "__origin__", field.annotation)
        if isinstance(made, type) and issubclass(made, BaseModel):
            fields[key] = (kind, Field(default_factory=made.model_construct))
        elif made in (list, dict):
            fields[key] = (kind, Field(default_factory=made))
        else:
            fields[key] = (kind, None)
    made_model: type[Persona] = create_model("PersonaWithStandIns", __base__=Persona, **fields)
    return made_model


def _stand_in(data: Any, stem: str) -> Persona | None:
    """The persona in ``data`` (its wrong values already left out), each value it needs at
    the top but lacks stood in for (:func:`_with_stand_ins`; the id: the file's name, so no
    second problem about it). None when the rest is still refused."""
    try:
        return _with_stand_ins().model_validate({"id": stem, **data})
    except ValidationError:
        return None


def _other_problems(
    located: Located, path: Path, name: str, flows: Content | None
) -> list[Problem]:
    """For a file whose persona cannot be read: the problems of the rest of it."""
    if not isinstance(located.data, dict):
        return []
    try:
        Persona.model_validate(located.data)
    except ValidationError as exc:
        found = _rest_of(located, exc, path.stem)
    else:
        return []
    if found is None:
        return []
    persona, rest = found
    problems = _check_own(persona, rest, path, name)
    if flows is not None:
        problems += _check_against_flows(persona, rest, name, flows)
    return problems


def _read(path: Path, name: str) -> tuple[Persona | None, Located | None, list[Problem]]:
    try:
        located = load_yaml_file(path, name)
    except YamlProblem as exc:
        return None, None, [exc.problem]
    persona, problems = parse_persona(located, name)
    return persona, located, problems


def _check_own(persona: Persona, located: Located, path: Path, name: str) -> list[Problem]:
    """Checks needing nothing but the file: its name, tags and training question ids."""
    problems: list[Problem] = []
    if persona.id != path.stem:
        problems.append(
            Problem(
                name,
                *located.where(("id",)),
                "P201",
                f"the id `{persona.id}` does not match the file name `{path.name}`; "
                "make them the same (the file is `<id>.yaml`)",
            )
        )
    for tag in persona.by_tag:
        if tag not in THEMES:
            problems.append(
                Problem(
                    name,
                    *located.where(("by_tag", tag), key=True),
                    "P203",
                    f"unknown tag `{tag}`{did_you_mean(tag, THEMES)}; use one of the themes "
                    "listed in docs/training.md",
                )
            )
    problems += _check_private(persona, located, name)
    for question in persona.trainer.questions:
        if question not in TRAINING_QUESTIONS:
            problems.append(
                Problem(
                    name,
                    *located.where(("trainer", "questions", question), key=True),
                    "P204",
                    f"unknown training question `{question}`"
                    f"{did_you_mean(question, TRAINING_QUESTIONS)}; use one of: "
                    + ", ".join(TRAINING_QUESTIONS),
                )
            )
    return problems


_REPLY_ROOTS = ("answers", "by_tag", "by_type")
_ITEM_LISTS = ("network", "concerns", "goals", "activities")


def _reply_marks(data: Any, path: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    """(path, id) of every id in a reply's ``about`` / ``keeps_private`` under ``data``."""
    found: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("about", "keeps_private") and isinstance(value, list):
                found += [((*path, key, n), str(v)) for n, v in enumerate(value)]
            else:
                found += _reply_marks(value, (*path, key))
    elif isinstance(data, list):
        for n, value in enumerate(data):
            found += _reply_marks(value, (*path, n))
    return found


def _check_private(persona: Persona, located: Located, name: str) -> list[Problem]:
    """P205: a reply's ``about`` or ``keeps_private``, or a list item's ``discloses``, names a
    subject not in ``private`` (the subject could then never be kept private)."""
    raw = located.data if isinstance(located.data, dict) else {}
    marks: list[tuple[tuple[Any, ...], str]] = []
    for root in _REPLY_ROOTS:
        marks += _reply_marks(raw.get(root), (root,))
    for listed in _ITEM_LISTS:
        items = raw.get(listed)
        for number, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict):
                continue
            marks += _reply_marks(item.get("details"), (listed, number, "details"))
            discloses = item.get("discloses")
            for n, subject in enumerate(discloses if isinstance(discloses, list) else []):
                marks.append(((listed, number, "discloses", n), str(subject)))
    known = [p.id for p in persona.private]
    problems = []
    for path, subject in marks:
        if subject not in known:
            listed = ", ".join(f"`{k}`" for k in known) or "none yet"
            problems.append(
                Problem(
                    name,
                    *located.where(path),
                    "P205",
                    f"`{subject}` is not one of this persona's private subjects"
                    f"{did_you_mean(subject, known)}; add it under `private` (known: {listed})",
                )
            )
    return problems


# ----------------------------------------------------------------- checks against the flows


def _loop_fields(content: Content) -> dict[str, tuple[str, set[str]]]:
    """List store -> (sub-flow, fields its questions store on each item)."""
    found: dict[str, tuple[str, set[str]]] = {}
    for index in content.topics.values():
        for node in index.topic.nodes:
            if not isinstance(node, m.RepeatNode) or node.topic not in content.topics:
                continue
            prefix = node.as_ + "."
            fields = {
                sub.store[len(prefix) :]
                for sub in content.topics[node.topic].topic.nodes
                if isinstance(sub, m.AskNode) and sub.store.startswith(prefix)
            }
            found.setdefault(node.over, (node.topic, set()))[1].update(fields)
    return found


def _detail_question(content: Content, topic: str, field: str) -> m.AskNode | None:
    """The question of sub-flow ``topic`` that stores ``field`` in each record."""
    for node in content.topics[topic].topic.nodes:
        if isinstance(node, m.AskNode) and node.store.partition(".")[2] == field:
            return node
    return None


def _asks_by_store(content: Content) -> dict[str, m.AskNode]:
    found: dict[str, m.AskNode] = {}
    for index in content.topics.values():
        for node in index.topic.nodes:
            if isinstance(node, m.AskNode):
                found.setdefault(node.store, node)
    return found


def _not_a_code(shape: Any, value: Any) -> str | None:
    """Why ``value`` is not one of a choice question's codes (None when it is, or when the
    question is not a choice with options written in the flow). Lists the codes the persona
    file needs, each with the label the screen shows, and the nearest one."""
    options = getattr(shape, "options", None)
    if shape.type not in ("choice", "multi_choice") or not options:
        return None
    if getattr(shape, "options_from", None):
        return None
    codes = [str(o.value) for o in options]
    for one in value if isinstance(value, list) else [value]:
        if str(one) not in codes:
            listed = ", ".join(
                o.value if o.text == o.value else f"{o.value} ({o.text})" for o in options
            )
            return (
                f"`{one}` is not one of this question's codes{did_you_mean(str(one), codes)}; "
                f"write one of: {listed}"
            )
    return None


def _fits_node(node: Any, answer_set: AnswerSet) -> str | None:
    """Why a written reply cannot answer ``node`` (None when every reply fits)."""
    for reply in [*answer_set.guarded, *answer_set.open]:
        if reply.skip or reply.value is None:
            continue
        if isinstance(node, m.MenuNode):
            keys = {o.key for o in node.options}
            if str(reply.value) not in keys:
                return f"`{reply.value}` is not an option key here ({', '.join(sorted(keys))})"
            continue
        if not isinstance(node, m.AskNode) or node.options_from:
            continue
        wrong_code = _not_a_code(node, reply.value)
        if wrong_code:
            return wrong_code
        try:
            coerce(node, resolve_dates(reply.value, _dt.date(2000, 1, 1)))
        except AnswerError as exc:
            return f"`{reply.value}` does not fit this {node.type} question: {exc}"
    return None


def _check_against_flows(
    persona: Persona, located: Located, name: str, content: Content
) -> list[Problem]:
    problems: list[Problem] = []

    def warn(path: tuple[Any, ...], code: str, message: str, key: bool = False) -> None:
        problems.append(Problem(name, *located.where(path, key=key), code, message, "warning"))

    steps = {
        f"{t.topic.id}.{node.id}": node for t in content.topics.values() for node in t.topic.nodes
    }
    for key, answer_set in persona.answers.items():
        node = steps.get(key)
        if node is None:
            warn(
                ("answers", key),
                "P301",
                f"there is no step `{key}` in the flows{did_you_mean(key, steps)}; "
                "this answer is never used",
                key=True,
            )
            continue
        why = _fits_node(node, answer_set)
        if why:
            warn(("answers", key), "P302", f"`{key}`: {why}")
    for topic in persona.warmth.ready_after:
        if topic not in content.topics:
            where = ("warmth", "ready_after", persona.warmth.ready_after.index(topic))
            warn(where, "P303", f"there is no topic `{topic}`{did_you_mean(topic, content.topics)}")
    asks = _asks_by_store(content)
    loops = _loop_fields(content)
    for store, source in LIST_SOURCES.items():
        node = asks.get(store)
        sub = loops.get(store)
        for number, item in enumerate(getattr(persona, source)):
            if node is not None and node.type == "records":
                if source == "network":
                    full = {"name": item.name, "relationship": item.relationship}
                    full["circle"] = item.circle
                elif source == "concerns":
                    full = {"kind": item.kind, "words": item.words}
                else:
                    full = {"what": item.what, **item.record}
                names = {f.name for f in node.fields}
                wrong_codes = [
                    (f.name, why)
                    for f in node.fields
                    if f.name in full and (why := _not_a_code(f, full[f.name]))
                ]
                # Every wrong code, and the item's details still checked below: one slip
                # must not hide the next.
                for field, why in wrong_codes:
                    warn(
                        (source, number, field),
                        "P304",
                        f"{source} `{item.id}`, `{field}`: {why}",
                    )
                try:
                    if not wrong_codes:
                        coerce_record(node.fields, {k: v for k, v in full.items() if k in names})
                except AnswerError as exc:
                    warn((source, number), "P304", f"{source} `{item.id}`: {exc}")
            if sub is None:
                continue
            topic, fields = sub
            for field, value in item.details.items():
                asked = _detail_question(content, topic, field)
                why = next(
                    (
                        found
                        for reply in [*value.guarded, *value.open]
                        if asked is not None
                        and not reply.skip
                        and reply.value is not None
                        and (found := _not_a_code(asked, reply.value))
                    ),
                    None,
                )
                if why:
                    warn(
                        (source, number, "details", field),
                        "P302",
                        f"{source} `{item.id}`, `{field}`: {why}",
                    )
                if field not in fields:
                    warn(
                        (source, number, "details", field),
                        "P305",
                        f"`{topic}` asks nothing stored as `{field}`"
                        f"{did_you_mean(field, fields)}; this answer is never used",
                        key=True,
                    )
    return problems


_flows_cache: dict[Path, tuple[tuple[Any, ...], Content | None]] = {}


def _flows_beside(folder: Path) -> Content | None:
    """The flows in the content folder the personas belong to (None when there are none)."""
    root = folder.resolve().parent
    files = topic_files(root) if (root / "flows").is_dir() else []
    if not files:
        return None
    state = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    cached = _flows_cache.get(root)
    if cached is not None and cached[0] == state:
        return cached[1]
    indexes, _ = load_topic_files(files)
    content = build_content(root, indexes, files) if indexes else None
    _flows_cache[root] = (state, content)
    return content


# ------------------------------------------------------------------------------ the folder


def check_personas(
    folder: Path | None = None, *, content: Content | None = None, against_flows: bool = True
) -> tuple[dict[str, Persona], list[Problem]]:
    """Load and check every persona file; returns those that loaded and every problem.

    ``content`` defaults to the flows beside the folder (``../flows``); ``against_flows=False``
    skips those checks (they only give warnings).
    """
    folder = folder or personas_dir()
    if not folder.is_dir():
        return {}, [Problem(display_name(folder), 1, 1, "P040", "the personas folder is missing")]
    files = persona_files(folder)
    if not files:
        return {}, [Problem(display_name(folder), 1, 1, "P041", "no persona files (*.yaml) here")]
    flows = None
    if against_flows:
        flows = content if content is not None else _flows_beside(folder)
    personas: dict[str, Persona] = {}
    first_file: dict[str, str] = {}
    problems: list[Problem] = []
    for path in files:
        name = display_name(path)
        persona, located, found = _read(path, name)
        problems += found
        if persona is None or located is None:
            if located is not None:
                problems += _other_problems(located, path, name, flows)
            continue
        problems += _check_own(persona, located, path, name)
        if flows is not None:
            problems += _check_against_flows(persona, located, name, flows)
        if persona.id in personas:
            problems.append(
                Problem(
                    name,
                    *located.where(("id",)),
                    "P202",
                    f"the id `{persona.id}` is already used by {first_file[persona.id]}",
                )
            )
            continue
        personas[persona.id] = persona
        first_file[persona.id] = name
    return personas, sorted(set(problems))


def lint_persona_file(path: Path, name: str) -> list[Problem]:
    """The linter's hook: every problem in one persona file, shown under ``name``."""
    persona, located, problems = _read(path, name)
    if persona is None or located is None:
        if located is not None:
            problems += _other_problems(located, path, name, _flows_beside(path.parent))
        return sorted(set(problems))
    problems += _check_own(persona, located, path, name)
    for other in persona_files(path.parent):
        if other.resolve() == path.resolve():
            continue
        try:
            data = load_yaml_file(other, str(other)).data
        except YamlProblem:
            continue
        if isinstance(data, dict) and data.get("id") == persona.id and other.name < path.name:
            problems.append(
                Problem(
                    name,
                    *located.where(("id",)),
                    "P202",
                    f"the id `{persona.id}` is already used by {display_name(other)}",
                )
            )
    flows = _flows_beside(path.parent)
    if flows is not None:
        problems += _check_against_flows(persona, located, name, flows)
    return sorted(set(problems))


_loaded: dict[Path, tuple[tuple[Any, ...], dict[str, Persona]]] = {}


def _load_folder(folder: Path) -> dict[str, Persona]:
    folder = folder.resolve()
    files = persona_files(folder) if folder.is_dir() else []
    state = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    cached = _loaded.get(folder)
    if cached is not None and cached[0] == state:
        return dict(cached[1])
    personas, problems = check_personas(folder, against_flows=False)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    _loaded[folder] = (state, personas)
    return dict(personas)


def load_personas(folder: Path | None = None, *, pack: Path | None = None) -> dict[str, Persona]:
    """Every persona by id, in file order; raises ``ContentError`` listing every error.

    ``pack``: the personas folder of an agency's content pack (may be missing or empty): a
    persona there with the id of one in ``folder`` replaces it in its place, a new id comes
    after the others.
    """
    personas = _load_folder(folder or personas_dir())
    if pack is not None and pack.is_dir() and persona_files(pack):
        personas.update(_load_folder(pack))
    return personas


def usable_personas(
    folder: Path | None = None, *, pack: Path | None = None
) -> tuple[dict[str, Persona], list[Problem]]:
    """The personas that can be read (laid as :func:`load_personas` lays them), and the
    errors of those that cannot: one broken file leaves out that persona, not every one (a
    broken one in the pack leaves the shipped one of its id in place)."""

    def readable(where: Path) -> tuple[dict[str, Persona], list[Problem]]:
        found, problems = check_personas(where.resolve(), against_flows=False)
        errors = [p for p in problems if p.severity == "error"]
        broken = {Path(p.file).stem for p in errors}
        return {pid: one for pid, one in found.items() if pid not in broken}, errors

    personas, errors = readable(folder or personas_dir())
    if pack is not None and pack.is_dir() and persona_files(pack):
        own, own_errors = readable(pack)
        personas.update(own)
        errors += own_errors
    return personas, errors


def content_personas(root: Path | None = None, pack: Path | None = None) -> dict[str, Persona]:
    """Every persona of the content folder ``root`` (None: the shipped content) with those of
    an agency's ``pack`` laid over them (see :func:`content_layers`); ``ContentError`` as
    :func:`load_personas`."""
    folder, own = content_layers(root, pack)
    return load_personas(folder, pack=own)


def usable_content_personas(
    root: Path | None = None, pack: Path | None = None
) -> tuple[dict[str, Persona], list[Problem]]:
    """:func:`content_personas` as the app offers them: a broken file leaves out its
    persona, and its errors come back beside those that can be used."""
    folder, own = content_layers(root, pack)
    return usable_personas(folder, pack=own)


def get_persona(
    persona_id: str, folder: Path | None = None, *, pack: Path | None = None
) -> Persona:
    """One persona by id; ``KeyError`` with the ids available when there is none."""
    personas = load_personas(folder, pack=pack)
    try:
        return personas[persona_id]
    except KeyError:
        known = ", ".join(personas) or "none"
        raise KeyError(
            f"There is no persona `{persona_id}`{did_you_mean(persona_id, personas)}. "
            f"Personas: {known}."
        ) from None
