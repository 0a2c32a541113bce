"""Issue 14: a FHIR R4 (4.0.1) bundle a records system can take in.

Every bundle made here is checked against the official FHIR R4 JSON schema (vendored in
tests/fixtures/fhir/) and with fhir.resources; then each mapping of docs/export.md, "FHIR".
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from export_support import HOSTILE, PIECES
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle
from fhir_schema import fhir_schema, schema_errors

from assistant.agency import Agency, Worker
from assistant.export.fhir import (
    LIFE_AREA_SYSTEM,
    LOCAL_REFERENCE_SYSTEM,
    NHS_NUMBER_SYSTEM,
    OUTCOME_MEASURE_SYSTEM,
    ROLE_CODE,
    URI_SYSTEM,
    care_plan_category_code_system,
    life_area_code_system,
    plan_to_fhir,
    version_uuid,
)
from assistant.export.render import render
from assistant.export.templates import day_date
from assistant.export.views import WITHHELD_NOTE
from assistant.plans.model import (
    TRAINING_WATERMARK,
    Code,
    Contacts,
    DirectoryPick,
    HardTimes,
    PersonRef,
    Plan,
    PrivatePart,
    Words,
)
from assistant.plans.sharing import shared_copy

DOCS = Path(__file__).parents[2] / "docs" / "fhir"
AGENCY = Agency(
    organisation="Northside Care",
    team="Riverside Team",
    address="1 Mill Lane, Northtown",
    worker=Worker(
        name="Priya Shah", role="Support worker", phone="0161 496 0001", email="p@example.org"
    ),
    office_hours="Monday to Friday, 9am to 5pm",
)
HARD = HardTimes(early_signs=Words(text="I stop answering the phone"))
XHTML = "{http://www.w3.org/1999/xhtml}"


def _full(plan: Plan) -> Plan:
    """The plan with the agency, a plan for hard times, a reference and a private part."""
    return plan.model_copy(
        update={
            "agency": AGENCY,
            "hard_times": HARD,
            "person": PersonRef(display_name="Sam", reference="NS-0042"),
        }
    )


def _bundle(plan: Plan, **options: Any) -> dict[str, Any]:
    bundle: dict[str, Any] = json.loads(render(plan, "fhir", **options))
    return bundle


def _of(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def _one(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    [found] = _of(bundle, kind)
    return found


def _by_ref(bundle: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["fullUrl"] == ref["reference"])


def _references(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return found + [r for v in value.values() for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def _valid(bundle: dict[str, Any]) -> dict[str, Any]:
    """Valid R4 by the official schema and fhir.resources; every fullUrl unique (bdl-7) and
    every reference resolved inside the bundle, so a records system can take it in whole."""
    assert schema_errors(bundle) == []
    full_urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(full_urls)) == len(full_urls)
    assert set(_references(bundle)) <= set(full_urls)
    Bundle.model_validate(bundle)
    for entry in bundle["entry"]:
        get_fhir_model_class(entry["resource"]["resourceType"]).model_validate(entry["resource"])
    return bundle


# -- the schema itself -----------------------------------------------------------------


def test_each_resource_in_the_schema_matches_only_its_own_resource_type() -> None:
    # What makes validating one branch of ResourceList's oneOf the same as all of them.
    schema = fhir_schema()
    for kind, ref in schema["discriminator"]["mapping"].items():
        definition = schema["definitions"][ref.rsplit("/", 1)[1]]
        assert definition["properties"]["resourceType"]["const"] == kind
        assert "resourceType" in definition["required"]
    assert "MolecularSequence" in schema["definitions"]  # R4, not R4B or R5


def test_the_schema_check_finds_what_is_wrong(plan: Plan) -> None:
    bundle = plan_to_fhir(plan.to_json())
    bundle["entry"][0]["resource"]["colour"] = "blue"
    bundle["entry"][1]["resource"]["resourceType"] = "Person2"
    bundle["timestamp"] = "yesterday"
    errors = " ".join(schema_errors(bundle))
    assert "'colour' was unexpected" in errors
    assert "'Person2' is not a FHIR R4 resourceType" in errors
    assert "timestamp" in errors


# -- every kind of bundle is valid R4 --------------------------------------------------


@pytest.mark.parametrize("network", [False, True])
@pytest.mark.parametrize(
    "which", ["first", "review", "agreed", "draft", "full", "empty", "training"]
)
def test_bundles_are_valid_r4(
    which: str, network: bool, plans: tuple[Plan, Plan], agreed_plan: Plan, draft_plan: Plan
) -> None:
    plan = {
        "first": plans[0],
        "review": plans[1],
        "agreed": agreed_plan,
        "draft": draft_plan,
        "full": _full(agreed_plan),
        "empty": Plan(created="2026-01-01T00:00:00Z"),
        "training": plans[0].model_copy(update={"watermark": TRAINING_WATERMARK}),
    }[which]
    _valid(_bundle(plan, include_network=network))


@pytest.mark.parametrize("network", [False, True])
def test_the_hostile_plan_is_valid_r4(hostile: Plan, network: bool) -> None:
    _valid(_bundle(_full(hostile), include_network=network))


@pytest.mark.parametrize("asked", ["team", "gp"])
def test_shared_copies_are_valid_r4(agreed_plan: Plan, asked: str) -> None:
    _valid(_bundle(shared_copy(_full(agreed_plan), asked), include_network=True))


def test_a_copy_for_a_named_person_is_valid_r4(agreed_plan: Plan) -> None:
    sharing = agreed_plan.sharing.model_copy(
        update={
            "share_with": [Code(code="family", label="Family or a carer")],
            "share_who": Words(text="Ana and Jo"),
        }
    )
    plan = _full(agreed_plan).model_copy(update={"sharing": sharing})
    bundle = _valid(_bundle(shared_copy(plan, "Ana")))
    permits = _one(bundle, "Consent")["provision"]["provision"]
    # Ana's copy names only Ana: whom else the person chose (Jo) is not hers to know.
    assert [p["actor"][0]["reference"] for p in permits] == [{"display": "Ana"}]
    assert "Ana and Jo" not in json.dumps(bundle)


def test_the_shipped_code_systems_are_the_ones_the_export_uses() -> None:
    for name, made in (
        ("CodeSystem-life-area.json", life_area_code_system()),
        ("CodeSystem-care-plan-category.json", care_plan_category_code_system()),
    ):
        shipped = json.loads((DOCS / name).read_text(encoding="utf-8"))
        assert shipped == made
        assert schema_errors(shipped) == []
        get_fhir_model_class("CodeSystem").model_validate(shipped)


def test_a_training_person_s_bundle_is_marked_as_test_data_throughout(plan: Plan) -> None:
    bundle = _valid(_bundle(plan.model_copy(update={"watermark": TRAINING_WATERMARK})))
    test_data = {
        "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
        "code": "HTEST",
        "display": "test health data",
    }
    assert bundle["meta"] == {"tag": [test_data]}
    assert all(e["resource"]["meta"] == {"tag": [test_data]} for e in bundle["entry"])
    careplan = bundle["entry"][0]["resource"]
    assert careplan["note"][1] == {"text": TRAINING_WATERMARK}
    assert TRAINING_WATERMARK in careplan["text"]["div"]
    real = _bundle(plan.model_copy(update={"agency": AGENCY}))  # not the made-up example
    assert "meta" not in real and not any("meta" in e["resource"] for e in real["entry"])


# -- the worker, their organisation and team -------------------------------------------


def test_the_worker_is_a_practitioner_with_a_role_in_the_organisation(agreed_plan: Plan) -> None:
    bundle = _bundle(_full(agreed_plan))
    practitioner = _by_ref(bundle, bundle["entry"][0]["resource"]["author"])
    assert practitioner["name"] == [{"text": "Priya Shah"}]
    assert {(t["system"], t["value"]) for t in practitioner["telecom"]} == {
        ("phone", "0161 496 0001"),
        ("email", "p@example.org"),
    }
    [role] = [
        r
        for r in _of(bundle, "PractitionerRole")
        if r["practitioner"]["reference"] == f"urn:uuid:{practitioner['id']}"
    ]
    assert role["code"] == [{"text": "Support worker"}]
    assert _by_ref(bundle, role["practitioner"]) is practitioner
    organisation = _by_ref(bundle, role["organization"])
    assert organisation["name"] == "Northside Care"
    assert organisation["address"] == [{"text": "1 Mill Lane, Northtown"}]


def test_the_plan_is_written_by_the_worker_with_the_person_and_their_care_team(
    agreed_plan: Plan,
) -> None:
    bundle = _bundle(_full(agreed_plan))
    careplan = bundle["entry"][0]["resource"]
    assert _by_ref(bundle, careplan["author"])["resourceType"] == "Practitioner"
    kinds = {_by_ref(bundle, r)["resourceType"] for r in careplan["contributor"]}
    assert kinds == {"Patient", "Practitioner"}
    team = _by_ref(bundle, careplan["careTeam"][0])
    assert team["resourceType"] == "CareTeam" and team["name"] == "Riverside Team"
    members = {_by_ref(bundle, p["member"])["resourceType"] for p in team["participant"]}
    assert members == {"Patient", "Practitioner"}
    assert _by_ref(bundle, team["managingOrganization"][0])["resourceType"] == "Organization"


def test_an_action_for_the_worker_is_done_by_the_practitioner(agreed_plan: Plan) -> None:
    bundle = _bundle(_full(agreed_plan))
    descriptions = {
        action.what
        for goal in agreed_plan.goals
        for action in goal.actions
        if action.who and action.who.kind == "worker"
    }
    assert descriptions
    for activity in bundle["entry"][0]["resource"]["activity"]:
        if "detail" in activity and activity["detail"]["description"] in descriptions:
            [performer] = activity["detail"]["performer"]
            assert _by_ref(bundle, performer)["resourceType"] == "Practitioner"


def test_without_agency_details_no_worker_is_made_up(plan: Plan) -> None:
    bundle = _bundle(_network_only(plan))
    for kind in ("Practitioner", "PractitionerRole", "Organization", "CareTeam"):
        assert _of(bundle, kind) == []
    assert "author" not in bundle["entry"][0]["resource"]


# -- the network -----------------------------------------------------------------------


def _network_only(plan: Plan) -> Plan:
    """Without the worker and the person's contacts, which are resources of their own."""
    return plan.model_copy(update={"agency": None, "contacts": Contacts()})


