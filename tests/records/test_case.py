"""A case record: sessions, plans, ratings and the audit trail."""

from __future__ import annotations

import json

import pytest
from records_support import engine_state, log_entry

from assistant.records import CaseStore, RecordsError


def test_saved_session_is_on_disk_when_save_returns(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(3))
        # A second, independent reader sees it while the record is still open.
        assert CaseStore(store.root).read(person).load_session("s1") == engine_state(3)


def test_later_save_replaces_the_session_state(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        case.save_session("s1", engine_state(2))
    assert store.read(person).load_session("s1") == engine_state(2)


def test_unknown_session_loads_as_none(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        assert case.load_session("nope") is None


def test_sessions_are_listed_oldest_first(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("first", engine_state(1))
        case.save_session("second", engine_state(1))
        assert [s["session_id"] for s in case.sessions()] == ["first", "second"]


def test_saved_state_is_detached_from_the_callers_dict(store: CaseStore, person: str) -> None:
    state = engine_state(1)
    with store.open(person) as case:
        case.save_session("s1", state)
        state["data"]["q0"] = "changed after saving"
        assert case.load_session("s1") == engine_state(1)


def test_non_json_state_is_refused_and_does_not_spoil_later_saves(
    store: CaseStore, person: str
) -> None:
    with store.open(person) as case:
        with pytest.raises(ValueError, match="plain JSON"):
            case.save_session("s1", {"bad": object()})
        case.save_session("s1", engine_state(1))
    assert store.read(person).load_session("s1") == engine_state(1)


def test_state_given_as_json_text_is_saved_as_that_data(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", json.dumps(engine_state(2), ensure_ascii=False))
        assert case.load_session("s1") == engine_state(2)
    assert store.read(person).load_session("s1") == engine_state(2)


def test_state_text_that_is_not_a_json_object_is_refused(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        with pytest.raises(ValueError, match="JSON text of an object"):
            case.save_session("s1", "[1, 2]")
        assert case.load_session("s1") is None


@pytest.mark.parametrize("as_text", [False, True], ids=["data", "text"])
def test_a_lone_surrogate_is_refused_before_anything_changes(
    store: CaseStore, person: str, as_text: bool
) -> None:
    bad = {"data": {"q0": "broken paste \udc80"}}
    with store.open(person) as case:
        case.save_session("s1", engine_state(1))
        with pytest.raises(ValueError, match="cannot be saved"):
            case.save_session("s1", json.dumps(bad, ensure_ascii=False) if as_text else bad)
        assert not case.pending
        case.save_session("s1", engine_state(2))  # later saves still work
    assert store.read(person).load_session("s1") == engine_state(2)


def test_log_entries_become_answer_given_events(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1), [log_entry(0)])
        event = case.audit_events()[-1]
    assert event["kind"] == "answer_given"
    assert (event["path"], event["value"], event["session"]) == ("q0", "answer 0", "s1")


def test_changed_answers_keep_old_and_new_values(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(1), [log_entry(0, "changed", old="before")])
        event = case.audit_events()[-1]
    assert event["kind"] == "answer_changed"
    assert (event["old"], event["value"]) == ("before", "answer 0")


def test_state_and_its_events_are_saved_together(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("s1", engine_state(2), [log_entry(0), log_entry(1)])
    reread = store.read(person)
    assert reread.load_session("s1") == engine_state(2)
    assert [e["kind"] for e in reread.audit_events()] == [
        "record_created",
        "answer_given",
        "answer_given",
    ]


def test_plan_versions_are_numbered_from_one(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        first = case.add_plan_version({"goals": ["call my sister"]})
        second = case.add_plan_version({"goals": ["call my sister", "join a choir"]})
        assert (first, second) == (1, 2)
        assert [p["plan"]["goals"][-1] for p in case.plan_versions()] == [
            "call my sister",
            "join a choir",
        ]


def test_agreeing_a_plan_is_audited(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        version = case.add_plan_version({"goals": []})
        case.agree_plan(version)
        assert case.plan_versions()[0]["agreed"] is True
        assert case.audit_events()[-1] | {"at": None} == {
            "at": None,
            "kind": "plan_agreed",
            "version": 1,
            "by": "both",
        }


def test_agreeing_a_missing_plan_version_is_refused(store: CaseStore, person: str) -> None:
    with store.open(person) as case, pytest.raises(RecordsError, match="no plan version 3"):
        case.agree_plan(3)


def test_ratings_history_keeps_every_set_in_order(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.add_ratings({"family": 2, "friends": 3}, session_id="s1")
        case.add_ratings({"family": 4}, session_id="s2")
        history = case.ratings_history("friends")
        assert [h["ratings"]["family"] for h in case.ratings_history()] == [2, 4]
    assert [h["session"] for h in history] == ["s1"]


def test_custom_audit_events_are_kept(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.audit("exported", format="pdf", destination="/tmp/plan.pdf")
    event = store.read(person).audit_events()[-1]
    assert (event["kind"], event["format"], event["destination"]) == (
        "exported",
        "pdf",
        "/tmp/plan.pdf",
    )


def test_changing_the_display_name_is_audited_and_listed(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.update_person(display_name="Sammy")
        event = case.audit_events()[-1]
    assert event["display_name"] == {"old": "Sam", "new": "Sammy"}
    assert [p.display_name for p in store.list_people()] == ["Sammy"]


def test_read_only_view_refuses_changes(store: CaseStore, person: str) -> None:
    case = store.read(person)
    with pytest.raises(RecordsError, match="read-only"):
        case.save_session("s1", engine_state(1))


def test_closed_case_refuses_changes(store: CaseStore, person: str) -> None:
    case = store.open(person)
    case.close()
    with pytest.raises(RecordsError, match="closed"):
        case.audit("note")


def test_audit_events_stay_in_order_across_many_saves_and_reopening(tmp_path) -> None:
    from assistant.records import open_store

    def entry(n: int) -> dict:
        return {
            "seq": n,
            "at": "2027-01-01T10:00:00",
            "by": "person",
            "action": "answered",
            "topic": "t",
            "node": "q",
            "path": f"a.q{n}",
            "value": n,
            "old": None,
        }

    store = open_store(tmp_path)
    person = store.create_person("Order Test")
    with store.open(person) as case:
        case.save_session("first", {"n": 1}, [entry(n) for n in range(1, 60)])
        case.save_session("second", {"n": 2}, [entry(n) for n in range(60, 140)])
    with open_store(tmp_path).open(person) as case:
        values = [e["value"] for e in case.audit_events() if "value" in e]
    assert values == list(range(1, 140))


def _files_text(store: CaseStore, person: str) -> str:
    path = store.case_path(person)
    return path.read_text(encoding="utf-8") + path.with_name(path.name + ".bak").read_text(
        encoding="utf-8"
    )


def test_erasing_a_session_removes_its_words_from_the_file_and_the_backup(
    store: CaseStore, person: str
) -> None:
    with store.open(person) as case:
        case.save_session("keep", engine_state(1), [log_entry(0)])
        case.save_session("today", {"data": {"secret": "my brother Dan"}}, [log_entry(7)])
        case.save_session("today", {"data": {"secret": "my brother Dan!"}})
        assert "my brother Dan" in _files_text(store, person)
        case.erase_session("today", reason="consent_withdrawn")
    assert "my brother Dan" not in _files_text(store, person)
    assert "answer 7" not in _files_text(store, person)
    reread = store.read(person)
    assert [s["session_id"] for s in reread.sessions()] == ["keep"]
    assert reread.load_session("keep") == engine_state(1)


def test_erasing_a_session_is_in_the_audit_trail_without_the_words(
    store: CaseStore, person: str
) -> None:
    with store.open(person) as case:
        case.save_session("today", engine_state(1), [log_entry(0)])
        case.add_ratings({"family": 3}, session_id="today")
        case.erase_session("today", reason="consent_withdrawn")
    events = store.read(person).audit_events()
    assert [e["kind"] for e in events] == ["record_created", "session_erased"]
    assert events[-1]["session"] == "today"
    assert events[-1]["reason"] == "consent_withdrawn"
    assert store.read(person).ratings_history() == []


def test_erasing_a_session_updates_the_meeting_count(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        case.save_session("today", engine_state(1))
        case.erase_session("today", reason="consent_withdrawn")
    assert [p.sessions for p in store.list_people()] == [0]


def test_a_new_name_keeps_no_terminal_control_or_bidi_characters(
    store: CaseStore, person: str
) -> None:
    with store.open(person) as case:
        case.update_person(display_name="Sa\x1b]52;c;eA==\x07m\u202e")
        assert case.person["display_name"] == "Sa]52;c;eA==m"


def test_a_new_name_of_control_characters_only_is_refused(store: CaseStore, person: str) -> None:
    with store.open(person) as case:
        with pytest.raises(RecordsError, match="display name"):
            case.update_person(display_name="\x1b\u202e")
        assert case.person["display_name"] == "Sam"
