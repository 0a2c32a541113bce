"""W309: worker guidance that speaks of the code ("The session layer reads ...", store paths,
file names) is a warning from `cpi-assistant validate`, at the guidance's line (issue 15)."""

from __future__ import annotations

import pytest

from assistant.authoring.lint import lint_paths
from assistant.cli import main
from assistant.locations import content_dir

HEAD = """
id: t
title: T
description: A test topic.
nodes:
  - id: a
    kind: say
    text: Hello.
"""


def _guidance(write_topics, guidance: str):
    root = write_topics(t=HEAD + f"    guidance: {guidance}\n  - {{id: b, kind: end}}\n")
    return root, lint_paths([root])


@pytest.mark.parametrize(
    "words",
    [
        "The session layer reads `consent.record`.",
        "The answer is in the store under about.name.",
        "This node runs after the menu.",
        "Kept in session state until the end.",
        "The numbers come from agency.yaml.",
        "Look at the `hard_times` topic.",
        "Each data store keeps the answer.",
        "The node id decides what comes next.",
    ],
)
def test_guidance_about_the_code_is_a_warning(write_topics, words: str) -> None:
    _, found = _guidance(write_topics, f'"{words}"')
    assert [(p.code, p.severity) for p in found] == [("W309", "warning")]


@pytest.mark.parametrize(
    "words",
    [
        "Ask what would help. Going along the first time often makes the difference.",
        "Note it in your own system only if your agency requires it.",
        "Keep the person's words, exactly as said.",
        "Charity stores often need volunteers; ask what they would like to do.",
        "Suggest they dress in layers: the walk goes on in most weather.",
        "Some people find layers of forms hard; offer to fill them in together.",
        "Stores and shops in town may take volunteers.",
        "This step is about the person's own words.",
    ],
)
def test_everyday_guidance_passes(write_topics, words: str) -> None:
    _, found = _guidance(write_topics, f'"{words}"')
    assert found == []


def test_validate_names_the_file_and_line_of_the_guidance(write_topics, capsys) -> None:
    root, _ = _guidance(write_topics, '"The session layer reads it."')
    assert main(["validate", str(root)]) == 0  # a warning: clean unless --strict
    out = capsys.readouterr().out
    assert "t.yaml:9:15: W309 warning: the guidance speaks of the app's internals" in out
    assert main(["validate", "--strict", str(root)]) == 1


def test_the_shipped_guidance_speaks_to_the_worker_not_of_the_code() -> None:
    found = [p for p in lint_paths([content_dir()]) if p.code == "W309"]
    assert found == []
