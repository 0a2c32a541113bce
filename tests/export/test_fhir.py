"""The FHIR R4 Bundle validates with fhir.resources and carries the plan."""

from __future__ import annotations

import json
from typing import Any

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from assistant.export.fhir import LIFE_AREA_SYSTEM, plan_to_fhir
from assistant.plans.model import Contacts, Plan


def _resources(plan: Plan, **options: Any) -> list[dict[str, Any]]:
    return [e["resource"] for e in plan_to_fhir(plan.to_json(), **options)["entry"]]


def _of(resources: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [r for r in resources if r["resourceType"] == kind]


def test_the_bundle_validates(plan: Plan) -> None:
    Bundle.model_validate(plan_to_fhir(plan.to_json(), include_network=True))


def test_every_resource_validates_on_its_own(plan: Plan) -> None:
    for resource in _resources(plan, include_network=True):
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)


def test_the_care_plan_comes_first_and_refers_to_every_goal(plan: Plan) -> None:
    resources = _resources(plan)
    careplan = resources[0]
    assert careplan["resourceType"] == "CarePlan"
    goal_ids = {f"urn:uuid:{g['id']}" for g in _of(resources, "Goal")}
    assert {ref["reference"] for ref in careplan["goal"]} == goal_ids
    assert len(goal_ids) == len(plan.goals)


def test_each_action_opportunity_and_directory_pick_is_an_activity(plan: Plan) -> None:
    careplan = _resources(plan)[0]
    # The worker's actions are the worker's tasks (issue 16), beside the goals' actions.
    actions = sum(len(g.actions) for g in plan.goals) + len(plan.worker_journey.actions)
    assert plan.worker_journey.actions
    # A pick carried into the things to try is one activity with them (issue 15).
    carried = {o.directory.code for o in plan.community.opportunities if o.directory}
    picks = [p for p in plan.community.from_directory if p.code not in carried]
    community = len(plan.community.opportunities) + len(picks)
    assert plan.community.from_directory
    details = [a for a in careplan["activity"] if "detail" in a]
    assert len(details) == actions + community
    # Each referral (issue 19) is an activity too, pointing at its ServiceRequest.
    assert plan.referrals
    assert len(careplan["activity"]) == len(details) + len(plan.referrals)


def test_action_statuses_map_to_fhir_statuses(plan: Plan) -> None:
    activities = _resources(plan)[0]["activity"]
    details = {a["detail"]["description"]: a["detail"] for a in activities if "detail" in a}
    assert details["Text Dan about lunch"]["status"] == "completed"
    assert details["Go to the first walk"]["status"] == "in-progress"
    assert details["Restring the guitar"]["status"] == "not-started"
    assert details["Text Dan about lunch"]["scheduledPeriod"]["end"]


def test_an_agreed_version_is_an_active_plan(agreed_plan: Plan) -> None:
    careplan = _resources(agreed_plan)[0]
    assert (careplan["status"], careplan["intent"]) == ("active", "plan")


def test_a_draft_is_a_draft_proposal_even_when_both_said_yes(draft_plan: Plan) -> None:
    careplan = _resources(draft_plan)[0]
    assert (careplan["status"], careplan["intent"]) == ("draft", "proposal")
    assert careplan["note"][0]["text"].startswith("Draft: not agreed yet.")


def test_a_plan_that_is_not_a_saved_version_is_a_draft(plan: Plan) -> None:
    assert _resources(plan)[0]["status"] == "draft"


def test_an_agreed_version_starts_on_the_day_it_was_agreed(agreed_plan: Plan) -> None:
    careplan = _resources(agreed_plan)[0]
    assert careplan["period"] == {"start": "2027-03-03"}
    assert careplan["note"][0]["text"].startswith("Agreed together on 3 March 2027 by ")


def test_a_draft_bundle_validates(draft_plan: Plan) -> None:
    Bundle.model_validate(plan_to_fhir(draft_plan.to_json(), include_network=True))


