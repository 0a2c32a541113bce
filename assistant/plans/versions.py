"""Plan versions in a person's case record: agree a new version, read earlier ones.

Agreeing builds the plan from the meeting (see :mod:`assistant.plans.from_session`) and adds
it to the record as a new, immutable version; the record writes ``plan_saved`` and
``plan_agreed`` audit events in the same durable write.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from assistant.dates import local_day
from assistant.engine.state import Transaction, transactions
from assistant.plans.from_session import build_plan, taken_off_before
from assistant.plans.model import (
    IDENTIFYING,
    TRAINING_WATERMARK,
    PersonRef,
    Plan,
    PlanFormatError,
    PlanState,
    plan_from_json,
)
from assistant.plans.since_agreed import agreeing_topic, changes_since_agreed, said_changes
from assistant.plans.state import HOW_WORDS, long_day, state_of
from assistant.plans.workers import recorded_workers, version_worker
from assistant.store_paths import agrees


class _Point(Protocol):
    @property
    def plan_version(self) -> int | None: ...


_P = TypeVar("_P", bound=_Point)


class PlanError(Exception):
    """A plan problem the user can act on (the message says what to do)."""


@dataclass(frozen=True)
class PlanVersion:
    """A saved version; ``plan.state`` says draft or agreed (see :mod:`assistant.plans.state`)."""

    number: int
    saved_at: str
    agreed: bool
    session: str | None
    plan: Plan

    @property
    def state(self) -> PlanState:
        assert self.plan.state is not None  # versions() always sets it
        return self.plan.state


def versions(case: Any) -> list[PlanVersion]:
    """Every plan version in the record, oldest first.

    Each carries the person's identifiers (reference, NHS number, date of birth) as the
    record holds them now: they say who the plan is for, not what was agreed, so a
    number added or corrected after a version was saved is in every export of it (the name
    stays as saved).
    """
    found = []
    person = getattr(case, "person", None) or {}
    identifiers = {k: person.get(k) for k in IDENTIFYING}
    # Versions erased with their meeting: later versions' history points of them go.
    erased: Collection[int] = getattr(case, "erased_plan_versions", None) or ()
    docs = case.plan_versions()
    # Who the worker was at each version's meeting (plans/workers.py): named in its state.
    workers = recorded_workers(
        case, [d["session"] for d in docs if isinstance(d.get("session"), str)]
    )
    read: dict[int, Plan] = {}
    for doc in docs:
        number = int(doc.get("version", 0))
        try:
            plan = plan_from_json(doc.get("plan"))
        except PlanFormatError as exc:
            raise PlanError(f"Plan version {number} cannot be read: {exc}") from exc
        # The record's numbering and its draft/agreed state are the truth, whatever the
        # plan's own Closing answers say (a plan saved "not agreed yet" may hold two yeses).
        worker = version_worker(doc, workers)
        state = state_of(doc, worker.name if worker else None)
        who = plan.person.model_copy(update=identifiers)
        plan = plan.model_copy(update={"number": number, "state": state, "person": who})
        if erased:
            plan = without_erased(plan, erased)
        follows = read.get(plan.previous_number) if plan.previous_number is not None else None
        if follows is not None and "taken_off" not in doc["plan"]:
            # Saved before plans kept what was taken off a list: worked out from the version
            # it follows, as a meeting's plan is. Not when that version was erased with its
            # meeting (a goal gone then would be said to go later, on the wrong day).
            plan = plan.model_copy(update={"taken_off": taken_off_before(follows, plan)})
        read[number] = plan
        found.append(
            PlanVersion(
                number=number,
                saved_at=str(doc.get("at", "")),
                agreed=state.agreed,
                session=doc.get("session"),
                plan=plan,
            )
        )
    return _with_replacements(found)


def _with_replacements(found: list[PlanVersion]) -> list[PlanVersion]:
    """Each version a later agreed one replaces says which, and when it was agreed: an old
    version exported or printed again must not read as the plan in use."""
    replacing: PlanState | None = None
    number = 0
    for index in range(len(found) - 1, -1, -1):
        version = found[index]
        state = version.plan.state
        if replacing is not None and state is not None:
            later = {"replaced_by": number, "replaced_at": replacing.agreed_at}
            plan = version.plan.model_copy(update={"state": state.model_copy(update=later)})
            found[index] = replace(version, plan=plan)
        if version.agreed and state is not None:
            replacing, number = state, version.number
    return found


def _kept(points: list[_P], erased: Collection[int]) -> list[_P]:
    return [p for p in points if p.plan_version not in erased]


def without_erased(plan: Plan, erased: Collection[int]) -> Plan:
    """``plan`` without the history points of the versions in ``erased``.

    Erasing a meeting removes its plan version, but each later version copied that
    meeting's measures, ratings, attainment and status steps into its own history, and its
    lines of the goals and people taken off at it (``Plan.taken_off``): they are left out
    here, so no screen, export or later version shows them. (By the erased
    numbers, not by the numbers still held: an imported plan's history names the versions
    of the copy it came from.)"""

    def gone(points: Sequence[Any]) -> bool:
        return any(p.plan_version in erased for p in points)

    update: dict[str, Any] = {}
    if gone(plan.measures.history):
        history = _kept(plan.measures.history, erased)
        update["measures"] = plan.measures.model_copy(update={"history": history})
    if any(gone(a.history) for a in plan.life_areas):
        update["life_areas"] = [
            a.model_copy(update={"history": _kept(a.history, erased)}) for a in plan.life_areas
        ]
    if any(gone(g.attainment_history) for g in plan.goals):
        update["goals"] = [
            g.model_copy(update={"attainment_history": _kept(g.attainment_history, erased)})
            for g in plan.goals
        ]
    tries = plan.community.opportunities
    if any(gone(o.status_history) for o in tries):
        kept = [
            o.model_copy(update={"status_history": _kept(o.status_history, erased)}) for o in tries
        ]
        update["community"] = plan.community.model_copy(update={"opportunities": kept})
    if any(gone(r.history) for r in plan.referrals):
        update["referrals"] = [
            r.model_copy(update={"history": _kept(r.history, erased)}) for r in plan.referrals
        ]
    if gone(plan.taken_off):
        # "Goal taken off on <the erased meeting's day>" would tell of the meeting erased.
        update["taken_off"] = _kept(plan.taken_off, erased)
    return plan.model_copy(update=update) if update else plan


def load_version(case: Any, number: int | None = None) -> Plan:
    """Plan version ``number`` (the latest when None), or :class:`PlanError`."""
    found = versions(case)
    if not found:
        raise PlanError(
            "There is no agreed plan in this record yet. Agree one together at the end of a "
            "meeting, or run `cpi-assistant plan agree PERSON`."
        )
    if number is None:
        return found[-1].plan
    for version in found:
        if version.number == number:
            return version.plan
    numbers = ", ".join(str(v.number) for v in found)
    raise PlanError(f"There is no plan version {number}; this record has version(s) {numbers}.")


def latest_agreed(found: list[PlanVersion]) -> PlanVersion | None:
    """The newest agreed version, or None."""
    return next((v for v in reversed(found) if v.agreed), None)


def version_to_export(
    found: list[PlanVersion], number: int | None = None, *, doing: str = "export"
) -> PlanVersion:
    """The version an export uses: ``number``, else the latest agreed one.

    With nothing agreed yet, refuses (``PlanError``) and says how to choose a draft: a care
    coordinator sharing "the plan" must not send a draft by accident, but can ask for one
    (it is then marked as a draft on every page). ``doing`` says what the message says there
    is nothing to do ("export", "show").
    """
    if not found:
        raise PlanError(
            f"There is no plan in this record yet, so there is nothing to {doing}. Finish a "
            "meeting to save one."
        )
    if number is not None:
        for version in found:
            if version.number == number:
                return version
        numbers = ", ".join(str(v.number) for v in found)
        raise PlanError(f"There is no plan version {number}; this record has version(s) {numbers}.")
    agreed = latest_agreed(found)
    if agreed is None:
        drafts = ", ".join(str(v.number) for v in found)
        raise PlanError(
            f"No version of this plan has been agreed yet (draft version(s): {drafts}), so "
            "nothing was exported. Agree the plan at the end of a meeting, or export a draft "
            f"on purpose with --version {found[-1].number} (it is marked as a draft on every "
            "page)."
        )
    return agreed


def newer_drafts(found: list[PlanVersion], version: PlanVersion) -> list[PlanVersion]:
    """Draft versions saved after ``version`` (worth a mention when exporting it)."""
    return [v for v in found if v.number > version.number and not v.agreed]


def built_on(found: list[PlanVersion], session_id: str | None) -> Plan | None:
    """The version a meeting's plan is built on: the newest one from an EARLIER meeting.

    A version saved from this same meeting (a draft saved at its close, then agreed later)
    was built from the same answers on the same earlier version: building on it would count
    this meeting's measures, ratings and attainment twice (once as "last time")."""
    for version in reversed(found):
        if session_id is None or version.session != session_id:
            return version.plan
    return None


