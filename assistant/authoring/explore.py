"""Seeded random walks through content, to find dead ends and template errors.

A walk spans meetings as the app runs them: a first meeting, then a later one that starts
from what the first saved (seeded by the same function the app uses), so review routes and
pre-filled answers are walked too. A walk also re-submits pre-filled answers unchanged ("keep
as it is"); refusing that is a bug, since the people's only way on would be "not today".

A failing walk is printed as a playthrough file (from the start of the meeting that failed),
so the author can replay it exactly.
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

import yaml

from assistant.authoring.playthrough import PlayStep, apply_step
from assistant.engine.answers import rating_range
from assistant.engine.conversation import Conversation, Step
from assistant.flows import model as m
from assistant.flows.loader import Content
from assistant.meetings.opening import next_meeting_data

MEETINGS = 2  # a first meeting, then a review started from what it saved
KEEP_AS_IT_IS = 0.3  # how often a pre-filled answer is given back unchanged

SAMPLE_TEXT = (
    "Gardening and walking",
    "My sister, mostly",
    "{{ 7*7 }}",
    "[bold]not markup[/]",
    "I'm not sure yet",
    "Café on Tuesdays 😊",
    "a\\",
)


@dataclass
class Walk:
    """One walk. On failure, ``steps`` replay the failing meeting (number ``meeting``, from
    1) starting from ``data``, the answers that meeting started with."""

    seed: int
    steps: list[Any] = field(default_factory=list)
    error: str | None = None
    meeting: int = 1
    data: dict[str, Any] | None = None


def _value(rng: random.Random, shape: Any) -> Any:
    kind = shape.type
    if kind in ("text", "long_text"):
        return rng.choice(SAMPLE_TEXT)
    if kind == "choice":
        return rng.choice(shape.options).value
    if kind == "multi_choice":
        count = rng.randint(1, len(shape.options))
        return [o.value for o in rng.sample(shape.options, count)]
    if kind == "rating":
        low, high = rating_range(shape)
        return rng.randint(low, high)
    if kind == "number":
        low = int(shape.min) if shape.min is not None else 0
        high = int(shape.max) if shape.max is not None else low + 20
        return rng.randint(low, max(low, high))
    if kind == "yes_no":
        return rng.random() < 0.5
    if kind == "date":
        return (_dt.date.today() + _dt.timedelta(days=rng.randint(1, 90))).isoformat()
    if kind == "records":
        return [{f.name: _value(rng, f) for f in shape.fields} for _ in range(rng.randint(0, 4))]
    return None


def _can_keep(step: Step) -> bool:
    """Whether the screen shows a pre-filled answer that could be kept as it is."""
    if step.value is None:
        return False
    if step.answer_type in ("choice", "multi_choice"):
        # A choice no longer offered (computed options changed) is not shown as picked.
        shown = {value for value, _ in step.options}
        values = step.value if isinstance(step.value, list) else [step.value]
        return all(v in shown for v in values)
    return True


def _choose_action(rng: random.Random, conv: Conversation, step: Step) -> dict[str, Any] | str:
    roll = rng.random()
    if step.kind == "topics":
        topics = conv.topics()
        fresh = [t for t in topics if t.status != "done"] or topics
        return {"go": rng.choice(fresh).id}
    if roll < 0.04 and conv.can_go_back:
        return "back"
    if roll < 0.08:
        return "park"
    if roll < 0.12:
        return "save_and_resume"
    if step.kind in ("say", "end"):
        return "continue"
    if step.kind == "menu":
        label = rng.choice(step.options)[1]
        return {"choose": label}
    if roll < 0.2 and step.can_skip:
        return "skip"
    if _can_keep(step) and roll < 0.2 + KEEP_AS_IT_IS:
        # "Keep as it is": give back exactly what came pre-filled (an earlier answer).
        return {"answer": copy.deepcopy(step.value), "keep": True}
    node: m.AskNode = step.node
    by = rng.choice(("person", "person", "worker", "both"))
    if node.type in ("choice", "multi_choice"):
        # Use the options on screen: they may be computed (`options_from`).
        values = [value for value, _ in step.options]
        if not values:
            return "skip" if step.can_skip else "park"
        if node.type == "choice":
            return {"answer": rng.choice(values), "by": by}
        return {"answer": rng.sample(values, rng.randint(1, len(values))), "by": by}
    return {"answer": _value(rng, node), "by": by}


def _walk_meeting(
    content: Content, rng: random.Random, result: Walk, max_steps: int, data: dict[str, Any]
) -> Conversation | None:
    """Walk one meeting from ``data``; the conversation, or None with ``result.error`` set."""
    conv = Conversation(content, data)
    for _ in range(max_steps):
        action: dict[str, Any] | str = ""
        try:
            step = conv.step
            action = _choose_action(rng, conv, step)
            keep = isinstance(action, dict) and action.pop("keep", False)
            conv, failure = apply_step(conv, PlayStep.model_validate(action), content)
        except Exception as exc:  # explore exists to find crashes: report any of them
            if action:
                result.steps.append(action)
            result.error = f"crash: {type(exc).__name__}: {exc}"
            return None
        if failure and "was refused" in failure:
            if keep:
                # The answer shown pre-filled could not be saved again unchanged.
                result.steps.append(action)
                result.error = f"keeping the pre-filled answer as it is: {failure}"
                return None
            # A refused answer (e.g. a validation rule) is normal; try "not today" instead.
            if step.can_skip:
                action = "skip"
                conv, failure = apply_step(conv, PlayStep.model_validate(action), content)
            else:
                continue
        result.steps.append(action)
        if failure:
            result.error = failure
            return None
        looping = _runs_itself(conv.open_topics)
        if looping:
            result.error = f"the walk would never end: {looping}"
            return None
    try:
        state = json.loads(json.dumps(conv.to_state()))
        return Conversation.from_state(content, state)  # resuming must work
    except Exception as exc:
        result.error = f"save and resume failed: {type(exc).__name__}: {exc}"
        return None


def _runs_itself(open_topics: list[str]) -> str | None:
    """What is wrong when a topic runs inside itself (its walk could never end), else None."""
    for inner, topic_id in enumerate(open_topics):
        if topic_id in open_topics[:inner]:
            loop = open_topics[open_topics.index(topic_id) : inner + 1]
            return (
                f"the topic `{topic_id}` started again inside itself ({' -> '.join(loop)}); "
                "`cpi-assistant validate` names the step to change"
            )
    return None


def walk(
    content: Content,
    seed: int,
    max_steps: int = 80,
    data: dict[str, Any] | None = None,
    meetings: int = MEETINGS,
) -> Walk:
    """One random walk over ``meetings`` meetings, the first from ``data`` (e.g. an earlier
    meeting's answers); ``error`` when it broke. Each later meeting starts from what the one
    before saved, seeded as the app seeds a new meeting from a record."""
    rng = random.Random(seed)
    result = Walk(seed)
    start = copy.deepcopy(data) if data else {}
    for number in range(1, meetings + 1):
        result.meeting, result.data, result.steps = number, start, []
        conv = _walk_meeting(content, rng, result, max_steps, start)
        if conv is None:
            return result
        try:
            conv.step  # noqa: B018 - the resumed meeting can be shown
        except Exception as exc:
            result.error = f"save and resume failed: {type(exc).__name__}: {exc}"
            return result
        start = json.loads(json.dumps(next_meeting_data(conv.data, content=content, log=conv.log)))
    result.steps, result.data, result.meeting = [], data, 1
    return result


def explore(
    content: Content,
    seed: int,
    runs: int,
    max_steps: int = 80,
    data: dict[str, Any] | None = None,
    meetings: int = MEETINGS,
) -> list[Walk]:
    """``runs`` walks with seeds derived from ``seed``; returns the failing ones."""
    walks = (walk(content, seed * 100_003 + n, max_steps, data, meetings) for n in range(runs))
    return [w for w in walks if w.error]


def as_playthrough(
    failure: Walk, content_dir: str | None = None, data: dict[str, Any] | None = None
) -> str:
    """A playthrough file that replays a failing walk (the meeting that failed)."""
    where = f" in meeting {failure.meeting}" if failure.meeting > 1 else ""
    body: dict[str, Any] = {"name": f"explore seed {failure.seed}: reproduces a failure{where}"}
    if content_dir:
        body["content"] = content_dir
    start = failure.data if failure.meeting > 1 else data
    if start:
        body["data"] = start
    body["steps"] = failure.steps
    header = "# " + "\n# ".join((failure.error or "").splitlines()) + "\n"
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
