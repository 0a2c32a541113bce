"""Rescue copies (records/rescue.py): put back only over the file they were made from."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest
from records_support import engine_state

from assistant.records import CaseStore, SaveFailed, atomic
from assistant.records.rescue import put_back_rescued, write_rescue


def _rescued(store: CaseStore, person: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A save that fails, kept in a rescue copy, and the record let go (the app ending)."""
    case = store.open(person)
    case.save_session("s1", engine_state(1))
    real = os.replace

    def failing(src: Any, dst: Any, *a: Any, **k: Any) -> Any:
        if ".case" in str(dst):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst, *a, **k)

    with monkeypatch.context() as patch:
        patch.setattr(atomic.os, "replace", failing)
        with pytest.raises(SaveFailed):
            case.save_session("s1", engine_state(2))
        write_rescue(case, folder, store.root)
    case.give_up()


def test_a_rescue_copy_goes_back_into_an_unchanged_record(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rescued"
    _rescued(store, person, folder, monkeypatch)
    [said] = put_back_rescued(CaseStore(store.root), folder)
    assert "now back in the record" in said
    assert CaseStore(store.root).read(person).load_session("s1") == engine_state(2)
    assert list(folder.iterdir()) == []


def test_a_rescue_copy_is_not_put_over_a_record_saved_since(
    store: CaseStore, person: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "rescued"
    _rescued(store, person, folder, monkeypatch)
    with store.open(person) as case:
        case.save_session("s1", engine_state(3))
    [said] = put_back_rescued(CaseStore(store.root), folder)
    assert "not in the record yet" in said and "saved again since" in said
    assert CaseStore(store.root).read(person).load_session("s1") == engine_state(3)
    assert len(list(folder.glob("*.rescued"))) == 1
