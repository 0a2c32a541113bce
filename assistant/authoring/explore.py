"""Seeded random walks through content, to find dead ends and template errors.

A failing walk is printed as a playthrough file, so the author can replay it exactly.
"""

from __future__ import annotations

import datetime as _dt
import json
import random
from dataclasses import dataclass, field
from typing import Any

import yaml

from assistant.engine.answers import rating_range
from assistant.engine.conversation import Conversation, Step
from assistant.flows import model as m
from assistant.flows.loader import Content

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
    seed: int
    steps: list[Any] = field(default_factory=list)
    error: str | None = None


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


def walk(
    content: Content, seed: int, max_steps: int = 80, data: dict[str, Any] | None = None
) -> Walk:
    """One random walk (from ``data``, e.g. an earlier meeting); ``error`` when it broke."""
    from assistant.authoring.playthrough import PlayStep, apply_step

    rng = random.Random(seed)
    result = Walk(seed)
    conv = Conversation(content, data)
    for _ in range(max_steps):
        action: dict[str, Any] | str = ""
        try:
            step = conv.step
            action = _choose_action(rng, conv, step)
            conv, failure = apply_step(conv, PlayStep.model_validate(action), content)
        except Exception as exc:  # explore exists to find crashes: report any of them
            if action:
                result.steps.append(action)
            result.error = f"crash: {type(exc).__name__}: {exc}"
            return result
        if failure and "was refused" in failure:
            # A refused answer (e.g. a validation rule) is normal; try "not today" instead.
            if step.can_skip:
                action = "skip"
                conv, failure = apply_step(conv, PlayStep.model_validate(action), content)
            else:
                continue
        result.steps.append(action)
        if failure:
            result.error = failure
            return result
    try:
        state = json.loads(json.dumps(conv.to_state()))
        Conversation.from_state(content, state).step  # noqa: B018 - resuming must work
    except Exception as exc:
        result.error = f"save and resume failed: {type(exc).__name__}: {exc}"
    return result


def explore(
    content: Content,
    seed: int,
    runs: int,
    max_steps: int = 80,
    data: dict[str, Any] | None = None,
) -> list[Walk]:
    """``runs`` walks with seeds derived from ``seed``; returns the failing ones."""
    walks = (walk(content, seed * 100_003 + n, max_steps, data) for n in range(runs))
    return [w for w in walks if w.error]


def as_playthrough(
    failure: Walk, content_dir: str | None = None, data: dict[str, Any] | None = None
) -> str:
    """A playthrough file that replays a failing walk."""
    body: dict[str, Any] = {"name": f"explore seed {failure.seed}: reproduces a failure"}
    if content_dir:
        body["content"] = content_dir
    if data:
        body["data"] = data
    body["steps"] = failure.steps
    header = "# " + "\n# ".join((failure.error or "").splitlines()) + "\n"
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True)
