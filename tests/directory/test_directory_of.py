"""directory_of: the directory a content pack was loaded with, for plans to copy details from."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assistant.directory import (
    DirectoryFunctions,
    directory_of,
    load_directory,
    prepare_directory,
)
from assistant.flows.loader import Content
from assistant.plans.from_session import build_plan


def test_the_loaded_content_gives_its_directory(content: Content) -> None:
    found = directory_of(content)
    assert found is not None
    # Compared as data: matching keeps a private index on a directory it has searched, and
    # pydantic's == compares that too (other tests may have searched this one already).
    assert found.model_dump() == load_directory().model_dump()


def test_content_without_a_directory_gives_none(content: Content) -> None:
    assert directory_of(dataclasses.replace(content, directory=None)) is None


def test_a_directory_that_cannot_be_read_gives_none_and_plans_still_build(
    content: Content, tmp_path: Path
) -> None:
    (tmp_path / "_area.yaml").write_text("example_data: [not, a, bool]\n", encoding="utf-8")
    broken = dataclasses.replace(content, directory=DirectoryFunctions(tmp_path))
    assert directory_of(broken) is None
    data = {"community": {"from_directory": ["kick_off_together_football"]}}
    plan = build_plan(data, content=broken, created="2026-01-05T10:00:00+00:00")
    pick = plan.community.from_directory[0]
    assert (pick.code, pick.details, pick.removed) == ("kick_off_together_football", None, False)


def test_prepare_directory_reads_it_and_builds_its_index(content: Content) -> None:
    """A meeting prepares the directory while the people read a question, so the first
    question that matches it does not build the index in the middle of its step (issue 18)."""
    fresh = dataclasses.replace(content, directory=DirectoryFunctions(content.root / "directory"))
    prepare_directory(fresh)
    directory = directory_of(fresh)
    assert directory is not None
    index = directory._index
    assert index is not None
    # Matching now uses the index built then (not a new one).
    assert fresh.directory.opportunities("walking and music")
    assert directory._index is index


def test_prepare_directory_without_one_or_with_a_broken_one_does_nothing(
    content: Content, tmp_path: Path
) -> None:
    prepare_directory(dataclasses.replace(content, directory=None))
    (tmp_path / "_area.yaml").write_text("example_data: [not, a, bool]\n", encoding="utf-8")
    broken = dataclasses.replace(content, directory=DirectoryFunctions(tmp_path))
    prepare_directory(broken)  # the linter reports its errors; a meeting carries on
    assert directory_of(broken) is None
