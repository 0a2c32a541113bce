"""The conversation engine: topics in any order, exact undo, every answer attributed.

All state lives in one JSON-able tree. Every change goes through ``_write``, which records
``(path, old, new)`` in the current transaction; ``back()`` reverts the last transaction's
diffs in reverse. Nothing is replayed, so undo is exact even when content uses ``today()``.
"""

from __future__ import annotations

import copy
import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.engine import datapaths as dp
from assistant.engine.answers import AnswerError, coerce, is_empty
from assistant.flows import model as m
from assistant.flows.expressions import (
    STATIC_GLOBALS,
    ExpressionError,
    days_on,
    evaluate,
    render,
)
from assistant.flows.loader import Content, TopicIndex

STATE_FORMAT = "cpi-conversation"
STATE_VERSION = 1
MAX_AUTO_STEPS = 10_000
MAX_HISTORY = 500

By = Literal["person", "worker", "both"]
BY_VALUES = ("person", "worker", "both")
Status = Literal["not_started", "in_progress", "parked", "done"]
STATUS_WORDS: dict[str, str] = {
    "not_started": "not started",
    "in_progress": "in progress",
    "parked": "parked",
    "done": "done",
}


class FlowError(Exception):
    """The content cannot go on from here (a dead end or a broken template).

    The state is left exactly as it was before the action that hit it.
    """


class StateError(Exception):
    """A saved conversation that cannot be resumed (e.g. made by a newer version)."""


@dataclass(frozen=True)
class TopicInfo:
    id: str
    title: str
    description: str
    status: Status
    tags: tuple[str, ...]

    @property
    def status_words(self) -> str:
        return STATUS_WORDS[self.status]


@dataclass(frozen=True)
class Step:
    """What to show now. ``kind`` is say, ask, menu, end, or topics (choose a topic)."""

    kind: str
    topic: str | None = None
    node_id: str | None = None
    text: str = ""
    speaker: str = "both"
    guidance: str = ""
    tags: tuple[str, ...] = ()
    node: Any = None
    path: str | None = None
    value: Any = None
    options: tuple[tuple[str, str], ...] = ()
    depth: int = 0
    loop_label: str = ""
    hint: str = ""

    @property
    def answer_type(self) -> str | None:
        return self.node.type if isinstance(self.node, m.AskNode) else None

    @property
    def can_skip(self) -> bool:
        if isinstance(self.node, m.AskNode):
            return self.node.can_skip
        return self.kind in ("say", "end")


@dataclass(frozen=True)
class TranscriptEntry:
    seq: int
    action: str
    topic: str
    node: str
    prompt: str
    path: str | None
    value: Any
    by: str
    at: str


@dataclass
class _Tx:
    action: str
    diffs: list[tuple[tuple[str, ...], Any, Any]] = field(default_factory=list)
    seqs: list[int] = field(default_factory=list)
    # Its JSON, made once when first saved: a finished transaction never changes (its `old`
    # values have left the live state; a later in-place change to a `new` value does not
    # matter, because undo only puts `old` values back).
    encoded: str | None = None

    def to_json(self) -> str:
        if self.encoded is None:
            self.encoded = _dumps(
                {"action": self.action, "seqs": self.seqs, "diffs": [list(d) for d in self.diffs]}
            )
        return self.encoded


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).astimezone()


def _check_by(by: str) -> str:
    if by not in BY_VALUES:
        raise ValueError(f"`by` must be one of {BY_VALUES}, not {by!r}")
    return by