def test_professionals_in_the_network_are_practitioners(plan: Plan) -> None:
    bundle = _bundle(_network_only(plan), include_network=True)
    professionals = {
        p.name
        for p in plan.network.people
        if p.relationship and p.relationship.code == "professional"
    }
    assert professionals
    names = {r["name"][0]["text"] for r in _of(bundle, "Practitioner")}
    assert names == professionals
    assert not professionals & {r["name"][0]["text"] for r in _of(bundle, "RelatedPerson")}


def test_relationships_are_coded_as_v3_role_codes(plan: Plan) -> None:
    bundle = _bundle(_network_only(plan), include_network=True)
    codes = {
        r["name"][0]["text"]: [c["code"] for c in r["relationship"][0].get("coding", [])]
        for r in _of(bundle, "RelatedPerson")
    }
    assert codes["Dan"] == ["FAMMEMB"]
    assert codes["Jo"] == ["FRND"]
    assert codes["Mr K"] == ["NBOR"]
    assert codes["GuitarTabs forum"] == []  # "someone I know online": words only
    systems = {
        c["system"]
        for r in _of(bundle, "RelatedPerson")
        for c in r["relationship"][0].get("coding", [])
    }
    assert systems == {ROLE_CODE}


def test_the_network_is_referenced_from_the_plan(plan: Plan) -> None:
    bundle = _bundle(_network_only(plan), include_network=True)
    careplan = bundle["entry"][0]["resource"]
    referenced = {
        _by_ref(bundle, r)["name"][0]["text"]
        for r in careplan["supportingInfo"]
        if _by_ref(bundle, r)["resourceType"] in ("RelatedPerson", "Practitioner")
    }
    assert referenced == {p.name for p in plan.network.people}


