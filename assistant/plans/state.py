"""The one place that says whether a plan version is a draft or agreed, and in which words.

The screen, the command line and every export use these functions, so a version's state
(draft or agreed, when, by whom) reads the same everywhere. The state comes from the record
(``agreed``, ``at`` and ``agreed_at`` beside each version), never from the Closing answers
inside the plan: a plan saved with "Save, not agreed yet" is a draft even if both said yes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from assistant.dates import local_day, say_date
from assistant.sentences import full_stop

if TYPE_CHECKING:
    # Only for types: Home shows a record's plan state with the words and dates below before
    # anything has loaded pydantic (~250 ms), so this module must not load it either.
    from assistant.plans.model import Plan, PlanState

# The mark on every page of a draft, in every format.
DRAFT_MARK = "DRAFT – NOT AGREED YET"
DRAFT_NOTE = "This plan has not been agreed by the person and the worker."
EASY_DRAFT_MARK = "This plan is a draft. You have not agreed it yet."

# How a version saved as not agreed at its meeting was agreed afterwards (`plan agree`).
HOW_WORDS = {
    "in_person": "in person",
    "phone": "on the phone",
    "video": "on a video call",
    "writing": "in writing",
}


def saved_at_of(doc: Mapping[str, Any]) -> str | None:
    """When a plan version (``case.plan_versions()`` item) was saved."""
    return str(doc["at"]) if doc.get("at") else None


def agreed_at_of(doc: Mapping[str, Any]) -> str | None:
    """When a plan version was agreed: when saved, or later (the record notes ``agreed_at``);
    None for a draft."""
    if not doc.get("agreed"):
        return None
    return str(doc.get("agreed_at") or saved_at_of(doc) or "") or None


def state_of(doc: Mapping[str, Any], worker: str | None = None) -> PlanState:
    """The state of a plan version as the record holds it (``case.plan_versions()`` item);
    ``worker``: the name of the worker of its meeting, when known (plans/workers.py)."""
    from assistant.plans.model import PlanState

    saved = saved_at_of(doc)
    if not doc.get("agreed"):
        return PlanState(status="draft", saved_at=saved, worker=worker)
    # Agreeing always needs both: the app refuses to mark a plan agreed by one side only.
    how = doc.get("agreed_how")
    return PlanState(
        status="agreed",
        saved_at=saved,
        agreed_at=agreed_at_of(doc),
        agreed_by="both",
        agreed_after=str(doc["agreed_after"]) if doc.get("agreed_after") else None,
        agreed_how=how if how in HOW_WORDS else None,
        worker=worker,
    )


def _after_meeting(state: PlanState, meeting: str = "the meeting") -> tuple[str, str]:
    """(how, ", after the meeting of 7 December 2026") for a version agreed after its
    meeting, which saved it as not agreed yet; ("", "") for one agreed at its meeting."""
    if not state.agreed_after:
        return "", ""
    how = HOW_WORDS.get(state.agreed_how or "", "")
    day = long_day(state.agreed_after)
    return (f" {how}" if how else ""), (f", after {meeting} of {day}" if day else "")


def state_or_draft(plan: Plan) -> PlanState:
    """The plan's state; a plan that is not a saved version is a draft."""
    from assistant.plans.model import PlanState

    return plan.state if plan.state is not None else PlanState(status="draft")


def is_agreed(plan: Plan) -> bool:
    return plan.state is not None and plan.state.agreed


def long_day(stamp: str | None) -> str:
    """``2027-03-03T10:00:00+00:00`` -> ``3 March 2027`` ("" when unknown)."""
    day = local_day(stamp)
    return say_date(day, weekday=False, year=True) if day else ""


def _who(by: str | None, name: str | None, worker: str | None, to_person: bool) -> str:
    """Who agreed: the person (named, or "you" in their own copy) and the worker (by name when
    the version knows its meeting's worker: a handover must not make it read as today's)."""
    person = "you" if to_person else (name or "the person")
    whose = "your" if to_person else "their"
    if worker:
        the_worker = f"{worker}, {whose} worker"
    else:
        the_worker = "your worker" if to_person else "the worker"
    if by == "person":
        return person
    if by == "worker":
        return the_worker
    return f"{person} and {the_worker}"


def replaced_words(state: PlanState | None) -> str:
    """ "Replaced by version 2, agreed on 5 December 2026." for a version a later agreed one
    replaces ("" otherwise): an old version printed again must not read as the plan in use."""
    if state is None or not state.replaced_by:
        return ""
    on = long_day(state.replaced_at)
    return f"Replaced by version {state.replaced_by}{f', agreed on {on}' if on else ''}."


