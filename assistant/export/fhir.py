"""A FHIR R4 (4.0.1) Bundle a records system can take in.

The plan as a ``CarePlan`` (an activity per action, per thing to try and per group from the
community directory, with a ``Location`` where it meets; a narrative), a ``Goal`` per goal
(due on the review date), an ``Observation`` per 1-7 rating, this time's and earlier ones
(category ``survey``, coded from the project's own CodeSystem), the person as ``Patient``
(their records id, local reference and NHS number as identifiers), the worker as
``Practitioner``, ``PractitionerRole``, ``Organization`` and ``CareTeam`` (from the agency
settings), the person's contacts (``RelatedPerson`` with coded relationships, professionals
as ``Practitioner``), the sharing choices as a ``Consent``, the plan for hard times as a
second ``CarePlan`` (``partOf`` the plan) and, when asked, the person's network:
``RelatedPerson`` with a coded relationship, or ``Practitioner`` for a worker or
professional.

Built as plain JSON (no FHIR library at run time). The tests check every bundle against the
official FHIR R4 JSON schema and with ``fhir.resources``. Every id is a UUID derived from the
person and the plan version (``uuid5``), so exporting the same version twice gives the same
file and a later version can name the one it replaces. The mapping: docs/export.md, "FHIR
for records systems".
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any, Final

from assistant.agency import EXAMPLE_LINE, Agency, contact_lines
from assistant.dates import local_day, local_iso_day
from assistant.export.escape import isolated_lines, visible_controls
from assistant.export.ideas import ideas_for_others
from assistant.export.measures import CONNECTION_ROWS, gas_words, referral_rows
from assistant.export.templates import attribution, day_date, long_date
from assistant.export.views import (
    HARD_TIMES_PARTS,
    WITHHELD_NOT_REVIEWED,
    WITHHELD_NOTE,
    audience_view,
    directory_view,
    try_cards,
    unreviewed_words,
)
from assistant.plans.area_words import LEFT_LAST_TIME, not_rated_words
from assistant.plans.from_session import LIFE_AREAS
from assistant.plans.model import (
    Audience,
    Community,
    LifeArea,
    Plan,
    PlanState,
    Referral,
    plan_from_json,
)
from assistant.plans.outcomes import GAS_LABELS, ONS4, change
from assistant.plans.sharing import NAMED_CHOICES, names_left_out, recipients
from assistant.plans.state import agreed_in_part, state_words

__all__ = [
    "CARE_PLAN_CATEGORY_SYSTEM",
    "LIFE_AREA_SYSTEM",
    "LOCAL_REFERENCE_SYSTEM",
    "NHS_NUMBER_SYSTEM",
    "OUTCOME_MEASURE_SYSTEM",
    "PERSON_ID_SYSTEM",
    "SYSTEM_BASE",
    "care_plan_category_code_system",
    "life_area_code_system",
    "outcome_measure_code_system",
    "plan_to_fhir",
    "version_uuid",
]

# The project's own identifier and code systems, all under one base (docs/export.md, "FHIR").
SYSTEM_BASE: Final = "https://w3id.org/cpi-assistant/fhir"
LOCAL_REFERENCE_SYSTEM: Final = f"{SYSTEM_BASE}/NamingSystem/local-reference"
PERSON_ID_SYSTEM: Final = f"{SYSTEM_BASE}/NamingSystem/person-id"
LIFE_AREA_SYSTEM: Final = f"{SYSTEM_BASE}/CodeSystem/life-area"
CARE_PLAN_CATEGORY_SYSTEM: Final = f"{SYSTEM_BASE}/CodeSystem/care-plan-category"
OUTCOME_MEASURE_SYSTEM: Final = f"{SYSTEM_BASE}/CodeSystem/outcome-measure"
SNOMED: Final = "http://snomed.info/sct"
# Standard systems.
NHS_NUMBER_SYSTEM: Final = "https://fhir.nhs.uk/Id/nhs-number"
URI_SYSTEM: Final = "urn:ietf:rfc:3986"  # an identifier that is itself a URI (urn:uuid:...)
ROLE_CODE: Final = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
CONTACT_ROLE: Final = "http://terminology.hl7.org/CodeSystem/v2-0131"
TEST_DATA: Final = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
    "code": "HTEST",
    "display": "test health data",
}
_OBSERVATION_CATEGORY: Final = "http://terminology.hl7.org/CodeSystem/observation-category"
_XHTML: Final = "http://www.w3.org/1999/xhtml"

# A professional contact with one of these roles is the GP a Consent can name.
_GP_ROLES: Final = frozenset({"gp", "my gp", "general practitioner", "family doctor"})
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_NS = uuid.UUID("6f1e2c3a-5b4d-4e8f-9a0b-c1d2e3f40516")
_ACTION_STATUS = {
    "done": "completed",
    "partly": "in-progress",
    "not_yet": "not-started",
    "dropped": "cancelled",
}
# A thing to try as a review left it (``Opportunity.status``): tried once or twice and still
# going are both under way; given up is "stopped" (R4's "stopped": ended before it was done).
_TRY_STATUS = {
    "not_yet": "not-started",
    "tried": "in-progress",
    "going": "in-progress",
    "stopped": "stopped",
}
_ACTION_WORDS = {
    "completed": "done",
    "in-progress": "partly done",
    "not-started": "not yet",
    "cancelled": "dropped",
    "unknown": WITHHELD_NOT_REVIEWED,
}
_GOAL_ACHIEVEMENT = {
    "reached": ("achieved", "Achieved"),
    "closer": ("improving", "Improving"),
    "same": ("no-change", "No Change"),
    "harder": ("worsening", "Worsening"),
}
# A goal let go is closed in the app (never offered at a review again, like a finished one):
# R4's `on-hold` would leave it open in the receiving system for good, with nothing to ever
# move it on. The person's words ("Let it go for now") are in the Goal's note.
_GOAL_LIFECYCLE = {"finished": "completed", "let_go": "cancelled"}
_WHO = {"person": "The person", "worker": "The worker", "both": "The person and the worker"}

# The network's relationship choices (content/flows/connections.yaml) as v3 RoleCode. Only
# codes that mean the same thing: "group", "online" and "other" keep their words alone, and
# "professional" is not a RelatedPerson at all but a Practitioner.
RELATIONSHIP_CODES: Final = {
    "family": ("FAMMEMB", "family member"),
    "partner": ("SIGOTHR", "significant other"),
    "friend": ("FRND", "unrelated friend"),
    "neighbour": ("NBOR", "neighbor"),
}
PROFESSIONAL: Final = "professional"

# The project's CodeSystem for its two kinds of CarePlan.
CARE_PLAN_CATEGORIES: Final = (
    (
        "relationship-plan",
        "Relationship plan",
        "A plan made with the person to build and keep the relationships and connections "
        "they want (Connecting People Intervention).",
    ),
    (
        "hard-times-plan",
        "Plan for hard times",
        "What the person would like to happen when things get hard, in their own words: a "
        "crisis and contingency plan.",
    ),
)


def _patient_details(person: dict[str, Any]) -> dict[str, Any]:
    """Patient.birthDate from the plan's person, when recorded. (The gender is not in the
    plan: it is recorded only for the directory's suggestions, so Patient has none.)"""
    return {"birthDate": _s(person["born"])} if person.get("born") else {}


def _s(text: Any) -> str:
    # FHIR strings must not hold control characters other than tab, CR and LF.
    return visible_controls(str(text))


def _theirs(words: Any) -> str:
    """Someone's words (a name, an answer) inside one of the app's own sentences (a note, a
    description, the narrative), isolated when they hold a bidi control, as the other
    formats isolate them (:func:`assistant.export.escape.isolated`): an override left open
    in a name turned the rest of the sentence round. A value that stands alone (a name's
    ``text``, a reference's ``display`` that is only the name) keeps the words as typed.
    Each line on its own: a line break ends an isolate."""
    return isolated_lines(str(words))


