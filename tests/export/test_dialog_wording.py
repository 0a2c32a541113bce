"""DIALOG+ borrowed accurately in every export (issue 16): the satisfaction scale's words and
what is hard about a goal (understanding asks both what goes well and what is hard)."""

from __future__ import annotations

import json

import pytest
from export_support import Page, squash

from assistant.export.render import render
from assistant.plans.model import Plan

HARD = "He lives a bus ride away and works late."


def _text(plan: Plan, fmt: str) -> str:
    out = render(plan, fmt).decode()
    return squash(Page(out).joined if fmt in ("html", "easy") else out)


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy"])
def test_the_scale_is_dialog_plus_satisfaction_in_every_format(plan: Plan, fmt: str) -> None:
    text = _text(plan, fmt)
    assert "totally dissatisfied" in text and "totally satisfied" in text
    assert "unhappy" not in text


def test_the_easy_read_glosses_the_ends_of_the_scale_in_plain_words(plan: Plan) -> None:
    text = _text(plan, "easy")
    assert "1 means totally dissatisfied (not happy at all)." in text
    assert "7 means totally satisfied (very happy)." in text


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_what_is_hard_about_a_goal_is_in_the_plan(plan: Plan, fmt: str) -> None:
    assert HARD in _text(plan, fmt)


def test_what_is_hard_about_a_goal_is_a_note_in_fhir(plan: Plan) -> None:
    assert f"What is hard: {HARD}" in json.dumps(json.loads(render(plan, "fhir")))


@pytest.mark.parametrize(
    ("fmt", "words"),
    [
        ("md", "**Friendships:** 3 (earlier: 2"),
        ("txt", "- Friendships: 3 (earlier: 2"),
        ("html", "Friendships (picked to talk about at this meeting)"),
        ("easy", "You picked this to talk about."),
    ],
)
def test_the_areas_picked_to_talk_about_are_marked(plan: Plan, fmt: str, words: str) -> None:
    text = _text(plan, fmt)
    assert words in text
    # Read weeks later: "today" would be wrong, so the plan names the meeting.
    assert text.count("picked to talk about at this meeting") + text.count("You picked this") == 1
    assert "talk about today" not in text


def test_the_areas_picked_to_talk_about_are_in_the_fhir_narrative(plan: Plan) -> None:
    bundle = json.dumps(json.loads(render(plan, "fhir")))
    assert "Friendships: 3 out of 7, picked to talk about at this meeting" in bundle
    assert bundle.count("picked to talk about at this meeting") == 1
    assert "talk about today" not in bundle
