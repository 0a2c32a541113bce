"""The made-up example agency's details are marked in FHIR too (issue 13 §1): a records
system reading any one resource, or only the narrative, must not take the example's phone
numbers for real ones."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fhir_schema import schema_errors

from assistant.agency import EXAMPLE_LINE, Agency
from assistant.export.fhir import TEST_DATA
from assistant.export.render import render
from assistant.flows.loader import Content
from assistant.plans.model import HardTimes, Plan, Words

HARD_TIMES = HardTimes(what_helps=Words(text="A walk by the canal with Jo"))


def _bundle(plan: Plan, agency: Agency | None) -> dict[str, Any]:
    shown = plan.model_copy(update={"hard_times": HARD_TIMES, "agency": agency})
    bundle = json.loads(render(shown, "fhir"))
    assert schema_errors(bundle) == []
    return bundle


def _care_plans(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    found = [e["resource"] for e in bundle["entry"]]
    return [r for r in found if r["resourceType"] == "CarePlan"]


@pytest.fixture
def example(content: Content) -> Agency:
    agency = content.agency
    assert agency is not None and agency.example  # the shipped, made-up example
    return agency


def test_both_care_plans_narratives_say_the_details_are_made_up(
    plan: Plan, example: Agency
) -> None:
    care_plans = _care_plans(_bundle(plan, example))
    assert len(care_plans) == 2  # the plan and its plan for hard times
    for care_plan in care_plans:
        assert EXAMPLE_LINE in care_plan["text"]["div"], care_plan["title"]


def test_every_resource_is_tagged_as_test_data(plan: Plan, example: Agency) -> None:
    bundle = _bundle(plan, example)
    assert bundle["meta"]["tag"] == [TEST_DATA]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert resource.get("meta", {}).get("tag") == [TEST_DATA], resource["resourceType"]


def test_the_worker_s_made_up_phone_is_on_a_tagged_practitioner(
    plan: Plan, example: Agency
) -> None:
    (practitioner,) = [
        e["resource"]
        for e in _bundle(plan, example)["entry"]
        if e["resource"]["resourceType"] == "Practitioner"
        and e["resource"].get("name") == [{"text": example.worker.name}]
    ]
    assert example.worker.phone in [t["value"] for t in practitioner["telecom"]]
    assert practitioner["meta"]["tag"] == [TEST_DATA]


def test_real_details_carry_no_mark(plan: Plan, example: Agency) -> None:
    bundle = _bundle(plan, example.model_copy(update={"example": False}))
    assert "meta" not in bundle
    assert all("meta" not in e["resource"] for e in bundle["entry"])
    assert all(EXAMPLE_LINE not in c["text"]["div"] for c in _care_plans(bundle))