def _seed(plan: dict[str, Any], person_id: str | None) -> tuple[str, bool]:
    """What the ids are derived from, and whether it names the person (so other versions of
    the same person's plan can be named too).

    The records' person id when known (``person_id``, or ``person.id`` in the plan); else the
    agency's local reference (unique in a records folder); else this version's own creation
    time and meeting (stable for this version, but another version cannot be named, so
    ``replaces`` then carries words only). Never the NHS number: a UUID derived from it gives
    the number away to anyone who tries the few billion valid ones.
    """
    person = plan.get("person") or {}
    person_id = person_id or person.get("id")
    if person_id:
        return f"person:{person_id}", True
    if person.get("reference"):
        return f"reference:{person['reference']}", True
    return f"plan:{plan.get('created')}|{plan.get('session')}", False


def version_uuid(
    plan: dict[str, Any], number: int | None = None, person_id: str | None = None
) -> str:
    """The UUID of a plan version (``number``, default the plan's own) for this person: the
    relationship CarePlan's id and identifier. The same person and version give the same UUID
    on every export."""
    seed, _ = _seed(plan, person_id)
    return str(
        uuid.uuid5(_NS, f"{seed}|v{number if number is not None else plan.get('number')}|careplan")
    )


class _Ids:
    def __init__(self, plan: dict[str, Any], person_id: str | None) -> None:
        self.person, self.names_person = _seed(plan, person_id)
        self.seed = f"{self.person}|v{plan.get('number')}"

    def __call__(self, kind: str, key: str = "") -> str:
        return str(uuid.uuid5(_NS, f"{self.seed}|{kind}|{key}"))

    def patient(self) -> str:
        # The same for every version of one person's plan.
        return str(uuid.uuid5(_NS, f"{self.person}|patient"))

    def of_version(self, number: int, kind: str, key: str = "") -> str:
        """The id a resource had in another version's bundle (the same ``kind`` and ``key``)."""
        return str(uuid.uuid5(_NS, f"{self.person}|v{number}|{kind}|{key}"))


def _ref(uid: str, display: str | None = None) -> dict[str, Any]:
    ref: dict[str, Any] = {"reference": f"urn:uuid:{uid}"}
    if display:
        ref["display"] = _s(display)
    return ref


def _note(label: str, words: dict[str, Any] | None) -> list[dict[str, str]]:
    return [{"text": _s(f"{label}: {_theirs(words['text'])}")}] if words else []


def _code(field: dict[str, Any] | None) -> str:
    """The code of a plan's coded field (``{"code": ..., "label": ...}``), "" when not given."""
    return (field or {}).get("code") or ""


def _concept(system: str, code: str, display: str, text: str | None = None) -> dict[str, Any]:
    concept: dict[str, Any] = {"coding": [{"system": system, "code": code, "display": display}]}
    if text:
        concept["text"] = _s(text)
    return concept


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
    lines = contact_lines(agency, yours=False)  # a record: in the third person, as its notes
    if not worker:
        lines = [line for line in lines if line == EXAMPLE_LINE or line.startswith(_AFTER_HOURS)]
    return [{"text": _s(line)} for line in lines]


_AFTER_HOURS = ("When the team is closed: ", "In a crisis, day or night: ")


def _telecom(phone: str | None, email: str | None) -> list[dict[str, str]]:
    found = []
    if phone:
        found.append({"system": "phone", "value": _s(phone), "use": "work"})
    if email:
        found.append({"system": "email", "value": _s(email), "use": "work"})
    return found


def _narrative(parts: Iterable[tuple[str, Any]]) -> dict[str, str]:
    """A generated XHTML narrative: ``("p", text)``, ``("b", text)`` (a bold paragraph) or
    ``("ul", [text or (text, [subitems])])``. Every text is escaped: it is people's words."""

    def esc(text: Any) -> str:
        return html.escape(_s(text), quote=False)

    def items(entries: Iterable[Any]) -> str:
        out = []
        for entry in entries:
            if isinstance(entry, tuple):
                text, sub = entry
                inner = f"<ul>{items(sub)}</ul>" if sub else ""
                out.append(f"<li>{esc(text)}{inner}</li>")
            else:
                out.append(f"<li>{esc(entry)}</li>")
        return "".join(out)

    body = []
    for kind, value in parts:
        if kind == "ul":
            if value:
                body.append(f"<ul>{items(value)}</ul>")
        elif kind == "b":
            body.append(f"<p><b>{esc(value)}</b></p>")
        else:
            body.append(f"<p>{esc(value)}</p>")
    return {"status": "generated", "div": f'<div xmlns="{_XHTML}">{"".join(body)}</div>'}


# DIALOG+'s three treatment aspects: parts of the person's care, not areas of their life.
_TREATMENT_ASPECTS = frozenset({"medication", "practical_help", "meetings"})


def _rated_part(area: str) -> str:
    """What a rating code is about, for its CodeSystem definition."""
    if area in _TREATMENT_ASPECTS:
        return "this part of their care and treatment"
    return "this area of life"


def life_area_code_system() -> dict[str, Any]:
    """The project's CodeSystem for the 1-7 ratings of areas of life (shipped as
    docs/fhir/CodeSystem-life-area.json; a test keeps the two the same)."""
    return {
        "resourceType": "CodeSystem",
        "id": "cpi-life-area",
        "url": LIFE_AREA_SYSTEM,
        "version": "1",
        "name": "CPILifeArea",
        "title": "Connecting People Assistant: areas of life rated 1 to 7",
        "status": "active",
        "experimental": False,
        "publisher": "Connecting People Assistant (open source project)",
        "description": (
            "How satisfied the person is with an area of their life, on a scale from 1 "
            "(totally dissatisfied) to 7 (totally satisfied), or with a part of their care "
            "and treatment: DIALOG+'s question and scale, in plain-language wording; not "
            "DIALOG scale scores. Each code is "
            "one question; the answer is the Observation's valueInteger (1 to 7). No SNOMED "
            "CT or LOINC code means these questions, so the project declares its own."
        ),
        "caseSensitive": True,
        "content": "complete",
        "count": len(LIFE_AREAS),
        "concept": [
            {
                "code": area,
                "display": label,
                "definition": f"How satisfied the person is with {_rated_part(area)}: {label} "
                "(1 totally dissatisfied to 7 totally satisfied).",
            }
            for area, label in LIFE_AREAS
        ],
    }


def care_plan_category_code_system() -> dict[str, Any]:
    """The project's CodeSystem for its two kinds of CarePlan (shipped as
    docs/fhir/CodeSystem-care-plan-category.json)."""
    return {
        "resourceType": "CodeSystem",
        "id": "cpi-care-plan-category",
        "url": CARE_PLAN_CATEGORY_SYSTEM,
        "version": "1",
        "name": "CPICarePlanCategory",
        "title": "Connecting People Assistant: kinds of plan",
        "status": "active",
        "experimental": False,
        "publisher": "Connecting People Assistant (open source project)",
        "description": "The kinds of CarePlan the Connecting People Assistant exports.",
        "caseSensitive": True,
        "content": "complete",
        "count": len(CARE_PLAN_CATEGORIES),
        "concept": [
            {"code": code, "display": display, "definition": definition}
            for code, display, definition in CARE_PLAN_CATEGORIES
        ],
    }


# The project's CodeSystem for the outcome measures (issue 19): the ONS4 questions (their
# official wording kept; no LOINC code asks them in these words), goal attainment, and the
# social connection counted from the plan (an Observation with a component per count).
_CONNECTION_DEFINITIONS: Final = {
    "people": "People in the person's network, as written in the plan (0: the person said "
    "there is no one right now).",
    "circle_1": "People the person placed in circle 1 (closest).",
    "circle_2": "People the person placed in circle 2.",
    "circle_3": "People the person placed in circle 3 (further away).",
    "support_kinds": "Kinds of support named across the network.",
    "domains": "Areas of life (resourceful-people domains) where the person knows someone "
    "who could help.",
    "activities_started": "Things to try the person has started (been once or twice, keeps "
    "going, or went and stopped).",
    "activities_kept_up": "Things to try the person keeps going to.",
}


def _connection_code(field: str) -> str:
    return "connections-" + field.replace("_", "-")


