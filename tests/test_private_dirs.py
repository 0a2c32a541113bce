"""Owner-only folders, and every missing folder above them owner-only too."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from assistant.private_dirs import ensure_private_dir, make_private_dirs
from assistant.scratch import scratch_dir, scratch_root

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def test_each_folder_made_above_a_new_folder_is_owner_only_too(tmp_path: Path) -> None:
    # `export -o new/deeper/` made `new` 0755 (mkdir(parents=True) sets the last one only).
    target = tmp_path / "new" / "deeper" / "deepest"
    make_private_dirs(target)
    for folder in (tmp_path / "new", tmp_path / "new" / "deeper", target):
        assert folder.stat().st_mode & 0o777 == 0o700, folder


def test_an_existing_folder_of_ours_is_made_owner_only_again(tmp_path: Path) -> None:
    folder = tmp_path / "opened"
    folder.mkdir(mode=0o755)
    ensure_private_dir(folder)
    assert folder.stat().st_mode & 0o777 == 0o700


def test_the_scratch_folders_parent_in_a_new_cache_folder_is_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # ~/.cache/cpi-assistant was made 0755 above the owner-only scratch folder.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with scratch_dir("test"):
        pass
    app_folder = scratch_root().parent
    assert app_folder.name == "cpi-assistant"
    assert app_folder.stat().st_mode & 0o777 == 0o700
