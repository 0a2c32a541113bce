"""The subject access export in words, from a person's record (no Textual here).

``cpi-assistant export-all`` writes the record as JSON (``CaseStore.export_all``); with
``--format html|txt`` it writes this instead, for the person to read: each meeting from its
answer log (the question as it was asked, the answer in words with the question's own
options and labels, who gave it, answers later undone or changed said so), each plan version
with its state and the plan as ``plan show`` prints it (the plan as saved, with its own
agency details), and the audit trail as the caller describes it (``cpi-assistant audit``'s
lines). Laid out by :mod:`assistant.export.subject_access`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from assistant.engine.answer_words import (
    computed_options,
    emptied,
    emptied_words,
    humanise,
    value_words,
)
from assistant.engine.answers import same_answer
from assistant.engine.conversation import CORRECTION, Conversation
from assistant.export.render import ExportError, render
from assistant.export.subject_access import (
    Answer,
    MeetingWords,
    PlanWords,
    SubjectAccessWords,
)
from assistant.flows.loader import Content
from assistant.marks import TRAINING_WATERMARK
from assistant.meetings.answer_questions import AnswerQuestions, list_change
from assistant.meetings.audit_words import person_by
from assistant.plans.from_session import labels_from_content
from assistant.plans.model import Audience
from assistant.plans.state import long_day, plan_state_words
from assistant.plans.versions import PlanError, versions
from assistant.plans.workers import meeting_workers
from assistant.sentences import full_stop

#: Log actions that hold an answer (a menu choice is one too).
_ANSWERS = ("answered", "changed", "chose", "skipped")


def _who(by: object, kept: bool = False, suggested: bool = False, worker: str | None = None) -> str:
    """Who gave an answer, spoken to the person as the rest of their copy is: you, the
    worker (named when the record knows the meeting's ``worker``), or both. ``kept``: the
    answer was given
    again as it already was (carried from an earlier meeting, say), so they kept it rather
    than said it. ``suggested``: the words were the app's suggestion (a referral's drafted
    wording), agreed as offered, not written by them."""
    who = person_by(by, worker)
    if not who:
        return ""
    if kept:
        return f"kept as it was by {who}"
    if suggested:
        return f"suggested by the app, agreed by {who}"
    return f"given by {who}"


def _taken_back(by: object, worker: str | None = None) -> str:
    """The note on an answer undone in the meeting, naming who undid it (whoever was
    answering when Back was pressed)."""
    said = "This answer was taken back (undone) in the meeting"
    who = person_by(by, worker)
    return f"{said} by {who}." if who else f"{said}."


def _node(content: Content | None, topic: str, node: str) -> Any:
    if content is None:
        return None
    index = content.topics.get(topic)
    return index.nodes.get(node) if index is not None else None


def _topic_title(content: Content | None, topic: str) -> str:
    index = content.topics.get(topic) if content is not None else None
    title = getattr(getattr(index, "topic", None), "title", "") if index is not None else ""
    return title or humanise(topic)


class _Options:
    """The words of answers stored as ids (options worked out as the question was asked:
    the goals to look at, directory entries), from the meeting's own answers."""

    def __init__(self, content: Content | None, data: Mapping[str, Any]) -> None:
        self.conv: Conversation | None = None
        self.labels: dict[str, dict[str, str]] = {}
        if content is None:
            return
        try:
            self.conv = Conversation(content, dict(data))
            self.labels = labels_from_content(content)
        except Exception:
            # Only words for reading: a meeting the topics no longer fit shows ids humanised.
            self.conv = None

    def __call__(self, node: Any, path: object) -> tuple[tuple[str, str], ...]:
        if self.conv is None or node is None:
            return ()
        path = str(path) if path else None
        return computed_options(self.conv, node, path, self.labels)


