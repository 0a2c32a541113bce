"""Fixtures for the export tests."""

from __future__ import annotations

import pytest
from export_support import demo_plans, hostile_plan

from assistant.flows.loader import Content, load_content
from assistant.plans.model import Plan


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CPI_DATA_DIR", "CPI_PASSPHRASE", "CPI_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


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
