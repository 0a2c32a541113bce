"""Shared fixtures: the sample topic set and a way to write small topic sets inline."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.authoring.content import load_content
from assistant.flows.loader import Content

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE = FIXTURES / "sample"


@pytest.fixture(scope="session")
def sample_content() -> Content:
    return load_content(SAMPLE)


WriteTopics = Callable[..., Path]


@pytest.fixture
def write_topics(tmp_path: Path) -> WriteTopics:
    """Write ``name=yaml`` topic files into a fresh content folder; returns the folder."""

    def write(**files: str) -> Path:
        flows = tmp_path / "content" / "flows"
        flows.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            body = "# yaml-language-server: $schema=../schema/topic.schema.json\n"
            body += textwrap.dedent(text).lstrip("\n")
            (flows / f"{name}.yaml").write_text(body, encoding="utf-8")
        return tmp_path / "content"

    return write
