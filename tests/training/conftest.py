"""Fixtures for the training tests (helpers live in training_support.py)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from training_support import TESS, Clock, write_mini

from assistant.authoring.content import load_content
from assistant.flows.loader import Content
from assistant.training.loader import load_personas
from assistant.training.model import Persona


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def personas() -> dict[str, Persona]:
    return load_personas()


@pytest.fixture(scope="session")
def mini(tmp_path_factory: pytest.TempPathFactory) -> Content:
    return load_content(write_mini(tmp_path_factory.mktemp("mini")))


@pytest.fixture
def tess_data() -> dict[str, Any]:
    return copy.deepcopy(TESS)


@pytest.fixture
def tess() -> Persona:
    return Persona.model_validate(TESS)
