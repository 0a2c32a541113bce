"""Erasing says what really happened, and a later run finishes it (issue 13 §3).

The index lock is held by another "window" (a real lock on the real file) while `erase` runs;
the command must not claim "Nothing was changed" once the files are gone, and the next command
must finish the erasure so the person appears nowhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import filelock
import pytest
from records_support import engine_state

from assistant.cli import main
from assistant.records import CaseStore
from assistant.records import folder as records_folder
from assistant.records.recovery import set_aside


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def index_busy(store: CaseStore, monkeypatch: pytest.MonkeyPatch) -> Iterator[filelock.FileLock]:
    """The index lock, held as another window would hold it (waiting for it is cut short)."""
    monkeypatch.setattr(records_folder, "INDEX_LOCK_TIMEOUT", 0.05)
    lock = filelock.FileLock(store.area / "index.lock", thread_local=False)
    yield lock
    if lock.is_locked:
        lock.release()


def _saved(store: CaseStore, name: str) -> str:
    person = store.create_person(name)
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s1", engine_state(2))
    return person


def test_erase_with_the_list_busy_says_the_files_were_erased(
    store: CaseStore, index_busy: filelock.FileLock, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _saved(store, "Sam")
    index_busy.acquire()
    code, _, err = run(capsys, "erase", person, "--yes", "--data-dir", str(store.root))
    assert code != 0
    assert "Nothing was changed" not in err
    assert f"The files of record {person} were erased" in err
    assert not store.case_path(person).exists()


def test_a_later_command_finishes_the_erasure(
    store: CaseStore, index_busy: filelock.FileLock, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _saved(store, "Sam")
    other = _saved(store, "Alex")
    index_busy.acquire()
    run(capsys, "erase", person, "--yes", "--data-dir", str(store.root))
    index_busy.release()
    code, out, _ = run(capsys, "people", "--json", "--data-dir", str(store.root))
    assert code == 0 and [row["id"] for row in json.loads(out)] == [other]
    index = json.loads(store.index_path.read_bytes())
    assert person not in index["people"]
    assert [e["kind"] for e in index["events"]] == ["record_erased"]
    assert not store.folder.erasing_path(person).exists()
    assert [p for p in store.root.rglob("*") if person in p.name] == []


def test_erase_again_by_id_finishes_the_erasure(
    store: CaseStore, index_busy: filelock.FileLock, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _saved(store, "Sam")
    index_busy.acquire()
    run(capsys, "erase", person, "--yes", "--data-dir", str(store.root))
    index_busy.release()
    code, _out, err = run(capsys, "erase", person, "--yes", "--data-dir", str(store.root))
    assert code == 0, err
    assert person not in json.loads(store.index_path.read_bytes())["people"]
    assert b"Sam" not in store.index_path.read_bytes()


def _damaged_and_set_aside(store: CaseStore, person: str) -> None:
    """A record's only file damaged and moved into damaged/, as versions before 6 December
    2026 did when it could not be opened (now it is left in place): it is no longer listed."""
    store.case_path(person).write_bytes(b"garbage")
    set_aside(store.folder, store.case_path(person), person)


def test_erase_by_id_reaches_damaged_copies_of_an_unlisted_record(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    person = store.create_person("Sam")  # one write: there is no earlier copy
    _damaged_and_set_aside(store, person)
    assert CaseStore(store.root).list_people() == []  # no longer listed
    assert any(p.name.startswith(person) for p in store.damaged_dir.iterdir())
    code, _out, err = run(capsys, "erase", person, "--yes", "--data-dir", str(store.root))
    assert code == 0, err
    assert [p for p in store.root.rglob("*") if person in p.name] == []


def test_erasing_an_id_with_nothing_left_is_still_not_found(
    store: CaseStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "erase", "p-0000000000", "--yes", "--data-dir", str(store.root))
    assert code == 3 and "p-0000000000" in err


def test_unlisted_leftovers_are_not_erased_without_confirmation(
    store: CaseStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    person = store.create_person("Sam")
    _damaged_and_set_aside(store, person)
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "no")
    _code, out, _ = run(capsys, "erase", person, "--data-dir", str(store.root))
    assert "Nothing was erased" in out
    assert any(p.name.startswith(person) for p in store.damaged_dir.iterdir())
