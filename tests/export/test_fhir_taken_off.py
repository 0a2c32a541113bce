"""What was taken off a list (``Plan.taken_off``) in the FHIR bundle: a goal taken off is a
Goal no longer sought (``cancelled``), in the copies that may show it, as the other copies
say it (docs/export.md, "What was taken off a list")."""

from __future__ import annotations

import json
from typing import Any

from export_support import AGREED_STATE
from fhir.resources.R4B.bundle import Bundle
from fhir_schema import schema_errors

from assistant.export.render import render
from assistant.plans.model import Audience, Code, Plan, Sharing, TakenOff
from assistant.plans.sharing import copy_for

CV = TakenOff(
    kind="goal",
    id="g1",
    what="Sort out a CV and apply for warehouse jobs",
    idea_from=Code(code="worker", label="My worker's idea"),
    on="2026-12-07",
    plan_version=3,
)
DAN = TakenOff(kind="person", id="p1", what="Dan", on="2026-12-07", plan_version=3)


def _bundle(plan: Plan, audience: Audience) -> dict[str, Any]:
    shared = Plan(
        created="2026-12-07T10:00:00+00:00",
        taken_off=plan.taken_off,
        sharing=Sharing(share_with=[Code(code="care_team", label="My care team")]),
        state=AGREED_STATE,
    )
    bundle: dict[str, Any] = json.loads(render(copy_for(shared, audience), "fhir"))
    assert schema_errors(bundle) == []
    Bundle.model_validate(bundle)
    return bundle


def _goals(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Goal"]


def test_a_goal_taken_off_is_a_goal_no_longer_sought_in_the_care_teams_bundle() -> None:
    bundle = _bundle(Plan(created="2026-12-07", taken_off=[CV]), Audience(kind="team"))
    [goal] = _goals(bundle)
    assert goal["description"]["text"] == CV.what
    assert goal["lifecycleStatus"] == "cancelled"
    assert goal["statusDate"] == "2026-12-07"
    assert goal["statusReason"] == "Taken off the list on 7 December 2026"
    careplan = bundle["entry"][0]["resource"]
    assert [ref["reference"] for ref in careplan["goal"]] == [f"urn:uuid:{goal['id']}"]


def test_a_goal_private_when_taken_off_is_not_in_the_care_teams_bundle() -> None:
    private = CV.model_copy(update={"private": True})
    bundle = _bundle(Plan(created="2026-12-07", taken_off=[private]), Audience(kind="team"))
    assert _goals(bundle) == []
    assert CV.what not in json.dumps(bundle)


def test_a_person_taken_off_is_said_in_the_persons_own_bundle_only() -> None:
    plan = Plan(created="2026-12-07", taken_off=[DAN])
    own = _bundle(plan, Audience(kind="person"))
    notes = [n["text"] for n in own["entry"][0]["resource"]["note"]]
    assert "Taken off My connections on 7 December 2026: Dan" in notes
    assert "Dan" not in json.dumps(_bundle(plan, Audience(kind="team")))
