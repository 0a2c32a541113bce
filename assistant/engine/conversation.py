"""The conversation engine: topics in any order, exact undo, every answer attributed.

:class:`Conversation` is the engine's public face: what to show now (:attr:`Conversation.step`),
the actions the people at the screen take (answer, choose, skip, change an earlier answer, open
or park a topic, go back), checking answers, and saving and resuming. It composes:

- ``state.py``: the state tree, the answer log and the exact undo history;
- ``walk.py``: moving through the content (automatic steps, loops, calls) and building the step;
- ``functions.py``: what content expressions see and the functions they can call;
- ``steps.py``: the values it hands out (:class:`Step`, :class:`TopicInfo`, ...) and its errors.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable
from typing import Any

from assistant.engine import datapaths as dp
from assistant.engine.answer_words import emptied
from assistant.engine.answers import AnswerError, coerce, is_empty, new_record_id, same_answer
from assistant.engine.functions import (
    MARKED_PEOPLE,
    MARKS,
    ExpressionFunctions,
    kept_off_the_list,
    marked_again,
    marked_people,
    meeting_answers,
    privately_listed,
)
from assistant.engine.no_longer_asked import reads_other_answers_alone
from assistant.engine.state import ConversationState, Frame, Transaction
from assistant.engine.steps import (
    BY_VALUES,
    FlowError,
    StateError,
    Status,
    Step,
    TopicInfo,
    TranscriptEntry,
    check_by,
)
from assistant.engine.walk import Walker
from assistant.flows import model as m
from assistant.flows.expressions import ITEM_NAME, ExpressionError, evaluate, record_view
from assistant.flows.loader import Content

# The engine's public face: callers import these names from here.
__all__ = [
    "BY_VALUES",
    "CORRECTION",
    "Conversation",
    "FlowError",
    "StateError",
    "Step",
    "TopicInfo",
    "TranscriptEntry",
]

#: The ``reason`` of a changed answer's log entry (and so its ``answer_changed`` audit event)
#: when the change corrects a mistake in the record; an ordinary change has no ``reason``.
CORRECTION = "correction"

#: A ``default_from`` that only reads an answer already stored (``goal.what``,
#: ``get('about.name')``, ``activity.get('status_before')``): the words it offers are the
#: people's own, so taking them as offered is not agreeing to the app's suggestion.
_COPIES_STORED = re.compile(
    r"""\s*(?:[A-Za-z_]\w*(?:\.\w+)*(?:\.get\(\s*(['"])[^'"]*\1\s*\))?"""
    r"""|get\(\s*(['"])[^'"]*\2\s*\))\s*"""
)


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).astimezone()


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
        # What a resumed meeting's content change means, in plain words for the shared
        # screen (``warnings``), and the same with the topic and step ids for whoever looks
        # after the content (``content_changes``: the audit trail, never the screen).
        self.warnings: list[str] = []
        self.content_changes: list[str] = []
        self._state = ConversationState(data)
        self._functions = ExpressionFunctions(
            self._state, clock, content.functions, getattr(content, "agency", None)
        )
        self._walk = Walker(content, self._state, self._functions, self._stamp)
        self._step: Step | None = None

    # ----------------------------------------------------------------- reading

    @property
    def data(self) -> dict[str, Any]:
        """The answers so far (read-only view: change them through the engine)."""
        return self._state.data

    @property
    def current_topic(self) -> str | None:
        return self._state.current

    @property
    def open_topics(self) -> list[str]:
        """The topics running now, outermost first: the current topic, then each topic it
        runs by `call` or `repeat` that has not ended yet."""
        if self._state.current is None:
            return []
        return [frame["topic"] for frame in self._state.stack()]

    @property
    def log(self) -> list[dict[str, Any]]:
        """Every answer event in order, with who gave it and when (append-only)."""
        return self._state.log

    @property
    def history(self) -> list[Transaction]:
        """The undo history: every write of the last actions, with the value it replaced."""
        return self._state.history

    @property
    def revision(self) -> int:
        """Goes up whenever the answers, the log or the places in topics change (an action,
        an undo): anything worked out from them is stale once it has moved."""
        return self._state.revision

    @property
    def functions(self) -> dict[str, Callable[..., Any]]:
        """The functions content expressions can call, by name (the engine's and the content's)."""
        return self._functions.by_name

    def status(self, topic_id: str) -> Status:
        return self._state.status(topic_id)

    def topics(self) -> list[TopicInfo]:
        return [
            TopicInfo(t.id, t.title, t.description, self.status(t.id), tuple(t.tags))
            for t in self.content.listed()
        ]

    @property
    def can_go_back(self) -> bool:
        return self._state.can_undo

    @property
    def step(self) -> Step:
        if self._step is None:
            self._step = self._walk.step()
        return self._step

    def transcript(self) -> list[TranscriptEntry]:
        """Answers, skips and choices still in force, oldest first."""
        log = self._state.log
        undone = {e["of"] for e in log if e["action"] == "undone"}
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
                tuple((e.get("labels") or {}).items()),
                bool(e.get("kept")),
                e.get("reason") == CORRECTION,
                bool(e.get("suggested")),
                _emptied(e),
            )
            for e in log
            if e["action"] in ("answered", "skipped", "changed", "chose") and e["seq"] not in undone
        ]

    # ----------------------------------------------------------------- actions

    def answer(self, value: Any = None, *, by: str = "person") -> None:
        """Answer the current step (acknowledge a say, pick a menu option, or answer an ask)."""
        step = self.step
        if step.kind == "ask":
            self._run("answer", lambda: self._answer_ask(step, value, check_by(by)))
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
        check_by(by)
        if step.kind == "end":

            def finish() -> None:
                self._walk.finish_frame()
                self._walk.settle()

            self._run("proceed", finish)
        else:
            self._run("proceed", lambda: self._walk.advance(step.node))

    def choose(self, option: str, *, by: str = "person") -> None:
        """Pick a menu option by its key or its label."""
        step = self.step
        if step.kind != "menu":
            raise AnswerError("There is nothing to choose here.")
        check_by(by)
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
            self._state.write(("chosen", f"{step.topic}.{node.id}.{key}"), True)
            self._record("chose", step, value=label, by=by)
            self._walk.go(chosen.goto)
            self._walk.settle()

        self._run("choose", act)

    def skip(self, *, by: str = "person") -> None:
        """'Not today': leave this question for another time, without judgement."""
        step = self.step
        check_by(by)
        if step.kind in ("say", "end"):
            self.proceed(by=by)
            return
        if step.kind == "menu":
            node: m.MenuNode = step.node
            target = node.fallback or self._walk.index(step.topic).next_of(node)
            if target is None:
                raise AnswerError("Please pick one of the options.")

            def leave() -> None:
                self._walk.go(target, origin=node.id)
                self._walk.settle()

            self._run("skip", leave)
            return
        if step.kind != "ask":
            raise AnswerError("There is no question to skip.")
        if not step.node.can_skip:
            raise AnswerError("This one needs an answer before we go on.")

        def act() -> None:
            self._state.write(("skipped", step.path or ""), True)
            self._record("skipped", step, value=None, by=by)
            self._walk.advance(step.node)

        self._run("skip", act)

    def goto_topic(self, topic_id: str, *, again: bool = False) -> None:
        """Open a topic: resume it where it was left, or start it (again). ``again``: start
        it from the top even when it is open or was left part-way (every answer stands)."""
        if topic_id not in self.content.topics:
            raise AnswerError(f"There is no topic called {topic_id!r}.")
        state = self._state

        def act() -> None:
            current = state.current
            if current == topic_id and not again:
                return
            if current not in (None, topic_id) and self.status(current) == "in_progress":
                if state.reopened(current):
                    # A done topic looked at again and left: it was finished, and every
                    # answer given (then or now) stands, so it is not "come back to this".
                    state.set_progress(current, status="done", stack=[], reopened=False)
                elif state.glanced(current):
                    # Only looked at: not begun, so not "come back to this" either.
                    state.set_progress(current, status="not_started", stack=[])
                elif self._at_closing_line():
                    # On the topic's own last "Go on", everything said: leaving finishes it.
                    state.set_progress(current, status="done", stack=[])
                else:
                    state.set_progress(current, status="parked")
            progress = state.tree["topics"].get(topic_id)
            resumed = not again and bool(
                progress and progress["status"] in ("in_progress", "parked") and progress["stack"]
            )
            if resumed:
                state.set_progress(topic_id, status="in_progress")
            else:
                entry = self._walk.index(topic_id).topic.entry_id
                frame: Frame = {"topic": topic_id, "node": entry, "waiting": False, "loop": None}
                # Started again part-way through: what was answered in it stands, as for a
                # topic done before.
                was_done = progress is not None and (
                    progress["status"] == "done" or (again and bool(progress["stack"]))
                )
                state.set_progress(topic_id, status="in_progress", stack=[frame], reopened=was_done)
            state.write(("current",), topic_id)
            self._walk.settle()
            if resumed:
                # An answer changed while the topic was left part-way may have made a
                # question before its place relevant: asked first.
                self._walk.ask_what_became_relevant(self._switched_by_answers)
            if not state.reopened(topic_id) and state.current == topic_id and not resumed:
                state.set_progress(topic_id, opened_at=len(state.log))

        self._run("goto", act)

    def _at_closing_line(self) -> bool:
        """True on the closing line of the topic itself (not of a sub-flow, nor of a loop's
        record with more records to go): Go on there would finish the topic."""
        stack = self._state.stack()
        if len(stack) != 1:
            return False
        loop = stack[0].get("loop")
        if loop and loop["index"] + 1 < len(loop["ids"]):
            return False
        try:
            return self.step.kind == "end"
        except FlowError:
            return False

    def park(self) -> None:
        """'Come back to this': keep the topic where it is and return to the topic list."""
        current = self._state.current
        if current is None:
            return

        def act() -> None:
            # Asked for by name, so parked even when the topic was done before.
            self._state.set_progress(current, status="parked", reopened=False)
            self._state.write(("current",), None)

        self._run("park", act)

    def back(self, *, by: str = "person") -> bool:
        """Undo the last action exactly, recorded as undone by ``by`` (as an answer records
        who gave it). Returns False when there is nothing to undo."""
        check_by(by)
        if not self._state.can_undo:
            return False
        self._state.undo(self._stamp(), by)
        self._step = None
        return True

    def edit(self, path: str, value: Any, *, by: str = "person", correction: bool = False) -> None:
        """Change an earlier answer (from the transcript) without moving on. ``correction``:
        the change puts right a mistake in the record (the person's right to rectification),
        kept in its log entry as ``reason: "correction"`` (absent for an ordinary change).
        The same answer saved again changes nothing: nothing is written or logged."""
        check_by(by)
        state = self._state
        source = next(
            (
                e
                for e in reversed(state.log)
                if e.get("path") == path
                and e["action"] in ("answered", "changed", "skipped")
                and not self._by_set_step(e)
            ),
            None,
        )
        if source is None:
            # Not asked in this meeting (e.g. the people from an earlier meeting, changed on
            # the network map): changed through the question that stores it, if it is stored.
            asking = (
                self._asker(path) if dp.get(state.data, dp.split(path)) is not dp.MISSING else None
            )
            if asking is None:
                raise AnswerError("That answer can no longer be found.")
            source = asking
        node = self._walk.index(source["topic"]).nodes.get(source["node"])
        if not isinstance(node, m.AskNode):
            raise AnswerError("That answer can no longer be changed here (the content changed).")
        segments = dp.split(path)
        origin = {"topic": source["topic"], "node": node.id}
        stored = self._validated(origin, node, value, segments)

        def act() -> None:
            old = dp.get(state.data, segments)
            skipped = state.tree["skipped"].get(path)
            if old is not dp.MISSING and same_answer(old, stored) and not skipped:
                # Saved as it already was: nothing changed, so nothing is written or logged
                # (no "Changed to" the same words in the conversation, no change audited).
                return
            # A question already waiting to be asked before the change is not one it made
            # relevant (a `when` on an answer given later in the topic).
            before = self._walk.relevant_unasked(self._switched_by_answers)
            state.write(("data", *segments), stored)
            if state.tree["skipped"].get(path):
                state.write(("skipped", path), dp.MISSING)
            state.log_event(
                "changed",
                self._stamp(),
                topic=source["topic"],
                node=source["node"],
                prompt=source.get("prompt", ""),
                path=path,
                value=stored,
                old=None if old is dp.MISSING else old,
                by=by,
                **({"reason": CORRECTION} if correction else {}),
            )
            self._walk.settle()  # an edited list may have removed the record a loop is on
            # The question on screen may be one only the old answer asked for (the "No"
            # follow-up, after "No" was changed to "Yes"): work out the next step again.
            self._walk.recheck_waiting(self._switched_by_answers)
            # Or one the old answer passed by is asked for now (the "No" follow-up, after
            # "Yes" was changed to "No"): asked next, before the question that was waiting.
            self._walk.ask_what_became_relevant(self._switched_by_answers, before=before)

        self._run("edit", act)

    def _switched_by_answers(self, node: Any) -> bool:
        """Whether a changed answer can switch ``node``'s ``when`` on or off (it reads
        other answers alone: not the date, the directory, nor the step's own answer)."""
        return reads_other_answers_alone(node, self._functions.by_name)

    def _by_set_step(self, entry: dict[str, Any]) -> bool:
        """True for a change a ``set`` step logged (its ``text``): no question asked it, so
        changing the answer again goes through the question that did."""
        index = self.content.topics.get(entry.get("topic") or "")
        return index is not None and isinstance(index.nodes.get(entry.get("node") or ""), m.SetNode)

    def _asker(self, path: str) -> dict[str, str] | None:
        """The question that stores ``path`` (its topic, step and prompt), if any."""
        for index in self.content.topics.values():
            for node in index.topic.nodes:
                if isinstance(node, m.AskNode) and node.store == path:
                    # The log keeps the question as it was shown, not its template.
                    topic = index.topic.id
                    frame: Frame = {"topic": topic, "node": node.id, "waiting": False, "loop": None}
                    prompt = self._walk.render(frame, node.prompt, "prompt")
                    return {"topic": topic, "node": node.id, "prompt": prompt}
        return None

    def add_record(
        self,
        path: str,
        record: dict[str, Any],
        *,
        by: str = "person",
        details: dict[str, Any] | None = None,
    ) -> str:
        """Add one entry to a ``records`` answer without moving on (e.g. a thing to try picked
        from the community directory), as a change of that answer: checked as the list's own
        question checks it, logged, and undone by :meth:`back`. The question need not have
        been asked yet. ``details``: keys that are not fields of the list, kept in the entry
        as details other steps store are (the list editor never shows them). Returns the
        entry's id."""
        check_by(by)
        state = self._state
        source = next(
            (
                e
                for e in reversed(state.log)
                if e.get("path") == path
                and e["action"] in ("answered", "changed", "skipped")
                and not self._by_set_step(e)
            ),
            None,
        )
        if source is not None:
            topic, node = (
                source["topic"],
                self._walk.index(source["topic"]).nodes.get(source["node"]),
            )
        else:
            topic, node = next(
                (
                    (index.topic.id, n)
                    for index in self.content.topics.values()
                    for n in index.topic.nodes
                    if isinstance(n, m.AskNode) and n.store == path
                ),
                ("", None),
            )
        if not isinstance(node, m.AskNode) or node.type != "records":
            raise AnswerError("That list cannot be changed here (the content changed).")
        segments = dp.split(path)
        before = dp.get(state.data, segments)
        entries = list(before) if isinstance(before, list) else []
        new = dict(record)
        new.setdefault("id", new_record_id())
        # The new entry's details are "already stored", so the check keeps them as it keeps
        # what other steps stored in an entry.
        earlier = [*entries, {**(details or {}), "id": new["id"]}]
        stored = coerce(node, [*entries, new], today=self.clock().date(), earlier=earlier)
        self._apply_rules(node.validate_, stored)
        self._check_entries(node, stored)
        prompt = next(
            (e.get("prompt", "") for e in reversed(state.log) if e.get("path") == path), ""
        )
        if not prompt:
            frame: Frame = {"topic": topic, "node": node.id, "waiting": False, "loop": None}
            prompt = self._walk.render(frame, node.prompt, "prompt")

        def act() -> None:
            state.write(("data", *segments), stored)
            if state.tree["skipped"].get(path):
                state.write(("skipped", path), dp.MISSING)
            state.log_event(
                "changed" if source is not None else "answered",
                self._stamp(),
                topic=topic,
                node=node.id,
                prompt=prompt,
                path=path,
                value=stored,
                old=None if before is dp.MISSING else before,
                by=by,
            )
            self._walk.settle()

        self._run("edit", act)
        return str(new["id"])

    # ------------------------------------------------------------- persistence

    def to_state(self) -> dict[str, Any]:
        """The whole conversation as plain JSON data (a deep copy)."""
        return json.loads(self.state_json())

    def state_json(self) -> str:
        """The whole conversation as compact JSON text: the data of :meth:`to_state`.

        Saved after every answer, so it costs what changed, not the whole meeting: log entries
        and finished transactions are encoded once and their text reused.
        """
        return self._state.to_json(self.content.hash)

    @classmethod
    def from_state(
        cls,
        content: Content,
        state: dict[str, Any],
        *,
        clock: Callable[[], _dt.datetime] = _now,
    ) -> Conversation:
        """Resume a saved conversation. Content changes are reported in ``warnings``."""
        conv = cls(content, clock=clock)
        if not conv._state.restore(state, content.hash):
            conv._repair_after_content_change()
        return conv

    def _repair_after_content_change(self) -> None:
        """Keep every answer; put any topic whose place no longer exists back at its start."""
        tree = self._state.tree
        for topic_id in list(tree["topics"]):
            progress = tree["topics"][topic_id]
            if topic_id not in self.content.topics:
                # Its title went with it: the person is told in plain words, the author
                # (in the audit trail) which id it was.
                parked = progress.get("status") == "parked"
                self.warnings.append(
                    (
                        "A topic we had parked, to come back to,"
                        if parked
                        else "A topic we had started"
                    )
                    + " is no longer in the list (it may have a new name). All its answers "
                    "are kept."
                )
                self.content_changes.append(
                    f"topic `{topic_id}` ({progress.get('status')}) is no longer in the "
                    "content; its answers are kept"
                )
                del tree["topics"][topic_id]
                if tree["current"] == topic_id:
                    tree["current"] = None
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
                    f"'{title}': the question we were on has changed, so this topic starts "
                    "again from its beginning. All answers are kept."
                )
                self.content_changes.append(
                    f"topic `{topic_id}`: the step it was on ({', '.join(broken)}) no longer "
                    "exists, so it starts again from its beginning; its answers are kept"
                )
                entry = self.content.topics[topic_id].topic.entry_id
                progress["stack"] = [
                    {"topic": topic_id, "node": entry, "waiting": False, "loop": None}
                ]
                continue
            self._ask_what_moved_earlier(topic_id, progress["stack"])
        self._step = None
        if tree["current"] is not None:
            try:
                self._run("repair", self._walk.settle)
            except FlowError as exc:
                self.warnings.append(
                    "We could not carry on from where we were: choose a topic to go on. All "
                    "answers are kept."
                )
                self.content_changes.append(f"the meeting could not go on from where it was: {exc}")
                tree["current"] = None
            self._state.history.clear()

    def _ask_what_moved_earlier(self, topic_id: str, stack: list[Frame]) -> None:
        """A question the content moved before the place a topic stood at (so it was never
        reached) is asked: the topic goes back to it, and from there on as the content reads
        now (the questions after it come again, filled in)."""
        if not stack or any(frame.get("loop") for frame in stack):
            return  # a loop's record is not the one expressions would read here
        frame = stack[-1]
        missed = self._walk.missed_before(frame)
        if missed is None:
            return
        stack[-1] = dict(frame, node=missed, waiting=False)
        title = self.content.topics[topic_id].topic.title
        self.warnings.append(
            f"'{title}': some questions have moved, so we go back to one we have not "
            "asked yet. All answers are kept."
        )
        self.content_changes.append(
            f"topic `{topic_id}`: the step `{frame['topic']}.{missed}` now comes before "
            f"`{frame['node']}`, where it stood, and was never asked, so it goes back to it; "
            "its answers are kept"
        )

    # ------------------------------------------------------------ internals

    def _stamp(self) -> str:
        return self.clock().isoformat(timespec="seconds")

    def _run(self, action: str, body: Callable[[], None]) -> None:
        """Run ``body`` as one undoable transaction; on any failure revert it entirely."""
        if self._state.in_transaction:
            body()
            return

        def then_show() -> None:
            # Before the change too: a meeting saved before the names were kept has the
            # marks but not the names, and the change may take the person off their list.
            self._keep_marked_people()
            in_private_sections = privately_listed(self._state.data)
            answers = meeting_answers(self._state.data)
            body()
            self._keep_taken_off(in_private_sections)
            self._mark_again(answers)
            self._keep_marked_people()
            # Render the next step inside the transaction: if its text cannot be shown,
            # the action is undone rather than leaving the people on a broken screen.
            self._step = None
            self._step = self._walk.step()

        try:
            self._state.run(action, then_show)
        except Exception:
            self._step = None
            raise

    def _keep_marked_people(self) -> None:
        """Keep the names of the people marked private up to date (:func:`marked_people`),
        in the same transaction as the change that made them so (undone with it)."""
        data = self._state.data
        now = marked_people(data, self.clock().date().isoformat())
        old = dp.get(data, dp.split(MARKED_PEOPLE))
        if now == (old if old is not dp.MISSING else []):
            return
        self._state.write(("data", *dp.split(MARKED_PEOPLE)), now if now else dp.MISSING)

    def _keep_taken_off(self, before: dict[str, tuple[str, str]]) -> None:
        """A person taken off their list while their whole section was marked private stays
        private: marked one by one from now on, in the same transaction as the change."""
        kept = kept_off_the_list(self._state.data, before, self.clock().date().isoformat())
        if kept is None:
            return
        codes, people = kept
        self._state.write(("data", *dp.split(MARKS)), codes)
        self._state.write(("data", *dp.split(MARKED_PEOPLE)), people)

    def _mark_again(self, before: dict[str, Any]) -> None:
        """This meeting's answer given word for word as last time's, which was marked private,
        is marked private again (pre-ticked, to untick), in the same transaction."""
        codes = marked_again(self._state.data, before)
        if codes is not None:
            self._state.write(("data", *dp.split(MARKS)), codes)

    def _validated(self, frame: Frame, node: m.AskNode, value: Any, segments: dp.Segments) -> Any:
        options = self._walk.ask_options(frame, node) if node.options_from else None
        if (
            node.empty_answer
            and node.type in ("text", "long_text")
            and isinstance(value, str)
            and not value.strip()
        ):
            # The hint said to leave it empty ("if it was only us"): that is an answer, not
            # "Not today", and the record says it in the content's words.
            value = node.empty_answer
        earlier = dp.get(self._state.data, segments) if node.type == "records" else None
        # For a list, `earlier` lets each entry keep the details later steps stored in it.
        stored = coerce(node, value, options, today=self.clock().date(), earlier=earlier)
        if node.required and is_empty(stored):
            raise AnswerError("Please give an answer, or choose 'not today'.")
        self._apply_rules(node.validate_, stored)
        if node.type == "records" and isinstance(stored, list):
            self._check_entries(node, stored)
        return stored

    def _check_entries(self, node: m.AskNode, entries: list[Any]) -> None:
        """Each entry's details by their own rules. The entry is ``item`` as a loop's record
        is read (``record_view``): a detail left unanswered reads as None, not an error that
        refused the answer as one that "could not be checked" (W313 finds a misspelt one)."""
        for field in node.fields:
            for entry in entries:
                if field.validate_ and field.name in entry:
                    item = {ITEM_NAME: record_view(entry)}
                    self._apply_rules(field.validate_, entry[field.name], **item)

    def _apply_rules(self, rules: list[m.Rule], answer: Any, **extra: Any) -> None:
        """Refuse ``answer`` with the message of the first rule whose `if` holds."""
        for rule in rules:
            try:
                refused = evaluate(rule.if_, self._functions.context(answer=answer, **extra))
            except ExpressionError as exc:
                raise AnswerError(f"This answer could not be checked ({exc}).") from None
            if refused:
                raise AnswerError(rule.message)

    def _answer_ask(self, step: Step, value: Any, by: str) -> None:
        node: m.AskNode = step.node
        state = self._state
        segments = dp.split(step.path or "")
        stored = self._validated(state.stack()[-1], node, value, segments)
        if stored is None or (is_empty(stored) and node.type != "records"):
            # An empty, optional answer: nothing to keep; move on like "not today".
            self._record("skipped", step, value=None, by=by)
            self._walk.advance(node)
            return
        old = dp.get(state.data, segments)
        try:
            state.write(("data", *segments), stored)
        except dp.PathConflict as exc:
            raise FlowError(f"step `{node.id}`: {exc}") from None
        if state.tree["skipped"].get(step.path):
            state.write(("skipped", step.path or ""), dp.MISSING)
        labels = _chosen_labels(step, stored) if node.options_from else None
        # At a later meeting (one started with ``previous``), the answer it started with
        # (carried from the last meeting) given again as it was: kept, not newly said
        # (``kept`` in the log). Not when anything earlier today wrote it (an answer given
        # earlier in this meeting, a ``set`` step putting a directory pick on a list): that
        # is today's. At a first meeting a name filled in from the record is simply given.
        kept = (
            old is not dp.MISSING
            and PREVIOUS_ROOT in state.data
            and same_answer(old, stored)
            and not state.written_before(segments)
        )
        self._record(
            "answered",
            step,
            value=stored,
            by=by,
            old=old,
            labels=labels,
            kept=kept,
            suggested=self._as_suggested(step, stored),
        )
        self._walk.advance(node)

    def _as_suggested(self, step: Step, stored: Any) -> bool:
        """Words the app suggested (a text question's ``default``/``default_from``, e.g. a
        referral's drafted wording) taken as they were offered: the people agreed them, they
        did not write them (``suggested`` in the log, so no record credits the words to
        them). Only words: a choice or a date shown preselected is still picked by them."""
        node: m.AskNode = step.node
        if not step.suggested or node.type not in ("text", "long_text"):
            return False
        if node.default_from and _COPIES_STORED.fullmatch(node.default_from):
            # Words already stored, offered again (a goal's words when rewording it): the
            # people's own, not the app's.
            return False
        if same_answer(step.value, stored):
            return True
        try:  # as it would be stored (a long text's blank edge lines are not kept)
            offered = coerce(node, step.value, None, today=self.clock().date())
        except AnswerError:
            return False
        return same_answer(offered, stored)

    def _record(
        self,
        action: str,
        step: Step,
        *,
        value: Any,
        by: str,
        old: Any = None,
        labels: dict[str, str] | None = None,
        kept: bool = False,
        suggested: bool = False,
    ) -> None:
        extra: dict[str, Any] = {"labels": labels} if labels else {}  # logs stay small
        if kept:
            extra["kept"] = True
        if suggested:
            extra["suggested"] = True
        self._state.log_event(
            action,
            self._stamp(),
            topic=step.topic,
            node=step.node_id,
            prompt=step.text,
            path=step.path,
            value=value,
            old=None if old is dp.MISSING else old,
            by=by,
            **extra,
        )


def _emptied(entry: dict[str, Any]) -> bool:
    """Whether a logged answer took every entry off a list that had some (its ``old``)."""
    return emptied(entry.get("value"), entry.get("old"))


#: The input root a later meeting starts with (docs/authors-guide.md, "Later meetings").
PREVIOUS_ROOT = "previous"


def _chosen_labels(step: Step, stored: Any) -> dict[str, str]:
    """The words of the options chosen in ``stored`` (one value or a list), as offered: an
    option's ``said`` words where it has them (a directory entry's name, not the when and
    the "Check this fits" note its label shows to choose by: those are not the answer)."""
    chosen = {str(v) for v in stored} if isinstance(stored, list) else {str(stored)}
    said = dict(step.said)
    return {str(v): said.get(v, label) for v, label in step.options if str(v) in chosen}
