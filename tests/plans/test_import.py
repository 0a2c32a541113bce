"""``cpi-assistant import``: a plan's JSON file read back into a person's record, through the
real entry point (``assistant.cli.main``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from plan_support import Meetings

from assistant import __version__
from assistant.cli import main
from assistant.flows.loader import Content
from assistant.plans.importing import MAX_BYTES, line_of_path
from assistant.plans.model import PLAN_SCHEMA_ID, PLAN_VERSION, plan_schema
from assistant.plans.versions import agree_plan, versions
from assistant.records import CaseStore

NOTHING = "Nothing was imported."


@pytest.fixture
def agreed(store: CaseStore, person: str, meetings: Meetings, content: Content) -> str:
    with store.open(person) as case:
        agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        agree_plan(case, meetings.review.data, meetings.review.log, content=content)
    return person


def run(store: CaseStore, *args: str) -> int:
    return main([*args, "--data-dir", str(store.root)])


def exported(store: CaseStore, person: str, tmp_path: Path, *extra: str) -> Path:
    """The person's own copy of their latest agreed plan, exported as JSON by the real CLI."""
    out = tmp_path / f"export-{len(list(tmp_path.iterdir()))}.json"
    assert run(store, "export", person, "--format", "json", "-o", str(out), *extra) == 0
    return out


def own_copy(store: CaseStore, person: str, tmp_path: Path) -> Path:
    return exported(store, person, tmp_path, "--for", "person")


def other_store(tmp_path: Path) -> CaseStore:
    """A second records folder: the other computer."""
    return CaseStore(tmp_path / "other-laptop")


def edited(path: Path, change: Any) -> Path:
    data = json.loads(path.read_text("utf-8"))
    change(data)
    out = path.with_name(f"edited-{path.name}")
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False), "utf-8")
    return out


def plan_count(store: CaseStore) -> list[int]:
    """How many plan versions each person has (to show nothing changed)."""
    counts = []
    for summary in store.list_people():
        case = store.read(summary.id)
        try:
            counts.append(len(case.plan_versions()))
        finally:
            case.close()
    return counts


# -- what the JSON says about itself --------------------------------------------------------


