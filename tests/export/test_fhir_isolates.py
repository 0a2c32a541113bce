"""The FHIR copy's own sentences isolate a name that holds a bidi control, as the other
formats do (first strong isolate ... pop directional isolate); a value standing alone (the
Patient's name) keeps the words exactly as typed."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.bundle import Bundle

from assistant.export.fhir import plan_to_fhir
from assistant.plans.model import (
    Contacts,
    PersonalContact,
    PersonRef,
    Plan,
    Referral,
    Words,
)

CREATED = "2026-01-05T10:00:00+00:00"
FSI, PDI, RLO = "\u2068", "\u2069", "\u202e"
NAME = f"{RLO}Sam"  # an override left open: it turned ", version 1 ..." round after it


def _bundle() -> dict[str, Any]:
    return plan_to_fhir(Plan(created=CREATED, person=PersonRef(display_name=NAME)).to_json())


def _of(bundle: dict[str, Any], kind: str) -> dict[str, Any]:
    return next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind)


def test_the_narrative_isolates_a_name_inside_its_sentence() -> None:
    div = _of(_bundle(), "CarePlan")["text"]["div"]
    assert f"for {FSI}{NAME}{PDI}</b>" in div


def test_the_patients_name_is_kept_as_typed() -> None:
    assert _of(_bundle(), "Patient")["name"] == [{"text": NAME}]


def test_a_bundle_with_an_isolated_name_validates() -> None:
    Bundle.model_validate(_bundle())


def test_a_contacts_note_isolates_the_name_and_their_record_keeps_it() -> None:
    contact = PersonalContact(id="k1", name=f"{RLO}Jo")
    plan = Plan(created=CREATED, contacts=Contacts(personal=[contact]))
    bundle = plan_to_fhir(plan.to_json())
    notes = [n["text"] for n in _of(bundle, "CarePlan")["note"]]
    assert f"Contact: {FSI}{RLO}Jo{PDI}" in notes
    assert _of(bundle, "RelatedPerson")["name"] == [{"text": f"{RLO}Jo"}]


def test_a_referrals_what_is_shared_note_isolates_the_persons_words() -> None:
    shared = f"{RLO}my name"
    referral = Referral(id="r1", to="Walkers", consent=True, shared=Words(text=shared))
    bundle = plan_to_fhir(Plan(created=CREATED, referrals=[referral]).to_json())
    notes = [n["text"] for n in _of(bundle, "ServiceRequest")["note"]]
    assert f"What is shared: {FSI}{shared}{PDI}" in notes
