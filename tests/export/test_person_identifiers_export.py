"""The person's reference, NHS number and date of birth in the readable exports' header, in
shared copies and in the FHIR bundle (issues 14, 15); left out of easy read and of a copy for
family or friends. The gender is in no copy and no export (it is recorded for the directory's
suggestions only)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from export_support import AGREED_STATE, Page, needs_printing, pdf_pages, squash
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir_schema import schema_errors
from markdown_it import MarkdownIt

from assistant.export.render import render
from assistant.plans.model import Code, PersonRef, Plan, PlanFormatError, Words, plan_from_json
from assistant.plans.sharing import shared_copy
from assistant.plans.versions import PlanVersion, person_ref, versions
from assistant.records import CaseStore

NHS = "9434765919"
SHOWN = "943 476 5919"


@pytest.fixture(scope="module")
def identified(plan: Plan) -> Plan:
    """The demo review plan for someone with a reference and an NHS number, shared with the
    care team, the GP and their sister, nothing kept private."""
    return plan.model_copy(
        update={
            "state": AGREED_STATE,
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


def test_the_markdown_reference_is_a_paragraph_of_its_own(identified: Plan) -> None:
    # It ran on from the version line: "... Next meeting (review): ... Reference: R-100".
    html = MarkdownIt("commonmark").render(render(identified, "md").decode())
    assert "<p>Reference: R-100</p>" in html


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


# -- date of birth and gender (issue 15) -----------------------------------------------------

BORN_SHOWN = "Date of birth: 15 December 1980"
#: Every way a copy writes that date (the year alone also turns up in a random id or a
#: timestamp's fraction of a second, so it is not looked for alone).
BORN_FORMS = (b"1980-12-15", b"December 1980", b"15/12/1980", b"Dec 1980")
#: The year standing on its own (not inside a hex id or a longer number), in any other form.
BORN_YEAR = re.compile(rb"(?<![0-9a-f])1980(?![0-9a-f])")


def _has_born(data: bytes) -> bool:
    return any(form in data for form in BORN_FORMS) or BORN_YEAR.search(data) is not None


def _with(identified: Plan, **person: str) -> Plan:
    who = identified.person.model_copy(update={"born": "1980-12-15", **person})
    return identified.model_copy(update={"person": who})


def _patient(plan: Plan) -> dict:
    bundle = json.loads(render(plan, "fhir"))
    assert schema_errors(bundle) == []
    Bundle.model_validate(bundle)
    [patient] = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    get_fhir_model_class("Patient").model_validate(patient)
    return patient


@pytest.mark.parametrize("audience", ["team", "gp"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_the_care_teams_and_gps_copies_show_the_date_of_birth_in_the_header(
    identified: Plan, audience: str, fmt: str
) -> None:
    header = _header(fmt, render(shared_copy(_with(identified), audience), fmt))
    assert BORN_SHOWN in header


@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_no_date_of_birth_line_when_none_is_recorded(identified: Plan, fmt: str) -> None:
    assert b"Date of birth" not in render(identified, fmt)


def test_easy_read_leaves_the_date_of_birth_out(identified: Plan) -> None:
    assert not _has_born(render(_with(identified), "easy"))


@pytest.mark.parametrize("fmt", ["md", "html", "txt", "json", "fhir"])
def test_a_copy_for_someone_the_person_named_has_no_date_of_birth(
    identified: Plan, fmt: str
) -> None:
    assert not _has_born(render(shared_copy(_with(identified), "A"), fmt))


def test_json_keeps_the_date_of_birth_and_reads_back(identified: Plan) -> None:
    data = json.loads(render(_with(identified), "json"))
    assert data["person"]["born"] == "1980-12-15"
    assert plan_from_json(data).person.born == "1980-12-15"


@pytest.mark.parametrize(("field", "value"), [("gender", "woman"), ("born", "15/12/1980")])
def test_a_plan_file_with_a_gender_or_a_date_of_birth_the_app_never_writes_is_refused(
    identified: Plan, field: str, value: str
) -> None:
    data = json.loads(render(_with(identified), "json"))
    data["person"][field] = value
    with pytest.raises(PlanFormatError):
        plan_from_json(data)


def test_fhir_patient_has_the_birth_date_and_no_gender(identified: Plan) -> None:
    patient = _patient(_with(identified))
    assert patient["birthDate"] == "1980-12-15"
    assert not {"gender", "extension"} & patient.keys()


def test_fhir_patient_has_no_birth_date_when_none_is_recorded(identified: Plan) -> None:
    patient = _patient(identified)
    assert not {"gender", "birthDate", "extension"} & patient.keys()


@pytest.fixture
def recorded_gender(store: CaseStore, identified: Plan) -> list[PlanVersion]:
    """Sam's record with a date of birth and a gender in their own words, and the review
    plan saved as an agreed version of it."""
    person_id = store.create_person(
        "Sam", "R-100", NHS, born="15/12/1980", gender="own_words", gender_words="femme"
    )
    with store.open(person_id) as case:
        plan = identified.model_copy(update={"person": person_ref(case)})
        case.add_plan_version(plan.to_json(), agreed=True, by="both")
        return versions(case)


@pytest.mark.parametrize("audience", ["person", "team", "gp", "A"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt", "easy", "json", "fhir"])
def test_the_gender_recorded_is_in_no_copy_or_export(
    recorded_gender: list[PlanVersion], audience: str, fmt: str
) -> None:
    [version] = recorded_gender
    data = render(shared_copy(version.plan, audience), fmt).decode()
    assert "femme" not in data and "own_words" not in data
    assert "gender" not in data.casefold()


@pytest.mark.parametrize("audience", ["team", "gp"])
@needs_printing
def test_every_page_of_a_clinical_pdf_names_the_nhs_number(
    identified: Plan, audience: str, tmp_path: Path
) -> None:
    # Only page 1 did: a page filed on its own said "Relationship plan for Sam" and no more.
    pages = pdf_pages(shared_copy(identified, audience), tmp_path)
    assert len(pages) > 1
    assert all(f"NHS number {SHOWN}" in page for page in pages)


@needs_printing
def test_no_page_of_a_copy_for_someone_the_person_named_has_the_nhs_number(
    identified: Plan, tmp_path: Path
) -> None:
    pages = pdf_pages(shared_copy(identified, "A"), tmp_path)
    assert not any(SHOWN in page or NHS in page for page in pages)
