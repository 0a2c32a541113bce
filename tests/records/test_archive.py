"""Closed meetings archived out of the case file: nothing lost, every reader and right intact.

The archive step is two durable writes (the archive file and its backup, then the case file);
the kill tests stop a real process at every write, rename and fsync of it and check that the
record opens whole afterwards.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from records_support import PASSPHRASE

from assistant.records import CaseStore, RecordDamaged, SaveFailed, atomic, init_store
from assistant.records.archive import ArchiveFile
from assistant.records.atomic import backup_path
from assistant.records.crypto import is_encrypted_bytes

MEETINGS = ("2025-01-10", "2025-02-14", "2025-03-14")


def _words(session: str, i: int) -> str:
    return f"words of {session} number {i}"


def _meeting(case: Any, session: str, closed: bool = True) -> None:
    """A meeting as the app saves it: answers, a plan version, ratings, ``meeting_closed``."""
    state: dict[str, Any] = {"data": {}, "log": []}
    for i in range(3):
        state["data"][f"q{i}"] = _words(session, i)
        event = {"action": "answered", "path": f"q{i}", "value": _words(session, i)}
        case.save_session(session, state, [event])
    version = case.add_plan_version({"goals": [_words(session, 9)]}, session_id=session)
    case.add_ratings({"family": 3}, session_id=session)
    if closed:
        case.audit("meeting_closed", session=session, plan_version=version, agreed=False)


def _filled(store: CaseStore, person: str, *, open_last: bool = False) -> None:
    with store.open(person) as case:
        for n, session in enumerate(MEETINGS):
            _meeting(case, session, closed=not (open_last and n == len(MEETINGS) - 1))


def _everything(case: Any) -> dict[str, Any]:
    snap = case.snapshot()
    snap["audit"] = [e for e in snap["audit"] if e["kind"] != "meetings_archived"]
    return snap


def _archive_path(store: CaseStore, person: str) -> Path:
    return store.archive_file(person).path


def test_closed_meetings_leave_the_case_file(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        moved = case.archive_closed(keep={MEETINGS[-1]})
        assert moved == 2
        assert case.archived_sessions == list(MEETINGS[:2])
    hot = store.case_path(person).read_text()
    assert _words(MEETINGS[0], 1) not in hot
    assert _words(MEETINGS[-1], 1) in hot  # the kept meeting stays
    assert _words(MEETINGS[0], 1) in _archive_path(store, person).read_text()


def test_every_reader_sees_the_same_record_after_archiving(store: CaseStore, person: str) -> None:
    _filled(store, person)
    before = _everything(store.read(person))
    with store.open(person) as case:
        case.archive_closed()
    after = _everything(CaseStore(store.root).read(person))
    assert after == before


def test_the_archiving_is_in_the_audit_trail_without_words(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
        [event] = [e for e in case.audit_events() if e["kind"] == "meetings_archived"]
    assert event["sessions"] == list(MEETINGS)
    assert "words of" not in json.dumps(event)


def test_open_meetings_are_not_archived(store: CaseStore, person: str) -> None:
    _filled(store, person, open_last=True)
    with store.open(person) as case:
        assert case.archive_closed() == 2
        assert MEETINGS[-1] not in case.archived_sessions


def test_a_record_with_nothing_closed_writes_no_archive(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        _meeting(case, "s1", closed=False)
        assert case.archive_closed() == 0
    assert not _archive_path(store, person).exists()


def test_the_list_of_people_still_counts_archived_meetings(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
        assert case.session_count == len(MEETINGS)
    store.index_path.unlink()  # rebuilt from the case files, archive counted
    [listed] = CaseStore(store.root).list_people()
    assert listed.sessions == len(MEETINGS)


def test_new_versions_and_events_never_reuse_archived_numbers(
    store: CaseStore, person: str
) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
        assert case.add_plan_version({"goals": []}, session_id="2025-04-11") == len(MEETINGS) + 1
        case.audit("exported", format="md")
        events = case.audit_events()
    assert events[-1]["kind"] == "exported"  # ordered by id: the newest is last
    raw = json.loads(store.case_path(person).read_text())
    archive = json.loads(_archive_path(store, person).read_text())
    for table in ("audit", "plans", "sessions", "texts"):
        assert not raw["tables"].get(table, {}).keys() & archive["tables"][table].keys()


def test_a_later_save_to_an_archived_meeting_brings_it_back(store: CaseStore, person: str) -> None:
    # The worker's reflection is written into a finished meeting, perhaps after archiving.
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
        state = case.load_session(MEETINGS[0])
        assert state is not None
        state["data"]["reflection"] = "reflection words"
        case.save_session(MEETINGS[0], state, [{"action": "answered", "path": "reflection"}])
        assert MEETINGS[0] not in case.archived_sessions
    reread = CaseStore(store.root).read(person)
    assert [s["session_id"] for s in reread.sessions()] == list(MEETINGS)
    assert reread.load_session(MEETINGS[0])["data"]["reflection"] == "reflection words"  # type: ignore[index]
    assert "reflection words" in store.case_path(person).read_text()
    assert _words(MEETINGS[0], 0) not in _archive_path(store, person).read_text()


def test_agreeing_an_archived_version_works(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
        case.agree_plan(1)
        assert case.plan_versions()[0]["agreed"] is True


def test_erasing_an_archived_meeting_removes_it_from_the_archive_and_its_backup(
    store: CaseStore, person: str
) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
        case.erase_session(MEETINGS[0], reason="no consent")
        assert [s["session_id"] for s in case.sessions()] == list(MEETINGS[1:])
    for path in store.cases_dir.iterdir():
        assert _words(MEETINGS[0], 1) not in path.read_text(errors="replace"), path.name
    assert _words(MEETINGS[1], 1) in _archive_path(store, person).read_text()


def test_erasing_the_record_removes_the_archive(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    store.erase(person)
    assert not [p.name for p in store.cases_dir.iterdir() if p.name.startswith(person)]


def test_subject_access_export_includes_archived_meetings(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    export = store.export_all(person)
    assert [s["session_id"] for s in export["sessions"]] == list(MEETINGS)
    assert len(export["plans"]) == len(MEETINGS)
    given = [e["value"] for e in export["audit"] if e["kind"] == "answer_given"]
    assert _words(MEETINGS[0], 2) in given
    assert str(_archive_path(store, person)) in export["files"]


@pytest.mark.usefixtures("cheap_kdf")
def test_the_archive_is_encrypted_when_the_folder_is(root: Path) -> None:
    store, _ = init_store(root, PASSPHRASE)
    person = store.create_person("Sam")
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    for path in (_archive_path(store, person), backup_path(_archive_path(store, person))):
        data = path.read_bytes()
        assert is_encrypted_bytes(data)
        assert b"words of" not in data
    reread = CaseStore(root, PASSPHRASE).read(person)
    assert len(reread.sessions()) == len(MEETINGS)


@pytest.mark.usefixtures("cheap_kdf")
def test_encrypting_a_folder_encrypts_its_archives(root: Path) -> None:
    store, _ = init_store(root)
    person = store.create_person("Sam")
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    init_store(root, PASSPHRASE)
    assert is_encrypted_bytes(_archive_path(store, person).read_bytes())
    assert len(CaseStore(root, PASSPHRASE).read(person).sessions()) == len(MEETINGS)


def test_a_damaged_archive_is_read_from_its_backup(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    _archive_path(store, person).write_bytes(b'{"format": "cpi-archive", "sch')
    fresh = CaseStore(store.root)
    with fresh.open(person) as case:
        assert len(case.sessions()) == len(MEETINGS)
    assert any("archived meetings" in n.message for n in fresh.recovered)
    assert list(fresh.damaged_dir.iterdir())  # the damaged file is kept, not overwritten
    assert json.loads(_archive_path(store, person).read_text())["format"] == "cpi-archive"


def test_an_archive_with_no_good_copy_is_reported(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    for path in (_archive_path(store, person), backup_path(_archive_path(store, person))):
        path.write_bytes(b"garbage")
    case = CaseStore(store.root).read(person)
    with pytest.raises(RecordDamaged, match="archived meetings"):
        case.sessions()


def test_an_archive_with_no_good_copy_names_the_one_file_to_restore(
    store: CaseStore, person: str
) -> None:
    # It said "The archived meetings of The record for Sam ..." and to restore the whole
    # data folder, which would undo everyone else's newer meetings.
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    for path in (_archive_path(store, person), backup_path(_archive_path(store, person))):
        path.write_bytes(b"garbage")
    case = CaseStore(store.root).read(person)
    with pytest.raises(RecordDamaged) as caught:
        case.sessions()
    said = str(caught.value)
    assert said.startswith(f"The archived meetings in the record for Sam (id {person})")
    assert _archive_path(store, person).name in said and "Restore the data folder" not in said


def test_an_archive_of_another_person_is_damage(store: CaseStore, person: str) -> None:
    other = store.create_person("Alex")
    _filled(store, person)
    _filled(store, other)
    for pid in (person, other):
        with store.open(pid) as case:
            case.archive_closed()
    _archive_path(store, person).write_bytes(_archive_path(store, other).read_bytes())
    fresh = CaseStore(store.root)
    sessions = fresh.read(person).sessions()
    assert _words(MEETINGS[0], 0) in json.dumps(sessions)
    assert any("different person" in n.message for n in fresh.recovered)


# -- kills in the middle of archiving -------------------------------------------------------------

_CHILD = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    from assistant.records import CaseStore, atomic
    root, person, passphrase = Path(sys.argv[1]), sys.argv[2], sys.argv[4]
    kill_at = int(sys.argv[3])
    calls = 0
    def dying(real):
        def call(*args, **kwargs):
            global calls
            calls += 1
            if calls == kill_at:
                os._exit(9)  # as sudden as SIGKILL: nothing is flushed or cleaned up
            return real(*args, **kwargs)
        return call
    store = CaseStore(root, passphrase or None)
    case = store.open(person)
    atomic.os.replace = dying(os.replace)
    atomic.os.fsync = dying(os.fsync)
    case.archive_closed()
    print("done", calls, flush=True)
    """
)