def state_words(
    state: PlanState | None,
    name: str | None = None,
    in_part: bool = False,
    *,
    to_person: bool = False,
) -> str:
    """One sentence for people and records, e.g. "Agreed together on 3 March 2027 by Sam and
    Priya Patel, their worker." ("by Sam and the worker." when the worker is not known) or
    "Draft: not agreed yet. Saved on 3 March 2027.". ``in_part``: one of them said "mostly",
    so the sentence says so and where to read what is not agreed. ``to_person``: the person's
    own copy, which speaks to them ("by you and Priya Patel, your worker"). A version agreed
    after its meeting (which saved it as not agreed yet) says how and when, never "together":
    "Agreed on the phone on 9 December 2026, after the meeting of 7 December 2026, by ...".
    A version a later one replaces says so after it (:func:`replaced_words`)."""
    later = replaced_words(state)
    later = f" {later}" if later else ""
    if state is None or not state.agreed:
        saved = long_day(state.saved_at) if state is not None else ""
        return (
            "Draft: not agreed yet. "
            + (f"Saved on {saved}." if saved else "Not saved as a plan version.")
            + later
        )
    on = long_day(state.agreed_at)
    how, after = _after_meeting(state)
    # Agreed after the meeting (on the phone, in writing): not "together" at a meeting.
    together = " together" if state.agreed_by in (None, "both") and not after else ""
    part = " in part" if in_part else ""
    who = _who(state.agreed_by, name, state.worker, to_person)
    by = f"{after}, by" if after else " by"
    sentence = f"Agreed{part}{together}{how}{f' on {on}' if on else ''}{by} {who}"
    if in_part:
        return f"{sentence.rstrip('.')}: what is not agreed is under Agreement.{later}"
    # The person's name may end with its own full stop ("Sam J."): one stop, not two.
    return full_stop(sentence) + later


def agreed_in_part(agreement: Any) -> bool:
    """The person or the worker said "mostly" at Closing (an ``Agreement``, or its JSON)."""
    if agreement is None:
        return False

    def code(value: Any) -> Any:
        if isinstance(value, Mapping):
            return value.get("code")
        return getattr(value, "code", value)

    if isinstance(agreement, Mapping):
        said = (agreement.get("person_agrees"), agreement.get("worker_agrees"))
    else:
        said = (agreement.person_agrees, agreement.worker_agrees)
    return any(code(value) == "mostly" for value in said)


def plan_state_words(plan: Plan, name: str | None = None) -> str:
    """:func:`state_words` for a plan, saying when it was agreed only in part; the person's
    own copy speaks to them."""
    to_person = plan.audience is not None and plan.audience.kind == "person"
    return state_words(
        plan.state, name, in_part=agreed_in_part(plan.agreement), to_person=to_person
    )


def state_easy_words(state: PlanState | None, in_part: bool = False) -> str:
    """The same in easy read: short, plain, spoken to the person."""
    later = (
        f" This is an old plan. Your newer plan is version {state.replaced_by}."
        if state is not None and state.replaced_by
        else ""
    )
    if state is None or not state.agreed:
        return EASY_DRAFT_MARK + later
    on = long_day(state.agreed_at)
    how, after = _after_meeting(state, "your meeting")
    what = "most of this plan" if in_part else "this plan"
    worker = f"your worker, {state.worker}," if state.worker else "your worker"
    return f"You and {worker} agreed {what}{how}{f' on {on}' if on else ''}{after}.{later}"


def state_label(state: PlanState | None) -> str:
    """A word for lists: ``agreed`` or ``draft``."""
    return "agreed" if state is not None and state.agreed else "draft"


def version_label(number: int | None, state: PlanState | None, in_part: bool = False) -> str:
    """A short line for lists, choices and the top of printed pages: "Version 2, agreed
    3 March 2027" ("agreed in part" when one said "mostly"; ", replaced by version 3" when a
    later agreed version replaces it) or "Version 3, draft (not agreed), saved 4 March 2027"."""
    head = f"Version {number}" if number else "This plan"
    later = f", replaced by version {state.replaced_by}" if state and state.replaced_by else ""
    if state is not None and state.agreed:
        on = long_day(state.agreed_at)
        part = " in part" if in_part else ""
        return f"{head}, agreed{part}{f' {on}' if on else ''}{later}"
    saved = long_day(state.saved_at) if state is not None else ""
    return f"{head}, draft (not agreed){f', saved {saved}' if saved else ''}{later}"


def earlier_plan_heading(plan: Plan) -> str:
    """The heading over last time's plan in a later meeting: agreed, or only a draft."""
    which = f"plan version {plan.number}" if plan.number else "the last plan"
    if plan.state is not None and plan.state.agreed:
        on = long_day(plan.state.agreed_at)
        return f"Last time we agreed ({which}{f', {on}' if on else ''})"
    return f"Last time ({which}, a draft: not agreed yet)"