def outcome_measure_concepts() -> list[dict[str, str]]:
    """The outcome measure codes: ``ons4-*``, ``gas-attainment``, ``connections`` and one
    ``connections-*`` per count (a component of the ``connections`` Observation)."""
    concepts = [
        {
            "code": f"ons4-{item.id}",
            "display": item.label,
            "definition": f"{item.question} Answered 0 (not at all) to 10 (completely)"
            + ("; a lower number is better." if item.lower_is_better else ".")
            + " ONS personal well-being question (ONS4), Office for National Statistics, "
            "Open Government Licence v3.0.",
        }
        for item in ONS4
    ]
    concepts.append(
        {
            "code": "gas-attainment",
            "display": "Goal attainment",
            "definition": "Goal attainment scaling at a review, -2 to +2: "
            + "; ".join(f"{v:+d} {GAS_LABELS[v]}".replace("+0", "0") for v in sorted(GAS_LABELS))
            + ". The levels are in the person's words, set when the goal was made.",
        }
    )
    concepts.append(
        {
            "code": "connections",
            "display": "Social connection counted from the plan",
            "definition": "Counts taken from what the plan held at a meeting (not a "
            "questionnaire): each count is a component.",
        }
    )
    concepts += [
        {
            "code": _connection_code(field),
            "display": label,
            "definition": _CONNECTION_DEFINITIONS[field],
        }
        for field, label, _ in CONNECTION_ROWS
    ]
    return concepts


def outcome_measure_code_system() -> dict[str, Any]:
    """The project's CodeSystem for the outcome measures (shipped as
    docs/fhir/CodeSystem-outcome-measure.json; a test keeps the two the same)."""
    concepts = outcome_measure_concepts()
    return {
        "resourceType": "CodeSystem",
        "id": "cpi-outcome-measure",
        "url": OUTCOME_MEASURE_SYSTEM,
        "version": "1",
        "name": "CPIOutcomeMeasure",
        "title": "Connecting People Assistant: outcome measures",
        "status": "active",
        "experimental": False,
        "publisher": "Connecting People Assistant (open source project)",
        "description": (
            "The outcome measures the Connecting People Assistant repeats at each meeting: the "
            "four ONS personal well-being questions (ONS4; official wording, Office for "
            "National Statistics, Open Government Licence v3.0), goal attainment scaling "
            "(-2 to +2) and social connection counted from the plan. No LOINC or SNOMED CT "
            "code asks these questions in these words, so the project declares its own."
        ),
        "caseSensitive": True,
        "content": "complete",
        "count": len(concepts),
        "concept": concepts,
    }


def _measure_concept(code: str) -> dict[str, Any]:
    concept = next(c for c in outcome_measure_concepts() if c["code"] == code)
    return _concept(OUTCOME_MEASURE_SYSTEM, code, concept["display"], concept["display"])


def _iso(day: Any) -> str | None:
    return day if isinstance(day, str) and _ISO_DATE.fullmatch(day) else None


def _measure_observations(
    plan: dict[str, Any], ids: _Ids, subject: dict[str, Any], goal_ids: dict[str, str], on: str
) -> Iterable[tuple[dict[str, Any], str, bool]]:
    """Each outcome measure as an Observation: ``(resource, id, this_version)``.

    One per ONS4 answer, per goal attainment (``focus`` the Goal) and per meeting's
    connection counts (a component per count), for this version and for each earlier
    meeting the plan carries (with the id it had in its own version's bundle).
    """
    number = plan.get("number")
    measures = plan.get("measures") or {}
    today = _iso(measures.get("date")) or on
    points = [
        (p, p.get("plan_version"), _iso(p.get("date")))
        for p in measures.get("history") or []
        if p.get("plan_version") and p.get("plan_version") != number and _iso(p.get("date"))
    ]
    points.append((measures, None, today))

    def uid(version: int | None, kind: str, key: str) -> str:
        return ids(kind, key) if version is None else ids.of_version(version, kind, key)

    for point, version, day in points:
        for item in ONS4:
            value = (point.get("wellbeing") or {}).get(item.id)
            if value is None:
                continue
            code = f"ons4-{item.id}"
            yield (
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [_concept(_OBSERVATION_CATEGORY, "survey", "Survey")],
                    "code": _measure_concept(code),
                    "subject": subject,
                    "effectiveDateTime": day,
                    "performer": [subject],
                    "valueInteger": value,
                    **(
                        {"note": [{"text": "A lower number is better."}]}
                        if item.lower_is_better
                        else {}
                    ),
                },
                uid(version, "measure", code),
                version is None,
            )
        counts = point.get("connections")
        if counts:
            components = []
            for field, _, _ in CONNECTION_ROWS:
                if field.startswith("circle_"):
                    circles = counts.get("circles") or {}
                    value = circles.get(field.removeprefix("circle_"), 0) if circles else None
                else:
                    value = counts.get(field, 0)
                if value is None:  # not counted at that meeting (not talked about yet)
                    continue
                components.append(
                    {"code": _measure_concept(_connection_code(field)), "valueInteger": value}
                )
            yield (
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [
                        _concept(_OBSERVATION_CATEGORY, "social-history", "Social History")
                    ],
                    "code": _measure_concept("connections"),
                    "subject": subject,
                    "effectiveDateTime": day,
                    "component": components,
                },
                uid(version, "measure", "connections"),
                version is None,
            )
    for goal in plan["goals"]:
        given = [
            (p["value"], p.get("plan_version"), _iso(p.get("date")))
            for p in goal.get("attainment_history") or []
            if p.get("plan_version") and p.get("plan_version") != number and _iso(p.get("date"))
        ]
        if goal.get("attainment") is not None:
            given.append((goal["attainment"], None, today))
        levels = goal.get("levels")
        for value, version, day in given:
            yield (
                {
                    "resourceType": "Observation",
                    "status": "final",
                    "category": [_concept(_OBSERVATION_CATEGORY, "survey", "Survey")],
                    "code": _measure_concept("gas-attainment"),
                    "subject": subject,
                    # The goal as it is in this bundle: the same goal at every review.
                    "focus": [_ref(goal_ids[goal["id"]], goal["what"])],
                    "effectiveDateTime": day,
                    "valueInteger": value,
                    # The sign alone loses its "+" at 0; +1 names the goal's own +2 words.
                    "note": [{"text": _s(f"{_sign(value)}: {gas_words(value, levels)}")}],
                },
                uid(version, "attainment", goal["id"]),
                version is None,
            )


def _sign(value: int) -> str:
    """An attainment level with its sign: ``+1``, ``0``, ``-2``."""
    return f"{value:+d}" if value else "0"


# A referral's status as a ServiceRequest's (design: the app never sends anything itself).
_REFERRAL_STATUS: Final = {
    "planned": "draft",
    "sent": "active",
    "replied": "active",
    "started": "completed",
    "declined": "revoked",
    "stopped": "revoked",
}
_REFERRAL_CATEGORY: Final = _concept(SNOMED, "3457005", "Patient referral", "Referral")


def _service_request(
    row: dict[str, Any],
    subject: dict[str, Any],
    careplan_ref: dict[str, Any],
    practitioner_ref: dict[str, Any] | None,
) -> dict[str, Any]:
    """A referral as a ServiceRequest: to whom (performer), how and what is shared (notes),
    its status history, and the plan it is part of (``basedOn``)."""
    notes = []
    if row["route"]:
        how = row["route"] + (f": {_theirs(row['route_detail'])}" if row["route_detail"] else "")
        notes.append(f"How: {how}")
    if row["by_whom"]:
        notes.append(f"Who gets in touch: {_theirs(row['by_whom'])}")
    if row["consent"]:
        notes.append(f"The person agrees to share their details: {row['consent']}")
    if row["shared"]:
        notes.append(f"What is shared: {_theirs(row['shared'])}")
    if row["history"]:
        notes.append(
            "Status so far: "
            + "; ".join(
                h["words"] + (f" on {h['when']}" if h["when"] else "") for h in row["history"]
            )
        )
    if row["notes"]:
        notes.append(f"Notes: {_theirs(row['notes'])}")
    if row["message"]:
        notes.append(f"Suggested wording: {_theirs(row['message'])}")
    notes += [f"For the worker to check: {flag}" for flag in row["flags"]]
    resource: dict[str, Any] = {
        "resourceType": "ServiceRequest",
        "basedOn": [careplan_ref],
        "status": _REFERRAL_STATUS.get(row["status_code"] or "", "draft"),
        "intent": "plan",
        "category": [_REFERRAL_CATEGORY],
        "code": {"text": _s(f"Referral to {_theirs(row['to'])}")},
        "subject": subject,
        "performer": [{"display": _s(row["entry"] or row["to"])}],
    }
    dates = [d for d in (_iso(h["date"]) for h in row["history"]) if d]
    if dates:
        resource["authoredOn"] = dates[0]
    if row["status_code"] == "started" and dates:
        resource["occurrenceDateTime"] = dates[-1]
    who = row["by_whom_code"]
    if who == "person":
        resource["requester"] = subject
    elif who in ("worker", "both") and practitioner_ref is not None:
        resource["requester"] = practitioner_ref
    if notes:
        resource["note"] = [{"text": _s(n)} for n in notes]
    return resource