# -- the person's contacts --------------------------------------------------------------


def _coded(resource: dict[str, Any]) -> set[tuple[str, str]]:
    return {
        (coding["system"].rsplit("/", 1)[1], coding["code"])
        for concept in resource.get("relationship", [])
        for coding in concept.get("coding", [])
    }


def test_personal_contacts_are_related_people_with_coded_relationships(plan: Plan) -> None:
    bundle = _bundle(plan)  # no --fhir-network: the contacts the person listed are always in
    people = {r["name"][0]["text"]: r for r in _of(bundle, "RelatedPerson")}
    assert set(people) == {c.name for c in plan.contacts.personal}
    # Dan is the next of kin and may be called in an emergency; Jo is a friend, not for that.
    assert _coded(people["Dan"]) == {("v2-0131", "N"), ("v2-0131", "C")}
    assert _coded(people["Jo"]) == {("v3-RoleCode", "FRND")}
    refs = {r["reference"] for r in bundle["entry"][0]["resource"]["supportingInfo"]}
    assert {f"urn:uuid:{r['id']}" for r in people.values()} <= refs


def test_professional_contacts_are_practitioners_with_their_role(plan: Plan) -> None:
    bundle = _bundle(plan.model_copy(update={"agency": None}))
    roles = {
        _by_ref(bundle, r["practitioner"])["name"][0]["text"]: r["code"][0]["text"]
        for r in _of(bundle, "PractitionerRole")
    }
    assert roles == {c.name: c.role for c in plan.contacts.professional if c.role}