def _archive_in_child(root: Path, person: str, kill_at: int, passphrase: str = "") -> str:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), person, str(kill_at), passphrase],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    return result.stdout


def _check_whole(root: Path, person: str, expected: dict[str, Any], passphrase: str = "") -> None:
    store = CaseStore(root, passphrase or None)
    assert store.recovered == []  # nothing needed repair
    with store.open(person) as case:  # writable opening works: nothing left locked
        assert _everything(case) == expected
        case.archive_closed()  # finishes the job
        assert case.archived_sessions == list(MEETINGS)
    assert _everything(CaseStore(root, passphrase or None).read(person)) == expected
    assert not list(store.cases_dir.glob(".*.tmp"))


@pytest.mark.slow
def test_a_kill_at_any_point_of_archiving_loses_nothing(tmp_path: Path) -> None:
    root = tmp_path / "records"
    store = CaseStore(root)
    person = store.create_person("Sam")
    _filled(store, person)
    expected = _everything(store.read(person))
    template = {p.name: p.read_bytes() for p in store.cases_dir.iterdir()}
    # How many renames and fsyncs one archiving makes, counted by a run that is not killed.
    out = _archive_in_child(root, person, kill_at=10**6)
    points = int(out.split()[1])
    assert points >= 6
    for kill_at in range(1, points + 1):
        for name, data in template.items():
            (store.cases_dir / name).write_bytes(data)
        for path in store.cases_dir.iterdir():
            if path.name not in template:
                path.unlink()
        assert _archive_in_child(root, person, kill_at) == ""  # it was killed
        _check_whole(root, person, expected)


