"""Fixtures for the export tests: the demo plans built from the shipped content (the root
conftest's ``content``)."""

from __future__ import annotations

import pytest
from export_support import demo_plans, hostile_plan

from assistant.flows.loader import Content
from assistant.plans.model import Plan, PlanState


@pytest.fixture(scope="session")
def plans(content: Content) -> tuple[Plan, Plan]:
    return demo_plans(content)


@pytest.fixture(scope="session")
def plan(plans: tuple[Plan, Plan]) -> Plan:
    """The review's plan (version 2): ratings history, statuses, a review."""
    return plans[1]


@pytest.fixture(scope="session")
def hostile(content: Content) -> Plan:
    return hostile_plan(content)


# As the record holds an agreed version and a draft (see assistant.plans.state).
AGREED = PlanState(
    status="agreed",
    saved_at="2027-03-03T10:00:00.000+00:00",
    agreed_at="2027-03-03T10:00:00.000+00:00",
    agreed_by="both",
)
DRAFT = PlanState(status="draft", saved_at="2027-03-04T10:00:00.000+00:00")


@pytest.fixture(scope="session")
def agreed_plan(plan: Plan) -> Plan:
    """The review's plan, saved in the record as an agreed version."""
    return plan.model_copy(update={"state": AGREED})


@pytest.fixture(scope="session")
def draft_plan(plan: Plan) -> Plan:
    """The review's plan saved "not agreed yet" (its Closing answers still say yes)."""
    assert plan.agreement.both_agreed
    return plan.model_copy(update={"state": DRAFT})