def _directory_detail(
    card: dict[str, Any],
    pick: dict[str, Any],
    add: Callable[[dict[str, Any], str], None],
    ids: _Ids,
    lead: str = "",
) -> dict[str, Any]:
    """A CarePlan activity detail for a community directory entry: its name and details in
    words (``card``, from export.views), when it meets and where (a Location) while the entry
    was in the directory when the version was made (``pick``: a DirectoryPick as JSON)."""
    words = [lead] if lead else []
    words.append(f"From the community directory: {card['label']}.")
    if card["removed_note"]:
        words.append(card["removed_note"])
    words += [f"{line['label']}: {line['text']}" for line in card["lines"]]
    detail: dict[str, Any] = {"status": "not-started", "description": _s(" ".join(words))}
    details = None if pick.get("removed") else pick.get("details")
    if details is not None:
        detail["scheduledString"] = _s(details["when"])
        where = details.get("venue") or details.get("area")
        if where:
            location_id = ids("location", card["code"])
            add(_location(details, where), location_id)
            detail["location"] = _ref(location_id, where)
    return detail


def _pick_details(community: dict[str, Any], code: str) -> dict[str, Any] | None:
    """A directory pick's details (``PickDetails`` as JSON), or None (none kept, or removed)."""
    for pick in community.get("from_directory", []):
        if pick["code"] == code and not pick.get("removed"):
            details: dict[str, Any] | None = pick.get("details")
            return details
    return None


def _location(details: dict[str, Any], where: str) -> dict[str, Any]:
    """Where a group from the community directory meets, as a Location."""
    location: dict[str, Any] = {"resourceType": "Location", "status": "active"}
    location["name"] = _s(where)
    location["description"] = _s(details["what"])
    place = ", ".join(p for p in (details.get("venue"), details.get("area")) if p)
    if details.get("venue"):
        location["address"] = {"text": _s(place)}
    contact = details.get("contact") or {}
    telecom = _telecom(contact.get("phone"), contact.get("email"))
    if contact.get("web"):
        telecom.append({"system": "url", "value": _s(contact["web"]), "use": "work"})
    if telecom:
        location["telecom"] = telecom
    return location


def _personal_contact(contact: dict[str, Any], patient_id: str) -> dict[str, Any]:
    """A contact the person chose to list (carer, next of kin, ...) as a RelatedPerson:
    the relationship coded where a code means the same (v3 RoleCode, or v2-0131 for next of
    kin), and v2-0131 ``C`` when they may be contacted in an emergency."""
    code = _code(contact.get("relationship"))
    label = (contact.get("relationship") or {}).get("label")
    relationship: list[dict[str, Any]] = []
    if label:
        concept: dict[str, Any] = {"text": _s(label)}
        if code in RELATIONSHIP_CODES:
            role_code, display = RELATIONSHIP_CODES[code]
            concept["coding"] = [{"system": ROLE_CODE, "code": role_code, "display": display}]
        elif code == "next_of_kin":
            concept["coding"] = [{"system": CONTACT_ROLE, "code": "N", "display": "Next-of-Kin"}]
        relationship.append(concept)
    if contact.get("emergency"):
        relationship.append(
            _concept(CONTACT_ROLE, "C", "Emergency Contact", "May be contacted in an emergency")
        )
    resource: dict[str, Any] = {
        "resourceType": "RelatedPerson",
        "patient": _ref(patient_id),
        "name": [{"text": _s(contact["name"])}],
    }
    if relationship:
        resource["relationship"] = relationship
    return resource


