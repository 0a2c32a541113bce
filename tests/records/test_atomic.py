"""The atomic write: a file is always the old version or the new one, never a mix."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from assistant.records import atomic
from assistant.records.atomic import backup_path, remove_orphans, temp_path, write_atomic


def test_write_atomic_replaces_the_contents(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"


def test_backup_holds_the_previous_version(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    write_atomic(target, b"one", keep_backup=True)
    write_atomic(target, b"two", keep_backup=True)
    assert backup_path(target).read_bytes() == b"one"


def test_first_write_has_no_backup(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    write_atomic(target, b"one", keep_backup=True)
    assert not backup_path(target).exists()


def test_no_temp_file_is_left_after_a_write(tmp_path: Path) -> None:
    write_atomic(tmp_path / "f.json", b"one", keep_backup=True)
    write_atomic(tmp_path / "f.json", b"two", keep_backup=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json", "f.json.bak"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_written_files_are_owner_only(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    write_atomic(target, b"one", keep_backup=True)
    write_atomic(target, b"two", keep_backup=True)
    assert target.stat().st_mode & 0o777 == 0o600
    assert backup_path(target).stat().st_mode & 0o777 == 0o600


def test_failed_replace_leaves_the_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "f.json"
    write_atomic(target, b"old")

    def fail(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.json"]


def test_failed_fsync_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.json"
    write_atomic(target, b"old")

    def fail(fd: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "fsync", fail)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"


def _disk_fills_after(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """os.write writes ``room`` bytes in all, then fails as a full disk does."""
    real_write, left = os.write, [room]

    def write(fd: int, data: bytes | memoryview) -> int:
        if left[0] == 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        done = real_write(fd, bytes(data[: left[0]]))
        left[0] -= done
        return done

    monkeypatch.setattr(atomic.os, "write", write)


@pytest.mark.parametrize("room", [0, 4])
def test_a_new_file_part_written_on_a_full_disk_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, room: int
) -> None:
    _disk_fills_after(monkeypatch, room)
    with pytest.raises(OSError):
        atomic.write_new(tmp_path / "sar.json", b"the whole record")
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_that_exists_already_is_left_alone(tmp_path: Path) -> None:
    there = tmp_path / "sar.json"
    there.write_bytes(b"someone else's")
    with pytest.raises(FileExistsError):
        atomic.write_new(there, b"ours")
    assert there.read_bytes() == b"someone else's"


def test_remove_orphans_deletes_only_our_temp_files(tmp_path: Path) -> None:
    orphan = temp_path(tmp_path / "p-0123456789.case")
    orphan.write_bytes(b"half a file")
    other = tmp_path / ".hidden.tmp"  # not one of ours: the name does not match the pattern
    other.write_bytes(b"x")
    assert remove_orphans(tmp_path) == 1
    assert not orphan.exists()
    assert other.exists()


def test_remove_orphans_spares_files_the_caller_protects(tmp_path: Path) -> None:
    orphan = temp_path(tmp_path / "p-0123456789.case")
    orphan.write_bytes(b"being written by another process")
    remove_orphans(tmp_path, lambda target: False)
    assert orphan.exists()
