"""Moving through the content: the steps that need nobody, loops, calls, and the step to show.

:meth:`Walker.settle` runs the automatic steps (``set``, ``branch``, ``call``, ``repeat``, a
step whose ``when`` is false, a menu with nothing to offer) until one needs the people at the
screen, or the topic ends. A ``call`` or ``repeat`` opens a frame on the topic's stack; a
repeat's frame goes through the list's records one by one, and moves on when a record it is on
is removed. :meth:`Walker.step` builds the :class:`Step` to show from the top frame.

Every change goes through the state (``state.py``), inside the transaction the conversation
opened, so each of these moves is undone exactly with the action that made it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from assistant.engine import datapaths as dp
from assistant.engine.answers import same_answer
from assistant.engine.functions import ExpressionFunctions
from assistant.engine.state import ConversationState, Frame
from assistant.engine.steps import BY_VALUES, FlowError, Step
from assistant.flows import model as m
from assistant.flows.expressions import ExpressionError, evaluate, record_view, render
from assistant.flows.loader import Content, TopicIndex

MAX_AUTO_STEPS = 10_000
# Steps whose visits are also kept per record of a loop: on the way back to where a topic
# stood (`return_to`), one shown or run for this record is passed by, not for another.
_SHOWN_OR_RUN = (m.SayNode, m.CallNode, m.RepeatNode)
# What a frame keeps of the way back (`return_to`) or of a detour (see Walker._detour_step).
_DETOUR_KEYS = ("return_to", "detour", "until", "resume")
# How many topics may run inside one another (`call`, `repeat`). The shipped content goes
# a few deep; a topic that calls itself would go on for ever (validate reports it, E235).
MAX_CALL_DEPTH = 20


class Walker:
    """Walks one conversation's state through the content."""

    def __init__(
        self,
        content: Content,
        state: ConversationState,
        functions: ExpressionFunctions,
        stamp: Callable[[], str] | None = None,
    ) -> None:
        """``stamp``: the time for a log entry (a ``set`` step with ``text`` logs the change
        it makes); None logs nothing (a walker that only looks at the content)."""
        self.content = content
        self._state = state
        self._functions = functions
        self._stamp = stamp
        # Whether a topic may hold a question a changed answer makes relevant (_may_hold).
        self._holds: dict[tuple[str, Callable[[Any], bool]], bool] = {}

    def index(self, topic_id: str | None) -> TopicIndex:
        assert topic_id is not None
        return self.content.topics[topic_id]

    # ------------------------------------------------------------- expressions

    def flow_error(self, frame: Frame, exc: Exception, *keys: str | int) -> FlowError:
        """``exc`` as a FlowError naming the file, line and step it came from."""
        index = self.index(frame["topic"])
        line, col = index.where(frame["node"], *keys)
        return FlowError(f"{index.file}:{line}:{col}: step `{frame['node']}`: {exc}")

    def evaluate(self, frame: Frame, source: str, *keys: str | int, **extra: Any) -> Any:
        try:
            return evaluate(source, self._functions.context(**extra))
        except ExpressionError as exc:
            raise self.flow_error(frame, exc, *keys) from None

    def render(self, frame: Frame, source: str, *keys: str | int) -> str:
        try:
            return render(source, self._functions.context())
        except ExpressionError as exc:
            raise self.flow_error(frame, exc, *keys) from None

    # ------------------------------------------------------------------ moving

    def go(self, target: str | None, *, origin: str | None = None) -> None:
        """Put the top frame on ``target`` (None: the content has nowhere to go)."""
        stack = self._state.stack()
        frame = stack[-1]
        if target is None:
            index = self.index(frame["topic"])
            line, col = index.where(origin or frame["node"])
            raise FlowError(
                f"{index.file}:{line}:{col}: the step `{origin or frame['node']}` has nowhere "
                "to go next (add `next:` or a step with `kind: end`)"
            )
        self._state.replace_top(dict(frame, node=target, waiting=False))

    def advance(self, node: Any) -> None:
        """Move past ``node`` and run on to the next step that needs the people."""
        frame = self._state.stack()[-1]
        self.go(self.index(frame["topic"]).next_of(node), origin=node.id)
        self.settle()

    def settle(self) -> None:
        """Run automatic steps until one needs the people at the screen (or the topic ends)."""
        state = self._state
        if state.current is not None:
            self._drop_removed_records()
        for _ in range(MAX_AUTO_STEPS):
            if state.current is None:
                return
            stack = state.stack()
            if not stack:
                state.set_progress(state.current, status="done")
                state.write(("current",), None)
                return
            frame = stack[-1]
            if frame.get("waiting"):
                return
            index = self.index(frame["topic"])
            node = index.nodes.get(frame["node"])
            if node is None:
                raise FlowError(f"{index.file}: there is no step `{frame['node']}`")
            if node.when is not None and not self.evaluate(frame, node.when, "when"):
                self.go(index.next_of(node), origin=node.id)
                continue
            key = f"{frame['topic']}.{node.id}"
            if frame.get("return_to") is not None:
                if node.id == frame["return_to"] or isinstance(node, m.MenuNode):
                    frame = {k: v for k, v in frame.items() if k != "return_to"}
                    state.replace_top(frame)
                elif isinstance(
                    node, (m.SayNode, m.AskNode, m.CallNode, m.RepeatNode)
                ) and self._gone_through(frame, node, key):
                    # On the way back to where the topic stood after a question a changed
                    # answer made relevant: what was asked or run already is not again.
                    self.go(index.next_of(node), origin=node.id)
                    continue
            if frame.get("detour") and self._detour_step(stack, node, key):
                continue
            state.write(("visits", key), state.tree["visits"].get(key, 0) + 1)
            if isinstance(node, _SHOWN_OR_RUN):
                in_record = self._record_key(key)
                if in_record is not None:
                    state.write(("visits", in_record), state.tree["visits"].get(in_record, 0) + 1)
            if isinstance(node, (m.SayNode, m.AskNode)) or (
                isinstance(node, m.EndNode) and node.text
            ):
                state.replace_top(dict(frame, waiting=True))
                return
            if isinstance(node, m.MenuNode):
                if self.menu_options(frame, node):
                    state.replace_top(dict(frame, waiting=True))
                    return
                self.go(node.fallback or index.next_of(node), origin=node.id)
                continue
            if isinstance(node, m.SetNode):
                for target, expr in node.values.items():
                    value = self.evaluate(frame, expr, "values", target)
                    segments = state.resolve(target)
                    old = dp.get(state.data, segments)
                    try:
                        state.write(("data", *segments), copy.deepcopy(value))
                    except dp.PathConflict as exc:
                        raise self.flow_error(frame, exc, "values", target) from None
                    if node.text and old is not dp.MISSING and not same_answer(old, value):
                        self._log_change(frame, node, segments, old, value)
                self.go(index.next_of(node), origin=node.id)
                continue
            if isinstance(node, m.BranchNode):
                goto = node.else_ or index.next_of(node)
                for number, case in enumerate(node.branches):
                    if self.evaluate(frame, case.if_, "branches", number, "if"):
                        goto = case.goto
                        break
                self.go(goto, origin=node.id)
                continue
            if isinstance(node, (m.CallNode, m.RepeatNode)) and len(stack) >= MAX_CALL_DEPTH:
                raise self.flow_error(
                    frame,
                    FlowError(
                        f"topics run inside one another more than {MAX_CALL_DEPTH} deep: a "
                        "topic runs itself (run `cpi-assistant validate` to find the loop)"
                    ),
                    "topic",
                )
            if isinstance(node, m.CallNode):
                entry = self.index(node.topic).topic.entry_id
                state.push({"topic": node.topic, "node": entry, "waiting": False, "loop": None})
                continue
            if isinstance(node, m.RepeatNode):
                ids = self._repeat_ids(frame, node)
                if not ids:
                    self.go(index.next_of(node), origin=node.id)
                    continue
                loop = {"as": node.as_, "over": dp.join(state.resolve(node.over)), "ids": ids}
                entry = self.index(node.topic).topic.entry_id
                state.push(
                    {
                        "topic": node.topic,
                        "node": entry,
                        "waiting": False,
                        "loop": loop | {"index": 0},
                    }
                )
                continue
            if isinstance(node, m.EndNode):
                self.finish_frame()
                continue
        raise FlowError("the content ran many steps without a question: is there a loop?")

    def recheck_waiting(self, may_pass: Callable[[Any], bool]) -> None:
        """After an earlier answer changed: if the step waiting on screen is one whose
        ``when`` no longer holds (the "No" follow-up after "No" was changed to "Yes"), move
        past it to the step the answers lead to now. ``may_pass``: whether a step's ``when``
        is one a changed answer can switch off (not one about the date, or its own answer)."""
        state = self._state
        if state.current is None:
            return
        stack = state.stack()
        if not stack or not stack[-1].get("waiting"):
            return
        frame = stack[-1]
        index = self.index(frame["topic"])
        node = index.nodes.get(frame["node"])
        if node is None or node.when is None or not may_pass(node):
            return
        if self.evaluate(frame, node.when, "when"):
            return
        self.go(index.next_of(node), origin=node.id)
        self.settle()

    def relevant_unasked(self, may_pass: Callable[[Any], bool]) -> list[tuple[Any, ...]]:
        """The questions the conversation went past whose ``when`` (one ``may_pass``
        accepts: it reads other answers alone) is true now and which were never answered nor
        skipped, in the order the conversation went: in the topics of the stack from their
        start to where each stands, in a repeat's earlier records, and in the topics run on
        the way. Each as a place :meth:`ask_what_became_relevant` takes; empty when the step
        on screen is not waiting."""
        state = self._state
        if state.current is None:
            return []
        stack = state.stack()
        if not stack or not stack[-1].get("waiting"):
            return []
        logged: list[set[str]] = []  # read from the log once, when first needed

        def counts(node: Any) -> bool:
            return node.when is not None and may_pass(node)

        def unasked(frame: Frame, node: m.AskNode) -> bool:
            if not logged:
                logged.append(self._logged_paths())
            return not self.answered_here(frame, node, logged[0])

        places: list[list[Frame]] = []
        for depth, frame in enumerate(stack):
            if not self._may_hold(frame["topic"], may_pass):
                continue
            index = self.index(frame["topic"])
            entry = index.topic.entry_id
            loop: dict[str, Any] = frame.get("loop") or {"index": 0}
            for earlier in range(loop["index"]):
                start = dict(frame, node=entry, waiting=False, loop=dict(loop, index=earlier))
                places += self._places_in(stack[:depth], start, None, counts, unasked, may_pass)
            start = dict(frame, node=entry, waiting=False)
            places += self._places_in(
                stack[:depth], start, frame["node"], counts, unasked, may_pass
            )
        return [(_place_key(place), place) for place in places]

    def _places_in(
        self,
        prefix: list[Frame],
        frame: Frame,
        until: str | None,
        counts: Callable[[Any], bool],
        unasked: Callable[[Frame, m.AskNode], bool],
        may_pass: Callable[[Any], bool],
    ) -> list[list[Frame]]:
        """The questions ``counts`` accepts (by their ``when``, true now) and ``unasked``
        too, on the way through ``frame``'s topic (its record) from its start, as the answers
        read now, to the step ``until`` (None: to its end), going into the topics run on the
        way that may hold one; each as the stack that asks it. To a step ``until`` the way
        does not reach now, none; a menu ends the way (it cannot be told without the
        people). Only the conditions that can change the way or the answer are worked out."""
        index = self.index(frame["topic"])
        node_id: str | None = index.topic.entry_id
        found: list[list[Frame]] = []
        passed: set[str] = set()
        if len(prefix) >= MAX_CALL_DEPTH:
            return []
        while node_id is not None and node_id != until and node_id not in passed:
            passed.add(node_id)
            node = index.nodes.get(node_id)
            if node is None or isinstance(node, (m.MenuNode, m.EndNode)):
                break
            if (isinstance(node, m.AskNode) and not counts(node)) or isinstance(
                node, (m.SayNode, m.SetNode)
            ):
                node_id = index.next_of(node)  # the way goes on from it, taken or not
                continue
            if isinstance(node, (m.CallNode, m.RepeatNode)) and not self._may_hold(
                node.topic, may_pass
            ):
                node_id = index.next_of(node)
                continue
            here = dict(frame, node=node_id)
            inner: list[Frame] = []
            try:
                with self._state.looking_at([*prefix, here]):
                    if node.when is not None and not self.evaluate(here, node.when, "when"):
                        node_id = index.next_of(node)
                        continue
                    if isinstance(node, m.AskNode) and unasked(here, node):
                        found.append([*prefix, here])
                    if isinstance(node, m.CallNode):
                        entry = self.index(node.topic).topic.entry_id
                        inner = [
                            {"topic": node.topic, "node": entry, "waiting": False, "loop": None}
                        ]
                    elif isinstance(node, m.RepeatNode):
                        ids = self._repeat_ids(here, node)
                        over = dp.join(self._state.resolve(node.over))
                        entry = self.index(node.topic).topic.entry_id
                        inner = [
                            {
                                "topic": node.topic,
                                "node": entry,
                                "waiting": False,
                                "loop": {"as": node.as_, "over": over, "ids": ids, "index": i},
                            }
                            for i in range(len(ids))
                        ]
                    if isinstance(node, m.BranchNode):
                        node_id = next(
                            (
                                case.goto
                                for number, case in enumerate(node.branches)
                                if self.evaluate(here, case.if_, "branches", number, "if")
                            ),
                            node.else_ or index.next_of(node),
                        )
                    else:
                        node_id = index.next_of(node)
            except FlowError:
                break
            for opened in inner:
                found += self._places_in(
                    [*prefix, dict(here, waiting=True)], opened, None, counts, unasked, may_pass
                )
        if until is not None and node_id != until:
            return []
        return found

    def _may_hold(self, topic_id: str, may_pass: Callable[[Any], bool]) -> bool:
        """Whether ``topic_id``, or a topic it runs, has a question with a ``when`` that
        ``may_pass`` accepts (worked out once per topic: the content does not change)."""
        cache_key = (topic_id, may_pass)
        if cache_key not in self._holds:
            seen: set[str] = set()
            todo = [topic_id]
            holds = False
            while todo and not holds:
                topic = todo.pop()
                seen.add(topic)
                for node in self.index(topic).nodes.values():
                    if isinstance(node, m.AskNode) and node.when is not None and may_pass(node):
                        holds = True
                        break
                    if isinstance(node, (m.CallNode, m.RepeatNode)) and node.topic not in seen:
                        todo.append(node.topic)
            self._holds[cache_key] = holds
        return self._holds[cache_key]

    def ask_what_became_relevant(
        self, may_pass: Callable[[Any], bool], *, before: list[tuple[Any, ...]] | None = None
    ) -> None:
        """After an earlier answer changed: the first question :meth:`relevant_unasked`
        finds ("What don't you agree with?" after "Yes" was changed to "No") is asked now,
        unless it is one of ``before`` (found before the change: the change did not make it
        relevant). In the topic and record on screen, from there the topic goes on to where
        it stood, past what was asked already (``return_to``). Elsewhere (the topic that
        called it, an earlier record of a repeat, a topic run on the way) the conversation
        goes there for a detour, which goes on past what was asked already to where that
        topic stood or its end, and then back to the step that was on screen."""
        known = {key for key, _ in before or []}
        found = next((p for k, p in self.relevant_unasked(may_pass) if k not in known), None)
        if found is None:
            return
        state = self._state
        stack = state.stack()
        frame = stack[-1]
        *outer, there = found
        if (
            len(found) == len(stack)
            and all(a is b for a, b in zip(outer, stack, strict=False))
            and there.get("loop") == frame.get("loop")
        ):
            back = frame.get("return_to") or frame["node"]
            state.replace_top(dict(frame, node=there["node"], waiting=False, return_to=back))
            self.settle()
            return
        kept = next(
            (n for n, (a, b) in enumerate(zip(found, stack, strict=False)) if a is not b),
            min(len(found), len(stack)),
        )
        detour: list[Frame] = []
        for depth in range(kept, len(found)):
            place = {k: v for k, v in found[depth].items() if k not in _DETOUR_KEYS}
            place.update(detour=True, until=None)
            if depth == kept:
                place["resume"] = stack
                if place.get("loop") == stack[depth].get("loop"):
                    # The record (or topic) the conversation stands in: up to where it stood.
                    place["until"] = stack[depth]["node"]
            detour.append(place)
        detour[-1]["waiting"] = False
        state.set_progress(state.current, stack=[*stack[:kept], *detour])
        self.settle()

    def _detour_step(self, stack: list[Frame], node: Any, key: str) -> bool:
        """In a detour, at ``node``: True when the walk moved on without it (a step asked,
        shown or run already, passed by; the detour's end, back to where the conversation
        stood), False when it is to be taken as usual."""
        state = self._state
        frame = stack[-1]
        base = next(n for n in range(len(stack)) if stack[n].get("detour"))
        index = self.index(frame["topic"])
        if (
            node.id == frame.get("until")
            or isinstance(node, m.MenuNode)
            or (isinstance(node, m.EndNode) and base == len(stack) - 1)
        ):
            # Back to the step that was on screen (a menu needs the people to choose).
            state.set_progress(state.current, stack=stack[base]["resume"])
            return True
        if isinstance(node, m.EndNode):
            # A topic run on the detour's way, gone through again: its other records are not.
            state.replace_top(None)
            parent = state.stack()[-1]
            parent_index = self.index(parent["topic"])
            parent_node = parent_index.nodes[parent["node"]]
            self.go(parent_index.next_of(parent_node), origin=parent_node.id)
            return True
        if isinstance(node, (m.SayNode, m.AskNode, m.CallNode, m.RepeatNode)) and (
            self._gone_through(frame, node, key)
        ):
            self.go(index.next_of(node), origin=node.id)
            return True
        return False

    def _gone_through(self, frame: Frame, node: Any, key: str) -> bool:
        """Whether ``node`` was asked, shown or run already (see ``return_to``); inside a
        repeat, for the record on screen (a say shown for another record was not)."""
        if isinstance(node, m.AskNode):
            return self.answered_here(frame, node)
        return bool(self._state.tree["visits"].get(self._record_key(key) or key))

    def _record_key(self, key: str) -> str | None:
        """``key`` (``topic.step``) for the record of the innermost loop the walk is in, as
        kept in ``visits`` for the steps :meth:`_gone_through` looks at; None outside loops.
        A name `visited()` cannot read, so it counts the step's visits over every record."""
        for frame in reversed(self._state.stack()):
            loop = frame.get("loop")
            if loop:
                record = (*dp.split(loop["over"]), "#" + loop["ids"][loop["index"]])
                return f"{key}@{dp.join(record)}"
        return None

    def answered_here(self, frame: Frame, node: m.AskNode, logged: set[str] | None = None) -> bool:
        """Whether ``node``'s answer is stored, or it was skipped or answered with nothing
        (an entry in the log that was not undone). ``logged``: :meth:`_logged_paths`, when
        a search asks about many questions."""
        state = self._state
        path = dp.join(state.resolve(node.store))
        if dp.get(state.data, dp.split(path)) is not dp.MISSING or state.tree["skipped"].get(path):
            return True
        return path in (self._logged_paths() if logged is None else logged)

    def _logged_paths(self) -> set[str]:
        """The paths answered, skipped or changed in the log, by an entry not undone."""
        log = self._state.log
        undone = {e.get("of") for e in log if e["action"] == "undone"}
        return {
            e["path"]
            for e in log
            if e["action"] in ("answered", "skipped", "changed")
            and e.get("path")
            and e["seq"] not in undone
        }

    def _log_change(
        self, frame: Frame, node: m.SetNode, segments: dp.Segments, old: Any, new: Any
    ) -> None:
        """A ``set`` step with ``text`` changed an answer already given: logged as a change
        by the step's speaker, so the conversation and the audit trail say so (and Back
        takes it back with the action it came with)."""
        if self._stamp is None:
            return
        assert node.text is not None
        self._state.log_event(
            "changed",
            self._stamp(),
            topic=frame["topic"],
            node=node.id,
            prompt=self.render(frame, node.text, "text"),
            path=dp.join(segments),
            value=copy.deepcopy(new),
            old=old,
            by=node.speaker if node.speaker in BY_VALUES else "both",
        )

    def finish_frame(self) -> None:
        """The top frame has ended: a loop goes on to its next record, else the frame closes
        and the one below moves past the step that opened it."""
        state = self._state
        stack = state.stack()
        frame = stack[-1]
        loop = frame.get("loop")
        if loop and loop["index"] + 1 < len(loop["ids"]):
            entry = self.index(frame["topic"]).topic.entry_id
            nxt = dict(loop, index=loop["index"] + 1)
            state.replace_top(
                {"topic": frame["topic"], "node": entry, "waiting": False, "loop": nxt}
            )
            return
        state.replace_top(None)
        stack = state.stack()
        if not stack:
            return  # settle marks the topic done
        called = frame["topic"]
        if (
            called != state.current
            and self.index(called).topic.listed
            and state.status(called) == "not_started"
        ):
            # A topic of the map gone through in full from another (a review's ratings, its
            # goals): done, so the map does not offer it as never started. A topic begun on
            # its own keeps its own place.
            state.set_progress(called, status="done", stack=[])
        parent = stack[-1]
        parent_node = self.index(parent["topic"]).nodes[parent["node"]]
        self.go(self.index(parent["topic"]).next_of(parent_node), origin=parent_node.id)

    def _repeat_ids(self, frame: Frame, node: m.RepeatNode) -> list[str]:
        records = dp.get(self._state.data, self._state.resolve(node.over))
        if not isinstance(records, list):
            return []
        ids = []
        for record in records:
            if not isinstance(record, dict) or "id" not in record:
                continue
            if node.where and not self.evaluate(
                frame, node.where, "where", **{node.as_: record_view(record)}
            ):
                continue
            ids.append(str(record["id"]))
        return ids

    def _drop_removed_records(self) -> None:
        """Loops whose current record was removed (e.g. the list was edited elsewhere)
        move on to the next record that still exists, or finish."""
        state = self._state
        stack = state.stack()
        for depth, frame in enumerate(stack):
            loop = frame.get("loop")
            if not loop:
                continue
            records = dp.get(state.data, dp.split(loop["over"]))
            present = (
                {str(r.get("id")) for r in records if isinstance(r, dict)}
                if isinstance(records, list)
                else set()
            )
            index = loop["index"]
            if loop["ids"][index] in present:
                continue
            remaining = [i for i in loop["ids"][index + 1 :] if i in present]
            kept = list(stack[:depth])
            if remaining:
                entry = self.index(frame["topic"]).topic.entry_id
                moved = dict(loop, ids=loop["ids"][:index] + remaining)
                kept.append(
                    {"topic": frame["topic"], "node": entry, "waiting": False, "loop": moved}
                )
            else:
                parent = kept[-1]
                parent_index = self.index(parent["topic"])
                after = parent_index.next_of(parent_index.nodes[parent["node"]])
                if after is None:
                    raise FlowError(f"{parent_index.file}: nothing comes after `{parent['node']}`")
                kept[-1] = dict(parent, node=after, waiting=False)
            state.set_progress(state.current, stack=kept)
            return

    def missed_before(self, frame: Frame) -> str | None:
        """A question of ``frame``'s topic that comes before where it stands and was never
        asked, nor answered or skipped, though the way there goes past it now: the content
        moved it earlier after the meeting had passed that point. Found by going the way
        from the topic's start as the content reads now (a `when` that is false, a branch
        taken); None when there is none, or the way cannot be told without the people (a
        menu) or does not lead to where the frame stands."""
        index = self.index(frame["topic"])
        node_id: str | None = index.topic.entry_id
        missed: str | None = None
        passed: set[str] = set()
        try:
            while node_id is not None and node_id != frame["node"] and node_id not in passed:
                passed.add(node_id)
                node = index.nodes.get(node_id)
                if node is None or isinstance(node, (m.MenuNode, m.EndNode)):
                    return None
                if node.when is not None and not self.evaluate(frame, node.when, "when"):
                    node_id = index.next_of(node)
                    continue
                asked = not isinstance(node, m.AskNode) or not self._never_asked(frame, node)
                if missed is None and not asked:
                    missed = node.id
                if isinstance(node, m.BranchNode):
                    node_id = next(
                        (
                            case.goto
                            for number, case in enumerate(node.branches)
                            if self.evaluate(frame, case.if_, "branches", number, "if")
                        ),
                        node.else_ or index.next_of(node),
                    )
                else:
                    node_id = index.next_of(node)
        except FlowError:
            return None
        return missed if node_id == frame["node"] else None

    def _never_asked(self, frame: Frame, node: m.AskNode) -> bool:
        state = self._state
        if state.tree["visits"].get(f"{frame['topic']}.{node.id}"):
            return False
        path = state.resolve(node.store)
        return dp.get(state.data, path) is dp.MISSING and not state.tree["skipped"].get(
            dp.join(path)
        )

    # ------------------------------------------------------------------ showing

    def menu_options(self, frame: Frame, node: m.MenuNode) -> list[tuple[str, str]]:
        """(key, label) of the options the menu offers now."""
        offered = []
        chosen = self._state.tree["chosen"]
        for number, option in enumerate(node.options):
            if option.once and chosen.get(f"{frame['topic']}.{node.id}.{option.key}"):
                continue
            if option.when and not self.evaluate(frame, option.when, "options", number, "when"):
                continue
            offered.append((option.key, self.render(frame, option.label, "options", number)))
        return offered

    def ask_options(self, frame: Frame, node: m.AskNode) -> list[m.Choice]:
        """The written options, or those computed by ``options_from`` right now."""
        if not node.options_from:
            return list(node.options)
        produced = self.evaluate(frame, node.options_from, "options_from")
        if not isinstance(produced, (list, tuple)):
            raise self.flow_error(frame, TypeError("options_from must give a list"))
        try:
            return [m.Choice.model_validate(item) for item in produced]
        except ValueError as exc:
            raise self.flow_error(frame, exc, "options_from") from None

    def step(self) -> Step:
        """The step to show now, its texts rendered."""
        stack = self._state.stack()
        if not stack:
            return Step(kind="topics", text="Which topic shall we talk about?")
        frame = stack[-1]
        index = self.index(frame["topic"])
        node = index.nodes[frame["node"]]
        guidance = self.render(frame, node.guidance, "guidance") if node.guidance else ""
        loop_label = ""
        if frame.get("loop"):
            loop = frame["loop"]
            loop_label = f"{loop['index'] + 1} of {len(loop['ids'])}"
        common = {
            "topic": frame["topic"],
            "node_id": node.id,
            "speaker": node.speaker,
            "guidance": guidance,
            "tags": tuple(node.tags),
            "node": node,
            "depth": len(stack) - 1,
            "loop_label": loop_label,
        }
        if isinstance(node, m.SayNode):
            return Step(kind="say", text=self.render(frame, node.text, "text"), **common)
        if isinstance(node, m.EndNode):
            return Step(kind="end", text=self.render(frame, node.text or "", "text"), **common)
        if isinstance(node, m.MenuNode):
            return Step(
                kind="menu",
                text=self.render(frame, node.prompt, "prompt"),
                options=tuple(self.menu_options(frame, node)),
                **common,
            )
        assert isinstance(node, m.AskNode)
        segments = self._state.resolve(node.store)
        stored = dp.get(self._state.data, segments)
        suggested = stored is dp.MISSING
        if stored is not dp.MISSING:
            value = stored
        elif node.default_from:
            value = self.evaluate(frame, node.default_from, "default_from")
        else:
            value = node.default
        choices = self.ask_options(frame, node)
        options = tuple((o.value, o.text) for o in choices)
        return Step(
            kind="ask",
            text=self.render(frame, node.prompt, "prompt"),
            hint=self.render(frame, node.hint, "hint") if node.hint else "",
            path=dp.join(segments),
            value=copy.deepcopy(value),
            suggested=suggested and value is not None,
            options=options,
            alone=tuple(o.value for o in choices if o.alone),
            said=tuple((o.value, o.said) for o in choices if o.said is not None),
            **common,
        )


def _place_key(place: list[Frame]) -> tuple[Any, ...]:
    """A place of :meth:`Walker.relevant_unasked` as a value to compare: each frame's topic,
    step and record."""
    return tuple(
        (f["topic"], f["node"], f["loop"]["ids"][f["loop"]["index"]] if f.get("loop") else None)
        for f in place
    )
