"""The copies' "At the review:" lines say who said them, as every other line does, and a
goal done says so plainly: in its heading (as the Finish dialog's "(✓ done)") and in its
review line (not "Next: It's done."). The person's own copy speaks to them ("you said",
"your worker said"); a team copy says it in the third person."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle

from assistant.export.fhir import plan_to_fhir
from assistant.export.render import render
from assistant.plans.model import Action, Audience, Code, Goal, Plan, Words

LEFT_A_MESSAGE = "Left a message; they have a Tuesday slot"
PAT_CAME = "Pat came with me"


def copy(kind: str) -> Plan:
    goal = Goal(
        id="g1",
        what="Join the choir",
        proposed_by="person",
        progress=Code(code="closer", label="A bit closer"),
        next=Code(code="finished", label="It's done"),
        reviewed_by="person",
        actions=[
            Action(
                id="a1",
                what="Ring the choir leader",
                proposed_by="worker",
                review_notes=Words(text=LEFT_A_MESSAGE, proposed_by="worker"),
            ),
            Action(
                id="a2",
                what="Go to a rehearsal",
                proposed_by="person",
                review_notes=Words(text=PAT_CAME, proposed_by="person"),
            ),
        ],
    )
    return Plan(
        created="2026-02-02T10:00:00+00:00",
        goals=[goal],
        audience=Audience(kind=kind),  # type: ignore[arg-type]
    )


def text_of(plan: Plan, fmt: str) -> str:
    raw = html.unescape(re.sub(r"<[^>]+>", "", render(plan, fmt).decode()))
    return " ".join(raw.replace("**", "").split())


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_a_team_copy_says_who_said_each_review_note(fmt: str) -> None:
    text = text_of(copy("team"), fmt)
    assert f"{LEFT_A_MESSAGE} (said by the worker)" in text
    assert f"{PAT_CAME} (said by the person)" in text


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_the_persons_own_copy_says_who_said_each_review_note_to_them(fmt: str) -> None:
    text = text_of(copy("person"), fmt)
    assert f"{LEFT_A_MESSAGE} (your worker said)" in text
    assert f"{PAT_CAME} (you said)" in text


@pytest.mark.parametrize("fmt", ["txt", "md", "html"])
def test_a_goal_done_says_so_in_its_heading_and_its_review_line(fmt: str) -> None:
    text = text_of(copy("team"), fmt)
    assert re.search(r"Goal 1: [\"“]Join the choir[\"”] \(done\)", text, re.IGNORECASE)
    assert "At the review: A bit closer. This goal is done. (said by the person)" in text
    assert "Next: It's done" not in text


def fhir_resources(plan: Plan) -> list[dict[str, Any]]:
    return [e["resource"] for e in plan_to_fhir(plan.to_json())["entry"]]


def test_the_fhir_bundle_says_who_said_each_review_note() -> None:
    [careplan] = [r for r in fhir_resources(copy("team")) if r["resourceType"] == "CarePlan"]
    progress = [note["text"] for a in careplan["activity"] for note in a.get("progress", [])]
    assert f"{LEFT_A_MESSAGE} (said by the worker)" in progress
    assert f"{PAT_CAME} (said by the person)" in progress


def test_the_fhir_goals_review_note_says_who_said_it() -> None:
    [goal] = [r for r in fhir_resources(copy("team")) if r["resourceType"] == "Goal"]
    assert "At the review: It's done (said by the person)" in [n["text"] for n in goal["note"]]


def test_a_fhir_bundle_with_review_notes_said_by_each_validates() -> None:
    Bundle.model_validate(plan_to_fhir(copy("team").to_json()))
