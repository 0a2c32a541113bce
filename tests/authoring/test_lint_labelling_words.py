"""W310: worker guidance that labels the person or talks down to them ("common in
psychosis", "a fragile one", "the patient", "non-compliant") is a warning from
`cpi-assistant validate`, so `--strict` keeps the shipped guidance fit for the person to
read on the shared screen (issue 16)."""

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
        "A small network is common in psychosis and is not the person's fault.",
        "A network of only professionals is a fragile one.",
        "Ask the patient what they enjoy.",
        "Clients often find this hard.",
        "If the person is non-compliant with medication, note it.",
        "Look for deficits in social skills.",
        "Vulnerable adults may need more time.",
        "Some people lack insight into their needs.",
        "Remember you have to manage the client as well as the plan.",
        "Sufferers often withdraw from friends.",
        "This can look like attention-seeking.",
    ],
)
def test_labelling_guidance_is_a_warning(write_topics, words: str) -> None:
    _, found = _guidance(write_topics, f'"{words}"')
    assert [(p.code, p.severity) for p in found] == [("W310", "warning")]


@pytest.mark.parametrize(
    "words",
    [
        "Be patient: relationships take time.",
        "Telling people can leave anyone feeling vulnerable; go at the person's pace.",
        "Many people have only a few people around them at times. It is nobody's fault.",
        "A hearing voices group welcomes people who hear voices.",
        "Help the person manage their money, if they ask.",
        "The place is hard to reach by bus: check community transport.",
        "Ask what the person thinks a good week looks like.",
    ],
)
def test_respectful_guidance_passes(write_topics, words: str) -> None:
    _, found = _guidance(write_topics, f'"{words}"')
    assert found == []


def test_the_warning_says_what_to_write_instead(write_topics) -> None:
    _, found = _guidance(write_topics, '"Ask the patient first."')
    assert "'the patient'" in found[0].message
    assert "say 'the person'" in found[0].message


def test_validate_strict_fails_on_labelling_guidance(write_topics, capsys) -> None:
    root, _ = _guidance(write_topics, '"A fragile one."')
    assert main(["validate", str(root)]) == 0  # a warning: clean unless --strict
    assert "t.yaml:9:15: W310 warning" in capsys.readouterr().out
    assert main(["validate", "--strict", str(root)]) == 1


def test_the_shipped_guidance_does_not_label_the_person() -> None:
    found = [p for p in lint_paths([content_dir()]) if p.code == "W310"]
    assert found == []