def person_ref(case: Any) -> PersonRef:
    """Who a plan is for, from the case record: name, reference and NHS number."""
    return PersonRef.of(case.person)


def closing_said(agreement: Any) -> str:
    """Why Closing does not agree a plan, in words: who has not said, or who did not agree."""
    said = {"the person": agreement.person_agrees, "the worker": agreement.worker_agrees}
    missing = [who for who, code in said.items() if code is None]
    if missing:
        verb = "has" if len(missing) == 1 else "have"
        return f"{' and '.join(missing)} {verb} not said whether they agree"
    against = [who for who, code in said.items() if not agrees(code.code)]
    return f"{' and '.join(against)} did not say yes or mostly to it"


def rebuilt_as(
    built: Plan,
    *,
    previous: Plan | None,
    person: PersonRef,
    session: str | None,
    number: int,
    created: str,
    content: Any,
) -> Plan | None:
    """``built`` as :func:`build_plan` would build it again from the same answers, log and
    content with these inputs, or None when it might differ.

    ``built`` has no number (built during a meeting): it was built on ``previous`` (the
    version's number is all the plan keeps of it: versions never change), for this person,
    session and content, and its statuses name the version after ``previous``. A fresh
    build differs from it only in the number and the time it is stamped with, and in the
    day that time gives statuses (so a plan built on another day is built again).
    """
    after = (previous.number or 0) + 1 if previous is not None else 1
    same = (
        built.number is None
        and number == after
        and built.previous_number == (previous.number if previous is not None else None)
        and built.person == person
        and built.session == session
        and built.content_hash == getattr(content, "hash", None)
        and built.created[:10] == created[:10]
    )
    return built.model_copy(update={"number": number, "created": created}) if same else None