def test_someone_in_the_network_and_the_contacts_is_one_person(plan: Plan) -> None:
    bundle = _bundle(plan, include_network=True)
    [dan] = [r for r in _of(bundle, "RelatedPerson") if r["name"][0]["text"] == "Dan"]
    assert _coded(dan) == {("v2-0131", "N"), ("v2-0131", "C"), ("v3-RoleCode", "FAMMEMB")}
    _valid(bundle)


def test_how_to_reach_the_person_and_who_reviews_are_notes(plan: Plan) -> None:
    notes = [n["text"] for n in _bundle(plan)["entry"][0]["resource"]["note"]]
    contacts = plan.contacts
    assert contacts.how_to_contact and contacts.communication
    assert f"How I like to be contacted: {contacts.how_to_contact.text}" in notes
    assert f"What helps me understand and be understood: {contacts.communication.text}" in notes
    assert (
        "Contact: Dan (My next of kin). How to reach them: Mobile, any evening. "
        "OK to contact them in an emergency: yes" in notes
    )
    assert f"Who will review the plan with the person: {plan.agreement.reviewer}" in notes


def test_contacts_kept_private_are_not_in_a_shared_copy(agreed_plan: Plan) -> None:
    sharing = agreed_plan.sharing.model_copy(
        update={"private": [PrivatePart(kind="section", code="contacts", label="My contacts")]}
    )
    plan = agreed_plan.model_copy(update={"sharing": sharing, "agency": None})
    bundle = _valid(_bundle(shared_copy(plan, "team")))
    assert _of(bundle, "RelatedPerson") == _of(bundle, "Practitioner") == []
    assert "Dr Ahmed" not in json.dumps(bundle)


# -- sharing as a Consent --------------------------------------------------------------


def test_the_sharing_choices_are_a_privacy_consent(agreed_plan: Plan) -> None:
    bundle = _bundle(_full(agreed_plan))
    consent = _one(bundle, "Consent")
    assert consent["status"] == "active"
    assert consent["scope"]["coding"][0]["code"] == "patient-privacy"
    assert consent["category"][0]["coding"][0] == {"system": "http://loinc.org", "code": "59284-0"}
    assert _by_ref(bundle, consent["patient"])["resourceType"] == "Patient"
    assert consent["provision"]["type"] == "deny"
    actors = [p["actor"][0]["reference"] for p in consent["provision"]["provision"]]
    assert all(p["type"] == "permit" for p in consent["provision"]["provision"])
    # The person chose their GP and their care team (the demo's Closing answers); their GP
    # is among their professional contacts (Dr Ahmed, GP).
    kinds = {_by_ref(bundle, a)["resourceType"]: _by_ref(bundle, a) for a in actors}
    assert set(kinds) == {"CareTeam", "Practitioner"}
    assert kinds["Practitioner"]["name"] == [{"text": "Dr Ahmed"}]
    # About the plan and the plan for hard times.
    [permit, _] = consent["provision"]["provision"]
    about = {_by_ref(bundle, d["reference"])["title"] for d in permit["data"]}
    assert about == {"Relationship plan (Connecting People Intervention)", "My plan for hard times"}


def test_a_gp_the_person_did_not_list_is_named_in_words(agreed_plan: Plan) -> None:
    plan = _full(agreed_plan).model_copy(update={"contacts": Contacts()})
    consent = _one(_bundle(plan), "Consent")
    actors = [p["actor"][0]["reference"] for p in consent["provision"]["provision"]]
    assert {"display": "The person's GP"} in actors


def test_a_draft_s_sharing_choices_are_only_proposed(draft_plan: Plan) -> None:
    assert _one(_bundle(draft_plan), "Consent")["status"] == "proposed"


