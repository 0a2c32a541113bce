"""The FHIR export through ``cpi-assistant export`` (main()): ids from the person's record."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fhir_schema import schema_errors

from assistant.cli import main
from assistant.export.fhir import PERSON_ID_SYSTEM
from assistant.plans.model import Plan
from assistant.records import CaseStore


def _export(store: CaseStore, person: str, version: str, target: Path) -> dict[str, Any]:
    args = ["export", person, version, "--format", "fhir", "--for", "person", "-o", str(target)]
    assert main([*args, "--data-dir", str(store.root)]) == 0
    bundle: dict[str, Any] = json.loads(target.read_text("utf-8"))
    assert schema_errors(bundle) == []
    return bundle


def _saved(store: CaseStore, plans: tuple[Plan, Plan], name: str) -> str:
    # No agency reference or NHS number: only the records' id tells this person apart.
    person = store.create_person(name)
    with store.open(person) as case:
        for plan in plans:
            case.add_plan_version(plan.to_json(), agreed=True, by="both")
    return person


def test_exports_of_one_version_match_and_the_next_names_it(
    store: CaseStore, plans: tuple[Plan, Plan], tmp_path: Path
) -> None:
    sam = _saved(store, plans, "Sam")
    first = _export(store, sam, "1", tmp_path / "a.json")
    assert _export(store, sam, "1", tmp_path / "b.json") == first
    careplan = first["entry"][0]["resource"]
    patient = next(
        e["resource"] for e in first["entry"] if e["resource"]["resourceType"] == "Patient"
    )
    assert {"system": PERSON_ID_SYSTEM, "value": sam} in [
        {k: i[k] for k in ("system", "value")} for i in patient["identifier"]
    ]
    [replaces] = _export(store, sam, "2", tmp_path / "c.json")["entry"][0]["resource"]["replaces"]
    assert replaces["identifier"] == careplan["identifier"][0]


def test_two_people_with_the_same_plan_get_different_ids(
    store: CaseStore, plans: tuple[Plan, Plan], tmp_path: Path
) -> None:
    one = _export(store, _saved(store, plans, "Sam"), "1", tmp_path / "one.json")
    two = _export(store, _saved(store, plans, "Sam"), "1", tmp_path / "two.json")
    assert {e["fullUrl"] for e in one["entry"]}.isdisjoint(e["fullUrl"] for e in two["entry"])
