"""The supervision export: the plan in brief, and its rendering (md, html, txt).

A supervision export is not a copy of the plan (``plans.sharing.copy_for`` never makes
one): it is a separate document for the worker and their supervisor, built by
``assistant.meetings.supervision`` from the case record. The plan part here is its headings
in brief, without the parts the person keeps private (``plans.sharing.without_private``)
and with no contact details: no phone numbers, addresses or "how to reach" of anyone, no
directory contact details. People in the network are counted by circle, not listed, and an
action says who does it only as "the person", "the worker", "both" or "someone else". The
people's own words (what matters, goals, steps, actions, the worker's reflection) are kept
as written, and those can name people: the notes are not anonymous. A person the person
keeps private is never named, though: their name in anyone's words is put as
"[a person kept private]" (``plans.private_names``).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Final

from assistant.content_pack.layers import ContentLayers
from assistant.engine.functions import ASKED_PREFIX
from assistant.export.escape import wrap_text
from assistant.export.templates import Kind, TemplateProblem, render_template
from assistant.plans.model import Plan
from assistant.plans.private_names import masker
from assistant.plans.sharing import without_private
from assistant.plans.state import plan_state_words, state_label
from assistant.sentences import quoted

#: The formats a supervision export comes in, and each one's template.
SUPERVISION_FORMATS: Final = {
    "md": "supervision.md.j2",
    "html": "supervision.html.j2",
    "txt": "supervision.txt.j2",
}
#: The ``--for`` word (and the export dialog's choice) for supervision notes.
SUPERVISION: Final = "supervision"
#: At the top of every supervision export (the templates print it; a test checks it).
SUPERVISION_NOTICE: Final = "For supervision. Not for the person's file unless they have seen it."
_TEXT_WIDTH: Final = 88

# Who does an action, without naming anyone else (a name typed there may be a third party's).
_WHO: Final = {
    "person": "the person",
    "worker": "the worker",
    "both": "both",
    "other": "someone else",
}


# The network map's circles (1 closest), in words.
_CIRCLES: Final = {1: "closest", 2: "middle", 3: "further away"}


class SupervisionError(Exception):
    """The supervision export could not be made; the message says why and what to do."""


def _words(value: Any) -> str | None:
    text = getattr(value, "text", None)
    return text if isinstance(text, str) and text.strip() else None


def _masked(value: Any, mask: Any) -> Any:
    """``value`` (the brief's plain data) with ``mask`` applied to every string in it."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_masked(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: _masked(v, mask) for k, v in value.items()}
    return value


def plan_brief(plan: Plan) -> dict[str, Any]:
    """The plan's headings in brief, as plain data (see the module docstring), with the
    names of people kept private masked in everyone's words."""
    brief: dict[str, Any] = _masked(_brief(plan), masker(plan))
    return brief


def _goal_actions_for_worker(kept: Plan) -> list[dict[str, Any]]:
    """The goals' actions whose who is the worker (or both), for "The worker's actions":
    the worker's to-do is in both lists. Each says which goal it is in; one already in the
    worker's own list (started from it: ``ASKED_PREFIX`` and its id, or the same words) is not
    listed twice."""
    listed = {a.id for a in kept.worker_journey.actions}
    words = {a.what.strip().casefold() for a in kept.worker_journey.actions}
    found = []
    for goal in kept.goals:
        for a in goal.actions:
            if a.who is None or a.who.kind not in ("worker", "both"):
                continue
            if f"{ASKED_PREFIX}{a.id}" in listed or a.what.strip().casefold() in words:
                continue
            with_whom = ", with the person" if a.who.kind == "both" else ""
            found.append(
                {
                    "what": f"{a.what} (an action for the goal {quoted(goal.what)}{with_whom})",
                    "by_when": a.by_when,
                    "status": a.status.label if a.status is not None else None,
                    "goal": goal.what,
                }
            )
    return found


def _brief(plan: Plan) -> dict[str, Any]:
    kept = without_private(plan)
    circles = Counter(_CIRCLES.get(p.circle or 0, "not placed") for p in kept.network.people)
    goals = []
    for goal in kept.goals:
        goals.append(
            {
                "what": goal.what,
                "first_step": _words(goal.smallest_step),
                "status": goal.next.label if goal.next is not None else None,
                "actions": [
                    {
                        "what": a.what,
                        "who": _WHO.get(a.who.kind, "") if a.who is not None else "",
                        "by_when": a.by_when,
                        "status": a.status.label if a.status is not None else None,
                    }
                    for a in goal.actions
                ],
            }
        )
    # The worker's own actions (the worker's journey), those the person keeps private left out.
    worker_actions: list[dict[str, Any]] = [
        {
            "what": a.what,
            "by_when": a.by_when,
            "status": a.status.label if a.status is not None else None,
            "goal": None,
        }
        for a in kept.worker_journey.actions
    ]
    worker_actions += _goal_actions_for_worker(kept)
    return {
        "number": plan.number,
        "state": state_label(plan.state),
        "state_words": plan_state_words(plan, "the person"),
        "what_matters": _words(kept.about.what_matters),
        "more_help": [a.label for a in kept.life_areas if a.more_help],
        "network_people": len(kept.network.people),
        "network_circles": [
            {"circle": name, "people": circles[name]}
            for name in (*_CIRCLES.values(), "not placed")
            if circles[name]
        ],
        "concerns": len(kept.concerns),
        "to_try": [o.what for o in kept.community.opportunities],
        "goals": goals,
        "worker_actions": worker_actions,
        "hard_times": kept.hard_times is not None,
        "next_meeting": kept.agreement.next_meeting,
        "private_parts": bool(plan.sharing.private) or plan.sharing.keep_private is not None,
    }


def supervision_file_name(context: dict[str, Any], fmt: str) -> str:
    """The file's name, like a plan export's (``plan-v2.html``): no personal details, the
    plan version it sums up and the day of the latest meeting it covers, e.g.
    ``supervision-plan-v2-2026-12-01.md`` (``supervision.md`` when there is neither)."""
    plan = context.get("plan")
    number = plan.get("number") if isinstance(plan, dict) else None
    day = context.get("latest_day") or ""
    parts = ["supervision", *([f"plan-v{number}"] if number else []), *([day] if day else [])]
    return f"{'-'.join(parts)}.{fmt}"


def render_supervision(
    context: dict[str, Any],
    fmt: str,
    templates: Path | None = None,
    layers: ContentLayers | None = None,
) -> bytes:
    """The supervision export in ``fmt`` (md, html or txt) as bytes, ready to write.

    Templates are looked for as the plan's are: ``templates`` (a folder given for this
    export) first, then the content ``layers`` (an agency pack's, then the base content's;
    default: the shipped ones)."""
    name = SUPERVISION_FORMATS.get(fmt)
    if name is None:
        raise SupervisionError(
            f"A supervision export comes as {', '.join(SUPERVISION_FORMATS)}, not {fmt}. "
            "Nothing was exported."
        )
    kind: Kind = fmt  # type: ignore[assignment]
    try:
        text = render_template(
            kind,
            name,
            {**context, "notice": SUPERVISION_NOTICE},
            templates,
            layers.templates() if layers is not None else None,
        )
    except TemplateProblem as exc:
        raise SupervisionError(str(exc)) from None
    if fmt == "txt":
        text = wrap_text(text, _TEXT_WIDTH)
    return text.encode("utf-8")


def audit_supervision(case: Any, context: dict[str, Any], fmt: str, destination: str) -> None:
    """Record a supervision export in the person's audit trail: an ``exported`` event with
    ``audience`` ``supervision`` (and the plan version it summed up, if any)."""
    plan = context.get("plan")
    case.audit(
        "exported",
        format=fmt,
        destination=destination,
        plan_version=plan["number"] if plan else None,
        plan_state=plan["state"] if plan else None,
        audience=SUPERVISION,
        audience_name=None,
        withheld=None,
    )
