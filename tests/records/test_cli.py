"""The record commands: init, people, audit, erase, export-all."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from records_support import PASSPHRASE, engine_state, log_entry

from assistant.cli import main
from assistant.records import CaseStore, crypto
from assistant.records.atomic import backup_path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def filled(store: CaseStore, person: str) -> CaseStore:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1), [log_entry(0)])
        case.save_session("s1", engine_state(1), [log_entry(0, "changed", old="before")])
    return store


def test_init_creates_a_private_folder(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "init", "--data-dir", str(root))
    assert code == 0 and "not encrypted" in out
    assert (root / "cases").is_dir()
    if os.name == "posix":
        assert root.stat().st_mode & 0o777 == 0o700


def test_init_encrypt_uses_memory_hard_scrypt(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    code, out, _ = run(capsys, "init", "--encrypt", "--data-dir", str(root))
    doc = json.loads(crypto.keycheck_path(root).read_bytes())
    assert code == 0 and "now encrypted" in out
    assert (2 ** doc["log2_n"], doc["r"], doc["p"]) == (2**15, 8, 1)


def test_people_json_lists_everyone(filled: CaseStore, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "people", "--json", "--data-dir", str(filled.root))
    [row] = json.loads(out)
    assert code == 0
    assert (row["display_name"], row["reference"], row["sessions"]) == ("Sam", "R-100", 1)


def test_people_search_filters(store: CaseStore, capsys: pytest.CaptureFixture[str]) -> None:
    store.create_person("Sam")
    store.create_person("Alex")
    _, out, _ = run(capsys, "people", "ale", "--data-dir", str(store.root))
    assert "Alex" in out and "Sam" not in out


def test_one_long_name_is_cut_to_fit_the_terminal_and_every_id_stays_whole(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # One 300-character name made the NAME column 300 wide for everyone: every row wrapped.
    ids = [store.create_person("W" * 300), store.create_person("Sam")]
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)  # a terminal 80 wide
    _, out, _ = run(capsys, "people", "--data-dir", str(store.root))
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    [long_row] = [line for line in lines if line.startswith("W")]
    assert "W…  " in long_row and long_row.endswith(ids[0])
    assert any(line.startswith("Sam ") and line.endswith(ids[1]) for line in lines)


def test_a_name_in_wide_letters_is_cut_by_the_cells_it_takes(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each of these letters takes two cells of the terminal, not one.
    person = store.create_person("王" * 60)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, out, _ = run(capsys, "people", "--data-dir", str(store.root))
    [row] = [line for line in out.splitlines() if line.endswith(person)]
    assert len(row) + row.count("王") <= 80


def test_names_written_to_a_file_or_a_pipe_are_never_cut(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store.create_person("W" * 300)
    monkeypatch.setenv("COLUMNS", "80")
    _, out, _ = run(capsys, "people", "--data-dir", str(store.root))
    assert "W" * 300 in out


def test_people_in_an_empty_folder_says_so(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "people", "--data-dir", str(root))
    assert code == 0 and "No records yet" in out


def test_data_dir_flag_beats_the_environment_variable(
    store: CaseStore,
    person: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "elsewhere"))
    _, from_env, _ = run(capsys, "people")
    _, from_flag, _ = run(capsys, "people", "--data-dir", str(store.root))
    assert "Sam" not in from_env and "Sam" in from_flag


def test_commands_use_the_folder_chosen_in_the_apps_settings(
    store: CaseStore,
    person: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Before, only the app read it: `people` (and erase, export-all) looked in another folder.
    from assistant.settings import UserSettings, save_settings, settings_path

    monkeypatch.delenv("CPI_DATA_DIR", raising=False)
    save_settings(settings_path(), UserSettings(data_dir=store.root))
    _, out, _ = run(capsys, "people")
    assert "Sam" in out


def test_cpi_data_dir_beats_the_folder_chosen_in_settings(
    store: CaseStore,
    person: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from assistant.settings import UserSettings, save_settings, settings_path

    save_settings(settings_path(), UserSettings(data_dir=store.root))
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "elsewhere"))
    _, out, _ = run(capsys, "people")
    assert "Sam" not in out


def test_audit_shows_old_and_new_answers(
    filled: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "audit", "Sam", "--data-dir", str(filled.root))
    assert code == 0
    # Its question is not in the event (as in older records) nor in the topics: said so.
    assert (
        "answer changed  “a question the app no longer asks (its topics have changed since)” "
        '[family/q0]  "before" → "answer 0"'
    ) in out


def test_audit_says_an_answer_given_again_unchanged_was_kept(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Carried from the last meeting and saved as it was, with the worker answering.
    kept = {**log_entry(0, old="answer 0"), "by": "worker", "kept": True}
    with store.open(person) as case:
        case.save_session("s2", engine_state(1), [kept])
    _, out, _ = run(capsys, "audit", "Sam", "--data-dir", str(store.root))
    line = next(line for line in out.splitlines() if "family/q0" in line)
    assert line.split("  ")[2] == "answer kept"
    assert line.endswith('[family/q0]  "answer 0"  (session="s2")  by worker')  # words once


def test_audit_json_is_the_event_list(
    filled: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "audit", "R-100", "--json", "--data-dir", str(filled.root))
    assert [e["kind"] for e in json.loads(out)] == [
        "record_created",
        "answer_given",
        "answer_changed",
    ]


def test_ambiguous_person_lists_the_candidates(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    first = store.create_person("Jo")
    second = store.create_person("Jo")
    code, _, err = run(capsys, "audit", "jo", "--data-dir", str(store.root))
    assert code == 3
    assert first in err and second in err and "Use the id" in err


def test_erase_with_yes_removes_the_record(
    filled: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(capsys, "erase", person, "--yes", "--data-dir", str(filled.root))
    assert code == 0
    assert not filled.case_path(person).exists()
    _, out, _ = run(capsys, "audit", "--data-dir", str(filled.root))
    assert "record erased" in out


def test_erase_lists_the_copies_exported_before_it_erases_their_trail(
    filled: CaseStore, person: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # The prompt said nothing of copies handed out, and erasing took the only list of them.
    target = tmp_path / "everything \x1b[31m.json"
    code, _, _ = run(
        capsys, "export-all", person, "-o", str(target), "--data-dir", str(filled.root)
    )
    assert code == 0
    code, out, _ = run(capsys, "erase", person, "--yes", "--data-dir", str(filled.root))
    assert code == 0
    assert "1 copy was exported from this record. Erasing does not reach them" in out
    assert 'json for "subject access": "' in out and "everything \\u001b[31m.json" in out
    assert "\x1b" not in out  # the file's name is shown, never run by the terminal


def test_erasing_an_unreadable_record_says_its_exports_cannot_be_listed(
    filled: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Both copies damaged: it erased with no word of the copies its audit trail listed.
    for path in (filled.case_path(person), backup_path(filled.case_path(person))):
        path.write_bytes(b"junk")
    code, out, _ = run(capsys, "erase", person, "--yes", "--data-dir", str(filled.root))
    assert code == 0
    assert "the copies exported from it cannot be listed" in out


def test_erase_without_a_terminal_or_yes_erases_nothing(
    filled: CaseStore,
    person: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    code, _, err = run(capsys, "erase", person, "--data-dir", str(filled.root))
    assert code == 8 and "--yes" in err
    assert filled.case_path(person).exists()


@pytest.mark.parametrize(("answer", "erased"), [("yes", True), ("no", False)])
def test_erase_asks_for_confirmation(
    filled: CaseStore,
    person: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    erased: bool,
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: answer)
    run(capsys, "erase", person, "--data-dir", str(filled.root))
    assert filled.case_path(person).exists() is not erased


def test_erasing_a_practice_without_training_says_where_it_is_and_the_command(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    # "There is no record with id t-..." and no word of the training records, where it is.
    practice = store.training_store().create_person("Stan (fictional, solo practice, Pat)")
    where = ["--data-dir", str(store.root)]
    code, _, err = run(capsys, "erase", practice, "--yes", *where)
    assert code == 3
    assert "it is a practice in the training records. Nothing was erased." in err
    command = f"cpi-assistant erase {practice} --training --yes --data-dir {store.root}"
    assert command in err
    assert store.training_store().case_path(practice).exists()
    assert run(capsys, *command.split()[1:])[0] == 0  # the command given does it
    assert not store.training_store().case_path(practice).exists()


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("export", ["--for", "person", "--format", "txt"]),
        ("audit", []),
        ("export-all", []),
        ("details", []),
        ("plan list", []),
    ],
)
def test_a_practice_id_without_training_is_said_to_be_a_practice_by_every_command(
    store: CaseStore, capsys: pytest.CaptureFixture[str], command: str, options: list[str]
) -> None:
    # Each said "No records match 't-...'. Run `cpi-assistant people`...", as if no such id.
    practice = store.training_store().create_person("Stan (fictional, solo practice, Pat)")
    code, _, err = run(capsys, *command.split(), practice, *options, "--data-dir", str(store.root))
    assert code == 3
    assert "it is a practice in the training records" in err
    assert f"cpi-assistant {command} {practice} --training" in err
    assert "cpi-assistant people" not in err


def test_the_command_suggested_for_a_practice_keeps_every_argument_typed(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    # `plan diff t-... 1 2` was suggested as `plan diff t-... --training`: the versions went.
    practice = store.training_store().create_person("Stan (fictional, solo practice, Pat)")
    code, _, err = run(capsys, "plan", "diff", practice, "1", "2", "--data-dir", str(store.root))
    assert code == 3
    assert f"cpi-assistant plan diff {practice} --training 1 2 --data-dir {store.root}" in err


def test_a_practice_not_found_with_training_points_to_the_list_of_practices(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "audit", "t-0123456789", "--training", "--data-dir", str(store.root))
    assert code == 3
    assert "cpi-assistant train --list-practices" in err
    assert "cpi-assistant people" not in err


def test_erasing_a_real_record_as_training_says_it_is_a_real_record(
    filled: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "erase", person, "--training", "--yes", "--data-dir", str(filled.root)
    )
    assert code == 3
    assert "it is a real person's record, not a practice. Nothing was erased." in err
    assert f"cpi-assistant erase {person} --data-dir {filled.root}" in err
    assert filled.case_path(person).exists()


@pytest.mark.parametrize("practice", [False, True], ids=["no such id", "a practice's id"])
def test_erase_without_a_terminal_says_an_id_is_not_here_before_asking(
    store: CaseStore,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    practice: bool,
) -> None:
    # It asked for confirmation first ("Erasing needs confirmation... Nothing was erased",
    # exit 8) of a record that was not there.
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    record = "p-0123456789"
    if practice:
        record = store.training_store().create_person("Stan (fictional, solo practice, Pat)")
    code, _, err = run(capsys, "erase", record, "--data-dir", str(store.root))
    assert (code, "confirmation" in err) == (3, False)
    said = "it is a practice in the training records" if practice else "There is no record with id"
    assert said in err


def test_export_all_writes_a_private_json_file_and_audits_it(
    filled: CaseStore, person: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "sam.json"
    code, _, _ = run(capsys, "export-all", "Sam", "-o", str(target), "--data-dir", str(filled.root))
    data = json.loads(target.read_text())
    assert code == 0 and data["person"]["display_name"] == "Sam"
    if os.name == "posix":
        assert target.stat().st_mode & 0o777 == 0o600
    event = filled.read(person).audit_events()[-1]
    assert (event["kind"], event["format"], event["destination"]) == (
        "exported",
        "json",
        str(target.resolve()),
    )


def test_export_all_never_overwrites_a_file(
    filled: CaseStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "exists.json"
    target.write_text("keep me")
    code, _, err = run(
        capsys, "export-all", "Sam", "-o", str(target), "--data-dir", str(filled.root)
    )
    assert code == 1 and "already exists" in err
    assert target.read_text() == "keep me"


def test_export_all_to_standard_output(
    filled: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "export-all", "Sam", "--data-dir", str(filled.root))
    assert json.loads(out)["format"] == "cpi-subject-access"


def test_encrypting_without_a_passphrase_or_a_terminal_says_what_it_needs(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(capsys, "init", "--data-dir", str(root))  # a plain folder
    monkeypatch.setenv("CPI_PASSPHRASE", "")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    code, _, err = run(capsys, "init", "--encrypt", "--data-dir", str(root))
    assert code == 5
    assert "Encrypting the records needs a new passphrase" in err
    assert "are encrypted" not in err  # they are not, yet
    assert not crypto.keycheck_path(root).exists()


@pytest.mark.usefixtures("cheap_kdf")
def test_encrypted_folder_opens_with_the_environment_passphrase(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    CaseStore(root, PASSPHRASE).create_person("Sam")
    code, out, _ = run(capsys, "people", "--data-dir", str(root))
    assert code == 0 and "Sam" in out


@pytest.mark.usefixtures("cheap_kdf")
def test_wrong_passphrase_exits_with_a_clear_message(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    monkeypatch.setenv("CPI_PASSPHRASE", "wrong wrong wrong")
    code, _, err = run(capsys, "people", "--data-dir", str(root))
    assert code == 5 and "Nothing was read or changed" in err


@pytest.mark.usefixtures("cheap_kdf")
def test_missing_passphrase_without_a_terminal_exits_clearly(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    monkeypatch.delenv("CPI_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    code, _, err = run(capsys, "people", "--data-dir", str(root))
    assert code == 5 and "CPI_PASSPHRASE" in err


def test_training_records_are_listed_only_with_training(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    CaseStore(root, training=True).create_person("Practice")
    _, real, _ = run(capsys, "people", "--data-dir", str(root))
    _, training, _ = run(capsys, "people", "--training", "--data-dir", str(root))
    assert "Practice" not in real and "Practice" in training


def test_commands_run_as_a_real_process_without_traceback(filled: CaseStore) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "audit", "nobody", "--data-dir", str(filled.root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3
    assert "No records match 'nobody'" in result.stderr and "Traceback" not in result.stderr


# -- options before the command, and a reader that stops early --------------------------------


def test_data_dir_before_the_command_is_used(
    filled: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    # The default folder holds nobody: only the folder given can list Sam.
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "elsewhere"))
    code, out, _ = run(capsys, "--data-dir", str(filled.root), "people")
    assert code == 0 and "Sam" in out


def test_data_dir_before_a_nested_command_is_used(
    filled: CaseStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("CPI_DATA_DIR", str(tmp_path / "elsewhere"))
    code, out, _ = run(capsys, "--data-dir", str(filled.root), "plan", "list", "Sam")
    assert code == 0 and "No plan versions yet for Sam" in out


def test_two_different_data_dirs_are_refused(
    filled: CaseStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = str(tmp_path / "other")
    code, out, err = run(capsys, "--data-dir", str(filled.root), "people", "--data-dir", other)
    assert code == 2 and out == ""
    assert "given twice with different folders" in err
    assert not Path(other).exists()


def test_the_same_data_dir_twice_is_fine(filled: CaseStore, capsys) -> None:
    root = str(filled.root)
    code, out, _ = run(capsys, "--data-dir", root, "people", "--data-dir", root + "/")
    assert code == 0 and "Sam" in out


def test_an_app_option_a_command_does_not_take_is_refused(filled: CaseStore, capsys) -> None:
    code, out, err = run(capsys, "--theme", "calm", "people", "--data-dir", str(filled.root))
    assert code == 2 and out == ""
    assert "--theme is not an option of `cpi-assistant people`" in err


def test_data_dir_before_the_command_works_in_a_real_process(filled: CaseStore) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "--data-dir", str(filled.root), "people", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "CPI_DATA_DIR"},
    )
    assert result.returncode == 0, result.stderr
    assert [p["display_name"] for p in json.loads(result.stdout)] == ["Sam"]


def test_a_reader_that_stops_early_ends_the_command_quietly(filled: CaseStore) -> None:
    # The pipe's reading end is closed before the command writes a byte, as `| head` does
    # once it has its lines: every write then fails with a broken pipe.
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "assistant", "audit", "Sam", "--data-dir", str(filled.root)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert result.stderr == ""
    assert result.returncode == 141  # 128 + SIGPIPE, as for any command in a broken pipe


def test_new_on_a_full_disk_says_nothing_was_saved_and_leaves_nothing(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from assistant.records import store as store_module

    run(capsys, "init", "--data-dir", str(root))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store_module, "write_atomic", full)
    code, _, err = run(capsys, "new", "Another Person", "--data-dir", str(root))
    assert code != 0
    assert "the disk is full. Nothing was saved." in " ".join(err.split())
    assert "kept in this window" not in err  # the app's words: a command keeps nothing
    assert list((root / "cases").iterdir()) == []  # no lock file for a record never made


@pytest.mark.usefixtures("cheap_kdf")
def test_init_change_passphrase_from_the_environment(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    CaseStore(root, PASSPHRASE).create_person("Sam")
    monkeypatch.setenv("CPI_NEW_PASSPHRASE", "the new one 42")
    code, out, _ = run(capsys, "init", "--change-passphrase", "--data-dir", str(root))
    assert code == 0 and "was changed" in out and "still open with the old one" in out
    monkeypatch.setenv("CPI_PASSPHRASE", "the new one 42")
    code, out, _ = run(capsys, "people", "--data-dir", str(root))
    assert code == 0 and "Sam" in out
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    code, _, err = run(capsys, "people", "--data-dir", str(root))
    assert code == 5 and "does not open these records" in err


@pytest.mark.usefixtures("cheap_kdf")
def test_a_wrong_passphrase_names_cpi_passphrase_only_when_it_came_from_there(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    monkeypatch.setenv("CPI_PASSPHRASE", "wrong wrong wrong")
    code, _, from_variable = run(capsys, "people", "--data-dir", str(root))
    assert code == 5 and "taken from CPI_PASSPHRASE" in from_variable
    monkeypatch.delenv("CPI_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: "wrong wrong wrong")
    code, _, typed = run(capsys, "people", "--data-dir", str(root))
    assert code == 5 and "does not open these records" in typed
    assert "CPI_PASSPHRASE" not in typed


@pytest.mark.usefixtures("cheap_kdf")
def test_a_passphrase_typed_wrong_three_times_says_what_to_do_if_it_is_lost(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # One wrong try ended the command with "Try again.", whatever the worker had tried.
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    monkeypatch.delenv("CPI_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    prompts: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: prompts.append(prompt) or "wrong one")
    code, _, err = run(capsys, "people", "--data-dir", str(root))
    assert code == 5 and len(prompts) == 3
    assert "no back door" in err and "your agency" in err and "--data-dir" in err


@pytest.mark.usefixtures("cheap_kdf")
def test_a_passphrase_typed_right_on_a_second_try_opens_the_records(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    CaseStore(root, PASSPHRASE).create_person("Sam")
    monkeypatch.delenv("CPI_PASSPHRASE")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["wrong one", PASSPHRASE])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    code, out, err = run(capsys, "people", "--data-dir", str(root))
    assert code == 0 and "Sam" in out
    assert "does not open these records (try 1)" in err and "no back door" not in err


@pytest.mark.usefixtures("cheap_kdf")
def test_init_change_passphrase_asks_the_new_one_twice(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter(["the new one 42", "the new one 43"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    code, _, err = run(capsys, "init", "--change-passphrase", "--data-dir", str(root))
    assert code == 5 and "two passphrases were different" in err
    assert CaseStore(root, PASSPHRASE).list_people() == []  # the old one still opens


def test_init_encrypt_refuses_a_short_passphrase_before_asking_again(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Refused only after it had been typed twice, with exit 1 (docs: 2, a value not valid).
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    prompts: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return "short"

    monkeypatch.setattr("getpass.getpass", ask)
    code, _, err = run(capsys, "init", "--encrypt", "--data-dir", str(root))
    assert code == 2 and "at least 8 characters" in err
    assert prompts == ["New passphrase for the records: "]
    assert not crypto.keycheck_path(root).exists()


def test_init_encrypt_refuses_a_short_passphrase_from_the_environment_with_exit_2(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", "short")
    code, _, err = run(capsys, "init", "--encrypt", "--data-dir", str(root))
    assert code == 2 and "at least 8 characters" in err
    assert not crypto.keycheck_path(root).exists()


@pytest.mark.usefixtures("cheap_kdf")
def test_init_change_passphrase_with_a_wrong_current_one_exits_5(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    monkeypatch.setenv("CPI_PASSPHRASE", "wrong wrong wrong")
    monkeypatch.setenv("CPI_NEW_PASSPHRASE", "the new one 42")
    code, _, err = run(capsys, "init", "--change-passphrase", "--data-dir", str(root))
    assert code == 5 and "Nothing was read or changed" in err


@pytest.mark.usefixtures("cheap_kdf")
def test_init_change_passphrase_with_a_record_open_exits_4(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    store = CaseStore(root, PASSPHRASE)
    person = store.create_person("Sam")
    monkeypatch.setenv("CPI_NEW_PASSPHRASE", "the new one 42")
    with store.open(person):
        code, _, err = run(capsys, "init", "--change-passphrase", "--data-dir", str(root))
    assert code == 4 and "passphrase was not changed" in err
    assert CaseStore(root, PASSPHRASE).find("Sam").id == person


@pytest.mark.usefixtures("cheap_kdf")
def test_init_change_passphrase_without_a_new_one_or_a_terminal_says_what_it_needs(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal
    code, _, err = run(capsys, "init", "--change-passphrase", "--data-dir", str(root))
    assert code == 5 and "Set CPI_NEW_PASSPHRASE" in err


@pytest.mark.usefixtures("cheap_kdf")
def test_init_encrypt_on_an_encrypted_folder_points_at_change_passphrase(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    code, _, err = run(capsys, "init", "--encrypt", "--data-dir", str(root))
    assert code == 1 and "already encrypted" in err
    assert "not supported" not in err and "init --change-passphrase" in err


@pytest.mark.usefixtures("cheap_kdf")
def test_an_interrupted_change_is_explained_without_asking_for_a_passphrase(
    root: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.records import change_passphrase, rekey

    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    run(capsys, "init", "--encrypt", "--data-dir", str(root))
    CaseStore(root, PASSPHRASE).create_person("Sam")

    def killed(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
        raise KeyboardInterrupt  # stands in for a kill after the key-check file is written

    with monkeypatch.context() as m:
        m.setattr(rekey, "write_atomic", killed)
        with pytest.raises(KeyboardInterrupt):
            change_passphrase(root, PASSPHRASE, "the new one 42")
    monkeypatch.delenv("CPI_PASSPHRASE")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # would fail if it asked
    code, _, err = run(capsys, "people", "--data-dir", str(root))
    assert code == 1 and "interrupted" in err and "init --change-passphrase" in err
    monkeypatch.setenv("CPI_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("CPI_NEW_PASSPHRASE", "the new one 42")
    code, out, _ = run(capsys, "init", "--change-passphrase", "--data-dir", str(root))
    assert code == 0 and "was changed" in out
    assert CaseStore(root, "the new one 42").find("Sam")


def test_audit_names_an_answer_by_its_question_with_where_it_is_stored_in_brackets(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = {**log_entry(0), "prompt": "Who is in your family?"}
    with store.open(person) as case:
        case.save_session("s1", engine_state(1), [asked])
    _, out, _ = run(capsys, "audit", "Sam", "--data-dir", str(store.root))
    assert 'answer given  “Who is in your family?” [family/q0]  "answer 0"' in out


def test_audit_shows_a_correction_as_corrected(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fixed = {**log_entry(0, "changed", old="Sma"), "prompt": "Your name?", "reason": "correction"}
    with store.open(person) as case:
        case.save_session("s1", engine_state(1), [log_entry(0), fixed])
    _, out, _ = run(capsys, "audit", "Sam", "--data-dir", str(store.root))
    assert 'answer corrected  “Your name?” [family/q0]  "Sma" → "answer 0"' in out
    assert "reason=" not in out


def test_audit_names_an_undone_answer_by_its_question(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # An undo keeps only the number of the answer it took back: it was shown as "a question
    # the app no longer asks".
    given = {**log_entry(0), "seq": 1, "prompt": "Do you agree with this plan?"}
    undo = {"seq": 2, "action": "undone", "of": 1, "at": given["at"], "by": "both"}
    with store.open(person) as case:
        case.save_session("s2", engine_state(1), [given, {**undo, "topic": "", "node": ""}])
    _, out, _ = run(capsys, "audit", "Sam", "--data-dir", str(store.root))
    line = next(line for line in out.splitlines() if "answer undone" in line)
    assert "\u201cDo you agree with this plan?\u201d" in line


def test_audit_says_which_answers_were_held_until_consent_was_given(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # As a meeting writes them: the yes to keeping a record first, then the answers given
    # before it (held in the window, with the times they were given), then later ones.
    held = {**log_entry(1), "seq": 1, "at": "2025-01-01T10:00:01+00:00"}
    later = {**log_entry(2), "seq": 2, "at": "2999-01-01T10:00:00+00:00"}
    with store.open(person) as case:
        case.note_consent(True, session="s1")
        yes = case.audit_events()[-1]["at"][:19] + "+00:00"  # the yes, as the engine times it
        given = {**log_entry(3), "seq": 3, "at": yes}
        case.save_session("s1", engine_state(1), [held, given])
        case.save_session("s1", engine_state(2), [later])
    code, out, _ = run(capsys, "audit", person, "--data-dir", str(store.root))
    assert code == 0
    lines = out.splitlines()
    consent = next(i for i, line in enumerate(lines) if "consent given" in line)
    first = next(i for i, line in enumerate(lines) if '"answer 1"' in line)
    assert consent < first and lines[first].endswith("(held until consent was given)")
    for not_held in ('"answer 2"', '"answer 3"'):  # given after, and the yes itself
        assert "held until consent" not in next(x for x in lines if not_held in x)


def test_audit_does_not_say_the_yes_to_a_record_was_held_when_it_fell_a_second_before(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # The yes is timed (to the second) just before the consent is noted: at 10:00:05.998 and
    # 10:00:06.003 the yes reads a second earlier, yet it was never held.
    with store.open(person) as case:
        case.note_consent(True, session="s1")
        noted = datetime.fromisoformat(case.audit_events()[-1]["at"])
        before = (noted - timedelta(seconds=1)).replace(microsecond=0).isoformat()
        yes = {**log_entry(1), "seq": 1, "at": before, "path": "consent.record", "value": True}
        case.save_session("s1", engine_state(1), [yes])
    code, out, _ = run(capsys, "audit", person, "--data-dir", str(store.root))
    assert code == 0
    [line] = [x for x in out.splitlines() if "consent.record" in x or "answer given" in x]
    assert "held until consent" not in line
