"""Playthrough files: a scripted meeting (steps and expectations) run without any UI.

The same files run from ``cpi-assistant play`` and under pytest, so authors and CI agree.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, JsonValue, ValidationError, model_validator

from assistant.agency import Agency
from assistant.authoring.content import load_content
from assistant.engine import datapaths as dp
from assistant.engine.answers import AnswerError, UnknownDetail
from assistant.engine.conversation import BY_VALUES, Conversation, FlowError, StateError
from assistant.fields import StrictModel, Who, json_schema
from assistant.flows.loader import Content
from assistant.flows.problems import ContentError, Problem, did_you_mean
from assistant.flows.yamlsafe import Located, YamlProblem, load_yaml_file

BARE_STEPS = ("continue", "back", "skip", "park", "save_and_resume")
ACTIONS = (
    "go",
    "answer",
    "choose",
    "edit",
    "expect_text",
    "expect_no_text",
    "expect_step",
    "expect_ask",
    "expect_options",
    "expect_value",
    "expect_data",
    "expect_status",
    *BARE_STEPS,
)


class Edit(StrictModel):
    """Change an earlier answer."""

    path: str = Field(description="Dotted path; numbers pick a record, e.g. network.people.0.name")
    value: JsonValue


class PlayStep(StrictModel):
    """One line of a playthrough: exactly one action or expectation."""

    go: str | None = Field(None, description="Open a topic by id.")
    answer: JsonValue = Field(None, description="Answer the current question (any type).")
    choose: str | None = Field(None, description="Pick a menu option by label or id.")
    edit: Edit | None = Field(None, description="Change an earlier answer.")
    expect_text: str | None = Field(None, description="The step's text contains this.")
    expect_no_text: str | None = Field(
        None, description="The step's text does not contain this (e.g. no praise here)."
    )
    expect_step: str | None = Field(None, description="The current step id, or `topics`.")
    expect_ask: str | None = Field(None, description="The current step is this question.")
    expect_options: list[str] | None = Field(None, description="Exactly these menu labels.")
    expect_value: JsonValue = Field(
        None,
        description="The current question shows this answer filled in: the one given, or the "
        "one it offers (e.g. last time's), to keep or change.",
    )
    expect_data: dict[str, JsonValue] | None = Field(None, description="Data contains this.")
    expect_status: dict[str, str] | None = Field(None, description="Topic id -> status.")
    by: Who | None = Field(
        None,
        description="Who gives it: person, worker or both (together). Default: the one the "
        "question is addressed to (its `speaker`), as in the app.",
    )
    expect_error: str | None = Field(
        None, description="With answer/choose: the answer is refused with this text."
    )
    action: str = Field("", exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _bare(cls, data: object) -> object:
        if isinstance(data, str):
            if data not in BARE_STEPS:
                raise ValueError(f"unknown step `{data}`; plain steps are: {', '.join(BARE_STEPS)}")
            return {"action": data}
        if isinstance(data, dict):
            given = [k for k in data if k in ACTIONS]
            unknown = [k for k in data if k not in PlayStep.model_fields or k == "action"]
            if not given and unknown:
                # A misspelt action ("answr:") is the likely slip: name it, with the nearest.
                key = str(unknown[0])
                raise ValueError(
                    f"unknown key `{key}`{did_you_mean(key, ACTIONS)}; each step has one of: "
                    + ", ".join(ACTIONS)
                )
            if len(given) != 1:
                raise ValueError(
                    "each step needs exactly one of: " + ", ".join(ACTIONS)
                    if not given
                    else f"one action per step, not {', '.join(given)}"
                )
            bare = given[0] in BARE_STEPS
            data = {k: v for k, v in data.items() if not (bare and k == given[0])}
            data["action"] = given[0]
        return data


class Playthrough(StrictModel):
    """A scripted meeting: answers at the start, steps, and what to expect at the end."""

    # Any text, as it always was; `validate` warns when it is blank (W307).
    name: str
    content: str | None = Field(
        None, description="Content folder, relative to this file (default: the folder above)."
    )
    data: dict[str, JsonValue] = Field(default_factory=dict, description="Answers at the start.")
    agency: dict[str, JsonValue] | None = Field(
        None,
        description="Agency settings for this run, laid over the content's agency.yaml, to "
        "play an agency's choice, e.g. `{ratings: {treatment_aspects: true}}`.",
    )
    steps: list[PlayStep] = Field(min_length=1)
    expect_data: dict[str, JsonValue] | None = None
    expect_status: dict[str, str] | None = None


def playthrough_schema() -> dict[str, JsonValue]:
    """The JSON Schema of playthrough files (``content/playthroughs/*.yaml``)."""
    return json_schema(Playthrough, "Connecting People Assistant playthrough")


@dataclass
class PlayResult:
    file: str
    name: str
    failures: list[str] = field(default_factory=list)
    steps_run: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures


def _parse(path: Path, name: str) -> tuple[Playthrough | None, Located | None, list[Problem]]:
    try:
        located = load_yaml_file(path, name)
    except YamlProblem as exc:
        return None, None, [exc.problem]
    if located.data is None:
        return (
            None,
            located,
            [
                Problem(
                    name,
                    1,
                    1,
                    "E400",
                    "the file is empty; write a playthrough (a name and steps), or delete it",
                )
            ],
        )
    try:
        return Playthrough.model_validate(located.data), located, []
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if not str(p).startswith("function-"))
            line, col = located.where(loc)
            # Steps are counted from 1, as people count them (the line and column say where).
            parts = [
                f"step {p + 1}" if i == 1 and loc[0] == "steps" and isinstance(p, int) else str(p)
                for i, p in enumerate(loc)
            ]
            if parts[:1] == ["steps"] and len(parts) > 1 and parts[1].startswith("step "):
                parts = parts[1:]
            where = ".".join(parts) or "file"
            message = err["msg"].removeprefix("Value error, ")
            problems.append(Problem(name, line, col, "E400", f"{where}: {message}"))
        return None, located, problems


def check_file(path: Path, name: str) -> list[Problem]:
    """Linter hook: a playthrough file must be well formed (and should have a name)."""
    playthrough, located, problems = _parse(path, name)
    if playthrough is not None and located is not None and not playthrough.name.strip():
        line, col = located.where(("name",))
        problems.append(
            Problem(
                name,
                line,
                col,
                "W307",
                "the name is blank; say what this playthrough checks (`play` prints it)",
                "warning",
            )
        )
    return problems


def check_topics_opened(path: Path, name: str, topics: Collection[str]) -> list[Problem]:
    """E401 for each step of a well-formed playthrough that opens (``go:``) a topic not in
    ``topics``, the content it is played over: ``play`` would stop there."""
    playthrough, located, problems = _parse(path, name)
    if playthrough is None or located is None or problems:
        return []  # check_file names what is wrong with the file itself
    found = []
    for number, step in enumerate(playthrough.steps):
        if step.action != "go" or step.go in topics:
            continue
        line, col = located.where(("steps", number, "go"))
        found.append(
            Problem(
                name,
                line,
                col,
                "E401",
                f"step {number + 1} opens the topic `{step.go}`, and there is no such topic"
                f"{did_you_mean(step.go or '', topics)}: `play` would stop here. Write the "
                "`id` of a topic the content has",
            )
        )
    return found


def subset_diff(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where ``actual`` does not contain ``expected`` (dicts: subset; lists: same length)."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{where or 'data'}: expected a mapping, found {actual!r}"]
        out = []
        for key, value in expected.items():
            if key not in actual:
                out.append(f"{where}{key}: missing (expected {value!r})")
            else:
                out.extend(subset_diff(value, actual[key], f"{where}{key}."))
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where.rstrip('.')}: expected {len(expected)} items, found {len(actual)}"]
        out = []
        for number, (exp, act) in enumerate(zip(expected, actual, strict=True)):
            out.extend(subset_diff(exp, act, f"{where}{number}."))
        return out
    if expected != actual:
        return [f"{where.rstrip('.')}: expected {expected!r}, found {actual!r}"]
    return []


def _data_failure(expected: dict[str, Any], actual: dict[str, Any]) -> str | None:
    problems = subset_diff(expected, actual)
    if not problems:
        return None
    exp = yaml.safe_dump(expected, sort_keys=True, allow_unicode=True).splitlines()
    act = yaml.safe_dump(
        json.loads(json.dumps(actual)), sort_keys=True, allow_unicode=True
    ).splitlines()
    diff = "\n".join(difflib.unified_diff(exp, act, "expected", "actual", lineterm=""))
    return "data differs:\n  " + "\n  ".join(problems) + "\n" + diff


def resolve_indexes(conv: Conversation, path: str) -> str:
    """Turn numeric segments (``people.0.name``) into record ids for ``edit``."""
    segments = dp.split(path)
    resolved: list[str] = []
    for segment in segments:
        if segment.isdigit():
            container = dp.get(conv.data, tuple(resolved))
            if isinstance(container, list) and int(segment) < len(container):
                segment = "#" + str(container[int(segment)].get("id"))
        resolved.append(segment)
    return dp.join(tuple(resolved))


def apply_step(conv: Conversation, step: PlayStep, content: Content) -> tuple[Conversation, str]:
    """Do one step. Returns the (possibly resumed) conversation and a failure or ''."""
    action = step.action
    current = conv.step
    # As in the app: the question's own speaker answers it unless the step says who.
    by = step.by or (current.speaker if current.speaker in BY_VALUES else "both")
    try:
        if action == "go":
            conv.goto_topic(step.go or "")
        elif action == "answer":
            conv.answer(step.answer, by=by)
        elif action == "choose":
            conv.choose(step.choose or "", by=by)
        elif action == "edit":
            assert step.edit is not None
            conv.edit(resolve_indexes(conv, step.edit.path), step.edit.value, by=by)
        elif action == "continue":
            conv.proceed(by=by)
        elif action == "skip":
            conv.skip(by=by)
        elif action == "back":
            if not conv.back(by=by):
                return conv, "back: there was nothing to undo"
        elif action == "park":
            conv.park()
        elif action == "save_and_resume":
            state = json.loads(json.dumps(conv.to_state()))
            conv = Conversation.from_state(content, state)
        elif action == "expect_text":
            if (step.expect_text or "") not in current.text:
                return (
                    conv,
                    f"expected text containing {step.expect_text!r}, shown: {current.text!r}",
                )
        elif action == "expect_no_text":
            if (step.expect_no_text or "") in current.text:
                return (
                    conv,
                    f"expected text without {step.expect_no_text!r}, shown: {current.text!r}",
                )
        elif action == "expect_step":
            shown = current.node_id or current.kind
            if step.expect_step != shown:
                return conv, f"expected step `{step.expect_step}`, at `{shown}` ({current.kind})"
        elif action == "expect_ask":
            if current.kind != "ask" or current.node_id != step.expect_ask:
                return conv, (
                    f"expected question `{step.expect_ask}`, at `{current.node_id}` "
                    f"({current.kind}: {current.text!r})"
                )
        elif action == "expect_options":
            labels = [label for _, label in current.options]
            if labels != step.expect_options:
                return conv, f"expected options {step.expect_options}, shown {labels}"
        elif action == "expect_value":
            if current.kind != "ask" or current.value != step.expect_value:
                return conv, f"expected {step.expect_value!r} filled in, shown {current.value!r}"
        elif action == "expect_data":
            failure = _data_failure(step.expect_data or {}, conv.data)
            if failure:
                return conv, failure
        elif action == "expect_status":
            for topic, status in (step.expect_status or {}).items():
                if conv.status(topic) != status:
                    return conv, f"topic `{topic}` is {conv.status(topic)}, expected {status}"
    except AnswerError as exc:
        if step.expect_error is not None and step.expect_error in str(exc):
            return conv, ""
        # Authors see the internal names the screen never shows.
        extra = f" ({exc.for_authors()})" if isinstance(exc, UnknownDetail) else ""
        return conv, f"{action} was refused: {exc}{extra}"
    except (FlowError, StateError) as exc:
        return conv, f"{action} failed: {exc}"
    if step.expect_error is not None:
        return conv, f"expected the {action} to be refused with {step.expect_error!r}"
    return conv, ""


def _laid_over(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _laid_over(old, value)
        else:
            merged[key] = value
    return merged


def _agency_over(agency: Any, over: dict[str, Any]) -> Agency:
    """The content's agency settings with a playthrough's ``agency:`` laid over them (a
    made-up organisation when the content has none, as only the choices matter here)."""
    base = agency.model_dump() if isinstance(agency, Agency) else {"organisation": "Playthrough"}
    return Agency.model_validate(_laid_over(base, over))


def run_playthrough(path: Path, content: Content | None = None) -> PlayResult:
    """Run one playthrough file and collect failures with file:line."""
    name = str(path)
    playthrough, located, problems = _parse(path, name)
    if playthrough is None or located is None:
        return PlayResult(name, path.stem, [str(p) for p in problems])
    result = PlayResult(name, playthrough.name)
    if content is None:
        root = (
            (path.parent / playthrough.content).resolve()
            if playthrough.content
            else path.resolve().parent.parent
        )
        try:
            content = load_content(root)
        except ContentError as exc:
            result.failures.append(f"{name}: the content does not load:\n{exc}")
            return result
    if playthrough.agency is not None:
        try:
            content = dataclasses.replace(
                content, agency=_agency_over(content.agency, playthrough.agency)
            )
        except ValidationError as exc:
            line, col = located.where(("agency",))
            result.failures.append(f"{name}:{line}:{col}: `agency` is not valid: {exc}")
            return result
    conv = Conversation(content, playthrough.data)
    for number, step in enumerate(playthrough.steps):
        conv, failure = apply_step(conv, step, content)
        result.steps_run += 1
        if failure:
            line, col = located.where(("steps", number))
            result.failures.append(f"{name}:{line}:{col}: step {number + 1}: {failure}")
            return result
    if playthrough.expect_data is not None:
        mismatch = _data_failure(playthrough.expect_data, conv.data)
        if mismatch:
            line, col = located.where(("expect_data",))
            result.failures.append(f"{name}:{line}:{col}: at the end: {mismatch}")
    for topic, status in (playthrough.expect_status or {}).items():
        if conv.status(topic) != status:
            line, col = located.where(("expect_status", topic))
            result.failures.append(
                f"{name}:{line}:{col}: at the end: topic `{topic}` is {conv.status(topic)}, "
                f"expected {status}"
            )
    return result
