"""Saves left in flight (``save_session(wait=False)``): written on the writer thread while the
app builds its next screen, on disk once ``settle`` returns, in order with every other write,
and failures kept pending exactly as a failed save is."""

from __future__ import annotations

import errno
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from records_support import engine_state, log_entry

from assistant.records import CaseStore, SaveFailed, storage


def _on_disk(store: CaseStore, person: str) -> dict[str, Any] | None:
    return CaseStore(store.root).read(person).load_session("s1")


def _record_writes(monkeypatch: pytest.MonkeyPatch, gate: threading.Event | None = None) -> list:
    """Each write's thread name and the file's size, in the order the writes finished; with a
    ``gate``, the first write waits for it before it starts."""
    real = storage.write_atomic
    done: list[tuple[str, int]] = []

    def recording(path: Path, data: bytes, **kwargs: Any) -> None:
        if gate is not None and not done:
            gate.wait()
        real(path, data, **kwargs)
        done.append((threading.current_thread().name, len(data)))

    monkeypatch.setattr(storage, "write_atomic", recording)
    return done


def test_a_save_left_in_flight_is_on_disk_once_settled(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(3), wait=False)
        case.settle()
        assert _on_disk(store, person) == engine_state(3)


def test_a_save_left_in_flight_is_written_by_the_writer_thread(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes = _record_writes(monkeypatch)
    with store.open(person) as case:
        case.save_session("s1", engine_state(3), wait=False)
        case.settle()
    assert writes[0][0].startswith("cpi-writer")


def test_a_later_write_waits_for_the_one_in_flight(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    writes = _record_writes(monkeypatch, gate)
    with store.open(person) as case:
        case.save_session("s1", engine_state(1), wait=False)
        # The first write is held at the gate; the second must not overtake it.
        threading.Timer(0.01, gate.set).start()
        case.save_session("s1", engine_state(4))
    assert writes[0][1] < writes[1][1]
    assert _on_disk(store, person) == engine_state(4)


def test_a_failed_save_in_flight_is_reported_by_settle_in_plain_words(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
            patch.setattr(storage, "write_atomic", _disk_full)
            case.save_session("s1", engine_state(2), wait=False)
            with pytest.raises(SaveFailed, match="the disk is full"):
                case.settle()
            assert case.pending
    assert _on_disk(store, person) == engine_state(2)  # written by close, as pending


def test_a_failed_save_in_flight_is_written_with_the_next_save(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.open(person) as case:
        with monkeypatch.context() as patch:  # its own patch: the per-test folders stay
            patch.setattr(storage, "write_atomic", _disk_full)
            case.save_session("s1", engine_state(1), [log_entry(1)], wait=False)
        # Not settled by the caller: the next save finds the failure and writes it too.
        case.save_session("s1", engine_state(2), [log_entry(2)])
        assert not case.pending
    paths = [e.get("path") for e in CaseStore(store.root).read(person).audit_events()]
    assert paths[-2:] == ["q1", "q2"]


def test_closing_a_record_waits_for_a_save_in_flight(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = threading.Event()
    _record_writes(monkeypatch, gate)
    case = store.open(person)
    case.save_session("s1", engine_state(5), wait=False)
    threading.Timer(0.01, gate.set).start()
    case.close()
    assert _on_disk(store, person) == engine_state(5)


def _disk_full(path: Path, data: bytes, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_while_a_save_is_in_flight_the_writer_thread_gets_the_lock_back_quickly(
    store: CaseStore, person: str
) -> None:
    # The writer gives the interpreter's lock up at each system call; at the usual 5 ms
    # handover it waited that long each time for the busy caller (issue 18).
    usual = sys.getswitchinterval()
    with store.open(person) as case:
        case.save_session("s1", engine_state(3), wait=False)
        in_flight = sys.getswitchinterval()
        case.settle()
        settled = sys.getswitchinterval()
    assert in_flight == pytest.approx(storage.QUICK_HANDOVER_S)
    assert settled == usual


def test_a_failed_save_in_flight_still_gives_the_usual_handover_back(
    store: CaseStore, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    usual = sys.getswitchinterval()
    with store.open(person) as case:
        with monkeypatch.context() as patch:
            patch.setattr(storage, "write_atomic", _disk_full)
            case.save_session("s1", engine_state(2), wait=False)
            with pytest.raises(SaveFailed):
                case.settle()
        assert sys.getswitchinterval() == usual


def test_with_two_records_writing_the_quick_handover_lasts_until_both_are_settled(
    store: CaseStore,
) -> None:
    usual = sys.getswitchinterval()
    first, second = store.create_person("Sam Example"), store.create_person("Alex Example")
    with store.open(first) as one, store.open(second) as two:
        one.save_session("s1", engine_state(1), wait=False)
        two.save_session("s1", engine_state(2), wait=False)
        one.settle()
        one_settled = sys.getswitchinterval()
        two.settle()
        assert one_settled == pytest.approx(storage.QUICK_HANDOVER_S)
        assert sys.getswitchinterval() == usual