class Conversation:
    """One meeting's conversation over a set of topics."""

    def __init__(
        self,
        content: Content,
        data: dict[str, Any] | None = None,
        *,
        clock: Callable[[], _dt.datetime] = _now,
    ) -> None:
        self.content = content
        self.clock = clock
        self.warnings: list[str] = []
        self._s: dict[str, Any] = {
            "data": copy.deepcopy(data) if data else {},
            "topics": {},
            "current": None,
            "visits": {},
            "chosen": {},
            "skipped": {},
        }
        self._log: list[dict[str, Any]] = []
        self._log_json: list[tuple[dict[str, Any], str]] = []  # (entry, its JSON) as saved
        self._history: list[_Tx] = []
        self._tx: _Tx | None = None
        self._step: Step | None = None
        self._funcs = {
            "answered": self._fn_answered,
            "skipped": self._fn_skipped,
            "get": self._fn_get,
            "visited": self._fn_visited,
            "topic_status": self._fn_topic_status,
            "today": self._fn_today,
            "in_days": self._fn_in_days,
            "opportunities": self._fn_opportunities,
            "opportunity": self._fn_opportunity,
            # Functions the layers above gave the content (the directory's), by name.
            **content.functions,
        }

    # ----------------------------------------------------------------- reading

    @property
    def data(self) -> dict[str, Any]:
        """The answers so far (read-only view: change them through the engine)."""
        return self._s["data"]

    @property
    def current_topic(self) -> str | None:
        return self._s["current"]

    @property
    def log(self) -> list[dict[str, Any]]:
        """Every answer event in order, with who gave it and when (append-only)."""
        return self._log

    def status(self, topic_id: str) -> Status:
        progress = self._s["topics"].get(topic_id)
        return progress["status"] if progress else "not_started"

    def topics(self) -> list[TopicInfo]:
        return [
            TopicInfo(t.id, t.title, t.description, self.status(t.id), tuple(t.tags))
            for t in self.content.listed()
        ]

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    @property
    def step(self) -> Step:
        if self._step is None:
            self._step = self._compute_step()
        return self._step

    def transcript(self) -> list[TranscriptEntry]:
        """Answers, skips and choices still in force, oldest first."""
        undone = {e["of"] for e in self._log if e["action"] == "undone"}
        return [
            TranscriptEntry(
                e["seq"],
                e["action"],
                e["topic"],
                e["node"],
                e.get("prompt", ""),
                e.get("path"),
                e.get("value"),
                e["by"],
                e["at"],
            )
            for e in self._log
            if e["action"] in ("answered", "skipped", "changed", "chose") and e["seq"] not in undone
        ]

    # ----------------------------------------------------------------- actions

    def answer(self, value: Any = None, *, by: str = "person") -> None:
        """Answer the current step (acknowledge a say, pick a menu option, or answer an ask)."""
        step = self.step
        if step.kind == "ask":
            self._run("answer", lambda: self._answer_ask(step, value, _check_by(by)))
        elif step.kind in ("say", "end"):
            self.proceed(by=by)
        elif step.kind == "menu":
            self.choose(value, by=by)
        else:
            self.goto_topic(str(value))

    def proceed(self, *, by: str = "person") -> None:
        """Go on from a say or a closing line."""
        step = self.step
        if step.kind not in ("say", "end"):
            raise AnswerError("This step needs an answer (or 'not today').")
        _check_by(by)
        if step.kind == "end":

            def finish() -> None:
                self._finish_frame()
                self._settle()

            self._run("proceed", finish)
        else:
            self._run("proceed", lambda: self._advance(step.node))

    def choose(self, option: str, *, by: str = "person") -> None:
        """Pick a menu option by its key or its label."""
        step = self.step
        if step.kind != "menu":
            raise AnswerError("There is nothing to choose here.")
        _check_by(by)
        wanted = str(option)
        keys = [k for k, label in step.options if wanted in (k, label)]
        if not keys:
            folded = wanted.strip().casefold()
            keys = [k for k, label in step.options if folded == label.strip().casefold()]
        if not keys:
            labels = ", ".join(label for _, label in step.options)
            raise AnswerError(f"Please pick one of: {labels}.")
        key = keys[0]
        node: m.MenuNode = step.node

        def act() -> None:
            chosen = next(o for o in node.options if o.key == key)
            label = dict(step.options)[key]
            self._write(("chosen", f"{step.topic}.{node.id}.{key}"), True)
            self._record("chose", step, value=label, by=by)
            self._go(chosen.goto)
            self._settle()

        self._run("choose", act)

    def skip(self, *, by: str = "person") -> None:
        """'Not today': leave this question for another time, without judgement."""
        step = self.step
        _check_by(by)
        if step.kind in ("say", "end"):
            self.proceed(by=by)
            return
        if step.kind == "menu":
            node: m.MenuNode = step.node
            target = node.fallback or self._index(step.topic).next_of(node)
            if target is None:
                raise AnswerError("Please pick one of the options.")

            def leave() -> None:
                self._go(target, origin=node.id)
                self._settle()

            self._run("skip", leave)
            return
        if step.kind != "ask":
            raise AnswerError("There is no question to skip.")
        if not step.node.can_skip:
            raise AnswerError("This one needs an answer before we go on.")

        def act() -> None:
            self._write(("skipped", step.path or ""), True)
            self._record("skipped", step, value=None, by=by)
            self._advance(step.node)

        self._run("skip", act)

    def goto_topic(self, topic_id: str) -> None:
        """Open a topic: resume it where it was left, or start it (again)."""
        if topic_id not in self.content.topics:
            raise AnswerError(f"There is no topic called {topic_id!r}.")

        def act() -> None:
            current = self._s["current"]
            if current == topic_id:
                return
            if current is not None and self.status(current) == "in_progress":
                self._set_progress(current, status="parked")
            progress = self._s["topics"].get(topic_id)
            if progress and progress["status"] in ("in_progress", "parked") and progress["stack"]:
                self._set_progress(topic_id, status="in_progress")
            else:
                entry = self._index(topic_id).topic.entry_id
                frame = {"topic": topic_id, "node": entry, "waiting": False, "loop": None}
                self._set_progress(topic_id, status="in_progress", stack=[frame])
            self._write(("current",), topic_id)
            self._settle()

        self._run("goto", act)

    def park(self) -> None:
        """'Come back to this': keep the topic where it is and return to the topic list."""
        current = self._s["current"]
        if current is None:
            return

        def act() -> None:
            self._set_progress(current, status="parked")
            self._write(("current",), None)

        self._run("park", act)

    def back(self) -> bool:
        """Undo the last action exactly. Returns False when there is nothing to undo."""
        if not self._history:
            return False
        tx = self._history.pop()
        for path, old, _new in reversed(tx.diffs):
            dp.put(self._s, path, old)
        for seq in tx.seqs:
            entry = {"seq": len(self._log) + 1, "action": "undone", "of": seq}
            entry.update(at=self._stamp(), by="both", topic="", node="")
            self._log.append(entry)
        self._step = None
        return True

    def edit(self, path: str, value: Any, *, by: str = "person") -> None:
        """Change an earlier answer (from the transcript) without moving on."""
        _check_by(by)
        source = next(
            (
                e
                for e in reversed(self._log)
                if e.get("path") == path and e["action"] in ("answered", "changed", "skipped")
            ),
            None,
        )
        if source is None:
            raise AnswerError("That answer can no longer be found.")
        node = self._index(source["topic"]).nodes.get(source["node"])
        if not isinstance(node, m.AskNode):
            raise AnswerError("That answer can no longer be changed here (the content changed).")
        segments = dp.split(path)
        origin = {"topic": source["topic"], "node": node.id}
        stored = self._validated(origin, node, value, segments)

        def act() -> None:
            old = dp.get(self._s["data"], segments)
            self._write(("data", *segments), stored)
            if self._s["skipped"].get(path):
                self._write(("skipped", path), dp.MISSING)
            seq = self._append_log(
                "changed",
                topic=source["topic"],
                node=source["node"],
                prompt=source.get("prompt", ""),
                path=path,
                value=stored,
                old=None if old is dp.MISSING else old,
                by=by,
            )
            assert self._tx is not None
            self._tx.seqs.append(seq)
            self._settle()  # an edited list may have removed the record a loop is on

        self._run("edit", act)

    # ------------------------------------------------------------- persistence

    def to_state(self) -> dict[str, Any]:
        """The whole conversation as plain JSON data (a deep copy)."""
        return json.loads(self.state_json())

    def state_json(self) -> str:
        """The whole conversation as compact JSON text: the data of :meth:`to_state`.

        Saved after every answer, so it costs what changed, not the whole meeting: log entries
        and finished transactions are encoded once and their text reused.
        """
        core = _dumps(
            {"format": STATE_FORMAT, "version": STATE_VERSION, "content_hash": self.content.hash}
            | self._s
        )
        history = ",".join(tx.to_json() for tx in self._history)
        return f'{core[:-1]},"log":[{self._encoded_log()}],"history":[{history}]}}'

    def _encoded_log(self) -> str:
        cache, log = self._log_json, self._log
        same = 0
        # The log only grows, but check identity so that a replaced entry is never stale.
        for (entry, _), current in zip(cache, log, strict=False):
            if entry is not current:
                break
            same += 1
        del cache[same:]
        cache.extend((entry, _dumps(entry)) for entry in log[same:])
        return ",".join(text for _, text in cache)

    @classmethod
    def from_state(
        cls,
        content: Content,
        state: dict[str, Any],
        *,
        clock: Callable[[], _dt.datetime] = _now,
    ) -> Conversation:
        """Resume a saved conversation. Content changes are reported in ``warnings``."""
        if not isinstance(state, dict) or state.get("format") != STATE_FORMAT:
            raise StateError("This is not a saved conversation.")
        version = state.get("version")
        if not isinstance(version, int) or version > STATE_VERSION:
            raise StateError(
                f"This conversation was saved by a newer version of the app (format {version}). "
                "Update the app to open it; nothing has been changed."
            )
        conv = cls(content, state.get("data") or {}, clock=clock)
        for key in ("topics", "visits", "chosen", "skipped"):
            conv._s[key] = copy.deepcopy(state.get(key) or {})
        conv._s["current"] = state.get("current")
        conv._log = copy.deepcopy(state.get("log") or [])
        if state.get("content_hash") == content.hash:
            conv._history = [
                _Tx(
                    tx["action"],
                    [
                        (tuple(p), _json_to_missing(o), _json_to_missing(n))
                        for p, o, n in tx["diffs"]
                    ],
                    list(tx.get("seqs", [])),
                )
                for tx in state.get("history", [])
            ]
        else:
            conv._repair_after_content_change()
        return conv

    def _repair_after_content_change(self) -> None:
        """Keep every answer; put any topic whose place no longer exists back at its start."""
        for topic_id in list(self._s["topics"]):
            progress = self._s["topics"][topic_id]
            if topic_id not in self.content.topics:
                self.warnings.append(
                    f"The topic '{topic_id}' is no longer in the content; its answers are kept."
                )
                del self._s["topics"][topic_id]
                if self._s["current"] == topic_id:
                    self._s["current"] = None
                continue
            broken = [
                f"{f['topic']}.{f['node']}"
                for f in progress["stack"]
                if f["topic"] not in self.content.topics
                or f["node"] not in self.content.topics[f["topic"]].nodes
            ]
            if broken:
                title = self.content.topics[topic_id].topic.title
                self.warnings.append(
                    f"'{title}': the step we were on ({', '.join(broken)}) no longer exists, "
                    "so this topic starts again from its beginning. All answers are kept."
                )
                entry = self.content.topics[topic_id].topic.entry_id
                progress["stack"] = [
                    {"topic": topic_id, "node": entry, "waiting": False, "loop": None}
                ]
        self._step = None
        if self._s["current"] is not None:
            try:
                self._run("repair", self._settle)
            except FlowError as exc:
                self.warnings.append(f"The conversation could not go on from where it was: {exc}")
                self._s["current"] = None
            self._history.clear()

    # ------------------------------------------------------------ internals

    def _index(self, topic_id: str | None) -> TopicIndex:
        assert topic_id is not None
        return self.content.topics[topic_id]

    def _stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _run(self, action: str, body: Callable[[], None]) -> None:
        """Run ``body`` as one undoable transaction; on any failure revert it entirely."""
        if self._tx is not None:
            body()
            return
        self._tx = _Tx(action)
        log_len = len(self._log)
        try:
            body()
            # Render the next step inside the transaction: if its text cannot be shown,
            # the action is undone rather than leaving the people on a broken screen.
            self._step = None
            self._step = self._compute_step()
        except Exception:
            for path, old, _new in reversed(self._tx.diffs):
                dp.put(self._s, path, old)
            del self._log[log_len:]
            self._step = None
            raise
        finally:
            tx, self._tx = self._tx, None
        if tx.diffs:
            self._history.append(tx)
            del self._history[:-MAX_HISTORY]

    def _write(self, path: tuple[str, ...], value: Any) -> None:
        # Write at the highest missing ancestor, so undo removes what this write created.
        for depth in range(1, len(path)):
            if dp.get(self._s, path[:depth]) is dp.MISSING:
                if value is dp.MISSING:
                    return
                if any(segment.startswith("#") for segment in path[depth:]):
                    raise dp.PathConflict("that entry has been removed from its list")
                for segment in reversed(path[depth:]):
                    value = {segment: value}
                path = path[:depth]
                break
        old = dp.get(self._s, path)
        if old is value:
            return
        dp.put(self._s, path, value)
        assert self._tx is not None, "state changes only inside a transaction"
        self._tx.diffs.append((path, old, value))

    def _set_progress(
        self, topic_id: str, *, status: str | None = None, stack: list[dict[str, Any]] | None = None
    ) -> None:
        old = self._s["topics"].get(topic_id) or {"status": "not_started", "stack": []}
        new = {
            "status": status or old["status"],
            "stack": stack if stack is not None else old["stack"],
        }
        self._write(("topics", topic_id), new)

    def _stack(self) -> list[dict[str, Any]]:
        current = self._s["current"]
        return self._s["topics"][current]["stack"] if current else []

    def _replace_top(self, frame: dict[str, Any] | None) -> None:
        """Copy-on-write: old stacks stay untouched inside recorded diffs."""
        current = self._s["current"]
        stack = list(self._stack())
        stack.pop()
        if frame is not None:
            stack.append(frame)
        self._set_progress(current, stack=stack)

    def _push(self, frame: dict[str, Any]) -> None:
        current = self._s["current"]
        stack = list(self._stack())
        top = dict(stack[-1], waiting=True)
        stack[-1] = top
        stack.append(frame)
        self._set_progress(current, stack=stack)

    def _go(self, target: str | None, *, origin: str | None = None) -> None:
        stack = self._stack()
        frame = stack[-1]
        if target is None:
            index = self._index(frame["topic"])
            line, col = index.where(origin or frame["node"])
            raise FlowError(
                f"{index.file}:{line}:{col}: the step `{origin or frame['node']}` has nowhere "
                "to go next (add `next:` or a step with `kind: end`)"
            )
        self._replace_top(dict(frame, node=target, waiting=False))

    def _advance(self, node: Any) -> None:
        """Move past ``node`` and run on to the next step that needs the people."""
        frame = self._stack()[-1]
        self._go(self._index(frame["topic"]).next_of(node), origin=node.id)
        self._settle()

    def _loop_bindings(self) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
        """(name -> record, name -> path of that record) for the loops we are inside."""
        values: dict[str, Any] = {}
        paths: dict[str, tuple[str, ...]] = {}
        for frame in self._stack():
            loop = frame.get("loop")
            if loop:
                record_path = (*dp.split(loop["over"]), "#" + loop["ids"][loop["index"]])
                paths[loop["as"]] = record_path
                record = dp.get(self._s["data"], record_path)
                values[loop["as"]] = {} if record is dp.MISSING else record
        return values, paths

    def _resolve(
        self, path: str, loop_paths: dict[str, tuple[str, ...]] | None = None
    ) -> dp.Segments:
        segments = dp.split(path)
        if loop_paths is None:
            loop_paths = self._loop_bindings()[1]
        if segments and segments[0] in loop_paths:
            return (*loop_paths[segments[0]], *segments[1:])
        return segments

    def _context(self, **extra: Any) -> dict[str, Any]:
        loop_values, _ = self._loop_bindings()
        return {**self._s["data"], **STATIC_GLOBALS, **self._funcs, **loop_values, **extra}

    def _fn_answered(self, path: str) -> bool:
        value = dp.get(self._s["data"], self._resolve(str(path)))
        return value is not dp.MISSING and not is_empty(value)

    def _fn_skipped(self, path: str) -> bool:
        return bool(self._s["skipped"].get(dp.join(self._resolve(str(path)))))

    def _fn_get(self, path: str, default: Any = None) -> Any:
        value = dp.get(self._s["data"], self._resolve(str(path)))
        return default if value is dp.MISSING else value

    def _fn_visited(self, ref: str) -> int:
        ref = str(ref)
        if "." not in ref:
            current = self._stack()[-1]["topic"] if self._stack() else None
            ref = f"{current}.{ref}"
        return int(self._s["visits"].get(ref, 0))

    def _fn_topic_status(self, topic_id: str) -> str:
        return self.status(str(topic_id))

    def _fn_today(self) -> str:
        # The conversation's own clock, so tests, demos and training can set the day.
        return self.clock().date().isoformat()

    def _fn_in_days(self, days: Any) -> str:
        return days_on(self.clock().date(), days)

    def _fn_opportunities(self, interests: Any = "", limit: int = 8) -> list[dict[str, str]]:
        # Without a community directory beside the content there is nothing to offer; with
        # one, the directory's own function (in content.functions) takes this name.
        return []

    def _fn_opportunity(self, entry_id: str) -> dict[str, Any]:
        return {}

    def _flow_error(self, frame: dict[str, Any], exc: Exception, *keys: str | int) -> FlowError:
        index = self._index(frame["topic"])
        line, col = index.where(frame["node"], *keys)
        return FlowError(f"{index.file}:{line}:{col}: step `{frame['node']}`: {exc}")

    def _eval(self, frame: dict[str, Any], source: str, *keys: str | int, **extra: Any) -> Any:
        try:
            return evaluate(source, self._context(**extra))
        except ExpressionError as exc:
            raise self._flow_error(frame, exc, *keys) from None

    def _render(self, frame: dict[str, Any], source: str, *keys: str | int) -> str:
        try:
            return render(source, self._context())
        except ExpressionError as exc:
            raise self._flow_error(frame, exc, *keys) from None

    def _drop_removed_records(self) -> None:
        """Loops whose current record was removed (e.g. the list was edited elsewhere)
        move on to the next record that still exists, or finish."""
        stack = self._stack()
        for depth, frame in enumerate(stack):
            loop = frame.get("loop")
            if not loop:
                continue
            records = dp.get(self._s["data"], dp.split(loop["over"]))
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
                entry = self._index(frame["topic"]).topic.entry_id
                moved = dict(loop, ids=loop["ids"][:index] + remaining)
                kept.append(
                    {"topic": frame["topic"], "node": entry, "waiting": False, "loop": moved}
                )
            else:
                parent = kept[-1]
                parent_index = self._index(parent["topic"])
                after = parent_index.next_of(parent_index.nodes[parent["node"]])
                if after is None:
                    raise FlowError(f"{parent_index.file}: nothing comes after `{parent['node']}`")
                kept[-1] = dict(parent, node=after, waiting=False)
            self._set_progress(self._s["current"], stack=kept)
            return

    def _settle(self) -> None:
        """Run automatic steps until one needs the people at the screen (or the topic ends)."""
        if self._s["current"] is not None:
            self._drop_removed_records()
        for _ in range(MAX_AUTO_STEPS):
            if self._s["current"] is None:
                return
            stack = self._stack()
            if not stack:
                self._set_progress(self._s["current"], status="done")
                self._write(("current",), None)
                return
            frame = stack[-1]
            if frame.get("waiting"):
                return
            index = self._index(frame["topic"])
            node = index.nodes.get(frame["node"])
            if node is None:
                raise FlowError(f"{index.file}: there is no step `{frame['node']}`")
            if node.when is not None and not self._eval(frame, node.when, "when"):
                self._go(index.next_of(node), origin=node.id)
                continue
            key = f"{frame['topic']}.{node.id}"
            self._write(("visits", key), self._s["visits"].get(key, 0) + 1)
            if isinstance(node, (m.SayNode, m.AskNode)) or (
                isinstance(node, m.EndNode) and node.text
            ):
                self._replace_top(dict(frame, waiting=True))
                return
            if isinstance(node, m.MenuNode):
                if self._menu_options(frame, node):
                    self._replace_top(dict(frame, waiting=True))
                    return
                self._go(node.fallback or index.next_of(node), origin=node.id)
                continue
            if isinstance(node, m.SetNode):
                for target, expr in node.values.items():
                    value = self._eval(frame, expr, "values", target)
                    segments = self._resolve(target)
                    try:
                        self._write(("data", *segments), copy.deepcopy(value))
                    except dp.PathConflict as exc:
                        raise self._flow_error(frame, exc, "values", target) from None
                self._go(index.next_of(node), origin=node.id)
                continue
            if isinstance(node, m.BranchNode):
                goto = node.else_ or index.next_of(node)
                for number, case in enumerate(node.branches):
                    if self._eval(frame, case.if_, "branches", number, "if"):
                        goto = case.goto
                        break
                self._go(goto, origin=node.id)
                continue
            if isinstance(node, m.CallNode):
                entry = self._index(node.topic).topic.entry_id
                self._push({"topic": node.topic, "node": entry, "waiting": False, "loop": None})
                continue
            if isinstance(node, m.RepeatNode):
                ids = self._repeat_ids(frame, node)
                if not ids:
                    self._go(index.next_of(node), origin=node.id)
                    continue
                loop = {"as": node.as_, "over": dp.join(self._resolve(node.over)), "ids": ids}
                entry = self._index(node.topic).topic.entry_id
                self._push(
                    {
                        "topic": node.topic,
                        "node": entry,
                        "waiting": False,
                        "loop": loop | {"index": 0},
                    }
                )
                continue
            if isinstance(node, m.EndNode):
                self._finish_frame()
                continue
        raise FlowError("the content ran many steps without a question: is there a loop?")

    def _repeat_ids(self, frame: dict[str, Any], node: m.RepeatNode) -> list[str]:
        records = dp.get(self._s["data"], self._resolve(node.over))
        if not isinstance(records, list):
            return []
        ids = []
        for record in records:
            if not isinstance(record, dict) or "id" not in record:
                continue
            if node.where and not self._eval(frame, node.where, "where", **{node.as_: record}):
                continue
            ids.append(str(record["id"]))
        return ids

    def _finish_frame(self) -> None:
        stack = self._stack()
        frame = stack[-1]
        loop = frame.get("loop")
        if loop and loop["index"] + 1 < len(loop["ids"]):
            entry = self._index(frame["topic"]).topic.entry_id
            nxt = dict(loop, index=loop["index"] + 1)
            self._replace_top(
                {"topic": frame["topic"], "node": entry, "waiting": False, "loop": nxt}
            )
            return
        self._replace_top(None)
        stack = self._stack()
        if not stack:
            return  # _settle marks the topic done
        parent = stack[-1]
        parent_node = self._index(parent["topic"]).nodes[parent["node"]]
        self._go(self._index(parent["topic"]).next_of(parent_node), origin=parent_node.id)

    def _menu_options(self, frame: dict[str, Any], node: m.MenuNode) -> list[tuple[str, str]]:
        offered = []
        for number, option in enumerate(node.options):
            if option.once and self._s["chosen"].get(f"{frame['topic']}.{node.id}.{option.key}"):
                continue
            if option.when and not self._eval(frame, option.when, "options", number, "when"):
                continue
            offered.append((option.key, self._render(frame, option.label, "options", number)))
        return offered

    def _compute_step(self) -> Step:
        stack = self._stack()
        if not stack:
            return Step(kind="topics", text="Which topic shall we talk about?")
        frame = stack[-1]
        index = self._index(frame["topic"])
        node = index.nodes[frame["node"]]
        guidance = self._render(frame, node.guidance, "guidance") if node.guidance else ""
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
            return Step(kind="say", text=self._render(frame, node.text, "text"), **common)
        if isinstance(node, m.EndNode):
            return Step(kind="end", text=self._render(frame, node.text or "", "text"), **common)
        if isinstance(node, m.MenuNode):
            return Step(
                kind="menu",
                text=self._render(frame, node.prompt, "prompt"),
                options=tuple(self._menu_options(frame, node)),
                **common,
            )
        assert isinstance(node, m.AskNode)
        segments = self._resolve(node.store)
        stored = dp.get(self._s["data"], segments)
        if stored is not dp.MISSING:
            value = stored
        elif node.default_from:
            value = self._eval(frame, node.default_from, "default_from")
        else:
            value = node.default
        options = tuple((o.value, o.text) for o in self._ask_options(frame, node))
        return Step(
            kind="ask",
            text=self._render(frame, node.prompt, "prompt"),
            hint=self._render(frame, node.hint, "hint") if node.hint else "",
            path=dp.join(segments),
            value=copy.deepcopy(value),
            options=options,
            **common,
        )

    def _ask_options(self, frame: dict[str, Any], node: m.AskNode) -> list[m.Choice]:
        """The written options, or those computed by ``options_from`` right now."""
        if not node.options_from:
            return list(node.options)
        produced = self._eval(frame, node.options_from, "options_from")
        if not isinstance(produced, (list, tuple)):
            raise self._flow_error(frame, TypeError("options_from must give a list"))
        try:
            return [m.Choice.model_validate(item) for item in produced]
        except ValueError as exc:
            raise self._flow_error(frame, exc, "options_from") from None

    def _validated(
        self, frame: dict[str, Any], node: m.AskNode, value: Any, segments: dp.Segments
    ) -> Any:
        options = self._ask_options(frame, node) if node.options_from else None
        earlier = dp.get(self._s["data"], segments) if node.type == "records" else None
        # For a list, `earlier` lets each entry keep the details later steps stored in it.
        stored = coerce(node, value, options, today=self.clock().date(), earlier=earlier)
        if node.required and is_empty(stored):
            raise AnswerError("Please give an answer, or choose 'not today'.")
        self._apply_rules(node.validate_, stored)
        if node.type == "records" and isinstance(stored, list):
            for field in node.fields:
                for record in stored:
                    if field.validate_ and field.name in record:
                        self._apply_rules(field.validate_, record[field.name], item=record)
        return stored

    def _apply_rules(self, rules: list[m.Rule], answer: Any, **extra: Any) -> None:
        """Refuse ``answer`` with the message of the first rule whose `if` holds."""
        for rule in rules:
            try:
                refused = evaluate(rule.if_, self._context(answer=answer, **extra))
            except ExpressionError as exc:
                raise AnswerError(f"This answer could not be checked ({exc}).") from None
            if refused:
                raise AnswerError(rule.message)

    def _answer_ask(self, step: Step, value: Any, by: str) -> None:
        node: m.AskNode = step.node
        segments = dp.split(step.path or "")
        stored = self._validated(self._stack()[-1], node, value, segments)
        if stored is None or (is_empty(stored) and node.type != "records"):
            # An empty, optional answer: nothing to keep; move on like "not today".
            self._record("skipped", step, value=None, by=by)
            self._advance(node)
            return
        old = dp.get(self._s["data"], segments)
        try:
            self._write(("data", *segments), stored)
        except dp.PathConflict as exc:
            raise FlowError(f"step `{node.id}`: {exc}") from None
        if self._s["skipped"].get(step.path):
            self._write(("skipped", step.path or ""), dp.MISSING)
        self._record("answered", step, value=stored, by=by, old=old)
        self._advance(node)

    def _append_log(self, action: str, **fields: Any) -> int:
        seq = len(self._log) + 1
        entry = {"seq": seq, "at": self._stamp(), "action": action, **fields}
        self._log.append(json.loads(json.dumps(entry, default=str)))
        return seq

    def _record(self, action: str, step: Step, *, value: Any, by: str, old: Any = None) -> None:
        seq = self._append_log(
            action,
            topic=step.topic,
            node=step.node_id,
            prompt=step.text,
            path=step.path,
            value=value,
            old=None if old is dp.MISSING else old,
            by=by,
        )
        assert self._tx is not None
        self._tx.seqs.append(seq)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_missing_to_json)


def _missing_to_json(value: Any) -> Any:
    if value is dp.MISSING:
        return {"$missing": True}
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def _json_to_missing(value: Any) -> Any:
    return dp.MISSING if value == {"$missing": True} else value
