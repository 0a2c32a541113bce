"""A long answer is kept once in the record, however many places hold it; readers see it all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from records_support import PASSPHRASE

from assistant.records import CaseStore, init_store
from assistant.records.case import LONG_TEXT

LONG = ("My sister lives nearby. " * (LONG_TEXT // 20)) + "the end."
MARK = b"the end."


def _state(*answers: str, history: bool = True) -> dict[str, Any]:
    """Shaped like the engine's: the answer in its data, its log and its undo history."""
    state: dict[str, Any] = {
        "format": "cpi-conversation",
        "data": {"about": {f"a{i}": a for i, a in enumerate(answers)}},
        "log": [{"seq": i + 1, "action": "answered", "value": a} for i, a in enumerate(answers)],
    }
    if history:
        state["history"] = [
            {"action": "answer", "diffs": [[["data", "about", f"a{i}"], {"$missing": True}, a]]}
            for i, a in enumerate(answers)
        ]
    return state


def _text(state: dict[str, Any]) -> str:
    return json.dumps(state, ensure_ascii=False, separators=(",", ":"))


def _events(*answers: str) -> list[dict[str, Any]]:
    return [
        {"action": "answered", "path": f"about.a{i}", "value": a} for i, a in enumerate(answers)
    ]


def _copies(path: Path) -> int:
    return path.read_bytes().count(MARK)


def test_a_long_answer_is_stored_once_and_read_back_whole(store: CaseStore, person: str) -> None:
    state = _state("short", LONG)
    with store.open(person) as case:
        case.save_session("s1", _text(state), _events("short", LONG))
        case.add_plan_version({"about": {"hopes": {"text": LONG}}}, session_id="s1")
    assert _copies(store.case_path(person)) == 1
    case = CaseStore(store.root).read(person)
    assert case.load_session("s1") == state
    assert case.sessions()[0]["state"] == state
    assert case.plan_versions()[0]["plan"] == {"about": {"hopes": {"text": LONG}}}
    given = [e["value"] for e in case.audit_events() if e["kind"] == "answer_given"]
    assert given == ["short", LONG]


def test_state_given_as_data_is_stored_once_too(store: CaseStore, person: str) -> None:
    state = _state(LONG)
    with store.open(person) as case:
        case.save_session("s1", state, _events(LONG))
        case.save_session("s1", state, [])  # later saves keep it once
    assert _copies(store.case_path(person)) == 1
    assert CaseStore(store.root).read(person).load_session("s1") == state


def test_words_quoting_a_long_answer_are_kept_as_typed(store: CaseStore, person: str) -> None:
    # The long text inside another answer, in quotes: only whole JSON strings become references.
    quoting = f'He said "{LONG}" and left'
    state = _state(LONG, quoting)
    with store.open(person) as case:
        case.save_session("s1", _text(state), _events(LONG, quoting))
    assert CaseStore(store.root).read(person).load_session("s1") == state


def test_a_changed_long_answer_keeps_old_and_new(store: CaseStore, person: str) -> None:
    newer = LONG.replace("the end.", "the new end.")
    with store.open(person) as case:
        case.save_session("s1", _text(_state(LONG)), _events(LONG))
        changed = {"action": "changed", "path": "about.a0", "value": newer, "old": LONG}
        case.save_session("s1", _text(_state(newer)), [changed])
    events = CaseStore(store.root).read(person).audit_events()
    assert events[-1]["old"] == LONG and events[-1]["value"] == newer


def test_a_review_starting_with_last_times_words_holds_its_own_copy(
    store: CaseStore, person: str
) -> None:
    with store.open(person) as case:
        case.save_session("s1", _text(_state(LONG)), _events(LONG))
        case.save_session("s2", _text(_state(LONG, history=False)), [])  # seeded, not answered
        case.erase_session("s1", reason="test")
    assert _copies(store.case_path(person)) == 1
    assert CaseStore(store.root).read(person).load_session("s2") == _state(LONG, history=False)


def test_erasing_the_meeting_erases_its_long_answers(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", _text(_state(LONG)), _events(LONG))
        case.erase_session("s1", reason="test")
    assert _copies(store.case_path(person)) == 0
    assert _copies(Path(f"{store.case_path(person)}.bak")) == 0


@pytest.mark.usefixtures("cheap_kdf")
def test_archived_long_answers_are_read_back_from_an_encrypted_archive(root: Path) -> None:
    store, _ = init_store(root, PASSPHRASE)
    person = store.create_person("Sam")
    with store.open(person) as case:
        case.save_session("s1", _text(_state(LONG)), _events(LONG))
        case.add_plan_version({"text": LONG}, session_id="s1")
        case.audit("meeting_closed", session="s1")
        case.save_session("s2", _text(_state("short")), _events("short"))
        case.archive_closed(keep={"s2"})
    reread = CaseStore(root, PASSPHRASE).read(person)
    assert reread.load_session("s1") == _state(LONG)
    assert reread.plan_versions()[0]["plan"] == {"text": LONG}
    assert LONG in [e.get("value") for e in reread.audit_events()]
    export = CaseStore(root, PASSPHRASE).export_all(person)
    assert export["sessions"][0]["state"] == _state(LONG)