def meeting_answers(
    log: Sequence[Mapping[str, Any]],
    content: Content | None,
    data: Mapping[str, Any] | None = None,
    worker: str | None = None,
) -> list[Answer]:
    """Every answer in a meeting's log, in order, in words, who gave it spoken to the person
    ("given by you", "given by the worker (Priya Patel)": ``worker`` is the meeting's worker,
    when the record knows them; ``data``: the meeting's answers, for the words of answers
    stored as ids)."""
    # Who took each answer back: whoever was answering when Back was pressed. Records from
    # before that was kept say "both" for every undo, whoever it was: those name no one.
    undone = {
        e.get("of"): e.get("by") if e.get("by_known") else None
        for e in log
        if e.get("action") == "undone"
    }
    options = _Options(content, data or {})
    questions = AnswerQuestions.of(content)
    answers = []
    for entry in log:
        action = entry.get("action")
        if action not in _ANSWERS:
            continue
        node = _node(content, str(entry.get("topic") or ""), str(entry.get("node") or ""))
        question = questions.question(entry)
        # The words the options had when asked (kept in the log), else as worked out now.
        kept = entry.get("labels")
        offered = (
            tuple((str(k), str(v)) for k, v in kept.items()) if isinstance(kept, Mapping) else ()
        )
        offered = offered or options(node, entry.get("path"))
        old = entry.get("old")
        # A list shown filled in and saved again (an item added to what an earlier answer or
        # meeting listed) is a change too, as the audit trail says it; one kept as it was is
        # said whole, as kept.
        resaved = action == "answered" and not entry.get("kept")
        change = (
            list_change(old, entry.get("value"), node) if action == "changed" or resaved else None
        )
        if action == "skipped":
            said = "Not answered (left for now)."
        else:
            said = change or value_words(entry.get("value"), node, offered)
        notes = []
        corrected = action == "changed" and entry.get("reason") == CORRECTION
        if change is not None and emptied(entry.get("value"), old):
            # "The list after this: Nothing added yet" read as if nothing was ever said.
            notes.append(f"{emptied_words(node)}.")
        elif change is not None:
            # Said as what changed, so who made the change is not credited with the items
            # others gave; the whole list is there to read, credited to no one.
            notes.append(f"The list after this: {value_words(entry.get('value'), node, offered)}.")
        elif action == "changed" and old not in (None, "", []):
            was = value_words(old, node, offered)
            notes.append(
                f"Corrected from: {was} (that was a mistake in the record)."
                if corrected
                else f"Changed from: {full_stop(was)}"
            )
        elif resaved and old not in (None, "", []) and not same_answer(old, entry.get("value")):
            # Answered again differently (going through the topic again, a review asking
            # afresh): what it was before, as the audit trail of this copy says it.
            notes.append(f"Changed from: {full_stop(value_words(old, node, offered))}")
        elif corrected:
            notes.append("Corrected (the answer before was a mistake in the record).")
        if entry.get("seq") in undone:
            notes.append(_taken_back(undone[entry.get("seq")], worker))
        by = (
            ""
            if action == "skipped"
            else _who(
                entry.get("by"), bool(entry.get("kept")), bool(entry.get("suggested")), worker
            )
        )
        answers.append(Answer(question, said, by, " ".join(notes)))
    return answers


