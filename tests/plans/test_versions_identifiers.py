"""Plan versions read from the record carry the person's identifiers as the record holds them
now (issue 14): an NHS number added or corrected after a version was saved is in every export
of it; the name stays as it was saved."""

from __future__ import annotations

from assistant.plans.model import PersonRef, Plan
from assistant.plans.versions import person_ref, versions
from assistant.records import CaseStore

CREATED = "2026-02-02T10:00:00+00:00"


def _save_plan(store: CaseStore, person_id: str) -> None:
    with store.open(person_id) as case:
        plan = Plan(created=CREATED, person=person_ref(case))
        case.add_plan_version(plan.to_json(), agreed=True, by="both")


def test_a_version_saved_before_the_nhs_number_was_added_shows_it(store: CaseStore) -> None:
    person_id = store.create_person("Sam", reference="R-1")
    _save_plan(store, person_id)
    with store.open(person_id) as case:
        case.update_person(display_name="Samuel", nhs_number="943 476 5919")
        [version] = versions(case)
    assert version.plan.person == PersonRef(
        display_name="Sam", reference="R-1", nhs_number="9434765919"
    )


def test_a_corrected_or_removed_identifier_is_corrected_in_old_versions(store: CaseStore) -> None:
    person_id = store.create_person("Sam", reference="R-1", nhs_number="4010232137")
    _save_plan(store, person_id)
    with store.open(person_id) as case:
        [saved] = case.plan_versions()
        assert saved["plan"]["person"]["nhs_number"] == "4010232137"  # kept in the version
        case.update_person(reference="", nhs_number="9434765919")
        [version] = versions(case)
    assert (version.plan.person.reference, version.plan.person.nhs_number) == (
        None,
        "9434765919",
    )


def test_a_new_version_is_saved_with_the_nhs_number(store: CaseStore) -> None:
    person_id = store.create_person("Sam", nhs_number="9434765919")
    with store.open(person_id) as case:
        assert person_ref(case).nhs_number == "9434765919"


def test_a_date_of_birth_added_later_is_in_earlier_versions(store: CaseStore) -> None:
    person_id = store.create_person("Sam")
    _save_plan(store, person_id)
    with store.open(person_id) as case:
        case.update_person(born="15/12/1980", gender="own_words", gender_words="femme")
        [version] = versions(case)
    assert version.plan.person.born == "1980-12-15"


def test_a_new_version_is_saved_with_the_date_of_birth_and_without_the_gender(
    store: CaseStore,
) -> None:
    # The gender is recorded for the directory's suggestions only: no plan version holds it.
    person_id = store.create_person("Sam", born="1980-12-15", gender="woman")
    _save_plan(store, person_id)
    with store.open(person_id) as case:
        [saved] = case.plan_versions()
        [version] = versions(case)
    assert saved["plan"]["person"]["born"] == "1980-12-15"
    assert not {"gender", "gender_words"} & saved["plan"]["person"].keys()
    assert "gender" not in version.plan.person.model_dump()
