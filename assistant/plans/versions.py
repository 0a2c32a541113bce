"""Plan versions in a person's case record: agree a new version, read earlier ones.

Agreeing builds the plan from the meeting (see :mod:`assistant.plans.from_session`) and adds
it to the record as a new, immutable version; the record writes ``plan_saved`` and
``plan_agreed`` audit events in the same durable write.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.plans.from_session import build_plan
from assistant.plans.model import (
    TRAINING_WATERMARK,
    PersonRef,
    Plan,
    PlanFormatError,
    plan_from_json,
)


class PlanError(Exception):
    """A plan problem the user can act on (the message says what to do)."""


@dataclass(frozen=True)
class PlanVersion:
    number: int
    saved_at: str
    agreed: bool
    session: str | None
    plan: Plan


def versions(case: Any) -> list[PlanVersion]:
    """Every plan version in the record, oldest first."""
    found = []
    for doc in case.plan_versions():
        number = int(doc.get("version", 0))
        try:
            plan = plan_from_json(doc.get("plan"))
        except PlanFormatError as exc:
            raise PlanError(f"Plan version {number} cannot be read: {exc}") from exc
        if plan.number != number:
            # The record's numbering is the truth; a plan saved without one gets it here.
            plan = plan.model_copy(update={"number": number})
        found.append(
            PlanVersion(
                number=number,
                saved_at=str(doc.get("at", "")),
                agreed=bool(doc.get("agreed")),
                session=doc.get("session"),
                plan=plan,
            )
        )
    return found


def load_version(case: Any, number: int | None = None) -> Plan:
    """Plan version ``number`` (the latest when None), or :class:`PlanError`."""
    found = versions(case)
    if not found:
        raise PlanError(
            "There is no agreed plan in this record yet. Agree one at the end of a meeting "
            "(the Closing topic), or run `cpi-assistant plan agree PERSON`."
        )
    if number is None:
        return found[-1].plan
    for version in found:
        if version.number == number:
            return version.plan
    numbers = ", ".join(str(v.number) for v in found)
    raise PlanError(f"There is no plan version {number}; this record has version(s) {numbers}.")


def person_ref(case: Any) -> PersonRef:
    person = case.person
    return PersonRef(display_name=person.get("display_name"), reference=person.get("reference"))


def agree_plan(
    case: Any,
    data: Mapping[str, Any],
    log: Iterable[Mapping[str, Any]] = (),
    *,
    content: Any = None,
    session_id: str | None = None,
    by: str = "both",
    created: str | None = None,
) -> Plan:
    """Build the plan from a meeting and save it as the next agreed version.

    Refuses (``PlanError``) unless the person and the worker both said yes or mostly in the
    Closing topic: a plan is agreed together or not at all.
    """
    found = versions(case)
    previous = found[-1].plan if found else None
    number = (found[-1].number if found else 0) + 1
    plan = build_plan(
        data,
        log,
        previous,
        content=content,
        person=person_ref(case),
        session=session_id,
        number=number,
        created=created,
    )
    if getattr(case, "training", False):
        plan = plan.model_copy(update={"watermark": TRAINING_WATERMARK})
    if not plan.agreement.both_agreed:
        said = {
            "the person": plan.agreement.person_agrees,
            "the worker": plan.agreement.worker_agrees,
        }
        missing = [who for who, code in said.items() if code is None]
        if missing:
            why = f"{' and '.join(missing)} {'has' if len(missing) == 1 else 'have'} not said"
        else:
            why = "not both said yes or mostly"
        raise PlanError(
            f"The plan was not saved: {why} whether they agree. Nothing was changed. "
            "Go through the Closing topic together and agree the plan there."
        )
    saved = case.add_plan_version(plan.to_json(), agreed=True, session_id=session_id, by=by)
    if saved != number:
        plan = plan.model_copy(update={"number": saved})
    return plan


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


def agree_from_session(
    case: Any, *, content: Any = None, session_id: str | None = None, by: str = "both"
) -> Plan:
    """Agree the plan from a saved session (its answers and answer log)."""
    sid, state = latest_session(case, session_id)
    return agree_plan(
        case,
        state.get("data") or {},
        state.get("log") or [],
        content=content,
        session_id=sid,
        by=by,
    )