def test_no_sharing_answers_no_consent(plan: Plan) -> None:
    sharing = plan.sharing.model_copy(update={"share_with": [], "private": []})
    assert _of(_bundle(plan.model_copy(update={"sharing": sharing})), "Consent") == []


def test_nobody_else_is_a_consent_that_permits_nobody(plan: Plan) -> None:
    sharing = plan.sharing.model_copy(
        update={"share_with": [Code(code="nobody", label="Nobody else")]}
    )
    consent = _one(_bundle(plan.model_copy(update={"sharing": sharing})), "Consent")
    assert consent["provision"] == {"type": "deny"}


def _private(plan: Plan) -> Plan:
    sharing = plan.sharing.model_copy(
        update={
            "private": [PrivatePart(kind="section", code="hard_times", label="Zebra secrets")],
            "keep_private": Words(text="Nothing about Uncle Quentin"),
        }
    )
    return _full(plan).model_copy(update={"sharing": sharing})


def test_the_person_s_own_copy_lists_what_is_kept_private(agreed_plan: Plan) -> None:
    consent = _one(_bundle(_private(agreed_plan)), "Consent")
    for permit in consent["provision"]["provision"]:
        assert permit["provision"] == [{"type": "deny", "code": [{"text": "Zebra secrets"}]}]


def test_a_shared_copy_says_only_that_parts_were_withheld(agreed_plan: Plan) -> None:
    bundle = _bundle(shared_copy(_private(agreed_plan), "team"), include_network=True)
    _valid(bundle)
    consent = _one(bundle, "Consent")
    for permit in consent["provision"]["provision"]:
        assert permit["provision"] == [{"type": "deny", "code": [{"text": WITHHELD_NOTE}]}]
    text = json.dumps(bundle)
    assert "Zebra" not in text and "Quentin" not in text
    assert _of(bundle, "CarePlan")[1:] == []  # the private plan for hard times is left out


# -- identifiers, versions and dates ---------------------------------------------------


def test_the_person_s_identifiers_have_systems(plan: Plan) -> None:
    data = _full(plan).to_json()
    data["person"]["nhs_number"] = "9434765919"
    patient = _one(plan_to_fhir(data, agency=AGENCY), "Patient")
    nhs, local = patient["identifier"]
    assert (nhs["system"], nhs["value"]) == (NHS_NUMBER_SYSTEM, "9434765919")
    assert (local["system"], local["value"]) == (LOCAL_REFERENCE_SYSTEM, "NS-0042")
    assert local["assigner"]["display"] == "Northside Care"


def test_each_version_has_a_uuid_that_stays_the_same(plan: Plan) -> None:
    careplan = _bundle(_full(plan))["entry"][0]["resource"]
    uid = version_uuid(_full(plan).to_json())
    assert careplan["id"] == uid
    assert careplan["identifier"] == [{"system": URI_SYSTEM, "value": f"urn:uuid:{uid}"}]
    again = _bundle(_full(plan))
    assert again["entry"][0]["resource"]["identifier"] == careplan["identifier"]


def test_ids_never_come_from_the_nhs_number(plan: Plan) -> None:
    # With no record id and no reference, a UUID derived from the NHS number would give the
    # number away to anyone trying the valid ones: ids must not change with the number.
    def ids(number: str) -> list[str]:
        data = plan.to_json()
        data["person"] = {"display_name": "Sam", "nhs_number": number}
        bundle = plan_to_fhir(data)
        return [e["fullUrl"] for e in bundle["entry"]] + [bundle["id"]]

    first = ids("9434765919")
    assert ids("9434765919") == first  # stable for re-exports of the same version
    assert ids("4010232137") == first


def test_ids_depend_on_the_person(plan: Plan) -> None:
    data = plan.to_json()
    one = plan_to_fhir(data, person_id="p1")
    two = plan_to_fhir(data, person_id="p2")
    assert plan_to_fhir(data, person_id="p1") == one
    assert {e["fullUrl"] for e in one["entry"]}.isdisjoint(e["fullUrl"] for e in two["entry"])


def test_a_version_replaces_the_one_before(plans: tuple[Plan, Plan]) -> None:
    first, review = (_full(p) for p in plans)
    assert review.previous_number == first.number
    v1 = _bundle(first)["entry"][0]["resource"]
    [replaces] = _bundle(review)["entry"][0]["resource"]["replaces"]
    assert replaces["identifier"] == v1["identifier"][0]
    assert "replaces" not in v1