def agree_plan(
    case: Any,
    data: Mapping[str, Any],
    log: Iterable[Mapping[str, Any]] = (),
    *,
    content: Any = None,
    session_id: str | None = None,
    by: str = "both",
    created: str | None = None,
    agreed_after: str | None = None,
    agreed_how: str | None = None,
    agreed_on: _dt.date | None = None,
    history: Sequence[Transaction] | None = None,
    built: Plan | None = None,
) -> Plan:
    """Build the plan from a meeting and save it as the next agreed version.

    Refuses (``PlanError``) unless the person and the worker both said yes or mostly in the
    Closing topic: a plan is agreed together or not at all; and when the plan changed after
    they said yes (``since_agreed``): the yes was for the plan as it was then.
    ``agreed_after``/``agreed_how``: agreed after its meeting, which saved it as not agreed
    yet (see ``agree_from_session``): both have agreed since, so what Closing said is kept in
    the plan but not asked again.
    ``agreed_on``: the day they agreed it, when not today (checked by the caller).
    ``history``: the meeting's undo history, to tell what changed after both said yes
    (:mod:`assistant.plans.since_agreed`).
    ``built``: the plan the caller already built from ``data`` and ``log`` with the same
    ``content`` and no number (a meeting's plan, read back in its finish dialog): used
    instead of building it again when a fresh build would give the same plan
    (:func:`rebuilt_as`).
    """
    found = versions(case)
    number = (found[-1].number if found else 0) + 1
    log = list(log)
    previous, person = built_on(found, session_id), person_ref(case)
    # One time for every build here (as each fresh build would stamp, to the second).
    created = created or _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    reused = (
        rebuilt_as(
            built,
            previous=previous,
            person=person,
            session=session_id,
            number=number,
            created=created,
            content=content,
        )
        if built is not None
        else None
    )

    def build(answers: Mapping[str, Any]) -> Plan:
        if reused is not None and answers is data:
            return reused
        return build_plan(
            answers,
            log,
            previous,
            content=content,
            person=person,
            session=session_id,
            number=number,
            created=created,
        )

    plan = build(data)
    if found:  # it follows the newest version, even one of this meeting's own drafts
        plan = plan.model_copy(update={"previous_number": found[-1].number})
    if getattr(case, "training", False):
        plan = plan.model_copy(update={"watermark": TRAINING_WATERMARK})
    # Agreed after the meeting: both have confirmed since, and that agreement is what counts;
    # the plan keeps what was said in Closing (the record of the meeting).
    # Where agreeing is asked, by the title the screen shows (a pack may retitle it).
    where = agreeing_topic(content)
    if agreed_after is None and not plan.agreement.both_agreed:
        raise PlanError(
            f"The plan was not saved: {closing_said(plan.agreement)}. Nothing was changed. "
            f"Go through {where} together and agree the plan there."
        )
    # A yes is for the plan as it was then: a plan changed since was not agreed by them.
    changed = changes_since_agreed(data, log, build, history) if agreed_after is None else []
    if changed:
        raise PlanError(
            f"The plan was not saved as agreed: it changed after you both said yes in {where} "
            f"({said_changes(changed)}). Nothing was changed. Go through {where} together "
            "and agree the plan again, or save it as not agreed yet."
        )
    saved = case.add_plan_version(
        plan.to_json(),
        agreed=True,
        session_id=session_id,
        by=by,
        agreed_at=agreed_on.isoformat() if agreed_on is not None else None,
        agreed_after=agreed_after,
        agreed_how=agreed_how,
    )
    doc: dict[str, Any] = next(
        (d for d in reversed(case.plan_versions()) if d.get("version") == saved), {}
    )
    # Returned as the record now holds it: numbered, and agreed (when, by whom).
    worker = version_worker(doc, recorded_workers(case, [session_id] if session_id else []))
    state = state_of({"agreed": True, **doc}, worker.name if worker else None)
    return plan.model_copy(update={"number": saved, "state": state})


