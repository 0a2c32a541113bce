"""A person's identifiers on the command line: ``new``, ``details``, ``people``, ``export-all``
with a reference (local identifier) and an NHS number (issue 14)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.records import CaseStore

VALID = "943 476 5919"
WRONG_CHECK = "943 476 5918"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def new(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> dict:
    code, out, err = run(capsys, "new", *argv, "--json", "--data-dir", str(root))
    assert code == 0, err
    return json.loads(out)


def test_new_stores_the_nhs_number_as_ten_digits(root: Path, capsys) -> None:
    made = new(capsys, root, "Sam", "--reference", "R-1", "--nhs-number", VALID)
    assert (made["display_name"], made["reference"], made["nhs_number"]) == (
        "Sam",
        "R-1",
        "9434765919",
    )
    with CaseStore(root).read(made["id"]) as case:
        assert case.person["nhs_number"] == "9434765919"


def test_new_refuses_a_number_that_fails_the_check_and_creates_nothing(root: Path, capsys) -> None:
    code, out, err = run(capsys, "new", "Sam", "--nhs-number", WRONG_CHECK, "--data-dir", str(root))
    assert code == 2 and out == ""
    assert "the last digit (the check digit) does not match" in err
    assert CaseStore(root).list_people() == []


def test_a_refused_number_names_no_other_record(root: Path, capsys) -> None:
    new(capsys, root, "Robin Secret", "--reference", "R-SECRET", "--nhs-number", VALID)
    code, _, err = run(capsys, "new", "Alex", "--nhs-number", WRONG_CHECK, "--data-dir", str(root))
    assert code == 2
    assert "Robin" not in err and "R-SECRET" not in err and "9434765919" not in err


def test_new_refuses_an_nhs_number_another_record_has(root: Path, capsys) -> None:
    first = new(capsys, root, "Sam", "--nhs-number", VALID)
    code, _, err = run(capsys, "new", "Alex", "--nhs-number", "9434765919", "--data-dir", str(root))
    assert code == 1
    assert f"already in the record of Sam (id {first['id']})" in err
    assert [p.display_name for p in CaseStore(root).list_people()] == ["Sam"]


def test_people_finds_someone_by_nhs_number_with_or_without_spaces(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--nhs-number", VALID)
    new(capsys, root, "Alex")
    for search in ("9434765919", "943 476 5919", "476 59"):
        code, out, _ = run(capsys, "people", search, "--json", "--data-dir", str(root))
        assert code == 0
        assert [row["display_name"] for row in json.loads(out)] == ["Sam"], search


def test_fewer_than_three_digits_find_no_nhs_number(root: Path, capsys) -> None:
    # "12" is more likely part of a reference than of somebody's NHS number.
    new(capsys, root, "Sam", "--nhs-number", VALID)
    new(capsys, root, "Alex", "--reference", "R-12")
    # Spaced, so no random id (p- and hex digits) can hold the search itself.
    _, out, _ = run(capsys, "people", "9 4", "--json", "--data-dir", str(root))
    assert json.loads(out) == []
    _, out, _ = run(capsys, "people", "9 43", "--json", "--data-dir", str(root))
    assert [row["display_name"] for row in json.loads(out)] == ["Sam"]


def test_people_json_and_table_show_the_nhs_number(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--nhs-number", VALID)
    _, out, _ = run(capsys, "people", "--json", "--data-dir", str(root))
    assert json.loads(out)[0]["nhs_number"] == "9434765919"
    _, table, _ = run(capsys, "people", "--data-dir", str(root))
    assert "NHS NUMBER" in table and VALID in table


def test_the_table_has_no_nhs_column_when_nobody_has_one(root: Path, capsys) -> None:
    new(capsys, root, "Sam")
    _, table, _ = run(capsys, "people", "--data-dir", str(root))
    assert "NHS NUMBER" not in table


def test_details_finds_by_nhs_number_and_shows_it_grouped(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--reference", "R-1", "--nhs-number", VALID)
    code, out, _ = run(capsys, "details", "9434765919", "--data-dir", str(root))
    assert code == 0
    assert "NHS number:  943 476 5919" in out and "Reference:   R-1" in out


def test_details_adds_changes_and_clears_the_nhs_number_with_an_audit_event(
    root: Path, capsys
) -> None:
    made = new(capsys, root, "Sam")
    argv = ("--json", "--data-dir", str(root))
    _, out, _ = run(capsys, "details", "Sam", "--nhs-number", VALID, *argv)
    assert json.loads(out)["nhs_number"] == "9434765919"
    _, out, _ = run(capsys, "details", "Sam", "--nhs-number", "", "--reference", "R-9", *argv)
    assert (json.loads(out)["nhs_number"], json.loads(out)["reference"]) == (None, "R-9")
    with CaseStore(root).read(made["id"]) as case:
        changes = [e for e in case.audit_events() if e["kind"] == "person_details_changed"]
    assert [c["nhs_number"] for c in changes] == [
        {"old": None, "new": "9434765919"},
        {"old": "9434765919", "new": None},
    ]


def test_details_refuses_a_bad_number_and_changes_nothing(root: Path, capsys) -> None:
    made = new(capsys, root, "Sam", "--nhs-number", VALID)
    code, _, err = run(
        capsys, "details", "Sam", "--nhs-number", "943 476 591", "--data-dir", str(root)
    )
    assert code == 2 and "has 10 digits; this has 9" in err
    with CaseStore(root).read(made["id"]) as case:
        assert case.person["nhs_number"] == "9434765919"


def test_details_refuses_another_records_number(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--nhs-number", VALID)
    new(capsys, root, "Alex")
    code, _, err = run(capsys, "details", "Alex", "--nhs-number", VALID, "--data-dir", str(root))
    assert code == 1 and "already in the record of Sam" in err
    # Its own number again is no conflict.
    code, out, _ = run(capsys, "details", "Sam", "--nhs-number", VALID, "--data-dir", str(root))
    assert code == 0 and "Nothing changed" in out


def test_subject_access_export_holds_the_nhs_number(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--nhs-number", VALID)
    code, out, _ = run(capsys, "export-all", "Sam", "--data-dir", str(root))
    data = json.loads(out)
    assert code == 0
    assert data["person"]["nhs_number"] == "9434765919"
    assert data["index_entry"]["nhs_number"] == "9434765919"


def test_erase_leaves_no_nhs_number_in_the_folder(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--nhs-number", VALID)
    code, _, _ = run(capsys, "erase", "9434765919", "--yes", "--data-dir", str(root))
    assert code == 0
    leftovers = [
        path for path in root.rglob("*") if path.is_file() and b"9434765919" in path.read_bytes()
    ]
    assert leftovers == []


def test_new_and_details_run_as_a_real_process(root: Path) -> None:
    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "assistant", *argv, "--data-dir", str(root)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    made = cli("new", "Sam", "--nhs-number", VALID)
    bad = cli("details", "Sam", "--nhs-number", WRONG_CHECK)
    shown = cli("details", VALID)
    assert made.returncode == 0 and "Started a record for Sam" in made.stdout
    assert bad.returncode == 2 and "check digit" in bad.stderr and "Traceback" not in bad.stderr
    assert shown.returncode == 0 and "NHS number:  943 476 5919" in shown.stdout


def test_an_nhs_number_added_later_is_in_the_export_of_an_agreed_plan(
    tmp_path: Path, capsys
) -> None:
    root = str(tmp_path / "records")
    code, _, _ = run(capsys, "demo", "--data-dir", root, "-o", str(tmp_path / "out"))
    assert code == 0
    [person] = CaseStore(Path(root), training=True).list_people()
    argv = (person.id, "--training", "--data-dir", root)
    code, _, _ = run(capsys, "details", *argv, "--nhs-number", VALID, "--reference", "R-9")
    assert code == 0
    code, out, _ = run(capsys, "export", *argv, "--for", "team", "--format", "txt")
    header = out.split("Version ")[0]
    assert code == 0
    assert "Reference: R-9" in header and f"NHS number: {VALID}" in header


# -- date of birth and gender (issue 15) -----------------------------------------------------


def test_new_takes_a_date_of_birth_and_gender_and_prints_them_as_json(root: Path, capsys) -> None:
    made = new(capsys, root, "Sam", "--born", "15/12/1980", "--gender", "Non-binary")
    assert (made["born"], made["gender"], made["gender_words"]) == (
        "1980-12-15",
        "non_binary",
        None,
    )


def test_a_gender_that_is_not_a_choice_is_kept_as_the_persons_own_words(root: Path, capsys) -> None:
    made = new(capsys, root, "Sam", "--gender", "two-spirit")
    assert (made["gender"], made["gender_words"]) == ("own_words", "two-spirit")


def test_new_refuses_a_date_of_birth_in_the_future_and_creates_nothing(root: Path, capsys) -> None:
    code, out, err = run(capsys, "new", "Sam", "--born", "1/1/2999", "--data-dir", str(root))
    assert code == 2 and out == ""
    assert "--born: A date of birth cannot be in the future" in err
    assert CaseStore(root).list_people() == []


def test_new_refuses_hidden_characters_in_the_gender(root: Path, capsys) -> None:
    code, _, err = run(capsys, "new", "Sam", "--gender", "fem\x1b[2Jme", "--data-dir", str(root))
    assert code == 2 and "The gender has hidden characters" in err
    assert CaseStore(root).list_people() == []


def test_details_shows_the_date_of_birth_with_the_age_and_the_gender(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--born", "1980-12-15", "--gender", "femme")
    code, out, _ = run(capsys, "details", "Sam", "--data-dir", str(root))
    assert code == 0
    assert "Born:        15 December 1980 (age " in out
    assert "Gender:      femme (in their own words)" in out


def test_details_changes_and_clears_them_with_an_audit_event(root: Path, capsys) -> None:
    new(capsys, root, "Sam")
    code, _, _ = run(capsys, "details", "Sam", "--born", "5/3/1990", "--data-dir", str(root))
    assert code == 0
    code, out, _ = run(capsys, "details", "Sam", "--born", "", "--json", "--data-dir", str(root))
    assert code == 0 and json.loads(out)["born"] is None
    code, out, _ = run(capsys, "audit", "Sam", "--json", "--data-dir", str(root))
    changes = [e["born"] for e in json.loads(out) if e["kind"] == "person_details_changed"]
    assert changes == [{"old": None, "new": "1990-03-05"}, {"old": "1990-03-05", "new": None}]


def test_details_refuses_a_day_that_does_not_exist_and_changes_nothing(root: Path, capsys) -> None:
    new(capsys, root, "Sam", "--born", "1980-12-15")
    code, _, err = run(capsys, "details", "Sam", "--born", "31/04/1980", "--data-dir", str(root))
    assert code == 2 and "There is no 31 April 1980" in err
    _, out, _ = run(capsys, "details", "Sam", "--json", "--data-dir", str(root))
    assert json.loads(out)["born"] == "1980-12-15"


def test_new_with_a_name_already_recorded_says_so_and_keeps_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "new", "Alice Brown", "--reference", "R1"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", data, "new", "alice brown"]) == 0
    err = capsys.readouterr().err
    assert "Note: Alice Brown (id p-" in err and "ref R1) has the same name" in err
    assert "cpi-assistant erase p-" in err
    assert len(CaseStore(tmp_path / "data").list_people()) == 2


def test_renaming_to_a_name_already_recorded_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = str(tmp_path / "data")
    main(["--data-dir", data, "new", "Alice Brown"])
    main(["--data-dir", data, "new", "Ellie Fox", "--reference", "E1"])
    capsys.readouterr()
    assert main(["--data-dir", data, "details", "E1", "--name", "Alice Brown"]) == 0
    err = capsys.readouterr().err
    assert "has the same name" in err and "erase" not in err
