"""Disk full, permission denied, read-only disks, failing fsync/replace: nothing is lost.

Tests run as root in CI, where chmod cannot make a folder unwritable, so faults are injected by
making the OS functions the records code calls raise the errors the kernel would raise.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from records_support import engine_state, log_entry

from assistant.cli import main as cli_main
from assistant.records import CaseStore, RecordLocked, SaveFailed, atomic


class Faults:
    """Makes one ``os`` function raise ``OSError(code)`` for paths containing ``match``."""

    def __init__(self, patch: pytest.MonkeyPatch) -> None:
        self._patch = patch  # its own: healing must not undo the per-test folders
        self.calls = 0

    def fail(self, name: str, code: int, match: str = ".case") -> None:
        real: Callable[..., Any] = getattr(os, name)

        def failing(*args: Any, **kwargs: Any) -> Any:
            paths = [str(a) for a in args if isinstance(a, str | os.PathLike)]
            if name == "fsync" or any(match in p for p in paths):
                self.calls += 1
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        self._patch.setattr(atomic.os, name, failing)

    def heal(self) -> None:
        self._patch.undo()


@pytest.fixture
def faults() -> Iterator[Faults]:
    with pytest.MonkeyPatch.context() as patch:
        yield Faults(patch)


def _on_disk(store: CaseStore, person: str) -> dict[str, Any] | None:
    return CaseStore(store.root).read(person).load_session("s1")


@pytest.mark.parametrize(
    ("function", "code", "reason"),
    [
        ("replace", errno.ENOSPC, "the disk is full"),
        ("open", errno.ENOSPC, "the disk is full"),
        ("open", errno.EACCES, "permission was denied"),
        ("open", errno.EROFS, "read-only"),
        ("fsync", errno.EIO, "input/output error"),
    ],
)
def test_failed_save_says_why_in_plain_english(
    store: CaseStore, person: str, faults: Faults, function: str, code: int, reason: str
) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        faults.fail(function, code)
        with pytest.raises(SaveFailed, match=reason) as caught:
            case.save_session("s1", engine_state(2))
        faults.heal()
    assert "kept in this window" in str(caught.value)


@pytest.mark.parametrize(
    ("code", "advice", "wrong_advice"),
    [
        (errno.ENOSPC, "Free some disk space", "permissions"),
        (errno.EROFS, "Make the disk writable again", "free some disk space"),
        (errno.ENOENT, "reconnect the drive it is on", "free some disk space"),
        (errno.EACCES, "Check the folder's permissions", "free some disk space"),
        (errno.EIO, "Check the disk is connected and working", "free some disk space"),
    ],
)
def test_a_failed_save_advises_what_fits_its_cause(
    store: CaseStore,
    person: str,
    faults: Faults,
    code: int,
    advice: str,
    wrong_advice: str,
) -> None:
    # It always said "free some disk space, or check the folder's permissions", even for a
    # read-only disk or a removed drive.
    with store.open(person) as case:
        faults.fail("replace", code)
        with pytest.raises(SaveFailed) as caught:
            case.save_session("s1", engine_state(2))
        faults.heal()
    for message in (str(caught.value), caught.value.for_command()):
        assert advice in message and wrong_advice not in message.lower()


def test_failed_save_leaves_the_last_saved_answer_on_disk(
    store: CaseStore, person: str, faults: Faults
) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        faults.fail("replace", errno.ENOSPC)
        with pytest.raises(SaveFailed):
            case.save_session("s1", engine_state(2))
        assert _on_disk(store, person) == engine_state(1)
        faults.heal()


def test_failed_save_is_kept_in_memory_as_pending(
    store: CaseStore, person: str, faults: Faults
) -> None:
    with store.open(person) as case:
        faults.fail("replace", errno.ENOSPC)
        with pytest.raises(SaveFailed):
            case.save_session("s1", engine_state(2))
        assert case.pending
        assert case.load_session("s1") == engine_state(2)
        faults.heal()


def test_retry_writes_the_pending_answer_once_the_disk_has_room(
    store: CaseStore, person: str, faults: Faults
) -> None:
    with store.open(person) as case:
        faults.fail("replace", errno.ENOSPC)
        with pytest.raises(SaveFailed):
            case.save_session("s1", engine_state(2), [log_entry(1)])
        faults.heal()
        assert case.retry_pending() is True
    assert _on_disk(store, person) == engine_state(2)


def test_next_save_also_writes_the_answers_that_failed_before(
    store: CaseStore, person: str, faults: Faults
) -> None:
    with store.open(person) as case:
        faults.fail("replace", errno.ENOSPC)
        for i in range(3):
            with pytest.raises(SaveFailed):
                case.save_session("s1", engine_state(1), [log_entry(i)])
        faults.heal()
        case.save_session("s1", engine_state(1), [log_entry(3)])
    paths = [e.get("path") for e in CaseStore(store.root).read(person).audit_events()]
    assert paths[-4:] == ["q0", "q1", "q2", "q3"]


def test_close_with_an_unsaved_answer_keeps_the_record_open_and_locked(
    store: CaseStore, person: str, faults: Faults
) -> None:
    case = store.open(person)
    faults.fail("replace", errno.ENOSPC)
    with pytest.raises(SaveFailed):
        case.save_session("s1", engine_state(2))
    with pytest.raises(SaveFailed):
        case.close()
    faults.heal()
    with pytest.raises(RecordLocked):
        CaseStore(store.root).open(person)
    case.close()
    assert _on_disk(store, person) == engine_state(2)


def test_failed_save_leaves_no_temp_file(store: CaseStore, person: str, faults: Faults) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        faults.fail("replace", errno.ENOSPC)
        with pytest.raises(SaveFailed):
            case.save_session("s1", engine_state(2))
        faults.heal()
    assert [p.name for p in store.cases_dir.iterdir() if p.name.endswith(".tmp")] == []


def test_answer_is_saved_even_when_the_index_cannot_be_updated(
    store: CaseStore, person: str, faults: Faults
) -> None:
    with store.open(person) as case:
        faults.fail("replace", errno.ENOSPC, match="index.json")
        case.save_session("s1", engine_state(1))  # a new session would update the index
        faults.heal()
    assert _on_disk(store, person) == engine_state(1)


def test_index_catches_up_at_the_next_save(store: CaseStore, person: str, faults: Faults) -> None:
    with store.open(person) as case:
        faults.fail("replace", errno.ENOSPC, match="index.json")
        case.save_session("s1", engine_state(1))
        faults.heal()
        case.save_session("s1", engine_state(2))
    assert CaseStore(store.root).list_people()[0].sessions == 1


def test_creating_a_person_on_a_full_disk_fails_cleanly(store: CaseStore, faults: Faults) -> None:
    faults.fail("open", errno.ENOSPC, match=".case")
    with pytest.raises(SaveFailed, match="disk is full"):
        store.create_person("Sam")
    faults.heal()
    assert store.list_people() == []


def test_creating_a_person_on_a_full_disk_says_to_add_them_again(
    store: CaseStore, faults: Faults
) -> None:
    # It said they would be "saved automatically at the next answer or when you retry": a
    # new person has no next answer, and nothing retries by itself.
    faults.fail("open", errno.ENOSPC, match=".case")
    with pytest.raises(SaveFailed) as caught:
        store.create_person("Sam")
    said = str(caught.value)
    assert "add them again" in said and "next answer" not in said


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0, reason="root ignores folder permissions"
)
def test_read_only_folder_fails_cleanly_and_keeps_the_answer(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        store.cases_dir.chmod(0o500)
        try:
            with pytest.raises(SaveFailed, match="permission was denied"):
                case.save_session("s1", engine_state(1))
            assert case.pending
        finally:
            store.cases_dir.chmod(0o700)
        assert case.retry_pending()


def test_cli_reports_an_unusable_folder_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    code = cli_main(["people", "--data-dir", str(not_a_folder)])
    err = capsys.readouterr().err
    assert code == 6
    assert "Nothing was changed" in err and "Traceback" not in err