@pytest.mark.usefixtures("cheap_kdf")
def test_a_kill_while_archiving_an_encrypted_record_loses_nothing(root: Path) -> None:
    store, _ = init_store(root, PASSPHRASE)
    person = store.create_person("Sam")
    _filled(store, person)
    expected = _everything(store.read(person))
    # Killed after the archive is written, before the case file lets the meetings go.
    assert _archive_in_child(root, person, kill_at=5, passphrase=PASSPHRASE) == ""
    _check_whole(root, person, expected, PASSPHRASE)


def test_a_full_disk_while_archiving_keeps_everything_and_the_retry_finishes(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled(store, person)
    expected = _everything(store.read(person))
    real = os.replace

    def full(src: Any, dst: Any, *args: Any, **kwargs: Any) -> Any:
        if str(dst).endswith(".case"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(src, dst, *args, **kwargs)

    case = store.open(person)
    with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
        patch.setattr(atomic.os, "replace", full)
        with pytest.raises(SaveFailed):
            case.archive_closed()
        assert case.pending
        assert _everything(case) == expected  # nothing missing in this window either
        assert _everything(CaseStore(store.root).read(person)) == expected  # nor on disk
    assert case.retry_pending()
    case.close()
    reread = CaseStore(store.root).read(person)
    assert reread.archived_sessions == list(MEETINGS)
    assert _everything(reread) == expected


def test_the_latest_meeting_and_plans_are_read_without_the_archive(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.agree_plan(3)
        case.archive_closed(keep={MEETINGS[-1]})
    full = CaseStore(store.root).read(person)
    expected = (
        full.sessions()[-1],
        full.plan_versions()[-1],
        [e["at"] for e in full.audit_events() if e["kind"] == "meeting_closed"][-1],
    )

    def unread(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the archive was read")

    monkeypatch.setattr(ArchiveFile, "load", unread)
    case = CaseStore(store.root).read(person)
    agreed, latest = case.latest_plans()
    assert (case.latest_session(), latest, case.closed_at(MEETINGS[-1])) == expected
    assert agreed == latest
    assert case.session_count == len(MEETINGS)
    assert len(case.ratings_history()) == len(MEETINGS)  # ratings stay in the case file


def test_the_latest_plans_come_from_the_archive_when_only_it_has_them(
    store: CaseStore, person: str
) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.agree_plan(1)
        case.archive_closed(keep={MEETINGS[-1]})
        agreed, latest = case.latest_plans()
        assert agreed is not None and agreed["version"] == 1
        assert latest is not None and latest["version"] == len(MEETINGS)
        case.archive_closed()  # every meeting archived: the latest comes from the archive
        assert case.latest_session() == case.sessions()[-1]
        assert case.closed_at(MEETINGS[0]) is not None


def test_checking_every_record_reads_the_archives_too(store: CaseStore, person: str) -> None:
    _filled(store, person)
    with store.open(person) as case:
        case.archive_closed()
    _archive_path(store, person).write_bytes(b"garbage")
    found = CaseStore(store.root).verify_all()
    assert any("archived meetings" in notice.message for notice in found)
