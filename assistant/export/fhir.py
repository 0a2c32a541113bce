"""A FHIR R4 Bundle for record systems: CarePlan (with activities), Goals, rating Observations,
the plan for hard times as a CarePlan of its own (``partOf`` the plan), and optionally
RelatedPerson for network members.

Built as plain JSON (no FHIR library at run time); the tests validate it with ``fhir.resources``
(its R4B models: R4B is R4 with corrections, and these resources are the same in both).
Ids are UUIDs derived from the plan, so exporting the same version twice gives the same file.
"""

from __future__ import annotations

import uuid
from typing import Any

from assistant.agency import EXAMPLE_LINE, Agency, contact_lines
from assistant.export.escape import visible_controls
from assistant.export.views import HARD_TIMES_PARTS, audience_view
from assistant.plans.model import Audience, PlanState
from assistant.plans.state import local_date, state_words

_NS = uuid.UUID("6f1e2c3a-5b4d-4e8f-9a0b-c1d2e3f40516")
_ACTION_STATUS = {
    "done": "completed",
    "partly": "in-progress",
    "not_yet": "not-started",
    "dropped": "cancelled",
}
_GOAL_ACHIEVEMENT = {
    "reached": ("achieved", "Achieved"),
    "closer": ("improving", "Improving"),
    "same": ("no-change", "No Change"),
    "harder": ("worsening", "Worsening"),
}
_GOAL_LIFECYCLE = {"finished": "completed", "let_go": "cancelled"}
_WHO = {"person": "The person", "worker": "The worker", "both": "The person and the worker"}


def _s(text: Any) -> str:
    # FHIR strings must not hold control characters other than tab, CR and LF.
    return visible_controls(str(text))


class _Ids:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.seed = f"{plan.get('created')}|{plan.get('number')}|{plan.get('session')}"

    def __call__(self, kind: str, key: str = "") -> str:
        return str(uuid.uuid5(_NS, f"{self.seed}|{kind}|{key}"))


def _ref(uid: str, display: str | None = None) -> dict[str, Any]:
    ref: dict[str, Any] = {"reference": f"urn:uuid:{uid}"}
    if display:
        ref["display"] = _s(display)
    return ref


def _note(label: str, words: dict[str, Any] | None) -> list[dict[str, str]]:
    return [{"text": _s(f"{label}: {words['text']}")}] if words else []


def _code(field: dict[str, Any] | None) -> str:
    """The code of a plan's coded field (``{"code": ..., "label": ...}``), "" when not given."""
    return (field or {}).get("code") or ""


def _who_display(who: dict[str, Any] | None, person_name: str | None) -> str | None:
    if not who:
        return None
    if who["kind"] == "other":
        return who.get("name") or "Someone else"
    if who["kind"] == "person" and person_name:
        return person_name
    return _WHO[who["kind"]]


def _contact_notes(agency: Agency | None, *, worker: bool) -> list[dict[str, str]]:
    """The agency's details as notes, in the app's one wording (``contact_lines``): all of
    them, or (``worker`` false) only the made-up example's mark and the numbers for when the
    team is closed and for a crisis."""
    lines = contact_lines(agency)
    if not worker:
        lines = [line for line in lines if line == EXAMPLE_LINE or line.startswith(_AFTER_HOURS)]
    return [{"text": _s(line)} for line in lines]


_AFTER_HOURS = ("When the team is closed: ", "In a crisis, day or night: ")


