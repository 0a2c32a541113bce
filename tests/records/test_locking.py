"""One writer per record, across processes; other records stay usable; crashes never lock."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from records_support import engine_state

from assistant.records import CaseStore, RecordLocked

HOLDER = Path(__file__).with_name("holder.py")


@contextmanager
def held_elsewhere(root: Path, person_id: str) -> Iterator[subprocess.Popen[str]]:
    """A separate process with the record open for writing."""
    proc = subprocess.Popen(
        [sys.executable, str(HOLDER), str(root), person_id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "open"
        yield proc
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def test_record_open_in_another_process_cannot_be_opened(store: CaseStore, person: str) -> None:
    with (
        held_elsewhere(store.root, person),
        pytest.raises(RecordLocked, match="open in another window"),
    ):
        store.open(person)


def test_locked_message_says_nothing_changed_and_names_the_person(
    store: CaseStore, person: str
) -> None:
    with held_elsewhere(store.root, person), pytest.raises(RecordLocked) as caught:
        store.open(person)
    assert "Sam" in str(caught.value) and "Nothing was changed" in str(caught.value)


def test_other_records_stay_usable_side_by_side(store: CaseStore, person: str) -> None:
    other = store.create_person("Alex")
    with held_elsewhere(store.root, person), store.open(other) as case:
        case.save_session("s1", engine_state(1))
    assert store.read(other).load_session("s1") == engine_state(1)


def test_a_locked_record_can_still_be_read(store: CaseStore, person: str) -> None:
    with held_elsewhere(store.root, person):
        assert store.read(person).person["display_name"] == "Sam"


def test_second_process_is_refused_while_the_first_holds_it(store: CaseStore, person: str) -> None:
    with held_elsewhere(store.root, person):
        second = subprocess.run(
            [sys.executable, str(HOLDER), str(store.root), person],
            input="",
            capture_output=True,
            text=True,
            timeout=30,
        )
    assert second.stdout.startswith("locked: ")


def test_record_is_usable_again_after_the_other_process_closes_it(
    store: CaseStore, person: str
) -> None:
    with held_elsewhere(store.root, person) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "closed"
    with store.open(person) as case:
        assert case.load_session("from-holder") == {"saved": True}


def test_a_killed_process_never_leaves_the_record_locked(store: CaseStore, person: str) -> None:
    with held_elsewhere(store.root, person) as proc:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))


def test_the_same_record_cannot_be_opened_twice_in_one_process(
    store: CaseStore, person: str
) -> None:
    with store.open(person), pytest.raises(RecordLocked):
        CaseStore(store.root).open(person)


def test_closing_releases_the_lock(store: CaseStore, person: str) -> None:
    store.open(person).close()
    store.open(person).close()
