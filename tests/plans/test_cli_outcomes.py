"""``cpi-assistant outcomes``, run through the real entry point (main())."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest
from outcomes_support import Meeting, add_person, plan_json, referral

from assistant.cli import main
from assistant.records import ENV_PASSPHRASE, CaseStore, init_store


def run(store: CaseStore, *args: str) -> int:
    return main(["outcomes", *args, "--data-dir", str(store.root)])


def _sam(store: CaseStore) -> str:
    meetings = [
        Meeting("2026-01-05", {"satisfied": 4, "anxious": 7}, people=2),
        Meeting("2026-04-05", {"satisfied": 6, "anxious": 4}, people=5),
    ]
    return add_person(store, "Sam <b>[red]", meetings, reference="R-7")


def test_text_table_in_words_without_names(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _sam(store)
    assert run(store) == 0
    out = capsys.readouterr().out
    assert "People on record: 1." in out
    satisfied = next(line.split() for line in out.splitlines() if "Life satisfaction" in line)
    # people (of answered), first, latest, change, better, same, worse
    assert satisfied[2:] == ["1", "of", "1", "4", "6", "+2", "1", "0", "0"]
    assert "Anxious yesterday (lower is better)" in out
    assert "Sam" not in out and "R-7" not in out and person not in out


def test_json_has_the_figures_and_no_names(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _sam(store)
    assert run(store, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    anxious = next(i for i in data["wellbeing"] if i["key"] == "anxious")
    assert (anxious["median_change"], anxious["improved"]) == (-3, 1)
    assert "people_rows" not in data


def test_names_adds_a_row_per_person_with_names_kept_as_plain_text(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _sam(store)
    assert run(store, "--names") == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if person in line)
    assert row.startswith("  Sam <b>[red]") and "R-7" in row and "4->6" in row


def test_names_shows_one_value_for_a_measure_taken_at_one_meeting(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    person = add_person(store, "Once", [Meeting("2026-01-05", {"happy": 7})])
    assert run(store, "--names") == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if person in line)
    assert "7->7" not in row
    # name, reference, meetings, first on, latest on, satisfied, worthwhile, happy
    assert row.split()[5:8] == ["-", "-", "7"]


def test_no_change_reads_0_not_plus_0(store: CaseStore, capsys: pytest.CaptureFixture[str]) -> None:
    meetings = [Meeting("2026-01-05", {"satisfied": 5}), Meeting("2026-04-05", {"satisfied": 5})]
    add_person(store, "Same", meetings)
    assert run(store) == 0
    satisfied = next(
        line.split() for line in capsys.readouterr().out.splitlines() if "Life satisfaction" in line
    )
    # people (of answered), first, latest, change, better, same, worse
    assert satisfied[2:] == ["1", "of", "1", "5", "5", "0", "0", "1", "0"]


def _kept_private(store: CaseStore, *sections: str, items: tuple[str, ...] = ()) -> str:
    """Sam Private, whose newest plan keeps ``sections`` (and ``items``, by id) from the care
    team."""
    meetings = [
        Meeting("2026-01-05", {"satisfied": 4, "worthwhile": 5, "happy": 3, "anxious": 7}, 2),
        Meeting(
            "2026-04-05", {"satisfied": 7, "worthwhile": 6, "happy": 6, "anxious": 4}, 5, {"g1": 1}
        ),
    ]
    plan = plan_json(meetings, [referral("r1", [("planned", "2026-01-05")])])
    plan["sharing"]["private"] = [
        *({"kind": "section", "code": code, "label": code} for code in sections),
        *({"kind": "item", "code": code, "label": code} for code in items),
    ]
    person = store.create_person("Sam Private")
    with store.open(person) as case:
        case.add_plan_version(plan, agreed=True, by="both")
    return person


def test_names_never_show_measures_the_person_keeps_private(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _kept_private(store, "measures")
    assert run(store, "--names") == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if person in line)
    assert "4->7" not in row and "7->4" not in row
    assert row.count("kept private") == 4  # the four well-being answers
    assert "kept private: the person keeps this from their care team" in out
    # Still counted in the totals, without the name.
    satisfied = next(line.split() for line in out.splitlines() if "Life satisfaction" in line)
    assert satisfied[2:7] == ["1", "of", "1", "4", "7"]


def test_names_json_leaves_out_private_goals_and_referrals(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _kept_private(store, "review", "referrals")
    assert run(store, "--names", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    [row] = data["people_rows"]
    assert row["kept_private"] == ["goals", "referrals"]
    assert (row["gas_median"], row["referrals"]) == (None, None)
    assert row["latest"]["satisfied"] == 7  # well-being is not private here
    assert data["gas"]["counts"]["1"] == 1 and data["referrals"]["total"] == 1


def test_names_leave_out_goals_and_referrals_when_one_of_them_is_private(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _kept_private(store, items=("g1", "r1"))
    assert run(store, "--names", "--json") == 0
    [row] = json.loads(capsys.readouterr().out)["people_rows"]
    assert row["kept_private"] == ["goals", "referrals"]
    assert (row["gas_median"], row["referrals"]) == (None, None)


def test_the_text_table_explains_no_mark_it_does_not_show(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the connections kept private: the text table has no connection columns, and the
    # note under it explained a "kept private" that was nowhere in it.
    person = _kept_private(store, "network")
    assert run(store, "--names") == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if person in line)
    assert "kept private" not in row
    assert "the person keeps this from their care team" not in out


def test_names_csv_leaves_out_private_connection_counts(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _kept_private(store, "network")
    assert run(store, "--csv", "--names") == 0
    people = [r for r in csv.reader(io.StringIO(capsys.readouterr().out)) if r[0] == "person"]
    figures = {r[2]: r[3] for r in people}
    assert "people_latest" not in figures and figures["satisfied_latest"] == "7"
    assert figures["kept_private"] == "connections"


def test_csv_guards_formulas_in_names(store: CaseStore, capsys: pytest.CaptureFixture[str]) -> None:
    add_person(store, "=1+1", [Meeting("2026-01-05", {"happy": 2})], reference="+44")
    assert run(store, "--csv", "--names") == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["section", "measure", "figure", "value"]
    people = [r for r in rows if r[0] == "person"]
    assert people and all(r[1].startswith("'=1+1 (+44, id ") for r in people)


def test_since_must_be_a_day(store: CaseStore, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(store, "--since", "March")
    assert stopped.value.code == 2
    assert "is not a date; give it as YYYY-MM-DD" in capsys.readouterr().err


def test_an_empty_folder_says_so(store: CaseStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(store) == 0
    assert "No records yet in" in capsys.readouterr().out


def test_a_record_open_elsewhere_is_still_counted(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _sam(store)
    with store.open(person):
        assert run(store, "--json") == 0
    assert json.loads(capsys.readouterr().out)["with_two"] == 1


def test_encrypted_records_need_the_right_passphrase(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    encrypted, _ = init_store(store.root, "correct horse battery")
    _sam(encrypted)
    monkeypatch.setenv(ENV_PASSPHRASE, "correct horse battery")
    assert run(store, "--json") == 0
    assert json.loads(capsys.readouterr().out)["with_two"] == 1
    monkeypatch.setenv(ENV_PASSPHRASE, "wrong")
    assert run(store) == 5
    err = capsys.readouterr().err
    assert err.startswith("cpi-assistant: ") and "Traceback" not in err


def test_a_folder_that_is_a_file_gives_a_message(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    store.root.parent.mkdir(parents=True, exist_ok=True)
    store.root.write_text("not a folder")
    assert run(store) != 0
    err = capsys.readouterr().err
    assert "Cannot read the records folder" in err and "Traceback" not in err


def test_three_meetings_on_one_day_count_as_change(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    person = store.create_person("Sam")
    meetings = [Meeting("2026-03-02", {"satisfied": s}) for s in (3, 5, 8)]
    with store.open(person) as case:
        for n in (1, 2, 3):
            case.add_plan_version(plan_json(meetings[:n]), agreed=True, session_id=f"m{n}")
    assert run(store) == 0
    out = capsys.readouterr().out
    assert "At two or more (so change can be seen): 1." in out
    satisfied = next(line.split() for line in out.splitlines() if "Life satisfaction" in line)
    assert satisfied[2:] == ["1", "of", "1", "3", "8", "+5", "1", "0", "0"]


def test_a_long_name_is_cut_to_fit_the_terminal_and_the_id_stays_whole(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A 300-character name made the table of people 300 cells wider than the terminal.
    meetings = [Meeting("2026-01-05", {"satisfied": 4}), Meeting("2026-04-05", {"satisfied": 6})]
    person = add_person(store, "W" * 300, meetings)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # a terminal 160 wide
    assert run(store, "--names") == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if person in line]
    assert len(row) <= 160 and "W…  " in row and row.endswith(person)


def test_a_long_name_written_to_a_file_or_a_pipe_is_never_cut(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    meetings = [Meeting("2026-01-05", {"satisfied": 4})]
    add_person(store, "W" * 300, meetings)
    monkeypatch.setenv("COLUMNS", "160")
    assert run(store, "--names") == 0
    assert "W" * 300 in capsys.readouterr().out