def plan_to_fhir(
    plan: dict[str, Any], *, include_network: bool = False, agency: Agency | None = None
) -> dict[str, Any]:
    """The plan (as JSON data) as a FHIR R4 ``Bundle`` of type ``collection``.

    ``agency``: the agency details to show (the plan's own, or the current settings when the
    plan keeps none); their contacts become notes on the CarePlan.
    """
    ids = _Ids(plan)
    person = plan.get("person") or {}
    about_name = (plan["about"].get("name") or {}).get("text")
    person_name = person.get("display_name") or about_name
    agreement = plan["agreement"]
    # Draft or agreed comes from the record (plan["state"]), never from the Closing answers.
    state = PlanState.model_validate(plan["state"]) if plan.get("state") else None
    agreed = state is not None and state.agreed
    entries: list[dict[str, Any]] = []

    def add(resource: dict[str, Any], uid: str) -> None:
        resource["id"] = uid
        entries.append({"fullUrl": f"urn:uuid:{uid}", "resource": resource})

    patient_id = ids("patient")
    patient: dict[str, Any] = {"resourceType": "Patient"}
    if person_name:
        patient["name"] = [{"text": _s(person_name)}]
    if person.get("reference"):
        patient["identifier"] = [{"value": _s(person["reference"])}]
    add(patient, patient_id)
    subject = _ref(patient_id, person_name)

    related: dict[str, str] = {}
    if include_network:
        for member in plan["network"]["people"]:
            uid = ids("related", member["id"])
            related[member["name"]] = uid
            resource: dict[str, Any] = {
                "resourceType": "RelatedPerson",
                "patient": _ref(patient_id),
                "name": [{"text": _s(member["name"])}],
            }
            if member.get("relationship"):
                resource["relationship"] = [{"text": _s(member["relationship"]["label"])}]
            add(resource, uid)

    goal_refs = []
    activities: list[dict[str, Any]] = []
    date = agreement.get("date") or str(plan["created"])[:10]
    for goal in plan["goals"]:
        gid = ids("goal", goal["id"])
        notes = (
            _note("Going well", goal.get("going_well"))
            + _note("Best case", goal.get("best_case"))
            + _note("Smallest next step", goal.get("smallest_step"))
        )
        for option in goal.get("options", []):
            who = {"person": "The person could", "worker": "The worker could"}.get(
                option["who"], "Others could"
            )
            notes.append({"text": _s(f"{who}: {option['text']}")})
        if goal.get("idea_from"):
            notes.append({"text": _s(f"Whose idea: {goal['idea_from']['label']}")})
        for barrier in goal.get("barriers", []):
            way = f" How to get past it: {barrier['way_past']}" if barrier.get("way_past") else ""
            if way and barrier.get("way_past_from"):
                way += f" ({barrier['way_past_from']['label']})"
            notes.append({"text": _s(f"Might get in the way: {barrier['barrier']}.{way}")})
        # A CarePlan activity has no note of its own: whose idea each action was is kept
        # with its goal, apart from who does it (the activity's performer).
        for action in goal.get("actions", []):
            if action.get("idea_from"):
                label = action["idea_from"]["label"]
                notes.append({"text": _s(f"Action “{action['what']}”: {label}")})
        resource = {
            "resourceType": "Goal",
            "lifecycleStatus": _GOAL_LIFECYCLE.get(_code(goal.get("next")), "active"),
            "description": {"text": _s(goal["what"])},
            "subject": subject,
            "startDate": date,
        }
        progress = (goal.get("progress") or {}).get("code")
        if progress in _GOAL_ACHIEVEMENT:
            code, display = _GOAL_ACHIEVEMENT[progress]
            resource["achievementStatus"] = {
                "coding": [
                    {
                        "system": "http://terminology.hl7.org/CodeSystem/goal-achievement",
                        "code": code,
                        "display": display,
                    }
                ],
                "text": _s(goal["progress"]["label"]),
            }
        if (goal.get("idea_from") or {}).get("code") == "me":
            resource["expressedBy"] = subject
        if notes:
            resource["note"] = notes
        add(resource, gid)
        goal_refs.append(_ref(gid))
        for action in goal.get("actions", []):
            detail: dict[str, Any] = {
                "kind": "Task",
                "status": _ACTION_STATUS.get(_code(action.get("status")), "not-started"),
                "description": _s(action["what"]),
                "goal": [_ref(gid)],
            }
            who = action.get("who")
            doer = _who_display(who, person_name)
            if doer:
                if who and who["kind"] == "person":
                    detail["performer"] = [subject]
                elif who and who["kind"] == "other" and who.get("name") in related:
                    detail["performer"] = [_ref(related[who["name"]], doer)]
                else:
                    detail["performer"] = [{"display": _s(doer)}]
            if action.get("by_when"):
                detail["scheduledPeriod"] = {"end": action["by_when"]}
            activity: dict[str, Any] = {"detail": detail}
            if action.get("review_notes"):
                activity["progress"] = [{"text": _s(action["review_notes"]["text"])}]
            activities.append(activity)

    for item in plan["community"]["opportunities"]:
        going = item.get("go_along")
        text = f"Try: {item['what']}"
        if going:
            text += f" (going along the first time: {going['label']})"
        if item.get("idea_from"):
            text += f". {item['idea_from']['label']}"
        activities.append(
            {
                "detail": {
                    "status": "not-started",
                    "description": _s(text),
                }
            }
        )

    observations = []
    for area in plan["life_areas"]:
        if area.get("value") is None:
            continue
        oid = ids("rating", area["area"])
        add(
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {"text": _s(f"How happy with: {area['label']} (1 to 7)")},
                "subject": subject,
                "effectiveDateTime": date,
                "valueInteger": area["value"],
            },
            oid,
        )
        observations.append(_ref(oid))

    audience = audience_view(
        Audience.model_validate(plan["audience"]) if plan.get("audience") else None
    )
    notes = [{"text": _s(state_words(state, person_name))}]
    if audience["line"]:
        notes.append({"text": audience["line"]})
    if audience["withheld"]:
        notes.append({"text": audience["withheld"]})
    notes += _note("What matters to the person", plan["about"].get("what_matters"))
    notes += _note("Not agreed, in the person's words", agreement.get("person_not_agreed"))
    notes += _note("Not agreed by the worker", agreement.get("worker_not_agreed"))
    if agreement.get("next_meeting"):
        notes.append({"text": f"Review date: {agreement['next_meeting']}"})
    sharing = plan["sharing"]
    if sharing.get("share_with"):
        shared = ", ".join(c["label"] for c in sharing["share_with"])
        notes.append({"text": _s(f"The person agrees to share this plan with: {shared}")})
    notes += _note("May be shared with", sharing.get("share_who"))
    if audience["own"]:  # never in a copy for someone else
        notes += _note("Must not be shared", sharing.get("keep_private"))
    for need in plan.get("support_needed", []):
        notes.append({"text": _s(f"Support needed: {need['text']}")})
    hard_times = plan.get("hard_times") or {}
    hard_notes = [
        {"text": _s(f"{label}: {hard_times[field]['text']}")}
        for field, label, _ in HARD_TIMES_PARTS
        if hard_times.get(field)
    ]
    if hard_notes:
        notes.append(
            {"text": "The person's plan for hard times is its own CarePlan in this bundle."}
        )
    notes += _contact_notes(agency, worker=True)

    careplan: dict[str, Any] = {
        "resourceType": "CarePlan",
        # A draft is only proposed; an agreed version is the plan in force.
        "status": "active" if agreed else "draft",
        "intent": "plan" if agreed else "proposal",
        "title": "Relationship plan (Connecting People Intervention)",
        "subject": subject,
        "created": str(plan["created"]),
    }
    if plan.get("number"):
        careplan["identifier"] = [{"value": f"plan-version-{plan['number']}"}]
    what_matters = plan["about"].get("what_matters")
    if what_matters:
        careplan["description"] = _s(what_matters["text"])
    agreed_on = local_date(state.agreed_at) if agreed and state is not None else None
    if agreed_on is not None:
        careplan["period"] = {"start": agreed_on.isoformat()}
    if goal_refs:
        careplan["goal"] = goal_refs
    if observations:
        careplan["supportingInfo"] = observations
    if activities:
        careplan["activity"] = activities
    if notes:
        careplan["note"] = notes
    careplan_id = ids("careplan")
    add(careplan, careplan_id)
    # CarePlan first: readers that look at the first entry find the plan.
    entries.insert(0, entries.pop())
    if hard_notes:
        # A crisis plan is a document of its own in most records: a CarePlan that is part of
        # the relationship plan, in the person's words, with the numbers to call beside them.
        add(
            {
                "resourceType": "CarePlan",
                "status": careplan["status"],
                "intent": careplan["intent"],
                "category": [{"text": "Plan for hard times (crisis and contingency plan)"}],
                "title": "My plan for hard times",
                "description": "What the person would like to happen when things get hard, "
                "in their own words.",
                "subject": subject,
                "created": str(plan["created"]),
                "partOf": [_ref(careplan_id, "Relationship plan")],
                "note": hard_notes + _contact_notes(agency, worker=False),
            },
            ids("hard_times"),
        )
    return {
        "resourceType": "Bundle",
        "id": ids("bundle"),
        "type": "collection",
        "timestamp": str(plan["created"]),
        "entry": entries,
    }
