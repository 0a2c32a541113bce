"""One practice, read in order: the answer log and the session's events on one timeline.

The rubric (:mod:`assistant.training.rubric`) and the replay (:mod:`assistant.training.replay`)
both read a practice through this module, so they agree on what came first and on which
listed topic each moment belongs to.

An event in ``session.events`` happened after log entry ``after_seq`` and before the next
one, so the timeline sorts log entry ``seq`` at ``(seq, 0)`` and event ``i`` at
``(after_seq, 1, i)``. A moment id is ``m<i>`` for event ``i`` (design §3) and ``s<seq>``
for a log entry (paired practice and older sessions have answers but no moves).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.engine.answer_words import computed_options, emptied, emptied_words, value_words
from assistant.engine.conversation import Conversation
from assistant.flows import model as m
from assistant.flows.loader import Content
from assistant.plans.from_session import labels_from_content
from assistant.training.reading import ANSWER_ACTIONS, in_force, node_of

# Events that are the persona's or the app's reaction to a proposal.
PROPOSAL_KINDS = ("accepted", "not_yet", "refused")
# Events that stand for the log entry of the same step (the replay shows the event, not the
# entry), best first: the persona's words for its answer, then what the trainee did.
COVERING_KINDS = ("persona", "talked_over", "accepted", "kept_private", "skipped", "move")
# How the practice's notes for words kept off the record end (session.PRIVATE_NOTE and
# PRIVATE_IDEA_NOTE): such a note stands in for words, so it is never quoted as evidence.
PRIVATE_NOTE_END = "It is not kept here.)"


def is_private_note(text: object) -> bool:
    """Whether ``text`` is the note the practice keeps instead of words kept off the record."""
    words = str(text or "").strip()
    return words.startswith("(") and words.endswith(PRIVATE_NOTE_END)


@dataclass(frozen=True)
class Entry:
    """One thing on the timeline: a log entry (``seq``) or a session event (``index``)."""

    order: tuple[int, int, int]
    ref: str  # "m12" (event 12) or "s5" (log entry 5): the anchor in HTML
    data: Mapping[str, Any]
    topic: str  # the listed topic it belongs to ("" when none)
    index: int | None = None  # event index in session.events
    seq: int | None = None  # log seq

    @property
    def is_event(self) -> bool:
        return self.index is not None

    @property
    def kind(self) -> str:
        """The event's kind, or ``log:<action>`` for a log entry."""
        if self.index is not None:
            return str(self.data.get("kind", ""))
        return f"log:{self.data.get('action', '')}"

    @property
    def label(self) -> str:
        """How the moment is named in text: 'moment 12' or 'answer 5'."""
        return f"moment {self.index}" if self.index is not None else f"answer {self.seq}"


def moment_label(ref: str) -> str:
    """'m12' -> 'moment 12'; 's5' -> 'answer 5'."""
    return f"moment {ref[1:]}" if ref.startswith("m") else f"answer {ref[1:]}"


def _reach(content: Content) -> dict[str, list[str]]:
    """Topic id -> every listed topic that runs it (itself, or by call/repeat, transitively).

    A sub-flow such as the 1 to 7 ratings runs under What matters and under Looking back; the
    timeline decides which one from what was open at the time.
    """
    listed = sorted(
        (t.topic.id for t in content.topics.values() if t.topic.listed),
        key=lambda tid: (content.topics[tid].topic.order, tid),
    )
    reach: dict[str, list[str]] = {tid: [tid] for tid in listed}
    for top in listed:
        seen = {top}
        pending = [top]
        while pending:
            index = content.topics.get(pending.pop())
            if index is None:
                continue
            for node in index.topic.nodes:
                if isinstance(node, (m.CallNode, m.RepeatNode)) and node.topic not in seen:
                    seen.add(node.topic)
                    pending.append(node.topic)
                    if node.topic not in listed:
                        reach.setdefault(node.topic, []).append(top)
    return reach


