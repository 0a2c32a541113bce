"""One joint meeting: the conversation plus its durable save (no Textual here).

Each action is a method (:meth:`Meeting.answer`, ``choose``, ``proceed``, ``skip``,
``goto_topic``, ``park``, ``back``, ``edit``) that saves *before* it returns, so before the
caller shows the next prompt. A failed save never loses anything: the records layer keeps
the change in memory and writes it with the next save or :meth:`Meeting.retry_save`.

Consent: content that asks ``consent.record`` (Getting started) means "keep no record of
this meeting until the person says yes". Until then answers are held in this window only,
and the status says so; once they say yes, everything so far is saved at once. A later "no"
stops saving at once; if some of this meeting was already saved, the people choose to keep
it (:meth:`Meeting.keep_saved`) or erase it (:meth:`Meeting.erase_today`). Both are audited.

Keys: the meeting knows no key names. Where a message names the way to the topic list, the
UI says which key opens it (:attr:`Meeting.topics_key`, e.g. "F4"); without one, the message
says "the topic list".

Names: the name the person gave (``about.name``) is the one shown; when it changes during a
recorded meeting, the record's display name follows (audited by the records layer).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Protocol

from assistant import store_paths as sp
from assistant.directory import directory_of
from assistant.engine import datapaths as dp
from assistant.engine.answer_words import computed_options
from assistant.engine.answers import AnswerError
from assistant.engine.conversation import BY_VALUES, Conversation, FlowError, Step
from assistant.engine.words import spark
from assistant.meetings.directory import try_addition
from assistant.meetings.paths import (
    CLOSING_TOPIC,
    HARD_TIMES_TOPIC,
    REVIEW_TOPIC,
    agreement_of,
    consent_given,
    consent_topic,
    consent_topic_id,
    name_of,
    needs_consent,
    previous_rating,
)
from assistant.meetings.plan_view import earlier_ratings
from assistant.meetings.safety import SafetyPause, is_low, safety_pause
from assistant.plans.from_session import build_plan, labels_from_content
from assistant.plans.model import PersonRef, Plan
from assistant.plans.provenance import Provenance
from assistant.plans.since_agreed import changes_since_agreed
from assistant.plans.versions import PlanError, agree_plan
from assistant.plans.workers import MeetingWorker
from assistant.records import RecordsError, SaveFailed

SAVED = "saved"
NOTHING_YET = "nothing_yet"
HELD = "held"  # no agreement to keep a record (yet)
FAILED = "failed"
CLOSED = "closed"


class CaseLike(Protocol):
    """What a meeting needs from an open case record (``assistant.records.Case``)."""

    person_id: str

    @property
    def pending(self) -> bool: ...

    def save_session(
        self,
        session_id: str,
        state: Mapping[str, Any] | str,
        events: Iterable[Mapping[str, Any]] = (),
        *,
        wait: bool = True,
        worker: Mapping[str, Any] | None = None,
    ) -> None: ...

    def settle(self) -> None: ...

    def add_plan_version(
        self,
        plan: Mapping[str, Any],
        *,
        agreed: bool = False,
        session_id: str | None = None,
        by: str | None = None,
    ) -> int: ...

    def add_ratings(
        self, ratings: Mapping[str, Any], *, session_id: str | None = None, by: str | None = None
    ) -> None: ...

    def audit(self, kind: str, **details: Any) -> None: ...

    def update_person(
        self,
        *,
        display_name: str | None = None,
        reference: str | None = None,
        session: str | None = None,
    ) -> None: ...

    def erase_session(self, session_id: str, *, reason: str) -> int: ...

    def archive_closed(self, keep: Iterable[str] = ()) -> int: ...

    def note_consent(self, given: bool, **details: Any) -> None: ...


@dataclass(frozen=True)
class SaveStatus:
    """Whether the meeting is on disk: saved, nothing yet, held (no agreement to keep a
    record), failed (kept in memory, written with the next save) or closed."""

    state: str
    message: str = ""
    at: str = ""

    @property
    def ok(self) -> bool:
        return self.state != FAILED


def undone_note(log: Sequence[Mapping[str, Any]], seen: int) -> str:
    """What a Back that kept the question on screen undid, in words for the screen (""
    when it was no change of an answer). ``seen``: the log's length before the Back.

    A group added to the things to try (from the directory): "Taken off things to try:
    <its name>"; any other change: "Change undone: <the question, as it was shown>"."""
    undone = {e.get("of") for e in log[seen:] if e.get("action") == "undone"}
    changes = [e for e in log[:seen] if e.get("seq") in undone and e.get("path") and "value" in e]
    if not changes:
        return ""
    change = changes[-1]
    value, old = change.get("value"), change.get("old")
    if change["path"] == sp.COMMUNITY_LIST and isinstance(value, list):
        before = {r.get("id") for r in old or [] if isinstance(r, Mapping)}
        added = [
            str(r.get("what"))
            for r in value
            if isinstance(r, Mapping) and r.get("id") not in before and r.get("what")
        ]
        if added and len(value) > len(old or []):
            return "Taken off things to try: " + ", ".join(added)
    question = " ".join(str(change.get("prompt") or "").split())
    return f"Change undone: {question}" if question else "Change undone."


