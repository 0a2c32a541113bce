"""Damaged, missing, newer-version and half-written files: reported, repaired, never lost."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from records_support import engine_state

from assistant.cli import main as cli_main
from assistant.records import CaseStore, RecordDamaged, RecordTooNew, fileformat
from assistant.records.atomic import backup_path, temp_path

DAMAGE = {
    "empty": b"",
    "truncated": None,  # the first half of the real file
    "garbage text": b"this is not json at all",
    "binary": bytes(range(256)) * 4,
    "wrong kind of json": b'{"hello": "world"}',
    "json list": b"[1, 2, 3]",
}


def _saved_twice(store: CaseStore, person: str) -> None:
    """Two saves, so the backup holds state 1 and the main file state 2."""
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s1", engine_state(2))


def _damage(path: Path, kind: str) -> bytes:
    data = DAMAGE[kind]
    if data is None:
        data = path.read_bytes()[: path.stat().st_size // 2]
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_case_file_is_restored_from_the_last_good_copy(
    store: CaseStore, person: str, kind: str
) -> None:
    _saved_twice(store, person)
    _damage(store.case_path(person), kind)
    fresh = CaseStore(store.root)
    with fresh.open(person) as case:
        assert case.load_session("s1") == engine_state(1)


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_file_is_kept_aside_byte_for_byte(store: CaseStore, person: str, kind: str) -> None:
    _saved_twice(store, person)
    damaged = _damage(store.case_path(person), kind)
    fresh = CaseStore(store.root)
    fresh.open(person).close()
    [kept] = list(fresh.damaged_dir.iterdir())
    assert kept.read_bytes() == damaged
    assert fresh.recovered[0].kept_at == kept


def test_recovery_notice_names_the_record(store: CaseStore, person: str) -> None:
    _saved_twice(store, person)
    _damage(store.case_path(person), "truncated")
    fresh = CaseStore(store.root)
    fresh.open(person).close()
    [notice] = fresh.recovered
    assert "Sam" in notice.message and person in notice.message
    assert "restored from the last good copy" in notice.message


def test_a_cut_short_file_is_said_in_plain_words_without_the_parsers(
    store: CaseStore, person: str
) -> None:
    # The notice said "(the file is cut short or garbled (Unterminated string starting at"
    # on screen: the JSON parser's words mean nothing to the people reading it.
    _saved_twice(store, person)
    _damage(store.case_path(person), "truncated")
    fresh = CaseStore(store.root)
    fresh.open(person).close()
    [notice] = fresh.recovered
    assert "was damaged (the file is cut short or garbled). It was restored" in notice.message
    assert notice.detail and notice.detail not in notice.message  # the parser's, kept apart


def test_the_parsers_words_are_kept_in_the_audit_trail(store: CaseStore, person: str) -> None:
    _saved_twice(store, person)
    _damage(store.case_path(person), "truncated")
    with CaseStore(store.root).open(person) as case:
        event = case.audit_events()[-1]
    assert event["kind"] == "recovered_from_backup"
    assert "line 1 column" in event["detail"]  # where the file breaks off, for whoever looks


def test_recovery_is_written_to_the_audit_trail(store: CaseStore, person: str) -> None:
    _saved_twice(store, person)
    _damage(store.case_path(person), "garbage text")
    with CaseStore(store.root).open(person) as case:
        assert case.audit_events()[-1]["kind"] == "recovered_from_backup"


def test_a_record_holding_another_persons_file_is_treated_as_damaged(store: CaseStore) -> None:
    sam = store.create_person("Sam")
    alex = store.create_person("Alex")
    _saved_twice(store, sam)
    store.case_path(sam).write_bytes(store.case_path(alex).read_bytes())
    with CaseStore(store.root).open(sam) as case:
        assert case.person["display_name"] == "Sam"


def test_damaged_file_without_a_good_copy_is_reported_and_left_in_place(
    store: CaseStore, person: str
) -> None:
    # It was moved into damaged/: the person then vanished from the list, the next try said
    # only "its file is missing", and restoring it meant finding it there.
    _damage(store.case_path(person), "garbage text")  # never saved twice: no backup
    fresh = CaseStore(store.root)
    for _ in range(2):  # the same message each time
        with pytest.raises(RecordDamaged, match="Sam") as caught:
            fresh.open(person)
        assert f"copy this one file back from it: {person}.case" in str(caught.value)
    assert store.case_path(person).read_bytes() == DAMAGE["garbage text"]
    assert [p.display_name for p in fresh.list_people()] == ["Sam"]


def test_other_records_stay_usable_beside_a_damaged_one(store: CaseStore, person: str) -> None:
    other = store.create_person("Alex")
    _damage(store.case_path(person), "binary")
    fresh = CaseStore(store.root)
    with fresh.open(other) as case:
        case.save_session("s1", engine_state(1))
    assert {p.display_name for p in fresh.list_people()} == {"Sam", "Alex"}


def test_read_only_view_shows_the_good_copy_while_the_record_is_open(
    store: CaseStore, person: str
) -> None:
    _saved_twice(store, person)
    with store.open(person):
        _damage(store.case_path(person), "truncated")
        reader = CaseStore(store.root)
        assert reader.read(person).load_session("s1") == engine_state(1)
        assert "repaired when the record is next opened" in reader.recovered[0].message


def test_missing_case_file_with_a_backup_is_restored(store: CaseStore, person: str) -> None:
    _saved_twice(store, person)
    store.case_path(person).unlink()
    with CaseStore(store.root).open(person) as case:
        assert case.load_session("s1") == engine_state(1)


def _newer(path: Path) -> bytes:
    doc = json.loads(path.read_bytes())
    doc["schema"] = 99
    data = json.dumps(doc).encode()
    path.write_bytes(data)
    return data


def test_file_from_a_newer_version_is_refused_with_a_clear_message(
    store: CaseStore, person: str
) -> None:
    _newer(store.case_path(person))
    with pytest.raises(RecordTooNew, match=r"newer version.*Update the app"):
        CaseStore(store.root).open(person)


def test_file_from_a_newer_version_is_left_untouched(store: CaseStore, person: str) -> None:
    _saved_twice(store, person)
    data = _newer(store.case_path(person))
    with pytest.raises(RecordTooNew):
        CaseStore(store.root).open(person)
    assert store.case_path(person).read_bytes() == data
    assert not store.damaged_dir.exists()


def test_older_schema_is_migrated_forward_on_reading(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def add_notes_table(doc: dict[str, Any]) -> dict[str, Any]:
        doc["tables"]["notes"] = {"1": {"text": "added by migration"}}
        return doc

    monkeypatch.setitem(fileformat.SCHEMAS, "case", 2)
    monkeypatch.setitem(fileformat.MIGRATIONS, "case", {1: add_notes_table})
    with CaseStore(store.root).open(person) as case:
        case.save_session("s1", engine_state(1))
    doc = json.loads(store.case_path(person).read_bytes())
    assert (doc["schema"], doc["tables"]["notes"]["1"]["text"]) == (2, "added by migration")


def test_every_file_carries_its_schema_version(store: CaseStore, person: str) -> None:
    _saved_twice(store, person)
    for path in (store.case_path(person), backup_path(store.case_path(person)), store.index_path):
        doc = json.loads(path.read_bytes())
        assert isinstance(doc["schema"], int) and doc["format"].startswith("cpi-")


def test_damaged_index_is_rebuilt_from_the_case_files(store: CaseStore, person: str) -> None:
    store.create_person("Alex")
    store.index_path.write_bytes(b"\x00\x01 not an index")
    fresh = CaseStore(store.root)
    assert {p.display_name for p in fresh.list_people()} == {"Sam", "Alex"}
    assert "rebuilt" in fresh.recovered[0].message


def _damaged_list_and_one_case(store: CaseStore) -> str:
    """The list of people and a new record "Alex" both damaged, neither with a good copy."""
    alex = store.create_person("Alex")
    store.index_path.write_bytes(b"junk")
    backup_path(store.index_path).unlink(missing_ok=True)
    backup_path(store.case_path(alex)).unlink(missing_ok=True)
    store.case_path(alex).write_bytes(b"junk")
    return alex


def test_a_damaged_index_and_a_damaged_case_without_a_copy_leave_the_rest_readable(
    store: CaseStore, person: str
) -> None:
    # Naming the damaged case read the damaged index again, which rebuilt it again, which read
    # the case again...: RecursionError, and nobody could be reached, not even by --check.
    alex = _damaged_list_and_one_case(store)
    fresh = CaseStore(store.root)
    assert [p.display_name for p in fresh.list_people()] == ["Sam"]
    said = " ".join(notice.message for notice in fresh.recovered)
    assert "rebuilt" in said and f"Record {alex} cannot be opened" in said


def test_check_names_once_a_case_the_rebuilt_list_could_not_take_in(
    store: CaseStore, person: str
) -> None:
    # The rebuilt list left the unreadable case out, and --check, going by the list, said
    # "no problems found".
    alex = _damaged_list_and_one_case(store)
    fresh = CaseStore(store.root)
    unrepaired = [n for n in fresh.verify_all() if not n.repaired]
    assert [n.person_id for n in unrepaired] == [alex]


def test_an_unreadable_unlisted_case_does_not_rewrite_the_list_at_each_listing(
    store: CaseStore, person: str
) -> None:
    _damaged_list_and_one_case(store)
    fresh = CaseStore(store.root)
    fresh.list_people()  # rebuilds the list, without Alex
    written = store.index_path.stat().st_mtime_ns, store.index_path.stat().st_ino
    for _ in range(3):
        fresh.list_people()
    assert (store.index_path.stat().st_mtime_ns, store.index_path.stat().st_ino) == written


def test_orphaned_temp_files_are_removed_at_start(store: CaseStore, person: str) -> None:
    orphan = temp_path(store.case_path(person))
    orphan.write_bytes(b"half written")
    CaseStore(store.root)
    assert not orphan.exists()


def test_temp_files_of_a_record_open_elsewhere_are_kept(store: CaseStore, person: str) -> None:
    with store.open(person):
        in_progress = temp_path(store.case_path(person))
        in_progress.write_bytes(b"being written right now")
        CaseStore(store.root)
        assert in_progress.exists()


def test_cli_starts_and_names_the_damaged_record(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _saved_twice(store, person)
    _damage(store.case_path(person), "truncated")
    code = cli_main(["audit", person, "--data-dir", str(store.root)])
    err = capsys.readouterr().err
    assert code == 0
    assert "Sam" in err and "restored from the last good copy" in err


def test_people_check_reports_a_record_beyond_repair(
    store: CaseStore, person: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _damage(store.case_path(person), "empty")
    code = cli_main(["people", "--check", "--data-dir", str(store.root)])
    captured = capsys.readouterr()
    assert code == 7
    assert "Sam" in captured.err and "cannot be opened" in captured.err
