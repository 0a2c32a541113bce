"""The person's reference and NHS number in the readable exports' header, in shared copies and
in the FHIR bundle (issue 14); left out of easy read and of a copy for family or friends."""

from __future__ import annotations

import json

import pytest
from export_support import Page, squash

from assistant.export.render import render
from assistant.plans.model import Code, PersonRef, Plan, PlanFormatError, Words, plan_from_json
from assistant.plans.sharing import shared_copy

NHS = "9434765919"
SHOWN = "943 476 5919"


@pytest.fixture(scope="module")
def identified(plan: Plan) -> Plan:
    """The demo review plan for someone with a reference and an NHS number, shared with the
    care team, the GP and their sister, nothing kept private."""
    return plan.model_copy(
        update={
            "person": PersonRef(display_name="Sam", reference="R-100", nhs_number=NHS),
            "sharing": plan.sharing.model_copy(
                update={
                    "share_with": [
                        Code(code="care_team", label="My care team"),
                        Code(code="gp", label="My GP"),
                        Code(code="family", label="Family or a carer"),
                    ],
                    "share_who": Words(text="My sister, A."),
                    "keep_private": None,
                    "private": [],
                }
            ),
        }
    )


def _header(fmt: str, data: bytes) -> str:
    """The first part of a readable export, before the plan's first section."""
    text = Page(data.decode()).joined if fmt == "html" else data.decode()
    return squash(text)[:600]


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_header_shows_the_reference_and_the_grouped_nhs_number(
    identified: Plan, fmt: str
) -> None:
    header = _header(fmt, render(identified, fmt))
    assert "Reference: R-100" in header
    assert f"NHS number: {SHOWN}" in header


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_no_nhs_line_when_the_person_has_none(plan: Plan, fmt: str) -> None:
    assert plan.person.nhs_number is None
    assert b"NHS number" not in render(plan, fmt)


def test_easy_read_leaves_the_numbers_out(identified: Plan) -> None:
    # The person's own easy-read copy: their words and contacts, not the team's filing numbers.
    data = render(identified, "easy")
    assert NHS.encode() not in data and SHOWN.encode() not in data


def test_json_keeps_the_ten_digits_and_reads_back(identified: Plan) -> None:
    data = json.loads(render(identified, "json"))
    assert data["person"]["nhs_number"] == NHS
    assert plan_from_json(data).person.nhs_number == NHS


def test_a_plan_file_with_a_wrong_check_digit_is_refused(identified: Plan) -> None:
    data = json.loads(render(identified, "json"))
    data["person"]["nhs_number"] = "9434765918"
    with pytest.raises(PlanFormatError):
        plan_from_json(data)


@pytest.mark.parametrize("audience", ["team", "gp"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt", "json"])
def test_the_care_teams_and_the_gps_copies_keep_both(
    identified: Plan, audience: str, fmt: str
) -> None:
    data = render(shared_copy(identified, audience), fmt)
    assert (SHOWN if fmt != "json" else NHS).encode() in data
    assert b"R-100" in data


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "json", "fhir"])
def test_a_copy_for_someone_the_person_named_has_no_nhs_number(identified: Plan, fmt: str) -> None:
    copy = shared_copy(identified, "A")
    data = render(copy, fmt)
    assert NHS.encode() not in data and SHOWN.encode() not in data
    # Not a part the person kept back (they kept nothing back here): the copy does not say
    # that something was withheld.
    assert copy.audience is not None and not copy.audience.withheld


def test_fhir_names_the_patient_by_nhs_number(identified: Plan) -> None:
    bundle = json.loads(render(shared_copy(identified, "team"), "fhir"))
    patients = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    values = {i["system"]: i["value"] for p in patients for i in p.get("identifier", [])}
    assert values.get("https://fhir.nhs.uk/Id/nhs-number") == NHS
