"""Fixtures for the plan tests: real meetings over the shipped content (the root conftest's
``content``), a real records folder."""

from __future__ import annotations

import pytest
from plan_support import Meetings, demo

from assistant.flows.loader import Content
from assistant.records import CaseStore


@pytest.fixture(scope="session")
def meetings(content: Content) -> Meetings:
    return demo(content)


@pytest.fixture
def person(store: CaseStore) -> str:
    return store.create_person("Sam", reference="R-1")