def test_the_review_date_ends_the_plan_and_is_each_goal_s_due_date(plan: Plan) -> None:
    review_date = plan.agreement.next_meeting
    assert review_date
    bundle = _bundle(plan)
    assert bundle["entry"][0]["resource"]["period"]["end"] == review_date
    goals = _of(bundle, "Goal")
    assert goals and all(g["target"] == [{"dueDate": review_date}] for g in goals)


# -- the community directory -----------------------------------------------------------


def test_groups_from_the_directory_carry_their_details(plan: Plan) -> None:
    bundle = _bundle(plan)
    activities = [a["detail"] for a in bundle["entry"][0]["resource"]["activity"] if "detail" in a]
    picks = [p for p in plan.community.from_directory if p.details is not None]
    assert picks
    for pick in picks:
        details = pick.details
        assert details is not None
        # Its own activity, or the thing to try it was carried into (issue 15).
        [detail] = [
            d
            for d in activities
            if f"From the community directory: {pick.label}." in d["description"]
        ]
        assert f"When: {details.when}" in detail["description"]
        assert f"Cost: {details.cost}" in detail["description"]
        assert detail["scheduledString"] == details.when
        if details.venue:
            location = _by_ref(bundle, detail["location"])
            assert location["resourceType"] == "Location"
            assert location["name"] == details.venue


def test_a_group_no_longer_in_the_directory_is_named_and_said_so(plan: Plan) -> None:
    def gone(pick: DirectoryPick) -> DirectoryPick:
        return pick.model_copy(update={"removed": True, "details": None})

    community = plan.community.model_copy(
        update={
            "from_directory": [gone(p) for p in plan.community.from_directory],
            # Picks carried into the things to try left the directory there too (issue 15).
            "opportunities": [
                o.model_copy(update={"directory": gone(o.directory)}) if o.directory else o
                for o in plan.community.opportunities
            ],
        }
    )
    bundle = _valid(_bundle(plan.model_copy(update={"community": community})))
    assert _of(bundle, "Location") == []
    descriptions = [
        a["detail"]["description"]
        for a in bundle["entry"][0]["resource"]["activity"]
        if "detail" in a
    ]
    for pick in plan.community.from_directory:
        said = f"From the community directory: {pick.label}. No longer in the community directory."
        assert any(said in d for d in descriptions)


# -- ratings -------------------------------------------------------------------------


def test_ratings_are_survey_observations_coded_from_the_project_s_code_system(
    plan: Plan,
) -> None:
    known = {c["code"] for c in life_area_code_system()["concept"]}
    # The outcome measures (issue 19) are Observations of their own CodeSystem
    # (tests/export/test_measures_export.py); "more help?" answers are yes or no.
    observations = [
        o
        for o in _of(_bundle(plan), "Observation")
        if "valueBoolean" not in o and o["code"]["coding"][0]["system"] != OUTCOME_MEASURE_SYSTEM
    ]
    assert observations
    for observation in observations:
        assert observation["category"][0]["coding"][0]["code"] == "survey"
        [coding] = observation["code"]["coding"]
        assert coding["system"] == LIFE_AREA_SYSTEM and coding["code"] in known
        assert 1 <= observation["valueInteger"] <= 7


@pytest.mark.parametrize("value", [4, None])
def test_would_like_more_help_is_in_the_bundle_with_the_ratings(plan: Plan, value: Any) -> None:
    # The text copy said "would like more help"; the bundle had no word of it.
    area = plan.life_areas[0].model_copy(update={"value": value, "more_help": True})
    bundle = _valid(_bundle(plan.model_copy(update={"life_areas": [area]})))
    [helped] = [o for o in _of(bundle, "Observation") if "valueBoolean" in o]
    assert helped["code"]["text"] == f"Would like more help with: {area.label}"
    assert helped["valueBoolean"] is True
    careplan = next(c for c in _of(bundle, "CarePlan") if "supportingInfo" in c)
    assert helped["id"] in {r["reference"].rsplit(":", 1)[-1] for r in careplan["supportingInfo"]}