def test_the_json_export_names_its_schema_and_the_app(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    data = json.loads(own_copy(store, agreed, tmp_path).read_text("utf-8"))
    assert (data["$schema"], data["app_version"]) == (PLAN_SCHEMA_ID, __version__)
    assert plan_schema()["$id"] == data["$schema"]
    jsonschema.Draft202012Validator(plan_schema()).validate(data)


# -- moving a plan to another computer ------------------------------------------------------


def test_an_agreed_plan_moves_to_another_computer_still_agreed_with_its_date(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = own_copy(store, agreed, tmp_path)
    with store.open(agreed) as case:
        original = versions(case)[-1]
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new") == 0
    assert "agreed, as the file says" in capsys.readouterr().out
    [summary] = other.list_people()
    assert (summary.display_name, summary.reference) == ("Sam", "R-1")
    case = other.read(summary.id)
    try:
        [copy] = versions(case)
    finally:
        case.close()
    assert copy.agreed and copy.state.agreed_at == original.state.agreed_at
    assert copy.plan.goals == original.plan.goals
    assert copy.plan.sharing == original.plan.sharing


def test_it_becomes_the_next_version_and_replaces_nothing(
    store: CaseStore, agreed: str, tmp_path: Path, content: Content, meetings: Meetings
) -> None:
    # Version 2 exported here, imported on a laptop that has a version 1 of its own.
    source = own_copy(store, agreed, tmp_path)
    other = other_store(tmp_path)
    pid = other.create_person("Sam", reference="R-1")
    with other.open(pid) as case:
        agree_plan(case, meetings.first.data, meetings.first.log, content=content)
        before = versions(case)[0].plan
    assert run(other, "import", str(source), "--for", "R-1") == 0
    case = other.read(pid)
    try:
        found = versions(case)
        events = case.audit_events()
    finally:
        case.close()
    assert [v.number for v in found] == [1, 2]
    # Version 1 is kept as it was; only its state now says version 2 replaces it.
    assert found[0].plan.model_copy(update={"state": before.state}) == before
    assert found[0].plan.state is not None and found[0].plan.state.replaced_by == 2
    assert found[1].plan.previous_number == 1
    saved = [e for e in events if e["kind"] == "plan_saved"][-1]
    assert saved["imported_from"] == str(source.resolve())
    assert saved["file_app_version"] == __version__


def test_the_same_plan_twice_is_refused(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = own_copy(store, agreed, tmp_path)
    assert run(store, "import", str(source), "--for", agreed) != 0
    assert "already version 2 of this plan" in capsys.readouterr().err
    assert plan_count(store) == [2]


def test_a_draft_stays_a_draft(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path),
        lambda d: d.update(state={"status": "draft", "saved_at": "2026-01-01T10:00:00+00:00"}),
    )
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new") == 0
    assert "as plan version 1 of Sam" in capsys.readouterr().out
    case = other.read(other.list_people()[0].id)
    try:
        assert not versions(case)[0].agreed
    finally:
        case.close()


def test_agreed_in_the_state_but_not_in_the_agreement_is_a_draft(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path), lambda d: d["agreement"].pop("person_agrees")
    )
    assert run(other_store(tmp_path), "import", str(source), "--new") == 0
    assert "a draft: the file says it was agreed, but" in capsys.readouterr().out


def test_a_file_without_schema_or_app_version_still_imports(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    # Written before plans named their schema.
    source = edited(
        own_copy(store, agreed, tmp_path), lambda d: [d.pop("$schema"), d.pop("app_version")]
    )
    assert run(other_store(tmp_path), "import", str(source), "--new") == 0


def test_another_persons_plan_is_refused_unless_asked(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = own_copy(store, agreed, tmp_path)
    other = other_store(tmp_path)
    other.create_person("Alex", reference="R-9")
    assert run(other, "import", str(source), "--for", "Alex") != 0
    assert "reference 'R-1', not 'R-9'" in capsys.readouterr().err
    assert plan_count(other) == [0]
    other.create_person("Sam")
    assert run(other, "import", str(source), "--for", "Sam") == 0  # same name, no reference


def test_a_renamed_person_needs_name_differs(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(own_copy(store, agreed, tmp_path), lambda d: d["person"].pop("reference"))
    other = other_store(tmp_path)
    other.create_person("Samantha")
    assert run(other, "import", str(source), "--for", "Samantha") != 0
    assert "--name-differs" in capsys.readouterr().err
    assert run(other, "import", str(source), "--for", "Samantha", "--name-differs") == 0
    assert plan_count(other) == [1]


def test_new_needs_a_name_when_the_file_has_none(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(own_copy(store, agreed, tmp_path), lambda d: d.update(person={}))
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new") == 2
    assert "--new NAME" in capsys.readouterr().err
    assert run(other, "import", str(source), "--new", "Sam T") == 0
    assert [p.display_name for p in other.list_people()] == ["Sam T"]


# -- copies that must not come back in ------------------------------------------------------


def test_a_copy_for_the_care_team_is_refused(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = exported(store, agreed, tmp_path, "--for", "team")
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new") != 0
    err = capsys.readouterr().err
    assert "a copy made for the care team" in err and NOTHING in err
    assert other.list_people() == []


def test_a_withheld_copy_is_refused_even_for_the_person(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path), lambda d: d["audience"].update(withheld=True)
    )
    assert run(other_store(tmp_path), "import", str(source), "--new") != 0
    assert "not the whole plan" in capsys.readouterr().err


def test_a_shared_copy_without_its_audience_is_refused_when_the_record_keeps_parts_private(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The demo keeps Mum private; the team's copy leaves her and the marks out.
    with store.open(agreed) as case:
        assert [p.label for p in versions(case)[-1].plan.sharing.private] == [
            "Someone in my life: Mum"
        ]
    source = edited(exported(store, agreed, tmp_path, "--for", "team"), lambda d: d.pop("audience"))
    assert run(store, "import", str(source), "--for", agreed) != 0
    err = capsys.readouterr().err
    assert "keeps parts private, and this file marks nothing private" in err and NOTHING in err
    assert plan_count(store) == [2]


def test_a_file_missing_a_part_the_record_keeps_private_is_refused(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def drop_mum(data: dict[str, Any]) -> None:
        people = data["network"]["people"]
        data["network"]["people"] = [p for p in people if p["name"] != "Mum"]
        assert len(data["network"]["people"]) == len(people) - 1

    source = edited(own_copy(store, agreed, tmp_path), drop_mum)
    assert run(store, "import", str(source), "--for", agreed) != 0
    err = capsys.readouterr().err
    assert "a part of the plan that the person keeps private" in err and NOTHING in err
    assert plan_count(store) == [2]


def test_the_persons_own_copy_still_imports_into_a_record_that_keeps_parts_private(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    # Changed on another computer (so not the same plan): it keeps the private parts.
    source = edited(
        own_copy(store, agreed, tmp_path),
        lambda d: d["about"].update(hopes={"text": "A walk on Sundays"}),
    )
    assert run(store, "import", str(source), "--for", agreed) == 0
    assert plan_count(store) == [3]


def test_a_training_plan_never_goes_into_real_records(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path), lambda d: d.update(watermark="TRAINING - FICTIONAL")
    )
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new") != 0
    assert "never goes into real records" in capsys.readouterr().err
    assert other.list_people() == []
    assert run(other, "import", str(source), "--new", "--training") == 0
    assert len(other.training_store().list_people()) == 1


def test_the_demo_with_its_training_mark_taken_out_is_still_refused(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path),
        lambda d: d.update(session="demo-meeting-2", watermark=None),
    )
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new") != 0
    assert "the demo's fictional person" in capsys.readouterr().err
    assert other.list_people() == []


def test_a_real_plan_never_goes_into_the_training_records(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = own_copy(store, agreed, tmp_path)
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new", "--training") != 0
    assert "never goes into the training records" in capsys.readouterr().err
    assert other.training_store().list_people() == []


# -- newer apps -----------------------------------------------------------------------------


def test_a_newer_plan_format_is_refused(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path),
        lambda d: d.update(version=PLAN_VERSION + 1, app_version="99.0.0"),
    )
    assert run(other_store(tmp_path), "import", str(source), "--new") != 0
    err = capsys.readouterr().err
    assert "newer version of the app (99.0.0)" in err and "Update this app" in err


def test_a_newer_apps_file_with_unknown_parts_is_refused_as_newer(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path),
        lambda d: d.update(app_version="99.0.0", pets=[{"name": "Rex"}]),
    )
    assert run(other_store(tmp_path), "import", str(source), "--new") != 0
    err = capsys.readouterr().err
    assert "newer version of the app (99.0.0)" in err and "/pets" in err


def test_a_newer_apps_file_this_app_reads_in_full_is_imported(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    source = edited(own_copy(store, agreed, tmp_path), lambda d: d.update(app_version="99.0.0"))
    assert run(other_store(tmp_path), "import", str(source), "--new") == 0


# -- files that do not match ----------------------------------------------------------------


def test_a_mismatch_names_the_field_and_its_line(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def spoil(data: dict[str, Any]) -> None:
        data["life_areas"][0]["value"] = 9
        data["goals"][0]["what"] = 5

    source = edited(own_copy(store, agreed, tmp_path), spoil)
    data = json.loads(source.read_text("utf-8"))
    with pytest.raises(jsonschema.ValidationError):  # the schema says no too
        jsonschema.validate(data, plan_schema())
    other = other_store(tmp_path)
    assert run(other, "import", str(source), "--new") != 0
    err = capsys.readouterr().err
    lines = source.read_text("utf-8").splitlines()
    value_line = next(i for i, t in enumerate(lines, 1) if '"value": 9' in t)
    assert f"/life_areas/0/value (line {value_line}): Input should be less than" in err
    assert "/goals/0/what (line " in err and "should be text" in err
    assert "does not match the plan format" in err and NOTHING in err
    assert other.list_people() == []


def test_a_text_where_a_number_belongs_is_a_mismatch(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As the schema reads it: "3" is not a rating (the model alone would take it).
    source = edited(
        own_copy(store, agreed, tmp_path), lambda d: d["life_areas"][0].update(value="3")
    )
    assert run(other_store(tmp_path), "import", str(source), "--new") != 0
    assert "/life_areas/0/value" in capsys.readouterr().err


def test_an_unknown_field_with_control_characters_is_shown_safely(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path),
        lambda d: d.update({"\x1b]52;c;aGk=\x07evil\u202e": 1}),
    )
    env = {**os.environ, "CPI_DATA_DIR": str(tmp_path / "other-laptop")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "import", str(source), "--new"],
        capture_output=True,
        env=env,
    )
    assert done.returncode != 0
    assert b"\x1b" not in done.stderr and b"\x07" not in done.stderr
    assert b"evil" in done.stderr and b"Traceback" not in done.stderr


def test_line_of_path_finds_nested_values_and_the_last_of_repeated_keys() -> None:
    text = '{\n "a": 1,\n "b": [\n  {"c": 2},\n  {"c":\n 3}\n ],\n "a": 4\n}'
    assert line_of_path(text, ("b", 1, "c")) == 6
    assert line_of_path(text, ("a",)) == 8
    assert line_of_path(text, ("b", 5)) == 3  # no such item: the list it is missing from


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe not text", "is not UTF-8 text (line 1"),
        (b'{\n "format": "cpi-plan",\n "version": }', "is not valid JSON (line 3, column 13"),
        (b"[1, 2]", "holds a list, not a plan"),
        (b'"a plan"', "holds a piece of text, not a plan"),
        (b'{"format": "cpi-plan", "version": NaN}', "NaN is not allowed"),
        (b"[" * 100_000 + b"]" * 100_000, "nested far too deeply"),
        (b'{"resourceType": "Bundle"}', "is a FHIR export"),
        (b"<!doctype html><p>plan</p>", "is an HTML or easy-read page"),
        (b"%PDF-1.7 ...", "is a PDF"),
        (b'{"format": "notes"}', 'has no "format": "cpi-plan"'),
        (b'{"format": "cpi-subject-access"}', "a copy of a whole record (export-all)"),
        (b'{"format": "cpi-plan", "version": 1, "$schema": "urn:x"}', "says it follows"),
    ],
)
def test_files_that_are_not_plans_get_a_clear_message(
    store: CaseStore,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    source = tmp_path / "plan.json"
    source.write_bytes(content)
    assert run(store, "import", str(source), "--new", "Sam") != 0
    err = capsys.readouterr().err
    assert message in err and NOTHING in err and "Traceback" not in err
    assert store.list_people() == []


def test_a_huge_file_is_refused_without_reading_it_all(
    store: CaseStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "huge.json"
    with source.open("wb") as out:
        out.truncate(MAX_BYTES * 20)  # sparse: no disk used
    assert run(store, "import", str(source), "--new", "Sam") != 0
    assert "is larger than 5 MB" in capsys.readouterr().err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_named_pipe_is_refused_without_blocking(
    store: CaseStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "pipe.json"
    os.mkfifo(source)
    assert run(store, "import", str(source), "--new", "Sam") != 0
    assert "a named pipe, not a regular file" in capsys.readouterr().err


def test_a_folder_or_a_missing_file_is_refused(
    store: CaseStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(store, "import", str(tmp_path), "--new", "Sam") != 0
    assert "a folder, not a regular file" in capsys.readouterr().err
    assert run(store, "import", str(tmp_path / "gone.json"), "--new", "Sam") != 0
    assert "There is no file" in capsys.readouterr().err


def test_whose_plan_must_be_said(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = own_copy(store, agreed, tmp_path)
    with pytest.raises(SystemExit) as stopped:
        run(store, "import", str(source))
    assert stopped.value.code == 2
    assert "--for" in capsys.readouterr().err


def test_new_for_someone_already_here_says_to_use_for(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = own_copy(store, agreed, tmp_path)
    other = other_store(tmp_path)
    pid = other.create_person("Sam T", reference="r-1")
    assert run(other, "import", str(source), "--new") != 0
    assert f"use --for {pid}" in capsys.readouterr().err
    assert len(other.list_people()) == 1 and plan_count(other) == [0]


def test_the_nhs_number_decides_whose_plan_it_is(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path), lambda d: d["person"].update(nhs_number="9434765919")
    )
    other = other_store(tmp_path)
    other.create_person("Sam", reference="R-1", nhs_number="4010232137")
    assert run(other, "import", str(source), "--for", "Sam") != 0
    assert "another NHS number" in capsys.readouterr().err
    assert plan_count(other) == [0]


def test_an_nhs_number_that_fails_its_check_is_a_mismatch(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path), lambda d: d["person"].update(nhs_number="9434765918")
    )
    assert run(other_store(tmp_path), "import", str(source), "--new") != 0
    assert "/person/nhs_number (line " in capsys.readouterr().err


def test_many_mismatches_are_counted_not_all_listed(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def spoil(data: dict[str, Any]) -> None:
        data["goals"] = [dict(data["goals"][0], what=n) for n in range(1000)]

    source = edited(own_copy(store, agreed, tmp_path), spoil)
    assert run(other_store(tmp_path), "import", str(source), "--new") != 0
    err = capsys.readouterr().err
    assert "/goals/999/" not in err and "... and 992 more" in err


def test_a_new_record_with_a_name_holding_controls_prints_none_of_them(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    source = edited(
        own_copy(store, agreed, tmp_path),
        lambda d: d["person"].update(
            display_name="Ann\x1b[2J\x1b]52;c;aGk=\x07 evil", reference=None
        ),
    )
    env = {**os.environ, "CPI_DATA_DIR": str(tmp_path / "other-laptop")}
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "import", str(source), "--new"],
        capture_output=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert b"\x1b" not in done.stdout + done.stderr and b"\x07" not in done.stdout
    assert b"evil" in done.stdout


def test_new_before_the_file_imports_the_file_under_the_name_in_it(
    store: CaseStore, agreed: str, tmp_path: Path
) -> None:
    """`import --new plan.json`: --new takes an optional name, but here it is the file."""
    source = own_copy(store, agreed, tmp_path)
    other = other_store(tmp_path)
    assert run(other, "import", "--new", str(source)) == 0
    [summary] = other.list_people()
    assert summary.display_name == "Sam"


def test_a_file_given_as_the_new_name_is_explained(
    store: CaseStore, agreed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = own_copy(store, agreed, tmp_path)
    other = other_store(tmp_path)
    assert run(other, "import", "--new", str(source), "Sam T") == 2
    err = capsys.readouterr().err
    assert "--new takes the person's name" in err and f"import {source} --new 'Sam T'" in err
    assert other.list_people() == []
