"""Fixtures for the plan tests: real content, real meetings, a real records folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from plan_support import Meetings, demo

from assistant.authoring.content import load_content
from assistant.flows.loader import Content
from assistant.records import CaseStore


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own settings must not leak into the tests."""
    for name in ("CPI_DATA_DIR", "CPI_PASSPHRASE", "CPI_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


@pytest.fixture(scope="session")
def meetings(content: Content) -> Meetings:
    return demo(content)


@pytest.fixture
def store(tmp_path: Path) -> CaseStore:
    return CaseStore(tmp_path / "data")


@pytest.fixture
def person(store: CaseStore) -> str:
    return store.create_person("Sam", reference="R-1")