def _rating(code: dict[str, Any], value: int, on: str, subject: dict[str, Any]) -> dict[str, Any]:
    """One 1-7 rating as a survey Observation, the person's own."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_concept(_OBSERVATION_CATEGORY, "survey", "Survey")],
        "code": code,
        "subject": subject,
        "effectiveDateTime": on,
        "performer": [subject],
        "valueInteger": value,
    }


def _more_help(label: str, wanted: bool, on: str, subject: dict[str, Any]) -> dict[str, Any]:
    """The person's answer to "Would you like more help with this?" for one area, a survey
    Observation of its own: the plan keeps no earlier answers, so on the rating (whose
    earlier versions come again in each bundle with the same id) it would be lost."""
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": [_concept(_OBSERVATION_CATEGORY, "survey", "Survey")],
        # No code system has this question; the words say it, area and all.
        "code": {"text": _s(f"Would like more help with: {label}")},
        "subject": subject,
        "effectiveDateTime": on,
        "performer": [subject],
        "valueBoolean": wanted,
    }


def _category(code: str) -> list[dict[str, Any]]:
    display = next(d for c, d, _ in CARE_PLAN_CATEGORIES if c == code)
    return [_concept(CARE_PLAN_CATEGORY_SYSTEM, code, display, display)]


def _said_by(item: Any) -> str:
    """Who said a review's answer, as the other copies put it after the words: " (said by
    the worker)", or '' when the plan does not say. Always in the third person: a bundle is
    for a records system, and the person's own copy speaks of them as the team's does."""
    words = attribution(item)
    return f" ({words})" if words else ""


def plan_to_fhir(
    plan: dict[str, Any],
    *,
    include_network: bool = False,
    agency: Agency | None = None,
    person_id: str | None = None,
) -> dict[str, Any]:
    """The plan (as JSON data) as a FHIR R4 ``Bundle`` of type ``collection``.

    ``agency``: the agency details to show (the plan's own, or the current settings when the
    plan keeps none): the worker, their organisation and team as resources, the contacts as
    notes on the CarePlan. ``include_network``: the people in the network as resources too.
    ``person_id``: the records' id for the person (else the plan's own ``person.id``, then
    its local reference, then its NHS number), from which the ids are derived.
    """
    # A records system is read by others: whose idea in the third person, not "My idea".
    plan = ideas_for_others(plan)
    person = plan.get("person") or {}
    ids = _Ids(plan, person_id)
    about_name = (plan["about"].get("name") or {}).get("text")
    person_name = person.get("display_name") or about_name
    agreement = plan["agreement"]
    # Draft or agreed comes from the record (plan["state"]), never from the Closing answers.
    state = PlanState.model_validate(plan["state"]) if plan.get("state") else None
    agreed = state is not None and state.agreed
    review_date = agreement.get("next_meeting")
    entries: list[dict[str, Any]] = []

    def add(resource: dict[str, Any], uid: str) -> None:
        resource["id"] = uid
        entries.append({"fullUrl": f"urn:uuid:{uid}", "resource": resource})

    careplan_id = version_uuid(plan, person_id=person_id) if ids.names_person else ids("careplan")
    careplan_ref = _ref(careplan_id, "Relationship plan")
    shared_plans = [careplan_ref]  # what the Consent is about
    gp_ref: dict[str, Any] | None = None  # the GP, when the person listed theirs

    # -- the person ------------------------------------------------------------------
    patient_id = ids.patient() if ids.names_person else ids("patient")
    patient: dict[str, Any] = {"resourceType": "Patient"}
    identifiers: list[dict[str, Any]] = []
    if person.get("nhs_number"):
        identifiers.append(
            {"use": "official", "system": NHS_NUMBER_SYSTEM, "value": _s(person["nhs_number"])}
        )
    if person.get("reference"):
        identifiers.append(
            {
                "use": "usual",
                "type": {"text": "Local reference"},
                "system": LOCAL_REFERENCE_SYSTEM,
                "value": _s(person["reference"]),
            }
        )
    person_key = person_id or person.get("id")
    if person_key:
        # The records' own id: the one key every version of this person's plan shares.
        identifiers.append(
            {
                "use": "secondary",
                "type": {"text": "Connecting People Assistant record"},
                "system": PERSON_ID_SYSTEM,
                "value": _s(person_key),
            }
        )
    if identifiers:
        patient["identifier"] = identifiers
    if person_name:
        patient["name"] = [{"text": _s(person_name)}]
    patient.update(_patient_details(person))
    add(patient, patient_id)
    subject = _ref(patient_id, person_name)

    # -- the worker, their organisation and team ------------------------------------
    organisation_ref = practitioner_ref = care_team_ref = None
    if agency is not None:
        org_id = ids("organization")
        organisation: dict[str, Any] = {"resourceType": "Organization", "active": True}
        organisation["name"] = _s(agency.organisation)
        if agency.address:
            organisation["address"] = [{"text": _s(agency.address)}]
        add(organisation, org_id)
        organisation_ref = _ref(org_id, agency.organisation)
        for identifier in patient.get("identifier", []):
            if identifier["system"] == LOCAL_REFERENCE_SYSTEM:
                # The local reference is the agency's.
                identifier["assigner"] = organisation_ref
        worker = agency.worker
        if worker.name or worker.role or worker.phone or worker.email:
            practitioner_id = ids("practitioner")
            practitioner: dict[str, Any] = {"resourceType": "Practitioner", "active": True}
            if worker.name:
                practitioner["name"] = [{"text": _s(worker.name)}]
            telecom = _telecom(worker.phone, worker.email)
            if telecom:
                practitioner["telecom"] = telecom
            add(practitioner, practitioner_id)
            practitioner_ref = _ref(practitioner_id, worker.name or worker.role)
            role: dict[str, Any] = {
                "resourceType": "PractitionerRole",
                "active": True,
                "practitioner": practitioner_ref,
                "organization": organisation_ref,
            }
            if worker.role:
                role["code"] = [{"text": _s(worker.role)}]
            if telecom:
                role["telecom"] = telecom
            if agency.office_hours:
                role["availabilityExceptions"] = _s(f"Office hours: {agency.office_hours}")
            add(role, ids("practitioner_role"))
        team_id = ids("care_team")
        members: list[dict[str, Any]] = [
            {"role": [{"text": "The person"}], "member": subject},
        ]
        if practitioner_ref is not None:
            members.append(
                {
                    "role": [{"text": _s(worker.role or "Worker")}],
                    "member": practitioner_ref,
                    "onBehalfOf": organisation_ref,
                }
            )
        add(
            {
                "resourceType": "CareTeam",
                "status": "active",
                "name": _s(agency.team or agency.organisation),
                "subject": subject,
                "participant": members,
                "managingOrganization": [organisation_ref],
            },
            team_id,
        )
        care_team_ref = _ref(team_id, agency.team or agency.organisation)

    # -- the person's contacts and network ------------------------------------------
    # Contacts the person chose to list (carer, next of kin, professionals) are always in;
    # the network only when asked. Someone in both (the same name) is one resource.
    related: dict[str, str] = {}  # a name, as written, -> the resource's id
    network_refs: list[dict[str, Any]] = []
    by_name: dict[tuple[str, str], dict[str, Any]] = {}  # (kind, folded name) -> resource
    contact_notes: list[dict[str, str]] = []
    contacts = plan.get("contacts") or {}
    for contact in contacts.get("personal", []):
        uid = ids("contact", contact["id"])
        resource = _personal_contact(contact, patient_id)
        add(resource, uid)
        by_name[("RelatedPerson", contact["name"].strip().casefold())] = resource
        related[contact["name"]] = uid
        network_refs.append(_ref(uid, contact["name"]))
        label = (contact.get("relationship") or {}).get("label")
        words = [f"Contact: {_theirs(contact['name'])}" + (f" ({label})" if label else "")]
        if contact.get("how_to_reach"):
            words.append(f"How to reach them: {_theirs(contact['how_to_reach'])}")
        if contact.get("emergency") is not None:
            ok = "yes" if contact["emergency"] else "no"
            words.append(f"OK to contact them in an emergency: {ok}")
        contact_notes.append({"text": _s(". ".join(words))})
    for contact in contacts.get("professional", []):
        uid = ids("professional", contact["id"])
        resource = {"resourceType": "Practitioner", "name": [{"text": _s(contact["name"])}]}
        add(resource, uid)
        by_name[("Practitioner", contact["name"].strip().casefold())] = resource
        if contact.get("role"):
            add(
                {
                    "resourceType": "PractitionerRole",
                    "practitioner": _ref(uid, contact["name"]),
                    "code": [{"text": _s(contact["role"])}],
                },
                ids("professional_role", contact["id"]),
            )
        network_refs.append(_ref(uid, contact["name"]))
        if gp_ref is None and (contact.get("role") or "").strip().casefold() in _GP_ROLES:
            gp_ref = _ref(uid, contact["name"])
        what = f" ({_theirs(contact['role'])})" if contact.get("role") else ""
        reach = contact.get("how_to_reach")
        text = f"Professional contact: {_theirs(contact['name'])}{what}"
        contact_notes.append(
            {"text": _s(text + (f". How to reach them: {_theirs(reach)}" if reach else ""))}
        )
    if include_network:
        for member in plan["network"]["people"]:
            code = _code(member.get("relationship"))
            label = (member.get("relationship") or {}).get("label")
            kind = "Practitioner" if code == PROFESSIONAL else "RelatedPerson"
            known = by_name.get((kind, member["name"].strip().casefold()))
            concept: dict[str, Any] | None = None
            if kind == "RelatedPerson" and label:
                concept = {"text": _s(label)}
                if code in RELATIONSHIP_CODES:
                    role_code, display = RELATIONSHIP_CODES[code]
                    concept["coding"] = [
                        {"system": ROLE_CODE, "code": role_code, "display": display}
                    ]
            if known is not None:
                # Already listed as a contact: the same person, with both relationships.
                if concept is not None and concept not in known.setdefault("relationship", []):
                    known["relationship"].append(concept)
                related[member["name"]] = known["id"]
                continue
            uid = ids("practitioner" if kind == "Practitioner" else "related", member["id"])
            name = [{"text": _s(member["name"])}]
            if kind == "RelatedPerson":
                resource = {"resourceType": kind, "patient": _ref(patient_id), "name": name}
                if concept is not None:
                    resource["relationship"] = [concept]
            else:
                resource = {"resourceType": kind, "name": name}
            add(resource, uid)
            related[member["name"]] = uid
            network_refs.append(_ref(uid, member["name"]))

    # -- goals and actions -----------------------------------------------------------
    goal_refs = []
    notes_taken_off: list[dict[str, str]] = []
    activities: list[dict[str, Any]] = []
    goal_lines: list[tuple[str, list[str]]] = []
    date = agreement.get("date") or local_iso_day(plan["created"])
    copy_audience = Audience.model_validate(plan["audience"]) if plan.get("audience") else None
    # A copy that may keep a review private claims no status it lacks: an action done or let
    # go is not "not-started", nor a goal done "active" (assistant.export.views).
    unreviewed = unreviewed_words(copy_audience, plan.get("previous_number"))
    not_reviewed = "unknown" if unreviewed else "not-started"
    for goal in plan["goals"]:
        gid = ids("goal", goal["id"])
        notes = (
            _note("Going well", goal.get("going_well"))
            + _note("What is hard", goal.get("hard"))
            + _note("Best case", goal.get("best_case"))
            + _note("Smallest next step", goal.get("smallest_step"))
        )
        for option in goal.get("options", []):
            who = {"person": "The person could", "worker": "The worker could"}.get(
                option["who"], "Others could"
            )
            notes.append({"text": _s(f"{who}: {_theirs(option['text'])}")})
        if goal.get("idea_from"):
            notes.append({"text": _s(f"Whose idea: {goal['idea_from']['label']}")})
        if goal.get("words_before"):
            notes.append(
                {"text": _s(f"The words before the change: {_theirs(goal['words_before'])}")}
            )
        if unreviewed and not goal.get("next") and not goal.get("progress"):
            notes.append({"text": f"At the review: {unreviewed}"})
        if goal.get("next"):
            # What the review decided, in the person's words ("Let it go for now"): the
            # lifecycle code alone says only that it is closed.
            # A view carried from an earlier review (the goal not looked at this time) says
            # when it was given: it is not this review's.
            day = goal.get("reviewed_on")
            when = f" on {long_date(day)}" if day and day != date else ""
            speaker = _said_by(goal.get("reviewed_by"))
            notes.append({"text": _s(f"At the review{when}: {goal['next']['label']}{speaker}")})
        for barrier in goal.get("barriers", []):
            way = (
                f" How to get past it: {_theirs(barrier['way_past'])}"
                if barrier.get("way_past")
                else ""
            )
            if way and barrier.get("way_past_from"):
                way += f" ({barrier['way_past_from']['label']})"
            notes.append({"text": _s(f"Might get in the way: {_theirs(barrier['barrier'])}.{way}")})
        # A CarePlan activity has no note of its own: whose idea each action was is kept
        # with its goal, apart from who does it (the activity's performer).
        for action in goal.get("actions", []):
            if action.get("idea_from"):
                label = action["idea_from"]["label"]
                notes.append({"text": _s(f"Action “{_theirs(action['what'])}”: {label}")})
        resource = {
            "resourceType": "Goal",
            # A draft's goals are only proposed, as the draft CarePlan is.
            # R4 has no "unknown" for a goal: "accepted" (agreed to) is true of a goal being
            # sought, done or let go alike, where "active" would say it is still sought.
            "lifecycleStatus": _GOAL_LIFECYCLE.get(
                _code(goal.get("next")),
                ("accepted" if unreviewed else "active") if agreed else "proposed",
            ),
            "description": {"text": _s(goal["what"])},
            "subject": subject,
            "startDate": date,
        }
        if review_date:
            # Looked at again at the review.
            resource["target"] = [{"dueDate": review_date}]
        progress = (goal.get("progress") or {}).get("code")
        if progress in _GOAL_ACHIEVEMENT:
            code, display = _GOAL_ACHIEVEMENT[progress]
            resource["achievementStatus"] = _concept(
                "http://terminology.hl7.org/CodeSystem/goal-achievement",
                code,
                display,
                goal["progress"]["label"],
            )
        if (goal.get("idea_from") or {}).get("code") == "me":
            resource["expressedBy"] = subject
        if notes:
            resource["note"] = notes
        add(resource, gid)
        goal_refs.append(_ref(gid))
        action_lines = []
        for action in goal.get("actions", []):
            status = _ACTION_STATUS.get(_code(action.get("status")), not_reviewed)
            detail: dict[str, Any] = {
                "kind": "Task",
                "status": status,
                "description": _s(action["what"]),
                "goal": [_ref(gid)],
            }
            who = action.get("who")
            doer = _who_display(who, person_name)
            if doer:
                if who and who["kind"] == "person":
                    detail["performer"] = [subject]
                elif who and who["kind"] == "worker" and practitioner_ref is not None:
                    detail["performer"] = [practitioner_ref]
                elif who and who["kind"] == "other" and who.get("name") in related:
                    detail["performer"] = [_ref(related[who["name"]], doer)]
                else:
                    detail["performer"] = [{"display": _s(doer)}]
            if action.get("by_when"):
                detail["scheduledPeriod"] = {"end": action["by_when"]}
            activity: dict[str, Any] = {"detail": detail}
            if action.get("review_notes"):
                review = action["review_notes"]
                speaker = _said_by(review)
                activity["progress"] = [{"text": _s(f"{review['text']}{speaker}")}]
            activities.append(activity)
            by = f", {_theirs(doer)}" if doer else ""
            action_lines.append(f"{_theirs(action['what'])} ({_ACTION_WORDS[status]}{by})")
        goal_lines.append((goal["what"], action_lines))
    # What was taken off a list at a meeting. The copy holds only the lines its reader may
    # see (assistant.plans.sharing.copy_for: private ones, people for anyone but the person,
    # goals for the GP or a named person, lines naming someone kept private): a goal is a
    # Goal no longer sought (``cancelled``, the day it went as ``statusDate``), so a records
    # system given this version sees it end rather than vanish; a person is a note.
    taken_off_lines = []
    for line in plan.get("taken_off", []):
        when = f" on {long_date(line['on'])}" if line.get("on") else ""
        if line["kind"] != "goal":
            text = f"Taken off My connections{when}: {_theirs(line['what'])}"
            notes_taken_off.append({"text": _s(text)})
            taken_off_lines.append(text)
            continue
        gid = ids("taken-off-goal", line["id"])
        idea = (line.get("idea_from") or {}).get("label")
        resource = {
            "resourceType": "Goal",
            "lifecycleStatus": "cancelled",
            "description": {"text": _s(line["what"])},
            "subject": subject,
            "statusReason": f"Taken off the list{when}",
        }
        if idea:
            resource["note"] = [{"text": _s(f"Whose idea: {idea}")}]
        if line.get("on"):
            resource["statusDate"] = line["on"]
        if (line.get("idea_from") or {}).get("code") == "me":
            resource["expressedBy"] = subject
        add(resource, gid)
        goal_refs.append(_ref(gid))
        by = f" ({idea[:1].lower() + idea[1:]})" if idea else ""
        taken_off_lines.append(f"Goal taken off{when}: {_theirs(line['what'])}{by}")

    try_lines = []
    community = Community.model_validate(plan["community"])
    cards = try_cards(community)
    placed: set[str] = set()

    def place(resource: dict[str, Any], uid: str) -> None:
        # One Location per directory entry, however many things to try name it.
        if uid not in placed:
            placed.add(uid)
            add(resource, uid)

    for item in plan["community"]["opportunities"]:
        going = item.get("go_along")
        text = f"Try: {_theirs(item['what'])}"
        if going:
            text += f" (going along the first time: {going['label']})"
        if item.get("idea_from"):
            text += f". {item['idea_from']['label']}"
        detail = {"status": "not-started", "description": _s(text)}
        card = cards.get(item["id"])
        if card is not None:
            # From the community directory: its details as every other format shows them.
            detail = _directory_detail(card, item["directory"], place, ids, text + ".")
        # As the review left it; none given (or kept private in this copy) claims nothing.
        detail["status"] = _TRY_STATUS.get(_code(item.get("status")), not_reviewed)
        activities.append({"detail": detail})
        try_lines.append(item["what"])
    for pick in directory_view(community):
        # A group chosen from the community directory, with its details as they were when
        # this version was made (the app's one wording, as the other formats show them).
        details = _pick_details(plan["community"], pick["code"])
        activities.append({"detail": _directory_detail(pick, {"details": details}, place, ids)})
        try_lines.append(pick["label"])

    # The worker's journey (issue 16): what the worker will find out or do, the worker's own
    # tasks, reviewed like the goals' actions.
    worker_lines = []
    for task in plan.get("worker_journey", {}).get("actions", []):
        status = _ACTION_STATUS.get(_code(task.get("status")), not_reviewed)
        text = f"The worker will find out or do: {_theirs(task['what'])}"
        if task.get("why"):
            text += f" (for: {_theirs(task['why'])})"
        performer = practitioner_ref if practitioner_ref is not None else {"display": "Worker"}
        detail = {
            "kind": "Task",
            "status": status,
            "description": _s(text),
            "performer": [performer],
        }
        if task.get("by_when"):
            detail["scheduledPeriod"] = {"end": task["by_when"]}
        activity = {"detail": detail}
        if task.get("found_out"):
            activity["progress"] = [{"text": _s(task["found_out"]["text"])}]
        activities.append(activity)
        worker_lines.append(f"{_theirs(task['what'])} ({_ACTION_WORDS[status]})")

    # -- ratings ---------------------------------------------------------------------
    number = plan.get("number")
    observations = []
    rating_lines = []
    audience_data = Audience.model_validate(plan["audience"]) if plan.get("audience") else None
    # Read by others: the person's own copy speaks of them as the team's does ("left for
    # today", never "not today").
    reader = None if audience_data is not None and audience_data.kind == "person" else audience_data
    for area in plan["life_areas"]:
        wanted = area.get("more_help")
        if wanted is not None:
            # Asked with the rating (DIALOG+'s "do you want more help?"), rated or not.
            help_id = ids("more-help", area["area"])
            add(_more_help(area["label"], wanted, date, subject), help_id)
            observations.append(_ref(help_id))
        more = "; would like more help" if wanted else ""
        question = _concept(
            LIFE_AREA_SYSTEM,
            area["area"],
            area["label"],
            f"How satisfied with: {area['label']} (1 to 7)",
        )
        # Earlier ratings, so a records system given only this bundle has the trend too. Each
        # has the id it had in its own version's bundle: importing both stores it once.
        for point in area.get("history", []):
            then = point.get("plan_version")
            if then and then != number and _ISO_DATE.fullmatch(point.get("date") or ""):
                add(
                    _rating(question, point["value"], point["date"], subject),
                    ids.of_version(then, "rating", area["area"]),
                )
        if area.get("value") is None:
            # Every area the plan lists is said in words, never given a value, so a reader
            # of the receiving system sees each one, as in the text copy: left for today,
            # left at the last meeting, not talked about, or talked about without a rating
            # (plans.area_words; a GP's or a named person's copy never says an area was left).
            said = not_rated_words(LifeArea.model_validate(area), reader)
            if said == LEFT_LAST_TIME:
                said = f"not rated ({said})"
            rating_lines.append(f"{area['label']}: {said}{more}")
            continue
        oid = ids("rating", area["area"])
        add(_rating(question, area["value"], date, subject), oid)
        observations.append(_ref(oid))
        picked = ", picked to talk about at this meeting" if area.get("focus") else ""
        rating_lines.append(f"{area['label']}: {area['value']} out of 7{picked}{more}")

    # -- outcome measures and referrals (issue 19) ---------------------------------
    goal_ids = {goal["id"]: ids("goal", goal["id"]) for goal in plan["goals"]}
    for resource, uid, this_version in _measure_observations(plan, ids, subject, goal_ids, date):
        add(resource, uid)
        if this_version:
            observations.append(_ref(uid))
    referral_lines = []
    rows = referral_rows(
        [Referral.model_validate(r) for r in plan.get("referrals") or []],
        audience_data,
        # Named as the state line below names them (the person and the version's worker).
        person=person_name,
        worker=state.worker if state is not None else None,
    )
    for row in rows:
        uid = ids("referral", row["id"])
        request = _service_request(row, subject, careplan_ref, practitioner_ref)
        if not agreed:
            # Part of a proposal, as the draft CarePlan is; its status stays what happened
            # (a referral really sent is still active).
            request["intent"] = "proposal"
        add(request, uid)
        activities.append({"reference": _ref(uid, f"Referral to {_theirs(row['to'])}")})
        status = f" ({row['status']}{', ' + row['status_on'] if row['status_on'] else ''})"
        referral_lines.append(f"{_theirs(row['to'])}{status if row['status'] else ''}")
    change_lines = (
        change(plan_from_json(plan)).sentences()
        if (plan.get("measures") or {}).get("wellbeing")
        or (plan.get("measures") or {}).get("history")
        or any(g.get("attainment") is not None for g in plan["goals"])
        else []
    )

    # -- notes -----------------------------------------------------------------------
    audience = audience_view(audience_data)
    state_line = state_words(state, person_name, agreed_in_part(plan.get("agreement")))
    notes = [{"text": _s(state_line)}]
    watermark = plan.get("watermark")
    if watermark:
        notes.append({"text": _s(watermark)})
    # The shipped example agency: its made-up numbers must never be taken for real ones.
    example = agency is not None and agency.example
    if audience["line"]:
        notes.append({"text": _s(audience["line"])})
    if audience["withheld"]:
        notes.append({"text": audience["withheld"]})
    notes += _note("What matters to the person", plan["about"].get("what_matters"))
    notes += _note(
        "When the person needs the service less, life would look like",
        plan.get("moving_on", {}).get("picture"),
    )
    notes += notes_taken_off
    notes += _note("Not agreed, in the person's words", agreement.get("person_not_agreed"))
    notes += _note("Not agreed by the worker", agreement.get("worker_not_agreed"))
    if review_date:
        notes.append({"text": f"Review date: {day_date(review_date)}"})
    sharing = plan["sharing"]
    if sharing.get("share_with"):
        shared = ", ".join(c["label"] for c in sharing["share_with"])
        notes.append({"text": _s(f"The person agrees to share this plan with: {shared}")})
    notes += _note("May be shared with", sharing.get("share_who"))
    if audience["own"]:  # never in a copy for someone else
        notes += _note("Must not be shared", sharing.get("keep_private"))
    for need in plan.get("support_needed", []):
        notes.append({"text": _s(f"Support needed: {_theirs(need['text'])}")})
    hard_times = plan.get("hard_times") or {}
    hard_notes = [
        {"text": _s(f"{label}: {_theirs(hard_times[field]['text'])}")}
        for field, label, _ in HARD_TIMES_PARTS
        if hard_times.get(field)
    ]
    if hard_notes:
        notes.append(
            {"text": "The person's plan for hard times is its own CarePlan in this bundle."}
        )
    notes += _note("How I like to be contacted", contacts.get("how_to_contact"))
    notes += _note("What helps me understand and be understood", contacts.get("communication"))
    notes += contact_notes
    if agreement.get("reviewer"):
        notes.append(
            {
                "text": _s(
                    f"Who will review the plan with the person: {_theirs(agreement['reviewer'])}"
                )
            }
        )
    notes += _note("Information and advice given", agreement.get("information_given"))
    participation = plan.get("participation") or {}
    if participation.get("took_part"):
        notes.append(
            {"text": _s(f"How the person took part: {participation['took_part']['label']}")}
        )
    if participation.get("at_keyboard"):
        notes.append({"text": _s(f"Who typed: {participation['at_keyboard']['label']}")})
    notes += _note("Also there", participation.get("others_present"))
    notes += _note("What helps the person when we talk", participation.get("what_helps"))
    notes += _contact_notes(agency, worker=True)

    # -- the plan --------------------------------------------------------------------
    title = "Relationship plan (Connecting People Intervention)"
    careplan: dict[str, Any] = {"resourceType": "CarePlan"}
    narrative: list[tuple[str, Any]] = [
        (
            "b",
            f"{title}{f', version {number}' if number else ''}"
            + (f", for {_theirs(person_name)}" if person_name else ""),
        ),
        ("p", state_line),
        *([("b", watermark)] if watermark else []),
        *([("b", EXAMPLE_LINE)] if example else []),
    ]
    if audience["line"]:
        narrative.append(("p", audience["line"]))
    if audience["withheld"]:
        narrative.append(("p", audience["withheld"]))
    what_matters = plan["about"].get("what_matters")
    if what_matters:
        narrative.append(("p", f"What matters to the person: {_theirs(what_matters['text'])}"))
    if goal_lines:
        narrative += [("p", "Goals and actions:"), ("ul", goal_lines)]
    if taken_off_lines:
        narrative += [("p", "Taken off the list:"), ("ul", taken_off_lines)]
    if try_lines:
        narrative += [("p", "Things to try:"), ("ul", try_lines)]
    if worker_lines:
        narrative += [("p", "What the worker will find out or do:"), ("ul", worker_lines)]
    if rating_lines:
        narrative += [("p", "How satisfied with each area of life (1 to 7):"), ("ul", rating_lines)]
    if referral_lines:
        narrative += [
            ("p", "Referrals (getting in touch with groups and services):"),
            ("ul", referral_lines),
        ]
    if change_lines:
        narrative += [("p", "How things have changed:"), ("ul", change_lines)]
    for field, label in (
        ("how_to_contact", "How I like to be contacted"),
        ("communication", "What helps me understand and be understood"),
    ):
        if contacts.get(field):
            narrative.append(("p", f"{label}: {_theirs(contacts[field]['text'])}"))
    if contact_notes:
        narrative += [("p", "Contacts:"), ("ul", [n["text"] for n in contact_notes])]
    if agency is not None and (agency.worker.name or agency.worker.role):
        worker_words = ", ".join(p for p in (agency.worker.name, agency.worker.role) if p)
        narrative.append(
            ("p", f"Worker: {_theirs(worker_words)} ({agency.team or agency.organisation})")
        )
    if review_date:
        narrative.append(("p", f"Review date: {day_date(review_date)}"))
    if hard_notes:
        narrative.append(("p", "The plan for hard times is a CarePlan of its own in this bundle."))
    careplan["text"] = _narrative(narrative)
    careplan_identifiers = []
    if number:
        careplan_identifiers.append({"system": URI_SYSTEM, "value": f"urn:uuid:{careplan_id}"})
    careplan.update(
        {
            "identifier": careplan_identifiers,
            # A draft is only proposed; an agreed version is the plan in force until a later
            # agreed version replaces it (FHIR: revoked, "though it may have been replaced by
            # a new plan"): a records system given an old version holds one active plan.
            "status": "revoked"
            if state is not None and state.replaced_by
            else "active"
            if agreed
            else "draft",
            "intent": "plan" if agreed else "proposal",
            "category": _category("relationship-plan"),
            "title": title,
            "subject": subject,
            "created": str(plan["created"]),
        }
    )
    if not careplan_identifiers:
        del careplan["identifier"]
    previous = plan.get("previous_number")
    if previous:
        earlier: dict[str, Any] = {"display": f"Relationship plan, version {previous}"}
        if ids.names_person:
            # Not in this bundle: named by the identifier its own export carries.
            earlier["identifier"] = {
                "system": URI_SYSTEM,
                "value": f"urn:uuid:{version_uuid(plan, previous, person_id)}",
            }
        careplan["replaces"] = [earlier]
    if what_matters:
        careplan["description"] = _s(what_matters["text"])
    agreed_on = local_day(state.agreed_at) if agreed and state is not None else None
    period: dict[str, str] = {}
    if agreed_on is not None:
        period["start"] = agreed_on.isoformat()
    if review_date and (agreed_on is None or review_date >= period["start"]):
        period["end"] = review_date
    if period:
        careplan["period"] = period
    if practitioner_ref is not None:
        careplan["author"] = practitioner_ref
        careplan["contributor"] = [subject, practitioner_ref]
    elif organisation_ref is not None:
        careplan["author"] = organisation_ref
    if care_team_ref is not None:
        careplan["careTeam"] = [care_team_ref]
    if goal_refs:
        careplan["goal"] = goal_refs
    if observations or network_refs:
        careplan["supportingInfo"] = observations + network_refs
    if activities:
        careplan["activity"] = activities
    if notes:
        careplan["note"] = notes
    add(careplan, careplan_id)
    # CarePlan first: readers that look at the first entry find the plan.
    entries.insert(0, entries.pop())

    if hard_notes:
        # A crisis plan is a document of its own in most records: a CarePlan that is part of
        # the relationship plan, in the person's words, with the numbers to call beside them.
        hard: dict[str, Any] = {
            "resourceType": "CarePlan",
            "text": _narrative(
                [("b", "My plan for hard times")]
                + ([("b", EXAMPLE_LINE)] if example else [])
                + [("p", n["text"]) for n in hard_notes]
            ),
            "status": careplan["status"],
            "intent": careplan["intent"],
            "category": _category("hard-times-plan"),
            "title": "My plan for hard times",
            "description": "What the person would like to happen when things get hard, "
            "in their own words.",
            "subject": subject,
            "created": str(plan["created"]),
            "partOf": [careplan_ref],
            "note": hard_notes + _contact_notes(agency, worker=False),
        }
        if "period" in careplan:
            hard["period"] = careplan["period"]
        if "author" in careplan:
            hard["author"] = careplan["author"]
        if care_team_ref is not None:
            hard["careTeam"] = [care_team_ref]
        hard_id = ids("hard_times")
        add(hard, hard_id)
        shared_plans.append(_ref(hard_id, "My plan for hard times"))

    consent = _consent(
        plan,
        state,
        subject,
        organisation_ref,
        {"team": care_team_ref, "gp": gp_ref},
        shared_plans,
        audience,
    )
    if consent is not None:
        add(consent, ids("consent"))
    # One document per version *and* reader: the person's full copy and the team's (some
    # parts withheld) are different documents, never to be taken for one.
    copy_for = "|".join(str(getattr(audience_data, k, None) or "") for k in ("kind", "name"))
    bundle_id = ids("bundle", copy_for)
    bundle: dict[str, Any] = {
        "resourceType": "Bundle",
        "id": bundle_id,
        "identifier": {"system": URI_SYSTEM, "value": f"urn:uuid:{bundle_id}"},
        "type": "collection",
        "timestamp": str(plan["created"]),
        "entry": entries,
    }
    if watermark or example:
        # A fictional training person, or the made-up example agency's contact details:
        # every resource is marked as test data (HL7's code for it), so none is taken for
        # real even when read on its own (a Practitioner's made-up phone number included).
        for entry in entries:
            entry["resource"]["meta"] = {"tag": [TEST_DATA]}
        bundle["meta"] = {"tag": [TEST_DATA]}
    return bundle


_CONSENT_SCOPE: Final = _concept(
    "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", "Privacy Consent"
)
_CONSENT_CATEGORY: Final = {
    "coding": [{"system": "http://loinc.org", "code": "59284-0"}],
    "text": "Consent to share the plan",
}
_OPT_IN: Final = _concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in")
_RECIPIENT: Final = _concept(
    "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient"
)
_ACCESS: Final = _concept("http://terminology.hl7.org/CodeSystem/consentaction", "access", "Access")


def _consent(
    plan: dict[str, Any],
    state: PlanState | None,
    subject: dict[str, Any],
    organisation_ref: dict[str, Any] | None,
    actors: dict[str, dict[str, Any] | None],
    shared_plans: list[dict[str, Any]],
    audience: dict[str, Any],
) -> dict[str, Any] | None:
    """The person's sharing choices (Closing) as a Consent: nobody but those they chose may
    see the plan. ``None`` while they have not chosen (no Consent is made up).

    The parts kept private are listed by their labels in the person's own copy only; a shared
    copy says only that some parts were withheld."""
    sharing = plan["sharing"]
    if not sharing.get("share_with"):
        return None
    shown = Plan.model_validate(
        {"created": plan["created"], "sharing": sharing, "audience": plan.get("audience")}
    )
    chosen = recipients(shown)
    # A care team's or GP's copy keeps the kinds of people named, never their names.
    unnamed = names_left_out(shown)
    kept: list[dict[str, Any]] = []
    if audience["own"]:
        kept = [{"text": _s(part["label"])} for part in sharing.get("private", [])]
    elif audience["withheld"]:
        kept = [{"text": WITHHELD_NOTE}]
    permits = []
    words = []
    for recipient in chosen:
        if recipient.audience.kind == "person":
            continue
        if not recipient.allowed:
            if not (unnamed and recipient.audience.kind == "named" and not recipient.key):
                continue
            kinds = [c["label"] for c in sharing["share_with"] if c["code"] in NAMED_CHOICES]
            label = f"{' or '.join(kinds)}: someone the person named (not named in this copy)"
            actor = {"display": _s(label)}
        elif recipient.audience.kind == "team":
            label = "The care team"
            actor = actors["team"] or {"display": label}
        elif recipient.key == "gp":
            label = "The person's GP"
            actor = actors["gp"] or {"display": label}
        else:
            label = recipient.audience.name or recipient.label
            actor = {"display": _s(label)}
        words.append(label)
        permit: dict[str, Any] = {
            "type": "permit",
            "actor": [{"role": _RECIPIENT, "reference": actor}],
            "action": [_ACCESS],
            "data": [{"meaning": "related", "reference": ref} for ref in shared_plans],
        }
        if kept:
            permit["provision"] = [{"type": "deny", "code": kept}]
        permits.append(permit)
    story: list[tuple[str, Any]] = [("b", "Who may see this plan: the person's choice")]
    if words:
        story += [("p", "The person agrees to share this plan with:"), ("ul", words)]
    else:
        story.append(("p", "The person chose that nobody else sees this plan."))
    if kept:
        story += [("p", "Not to be shared:"), ("ul", [k["text"] for k in kept])]
    provision: dict[str, Any] = {"type": "deny"}
    if permits:
        provision["provision"] = permits
    consent: dict[str, Any] = {
        "resourceType": "Consent",
        "text": _narrative(story),
        # Chosen in a meeting; in force once the plan is agreed.
        "status": "active" if state is not None and state.agreed else "proposed",
        "scope": _CONSENT_SCOPE,
        "category": [_CONSENT_CATEGORY],
        "patient": subject,
        "dateTime": str(
            (state.agreed_at if state is not None and state.agreed else None) or plan["created"]
        ),
        "performer": [subject],
        "policyRule": _OPT_IN,
        "provision": provision,
    }
    if organisation_ref is not None:
        consent["organization"] = [organisation_ref]
    return consent