class Timeline:
    """The log entries still in force and the session's events, oldest first."""

    def __init__(
        self, conversation: Conversation, events: Iterable[Mapping[str, Any]] = ()
    ) -> None:
        self.conversation = conversation
        self.content = conversation.content
        self.events = [dict(e) for e in events]
        reach = _reach(self.content)
        raw: list[tuple[tuple[int, int, int], str, Mapping[str, Any], int | None, int | None]] = []
        for logged in in_force(conversation.log):
            seq_no = int(logged["seq"])
            raw.append(((seq_no, 0, 0), f"s{seq_no}", logged, None, seq_no))
        for i, event in enumerate(self.events):
            after = int(event.get("after_seq", 0) or 0)
            raw.append(((after, 1, i), f"m{i}", event, i, None))
        raw.sort(key=lambda r: r[0])
        entries: list[Entry] = []
        last_seen: dict[str, int] = {}  # listed topic -> position it was last seen at
        for position, (order, ref, data, index, seq) in enumerate(raw):
            topic = str(data.get("topic") or "")
            parents = reach.get(topic, [topic] if topic else [])
            if len(parents) > 1:
                # The listed topic seen most recently; else one that was started at all.
                started = [p for p in parents if conversation.status(p) != "not_started"]
                seen = [p for p in parents if p in last_seen]
                parent = max(seen, key=lambda p: last_seen[p]) if seen else (started or parents)[0]
            else:
                parent = parents[0] if parents else ""
            if topic in reach and reach[topic] == [topic]:
                last_seen[topic] = position
            entries.append(Entry(order, ref, data, parent, index, seq))
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.has_moves = any(e.get("kind") == "move" for e in self.events)
        # Option words by store, for answers whose options were worked out when asked.
        self._labels: dict[str, dict[str, str]] | None = None
        self._covers: dict[tuple[str, str, int], list[Entry]] = {}
        for item in entries:
            if item.kind not in COVERING_KINDS:
                continue
            after = int(item.data.get("after_seq", 0) or 0)
            topic, node = str(item.data.get("topic")), str(item.data.get("node"))
            for covered in (after, after + 1):
                self._covers.setdefault((topic, node, covered), []).append(item)

    def cover(self, entry: Entry) -> Entry | None:
        """The event that stands for a log entry, or None when the log entry stands alone.

        The person's answer is shown by the persona's words; what the worker typed or
        skipped by the trainee's move (then the persona's reaction to it).
        """
        if entry.seq is None:
            return None
        key = (str(entry.data.get("topic")), str(entry.data.get("node")), int(entry.seq))
        found = self._covers.get(key)
        if not found:
            return None
        order: tuple[str, ...] = COVERING_KINDS
        if entry.data.get("by") == "worker":
            order = ("move", *(k for k in COVERING_KINDS if k != "move"))
        return min(found, key=lambda e: order.index(e.kind))

    def covering(self, entry: Entry) -> list[Entry]:
        """Every event at a log entry's step just before or after it (the persona's words,
        a ``kept_private``, the trainee's move...), oldest first; [] for an event."""
        if entry.seq is None:
            return []
        key = (str(entry.data.get("topic")), str(entry.data.get("node")), int(entry.seq))
        return list(self._covers.get(key, []))

    def repeats(self, entry: Entry) -> Entry | None:
        """The persona's line that an ``offered`` or ``kept_private`` event repeats word for
        word (the event right before it, past other ``kept_private`` events), or None."""
        if entry.kind not in ("offered", "kept_private") or not entry.data.get("words"):
            return None
        position = self.entries.index(entry)
        earlier = next(
            (
                e
                for e in reversed(self.entries[:position])
                if e.is_event and e.kind != "kept_private"
            ),
            None,
        )
        if earlier is None or earlier.kind != "persona":
            return None
        return earlier if str(earlier.data.get("words") or "") == str(entry.data["words"]) else None

    def echo_of(self, entry: Entry) -> Entry | None:
        """The persona's line an ``offered`` event repeats, or None.

        After "Ask for their ideas first" the persona says its ideas (a ``persona`` event)
        and the ``offered`` event right after it carries the same words: the replay shows
        them once, and the feedback points at the persona's line."""
        return self.repeats(entry) if entry.kind == "offered" else None

    def shown(self, entry: Entry) -> Entry:
        """The entry the replay shows for this one (itself, the event covering it, or the
        persona's line an ``offered`` event repeats)."""
        return self.cover(entry) or self.echo_of(entry) or entry

    # ------------------------------------------------------------------ reading

    def node(self, entry: Entry) -> Any:
        return node_of(self.content, entry.data.get("topic"), entry.data.get("node"))

    def speaker(self, entry: Entry) -> str:
        node = self.node(entry)
        return str(getattr(node, "speaker", "person") or "person")

    def store(self, entry: Entry) -> str | None:
        node = self.node(entry)
        return node.store if isinstance(node, m.AskNode) else None

    def tags(self, entry: Entry) -> tuple[str, ...]:
        node = self.node(entry)
        return tuple(node.tags) if node is not None else ()

    def prompt(self, entry: Entry) -> str:
        """The question as it was shown (from the log), else the content's plain prompt.

        A step asked more than once (one per concern, per goal) is looked up at the answer
        nearest after the moment, so the prompt is the one shown then."""
        topic, node_id = entry.data.get("topic"), entry.data.get("node")
        # A log entry: itself; an event: the log entries after it.
        after = entry.seq if entry.seq is not None else int(entry.data.get("after_seq", 0) or 0) + 1
        shown = [
            other
            for other in self.conversation.log
            if other.get("topic") == topic and other.get("node") == node_id and other.get("prompt")
        ]
        later = [o for o in shown if int(o["seq"]) >= after]
        if later or shown:
            return str((later or shown)[0 if later else -1]["prompt"])
        node = self.node(entry)
        text = str(getattr(node, "prompt", "") or getattr(node, "text", "") or "")
        return "" if "{" in text else " ".join(text.split())

    def answer_words(self, entry: Entry, value: Any = None) -> str:
        """A stored answer in the words the meeting's transcript uses ("Me", "On paper",
        "Monday 4 January 2027"), never an option's stored id; '' when there is none.

        ``value``: the answer to say (default: the entry's own, e.g. a log entry's); the
        step it was given at names its options. Options worked out as the question was
        asked are named by the words kept with the answer, else as the meeting's transcript
        finds them (:meth:`assistant.meetings.meeting.Meeting.answer_options`)."""
        data = entry.data
        own = value is None
        if value is None:
            value = data.get("value")
        if value is None or value == "":
            return ""
        node = self.node(entry)
        shape = node if isinstance(node, m.AskNode) else None
        if own and emptied(value, data.get("old")):
            return emptied_words(shape)
        options: tuple[tuple[str, str], ...] = tuple((data.get("labels") or {}).items())
        if not options and shape is not None and shape.options_from:
            if self._labels is None:
                self._labels = labels_from_content(self.content)
            options = computed_options(self.conversation, shape, data.get("path"), self._labels)
        return value_words(value, shape, options)

    def title(self, topic: str) -> str:
        index = self.content.topics.get(topic)
        return index.topic.title if index is not None else topic

    def moves(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "move"]

    def of_kind(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]

    def answers(self, *, by: Iterable[str] = ("person", "both")) -> list[Entry]:
        """Log entries that answered a step (not skips), by these speakers."""
        who = set(by)
        return [
            e
            for e in self.entries
            if e.seq is not None
            and e.data.get("action") in ("answered", "changed")
            and e.data.get("by", "person") in who
        ]

    def log_entries(self) -> list[Entry]:
        return [e for e in self.entries if e.seq is not None and e.data["action"] in ANSWER_ACTIONS]

    def reaction(self, move: Entry) -> list[Entry]:
        """The events after a move, up to the next move (what the persona and app did)."""
        found: list[Entry] = []
        start = self.entries.index(move)
        for entry in self.entries[start + 1 :]:
            if entry.kind == "move":
                break
            if entry.is_event:
                found.append(entry)
        return found

    def said_after(self, move: Entry) -> str:
        """What the persona said in reply to a move ('' when nothing)."""
        for entry in self.reaction(move):
            words = str(entry.data.get("words") or "")
            if words and entry.kind != "warmth":
                return words
        return ""
