"""How a persona answers the step on screen in solo practice, and how warm it is by now.

Lookup order for a question (first reply that fits the step's answer type wins):

1. the item's ``details`` when the step asks about one person, concern or goal of a list;
2. ``answers["topic.step"]``;
3. the persona's own list for the step's store (``network.people``, ``concerns.list``,
   ``goals.list``, ``community.list``);
4. ``by_tag`` for each of the step's tags, in the step's order;
5. ``by_type`` for the step's answer type;
6. a built-in default (a rating in the middle; otherwise 'not today').

Variation is seeded per step (seed, step, how often it was answered), not drawn from one
shared stream, so an undo followed by the same action gives the same answer.
"""

from __future__ import annotations

import datetime as _dt
import random
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assistant import store_paths as sp
from assistant.engine.answers import AnswerError, coerce, is_empty, rating_range
from assistant.engine.conversation import Conversation, Step
from assistant.flows import model as m
from assistant.training.model import AnswerSet, Persona, Reply
from assistant.training.reading import EXPLORING_TAGS, in_force, parent_topics, tags_of

Action = Literal["answer", "skip", "choose", "proceed"]

# Store path of a list answer -> the persona's own list that answers it.
LIST_SOURCES: dict[str, str] = {
    sp.NETWORK_PEOPLE: "network",
    sp.CONCERNS_LIST: "concerns",
    sp.GOALS_LIST: "goals",
    sp.COMMUNITY_LIST: "activities",
}
# Per-topic cap on warmth from exploring answers: breadth of listening counts, not volume.
EXPLORE_CAP_PER_TOPIC = 2
PENALTIES: dict[str, int] = {"refused": 2, "not_yet": 1, "talked_over": 1}
_RELATIVE = re.compile(r"^\+(\d{1,3})([dw])$")


@dataclass(frozen=True)
class Response:
    """What the persona does at a step: answer, skip, choose, or go on; and what it says."""

    action: Action
    value: Any = None
    words: str = ""
    by: str = "person"
    source: str = ""  # where the reply came from, e.g. "answers:what_matters.hopes"

    def apply(self, conversation: Conversation) -> None:
        """Carry out this response on the conversation."""
        if self.action == "proceed":
            conversation.proceed(by=self.by)
        elif self.action == "skip":
            conversation.skip(by=self.by)
        elif self.action == "choose":
            conversation.choose(str(self.value), by=self.by)
        else:
            conversation.answer(self.value, by=self.by)


# ------------------------------------------------------------------------------ warmth


def warmth(
    persona: Persona, conversation: Conversation, events: Iterable[Mapping[str, Any]] = ()
) -> int:
    """The persona's warmth now: start, plus exploring answers, minus being pushed.

    +1 for each answer the person gave to a step tagged person_centred or
    overcoming_barriers (at most 2 per topic); -2 for each of the worker's ideas turned down,
    -1 for each idea proposed too early, -1 each time the worker answered for the person.
    """
    parents = parent_topics(conversation.content)
    per_topic: dict[str, set[tuple[str, str]]] = {}
    for event in in_force(conversation.log):
        if event["action"] not in ("answered", "changed") or event.get("by") not in (
            "person",
            "both",
        ):
            continue
        if EXPLORING_TAGS.isdisjoint(tags_of(conversation.content, event["topic"], event["node"])):
            continue
        topic = parents.get(event["topic"], event["topic"])
        per_topic.setdefault(topic, set()).add((event["node"], str(event.get("path"))))
    gained = sum(min(len(found), EXPLORE_CAP_PER_TOPIC) for found in per_topic.values())
    lost = sum(PENALTIES.get(str(e.get("kind")), 0) for e in events)
    return max(0, persona.warmth.start + gained - lost)


# --------------------------------------------------------------------------- responding


def step_key(step: Step) -> str:
    return f"{step.topic}.{step.node_id}"


def step_rng(seed: int | str, step: Step, conversation: Conversation) -> random.Random:
    """A generator for this step only (string seeds are hashed stably by ``random``)."""
    times = sum(
        1
        for e in conversation.log
        if e.get("node") == step.node_id and e.get("path") == step.path and e.get("topic")
    )
    return random.Random(f"{seed}|{step_key(step)}|{step.path}|{times}")


