"""The conversation's state on its own (assistant/engine/state.py): exact undo, all-or-nothing
transactions, and the saved form."""

from __future__ import annotations

import json

import pytest

from assistant.engine import datapaths as dp
from assistant.engine.state import ConversationState
from assistant.engine.steps import StateError


def test_undo_removes_what_a_write_created_and_nothing_else() -> None:
    state = ConversationState({"name": "Ann"})
    state.run("answer", lambda: state.write(("data", "network", "people"), ["Cy"]))
    assert state.data == {"name": "Ann", "network": {"people": ["Cy"]}}
    assert state.undo("2027-03-01T10:00:00+00:00", "person") is True
    assert state.data == {"name": "Ann"}


def test_a_failing_transaction_leaves_the_tree_and_the_log_as_they_were() -> None:
    state = ConversationState({"name": "Ann"})

    def body() -> None:
        state.write(("data", "name"), "Bea")
        state.log_event("answered", "2027-03-01T10:00:00+00:00", path="name", value="Bea")
        raise RuntimeError("the next step could not be shown")

    with pytest.raises(RuntimeError):
        state.run("answer", body)
    assert state.data == {"name": "Ann"}
    assert state.log == []
    assert state.can_undo is False


def test_undoing_logs_which_entries_were_undone() -> None:
    state = ConversationState()

    def body() -> None:
        state.write(("data", "name"), "Bea")
        state.log_event("answered", "2027-03-01T10:00:00+00:00", path="name", value="Bea")

    state.run("answer", body)
    state.undo("2027-03-01T10:05:00+00:00", "person")
    assert [(e["action"], e.get("of")) for e in state.log] == [("answered", None), ("undone", 1)]


def test_removing_a_value_is_undone_too() -> None:
    state = ConversationState({"name": "Ann"})
    state.run("skip", lambda: state.write(("data", "name"), dp.MISSING))
    assert state.data == {}
    state.undo("2027-03-01T10:00:00+00:00", "person")
    assert state.data == {"name": "Ann"}


def test_the_saved_form_keeps_the_undo_history_for_the_same_content() -> None:
    state = ConversationState()
    state.run("skip", lambda: state.write(("data", "name"), "Ann"))
    state.run("skip", lambda: state.write(("data", "name"), dp.MISSING))
    saved = json.loads(state.to_json("hash-1"))
    again = ConversationState()
    assert again.restore(saved, "hash-1") is True
    again.undo("2027-03-01T10:00:00+00:00", "person")
    assert again.data == {"name": "Ann"}


def test_the_saved_form_drops_the_undo_history_for_other_content() -> None:
    state = ConversationState()
    state.run("answer", lambda: state.write(("data", "name"), "Ann"))
    again = ConversationState()
    assert again.restore(json.loads(state.to_json("hash-1")), "hash-2") is False
    assert again.data == {"name": "Ann"}
    assert again.can_undo is False


def test_a_state_from_a_newer_version_is_refused() -> None:
    saved = json.loads(ConversationState().to_json("hash-1")) | {"version": 99}
    with pytest.raises(StateError, match="newer version"):
        ConversationState().restore(saved, "hash-1")


def test_the_revision_moves_with_each_change_and_only_then() -> None:
    state = ConversationState({"name": "Ann"})
    start = state.revision
    state.run("answer", lambda: state.write(("data", "name"), "Bea"))
    assert state.revision == start + 1
    state.run("nothing", lambda: None)  # nothing written, nothing logged
    assert state.revision == start + 1

    def fails() -> None:
        state.write(("data", "name"), "Cy")
        raise RuntimeError("the next step could not be shown")

    with pytest.raises(RuntimeError):
        state.run("answer", fails)  # reverted: nothing changed
    assert state.revision == start + 1
    assert state.undo("2027-03-01T10:00:00+00:00", "person") is True
    assert state.revision == start + 2