def latest_session(case: Any, session_id: str | None = None) -> tuple[str, dict[str, Any]]:
    """(session id, saved engine state) of one session, the latest by default."""
    sessions = case.sessions()
    if session_id is not None:
        sessions = [s for s in sessions if s.get("session_id") == session_id]
        if not sessions:
            raise PlanError(f"There is no session {session_id!r} in this record.")
    if not sessions:
        raise PlanError("This record has no saved meeting yet, so there is nothing to agree.")
    latest = sessions[-1]
    return str(latest["session_id"]), latest.get("state") or {}


def saved_not_agreed(case: Any, session_id: str) -> PlanVersion | None:
    """The draft a meeting saved at its close ("Save, not agreed yet"), when the newest
    version from that meeting is one; None otherwise."""
    mine = [v for v in versions(case) if v.session == session_id]
    return mine[-1] if mine and not mine[-1].agreed else None


def refuse_if_agreed(case: Any, session_id: str) -> None:
    """``PlanError`` when the newest version from this meeting is agreed already (at its
    close, or since): agreeing again would add a version reading "agreed on <today>" for
    what was agreed then."""
    mine = [v for v in versions(case) if v.session == session_id]
    if mine and mine[-1].agreed:
        on = long_day(mine[-1].state.agreed_at)
        raise PlanError(
            f"The plan from this meeting is agreed already: version {mine[-1].number}"
            f"{f', agreed on {on}' if on else ''}. Nothing was changed."
        )