@dataclass
class _WorkedOut:
    """What is worked out from a meeting's answers, kept until they change (the
    conversation's ``revision``) or last time's plan does: the plan read back in the panel
    and the finish dialog, and what changed since both said yes, are worked out once."""

    conv: Conversation
    revision: int
    previous: Plan | None
    name: object  # the person's name on the record, which the plan carries
    plan: Plan | None = None
    since_agreed: list[str] | None = None


@dataclass(frozen=True)
class Outcome:
    """What happened to one action: ``message`` is for the people at the screen.

    ``detail`` is for the worker or the content's author (the file, step and error of a
    content problem): it may name internal ids, so it never goes in ``message``."""

    done: bool
    message: str = ""
    problem: bool = False  # a content problem (FlowError), not something they did
    save: SaveStatus | None = None
    detail: str = ""


#: A change saved as the answer already was (``Meeting.edit``): nothing is recorded.
NOTHING_CHANGED = "Nothing changed: the answer is as it was, so nothing new is recorded."

#: What the people read when the content itself cannot go on (the detail is the author's).
CONTENT_PROBLEM = (
    "This part of the conversation cannot go on because of a problem in the topic files. "
    "Nothing was lost: choose another topic, or go back."
)


def new_session_id(now: _dt.datetime | None = None) -> str:
    """A new session's id: when it started, and a few random characters (never reused)."""
    now = now or _dt.datetime.now()
    return f"{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def _last_stored_answer(conversation: Conversation) -> str | None:
    """The store path of the last answer or change still in force in ``conversation``'s log
    (None when it has none): what was said just before a resumed meeting stopped."""
    for entry in reversed(conversation.transcript()):
        if entry.action in ("answered", "changed") and entry.path:
            return entry.path
    return None


