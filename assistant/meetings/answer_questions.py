"""Which question an answer in the audit trail was given to, in words (no Textual).

An answer's audit event names where the answer is stored (``about.name``, ``goals.list``)
and the topic and step that asked it: internal names that mean nothing to the person reading
their own record, nor to a worker checking a rescue copy with them. The engine keeps the
question as it was asked in each event (``prompt``); events written before it did are named
from the content (the step's question, or the question that stores the answer), and an
answer to a question the topics no longer have says so plainly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from assistant.engine.answer_words import record_name, value_words
from assistant.flows.loader import Content
from assistant.meetings.paths import ask_storing
from assistant.sentences import full_stop

#: Said for an answer whose question is neither kept in its event nor in today's topics.
NOT_IN_CONTENT = "a question the app no longer asks (its topics have changed since)"

# A template's expressions and tags (``{{ item.name }}``), shown as "…" in a question that
# was not kept as asked: the words they stood for are not known any more.
_TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _topic_title(content: Content, topic: str) -> str:
    index = content.topics.get(topic)
    return str(getattr(getattr(index, "topic", None), "title", "") or "")


def _asked_by(content: Content, topic: str, node: str, path: str) -> tuple[str, Any] | None:
    """(topic id, step) that asked this answer: its own step, else the question storing it."""
    index = content.topics.get(topic)
    step = index.nodes.get(node) if index is not None and node else None
    if step is not None and getattr(step, "prompt", None):
        return topic, step
    found = ask_storing(content, path) if path else None
    return (found[0].id, found[1]) if found is not None else None


def list_change(old: object, new: object, node: Any) -> str | None:
    """A list of records saved whole (old -> new) said as what changed: the items added,
    taken out and reworded, matched by their ids. None when either is not such a list."""

    def by_id(value: object) -> dict[str, Mapping[str, Any]] | None:
        if not isinstance(value, list) or not all(isinstance(r, Mapping) for r in value):
            return None
        ids = {str(r.get("id")): r for r in value if r.get("id")}
        return ids if len(ids) == len(value) else None

    before, after = by_id(old), by_id(new)
    if not before or after is None:
        return None
    added = [record_name(r, node) for k, r in after.items() if k not in before]
    removed = [record_name(r, node) for k, r in before.items() if k not in after]
    reworded = [
        f"{record_name(before[k], node)} \u2192 {record_name(r, node)}"
        for k, r in after.items()
        if k in before and record_name(before[k], node) != record_name(r, node)
    ]
    parts = [
        f"{label}: {', '.join(items)}"
        for label, items in (("Added", added), ("Taken out", removed), ("Changed", reworded))
        if items
    ]
    # "Taken out: Bus fares add up." once, not "add up..": the person's own stop is the end.
    return full_stop("; ".join(parts)) if parts else "Saved with no change to the list."


class AnswerQuestions:
    """The question each answer event was given to, and its answer in words.

    ``content`` is loaded (by ``load``) only when an event does not keep its question, so
    reading a trail whose events all keep theirs never loads the topics.
    """

    def __init__(self, load: Callable[[], Content | None]) -> None:
        self._load = load
        self._content: Content | None = None
        self._loaded = False

    @classmethod
    def of(cls, content: Content | None) -> AnswerQuestions:
        """With the content already loaded (or None: no topics to look in)."""
        return cls(lambda: content)

    def content(self) -> Content | None:
        """The topics, loaded on first need."""
        if not self._loaded:
            self._content = self._load()
            self._loaded = True
        return self._content

    def _step(self, event: Mapping[str, Any]) -> tuple[str, Any] | None:
        content = self.content()
        if content is None:
            return None
        return _asked_by(
            content,
            str(event.get("topic") or ""),
            str(event.get("node") or ""),
            str(event.get("path") or ""),
        )

    def question(self, event: Mapping[str, Any]) -> str:
        """The question as it was asked; from the content when the event did not keep it (a
        question written with the person's words in it shows "…" for them, after its topic's
        title); :data:`NOT_IN_CONTENT` when the topics no longer have it."""
        kept = event.get("prompt")
        if isinstance(kept, str) and kept.strip():
            return kept.strip()
        found = self._step(event)
        if found is None:
            return NOT_IN_CONTENT
        topic, step = found
        prompt = " ".join(str(step.prompt).split())
        if not _TEMPLATE.search(prompt):
            return prompt
        short = _TEMPLATE.sub("…", prompt)
        content = self.content()
        title = _topic_title(content, topic) if content is not None else ""
        return f"{title}: {short}" if title else short

    def change(self, event: Mapping[str, Any]) -> str | None:
        """A list saved whole (``old`` -> ``value``) said as what changed (:func:`list_change`);
        None when the event is not such a change."""
        found = self._step(event)
        return list_change(event.get("old"), event.get("value"), found[1] if found else None)

    def answer(self, event: Mapping[str, Any], key: str = "value") -> str:
        """``event[key]`` (the answer, or ``old``) in words, with the options' own words (as
        offered, when the event kept them)."""
        kept = event.get("labels")
        offered = (
            tuple((str(k), str(v)) for k, v in kept.items()) if isinstance(kept, Mapping) else ()
        )
        found = self._step(event)
        words = value_words(event.get(key), found[1] if found else None, offered)
        # One line per event: lines the person wrote are kept apart by a slash.
        return " / ".join(line.strip() for line in words.splitlines() if line.strip())
