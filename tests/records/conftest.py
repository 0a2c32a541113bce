"""Shared fixtures for the records tests: real folders under tmp_path, real files."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.records import CaseStore, crypto


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt with n=2**10 so encryption tests stay quick (the real cost is benchmarked)."""
    monkeypatch.setattr(crypto, "DEFAULT_PARAMS", (10, 8, 1))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(root: Path) -> CaseStore:
    return CaseStore(root)


@pytest.fixture
def person(store: CaseStore) -> str:
    return store.create_person("Sam", reference="R-100")
