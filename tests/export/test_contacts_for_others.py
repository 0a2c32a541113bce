"""The "Who to contact" part speaks to the person in their own copy only: the team's, the GP's and a
named person's copies (and the FHIR record) give the worker and the team in the third person,
in every format."""

from __future__ import annotations

import json
from typing import Any

import pytest
from export_support import seen_text

from assistant.agency import Agency, Worker
from assistant.export.render import render
from assistant.plans.model import Audience, Plan

TEXT_FORMATS = ("md", "html", "txt")

AGENCY = Agency(
    organisation="Northside Care",
    team="Riverside Team",
    worker=Worker(name="Priya Patel", role="Support worker", phone="0161 496 0001"),
    reach_us="Ring the office and ask for your worker. They will ring you back.",
    office_hours="Monday to Friday, 9am to 5pm",
)


def _for(plan: Plan, kind: str | None, **audience: Any) -> Plan:
    who = Audience(kind=kind, **audience) if kind else None
    return plan.model_copy(update={"agency": AGENCY, "audience": who})


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
@pytest.mark.parametrize(
    ("kind", "name"), [("team", None), ("named", "Dr Ahmed, GP"), (None, None)]
)
def test_someone_else_s_copy_gives_the_worker_and_team_in_the_third_person(
    plan: Plan, fmt: str, kind: str | None, name: str | None
) -> None:
    seen = seen_text(_for(plan, kind, name=name), fmt)
    assert "The person's worker" in seen and "Priya Patel, Support worker" in seen
    assert "The team" in seen and "Riverside Team, Northside Care" in seen
    assert "The person is told: “Ring the office and ask for your worker." in seen
    for words in ("Your worker", "Your team"):
        assert words not in seen, words


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_the_person_s_own_copy_still_speaks_to_them(plan: Plan, fmt: str) -> None:
    seen = seen_text(_for(plan, "person"), fmt)
    assert "Your worker" in seen and "Your team" in seen
    assert "Ring the office and ask for your worker. They will ring you back." in seen
    assert "The person's worker" not in seen and "The person is told" not in seen


def test_the_fhir_record_gives_the_worker_and_team_in_the_third_person(plan: Plan) -> None:
    bundle = json.loads(render(_for(plan, "team"), "fhir"))
    notes = [n["text"] for e in bundle["entry"] for n in e["resource"].get("note", [])]
    assert any(n.startswith("The person's worker: Priya Patel") for n in notes)
    assert "The team: Riverside Team, Northside Care. Open Monday to Friday, 9am to 5pm." in notes
    assert not any(n.startswith(("Your worker", "Your team")) for n in notes)
