"""Play topics through the real conversation engine from a table of answers (no UI).

Used by ``cpi-assistant demo`` and by the tests, so plans are built from real meetings played
through the shipped content. Answers are looked up by the step's store path, with record ids
written as ``*`` (``network.people.*.feeling``), or by ``topic.step`` for menus. A missing
answer is "not today" (skipped), exactly as a person could do.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.engine import datapaths as dp
from assistant.engine.conversation import Conversation

_RECORD = re.compile(r"\.#[^.]+")


@dataclass(frozen=True)
class Said:
    """An answer given by someone other than the default (e.g. the worker)."""

    value: Any
    by: str = "person"


@dataclass(frozen=True)
class Pick:
    """For a choice computed at run time (e.g. directory matches): the first ``count`` offered."""

    count: int = 1
    by: str = "person"


@dataclass(frozen=True)
class PickShown:
    """For a choice computed at run time: the options shown with these words (e.g. the parts
    of the plan to keep private, whose values are record ids made during the meeting)."""

    labels: tuple[str, ...]
    by: str = "person"


Answers = Mapping[str, Any]


class AutoplayError(RuntimeError):
    """The scripted meeting could not go on (e.g. a question that cannot be skipped)."""


def pattern(path: str) -> str:
    """``goals.list.#a1b2.actions`` -> ``goals.list.*.actions``."""
    return _RECORD.sub(".*", path)


def _record_for(conv: Conversation, path: str) -> dict[str, Any]:
    parent = dp.get(conv.data, dp.split(path)[:-1])
    return parent if isinstance(parent, dict) else {}


def _resolve(found: Any, conv: Conversation, path: str) -> Any:
    # A callable answers per record: it gets the record (e.g. the person being talked about).
    if callable(found) and not isinstance(found, (Said, Pick, PickShown)):
        return found(_record_for(conv, path))
    return found


def play_topic(
    conv: Conversation,
    topic: str,
    answers: Answers,
    *,
    by: str | None = None,
    max_steps: int = 5000,
) -> None:
    """Open ``topic`` and answer until it ends and the topic list shows again.

    Each step is credited to ``by`` or, by default, to the one its question is for (as the
    app's "Answering" line starts): the worker's own questions are not put down to the
    person."""
    conv.goto_topic(topic)
    for _ in range(max_steps):
        step = conv.step
        if step.kind == "topics":
            return
        who = by or step.speaker
        key = f"{step.topic}.{step.node_id}"
        if step.kind in ("say", "end"):
            conv.proceed(by=who)
            continue
        if step.kind == "menu":
            chosen = answers.get(key)
            option = chosen if chosen is not None else step.options[0][0]
            conv.choose(str(option), by=who)
            continue
        path = step.path or ""
        found: Any = None
        for candidate in (path, pattern(path), key):
            if candidate in answers:
                found = _resolve(answers[candidate], conv, path)
                break
        if found is None:
            if not step.can_skip:
                raise AutoplayError(f"{key} ({path}) needs an answer and the script has none")
            conv.skip(by=who)
            continue
        if isinstance(found, PickShown):
            values = [value for value, label in step.options if label in found.labels]
            multi = step.answer_type == "multi_choice"
            found = Said(values if multi else values[0], found.by)
        if isinstance(found, Pick):
            values = [value for value, _label in step.options[: found.count]]
            if not values:
                conv.skip(by=who)
                continue
            multi = step.answer_type == "multi_choice"
            found = Said(values if multi else values[0], found.by)
        said = found if isinstance(found, Said) else Said(found, who)
        conv.answer(said.value, by=said.by)
    raise AutoplayError(f"topic {topic} did not finish within {max_steps} steps")


def play_meeting(
    conv: Conversation,
    topics: list[str],
    answers: Answers,
    *,
    by: str | None = None,
) -> Conversation:
    """Play several topics in order; returns the conversation for chaining."""
    for topic in topics:
        play_topic(conv, topic, answers, by=by)
    return conv


PerRecord = Callable[[dict[str, Any]], Any]


def per_record(
    field: str,
    values: Mapping[str, Any],
    otherwise: tuple[str, Mapping[str, Any]] | None = None,
) -> PerRecord:
    """An answer that depends on the record, e.g. each person's ``feeling`` by their name;
    ``otherwise`` (another field and its values) for records the first does not name."""

    def pick(record: dict[str, Any]) -> Any:
        found = values.get(str(record.get(field)))
        if found is None and otherwise is not None:
            other, more = otherwise
            found = more.get(str(record.get(other)))
        return found

    return pick
