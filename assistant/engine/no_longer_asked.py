"""Stored answers whose question no longer applies: asked only under a ``when`` that is false now.

A step with a ``when`` is asked only while its condition holds. When an earlier answer changes
(Family unticked, "Maybe later" instead of "Go along and try it"), the answers of the steps it
switched off stay stored, on purpose: if the condition holds again, the question shows the
old words to edit. Everything that reads the answers as what was agreed (the plan) must leave
them out: :func:`no_longer_asked` names them, :func:`without` leaves them out of a copy.

A stored answer is left out when every step that stores it (an ``ask``, a field of a
``records`` ask, a ``set`` step's value) does not apply now, and at least one such step
exists. A step applies when its own ``when`` holds, and the ``call`` or ``repeat`` step that
runs its topic applies too (a topic on the map, or a worker's topic, always runs). Each
``when`` is evaluated as the walk evaluates it (:meth:`Walker.evaluate`, the same functions),
inside a ``repeat`` once for each record of the list, with the record as the loop's name.

What is deliberately *not* followed, because it would take away answers just given:

- ``branch`` and ``menu`` routing and a ``repeat``'s ``where``: they route by progress (a
  review skips the goals once every goal is finished, and goes through actions not yet done),
  so an answer behind them is still the answer. Every record of a list counts as gone through.
- a ``when`` that calls a function that reads something other than the answers (``today()``,
  ``agency_choice``, the community directory's functions, ``visited``, ``topic_status``):
  such a step counts as applying, so a changed directory or setting never takes words out.
- a step's own answer: ``when: "not answered('about.name')"`` (ask only once) is evaluated
  as if that step had no answer yet.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from assistant.engine import datapaths as dp
from assistant.engine.functions import ExpressionFunctions
from assistant.engine.state import ConversationState, Frame
from assistant.engine.steps import FlowError
from assistant.engine.walk import Walker
from assistant.flows import model as m
from assistant.flows.expressions import STATIC_GLOBALS, ExpressionError, parse_names
from assistant.flows.loader import Content

# The functions a `when` may call and still depend on the answers alone.
ANSWER_FUNCTIONS = frozenset(
    {"answered", "skipped", "get", "plan_parts", "worker_asks", "put_off_tasks", "goal_words"}
    | (set(STATIC_GLOBALS) - {"today", "in_days"})
)

_Loop = dict[str, Any]


def no_longer_asked(
    content: Content,
    data: Mapping[str, Any],
    *,
    skipped: Iterable[str] = (),
    clock: Callable[[], _dt.datetime] | None = None,
) -> frozenset[str]:
    """The datapaths (``agreement.share_who``, ``community.list.#a1.go_along_who``) of the
    answers in ``data`` whose every storing step does not apply now (see the module's
    docstring). ``skipped``: the paths left for another day (for ``skipped()``)."""
    found: frozenset[str] = frozenset()
    skipped = tuple(skipped)
    given = _Answers(data)  # looked up by every round: each value is found once
    # An answer left out is not there for the conditions either: "Maybe later" switches off
    # "Someone going along?", and so "Who?" after it. Again until nothing more goes (a
    # condition reads answers of steps before it, so this ends within a few rounds).
    rounds: list[frozenset[str]] = []
    for _ in range(_ROUNDS):
        seen = without(data, found) if found else data
        again = _gone(_Finder(content, seen, given, skipped, clock or _dt.datetime.now))
        if again == found:
            return found
        if again in rounds:
            # Conditions that flip each other (a pack's `not answered(...)` on another step's
            # answer) never settle: only what every round of the cycle left out goes.
            cycle = [*rounds[rounds.index(again) :], found]
            return frozenset.intersection(*cycle)
        rounds.append(found)
        found = again
    return found


# At most this many rounds of answers left out because answers they follow were.
_ROUNDS = 8


def _gone(finder: _Finder) -> frozenset[str]:
    for index in finder.content.topics.values():
        if index.topic.listed or index.topic.worker_only:
            finder.topic(index.topic.id, (), applies=True, chain=())
    live = finder.live
    # Every path some live answer is under, so a check is one look-up, not a pass over them.
    under_live = {other[:n] for other in live for n in range(1, len(other))}
    found = set()
    for segments in finder.gated - live:
        if segments in under_live:
            continue  # something under it is still asked: never drop a whole branch of them
        if finder.given.get(segments) is dp.MISSING:
            continue
        found.add(dp.join(segments))
    return frozenset(found)


def without(data: Mapping[str, Any], paths: Iterable[str]) -> dict[str, Any]:
    """A copy of ``data`` without the answers at ``paths`` (only what leads to them is copied:
    the answers given are never changed)."""
    kept: Any = dict(data)
    for path in paths:
        kept = _without(kept, dp.split(path))
    return kept


def _without(value: Any, segments: dp.Segments) -> Any:
    if not segments:
        return dp.MISSING
    head, rest = segments[0], segments[1:]
    if isinstance(value, Mapping):
        if head not in value:
            return value
        child = _without(value[head], rest)
        copied = dict(value)
        if child is dp.MISSING:
            del copied[head]
        else:
            copied[head] = child
        return copied
    if isinstance(value, list) and head.startswith("#"):
        wanted = head[1:]
        kept = []
        for item in value:
            if not (isinstance(item, Mapping) and item.get("id") == wanted):
                kept.append(item)
            elif rest:  # a detail of the record goes; the record stays
                kept.append(_without(item, rest))
        return kept
    return value


class _Answers:
    """The answers as given, looked up by path (``dp.get``), each value found once: a record
    of a list is found by its id in an index of the list, not by going through the list (a
    person with years of goals and actions has long lists, asked about for every field)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._at: dict[dp.Segments, Any] = {(): data}
        self._by_id: dict[int, dict[Any, Any]] = {}

    def get(self, segments: dp.Segments) -> Any:
        """The value at ``segments`` or ``dp.MISSING``, as :func:`dp.get` finds it."""
        if segments in self._at:
            return self._at[segments]
        parent = self.get(segments[:-1])
        head = segments[-1]
        if isinstance(parent, list) and head.startswith("#"):
            index = self._by_id.get(id(parent))
            if index is None:
                index = {}
                for item in parent:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        index.setdefault(item["id"], item)  # the first, as dp.get finds
                self._by_id[id(parent)] = index
            value = index.get(head[1:], dp.MISSING)
        else:
            value = dp.get(parent, (head,))
        self._at[segments] = value
        return value


def reads_other_answers_alone(node: Any, functions: Iterable[str]) -> bool:
    """Whether ``node``'s ``when`` depends on the answers alone (none of ``functions``, the
    conversation's own, other than those of :data:`ANSWER_FUNCTIONS`) and not on the step's
    own answer (an "ask only once" step): a change of another answer can switch it off."""
    if node.when is None:
        return False
    if _called(node.when) & (frozenset(functions) - ANSWER_FUNCTIONS):
        return False
    return not any(_mentions(node.when, p) for p in _own_stores(node))


@lru_cache(maxsize=1024)
def _called(source: str) -> frozenset[str]:
    try:
        return frozenset(parse_names(source, expression=True)[1])
    except ExpressionError:
        return frozenset({"?"})  # cannot be read: counts as not about answers alone


@lru_cache(maxsize=1024)
def _mentions(source: str, path: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(path)}(?![\w])", source) is not None


@dataclass
class _Finder:
    content: Content
    # The answers the conditions see (those already found left out), and all of them.
    data: Mapping[str, Any]
    given: _Answers
    skipped: Iterable[str]
    clock: Callable[[], _dt.datetime]
    live: set[dp.Segments] = field(default_factory=set)
    gated: set[dp.Segments] = field(default_factory=set)
    done: set[tuple[Any, bool]] = field(default_factory=set)

    def __post_init__(self) -> None:
        state = ConversationState()
        # Read only: the answers are looked at, never copied or changed.
        state.tree["data"] = self.data
        state.tree["skipped"] = dict.fromkeys(self.skipped, True)
        self._state = state
        functions = ExpressionFunctions(
            state, self.clock, self.content.functions, getattr(self.content, "agency", None)
        )
        self._walker = Walker(self.content, state, functions)
        self._by_name = frozenset(functions.by_name)

    # -- going through the topics --------------------------------------------------------

    def topic(
        self, topic_id: str, loops: tuple[_Loop, ...], *, applies: bool, chain: tuple[str, ...]
    ) -> None:
        index = self.content.topics.get(topic_id)
        key = (topic_id, tuple((loop["as"], loop["over"], loop["ids"][0]) for loop in loops))
        if index is None or topic_id in chain or (key, applies) in self.done:
            return  # a topic run again with the same records finds the same
        self.done.add((key, applies))
        chain = (*chain, topic_id)
        # Each loop's name stands for its record's path (worked out once for the topic).
        names = {loop["as"]: (*dp.split(loop["over"]), "#" + loop["ids"][0]) for loop in loops}
        for node in index.topic.nodes:
            if isinstance(node, (m.AskNode, m.SetNode)):
                paths = [self._state.resolve(p, names) for p in _own_stores(node)]
                stored = [p for p in paths if self.given.get(p) is not dp.MISSING]
                if not stored:
                    continue  # nothing to keep or leave out: no need to work out its `when`
                if node.when is not None and applies and self.live.issuperset(stored):
                    here = True  # kept by another step already: no need to work it out
                else:
                    here = applies and self.when(topic_id, node, loops, names)
                (self.live if here else self.gated).update(stored)
                if isinstance(node, m.AskNode) and node.type == "records":
                    self.fields(node, paths[0], here)
            elif isinstance(node, (m.CallNode, m.RepeatNode)):
                here = applies and self.when(topic_id, node, loops, names)
                if isinstance(node, m.CallNode):
                    self.topic(node.topic, loops, applies=here, chain=chain)
                    continue
                over = self._state.resolve(node.over, names)
                for record_id in self.record_ids(over):
                    loop = {"as": node.as_, "over": dp.join(over), "ids": [record_id], "index": 0}
                    self.topic(node.topic, (*loops, loop), applies=here, chain=chain)

    def fields(self, node: m.AskNode, segments: dp.Segments, applies: bool) -> None:
        """A records ask also stores each field of each of its records."""
        for record_id in self.record_ids(segments):
            for f in node.fields:
                (self.live if applies else self.gated).add((*segments, f"#{record_id}", f.name))

    def record_ids(self, segments: dp.Segments) -> list[str]:
        records = self.given.get(segments)
        if not isinstance(records, list):
            return []
        return [str(r["id"]) for r in records if isinstance(r, Mapping) and "id" in r]

    # -- conditions ----------------------------------------------------------------------

    def when(
        self,
        topic_id: str,
        node: Any,
        loops: tuple[_Loop, ...],
        names: dict[str, dp.Segments],
    ) -> bool:
        """Whether ``node``'s own ``when`` holds now (True when it has none, or when it reads
        something other than the answers, or cannot be worked out). ``names``: each loop's
        name and its record's path."""
        if node.when is None:
            return True
        if _called(node.when) & (self._by_name - ANSWER_FUNCTIONS):
            return True
        frame: Frame = {"topic": topic_id, "node": node.id, "waiting": True, "loop": None}
        stack = [
            {"topic": topic_id, "node": node.id, "waiting": True, "loop": loop} for loop in loops
        ]
        tree = self._state.tree
        tree["current"] = topic_id
        tree["topics"] = {topic_id: {"status": "in_progress", "stack": stack or [frame]}}
        own = [self._state.resolve(p, names) for p in _own_stores(node) if _mentions(node.when, p)]
        data = self.data
        for segments in own:
            data = _without(data, segments)
        tree["data"] = data
        try:
            return bool(self._walker.evaluate(stack[-1] if stack else frame, node.when, "when"))
        except FlowError:
            return True
        finally:
            tree["data"] = self.data
            tree["current"] = None
            tree["topics"] = {}


def _own_stores(node: Any) -> list[str]:
    """Where a step keeps what it stores."""
    if isinstance(node, m.AskNode):
        return [node.store]
    if isinstance(node, m.SetNode):
        return list(node.values)
    return []