def test_earlier_ratings_come_with_the_ids_they_had_in_their_own_version(
    plans: tuple[Plan, Plan],
) -> None:
    first, review = (_full(p) for p in plans)
    # Ratings: a "more help?" answer is this version's only.
    then = {o["id"]: o for o in _of(_bundle(first), "Observation") if "valueBoolean" not in o}
    now = {o["id"]: o for o in _of(_bundle(review), "Observation")}
    history = [p for a in review.life_areas for p in a.history if p.plan_version == 1]
    assert history
    # Every rating of version 1 is in version 2's bundle, the same resource with the same id.
    assert {i: now[i] for i in then} == then
    current = {r["reference"] for r in _bundle(review)["entry"][0]["resource"]["supportingInfo"]}
    assert not {f"urn:uuid:{i}" for i in then} & current


# -- the narrative ---------------------------------------------------------------------


def _div(resource: dict[str, Any]) -> ET.Element:
    assert resource["text"]["status"] == "generated"
    return ET.fromstring(resource["text"]["div"])


def test_the_plan_has_a_readable_narrative(agreed_plan: Plan) -> None:
    div = _div(_bundle(_full(agreed_plan))["entry"][0]["resource"])
    assert div.tag == f"{XHTML}div"
    words = " ".join(div.itertext())
    assert "Relationship plan" in words and "Agreed together" in words
    for goal in agreed_plan.goals:
        assert goal.what in words
    assert agreed_plan.contacts.how_to_contact
    assert f"How I like to be contacted: {agreed_plan.contacts.how_to_contact.text}" in words
    for contact in agreed_plan.contacts.personal:
        assert f"Contact: {contact.name}" in words


def test_hostile_words_in_the_narrative_stay_text(hostile: Plan) -> None:
    bundle = _bundle(_full(hostile))
    for resource in (e["resource"] for e in bundle["entry"]):
        if "text" not in resource:
            continue
        div = _div(resource)  # well-formed XHTML: nothing the person typed became markup
        tags = {el.tag.removeprefix(XHTML) for el in div.iter()}
        assert tags <= {"div", "p", "b", "ul", "li"}
    words = " ".join(_div(bundle["entry"][0]["resource"]).itertext())
    for piece in PIECES:
        assert piece in words
    assert "\x1b" not in json.dumps(bundle) and HOSTILE not in words


# Codes the schema leaves as plain `code` but R4 binds to these value sets (required).
CARE_PLAN_STATUS = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error"}
ACTIVITY_STATUS = {
    "not-started", "scheduled", "in-progress", "on-hold", "completed", "cancelled",
    "stopped", "unknown", "entered-in-error",
}  # fmt: skip
GOAL_LIFECYCLE = {
    "proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
    "entered-in-error", "rejected",
}  # fmt: skip


def test_status_codes_are_from_r4_s_required_value_sets(
    plan: Plan, agreed_plan: Plan, draft_plan: Plan
) -> None:
    for each in (plan, agreed_plan, draft_plan):
        bundle = _bundle(_full(each))
        for careplan in _of(bundle, "CarePlan"):
            assert careplan["status"] in CARE_PLAN_STATUS
            assert careplan["intent"] in {"proposal", "plan"}
            for activity in careplan.get("activity", []):
                if "detail" not in activity:  # a referral: its ServiceRequest has the status
                    assert (
                        _by_ref(bundle, activity["reference"])["resourceType"] == "ServiceRequest"
                    )
                    continue
                assert activity["detail"]["status"] in ACTIVITY_STATUS
        assert {g["lifecycleStatus"] for g in _of(bundle, "Goal")} <= GOAL_LIFECYCLE


def test_the_treatment_aspect_codes_are_defined_as_parts_of_care_not_areas_of_life() -> None:
    concepts = {c["code"]: c["definition"] for c in life_area_code_system()["concept"]}
    for code in ("medication", "practical_help", "meetings"):
        assert concepts[code].startswith(
            "How satisfied the person is with this part of their care and treatment"
        )
    assert concepts["friendships"].startswith("How satisfied the person is with this area of life")


def test_the_review_date_is_said_as_people_say_it_in_the_words(agreed_plan: Plan) -> None:
    # "Review date: 2027-01-02" in the narrative, where every other date is in words.
    bundle = json.loads(render(agreed_plan, "fhir"))
    [careplan] = [
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "CarePlan" and "partOf" not in e["resource"]
    ]
    review = agreed_plan.agreement.next_meeting
    assert review is not None
    said = f"Review date: {day_date(review)}"
    assert said in careplan["text"]["div"]
    assert said in [n["text"] for n in careplan["note"]]
    assert f"Review date: {review}" not in json.dumps(careplan)