def resolve_dates(value: Any, today: _dt.date) -> Any:
    """``+14d`` / ``+2w`` become ISO dates after ``today`` (also inside lists and records)."""
    if isinstance(value, str):
        found = _RELATIVE.match(value.strip())
        if found:
            amount, unit = int(found.group(1)), found.group(2)
            return (today + _dt.timedelta(days=amount * (7 if unit == "w" else 1))).isoformat()
        return value
    if isinstance(value, list):
        return [resolve_dates(v, today) for v in value]
    if isinstance(value, dict):
        return {k: resolve_dates(v, today) for k, v in value.items()}
    return value


def _list_item(persona: Persona, path: str | None) -> tuple[Any, str] | None:
    """(persona's item, field) when ``path`` is e.g. ``network.people.#dave.feeling``."""
    if not path:
        return None
    segments = path.split(".")
    for position, segment in enumerate(segments):
        if segment.startswith("#"):
            source = LIST_SOURCES.get(".".join(segments[:position]))
            field = ".".join(segments[position + 1 :])
            if source is None or not field:
                return None
            for item in getattr(persona, source):
                if item.id == segment[1:]:
                    return item, field
            return None
    return None


def _own_list(persona: Persona, node: m.AskNode, level: int) -> list[dict[str, Any]] | None:
    """The records of the persona's list for this store, as far as they would share now."""
    source = LIST_SOURCES.get(node.store)
    if source is None or node.type != "records":
        return None
    names = {f.name for f in node.fields}
    records = []
    for item in getattr(persona, source):
        if item.share_at > level:
            continue
        if source == "network":
            full = {"name": item.name, "relationship": item.relationship, "circle": item.circle}
        elif source == "concerns":
            full = {"kind": item.kind, "words": item.words}
        else:
            full = {"what": item.what, "idea_from": "me", **item.record}
        records.append({"id": item.id, **{k: v for k, v in full.items() if k in names}})
    return records


def _options(step: Step) -> list[m.Choice]:
    return [m.Choice(value=v, label=label) for v, label in step.options]


def _fits(step: Step, value: Any) -> Any:
    """The stored form of ``value`` for this step, or raise ``AnswerError``."""
    node = step.node
    stored = coerce(node, value, _options(step) if node.options_from else None)
    if is_empty(stored) and node.type != "records":
        raise AnswerError("empty")
    if node.required and is_empty(stored):
        raise AnswerError("required")
    return stored


def _with_ids(node: m.AskNode, value: Any) -> Any:
    """Give list entries stable ids (the engine would draw random ones)."""
    if node.type != "records" or not isinstance(value, list):
        return value
    names = {f.name for f in node.fields}
    out = []
    for number, item in enumerate(value, start=1):
        if isinstance(item, dict):
            item = {k: v for k, v in item.items() if k in names or k == "id"}
            item.setdefault("id", f"{node.id}_{number}")
        out.append(item)
    return out


def _words_for(step: Step, stored: Any) -> str:
    """What the persona says when it has no scripted words: the answer in plain speech."""
    node = step.node
    labels = dict(step.options)
    if node.type in ("text", "long_text"):
        return str(stored)
    if node.type == "choice":
        return labels.get(stored, str(stored))
    if node.type == "multi_choice":
        return ", ".join(labels.get(v, str(v)) for v in stored)
    if node.type == "yes_no":
        return "Yes." if stored else "No."
    if node.type == "rating":
        label = node.labels.get(stored)
        return f"{stored}" + (f" ({label})" if label else "")
    if node.type == "records":
        shown = []
        for record in stored:
            text = next(
                (record[f.name] for f in node.fields if f.type == "text" and f.name in record),
                None,
            )
            if text:
                shown.append(str(text))
        return "; ".join(t.rstrip(".") for t in shown) if shown else "No one, right now."
    return str(stored)


def _choose(rng: random.Random, replies: Sequence[Reply]) -> Reply | None:
    return rng.choice(list(replies)) if replies else None