class Meeting:
    """The conversation of one meeting, saved into one session of a case record."""

    def __init__(
        self,
        conversation: Conversation,
        case: CaseLike | None,
        session_id: str,
        *,
        kind: str = "first",
        review: bool | None = None,
        saved_upto: int = 0,
        consent_required: bool | None = None,
        clock: Callable[[], str] | None = None,
        previous_plan: Plan | None = None,
        person: Mapping[str, Any] | None = None,
        topics_key: str = "",
    ) -> None:
        self.conv = conversation
        self._topics_key = topics_key
        self.case = case
        self.session_id = session_id
        self.kind = kind  # first | next | review | resumed
        #: A review of an agreed plan, also when it is carried on after a stop (``resumed``).
        self.review = kind == "review" if review is None else review
        # F2's choice of who answers, for the question on screen only (None: its speaker).
        self._by_chosen: str | None = None
        self._saved_upto = saved_upto
        self._ever_saved = saved_upto > 0
        self._consent_required = (
            needs_consent(conversation.content) if consent_required is None else consent_required
        )
        self._clock = clock or (lambda: _dt.datetime.now().strftime("%H:%M"))
        self.status = SaveStatus(SAVED if saved_upto else NOTHING_YET)
        #: True inside :meth:`writing_alongside`: a step's save is left in flight.
        self.write_alongside = False
        self._unsettled = False  # a save left in flight, not yet known to be on disk
        self.closed = False
        self.previous_plan = previous_plan
        self.person = dict(person or {})
        #: The worker at this meeting, from the agency details in force as it starts: kept
        #: with the meeting when it is first saved (plans/workers.py).
        self.worker = MeetingWorker.of_agency(getattr(conversation.content, "agency", None))
        self._labels: dict[str, dict[str, str]] | None = None
        self._worked: _WorkedOut | None = None
        # For a later "no": was this meeting being recorded, and what became of it.
        self._was_recording = self.recording
        #: True between a "no" to recording (with some of this meeting saved) and the
        #: people's choice: keep it (:meth:`keep_saved`) or erase it (:meth:`erase_today`).
        self.withdrawal_pending = False
        #: True while the yes to keeping a record is taken back by Back and its question is on
        #: screen again: not a no, so nothing is asked about what was saved until it is
        #: answered (a yes carries on; a no, or leaving it, asks then).
        self._consent_open = False
        self._today = ""  # "" | "kept" | "erased": what happened to the saved part
        self._name_at_start = name_of(conversation.data)
        self._display_at_start = self.person.get("display_name")
        self._finish_offered = False
        # Pause for safety after a low rating: once per meeting per area. A low rating this
        # meeting already had when it opened (resumed) was offered then, or is known - unless
        # it was the last answer saved: the app may have stopped (a crash, a power cut) just
        # after it, before the offer was seen, so it is offered once more. Nothing is stored
        # about the offer (it is not part of the record), so this is worked out from the log.
        last = _last_stored_answer(conversation)
        self._pause_offered = {
            path
            for path in sp.SAFETY_RATINGS
            if is_low(sp.value_at(conversation.data, path)) and path != last
        }
        if not saved_upto and case is not None and not self.recording:
            # Nothing is kept until the people agree, and the screen says so from the start,
            # not from the first answer: the pair reads it before saying anything, and the
            # note does not appear mid-meeting and move everything under it (issue 18: the
            # first step's frame laid out and redrew the whole screen for it).
            self.status = SaveStatus(HELD, self._held_message())

    @property
    def topics_key(self) -> str:
        """The key that opens the topic list, named in messages that say how to get there
        (the UI's business: "" says "the topic list" instead)."""
        return self._topics_key

    @topics_key.setter
    def topics_key(self, key: str) -> None:
        self._topics_key = key
        if self.status.state == HELD and self.case is not None:
            self.status = SaveStatus(HELD, self._held_message())  # it names the key

    @property
    def person_name(self) -> str | None:
        """The name to show: the one the person gave today, or the record's display name."""
        return name_of(self.conv.data) or self.person.get("display_name") or None

    # -- the plan ---------------------------------------------------------------------

    def plan(self) -> Plan:
        """The plan as it stands now (``assistant.plans.model.Plan``), built once until the
        meeting changes: the panel, the finish dialog and the check since the yes share it."""
        worked = self._worked_out()
        if worked.plan is None:
            worked.plan = self._build(self.conv.data)
        return worked.plan

    def changes_since_agreed(self) -> list[str]:
        """What in the plan changed after both said yes in Closing, a few words each ([]
        when nothing did): their yes was for the plan as it was then, so it cannot be saved
        as agreed until they say yes again (``assistant.plans.since_agreed``). Worked out
        once until the meeting changes (the finish dialog, then going back to agree)."""
        worked = self._worked_out()
        if worked.since_agreed is None:
            worked.since_agreed = changes_since_agreed(
                self.conv.data, self.conv.log, self._plan_of, self.conv.history
            )
        return list(worked.since_agreed)

    def _worked_out(self) -> _WorkedOut:
        """What was worked out since the meeting last changed (a fresh slate once it has)."""
        worked = self._worked
        if (
            worked is None
            or worked.conv is not self.conv
            or worked.revision != self.conv.revision
            or worked.previous is not self.previous_plan
            or worked.name != self.person.get("display_name")
        ):
            worked = self._worked = _WorkedOut(
                self.conv, self.conv.revision, self.previous_plan, self.person.get("display_name")
            )
        return worked

    def _plan_of(self, data: Mapping[str, Any]) -> Plan:
        """The plan from ``data``: the one already built when it is the answers as they are."""
        return self.plan() if data is self.conv.data else self._build(data)

    def _build(self, data: Mapping[str, Any]) -> Plan:
        """The plan built from ``data``, this meeting's answers or as they were earlier."""
        if self._labels is None:
            self._labels = labels_from_content(self.conv.content)
        return build_plan(
            data,
            self.conv.log,
            self.previous_plan,
            # The content tells which answers' questions no longer apply (left out); the
            # labels, agency and directory are given so they are not worked out again.
            content=self.conv.content,
            labels=self._labels,
            person=PersonRef.of(self.person),
            session=self.session_id,
            agency=getattr(self.conv.content, "agency", None),
            directory=directory_of(self.conv.content),
        )

    def answer_options(self, node: Any, path: str | None = None) -> tuple[tuple[str, str], ...]:
        """The words for the stored values of ``node``'s answer when its options are worked
        out as it is asked (``options_from``: community directory entries, people, parts of
        the plan), so the transcript never shows their ids; () for written options. Every
        directory entry by name for the directory's picks (no matching run for it), else the
        options as they would be offered now (for the record at ``path``, where the answer
        was stored, when asked in a loop: meetings saved before the log kept the words)."""
        if not getattr(node, "options_from", None):
            return ()
        if self._labels is None:
            self._labels = labels_from_content(self.conv.content)
        return computed_options(self.conv, node, path, self._labels)

    def record_about(self, path: str | None) -> str | None:
        """The record an answer at ``path`` belongs to, in its own words (the goal, the
        person, the action: ``goals.list.#g1.next`` is about goal g1), or None. For a
        question asked once per record, whose words alone do not say which."""
        if not path:
            return None
        segments = dp.split(path)
        marks = [i for i, segment in enumerate(segments) if segment.startswith("#")]
        if not marks:
            return None
        record = dp.get(self.conv.data, segments[: marks[-1] + 1])
        if not isinstance(record, Mapping):
            return None
        for key in ("what", "name", "title", "label", "who"):
            words = record.get(key)
            if isinstance(words, str) and words.strip():
                return words.strip()
        return None

    # -- who is answering -------------------------------------------------------------

    @property
    def by(self) -> str:
        """Who answers the question on screen: the one it is addressed to (``speaker``;
        ``both`` is "together"), unless F2 changed it for this question."""
        if self._by_chosen is not None:
            return self._by_chosen
        return self.speaker

    @property
    def speaker(self) -> str:
        """Who the question on screen is addressed to: person, worker or both."""
        try:
            speaker = self.conv.step.speaker
        except FlowError:
            return "person"
        return speaker if speaker in BY_VALUES else "both"

    @property
    def answers_here(self) -> bool:
        """False on a step with nothing to answer (it only says something, or ends a topic):
        there is no one to choose, and Enter only goes on."""
        try:
            return self.conv.step.kind not in ("say", "end")
        except FlowError:
            return True

    @property
    def by_changed(self) -> bool:
        """True when F2 changed who answers this question."""
        return self._by_chosen is not None and self._by_chosen != self.speaker

    def cycle_by(self) -> str:
        """Next one to answer this question (person, worker, together), for it only."""
        order = BY_VALUES
        self._by_chosen = order[(order.index(self.by) + 1) % len(order)]
        return self._by_chosen

    def choose_by(self, by: str) -> str:
        """``by`` (person, worker or both: together) answers this question, for it only."""
        if by not in BY_VALUES:
            raise ValueError(f"no such speaker: {by!r}")
        self._by_chosen = by
        return by

    # -- actions ----------------------------------------------------------------------

    #: What an action on a finished meeting says.
    CLOSED_MESSAGE: ClassVar[str] = "This meeting has finished. Start a new one from the list."

    def answer(self, value: Any) -> Outcome:
        """Answer the question on screen (as the one answering it now), then save."""
        return self._run(lambda: self.conv.answer(value, by=self.by))

    def choose(self, value: Any) -> Outcome:
        """Choose an option of a menu step, then save."""
        return self._run(lambda: self.conv.choose(value, by=self.by))

    def proceed(self) -> Outcome:
        """Go on past a step that only says something, then save."""
        return self._run(lambda: self.conv.proceed(by=self.by))

    def skip(self) -> Outcome:
        """Leave the question on screen for another time ("Not today"), then save."""
        return self._run(lambda: self.conv.skip(by=self.by))

    def goto_topic(self, topic_id: str) -> Outcome:
        """Open a topic (from the topic list or the topic map), then save."""
        return self._run(lambda: self.conv.goto_topic(topic_id))

    def park(self) -> Outcome:
        """Leave this topic for now (it keeps its place), then save."""
        return self._run(lambda: self.conv.park())

    def back(self) -> Outcome:
        """Undo the last step, then save. When what was undone is a change made without
        moving on (an answer changed from the conversation so far, or a group added from the
        directory), the outcome's ``message`` says what was undone: the question on screen
        stays the same, so nothing else would show it."""
        step = self.conv.step
        on_screen = (step.kind, step.topic, step.node_id, step.depth, step.loop_label)
        seen = len(self.conv.log)
        by = self.by  # whoever is answering now undoes it, as for any other action

        def undo() -> str | None:
            if self.conv.back(by=by):
                return None
            return "We are at the start: there is nothing to go back to."

        outcome = self._run(undo)
        now = self.conv.step
        if outcome.done and on_screen == (
            now.kind,
            now.topic,
            now.node_id,
            now.depth,
            now.loop_label,
        ):
            note = undone_note(self.conv.log, seen)
            if note:
                outcome = replace(outcome, message=note)
        return outcome

    def edit_refused(self, path: str) -> str | None:
        """Why the earlier answer at ``path`` cannot be changed, in plain words (None: it
        can; a practice meeting refuses some)."""
        return None

    @property
    def edits_by(self) -> str | None:
        """Who every change of an earlier answer is credited to when only one can make it
        (None: whoever is chosen, as in a meeting)."""
        return None

    def edit(
        self, path: str, value: Any, *, by: str | None = None, correction: bool = False
    ) -> Outcome:
        """Change an earlier answer, then save. ``by``: the one that question is addressed to,
        not whoever answers the question now on screen (None: the one answering now);
        ``correction``: the change corrects a mistake in the record (kept in the audit trail
        as such). The question on screen stays, and so does the choice of who answers it."""
        chosen = self._by_chosen
        if by is not None:
            self._by_chosen = by
        logged = len(self.conv.log)
        try:
            outcome = self._run(
                lambda: self.conv.edit(path, value, by=self.by, correction=correction),
                new_question=False,
            )
        finally:
            self._by_chosen = chosen
        if outcome.done and len(self.conv.log) == logged:
            # Saved as it already was: the engine writes and logs nothing, and the pair are
            # told so (the dialog closing with no word looked like a change made).
            return Outcome(True, NOTHING_CHANGED, save=outcome.save)
        return outcome

    def add_to_try(self, entry_id: str, *, idea_from: str = "together") -> Outcome:
        """Put a community directory entry on the list of things to try (its name, near or
        online, whose idea, and the entry itself, so the plan keeps its details), then save:
        durable before it returns, undone by going back. The question on screen stays. An
        entry already on the list is not added again (``done`` is False, and says so)."""
        if self.closed:
            return Outcome(False, self.CLOSED_MESSAGE)
        addition = try_addition(self.conv, entry_id, idea_from)
        if isinstance(addition, str):
            return Outcome(False, addition)
        record, details, name = addition

        def add() -> None:
            # Chosen together at the shared screen, whoever answers the question on it.
            self.conv.add_record(sp.COMMUNITY_LIST, record, by="both", details=details)

        outcome = self._run(add, new_question=False)
        if not outcome.done:
            return outcome
        return Outcome(True, f"Added to things to try: {name}.", save=outcome.save)

    def _run(self, action: Callable[[], str | None], *, new_question: bool = True) -> Outcome:
        """Run one engine action, then save: durable before the caller shows the next step.
        ``action`` returns None when done, or why nothing happened (nothing is saved then)."""
        if self.closed:
            return Outcome(False, self.CLOSED_MESSAGE)
        try:
            refused = action()
            if refused is not None:
                return Outcome(False, refused)
        except AnswerError as exc:
            return Outcome(False, str(exc))  # same question: who answers it stays as chosen
        except FlowError as exc:
            return Outcome(False, CONTENT_PROBLEM, problem=True, detail=self._author_detail(exc))
        if new_question:
            self.next_question()
        self._consent_changed()
        return Outcome(True, save=self.save(in_flight=self.write_alongside))

    def _author_detail(self, exc: FlowError) -> str:
        """A content problem as its author reads it: file, line, step and error, the file
        named within the content folder, or from the agency's pack folder by its name for one
        of the pack's files (short enough to show beside the conversation)."""
        detail = str(exc)
        content = self.conv.content
        # The pack's first (it may sit inside the content folder); its name stays, so the
        # author knows the file is the pack's, not the shipped one of the same name.
        pack = content.pack.parent if content.pack is not None else None
        for folder in (pack, content.root):
            if folder is not None:
                detail = detail.replace(str(folder).rstrip("/\\") + os.sep, "")
        return detail

    def give(self, step: Step, value: Any) -> Outcome:
        """Give the answer area's value to the step on screen, by what kind of step it is:
        a topic chosen from the list, "go on" past a step that only says something, a menu
        option, or an answer to a question. Then save (as each action does)."""
        if step.kind == "topics":
            return self.goto_topic(value)
        if step.kind in ("say", "end"):
            return self.proceed()
        if step.kind == "menu":
            return self.choose(value)
        return self.answer(value)

    def next_question(self) -> None:
        """A new question is on screen: its own speaker answers it until F2 says otherwise.
        (Changing an earlier answer keeps the question on screen, and the choice for it.)"""
        self._by_chosen = None

    @property
    def recording(self) -> bool:
        return not self._consent_required or consent_given(self.conv.data)

    @property
    def consent_unasked(self) -> bool:
        """True when nothing is recorded because the person has not been asked about keeping
        a record yet (not because they said no): asking is the way to keep today's words."""
        if self.recording:
            return False
        return sp.value_at(self.conv.data, sp.CONSENT_RECORD) is None

    def go_to_consent(self) -> Outcome:
        """Open the topic that asks about keeping a record (it explains the record first)."""
        topic = consent_topic_id(self.conv.content)
        if topic is None:
            return Outcome(done=False, message="These topics do not ask about keeping a record.")
        return self.goto_topic(topic)

    def go_to_closing(self) -> Outcome:
        """Open the topic where the plan is agreed (Finish offers it before anyone was asked,
        and to agree a plan changed since both said yes again)."""
        if CLOSING_TOPIC not in self.conv.content.topics:
            return Outcome(done=False, message="These topics do not ask about agreeing the plan.")
        # A plan changed after both said yes is agreed again from the top of Closing (read
        # back, then asked), even when Closing is still open past its yeses.
        again = bool(self.changes_since_agreed())
        return self._run(lambda: self.conv.goto_topic(CLOSING_TOPIC, again=again))

    @property
    def has_saved(self) -> bool:
        """True when some of this meeting is in the record (not erased)."""
        return self._ever_saved

    # -- consent over time ------------------------------------------------------------

    def _consent_changed(self) -> None:
        now = self.recording
        if self._consent_open:
            if now:  # yes again: it was never withdrawn, so nothing to note
                self._consent_open = False
                self._was_recording = True
            elif not self._consent_asked_again():
                self._consent_open = False  # a no, "not today", or left unanswered
                self.withdrawal_pending = True
            return
        if now == self._was_recording:
            return
        self._was_recording = now
        if self.case is None:
            return
        if now:
            self._today = ""
            self._note_consent(True)
        elif self._ever_saved and self._consent_asked_again():
            self._consent_open = True  # Back to the question: wait for its answer
        elif self._ever_saved:
            self.withdrawal_pending = True  # the people choose: keep_saved or erase_today
        else:
            self._note_consent(False, saved_today="nothing")

    def withdrawal_reason(self) -> str:
        """Why keeping a record stopped, for the question about what was saved today."""
        if sp.value_at(self.conv.data, sp.CONSENT_RECORD) is False:
            return "You said no to keeping a record."
        return "The yes to keeping a record was taken back, and not given again."

    def _consent_asked_again(self) -> bool:
        """The question about keeping a record is on screen with no answer (Back to it)."""
        try:
            step = self.conv.step
        except FlowError:
            return False
        return (
            step.kind == "ask"
            and step.path == sp.CONSENT_RECORD
            and sp.value_at(self.conv.data, sp.CONSENT_RECORD) is None
        )

    def _note_consent(self, given: bool, **details: Any) -> None:
        assert self.case is not None
        try:
            self.case.note_consent(given, session=self.session_id, **details)
        except RecordsError as exc:
            self.status = SaveStatus(FAILED, str(exc))

    def keep_saved(self) -> str:
        """After a later "no": keep what this meeting saved before it; save nothing more."""
        self.withdrawal_pending = False
        self._today = "kept"
        self._note_consent(False, saved_today="kept")
        self.save()
        return (
            "Kept: the answers saved before you said no stay in the record. "
            "Nothing more from today will be saved."
        )

    def erase_today(self) -> str:
        """After a later "no": erase this meeting's answers from the record (backup included)."""
        assert self.case is not None
        try:
            if self._display_at_start and self.person.get("display_name") != (
                self._display_at_start
            ):
                # A name given today is one of today's answers: the list shows the old one.
                self.case.update_person(
                    display_name=self._display_at_start, session=self.session_id
                )
                self.person["display_name"] = self._display_at_start
            self.case.erase_session(self.session_id, reason="consent_withdrawn")
        except RecordsError as exc:
            self.status = SaveStatus(FAILED, str(exc))
            return (
                f"Today's answers could not be erased yet: {exc} Nothing more is saved. "
                f"{self._open_topic('Getting started', start=True)} and answer no again to "
                "try again."
            )
        self.withdrawal_pending = False
        self._today = "erased"
        # If they say yes again later, the whole meeting is saved again from the start.
        self._saved_upto = 0
        self._ever_saved = False
        self._note_consent(False, saved_today="erased")
        self.save()
        return "Erased: today's answers are no longer in the record. Nothing more will be saved."

    def save(self, *, in_flight: bool = False) -> SaveStatus:
        """Save the whole conversation and the new log entries; durable when it returns, or
        with ``in_flight`` once :meth:`settle` has returned (the status is then what it will
        be if the write succeeds)."""
        if self.case is None:
            self.status = SaveStatus(HELD, "Practice: nothing is saved.")
            return self.status
        self.settle()  # the last one first: its outcome is known before this one starts
        if not self.recording:
            self.status = SaveStatus(HELD, self._held_message())
            return self.status
        log = self.conv.log
        events = log[self._saved_upto :]
        try:
            self.case.save_session(
                self.session_id,
                self.conv.state_json(),
                events,
                wait=not in_flight,
                worker=self.worker.to_json() if self.worker else None,
            )
        except SaveFailed as exc:
            # The records layer keeps the change in memory and writes it with the next save.
            self._saved_upto = len(log)
            self.status = SaveStatus(FAILED, str(exc))
            return self.status
        except RecordsError as exc:
            self.status = SaveStatus(FAILED, str(exc))
            return self.status
        self._saved_upto = len(log)
        if in_flight:
            # In flight: what it will say once on disk; settle() says whether it is.
            self._unsettled = True
            self.status = SaveStatus(SAVED, at=self._clock())
            return self.status
        return self._saved()

    def _saved(self) -> SaveStatus:
        self._ever_saved = True
        self.status = SaveStatus(SAVED, at=self._clock())
        self._follow_name()
        return self.status

    @contextlib.contextmanager
    def writing_alongside(self) -> Iterator[None]:
        """For a screen that shows the next step only after :meth:`settle`: a step's save
        (answer, not today, topic, back...) made inside the block is written on the records'
        writer thread while the screen builds that step. Other saves (finishing, consent,
        retry) and those made outside the block wait as before."""
        self.write_alongside = True
        try:
            yield
        finally:
            self.write_alongside = False

    @property
    def in_flight(self) -> bool:
        """True while a step's save has been started and :meth:`settle` has not yet run."""
        return self._unsettled

    def settle(self) -> SaveStatus:
        """Wait for a save left in flight (:attr:`write_alongside`): the answer is on disk, or
        the status says it failed (kept in memory, written with the next save), when this
        returns. Nothing to do otherwise."""
        if not self._unsettled:
            return self.status
        self._unsettled = False
        assert self.case is not None
        try:
            self.case.settle()
        except SaveFailed as exc:
            self.status = SaveStatus(FAILED, str(exc))
            return self.status
        self._ever_saved = True  # the status already says so, with the time it was made
        self._follow_name()
        return self.status

    def not_recorded_note(self) -> str:
        """For the finish dialog: what finishing without a record keeps."""
        if self.case is not None and self._ever_saved:
            return (
                "There is no agreement to keep a record now, so nothing more will be saved. "
                "What was saved before that stays."
            )
        return "There is no agreement to keep a record, so nothing will be saved."

    def _held_message(self) -> str:
        """What the pair reads while nothing is saved (it names the way to agree)."""
        where = consent_topic(self.conv.content) or "the first topic"
        agree = f"To agree, {self._open_topic(where)}."
        if self._consent_open:
            return (
                "Not recorded now: the answer about keeping a record was taken back. What "
                "was saved stays; nothing more is saved until you say yes."
            )
        if self._today == "erased":
            return f"Not recorded: you said no, and today's answers were erased. {agree}"
        if self._today == "kept" or self._ever_saved:
            return (
                "Not recorded now: you said no. What was saved before that stays; "
                f"nothing more is saved. {agree}"
            )
        return f"Not recorded yet: nothing from today is kept until you agree. {agree}"

    def _open_topic(self, title: str, *, start: bool = False) -> str:
        """How to open a topic, for a message: with the UI's key when it named one.
        ``start``: the words begin a sentence."""
        key = self.topics_key
        if start:
            return f"Press {key}, open {title}" if key else f"Open {title} from the topic list"
        return f"press {key} and open {title}" if key else f"open {title} from the topic list"

    def unsaved_warning(self) -> str | None:
        """Why leaving now would lose something, or None (for the question on leaving)."""
        if self.status.state == FAILED:
            return (
                "The latest answers could not be saved to disk yet. If you quit now, "
                "they will be lost."
            )
        if self.status.state == HELD and self.conv.log and self.case is not None:
            if self.has_saved:
                return (
                    "There is no agreement to keep a record now. If you leave, what was said "
                    "since then is not kept; what was saved before stays in the record."
                )
            return (
                "Nothing from this meeting is recorded, because there is no agreement to "
                "keep a record. If you leave, today's answers are not kept."
            )
        return None

    def _follow_name(self) -> None:
        """A new name given in a recorded meeting becomes the record's display name."""
        name = name_of(self.conv.data)
        if name is None or name == self._name_at_start:
            return
        self._name_at_start = name
        if name == self.person.get("display_name"):
            return
        try:
            assert self.case is not None
            self.case.update_person(display_name=name, session=self.session_id)
        except RecordsError:
            return  # the name is in the saved answers; the list catches up next time
        self.person["display_name"] = name

    def retry_save(self) -> SaveStatus:
        return self.save()

    # -- words typed but not given (kept only by the last try on close) ------------------

    def keep_typed(self, path: str | None, text: str | None) -> None:
        """The app's last try on close (its window closed, or told to end): keep the words
        typed in the answer box for ``path`` and not given yet with this meeting's session,
        or (``text`` None) take off words kept before. Only while the meeting is recorded;
        a save that fails keeps them in memory (so in the rescue copy)."""
        keep = getattr(self.case, "keep_draft", None)
        if keep is None or not self.recording:
            return
        self.settle()
        draft = {"path": path, "text": text} if path and text else None
        try:
            keep(self.session_id, draft)
        except RecordsError as exc:
            self.status = SaveStatus(FAILED, str(exc))

    def let_typed_go(self) -> None:
        """A normal close (leave, quit or finish, each asked first and warned that words
        not given are not kept): words kept by an earlier abnormal close are taken off the
        session, so they do not come back at the next resume. Only a signal or a killed
        window keeps them (:meth:`keep_typed`)."""
        keep = getattr(self.case, "keep_draft", None)
        if keep is None:
            return
        self.settle()
        with contextlib.suppress(RecordsError):  # the close goes on; tried again next time
            keep(self.session_id, None)

    def typed_last_time(self) -> dict[str, str] | None:
        """Words typed but not given when this meeting was last closed (``{"path",
        "text"}``), for its box to start with when it is carried on; None when none."""
        read = getattr(self.case, "session_draft", None)
        if read is None:
            return None
        try:
            draft = read(self.session_id)
        except RecordsError:
            return None
        if not isinstance(draft, dict):
            return None
        path, text = draft.get("path"), draft.get("text")
        if not isinstance(path, str) or not isinstance(text, str) or not text:
            return None
        return {"path": path, "text": text}

    # -- earlier answers --------------------------------------------------------------

    def earlier_answer(self, step: Step, ratings_history: Sequence[Mapping[str, Any]] = ()) -> str:
        """For a rating question: the earlier ratings of that life area, as one line beside
        it (a review shows change over time); "" for other steps or when there are none.

        ``ratings_history``: the record's ratings (``History.ratings``); without any, last
        meeting's rating as this meeting started with it."""
        if step.answer_type != "rating" or not step.path:
            return ""
        name = step.path.rsplit(".", 1)[-1]
        values = [v for _, v in earlier_ratings(ratings_history, name)]
        if not values:
            old = previous_rating(self.conv.data, name)
            if old is not None:
                values = [old]
        if not values:
            return ""
        node = step.node
        low = int(node.min) if node.min is not None else 1
        high = int(node.max) if node.max is not None else 7
        recent = values[-6:]
        listed = ", ".join(str(v) for v in recent)
        return f"Earlier: {spark(recent, low, high)}  {listed}  (last time {values[-1]})"

    # -- pause for safety -------------------------------------------------------------

    def pause_offer(self) -> str | None:
        """The life area (its store path, one of ``store_paths.SAFETY_RATINGS``) just rated 1
        or 2, the first time in this meeting: the time to offer a pause for safety. Once per
        meeting per area, so nobody is nagged; None otherwise. Ask after an action (it is
        saved by then). Nothing is recorded about it: no score, no flag."""
        for path in sp.SAFETY_RATINGS:
            if path not in self._pause_offered and is_low(sp.value_at(self.conv.data, path)):
                self._pause_offered.add(path)
                return path
        return None

    def safety_pause(self, area: str | None = None) -> SafetyPause:
        """The pause's words (after a low rating of ``area``, or the worker's own pause):
        what to do now, the agency's out-of-hours and crisis numbers, and whether the plan for
        hard times can be opened from here."""
        content = self.conv.content
        return safety_pause(
            getattr(content, "agency", None),
            area=area,
            name=self.person_name or "",
            can_go=HARD_TIMES_TOPIC in content.topics
            and self.conv.current_topic != HARD_TIMES_TOPIC,
        )

    def start_topic(self) -> str | None:
        """The topic the list of topics starts on, so Enter carries on: Looking back in a
        review of an agreed plan until it is done, else the first topic not done. Never
        Looking back in a meeting with no earlier one (nothing under ``previous``): there is
        nothing to look back on yet; nor once done: Enter on the list (after closing the
        Finish dialog, say) opened it again, asking about what was made since. None when
        every other topic is done."""
        topics = self.conv.topics()
        status = {t.id: t.status for t in topics}
        if self.kind == "review" and status.get(REVIEW_TOPIC) != "done":
            return REVIEW_TOPIC
        first_meeting = sp.value_at(self.conv.data, sp.PREVIOUS) is None
        return next(
            (
                t.id
                for t in topics
                if t.status != "done" and not (first_meeting and t.id == REVIEW_TOPIC)
            ),
            None,
        )

    def go_to_hard_times(self) -> Outcome:
        """Open the plan for hard times (the topic on screen keeps its place), then save."""
        return self.goto_topic(HARD_TIMES_TOPIC)

    # -- finishing --------------------------------------------------------------------

    def ready_to_finish(self) -> bool:
        """True once both were asked whether they agree the plan and the Closing topic (if
        the content has one) is done: the time to offer finishing the meeting."""
        if agreement_of(self.conv.data) is None:
            return False
        closing = [t for t in self.conv.topics() if t.id == CLOSING_TOPIC]
        return not closing or closing[0].status == "done"

    def offer_finish(self) -> bool:
        """True the first time the meeting is :meth:`ready_to_finish`: finishing is offered
        once per meeting (they may carry on after saying not yet)."""
        if self._finish_offered or not self.ready_to_finish():
            return False
        self._finish_offered = True
        return True

    def _ratings_by(self, ratings: Mapping[str, Any]) -> str | None:
        """Who gave this meeting's ratings, from the answer log: the one speaker when one
        gave them all, "both" when both did (together, or some each); None if the log does
        not say (never credited to both by default)."""
        prov = Provenance(self.conv.log)
        # given_by: a rating given again as it was (a topic gone through again) stays
        # credited to whoever gave it.
        given = {prov.given_by(f"{sp.RATINGS}.{area}") for area in ratings}
        given.discard(None)
        if len(given) == 1:
            return given.pop()
        return "both" if given else None

    def finish(self, *, agreed: bool) -> tuple[int | None, str]:
        """Close the meeting, saving the plan as a new version (agreed, or not yet).

        Returns (plan version or None, a message for the people at the screen). An agreed
        plan needs both to have said yes (or mostly) in the Closing topic.
        """
        status = self.save()
        if self.case is None or not self.recording:
            self.closed = True
            if self.case is not None and self._ever_saved:
                # A later "no", and the people chose to keep what was saved before it.
                self.status = SaveStatus(CLOSED, "Finished. Nothing more was saved.")
                return None, (
                    "Finished. Nothing more was saved, and no plan version was made. What "
                    "was saved before the no to keeping a record stays."
                )
            self.status = SaveStatus(CLOSED, "Finished. Nothing was recorded.")
            return None, "Finished. Nothing from this meeting was recorded."
        if not status.ok:
            return None, status.message
        try:
            if agreed:
                plan = agree_plan(
                    self.case,
                    self.conv.data,
                    self.conv.log,
                    content=self.conv.content,
                    session_id=self.session_id,
                    by="both",
                    history=self.conv.history,
                    # The plan read back in the finish dialog, when it is still this
                    # meeting's: not built again if a fresh build would give the same.
                    built=self._worked_out().plan,
                )
                version = plan.number
            else:
                # Built afresh: the draft is stamped with the time it is saved.
                version = self.case.add_plan_version(
                    self._build(self.conv.data).to_json(), agreed=False, session_id=self.session_id
                )
            ratings = sp.value_at(self.conv.data, sp.RATINGS)
            if isinstance(ratings, Mapping) and ratings:
                self.case.add_ratings(
                    ratings, session_id=self.session_id, by=self._ratings_by(ratings)
                )
            self.case.audit(
                "meeting_closed", session=self.session_id, plan_version=version, agreed=agreed
            )
        except PlanError as exc:
            return None, str(exc)
        except RecordsError as exc:
            self.status = SaveStatus(FAILED, str(exc))
            return None, str(exc)
        # Earlier closed meetings leave the case file, so saves stay small however many
        # meetings a person has had (records/archive.py). This one stays: the worker's
        # reflection is written into it next. If it cannot be done now, everything is still
        # in the case file and the next meeting's close tries again.
        with contextlib.suppress(RecordsError):
            self.case.archive_closed(keep={self.session_id})
        self.closed = True
        self.status = SaveStatus(CLOSED, at=self._clock())
        if agreed:
            return version, f"The plan is agreed and saved as version {version}."
        return version, f"The plan is saved as version {version}, not agreed yet."
