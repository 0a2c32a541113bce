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
def root(data_dir: Path) -> Path:
    """The records folder (the root conftest's ``data_dir``, where its ``store`` lives)."""
    return data_dir


@pytest.fixture
def person(store: CaseStore) -> str:
    return store.create_person("Sam", reference="R-100")