def _candidates(
    persona: Persona, step: Step, level: int
) -> Iterable[tuple[str, AnswerSet | list[dict[str, Any]]]]:
    """Every source that might answer the step, in lookup order."""
    found = _list_item(persona, step.path)
    if found is not None:
        item, field = found
        if field in item.details:
            yield f"details:{item.id}.{field}", item.details[field]
    key = step_key(step)
    if key in persona.answers:
        yield f"answers:{key}", persona.answers[key]
    if step.kind == "ask":
        own = _own_list(persona, step.node, level)
        if own is not None:
            yield f"list:{step.node.store}", own
    for tag in step.tags:
        if tag in persona.by_tag:
            yield f"tag:{tag}", persona.by_tag[tag]
    answer_type = step.answer_type
    if answer_type and answer_type in persona.by_type:
        yield f"type:{answer_type}", persona.by_type[answer_type]


def _not_today(persona: Persona, rng: random.Random, source: str = "default") -> Response:
    return Response("skip", words=rng.choice(persona.voice.not_today), source=source)


def _default(persona: Persona, step: Step, rng: random.Random) -> Response:
    node = step.node
    if node.type == "rating":
        low, high = rating_range(node)
        value = (low + high) // 2
        return Response("answer", value, _words_for(step, value), source="default")
    return _not_today(persona, rng)


def responses(
    persona: Persona,
    conversation: Conversation,
    *,
    seed: int | str = 0,
    level: int | None = None,
) -> Iterator[Response]:
    """Every response the persona could give here, best first (empty: not its turn).

    The engine has the last word (e.g. a content rule refusing a date), so the session
    applies the first one the engine accepts.
    """
    step = conversation.step
    if step.kind == "topics" or step.speaker == "worker":
        return
    if level is None:
        level = warmth(persona, conversation)
    warm = level >= persona.warmth.open_at
    rng = step_rng(seed, step, conversation)
    # The engine checks dates against the real today(), so never resolve before it.
    today = max(conversation.clock().date(), _dt.date.today())

    if step.kind in ("say", "end"):
        for source, found in _candidates(persona, step, level):
            if isinstance(found, AnswerSet):
                reply = _choose(rng, found.replies(warm))
                if reply is not None and reply.words:
                    yield Response("proceed", words=reply.words, source=source)
                    return
        yield Response("proceed", source="default")
        return

    if step.kind == "menu":
        keys = {k for k, _ in step.options} | {label for _, label in step.options}
        for source, found in _candidates(persona, step, level):
            if not isinstance(found, AnswerSet):
                continue
            reply = _choose(rng, found.replies(warm))
            if reply is None or reply.skip or str(reply.value) not in keys:
                continue
            label = dict(step.options).get(str(reply.value), str(reply.value))
            yield Response("choose", str(reply.value), reply.words or label, source=source)
        for key, label in step.options:
            yield Response("choose", key, label, source="default")
        return

    for source, found in _candidates(persona, step, level):
        if isinstance(found, list):
            if not found:
                continue  # nothing they would share yet: later sources may still answer
            try:
                stored = _fits(step, found)
            except AnswerError:
                continue
            yield Response("answer", stored, _words_for(step, stored), source=source)
            continue
        reply = _choose(rng, found.replies(warm))
        if reply is None:
            continue
        if reply.skip:
            words = reply.words or rng.choice(persona.voice.not_today)
            yield Response("skip", words=words, source=source)
            return
        if reply.value is None:
            continue
        value = _with_ids(step.node, resolve_dates(reply.value, today))
        try:
            stored = _fits(step, value)
        except AnswerError:
            continue  # written for another kind of step: try the next source
        yield Response("answer", stored, reply.words or _words_for(step, stored), source=source)
    if step.kind == "ask" and LIST_SOURCES.get(step.node.store):
        # Their own list, but nothing they would share at this warmth.
        yield _not_today(persona, rng, f"list:{step.node.store}")
        return
    yield _default(persona, step, rng)
    if step.can_skip:
        yield _not_today(persona, rng)


def respond(
    persona: Persona,
    conversation: Conversation,
    *,
    seed: int | str = 0,
    level: int | None = None,
) -> Response | None:
    """The persona's response to the current step, or None when it is not the persona's turn.

    Not the persona's turn: the topic list (the worker chooses where to go) and steps
    addressed to the worker only. ``level`` is the warmth (computed when not given).
    """
    return next(responses(persona, conversation, seed=seed, level=level), None)