def meeting_said(agreement: Any, name: str) -> str:
    """What Closing said when it did not agree the plan ("Sam said no to it"); "" when both
    said yes or mostly there."""
    if agreement.both_agreed:
        return ""
    said = []
    for who, code in ((name, agreement.person_agrees), ("the worker", agreement.worker_agrees)):
        if code is None:
            said.append(f"{who} did not say whether they agree")
        elif not agrees(code.code):
            said.append(f"{who} said no to it")
    return " and ".join(said)


def not_agreed_words(draft: PlanVersion, name: str | None = None) -> str:
    """What a worker agreeing it later must be told first: the pair chose not to agree it,
    and what Closing said when one of them did not say yes (people change their minds)."""
    day = long_day(draft.saved_at)
    name = name or draft.plan.person.display_name or "the person"
    said = meeting_said(draft.plan.agreement, name)
    return (
        f"At the meeting{f' on {day}' if day else ''} this plan was saved as version "
        f"{draft.number}, not agreed yet{f': {said}' if said else ''}."
    )


def check_agreed_on(draft: PlanVersion, day: _dt.date, today: _dt.date) -> None:
    """``PlanError`` when a plan its meeting saved as not agreed yet cannot have been agreed
    on ``day``: a day still to come, or one before that meeting."""
    on = long_day(day.isoformat())
    if day > today:
        raise PlanError(
            f"{on} has not come yet: give the day the person and the worker agreed the plan, "
            "today or before. Nothing was agreed."
        )
    meeting = local_day(draft.saved_at)
    if meeting is not None and day < meeting:
        raise PlanError(
            f"{on} is before the meeting that made this plan, on {long_day(draft.saved_at)}: "
            "it cannot have been agreed then. Give the day they agreed it, that day or later. "
            "Nothing was agreed."
        )


def agree_from_session(
    case: Any,
    *,
    content: Any = None,
    session_id: str | None = None,
    by: str = "both",
    agreed_how: str | None = None,
    agreed_on: _dt.date | None = None,
    today: _dt.date | None = None,
) -> Plan:
    """Agree the plan from a saved session (its answers and answer log). A practice keeps
    its conversation under ``conversation``, beside the persona and the trainee.

    A meeting that saved its plan as not agreed yet was the pair's choice: agreeing it later
    needs ``agreed_how`` (how both agreed since, a key of ``HOW_WORDS``), and the version
    and its audit event say it was agreed after the meeting. Without it, ``PlanError``.
    ``agreed_on``: the day both agreed it since, when not today (e.g. on the phone
    yesterday): never after ``today`` (default: this computer's) nor before the meeting;
    only for such a plan (one agreed in Closing was agreed at its meeting)."""
    sid, state = latest_session(case, session_id)
    refuse_if_agreed(case, sid)
    draft = saved_not_agreed(case, sid)
    if draft is not None and agreed_how not in HOW_WORDS:
        raise PlanError(
            f"{not_agreed_words(draft)} Nothing was agreed. If the person and the worker have "
            "both agreed to it since, say how they agreed."
        )
    if agreed_on is not None:
        if draft is None:
            raise PlanError(
                "A day agreed is for a plan its meeting saved as not agreed yet; this one was "
                "agreed at its meeting. Nothing was agreed."
            )
        check_agreed_on(draft, agreed_on, today or _dt.date.today())
    practice = state.get("conversation")
    if "data" not in state and isinstance(practice, dict):
        state = practice
    return agree_plan(
        case,
        state.get("data") or {},
        state.get("log") or [],
        content=content,
        session_id=sid,
        by=by,
        agreed_after=draft.saved_at if draft is not None else None,
        agreed_how=agreed_how if draft is not None else None,
        agreed_on=agreed_on,
        history=transactions(state.get("history")),
    )