def test_a_goals_review_is_its_achievement_status(plan: Plan) -> None:
    goals = {g["description"]["text"]: g for g in _of(_resources(plan), "Goal")}
    status = goals["See more of my brother Dan"]["achievementStatus"]["coding"][0]["code"]
    assert status == "improving"


def test_network_members_are_included_only_when_asked(plan: Plan) -> None:
    # Without the agency's worker and the person's contacts (resources of their own):
    # professionals in the network are Practitioners, everyone else a RelatedPerson (issue 14).
    plan = plan.model_copy(update={"agency": None, "contacts": Contacts()})
    assert _of(_resources(plan), "RelatedPerson") == _of(_resources(plan), "Practitioner") == []
    network = _of(_resources(plan, include_network=True), "RelatedPerson") + _of(
        _resources(plan, include_network=True), "Practitioner"
    )
    assert sorted(r["name"][0]["text"] for r in network) == sorted(
        p.name for p in plan.network.people
    )


def test_ratings_are_observations(plan: Plan) -> None:
    # This version's ratings are the plan's supporting information (earlier ones, also in
    # the bundle since issue 14, are not).
    resources = _resources(plan)
    current = {ref["reference"] for ref in resources[0]["supportingInfo"]}
    values = sorted(
        o["valueInteger"]
        for o in _of(resources, "Observation")
        if f"urn:uuid:{o['id']}" in current
        # The outcome measures (issue 19) and the "more help?" answers support the plan too;
        # they have their own tests.
        and "valueInteger" in o
        and o["code"]["coding"][0]["system"] == LIFE_AREA_SYSTEM
    )
    assert values == sorted(a.value for a in plan.life_areas if a.value is not None)


def test_exporting_twice_gives_the_same_bundle(plan: Plan) -> None:
    one = json.dumps(plan_to_fhir(plan.to_json()), sort_keys=True)
    two = json.dumps(plan_to_fhir(plan.to_json()), sort_keys=True)
    assert one == two


def test_an_empty_plan_gives_a_valid_bundle() -> None:
    Bundle.model_validate(plan_to_fhir(Plan(created="2026-01-01T00:00:00Z").to_json()))


def test_a_drafts_goals_and_referrals_are_only_proposed(draft_plan: Plan) -> None:
    # The draft CarePlan said "proposal" while its Goals said "active".
    resources = _resources(draft_plan)
    goals = _of(resources, "Goal")
    assert goals and {g["lifecycleStatus"] for g in goals} <= {"proposed", "completed", "cancelled"}
    assert "proposed" in {g["lifecycleStatus"] for g in goals}
    requests = _of(resources, "ServiceRequest")
    assert requests and {r["intent"] for r in requests} == {"proposal"}


def test_a_goal_let_go_is_closed_as_the_app_closes_it(agreed_plan: Plan) -> None:
    # Never offered at a review again: `on-hold` would leave it open in the records system.
    data = agreed_plan.to_json()
    data["goals"][0]["next"] = {"code": "let_go", "label": "Let it go for now"}
    data["goals"][0]["reviewed_by"] = "person"
    goals = _of([e["resource"] for e in plan_to_fhir(data)["entry"]], "Goal")
    goal = next(g for g in goals if g["description"]["text"] == data["goals"][0]["what"])
    assert goal["lifecycleStatus"] == "cancelled"
    said = "At the review: Let it go for now (said by the person)"  # who said it, as elsewhere
    assert said in [n["text"] for n in goal["note"]]


def test_an_agreed_plans_goals_and_referrals_are_in_force(agreed_plan: Plan) -> None:
    resources = _resources(agreed_plan)
    assert "active" in {g["lifecycleStatus"] for g in _of(resources, "Goal")}
    assert {r["intent"] for r in _of(resources, "ServiceRequest")} == {"plan"}