def held_sessions(data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The meetings in ``data`` (``CaseStore.export_all``), oldest first: "Meeting 1" is the
    first of them, in the copy's meetings and in its audit trail alike
    (:func:`meeting_numbers`)."""
    return [s for s in data.get("sessions") or () if isinstance(s, Mapping)]


def meeting_numbers(data: Mapping[str, Any]) -> dict[str, int]:
    """Each meeting's number in the person's copy, by its session id."""
    return {str(s.get("session_id")): n for n, s in enumerate(held_sessions(data), start=1)}


def _meetings(
    sessions: Sequence[Mapping[str, Any]],
    content: Content | None,
    workers: Mapping[str, str] | None = None,
) -> list[MeetingWords]:
    """Each meeting in words; ``workers``: the worker's name by session id, so an answer given
    by the worker names them as the copy's plan versions and audit trail do."""
    meetings = []
    for number, session in enumerate(sessions, start=1):
        state = session.get("state")
        state = state if isinstance(state, Mapping) else {}
        log = [e for e in state.get("log") or () if isinstance(e, Mapping)]
        data = state.get("data") if isinstance(state.get("data"), Mapping) else {}
        topics = [
            _topic_title(content, str(t)) for t in state.get("topics") or () if isinstance(t, str)
        ]
        meetings.append(
            MeetingWords(
                number,
                long_day(str(session.get("started") or "")) or "date not recorded",
                topics,
                meeting_answers(
                    log, content, data, (workers or {}).get(str(session.get("session_id")))
                ),
            )
        )
    return meetings


def _plans(case: Any, name: str) -> tuple[list[PlanWords], str]:
    """Each plan version in words, and a note when they cannot all be shown."""
    try:
        found = versions(case)
    except PlanError as exc:
        return [], f"{exc} Every plan version is in the subject access JSON file."
    plans = []
    for version in found:
        # Worded as the person's own copy of the version ("you said", "by you and Priya
        # Patel, your worker"), with everything it holds: not copy_for, which leaves the
        # worker's referral flags out of the person's copy.
        mine = version.plan.model_copy(update={"audience": Audience(kind="person")})
        try:
            text = render(mine, "txt").decode("utf-8")
        except ExportError as exc:
            text = f"This version could not be shown in words: {exc} It is in the JSON file."
        plans.append(PlanWords(version.number, plan_state_words(mine, name), text))
    return plans, "" if plans else "No plan has been saved."


def _workers(case: Any) -> dict[str, str]:
    """The worker's name at each meeting, by session id (as the audit trail names them)."""
    return {sid: w.name for sid, w in meeting_workers(case).items()}


def _rescue_copy(copy: Mapping[str, Any], describe: Callable[[dict[str, Any]], str]) -> list[str]:
    """A rescue copy of the record (answers the app could not save when it was closed, kept
    outside the records folder: docs/records.md) in words: where it is, and the answers and
    changes it holds that the record does not."""
    made = copy.get("made") or "a day not recorded"
    made = f"A rescue copy made when the app was closed on {made}"
    where = f"kept at {copy.get('file')}"
    if not copy.get("readable"):
        why = copy.get("why_not_readable") or "it could not be read"
        return [
            f"{made}, {where}, could not be read for this copy ({why}). Whoever looks after "
            "the app's records can open it."
        ]
    events = [e for e in copy.get("not_in_record") or () if isinstance(e, Mapping)]
    if not events:
        return [f"{made}, {where}: the record holds everything in it."]
    lines = [
        f"{made}, because saving was failing then, {where}. It holds {len(events)} answer(s) "
        "or change(s) that are not in the record:"
    ]
    lines += [f"In the rescue copy: {describe(dict(e))}" for e in events]
    return lines


def subject_access_words(
    case: Any,
    data: Mapping[str, Any],
    content: Content | None,
    *,
    details: Sequence[str],
    describe: Callable[[dict[str, Any]], str],
) -> SubjectAccessWords:
    """Everything in ``data`` (``CaseStore.export_all`` of ``case``) in words. ``details``:
    the person's details as lines; ``describe``: one audit event in words."""
    person = data.get("person") if isinstance(data.get("person"), Mapping) else {}
    name = str((person or {}).get("display_name") or "the person")
    sessions = held_sessions(data)
    plans, plans_note = _plans(case, name)
    other = [
        f"Ratings recorded: {len(data.get('ratings') or ())} set(s) (each plan version above "
        "shows them in words)."
    ]
    for number, session in enumerate(sessions, start=1):
        # Words typed and not given when the app was closed, kept to be put back in their
        # box (docs/records.md, "Words typed but not given"): held, so shown, though not an
        # answer.
        draft = session.get("draft")
        if isinstance(draft, Mapping) and draft.get("text"):
            other.append(
                f"Words typed in meeting {number} but not given when the app was closed (kept "
                f"to be put back in their box, not an answer): {draft['text']}"
            )
    damaged = data.get("damaged_copies") or ()
    if damaged:
        other.append(
            f"Damaged copies of the record set aside: {len(damaged)} (their contents are in "
            "the JSON file)."
        )
    for copy in data.get("rescue_copies") or ():
        if isinstance(copy, Mapping):
            other += _rescue_copy(copy, describe)
    files = [str(f) for f in data.get("files") or ()]
    if files:
        other.append("Files that hold the record: " + "; ".join(files))
    return SubjectAccessWords(
        name=name,
        exported=f"Made on {long_day(str(data.get('exported_at') or ''))} by "
        f"{data.get('app') or 'the Connecting People Assistant'}.",
        details=list(details),
        meetings=_meetings(sessions, content, _workers(case)),
        plans=plans,
        plans_note=plans_note,
        audit=[describe(dict(e)) for e in data.get("audit") or () if isinstance(e, Mapping)],
        other=other,
        training=TRAINING_WATERMARK if data.get("watermark") else "",
    )
