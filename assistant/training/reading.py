"""Reading a conversation for training: what is still in force, which topic a step belongs to.

Everything here is a pure function of the conversation (its log, data and visits) and the
content, so feedback and warmth can be recomputed from a saved session at any time.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from assistant.engine.conversation import Conversation
from assistant.flows import model as m
from assistant.flows.loader import Content

ANSWER_ACTIONS = ("answered", "changed", "skipped", "chose")
# Steps tagged with these count as exploring the person (see docs/training.md, "Warmth").
EXPLORING_TAGS = frozenset({"person_centred", "overcoming_barriers"})
# Topics about the meeting and the record, not the person's life (their name, who types, what
# helps when you talk, consent, how to reach them, agreeing and sharing the plan): answering
# them is admin, however they are tagged, so it earns no warmth.
ADMIN_TOPICS = frozenset({"getting_started", "contacts", "closing"})
WRITTEN_TYPES = frozenset({"text", "long_text"})


def in_force(log: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Answer events not undone, oldest first (the log itself is append-only)."""
    undone = {e["of"] for e in log if e["action"] == "undone"}
    return [e for e in log if e["action"] in ANSWER_ACTIONS and e["seq"] not in undone]


def parent_topics(content: Content) -> dict[str, str]:
    """Topic id -> the listed topic it runs under (a listed topic maps to itself).

    Sub-flows (per-person, per-goal) are reached by `call`/`repeat` steps; feedback reports
    them under the topic the people actually chose.
    """
    parents: dict[str, str] = {}
    listed = [t.topic.id for t in content.topics.values() if t.topic.listed]
    for topic_id in listed:
        parents[topic_id] = topic_id
    for topic_id in listed:
        pending = [topic_id]
        while pending:
            index = content.topics.get(pending.pop())
            if index is None:
                continue
            for node in index.topic.nodes:
                if isinstance(node, (m.CallNode, m.RepeatNode)) and node.topic not in parents:
                    parents[node.topic] = topic_id
                    pending.append(node.topic)
    for topic_id in content.topics:
        parents.setdefault(topic_id, topic_id)
    return parents


def node_of(content: Content, topic: str | None, node: str | None) -> Any:
    """The content node for a log entry, or None when the content no longer has it."""
    if not topic or not node or topic not in content.topics:
        return None
    return content.topics[topic].nodes.get(node)


def tags_of(content: Content, topic: str | None, node: str | None) -> tuple[str, ...]:
    found = node_of(content, topic, node)
    return tuple(found.tags) if found is not None else ()


def explores(
    content: Content, parents: dict[str, str], topic: str | None, node: str | None
) -> bool:
    """True when answering this step is the person telling the worker about their life: it is
    tagged person_centred or overcoming_barriers and its topic (or the topic it runs under) is
    not one of the :data:`ADMIN_TOPICS`."""
    if parents.get(topic or "", topic) in ADMIN_TOPICS:
        return False
    return not EXPLORING_TAGS.isdisjoint(tags_of(content, topic, node))


def explored(conversation: Conversation, topic_id: str) -> bool:
    """True when the person has given at least one answer (not a skip) in the topic."""
    parents = parent_topics(conversation.content)
    return any(
        e["action"] in ("answered", "changed")
        and e.get("by") in ("person", "both")
        and parents.get(e["topic"], e["topic"]) == topic_id
        for e in in_force(conversation.log)
    )


def parse_time(text: str) -> _dt.datetime | None:
    try:
        return _dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
