"""The conversation's state and its exact undo.

All state lives in one JSON-able tree: the answers (``data``), each topic's progress (its status
and its stack of frames: where it is, the topics it called, the loops it is inside), the topic
open now, visit counts, menu options chosen and questions skipped. Every change goes through
:meth:`ConversationState.write`, which records ``(path, old, new)`` in the current transaction;
:meth:`ConversationState.undo` reverts the last transaction's diffs in reverse. Nothing is
replayed, so undo is exact even when content uses ``today()``.

The answer log (who gave what, when) only grows; undoing adds an "undone" entry. The saved form
(:meth:`ConversationState.to_json`, :meth:`ConversationState.restore`) is the tree, the log and
the undo history.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from assistant.engine import datapaths as dp
from assistant.engine.steps import StateError, Status

STATE_FORMAT = "cpi-conversation"
STATE_VERSION = 1
MAX_HISTORY = 500

# One place in a topic: {"topic", "node", "waiting" (shown, waiting for the people), "loop"
# (None, or the records a repeat goes over: {"as", "over", "ids", "index"})}. A frame of a
# detour (a question a changed answer made relevant elsewhere, see walk.py) also has
# "detour", with "until" (the step to stop at) and, at its base, "resume" (the stack to go
# back to).
Frame = dict[str, Any]


@dataclass
class Transaction:
    """One undoable action: the diffs it made and the log entries it added."""

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


class ConversationState:
    """The state tree, the answer log and the undo history of one conversation."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.tree: dict[str, Any] = {
            "data": copy.deepcopy(data) if data else {},
            "topics": {},
            "current": None,
            "visits": {},
            "chosen": {},
            "skipped": {},
        }
        self.log: list[dict[str, Any]] = []
        self._log_json: list[tuple[dict[str, Any], str]] = []  # (entry, its JSON) as saved
        self.history: list[Transaction] = []
        self._tx: Transaction | None = None
        self._looking: list[Frame] | None = None  # see looking_at
        # Goes up with every change of the tree or the log (an action, an undo, a restore):
        # what is worked out from them (a plan) is kept only while it stays the same.
        self.revision = 0

    # ----------------------------------------------------------------- reading

    @property
    def data(self) -> dict[str, Any]:
        return self.tree["data"]

    @property
    def current(self) -> str | None:
        return self.tree["current"]

    def status(self, topic_id: str) -> Status:
        progress = self.tree["topics"].get(topic_id)
        return progress["status"] if progress else "not_started"

    def stack(self) -> list[Frame]:
        """The open topic's frames, outermost first (empty when no topic is open)."""
        if self._looking is not None:
            return self._looking
        current = self.tree["current"]
        return self.tree["topics"][current]["stack"] if current else []

    @contextmanager
    def looking_at(self, stack: list[Frame]) -> Iterator[None]:
        """Read (loop records, answer paths) as if the open topic stood at ``stack``, writing
        nothing: a search of the places the conversation went through before."""
        saved = self._looking
        self._looking = stack
        try:
            yield
        finally:
            self._looking = saved

    def loop_bindings(self) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
        """(name -> record, name -> path of that record) for the loops we are inside."""
        values: dict[str, Any] = {}
        paths: dict[str, tuple[str, ...]] = {}
        for frame in self.stack():
            loop = frame.get("loop")
            if loop:
                record_path = (*dp.split(loop["over"]), "#" + loop["ids"][loop["index"]])
                paths[loop["as"]] = record_path
                record = dp.get(self.tree["data"], record_path)
                values[loop["as"]] = {} if record is dp.MISSING else record
        return values, paths

    def resolve(
        self, path: str, loop_paths: dict[str, tuple[str, ...]] | None = None
    ) -> dp.Segments:
        """The segments of an answer path; a loop's name stands for its current record."""
        segments = dp.split(path)
        if loop_paths is None:
            loop_paths = self.loop_bindings()[1]
        if segments and segments[0] in loop_paths:
            return (*loop_paths[segments[0]], *segments[1:])
        return segments

    def written_before(self, segments: dp.Segments) -> bool:
        """True when an earlier action of this conversation (an answer, a change, a ``set``
        step) wrote the answer at ``segments``, or a list or record holding it, or something
        inside it: a value found there now may not be the one the meeting started with.

        A list or record holding it, written whole with this answer as it was (a list saved
        again with one entry reworded), did not write it: every other answer in there would
        otherwise look written today."""
        path = ("data", *segments)
        for tx in self.history:
            for written, old, new in tx.diffs:
                shared = min(len(written), len(path))
                if written[:shared] != path[:shared]:
                    continue
                if len(written) < len(path):
                    inside = path[len(written) :]
                    if dp.get(old, inside) == dp.get(new, inside):
                        continue
                return True
        return False

    # ----------------------------------------------------------------- changing

    @property
    def in_transaction(self) -> bool:
        return self._tx is not None

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    def run(self, action: str, body: Callable[[], None]) -> None:
        """Run ``body`` as one undoable transaction; on any failure revert it entirely."""
        if self._tx is not None:
            body()
            return
        self._tx = Transaction(action)
        log_len = len(self.log)
        try:
            body()
        except Exception:
            for path, old, _new in reversed(self._tx.diffs):
                dp.put(self.tree, path, old)
            del self.log[log_len:]
            raise
        finally:
            tx, self._tx = self._tx, None
        if tx.diffs or len(self.log) != log_len:
            self.revision += 1
        if tx.diffs:
            self.history.append(tx)
            del self.history[:-MAX_HISTORY]

    def write(self, path: tuple[str, ...], value: Any) -> None:
        """Set ``path`` in the tree to ``value`` (``dp.MISSING`` removes it), undoably."""
        # Write at the highest missing ancestor, so undo removes what this write created.
        for depth in range(1, len(path)):
            if dp.get(self.tree, path[:depth]) is dp.MISSING:
                if value is dp.MISSING:
                    return
                if any(segment.startswith("#") for segment in path[depth:]):
                    raise dp.PathConflict("that entry has been removed from its list")
                for segment in reversed(path[depth:]):
                    value = {segment: value}
                path = path[:depth]
                break
        old = dp.get(self.tree, path)
        if old is value:
            return
        dp.put(self.tree, path, value)
        assert self._tx is not None, "state changes only inside a transaction"
        self._tx.diffs.append((path, old, value))

    def set_progress(
        self,
        topic_id: str | None,
        *,
        status: str | None = None,
        stack: list[Frame] | None = None,
        reopened: bool | None = None,
        opened_at: int | None = None,
    ) -> None:
        """Write a topic's status and stack (unchanged where None). ``reopened`` marks a
        topic done before and opened again: kept until the topic is done or parked again.
        ``opened_at`` marks a topic just started, with the log's length then: any later write
        of its progress (its place moved) drops it (see :meth:`glanced`)."""
        assert topic_id is not None
        old = self.tree["topics"].get(topic_id) or {"status": "not_started", "stack": []}
        new: dict[str, Any] = {
            "status": status or old["status"],
            "stack": stack if stack is not None else old["stack"],
        }
        if reopened is None:
            reopened = bool(old.get("reopened")) and new["status"] == "in_progress"
        if reopened:
            new["reopened"] = True  # only when set: other topics' progress stays as it was
        if opened_at is not None:
            new["opened_at"] = opened_at
        self.write(("topics", topic_id), new)

    def glanced(self, topic_id: str) -> bool:
        """True while a topic started in this meeting is still where it started, with nothing
        answered, skipped, chosen or changed in it since (undone actions do not count)."""
        progress = self.tree["topics"].get(topic_id)
        if not progress or "opened_at" not in progress:
            return False
        opened_at = progress["opened_at"]
        log = self.log
        later = log[opened_at:]
        undone = {e["of"] for e in later if e["action"] == "undone"}
        return not any(
            e.get("topic") == topic_id and e["seq"] not in undone
            for e in later
            if e["action"] != "undone"
        )

    def reopened(self, topic_id: str) -> bool:
        """True while a topic done earlier in the meeting is open (or was left) again."""
        progress = self.tree["topics"].get(topic_id)
        return bool(progress and progress.get("reopened"))

    def replace_top(self, frame: Frame | None) -> None:
        """Copy-on-write: old stacks stay untouched inside recorded diffs."""
        current = self.tree["current"]
        stack = list(self.stack())
        stack.pop()
        if frame is not None:
            stack.append(frame)
        self.set_progress(current, stack=stack)

    def push(self, frame: Frame) -> None:
        """Open ``frame`` above the top one, which waits for it to finish."""
        current = self.tree["current"]
        stack = list(self.stack())
        top = dict(stack[-1], waiting=True)
        stack[-1] = top
        stack.append(frame)
        self.set_progress(current, stack=stack)

    def log_event(self, action: str, at: str, **fields: Any) -> int:
        """Add an answer event to the log, as part of the open transaction; returns its seq."""
        seq = len(self.log) + 1
        entry = {"seq": seq, "at": at, "action": action, **fields}
        self.log.append(json.loads(json.dumps(entry, default=str)))
        assert self._tx is not None
        self._tx.seqs.append(seq)
        return seq

    def undo(self, at: str, by: str) -> bool:
        """Revert the last transaction exactly, logged as undone by ``by`` (whoever was
        answering when Back was pressed). Returns False when there is nothing to undo."""
        if not self.history:
            return False
        tx = self.history.pop()
        self.revision += 1
        for path, old, _new in reversed(tx.diffs):
            dp.put(self.tree, path, old)
        for seq in tx.seqs:
            entry = {"seq": len(self.log) + 1, "action": "undone", "of": seq}
            # ``by_known``: who pressed Back is known (older records logged every undo as
            # "both", whoever it was, so their undos name no one).
            entry.update(at=at, by=by, topic="", node="", by_known=True)
            self.log.append(entry)
        return True

    # ------------------------------------------------------------------ saving

    def to_json(self, content_hash: str) -> str:
        """The whole state as compact JSON text.

        Saved after every answer, so it costs what changed, not the whole meeting: log entries
        and finished transactions are encoded once and their text reused.
        """
        core = _dumps(
            {"format": STATE_FORMAT, "version": STATE_VERSION, "content_hash": content_hash}
            | self.tree
        )
        history = ",".join(tx.to_json() for tx in self.history)
        return f'{core[:-1]},"log":[{self._encoded_log()}],"history":[{history}]}}'

    def _encoded_log(self) -> str:
        cache, log = self._log_json, self.log
        same = 0
        # The log only grows, but check identity so that a replaced entry is never stale.
        for (entry, _), current in zip(cache, log, strict=False):
            if entry is not current:
                break
            same += 1
        del cache[same:]
        cache.extend((entry, _dumps(entry)) for entry in log[same:])
        return ",".join(text for _, text in cache)

    def restore(self, saved: Any, content_hash: str) -> bool:
        """Take over a saved state (from :meth:`to_json`). Returns False when it was saved with
        other content: the undo history is then dropped, as its places may no longer exist."""
        if not isinstance(saved, dict) or saved.get("format") != STATE_FORMAT:
            raise StateError("This is not a saved conversation.")
        version = saved.get("version")
        if not isinstance(version, int) or version > STATE_VERSION:
            raise StateError(
                f"This conversation was saved by a newer version of the app (format {version}). "
                "Update the app to open it; nothing has been changed."
            )
        data = saved.get("data")
        self.revision += 1
        self.tree["data"] = copy.deepcopy(data) if data else {}
        for key in ("topics", "visits", "chosen", "skipped"):
            self.tree[key] = copy.deepcopy(saved.get(key) or {})
        self.tree["current"] = saved.get("current")
        self.log = copy.deepcopy(saved.get("log") or [])
        self._log_json = []
        self.history = []
        if saved.get("content_hash") != content_hash:
            return False
        self.history = transactions(saved.get("history", []))
        return True


def transactions(saved: Any) -> list[Transaction]:
    """The undo history as saved (:meth:`ConversationState.to_json`'s ``history``)."""
    return [
        Transaction(
            tx["action"],
            [(tuple(p), _json_to_missing(o), _json_to_missing(n)) for p, o, n in tx["diffs"]],
            list(tx.get("seqs", [])),
        )
        for tx in saved or []
    ]


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_missing_to_json)


def _missing_to_json(value: Any) -> Any:
    if value is dp.MISSING:
        return {"$missing": True}
    raise TypeError(f"not JSON-able: {type(value).__name__}")


def _json_to_missing(value: Any) -> Any:
    return dp.MISSING if value == {"$missing": True} else value
