"""Opening a meeting from a case record: new, later, review or resumed (no Textual here).

The app opens every meeting through :func:`open_meeting`; the data a later meeting starts
from is :func:`next_meeting_data`, which the CLI's demo and the authoring tools' walks use
too, so that they start later meetings exactly as the app does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from assistant import store_paths as sp
from assistant.engine.conversation import Conversation
from assistant.flows.loader import Content
from assistant.meetings.directory import with_person
from assistant.meetings.history import CaseRecord, History, history_of
from assistant.meetings.meeting import CaseLike, Meeting, new_session_id
from assistant.meetings.paths import name_from_record, name_of, with_name_from_record
from assistant.plans.from_session import data_for_next_meeting
from assistant.plans.model import Plan
from assistant.plans.versions import PlanError, versions
from assistant.records import RecordsError


def starting_data(
    seed: Mapping[str, Any] | None, person: Mapping[str, Any], *, new: bool = True
) -> dict[str, Any]:
    """A meeting's data as the record says it should start.

    A new meeting that has no name the person gave (the first one) gets the record's name,
    given on Home, so that Getting started does not ask it again; it is marked as only filled
    in from the record (:func:`~assistant.meetings.paths.name_from_record`). A later meeting
    keeps the name the person last gave (``about.name``, carried on): the record's name is the
    one the team files them under, and renaming the record (``details --name``) does not put
    words in their mouth about what they like to be called. A name still only filled in from
    the record follows it, so a typo corrected on the record is corrected there too.
    After a "no" to keeping a record (``person.consent_record`` is False), an earlier "yes"
    in the answers no longer counts: nothing is saved until the person says yes again.
    """
    data = dict(seed or {})
    name = person.get("display_name")
    copied = name_of(data) is None or name_from_record(data)
    if new and copied and isinstance(name, str) and name.strip():
        data = with_name_from_record(data, name)
    drop = []
    if person.get("consent_record") is False:
        drop.append(sp.CONSENT_RECORD)
    if isinstance(sp.value_at(data, sp.CONSENT_NOT_RECORDED), str):
        # Older content kept the words of what should not be written down: they are not
        # carried into another meeting (only yes or no is asked now).
        drop.append(sp.CONSENT_NOT_RECORDED)
    return sp.without(data, drop)


def with_earlier_goals(data: dict[str, Any], previous_plan: Plan | None) -> dict[str, Any]:
    """A later meeting saved before ``previous.goals`` was kept (older versions), carried on
    now: the goals of the plan it started from are the ones it started with. Without them
    Looking back would look at no goal at all, and "Only the new ones" would take every goal
    for new. Their actions likewise (``previous.goal_actions``, kept later still): without
    them Looking back would ask about every open action, one added that day too. Unchanged
    when the meeting knows its goals and their actions, or is not a later meeting."""
    if previous_plan is None or not previous_plan.goals:
        return data
    earlier = sp.value_at(data, sp.PREVIOUS)
    if not isinstance(earlier, Mapping):
        return data
    if sp.value_at(data, sp.PREVIOUS_GOALS) is None:
        data = sp.with_value(data, sp.PREVIOUS_GOALS, [goal.id for goal in previous_plan.goals])
    if sp.value_at(data, sp.PREVIOUS_GOAL_ACTIONS) is None:
        actions = [action.id for goal in previous_plan.goals for action in goal.actions]
        data = sp.with_value(data, sp.PREVIOUS_GOAL_ACTIONS, actions)
    return data


def next_meeting_data(
    last: Mapping[str, Any],
    previous_plan: Plan | None = None,
    person: Mapping[str, Any] | None = None,
    *,
    worker: str | None = None,
    content: Content | None = None,
    log: Iterable[Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """The data a later meeting starts from: the last meeting's answers as
    docs/authors-guide.md ("Later meetings") says, then as the person's record says
    (:func:`starting_data`; ``person`` None: no record, e.g. the demo or a walk). ``worker``:
    the last meeting's worker as the record kept it (else its plan version's). ``content``
    and ``log`` (the last meeting's answer log): answers whose question no longer applied
    when it ended are left behind, as its plan left them out. A name the last meeting only
    filled in from the record, and the person did not answer, follows the record's name."""
    log = list(log)
    carried = data_for_next_meeting(last, previous_plan, worker=worker, content=content, log=log)
    if sp.value_at(carried, sp.NAME_FROM_RECORD) is not None and not name_from_record(last, log):
        # The person answered the name question last time: the name is theirs from now on.
        carried = sp.without(carried, [sp.NAME_FROM_RECORD])
    return starting_data(carried, person or {})


@dataclass(frozen=True)
class OpenedMeeting:
    """A meeting ready to show, with what the record says about earlier ones."""

    meeting: Meeting
    history: History
    #: Things worth telling the people (e.g. a resumed meeting's content changed since).
    warnings: tuple[str, ...] = ()


class OpenableCase(CaseLike, CaseRecord, Protocol):
    """What opening a meeting needs of a case record (``assistant.records.Case``)."""

    @property
    def person(self) -> dict[str, Any]: ...


class _LatestPlanOnly:
    """A record as ``plans.versions.versions`` reads it, with only its latest plan version:
    opening a meeting needs no other, and reading every one would read the archive of a
    long history (docs/records.md, "Archived meetings")."""

    def __init__(self, case: OpenableCase) -> None:
        self.person = case.person
        self._case = case

    def plan_versions(self) -> list[dict[str, Any]]:
        latest = self._case.latest_plans()[1]
        return [latest] if latest else []

    def session_workers(self, only: Any = None) -> dict[str, dict[str, Any]]:
        """Who the worker was at the latest version's meeting (plans/workers.py)."""
        read = getattr(self._case, "session_workers", None)
        return read(only) if read is not None else {}

    @property
    def erased_plan_versions(self) -> frozenset[int]:
        """Versions erased with their meeting: their points in the latest version's history
        are left out (``plans.versions.without_erased``), not carried into the next one."""
        erased: frozenset[int] = getattr(self._case, "erased_plan_versions", frozenset())
        return erased


class NothingToResume(Exception):
    """Resuming was asked, but the meeting is not open any more: it was finished (in another
    window, or by a command) after the list offering to resume it was drawn."""


def open_meeting(
    case: OpenableCase,
    content: Content,
    *,
    resume: bool = False,
    clock: Callable[[], str] | None = None,
) -> OpenedMeeting:
    """Open the person's meeting: the open one again (``resume``, when there is one to carry
    on), else a new one: the first, a later one from the last answers, or a review once a
    plan has been agreed. Raises :class:`NothingToResume` when there is no open meeting to
    resume, the engine's ``StateError``/``FlowError`` when a saved meeting cannot be read
    with this content, and ``RecordsError`` from the record."""
    history = history_of(case)
    try:
        found = versions(_LatestPlanOnly(case))
    except PlanError:
        found = []  # plans that cannot be read do not stop a meeting
    previous_plan = found[-1].plan if found else None
    person = case.person
    # The content's person_age() and person_gender() read this person's details.
    content = with_person(content, person)
    if resume and not history.can_resume:
        # Never a new meeting in its place without a word: the people asked to carry on.
        raise NothingToResume
    if resume:
        assert history.last_state is not None and history.last_session is not None
        state = dict(history.last_state)
        state["data"] = starting_data(state.get("data"), person, new=False)
        if previous_plan is not None and previous_plan.session != history.last_session:
            state["data"] = with_earlier_goals(state["data"], previous_plan)
        conv = Conversation.from_state(content, state)
        meeting = Meeting(
            conv,
            case,
            history.last_session,
            clock=clock,
            kind="resumed",
            # Opened after an agreed plan, it was a review (as a new meeting is, below); not
            # when the plan was agreed from this very meeting (`plan agree` while it was open).
            review=history.agreed_plan is not None
            and history.agreed_plan.get("session") != history.last_session,
            saved_upto=len(conv.log),
            previous_plan=previous_plan,
            person=person,
        )
        for change in conv.content_changes:
            # For whoever looks after the content: which topic and step ids changed. The
            # people are told in plain words (the warnings); the meeting opens either way.
            with contextlib.suppress(RecordsError):
                case.audit("content_changed", session=history.last_session, detail=change)
        return OpenedMeeting(meeting, history, tuple(conv.warnings))
    data = (
        next_meeting_data(
            history.last_data,
            previous_plan,
            person,
            worker=history.last_worker,
            content=content,
            log=history.last_log,
        )
        if history.meetings
        else starting_data(None, person)
    )
    kind = "review" if history.agreed_plan else ("next" if history.meetings else "first")
    meeting = Meeting(
        Conversation(content, data),
        case,
        new_session_id(),
        clock=clock,
        kind=kind,
        previous_plan=previous_plan,
        person=person,
    )
    return OpenedMeeting(meeting, history)
